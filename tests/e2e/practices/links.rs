//! Planners link practices to the plan actions they inform.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::practices::{create, practice, publish};
use serde_json::json;

both!(
    planners_link_practices_to_the_actions_they_inform,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let planner = app.client_as(Role::Planner).await;
        let id = create(
            &member,
            &practice(
                "Pratica collegata",
                "Sintesi",
                "national",
                "digital",
                &[],
                &[],
            ),
        )
        .await;
        publish(&member, &admin, id).await;
        let plan = planner
            .post_json("/api/v1/plans", &json!({"title": "Piano di prova", "summary": "Piano", "period_start": "2026-01-01", "period_end": "2028-12-31"}))
            .await;
        assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.text());
        let plan_id = plan.json()["plan"]["id"].as_i64().unwrap();
        let mut parent: Option<i64> = None;
        let mut node_ids = Vec::new();
        for (kind, code) in [
            ("area", "A1"),
            ("strategic_objective", "A1.1"),
            ("operational_objective", "A1.1.1"),
            ("action", "A1.1.1.1"),
        ] {
            let r = planner
                .post_json(&format!("/api/v1/plans/{plan_id}/nodes"), &json!({"kind": kind, "code": code, "title": format!("Nodo {code}"), "parent_id": parent}))
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
            let nid = r.json()["node"]["id"].as_i64().unwrap();
            node_ids.push(nid);
            parent = Some(nid);
        }
        let action = node_ids[3];
        let links = format!("/api/v1/practices/{id}/links");
        assert_eq!(
            member
                .post_json(&links, &json!({"node_id": action}))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            planner
                .post_json(&links, &json!({"node_id": node_ids[0]}))
                .await
                .json()["errors"][0]["field"],
            "node_id"
        );
        assert_eq!(
            planner
                .post_json(&links, &json!({"node_id": 999999}))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            planner
                .post_json(&links, &json!({"node_id": action}))
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            planner
                .post_json(&links, &json!({"node_id": action}))
                .await
                .error_code(),
            "already_linked"
        );
        // A draft plan's nodes stay private.
        assert_eq!(app.client().get(&links).await.json()["informs"], json!([]));
        let r = planner
            .post_json(
                &format!("/api/v1/plans/{plan_id}/transition"),
                &json!({"status": "consultation"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let informs = app.client().get(&links).await.json();
        assert_eq!(informs["informs"][0]["code"], "A1.1.1.1");
        assert_eq!(informs["informs"][0]["plan_id"], plan_id);
        let html = planner.get(&format!("/practices/{id}")).await.text();
        assert!(html.contains("Nodo A1.1.1.1") && html.contains("Remove link"));
        let r = planner
            .post_form(&format!("/practices/{id}/links/{action}/delete"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(app.client().get(&links).await.json()["informs"], json!([]));
        assert_eq!(
            (
                app.audit_count("practice.link").await,
                app.audit_count("practice.unlink").await
            ),
            (1, 1)
        );
    }
);
