//! Administration of organisations and users: rights of every role, forms,
//! validation, audit events.

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
        let target = admin
        .post_json("/api/v1/users", &json!({"email": "target@test.example", "display_name": "Target", "role": "citizen", "password": "target-password"}))
        .await;
        assert_eq!(target.status, StatusCode::CREATED, "{}", target.text());
        let user = target.json()["user"]["id"].as_i64().unwrap() as i32;
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

both!(
    admin_creates_and_edits_an_organisation_through_the_forms,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        let r = admin
            .post_form(
                "/admin/organisations",
                &[
                    ("name", "Regione Lazio"),
                    ("kind", "region"),
                    ("level", "regional"),
                    ("territory_code", "ITI4"),
                    ("parent_id", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.location(), "/admin/organisations?saved=1");
        let list = admin.get("/admin/organisations?saved=1").await.text();
        assert!(list.contains("Your changes have been saved."));
        assert!(list.contains("Regione Lazio") && list.contains("ITI4"));
        let orgs = admin.get("/api/v1/organisations").await.json();
        let lazio = orgs["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "Regione Lazio")
            .unwrap()
            .clone();
        let lazio_id = lazio["id"].as_i64().unwrap();
        // A municipality under the region.
        let r = admin
            .post_form(
                "/admin/organisations",
                &[
                    ("name", "Comune di Roma"),
                    ("kind", "municipality"),
                    ("level", "local"),
                    ("territory_code", "058091"),
                    ("parent_id", &lazio_id.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let roma = admin.get("/api/v1/organisations?per_page=100").await.json()["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "Comune di Roma")
            .unwrap()
            .clone();
        assert_eq!(roma["parent_id"], lazio_id);
        // The edit form shows the stored values.
        let form = admin
            .get(&format!("/admin/organisations/{lazio_id}/edit"))
            .await
            .text();
        assert!(form.contains("value=\"Regione Lazio\""));
        // Placing the region under its own municipality is refused, nothing changes.
        let r = admin
            .post_form(
                &format!("/admin/organisations/{lazio_id}"),
                &[
                    ("name", "Regione Lazio"),
                    ("kind", "region"),
                    ("level", "regional"),
                    ("parent_id", &roma["id"].to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("cannot be placed under itself"));
        let after = admin
            .get(&format!("/api/v1/organisations/{lazio_id}"))
            .await
            .json();
        assert_eq!(after["organisation"]["parent_id"], serde_json::Value::Null);
        assert_eq!(after["organisation"]["territory_code"], "ITI4");
        // A real edit is saved and audited with what changed.
        let r = admin
            .post_form(
                &format!("/admin/organisations/{lazio_id}"),
                &[
                    ("name", "Regione Lazio"),
                    ("kind", "region"),
                    ("level", "regional"),
                    ("territory_code", "ITI43"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let audit = admin.get("/api/v1/audit?entity=organisation").await.json();
        let update = audit["audit_events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "organisation.update")
            .unwrap()
            .clone();
        assert_eq!(update["entity_id"], lazio_id);
        assert_eq!(update["actor_id"], app.users["admin"].0);
        assert_eq!(
            update["changes"],
            json!({"territory_code": {"from": "ITI4", "to": "ITI43"}})
        );
    }
);

both!(
    bad_organisation_input_is_reshown_with_messages_and_nothing_stored,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        let long = "x".repeat(201);
        let r = admin
            .post_form(
                "/admin/organisations",
                &[
                    ("name", &long),
                    ("kind", "planet"),
                    ("level", ""),
                    ("territory_code", "IT-1"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(html.contains("There is a problem"));
        assert!(html.contains("Name is too long."), "{html}");
        assert!(html.contains("Choose a valid value for Kind."));
        assert!(html.contains("Enter Level of government."));
        assert!(html.contains("may contain only letters and digits"));
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(
            html.contains(&format!("value=\"{long}\"")),
            "entered values are kept"
        );
        let dup = admin
            .post_form(
                "/admin/organisations",
                &[
                    ("name", "Ministero di Prova"),
                    ("kind", "ministry"),
                    ("level", "national"),
                ],
            )
            .await;
        assert_eq!(dup.status, StatusCode::CONFLICT);
        assert!(dup.text().contains("already exists"));
        let api = admin
            .post_json(
                "/api/v1/organisations",
                &json!({"name": "", "kind": "x", "level": "national", "parent_id": 999999}),
            )
            .await;
        assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<_> = api.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].clone(), e["code"].clone()))
            .collect();
        assert_eq!(
            fields,
            vec![
                (json!("name"), json!("required")),
                (json!("kind"), json!("invalid_choice")),
                (json!("parent_id"), json!("parent_not_found"))
            ]
        );
        assert_eq!(
            admin.get("/api/v1/organisations").await.json()["meta"]["total"],
            1
        );
        assert_eq!(app.audit_count("organisation.create").await, 1);
    }
);

both!(admin_creates_and_edits_users, |app| async move {
    let admin = app.client_as(Role::Admin).await;
    let org = app.org_id.to_string();
    let r = admin
        .post_form(
            "/admin/users",
            &[
                ("display_name", "Anna Verdi"),
                ("email", "Anna.Verdi@Regione.example"),
                ("organisation_id", &org),
                ("role", "planner"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("at least 10 characters"));
    let r = admin
        .post_form(
            "/admin/users",
            &[
                ("display_name", "Anna Verdi"),
                ("email", "Anna.Verdi@Regione.example"),
                ("organisation_id", &org),
                ("role", "planner"),
                ("password", "anna-password-1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // The new user can sign in, with the email in any case.
    let anna = app.client();
    let s = anna
        .post_json(
            "/api/v1/session",
            &json!({"email": "anna.verdi@regione.example", "password": "anna-password-1"}),
        )
        .await;
    assert_eq!(s.status, StatusCode::OK);
    let anna_id = s.json()["user"]["id"].as_i64().unwrap();
    assert_eq!(s.json()["user"]["role"], "planner");
    // Duplicate email.
    let dup = admin
        .post_json("/api/v1/users", &json!({"email": "anna.verdi@regione.example", "display_name": "Other", "role": "member", "password": "0123456789"}))
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(dup.error_code(), "email_taken");
    assert_eq!(dup.json()["errors"][0]["field"], "email");
    // Edit: the role changes, the password is kept when left empty.
    let r = admin
        .post_form(
            &format!("/admin/users/{anna_id}"),
            &[
                ("display_name", "Anna Verdi"),
                ("email", "anna.verdi@regione.example"),
                ("organisation_id", &org),
                ("role", "evaluator"),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let s = app
        .client()
        .post_json(
            "/api/v1/session",
            &json!({"email": "anna.verdi@regione.example", "password": "anna-password-1"}),
        )
        .await;
    assert_eq!(s.json()["user"]["role"], "evaluator");
    // The audit trail records that personal fields changed, never their values.
    let audit = admin.get("/api/v1/audit?entity=user").await.json();
    let events = audit["audit_events"].as_array().unwrap();
    let update = events
        .iter()
        .find(|e| e["action"] == "user.update")
        .unwrap();
    assert_eq!(
        update["changes"],
        json!({"role": {"from": "planner", "to": "evaluator"}})
    );
    assert!(!audit.to_string().contains("anna-password-1"));
    // An administrator cannot remove their own administrator role.
    let admin_id = app.users["admin"].0;
    let r = admin
        .patch_json(
            &format!("/api/v1/users/{admin_id}"),
            &json!({"email": "admin@test.example", "display_name": "Test admin", "role": "member"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_code(), "cannot_demote_self");
});
