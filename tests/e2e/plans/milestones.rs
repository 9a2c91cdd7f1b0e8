//! Milestones of actions, added and marked through the forms and the API.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::{by_code, nodes, sample};
use serde_json::json;

both!(
    milestones_are_added_and_marked_through_forms_and_api,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, ids) = sample(&planner).await;
        let action = ids[4];
        let r = planner
            .post_form(
                &format!("/nodes/{action}/milestones"),
                &[("title", ""), ("due_date", "domani")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(
            html.contains("Enter Milestone.") && html.contains("Enter Due date as a date"),
            "{html}"
        );
        assert!(
            html.contains("value=\"AZ1 title\""),
            "the node's own form keeps its stored values"
        );
        let r = planner
            .post_form(
                &format!("/nodes/{action}/milestones"),
                &[("title", "Gara aggiudicata"), ("due_date", "30/06/2026")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (ns, _) = nodes(&planner, plan).await;
        let m = by_code(&ns, "AZ1")["milestones"][0].clone();
        assert_eq!(
            (m["title"].clone(), m["due_date"].clone(), m["done"].clone()),
            (json!("Gara aggiudicata"), json!("2026-06-30"), json!(false))
        );
        let r = planner
            .post_form(
                &format!("/milestones/{}/toggle", m["id"]),
                &[("done", "true")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            by_code(&nodes(&planner, plan).await.0, "AZ1")["milestones"][0]["done"],
            true
        );
        let r = planner
            .post_json(
                &format!("/api/v1/nodes/{action}/milestones"),
                &json!({"title": "Collaudo", "due_date": "2026-12-31"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
        let id = r.json()["milestone"]["id"].clone();
        assert_eq!(
            planner
                .patch_json(&format!("/api/v1/milestones/{id}"), &json!({"done": true}))
                .await
                .json()["milestone"]["done"],
            true
        );
        let member = app.client_as(Role::Member).await;
        assert_eq!(
            member
                .patch_json(&format!("/api/v1/milestones/{id}"), &json!({"done": false}))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            planner
                .patch_json("/api/v1/milestones/999999", &json!({"done": true}))
                .await
                .error_code(),
            "milestone_not_found"
        );
        assert_eq!(app.audit_count("milestone.create").await, 2);
        assert_eq!(app.audit_count("milestone.update").await, 2);
    }
);
