//! Every administration route, page and API, refuses every role but the
//! administrator, and anonymous readers are sent to sign in.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::{TestClient, both};
use serde_json::json;

/// Every administration route, page and API, with a valid body where one is needed.
async fn try_every_admin_route(
    client: &TestClient,
    org: i32,
    user: i32,
) -> Vec<(String, StatusCode)> {
    let mut out = Vec::new();
    for path in [
        "/admin/organisations".to_string(),
        "/admin/organisations/new".into(),
        format!("/admin/organisations/{org}/edit"),
        "/admin/users".into(),
        "/admin/users/new".into(),
        format!("/admin/users/{user}/edit"),
        "/api/v1/users".into(),
        format!("/api/v1/users/{}", user),
        "/api/v1/audit".into(),
    ] {
        out.push((format!("GET {path}"), client.get(&path).await.status));
    }
    let org_fields = [
        ("name", "Provincia di Prova"),
        ("kind", "province"),
        ("level", "local"),
    ];
    out.push((
        "POST /admin/organisations".into(),
        client
            .post_form("/admin/organisations", &org_fields)
            .await
            .status,
    ));
    let edit = [
        ("name", "Ministero di Prova"),
        ("kind", "ministry"),
        ("level", "national"),
    ];
    out.push((
        format!("POST /admin/organisations/{org}"),
        client
            .post_form(&format!("/admin/organisations/{org}"), &edit)
            .await
            .status,
    ));
    let user_fields = [
        ("display_name", "Nuova Persona"),
        ("email", "nuova@test.example"),
        ("role", "member"),
        ("password", "a-long-password"),
    ];
    out.push((
        "POST /admin/users".into(),
        client.post_form("/admin/users", &user_fields).await.status,
    ));
    let user_edit = [
        ("display_name", "Target"),
        ("email", "target@test.example"),
        ("role", "citizen"),
    ];
    out.push((
        format!("POST /admin/users/{user}"),
        client
            .post_form(&format!("/admin/users/{user}"), &user_edit)
            .await
            .status,
    ));
    let body = json!({"name": "Agenzia di Prova", "kind": "agency", "level": "national"});
    out.push((
        "POST /api/v1/organisations".into(),
        client
            .post_json("/api/v1/organisations", &body)
            .await
            .status,
    ));
    let patch = json!({"name": "Ministero di Prova", "kind": "ministry", "level": "national"});
    out.push((
        format!("PATCH /api/v1/organisations/{org}"),
        client
            .patch_json(&format!("/api/v1/organisations/{org}"), &patch)
            .await
            .status,
    ));
    let new_user = json!({"email": "api.user@test.example", "display_name": "API User", "role": "citizen", "password": "another-long-pw"});
    out.push((
        "POST /api/v1/users".into(),
        client.post_json("/api/v1/users", &new_user).await.status,
    ));
    let user_patch =
        json!({"email": "target@test.example", "display_name": "Target", "role": "citizen"});
    out.push((
        format!("PATCH /api/v1/users/{user}"),
        client
            .patch_json(&format!("/api/v1/users/{user}"), &user_patch)
            .await
            .status,
    ));
    out
}

both!(
    every_admin_route_refuses_every_other_role,
    |app| async move {
        let org = app.org_id;
        let admin = app.client_as(Role::Admin).await;
        let user = admin
            .create("/api/v1/users", &json!({"email": "target@test.example", "display_name": "Target", "role": "citizen", "password": "target-password"}))
            .await["user"]["id"]
            .as_i64()
            .unwrap() as i32;
        for role in [Role::Planner, Role::Member, Role::Evaluator, Role::Citizen] {
            let client = app.client_as(role).await;
            let self_id = app.users[role.as_str()].0;
            for (route, status) in try_every_admin_route(&client, org, user).await {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role} on {route}");
            }
            // A user may read themself, and nobody else.
            assert_eq!(
                client.get(&format!("/api/v1/users/{self_id}")).await.status,
                StatusCode::OK
            );
        }
        let anon = app.client();
        for (route, status) in try_every_admin_route(&anon, org, user).await {
            if route.contains("/api/") {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous on {route}");
            } else {
                assert!(
                    status == StatusCode::SEE_OTHER,
                    "anonymous on {route}: {status}"
                );
            }
        }
        // Nothing was created by any of them.
        assert_eq!(
            admin.get("/api/v1/organisations").await.json()["meta"]["total"],
            1
        );
        assert_eq!(admin.get("/api/v1/users").await.json()["meta"]["total"], 6);
        assert_eq!(app.audit_count("user.update").await, 0);
        assert_eq!(
            app.audit_count("organisation.create").await,
            1,
            "only the seed"
        );
        // The administrator may do all of it.
        for (route, status) in try_every_admin_route(&admin, org, user).await {
            assert!(
                matches!(
                    status,
                    StatusCode::OK | StatusCode::CREATED | StatusCode::SEE_OTHER
                ),
                "admin on {route}: {status}"
            );
        }
        assert_eq!(
            admin.get("/api/v1/organisations").await.json()["meta"]["total"],
            3
        );
        assert_eq!(admin.get("/api/v1/users").await.json()["meta"]["total"], 8);
    }
);
