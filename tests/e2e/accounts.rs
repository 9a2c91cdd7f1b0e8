//! Sign-in, rate limit, CSRF, sessions, tokens, data export and account deletion.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::{PASSWORD, both};
use serde_json::json;

both!(
    sign_in_through_the_form_sets_a_safe_session_cookie,
    |app| async move {
        let client = app.client();
        let r = client
            .post_form(
                "/sign-in",
                &[
                    ("email", "Planner@Test.Example"),
                    ("password", PASSWORD),
                    ("next", "/account"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.location(), "/account");
        let set_cookie: Vec<_> = r
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let session = set_cookie
            .iter()
            .find(|c| c.starts_with("pspm_session="))
            .expect("session cookie");
        assert!(
            session.contains("HttpOnly") && session.contains("SameSite=Lax"),
            "{session}"
        );
        let me = client.get("/api/v1/me").await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.json()["user"]["role"], "planner");
        // The session is stored hashed: the cookie value is nowhere in the database.
        let token = client.cookie("pspm_session").unwrap();
        let stored: Vec<String> = app
            .db
            .run(|c| {
                use diesel::prelude::*;
                use pspm_backend::db::schema::sessions;
                Ok(sessions::table.select(sessions::token_hash).load(c)?)
            })
            .await
            .unwrap();
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0], token);
        assert_eq!(app.audit_count("session.create").await, 1);
    }
);

