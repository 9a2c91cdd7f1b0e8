//! Replies, reports and hiding by moderators, and bad contributions that
//! store nothing.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::consultations::{contribute, respond, setup};
use pspm_tests::{TestClient, both};
use serde_json::json;

use super::outsider;

both!(replies_moderation_and_bad_input, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let (other, _) = outsider(&app, "altro@test.example", "member").await;
    let first = contribute(
        &member,
        s.consultation,
        json!({"kind": "comment", "body": "Primo commento"}),
    )
    .await
    .json()["contribution"]["id"]
        .as_i64()
        .unwrap();
    let reply = contribute(&other, s.consultation, json!({"kind": "comment", "body": "<script>alert(1)</script> Risposta", "parent_id": first})).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let reply = reply.json()["contribution"]["id"].as_i64().unwrap();
    let n = member.get("/api/v1/me/notifications").await.json();
    assert!(
        n["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "reply" && x["payload"]["contribution_id"] == reply)
    );
    // Bad input: nothing stored.
    for (body, code) in [
        (json!({"kind": "comment", "body": "   "}), "required"),
        (
            json!({"kind": "comment", "body": "x".repeat(5001)}),
            "too_long",
        ),
        (
            json!({"kind": "comment", "body": "x", "parent_id": 999999}),
            "contribution_not_found",
        ),
        (json!({"kind": "chat", "body": "x"}), "invalid_choice"),
    ] {
        let r = contribute(&member, s.consultation, body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["errors"][0]["code"], code);
    }
    assert_eq!(
        app.client()
            .get(&format!(
                "/api/v1/consultations/{}/contributions",
                s.consultation
            ))
            .await
            .json()["contributions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Report and hide: the row stays, the text does not show.
    assert_eq!(
        member
            .post_json(
                &format!("/api/v1/contributions/{reply}/reports"),
                &json!({"reason": "Contenuto inappropriato"})
            )
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(hide(&member, reply, "no").await, StatusCode::FORBIDDEN);
    assert_eq!(
        hide(&planner, reply, "").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        hide(&planner, reply, "Linguaggio offensivo").await,
        StatusCode::NO_CONTENT
    );
    let c = app
        .client()
        .get(&format!("/api/v1/contributions/{reply}"))
        .await
        .json()["contribution"]
        .clone();
    assert_eq!(
        (c["body"].clone(), c["hidden_reason"].clone()),
        (json!(null), json!("Linguaggio offensivo"))
    );
    let stored: String = app
        .db
        .run(move |conn| {
            Ok(pspm_backend::db::contribution::Contribution::find(conn, reply as i32)?.body)
        })
        .await
        .unwrap();
    assert!(stored.contains("Risposta"), "nothing is deleted");
    let r = respond(&planner, reply, json!({"status": "rejected", "body": "x"})).await;
    assert_eq!(r.error_code(), "contribution_hidden");
    assert_eq!(app.audit_count("contribution.hide").await, 1);
});

/// Asks to hide contribution `id` for `reason`; the answer's status.
async fn hide(client: &TestClient, id: i64, reason: &str) -> StatusCode {
    client
        .post_json(
            &format!("/api/v1/contributions/{id}/hide"),
            &json!({"reason": reason}),
        )
        .await
        .status
}
