//! Users through the administration forms and the API: creation, editing,
//! duplicate emails, audited changes without personal values.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use serde_json::json;

both!(admin_creates_and_edits_users, |app| async move {
    let admin = app.client_as(Role::Admin).await;
    let org = app.org_id.to_string();
    let create_anna = |password: &'static str| {
        let (admin, org) = (&admin, &org);
        async move {
            admin
                .post_form(
                    "/admin/users",
                    &[
                        ("display_name", "Anna Verdi"),
                        ("email", "Anna.Verdi@Regione.example"),
                        ("organisation_id", org),
                        ("role", "planner"),
                        ("password", password),
                    ],
                )
                .await
        }
    };
    let r = create_anna("short").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("at least 10 characters"));
    let r = create_anna("anna-password-1").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // The new user can sign in, with the email in any case.
    let s = app
        .client()
        .sign_in("anna.verdi@regione.example", "anna-password-1")
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
        .sign_in("anna.verdi@regione.example", "anna-password-1")
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
    // A password set by an administrator (a reset) ends the sessions the
    // old one opened.
    let anna = app
        .signed_in("anna.verdi@regione.example", "anna-password-1")
        .await;
    let r = admin
        .patch_json(
            &format!("/api/v1/users/{anna_id}"),
            &json!({"email": "anna.verdi@regione.example", "display_name": "Anna Verdi", "role": "evaluator",
                    "organisation_id": org.parse::<i64>().unwrap(), "password": "reset-by-admin-1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        anna.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    let s = app
        .client()
        .sign_in("anna.verdi@regione.example", "reset-by-admin-1")
        .await;
    assert_eq!(s.status, StatusCode::OK);
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
