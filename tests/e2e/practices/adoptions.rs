//! Adoptions of a practice count only once the owner organisation confirms them.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::practices::{catalogue, import_catalogue};
use pspm_tests::{TestClient, TestResponse, both};
use serde_json::json;

both!(
    adoptions_count_only_once_the_owner_confirms,
    |app| async move {
        let Some(dir) = catalogue("INTERLINK import test") else {
            return;
        };
        import_catalogue(&app, dir, false).await;
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let canvas = member
            .get("/api/v1/practices?q=business%20model%20canvas")
            .await
            .json()["practices"][0]["id"]
            .as_i64()
            .unwrap();
        let body = json!({"adopted_on": "2026-03-01", "context": "Laboratorio con i comuni", "outcome": "Tre servizi riprogettati"});
        // Bad input first: nothing stored.
        let bad = member
            .post_json(
                &format!("/api/v1/practices/{canvas}/adoptions"),
                &json!({"adopted_on": "2999-01-01", "context": "", "outcome": "x"}),
            )
            .await;
        assert_eq!(bad.error_fields(), ["adopted_on", "context"]);
        let r = member
            .post_json(&format!("/api/v1/practices/{canvas}/adoptions"), &body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let adoption = r.json()["adoption_id"].as_i64().unwrap();
        assert_eq!(
            member
                .post_json(&format!("/api/v1/practices/{canvas}/adoptions"), &body)
                .await
                .error_code(),
            "already_declared"
        );
        // Pending: not counted, not listed.
        assert_eq!(
            member
                .get(&format!("/api/v1/practices/{canvas}"))
                .await
                .json()["practice"]["adoptions"]
                .as_array()
                .unwrap()
                .len(),
            0
        );
        // Only the owner organisation (nobody here) or an administrator decides.
        assert_eq!(
            decide(&member, adoption, "confirm").await.status,
            StatusCode::FORBIDDEN
        );
        assert!(
            admin
                .get("/adoptions")
                .await
                .text()
                .contains("Laboratorio con i comuni")
        );
        assert_eq!(
            decide(&admin, adoption, "maybe").await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            decide(&admin, adoption, "confirm").await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            decide(&admin, adoption, "reject").await.error_code(),
            "already_decided"
        );
        let detail = member
            .get(&format!("/api/v1/practices/{canvas}"))
            .await
            .json();
        assert_eq!(
            detail["practice"]["adoptions"][0]["organisation"],
            "Ministero di Prova"
        );
        let top = member
            .get("/api/v1/practices?sort=most_adopted")
            .await
            .json();
        assert_eq!(top["practices"][0]["id"], canvas);
        assert_eq!(top["practices"][0]["adoptions"], 1);
        assert!(
            member
                .get(&format!("/practices/{canvas}"))
                .await
                .text()
                .contains("Confirmed adoptions (1)")
        );
        // Through the page: errors re-shown, then declared and rejected.
        let other = member.get("/api/v1/practices?sort=title").await.json()["practices"][1]["id"]
            .as_i64()
            .unwrap();
        let r = member
            .post_form(
                &format!("/practices/{other}/adoptions"),
                &[("adopted_on", "domani"), ("context", "x"), ("outcome", "y")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Enter Adopted on as a date"));
        let r = member
            .post_form(
                &format!("/practices/{other}/adoptions"),
                &[
                    ("adopted_on", "01/02/2026"),
                    ("context", "Prova"),
                    ("outcome", "Buono"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let pending = admin
            .get("/api/v1/practices?sort=most_adopted")
            .await
            .json();
        assert_eq!(
            pending["practices"][1]["adoptions"], 0,
            "pending adoptions do not count"
        );
        let list = admin.get("/adoptions").await.text();
        assert!(list.contains("Prova"));
        let id = app
            .db
            .run(|c| {
                use diesel::prelude::*;
                use pspm_backend::db::schema::practice_adoptions as a;
                Ok(a::table
                    .filter(a::status.eq("pending"))
                    .select(a::id)
                    .first::<i32>(c)?)
            })
            .await
            .unwrap();
        assert_eq!(
            admin
                .post_form(
                    &format!("/adoptions/{id}/decision"),
                    &[("decision", "reject")]
                )
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            member
                .post_form(
                    &format!("/practices/{other}/adoptions"),
                    &[
                        ("adopted_on", "2026-02-01"),
                        ("context", "Di nuovo"),
                        ("outcome", "Meglio")
                    ]
                )
                .await
                .status,
            StatusCode::SEE_OTHER,
            "after a rejection the claim can be made again"
        );
        assert_eq!(app.audit_count("adoption.decide").await, 2);
    }
);

/// Decides on `adoption` as the owner organisation would (`confirm` or `reject`).
async fn decide(c: &TestClient, adoption: i64, d: &str) -> TestResponse {
    c.post_json(
        &format!("/api/v1/adoptions/{adoption}/decision"),
        &json!({"decision": d}),
    )
    .await
}
