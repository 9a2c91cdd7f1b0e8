//! Who may take part and when: plans in consultation only, the invited
//! organisations, the opening and closing times, and the invitations sent.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::consultations::{contribute, setup};
use serde_json::json;

use super::outsider;

both!(window_and_audience_rules, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    // Only plans in consultation can be consulted on.
    let draft = planner
        .post_json(
            "/api/v1/plans",
            &json!({"title": "Bozza", "period_start": "2025-01-01", "period_end": "2025-12-31"}),
        )
        .await
        .json()["plan"]["id"]
        .clone();
    let r = planner
        .post_json(&format!("/api/v1/plans/{draft}/consultations"), &json!({"title": "x", "opens_at": "2025-01-01", "closes_at": "2099-01-01", "audience": "public"}))
        .await;
    assert_eq!(r.error_code(), "plan_not_in_consultation");
    let (other, other_org) = outsider(&app, "fuori@test.example", "member").await;
    let s = setup(
        &planner,
        json!({"audience": "invited", "invited": [app.org_id]}),
    )
    .await;
    let member = app.client_as(Role::Member).await;
    let comment = json!({"kind": "comment", "body": "Osservazione sul piano"});
    assert_eq!(
        contribute(&member, s.consultation, comment.clone())
            .await
            .status,
        StatusCode::CREATED
    );
    let r = contribute(&other, s.consultation, comment.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.error_code(), "not_invited");
    assert_eq!(
        contribute(&app.client(), s.consultation, comment.clone())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Before opening and after closing: refused with the reason.
    let future = planner
        .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "Futura", "opens_at": "2099-01-01T00:00", "closes_at": "2099-02-01T00:00", "audience": "public"}))
        .await
        .json()["consultation"]["id"]
        .clone();
    assert_eq!(
        contribute(&member, future.as_i64().unwrap(), comment.clone())
            .await
            .error_code(),
        "consultation_not_open"
    );
    let past = planner
        .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "Chiusa", "opens_at": "2020-01-01T00:00", "closes_at": "2020-02-01T00:00", "audience": "public"}))
        .await
        .json()["consultation"]["id"]
        .clone();
    assert_eq!(
        contribute(&other, past.as_i64().unwrap(), comment.clone())
            .await
            .error_code(),
        "consultation_closed"
    );
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/consultations/{future}"))
            .await
            .json()["consultation"]["state"],
        "upcoming"
    );
    // Invitations notify the members of invited organisations, not others.
    let n = member.get("/api/v1/me/notifications").await.json();
    assert!(
        n["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "consultation_opened")
    );
    assert_eq!(
        other.get("/api/v1/me/notifications").await.json()["unread"],
        0
    );
    let _ = other_org;
    // Bad consultation input.
    let r = planner
        .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "", "opens_at": "ieri", "closes_at": "2020-01-01", "audience": "invited"}))
        .await;
    assert_eq!(r.error_fields(), ["title", "opens_at", "invited"]);
    assert_eq!(member.post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "x", "opens_at": "2025-01-01", "closes_at": "2099-01-01", "audience": "public"})).await.status, StatusCode::FORBIDDEN);
});
