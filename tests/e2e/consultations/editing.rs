//! Authors change or withdraw their own contributions while the
//! consultation is open: the earlier text is kept and shown, a withdrawn
//! proposal keeps its supports in the record and leaves the ranking, and
//! nothing answered, hidden or someone else's can be changed.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::consultations::{consultation_json, contribute, respond, setup, support_as};
use serde_json::json;

both!(authors_edit_and_withdraw_their_own, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let citizen = app.client_as(Role::Citizen).await;
    let id = |r: pspm_tests::TestResponse| r.json()["contribution"]["id"].as_i64().unwrap();
    let proposal = id(contribute(&member, s.consultation, json!({"kind": "proposal", "title": "Bike sharing", "body": "Testo", "node_id": s.objective})).await);
    let comment = id(contribute(
        &member,
        s.consultation,
        json!({"kind": "comment", "body": "Un commento"}),
    )
    .await);
    assert_eq!(
        support_as(&citizen, proposal).await.status,
        StatusCode::NO_CONTENT
    );
    let edits = app.audit_count("contribution.edit").await;

    // The author changes the proposal; the earlier text is kept.
    let r = member
        .patch_json(
            &format!("/api/v1/contributions/{proposal}"),
            &json!({"title": "Bike sharing regionale", "body": "Testo nuovo"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json()["contribution"].clone();
    assert_eq!(
        (v["title"].clone(), v["body"].clone()),
        (json!("Bike sharing regionale"), json!("Testo nuovo"))
    );
    assert!(v["edited_at"].is_string());
    assert_eq!(v["earlier"][0]["title"], "Bike sharing");
    assert_eq!(v["earlier"][0]["body"], "Testo");
    assert_eq!(app.audit_count("contribution.edit").await, edits + 1);
    // Nobody else may, and bad text changes nothing.
    let r = citizen
        .patch_json(
            &format!("/api/v1/contributions/{proposal}"),
            &json!({"title": "Altro", "body": "Altro"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = member
        .patch_json(
            &format!("/api/v1/contributions/{proposal}"),
            &json!({"title": "", "body": ""}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_fields(), ["body", "title"]);
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/contributions/{proposal}"))
            .await
            .json()["contribution"]["body"],
        "Testo nuovo"
    );

    // Withdrawn: it keeps its support, leaves the ranking, takes no more.
    let r = member
        .post_json(
            &format!("/api/v1/contributions/{proposal}/withdraw"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let v = app
        .client()
        .get(&format!("/api/v1/contributions/{proposal}"))
        .await
        .json()["contribution"]
        .clone();
    assert_eq!(
        (v["withdrawn"].clone(), v["supports"].clone()),
        (json!(true), json!(1))
    );
    assert_eq!(
        consultation_json(&app, s.consultation).await["proposals_ranked"],
        json!([])
    );
    let other = app.client_as(Role::Planner).await;
    assert_eq!(
        support_as(&other, proposal).await.error_code(),
        "not_supportable"
    );
    let r = member
        .patch_json(
            &format!("/api/v1/contributions/{proposal}"),
            &json!({"title": "Ancora", "body": "Ancora"}),
        )
        .await;
    assert_eq!(r.error_code(), "contribution_withdrawn");
    let queue = planner.get("/api/v1/me/response-queue").await.json();
    assert!(
        !queue["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == proposal),
        "a withdrawn proposal awaits no answer"
    );

    // Once answered, a contribution stays as it was answered.
    let r = respond(
        &planner,
        comment,
        json!({"status": "already_planned", "body": "Già previsto."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = member
        .patch_json(
            &format!("/api/v1/contributions/{comment}"),
            &json!({"body": "Cambiato"}),
        )
        .await;
    assert_eq!(r.error_code(), "contribution_answered");
    let r = member
        .post_json(
            &format!("/api/v1/contributions/{comment}/withdraw"),
            &json!({}),
        )
        .await;
    assert_eq!(r.error_code(), "contribution_answered");
});

both!(
    the_page_offers_the_author_their_own_controls,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let member = app.client_as(Role::Member).await;
        let mine = contribute(
            &member,
            s.consultation,
            json!({"kind": "comment", "body": "Il mio commento"}),
        )
        .await
        .json()["contribution"]["id"]
            .as_i64()
            .unwrap();
        let theirs = contribute(
            &planner,
            s.consultation,
            json!({"kind": "comment", "body": "Il commento altrui"}),
        )
        .await
        .json()["contribution"]["id"]
            .as_i64()
            .unwrap();
        let page = member
            .get(&format!("/consultations/{}", s.consultation))
            .await
            .text();
        assert!(page.contains(&format!("action=\"/contributions/{mine}/edit")));
        assert!(page.contains(&format!("action=\"/contributions/{mine}/withdraw")));
        assert!(!page.contains(&format!("action=\"/contributions/{theirs}/edit")));
        // An empty change comes back in its box, open, with the reason.
        let r = member
            .post_form(&format!("/contributions/{mine}/edit"), &[("body", "  ")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text();
        assert!(
            page.contains(&format!("id=\"edit-box-{mine}\" open")),
            "{page}"
        );
        assert!(page.contains("Enter your comment."), "{page}");
        let r = member
            .post_form(
                &format!("/contributions/{mine}/edit"),
                &[("body", "Il mio commento, corretto")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert!(r.location().ends_with(&format!("#contribution-{mine}")));
        let page = app
            .client()
            .get(&format!("/consultations/{}", s.consultation))
            .await
            .text();
        assert!(page.contains("Il mio commento, corretto"));
        assert!(page.contains("Changed by its author on"), "{page}");
        assert!(
            page.contains("<p>Il mio commento</p>"),
            "the earlier text: {page}"
        );
    }
);
