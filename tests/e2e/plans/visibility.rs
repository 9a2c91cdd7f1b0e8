//! Who reads and who edits a plan: drafts stay within their organisation,
//! only the owner's planners and administrators edit.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::{node, publish, regional_planner, sample};
use serde_json::json;

both!(
    drafts_are_private_and_only_owner_planners_edit,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, ids) = sample(&planner).await;
        // Another organisation's planner.
        let admin = app.client_as(Role::Admin).await;
        let other = regional_planner(&app, &admin).await;
        // Drafts: owner organisation (any role) and admins read; others get 404.
        assert_eq!(
            app.client()
                .get(&format!("/api/v1/plans/{plan}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            other.get(&format!("/api/v1/plans/{plan}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.client_as(Role::Member)
                .await
                .get(&format!("/api/v1/plans/{plan}"))
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            admin.get(&format!("/api/v1/plans/{plan}")).await.status,
            StatusCode::OK
        );
        assert!(
            !app.client()
                .get("/api/v1/plans")
                .await
                .text()
                .contains("Piano di prova")
        );
        publish(&planner, plan).await;
        assert_eq!(
            app.client()
                .get(&format!("/api/v1/plans/{plan}"))
                .await
                .status,
            StatusCode::OK
        );
        // Editing: only the owner's planners and admins.
        let area = ids[0];
        for role in [Role::Member, Role::Evaluator, Role::Citizen] {
            let c = app.client_as(role).await;
            assert_eq!(
                c.post_json(
                    &format!("/api/v1/plans/{plan}/nodes"),
                    &node("area", "A9", None)
                )
                .await
                .status,
                StatusCode::FORBIDDEN,
                "{role}"
            );
            assert_eq!(
                c.post_json(
                    &format!("/api/v1/plans/{plan}/transition"),
                    &json!({"status": "adopted"})
                )
                .await
                .status,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                c.post_json(
                    "/api/v1/plans",
                    &json!({"title": "X", "period_start": "2025-01-01", "period_end": "2025-12-31"})
                )
                .await
                .status,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                c.get(&format!("/nodes/{area}/edit")).await.status,
                StatusCode::FORBIDDEN
            );
        }
        assert_eq!(
            other
                .post_json(
                    &format!("/api/v1/plans/{plan}/nodes"),
                    &node("area", "A9", None)
                )
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.client()
                .post_json(
                    &format!("/api/v1/plans/{plan}/nodes"),
                    &node("area", "A9", None)
                )
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            admin
                .post_json(
                    &format!("/api/v1/plans/{plan}/nodes"),
                    &node("area", "A9", None)
                )
                .await
                .status,
            StatusCode::CREATED
        );
        let page = app
            .client_as(Role::Member)
            .await
            .get(&format!("/plans/{plan}"))
            .await
            .text();
        assert!(!page.contains("Plan editor"), "no editor for members");
        assert!(
            planner
                .get(&format!("/plans/{plan}"))
                .await
                .text()
                .contains("Plan editor")
        );
    }
);
