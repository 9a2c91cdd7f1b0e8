//! API tokens: shown once, stored hashed, accepted as bearer tokens while
//! they last and within their scope; created only with the password; listed
//! and revoked by their owner; all revoked when the password changes.

use axum::http::{Method, StatusCode, header};
use pspm_backend::domain::Role;
use pspm_tests::{PASSWORD, TestApp, TestClient, both};
use serde_json::{Value, json};

async fn token(client: &TestClient, body: Value) -> String {
    let r = client.post_json("/api/v1/tokens", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["token"].as_str().unwrap().to_owned()
}

fn bearer(app: &TestApp, token: &str) -> TestClient {
    let c = app.client();
    c.set_header(header::AUTHORIZATION, &format!("Bearer {token}"));
    c
}

both!(
    api_tokens_are_shown_once_stored_hashed_and_work_as_bearer,
    |app| async move {
        let client = app.client_as(Role::Evaluator).await;
        let token = token(
            &client,
            json!({"name": "reporting script", "current_password": PASSWORD}),
        )
        .await;
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
        let me = bearer(&app, &token).get("/api/v1/me").await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.json()["user"]["role"], "evaluator");
        let bad = bearer(&app, "pspm_wrong");
        assert_eq!(bad.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
        let empty = client
            .post_json(
                "/api/v1/tokens",
                &json!({"name": "  ", "current_password": PASSWORD}),
            )
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(empty.json()["errors"][0]["field"], "name");
        assert_eq!(app.audit_count("api_token.create").await, 1);
    }
);

both!(
    a_token_needs_the_password_and_keeps_to_its_scope_and_lifetime,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        // A stolen session alone cannot mint a token.
        for (password, code) in [("", "required"), ("not-the-password", "password_wrong")] {
            let r = member
                .post_json(
                    "/api/v1/tokens",
                    &json!({"name": "script", "scope": "write", "current_password": password}),
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
            assert_eq!(r.json()["errors"][0]["field"], "current_password");
            assert_eq!(r.error_code(), code);
        }
        let r = member
            .post_json(
                "/api/v1/tokens",
                &json!({"name": "script", "scope": "admin", "days": 7, "current_password": PASSWORD}),
            )
            .await;
        let fields: Vec<Value> = r.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].clone())
            .collect();
        assert_eq!(fields, [json!("scope"), json!("days")]);
        assert_eq!(app.audit_count("api_token.create").await, 0);

        // Read-only by default: reads pass, writes are refused and change nothing.
        let read = token(
            &member,
            json!({"name": "dashboard", "current_password": PASSWORD}),
        )
        .await;
        let reader = bearer(&app, &read);
        assert_eq!(reader.get("/api/v1/me").await.status, StatusCode::OK);
        let r = reader
            .patch_json("/api/v1/me", &json!({"email_frequency": "never"}))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(r.error_code(), "token_read_only");
        assert_eq!(
            member.get("/api/v1/me").await.json()["user"]["email_frequency"],
            "immediate"
        );
        let write = token(
            &member,
            json!({"name": "sync", "scope": "write", "days": 30, "current_password": PASSWORD}),
        )
        .await;
        let writer = bearer(&app, &write);
        let r = writer
            .patch_json("/api/v1/me", &json!({"email_frequency": "daily"}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());

        // The owner sees both, newest first, with their scope, last use and end.
        let list = member.get("/api/v1/tokens").await.json()["tokens"].clone();
        let names: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["sync", "dashboard"]);
        assert_eq!(list[0]["scope"], "write");
        assert_eq!(list[1]["scope"], "read");
        assert!(list[0]["last_used_at"].is_string());
        // RFC 3339 in UTC, as every timestamp of the API.
        let created =
            chrono::DateTime::parse_from_rfc3339(list[0]["created_at"].as_str().unwrap()).unwrap();
        let expires =
            chrono::DateTime::parse_from_rfc3339(list[0]["expires_at"].as_str().unwrap()).unwrap();
        assert!(list[0]["created_at"].as_str().unwrap().ends_with('Z'));
        assert_eq!((expires - created).num_days(), 30);
        assert!(list.to_string().find(&write[5..]).is_none(), "no secret");
        // Another person's list is theirs alone, and they cannot revoke these.
        let other = app.client_as(Role::Planner).await;
        assert_eq!(
            other.get("/api/v1/tokens").await.json()["tokens"],
            json!([])
        );
        let id = list[0]["id"].as_i64().unwrap();
        let r = other.delete(&format!("/api/v1/tokens/{id}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // Past its end a token is refused like an unknown one.
        app.exec(
            "UPDATE api_tokens SET expires_at = '2000-01-01 00:00:00' WHERE name = 'dashboard'",
        )
        .await;
        assert_eq!(
            reader.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
        // Revoked, it is refused at once.
        let r = member.delete(&format!("/api/v1/tokens/{id}")).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        assert_eq!(
            writer.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(app.audit_count("api_token.delete").await, 1);
        let left = member.get("/api/v1/tokens").await.json()["tokens"].clone();
        assert_eq!(left.as_array().unwrap().len(), 1);
    }
);

both!(
    changing_the_password_ends_other_sessions_and_every_token,
    |app| async move {
        let (_, email) = app.users["member"].clone();
        let here = app.signed_in(&email, PASSWORD).await;
        let elsewhere = app.signed_in(&email, PASSWORD).await;
        let script = bearer(
            &app,
            &token(
                &here,
                json!({"name": "script", "current_password": PASSWORD}),
            )
            .await,
        );
        let new = "a-new-password-42";
        let change = async |current: &str, next: &str| {
            here.post_json(
                "/api/v1/me/password",
                &json!({"current_password": current, "new_password": next}),
            )
            .await
        };
        let r = change("wrong-password-0", new).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.error_code(), "password_wrong");
        let r = change(PASSWORD, "short").await;
        assert_eq!(r.json()["errors"][0]["field"], "new_password");
        assert_eq!(elsewhere.get("/api/v1/me").await.status, StatusCode::OK);

        let r = change(PASSWORD, new).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        assert_eq!(here.get("/api/v1/me").await.status, StatusCode::OK);
        assert_eq!(
            elsewhere.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            script.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.client().sign_in(&email, PASSWORD).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.client().sign_in(&email, new).await.status,
            StatusCode::OK
        );
        let events = app.audit_count("user.password_change").await;
        assert_eq!(events, 1);
        // Deleting the account asks for the (new) password as well.
        let r = here
            .json(
                Method::DELETE,
                "/api/v1/me",
                &json!({"current_password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(here.get("/api/v1/me").await.status, StatusCode::OK);
    }
);

both!(a_session_unused_for_its_idle_time_ends, |app| async move {
    let member = app.client_as(Role::Member).await;
    assert_eq!(member.get("/api/v1/me").await.status, StatusCode::OK);
    // 29 minutes without a request: still signed in, and the use is recorded.
    let minutes_ago = |m: i64| {
        (chrono::Utc::now().naive_utc() - chrono::Duration::minutes(m))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    app.exec(&format!(
        "UPDATE sessions SET last_seen_at = '{}'",
        minutes_ago(29)
    ))
    .await;
    assert_eq!(member.get("/api/v1/me").await.status, StatusCode::OK);
    app.exec(&format!(
        "UPDATE sessions SET last_seen_at = '{}' WHERE last_seen_at < '{}'",
        minutes_ago(31),
        minutes_ago(2)
    ))
    .await;
    assert_eq!(
        member.get("/api/v1/me").await.status,
        StatusCode::OK,
        "the request at 29 minutes counted as a use"
    );
    app.exec(&format!(
        "UPDATE sessions SET last_seen_at = '{}'",
        minutes_ago(31)
    ))
    .await;
    assert_eq!(
        member.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    let page = member.get("/account").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
});