both!(
    wrong_password_gives_a_clear_message_and_no_session,
    |app| async move {
        let client = app.client();
        let r = client
            .post_form(
                "/sign-in",
                &[
                    ("email", "planner@test.example"),
                    ("password", "wrong-password"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let html = r.text();
        assert!(
            html.contains("The email address or password is wrong."),
            "{html}"
        );
        assert!(
            html.contains("value=\"planner@test.example\""),
            "the email is kept in the form"
        );
        assert!(
            !html.contains("wrong-password"),
            "the password is never echoed"
        );
        assert!(client.cookie("pspm_session").is_none());
        let api = client
            .post_json(
                "/api/v1/session",
                &json!({"email": "planner@test.example", "password": "nope"}),
            )
            .await;
        assert_eq!(api.status, StatusCode::UNAUTHORIZED);
        assert_eq!(api.error_code(), "invalid_credentials");
        let unknown = client
            .post_json(
                "/api/v1/session",
                &json!({"email": "nobody@test.example", "password": "nope"}),
            )
            .await;
        assert_eq!(
            unknown.error_code(),
            "invalid_credentials",
            "unknown accounts look the same"
        );
    }
);

both!(
    repeated_failures_for_one_account_are_slowed_down,
    |app| async move {
        let client = app.client();
        for _ in 0..5 {
            let r = client
                .post_json(
                    "/api/v1/session",
                    &json!({"email": "member@test.example", "password": "bad"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        // Even the right password is refused for a while now, from any address.
        let other = app.client();
        let r = other
            .post_json(
                "/api/v1/session",
                &json!({"email": "member@test.example", "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.error_code(), "too_many_attempts");
        assert!(r.headers.get("retry-after").is_some());
        let page = other
            .post_form(
                "/sign-in",
                &[("email", "member@test.example"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(page.text().contains("Too many failed attempts"));
        // Other accounts are not affected.
        let ok = other
            .post_json(
                "/api/v1/session",
                &json!({"email": "planner@test.example", "password": PASSWORD}),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK);
    }
);

both!(
    repeated_failures_from_one_address_are_slowed_down,
    |app| async move {
        let client = app.client();
        for i in 0..20 {
            let r = client
                .post_json(
                    "/api/v1/session",
                    &json!({"email": format!("guess{i}@test.example"), "password": "bad"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        let r = client
            .post_json(
                "/api/v1/session",
                &json!({"email": "admin@test.example", "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    }
);

both!(
    forms_without_a_valid_csrf_token_are_refused,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        admin.get("/").await;
        let before = admin.get("/api/v1/organisations").await.json()["meta"]["total"].clone();
        let fields = [
            ("name", "Regione Fantasma"),
            ("kind", "region"),
            ("level", "regional"),
        ];
        let r = admin.post_form_raw("/admin/organisations", &fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(
            r.text().contains("The form has expired") && r.text().contains("class=\"site-header\""),
            "an error page in the layout"
        );
        let mut forged = vec![("csrf", "forged-token-forged-token-forged-token")];
        forged.extend_from_slice(&fields);
        let r = admin.post_form_raw("/admin/organisations", &forged).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let anon = app.client();
        let r = anon
            .post_form_raw(
                "/sign-in",
                &[("email", "admin@test.example"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(anon.cookie("pspm_session").is_none());
        let after = admin.get("/api/v1/organisations").await.json()["meta"]["total"].clone();
        assert_eq!(before, after, "nothing was stored");
    }
);

both!(sign_out_ends_the_session, |app| async move {
    let client = app.client_as(Role::Member).await;
    assert_eq!(client.get("/api/v1/me").await.status, StatusCode::OK);
    let r = client.post_form("/sign-out", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(client.cookie("pspm_session").is_none());
    assert_eq!(
        client.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.audit_count("session.delete").await, 1);
    let api = app.client_as(Role::Member).await;
    assert_eq!(
        api.delete("/api/v1/session").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
});

both!(
    api_tokens_are_shown_once_stored_hashed_and_work_as_bearer,
    |app| async move {
        let client = app.client_as(Role::Evaluator).await;
        let r = client
            .post_json("/api/v1/tokens", &json!({"name": "reporting script"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let token = r.json()["token"].as_str().unwrap().to_owned();
        assert!(token.starts_with("pspm_"));
        let stored: Vec<String> = app
            .db
            .run(|c| {
                use diesel::prelude::*;
                use pspm_backend::db::schema::api_tokens;
                Ok(api_tokens::table.select(api_tokens::token_hash).load(c)?)
            })
            .await
            .unwrap();
        assert_eq!(stored.len(), 1);
        assert!(!stored[0].contains(&token[5..]));
        let bearer = app.client();
        bearer
            .headers
            .lock()
            .unwrap()
            .insert("authorization", format!("Bearer {token}").parse().unwrap());
        let me = bearer.get("/api/v1/me").await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.json()["user"]["role"], "evaluator");
        let bad = app.client();
        bad.headers
            .lock()
            .unwrap()
            .insert("authorization", "Bearer pspm_wrong".parse().unwrap());
        assert_eq!(bad.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
        let empty = client
            .post_json("/api/v1/tokens", &json!({"name": "  "}))
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(empty.json()["errors"][0]["field"], "name");
        assert_eq!(app.audit_count("api_token.create").await, 1);
    }
);

both!(users_download_their_own_data, |app| async move {
    let client = app.client_as(Role::Member).await;
    let r = client.get("/api/v1/me/export").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert_eq!(doc["user"]["email"], "member@test.example");
    assert_eq!(doc["organisation"]["name"], "Ministero di Prova");
    assert!(
        doc["activity"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "session.create")
    );
    let page = client.get("/account/export").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    assert_eq!(page.json()["user"]["email"], "member@test.example");
    assert_eq!(
        app.client().get("/api/v1/me/export").await.status,
        StatusCode::UNAUTHORIZED
    );
    let anon_page = app.client().get("/account/export").await;
    assert_eq!(anon_page.status, StatusCode::SEE_OTHER);
    assert!(anon_page.location().starts_with("/sign-in?next="));
});

both!(
    deleting_an_account_removes_personal_data_but_keeps_content,
    |app| async move {
        let (member_id, _) = app.users["member"].clone();
        let client = app.client_as(Role::Member).await;
        // Without the confirmation box the form is re-shown with its message.
        let r = client.post_form("/account/delete", &[]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Tick the box"));
        assert_eq!(
            client.get("/api/v1/me").await.status,
            StatusCode::OK,
            "still there"
        );
        let r = client
            .post_form("/account/delete", &[("confirm", "yes")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            client.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
        let again = app
            .client()
            .post_json(
                "/api/v1/session",
                &json!({"email": "member@test.example", "password": PASSWORD}),
            )
            .await;
        assert_eq!(again.status, StatusCode::UNAUTHORIZED);
        // Their past actions stay attributed to the (now anonymous) account.
        let admin = app.client_as(Role::Admin).await;
        let user = admin
            .get(&format!("/api/v1/users/{member_id}"))
            .await
            .json();
        assert_eq!(user["user"]["deleted"], true);
        assert_eq!(user["user"]["email"], "");
        assert_eq!(user["user"]["display_name"], "");
        let list = admin.get("/admin/users").await.text();
        assert!(list.contains("Former participant"));
        assert!(!list.contains("Test member"));
        let audit = admin
            .get("/api/v1/audit?entity=user&per_page=100")
            .await
            .json();
        let events = audit["audit_events"].as_array().unwrap();
        assert!(
            events
                .iter()
                .any(|e| e["action"] == "user.delete" && e["actor_id"] == member_id)
        );
        assert!(
            events
                .iter()
                .any(|e| e["action"] == "session.create" && e["actor_id"] == member_id)
        );
        // The API route works the same way.
        let planner = app.client_as(Role::Planner).await;
        assert_eq!(
            planner.delete("/api/v1/me").await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            planner.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
);
