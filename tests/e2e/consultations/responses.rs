//! Official responses: the queue, accepting a proposal as a new action,
//! the author's contributions and notifications.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::consultations::{contribute, respond, setup};
use serde_json::json;

use super::outsider;

both!(
    responses_create_actions_and_reach_the_author,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let (citizen_org_member, _) = outsider(&app, "cittadina@test.example", "citizen").await;
        let proposal = contribute(&citizen_org_member, s.consultation, json!({"kind": "proposal", "title": "Sportello unico digitale", "body": "Un solo punto di accesso", "node_id": s.objective}))
        .await
        .json()["contribution"]["id"]
        .as_i64()
        .unwrap();
        let comment = contribute(
            &citizen_org_member,
            s.consultation,
            json!({"kind": "comment", "body": "Serve più chiarezza", "node_id": s.actions[0]}),
        )
        .await
        .json()["contribution"]["id"]
            .as_i64()
            .unwrap();
        // The queue: oldest first.
        let queue = planner.get("/api/v1/me/response-queue").await.json();
        let ids: Vec<_> = queue["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [proposal, comment]);
        assert_eq!(
            app.client_as(Role::Member)
                .await
                .get("/api/v1/me/response-queue")
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // Accept and create the action in one step.
        let r = respond(
            &planner,
            comment,
            json!({"status": "rejected", "body": "x", "create_action_code": "AZ9"}),
        )
        .await;
        assert_eq!(
            r.error_codes(),
            ["not_a_proposal", "create_needs_acceptance"]
        );
        assert_eq!(
            respond(
                &app.client_as(Role::Member).await,
                proposal,
                json!({"status": "accepted", "body": "ok"})
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        let r = respond(&planner, proposal, json!({"status": "accepted", "body": "La proposta diventa l'azione AZ3.", "create_action_code": "AZ3"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let node = r.json()["contribution"]["response_node_id"]
            .as_i64()
            .unwrap();
        let n = planner.get(&format!("/api/v1/nodes/{node}")).await.json()["node"].clone();
        assert_eq!(
            (
                n["code"].clone(),
                n["title"].clone(),
                n["kind"].clone(),
                n["parent_id"].clone()
            ),
            (
                json!("AZ3"),
                json!("Sportello unico digitale"),
                json!("action"),
                json!(s.objective)
            )
        );
        assert_eq!(n["origin_contribution_id"], proposal);
        let r = respond(&planner, comment, json!({"status": "already_planned", "body": "È già previsto nell'azione AZ1.", "node_id": s.actions[0]})).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            respond(&planner, comment, json!({"status": "maybe", "body": "x"}))
                .await
                .error_code(),
            "invalid_choice"
        );
        // My contributions: statuses, texts, links.
        let mine = citizen_org_member
            .get("/api/v1/me/contributions")
            .await
            .json()["contributions"]
            .clone();
        let by_id = |id: i64| {
            mine.as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == id)
                .unwrap()
                .clone()
        };
        assert_eq!(by_id(proposal)["response_status"], "accepted");
        assert_eq!(by_id(proposal)["response_node_id"], node);
        assert_eq!(
            by_id(comment)["response"],
            "È già previsto nell'azione AZ1."
        );
        // Notifications: one per response, then read.
        let n = citizen_org_member
            .get("/api/v1/me/notifications")
            .await
            .json();
        assert_eq!(n["unread"], 2);
        assert!(
            n["notifications"]
                .as_array()
                .unwrap()
                .iter()
                .all(|x| x["kind"] == "response")
        );
        assert_eq!(
            citizen_org_member
                .post_json("/api/v1/me/notifications/read", &json!({}))
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            citizen_org_member
                .get("/api/v1/me/notifications")
                .await
                .json()["unread"],
            0
        );
        assert!(
            planner.get("/api/v1/me/response-queue").await.json()["contributions"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert_eq!(app.audit_count("response.upsert").await, 2);
    }
);
