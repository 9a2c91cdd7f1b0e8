//! Forms are refused without the CSRF token of the session's cookie.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::{PASSWORD, both};

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
        // A cookie and field of the attacker's choosing (a sibling site can
        // set the cookie) do not pass: a signed-in form needs the session's token.
        let planted = "planted-by-another-site-planted-by-another-site";
        admin.set_cookie("pspm_csrf", planted);
        let mut with_planted = vec![("csrf", planted)];
        with_planted.extend_from_slice(&fields);
        let r = admin
            .post_form_raw("/admin/organisations", &with_planted)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let after = admin.get("/api/v1/organisations").await.json()["meta"]["total"].clone();
        assert_eq!(before, after, "nothing was stored");
        // The next page puts the session's token back, and the form passes.
        assert_ne!(admin.cookie("pspm_csrf").as_deref(), Some(planted));
        let r = admin.post_form("/admin/organisations", &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        // Signing out changes the token: a page kept from before is refused.
        let old = admin.cookie("pspm_csrf").unwrap();
        let r = admin.post_form("/sign-out", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_ne!(admin.cookie("pspm_csrf"), Some(old));
    }
);

// An API write signed in by the session cookie that another site's page could
// send without asking first (no body, a form or plain text) needs the
// X-CSRF-Token header; JSON bodies and bearer tokens do not.
both!(
    cookie_api_writes_another_site_could_send_are_refused,
    |app| async move {
        use axum::body::Body;
        use axum::http::{Request, header};
        use pspm_tests::consultations::{contribute, setup};
        use serde_json::json;

        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let r = contribute(&planner, s.consultation, json!({"kind": "proposal", "title": "Proposta", "body": "Testo", "node_id": s.objective})).await;
        let proposal = r.json()["contribution"]["id"].as_i64().unwrap();
        let member = app.client_as(Role::Member).await;
        let path = format!("/api/v1/contributions/{proposal}/supports");
        let bare = |content_type: Option<&str>, token: Option<&str>| {
            let mut req = Request::post(&path);
            if let Some(t) = content_type {
                req = req.header(header::CONTENT_TYPE, t);
            }
            if let Some(t) = token {
                req = req.header("x-csrf-token", t);
            }
            req.body(Body::empty()).expect("request")
        };
        // As a cross-site form or beacon would send it: refused, nothing stored.
        for content_type in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
        ] {
            let r = member.send(bare(content_type, None)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{content_type:?}");
            assert_eq!(r.error_code(), "csrf_invalid");
        }
        let r = member
            .send(bare(None, Some("forged-token-forged-token-forged")))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(app.audit_count("support.create").await, 0);
        // With the token of the CSRF cookie (a page of this site sets it), accepted.
        member.get("/").await;
        let token = member.cookie("pspm_csrf").expect("csrf cookie");
        let r = member.send(bare(None, Some(&token))).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        // A JSON body needs no header; a bearer token is not a cookie.
        let r = member
            .send(
                Request::delete(&path)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        let token = member
            .post_json(
                "/api/v1/tokens",
                &json!({"name": "script", "scope": "write", "current_password": PASSWORD}),
            )
            .await;
        assert!(token.status.is_success(), "{}", token.text());
        let bearer = token.json()["token"].as_str().unwrap().to_owned();
        let script = app.client();
        script.set_header(header::AUTHORIZATION, &format!("Bearer {bearer}"));
        let r = script.send(bare(None, None)).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    }
);
