//! Ratings: one per person, checked, shown on the practice's page.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::practices::{create, practice, publish, region_member};
use serde_json::json;

both!(ratings_are_one_per_person_and_checked, |app| async move {
    let member = app.client_as(Role::Member).await;
    let admin = app.client_as(Role::Admin).await;
    let region = region_member(&app).await;
    let id = create(
        &member,
        &practice(
            "Pratica da valutare",
            "Sintesi",
            "national",
            "digital",
            &[],
            &[],
        ),
    )
    .await;
    let path = format!("/api/v1/practices/{id}/ratings");
    // Not yet published: cannot be rated (and others cannot see it).
    assert_eq!(
        region.post_json(&path, &json!({"stars": 4})).await.status,
        StatusCode::NOT_FOUND
    );
    publish(&member, &admin, id).await;
    for stars in [0, 6, -1] {
        let r = region.post_json(&path, &json!({"stars": stars})).await;
        assert_eq!(r.json()["errors"][0]["field"], "stars", "{stars}");
    }
    assert_eq!(
        member
            .post_json(&path, &json!({"stars": 5}))
            .await
            .error_code(),
        "own_practice"
    );
    assert_eq!(
        app.client()
            .post_json(&path, &json!({"stars": 5}))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.client().get(&path).await.json()["meta"]["total"], 0);
    let first = region
        .post_json(&path, &json!({"stars": 2, "review": "Poco chiara."}))
        .await
        .json()["rating_id"]
        .clone();
    let second = region
        .post_json(&path, &json!({"stars": 4, "review": "Chiarita, grazie."}))
        .await
        .json()["rating_id"]
        .clone();
    assert_eq!(first, second, "the same rating, changed");
    let list = app.client().get(&path).await.json();
    assert_eq!(
        (list["meta"]["total"].as_i64(), list["mean"].as_f64()),
        (Some(1), Some(4.0))
    );
    assert_eq!(list["ratings"][0]["review"], "Chiarita, grazie.");
    assert_eq!(list["ratings"][0]["author"], "Region Member");
    assert_eq!(
        (
            app.audit_count("rating.create").await,
            app.audit_count("rating.update").await
        ),
        (1, 1)
    );
    // The page: a form re-shown with the field's message, then the saved rating.
    let page = region
        .post_form(
            &format!("/practices/{id}/ratings"),
            &[("review", "Senza stelle")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text().contains("field-stars-error") && page.text().contains("Senza stelle"));
    let page = region
        .post_form(
            &format!("/practices/{id}/ratings"),
            &[("stars", "5"), ("review", "Ottima")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let html = app.client().get(&format!("/practices/{id}")).await.text();
    assert!(
        html.contains("5.0 out of 5 (one rating)") && html.contains("Ottima"),
        "{html}"
    );
});
