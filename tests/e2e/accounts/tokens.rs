//! API tokens: shown once, stored hashed, accepted as bearer tokens.

use axum::http::{StatusCode, header};
use pspm_backend::domain::Role;
use pspm_tests::both;
use serde_json::json;

both!(
    api_tokens_are_shown_once_stored_hashed_and_work_as_bearer,
    |app| async move {
        let client = app.client_as(Role::Evaluator).await;
        let token = client
            .create("/api/v1/tokens", &json!({"name": "reporting script"}))
            .await["token"]
            .as_str()
            .unwrap()
            .to_owned();
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
        bearer.set_header(header::AUTHORIZATION, &format!("Bearer {token}"));
        let me = bearer.get("/api/v1/me").await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.json()["user"]["role"], "evaluator");
        let bad = app.client();
        bad.set_header(header::AUTHORIZATION, "Bearer pspm_wrong");
        assert_eq!(bad.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
        let empty = client
            .post_json("/api/v1/tokens", &json!({"name": "  "}))
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(empty.json()["errors"][0]["field"], "name");
        assert_eq!(app.audit_count("api_token.create").await, 1);
    }
);
