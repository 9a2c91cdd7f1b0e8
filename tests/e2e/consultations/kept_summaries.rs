//! Consultation summaries kept per revision follow every change that
//! concerns them, and no other.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::TestApp;
use pspm_tests::both;
use pspm_tests::consultations::{
    consultation_json, contribute, priorities, respond, setup, support_as,
};
use serde_json::{Value, json};

use super::outsider;

/// The consultations of a plan as the plan's list gives them (summaries kept
/// per consultation revision), each checked against the consultation read
/// alone (computed afresh): the two must be equal after every write.
async fn summaries_checked(app: &TestApp, plan: i64) -> Vec<Value> {
    // Twice: the first may compute and keep, the second reads what was kept.
    let mut list = Vec::new();
    for _ in 0..2 {
        let r = app
            .client()
            .get(&format!("/api/v1/plans/{plan}/consultations"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        list = r.json()["consultations"].as_array().unwrap().clone();
        for kept in &list {
            let fresh = consultation_json(app, kept["id"].as_i64().unwrap()).await;
            assert_eq!(kept, &fresh, "kept summary differs from a fresh one");
        }
    }
    list
}

/// The revision of `consultation`, which every write to it raises.
async fn revision(app: &TestApp, consultation: i64) -> i64 {
    app.count(format!(
        "SELECT CAST(revision AS BIGINT) AS n FROM consultations WHERE id = {consultation}"
    ))
    .await
}

both!(
    kept_consultation_summaries_follow_every_change,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let k = s.consultation;
        // A second consultation of the same plan, which the writes below leave alone.
        let r = planner
            .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "Seconda consultazione", "description": "Altro", "opens_at": "2025-01-01T00:00", "closes_at": "2099-12-31T23:59", "audience": "public"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let other_k = r.json()["consultation"]["id"].as_i64().unwrap();
        let member = app.client_as(Role::Member).await;
        let (supporter, supporter_org) = outsider(&app, "sostegno@test.example", "member").await;
        let admin = app.client_as(Role::Admin).await;
        assert_eq!(summaries_checked(&app, s.plan).await.len(), 2);
        let other_revision = revision(&app, other_k).await;
        let mine = |list: &[Value]| list.iter().find(|c| c["id"] == k).unwrap().clone();

        // Each write raises the revision of its consultation, and the kept
        // summary shows it at once.
        let mut last = revision(&app, k).await;
        let mut raised = |now: i64, what: &str| {
            assert!(now > last, "{what} left the revision at {last}");
            last = now;
        };
        let r = contribute(&member, k, json!({"kind": "proposal", "title": "Più treni", "body": "Ogni ora", "node_id": s.objective})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let proposal = r.json()["contribution"]["id"].as_i64().unwrap();
        raised(revision(&app, k).await, "a proposal");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["proposals_ranked"], json!([proposal]));
        assert_eq!(v["contribution_count"], 1);

        assert_eq!(
            support_as(&supporter, proposal).await.status,
            StatusCode::NO_CONTENT
        );
        raised(revision(&app, k).await, "a support");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["contributions"][0]["supports"], 1);
        assert_eq!(
            v["contributions"][0]["supports_by_kind"],
            json!({"municipality": null})
        );

        let r = supporter
            .delete(&format!("/api/v1/contributions/{proposal}/supports"))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        raised(revision(&app, k).await, "a withdrawn support");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["contributions"][0]["supports"], 0);

        let r = priorities(
            &supporter,
            k,
            json!({"points": [{"node_id": s.actions[1], "points": 40}]}),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        raised(revision(&app, k).await, "priority points");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["actions_ranked"][0]["points"], 40);

        let r = respond(
            &planner,
            proposal,
            json!({"status": "partially_accepted", "body": "In parte"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        raised(revision(&app, k).await, "a response");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(
            v["contributions"][0]["response_status"],
            "partially_accepted"
        );

        // Names the summaries show come from the organisation (plans'
        // version) and the author's account (read for every reader).
        let r = supporter
            .post_json(
                &format!("/api/v1/contributions/{proposal}/supports"),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        raised(revision(&app, k).await, "a support");
        let r = admin
            .patch_json(
                &format!("/api/v1/organisations/{supporter_org}"),
                &json!({"name": "Comune rinominato", "kind": "region", "level": "regional"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(
            v["contributions"][0]["supports_by_kind"],
            json!({"region": null})
        );
        let before = v["contributions"][0]["author"].clone();
        assert_ne!(before, "");
        let r = member
            .post_form(
                "/account/delete",
                &[
                    ("confirm", "yes"),
                    ("current_password", pspm_tests::PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["contributions"][0]["author"], "", "a former participant");

        let r = planner
            .post_json(
                &format!("/api/v1/contributions/{proposal}/hide"),
                &json!({"reason": "Fuori tema"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        raised(revision(&app, k).await, "hiding");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["proposals_ranked"], json!([]));

        assert_eq!(
            revision(&app, other_k).await,
            other_revision,
            "the other consultation was not written to"
        );
        // The signed-in plan page shows the same kept summaries.
        let page = planner.get(&format!("/plans/{}", s.plan)).await.text();
        assert!(page.contains("All contributions (1)"), "{page}");
        assert!(!page.contains("Più treni"), "hidden: {page}");
    }
);
