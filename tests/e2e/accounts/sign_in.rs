//! Signing in through the form and the API, and signing out.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::{PASSWORD, both};

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
        let api = client.sign_in("planner@test.example", "nope").await;
        assert_eq!(api.status, StatusCode::UNAUTHORIZED);
        assert_eq!(api.error_code(), "invalid_credentials");
        let unknown = client.sign_in("nobody@test.example", "nope").await;
        assert_eq!(
            unknown.error_code(),
            "invalid_credentials",
            "unknown accounts look the same"
        );
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

both!(secure_cookies_go_by_host_only_names, |app| async move {
    let secure = || pspm_backend::config::Config {
        secure_cookies: true,
        ..pspm_backend::config::Config::default()
    };
    let client = app.client_with(secure());
    let r = client
        .post_form(
            "/sign-in",
            &[("email", "planner@test.example"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let set: Vec<String> = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let session = set
        .iter()
        .find(|c| c.starts_with("__Host-pspm_session="))
        .unwrap_or_else(|| panic!("a __Host- session cookie: {set:?}"));
    assert!(
        session.contains("Secure") && session.contains("Path=/") && !session.contains("Domain"),
        "{session}"
    );
    assert!(set.iter().all(|c| c.starts_with("__Host-")), "{set:?}");
    assert_eq!(client.get("/api/v1/me").await.status, StatusCode::OK);
    // The same secret under the plain name, as a sibling site could plant
    // it, is not read.
    let value = client.cookie("__Host-pspm_session").unwrap();
    let planted = app.client_with(secure());
    planted.set_cookie("pspm_session", &value);
    assert_eq!(
        planted.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    // Signing out clears the __Host- cookie.
    let r = client.post_form("/sign-out", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        client.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
});
