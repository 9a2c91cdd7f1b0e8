//! The JSON API: health, OpenAPI document, error shape, paging, security headers.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use serde_json::json;

both!(health_checks_the_database, |app| async move {
    let r = app.client().get("/health").await;
    assert_eq!(r.status, StatusCode::OK);
    let expected = match app.backend {
        pspm_tests::Backend::Sqlite => "sqlite",
        pspm_tests::Backend::Postgres => "postgres",
    };
    assert_eq!(
        r.json(),
        json!({"status": "ok", "database": "ok", "backend": expected, "warnings": []})
    );
});

both!(errors_share_one_shape_naming_the_field, |app| async move {
    let admin = app.client_as(Role::Admin).await;
    let r = admin
        .post_raw("/api/v1/organisations", "application/json", "{\"name\": ")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_code(), "invalid_json");
    let r = admin
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "region", "level": "regional"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["code"], "required");
    assert_eq!(r.json()["errors"][0]["field"], "name");
    let r = admin
        .post_json(
            "/api/v1/organisations",
            &json!({"name": "X", "kind": "region", "level": "regional", "parent_id": "one"}),
        )
        .await;
    assert_eq!(r.json()["errors"][0]["code"], "invalid_type");
    assert_eq!(r.json()["errors"][0]["field"], "parent_id");
    // A same-site script's plain text (the CSRF header sent, see accounts::csrf).
    admin.get("/").await;
    let token = admin.cookie("pspm_csrf").expect("csrf cookie");
    admin.set_header(axum::http::HeaderName::from_static("x-csrf-token"), &token);
    let r = admin
        .post_raw("/api/v1/organisations", "text/plain", "name=X")
        .await;
    assert_eq!(r.error_code(), "unsupported_media_type");
    let r = admin.get("/api/v1/organisations/999999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "organisation_not_found");
    let r = admin.get("/api/v1/organisations/abc").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["errors"][0]["detail"].is_string());
    let r = admin
        .patch_json(
            "/api/v1/users/999999",
            &json!({"email": "a@b.it", "display_name": "A", "role": "member"}),
        )
        .await;
    assert_eq!(r.error_code(), "user_not_found");
    let r = admin.get("/api/v1/no-such-thing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "route_not_found");
    let r = admin.get("/api/v1/organisations?page=0").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "page");
    let r = admin.get("/api/v1/organisations?per_page=lots").await;
    assert_eq!(r.error_code(), "invalid_query");
    let r = app.client().get("/api/v1/me").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json(),
        json!({"errors": [{"code": "unauthenticated", "detail": "Sign in to do this."}]})
    );
});

both!(lists_are_paged_with_meta, |app| async move {
    let admin = app.client_as(Role::Admin).await;
    for i in 0..4 {
        let r = admin
            .post_json(
                "/api/v1/organisations",
                &json!({"name": format!("Comune {i}"), "kind": "municipality", "level": "local"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let r = admin
        .get("/api/v1/organisations?page=2&per_page=2")
        .await
        .json();
    assert_eq!(r["meta"], json!({"total": 5, "page": 2, "per_page": 2}));
    let names: Vec<_> = r["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, vec!["Comune 2", "Comune 3"]);
    assert_eq!(app.audit_count("organisation.create").await, 5);
});

#[tokio::test]
async fn openapi_document_describes_the_api() {
    let app = pspm_tests::TestApp::new(pspm_tests::Backend::Sqlite)
        .await
        .unwrap();
    let r = app.client().get("/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/health",
        "/api/v1/session",
        "/api/v1/me",
        "/api/v1/me/export",
        "/api/v1/tokens",
        "/api/v1/organisations/{id}",
        "/api/v1/users",
        "/api/v1/audit",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    // Every rule named in an annotation was written out.
    assert!(
        !r.text().contains("pspm:"),
        "a pspm: pattern was left unexpanded"
    );
    insta::assert_json_snapshot!("openapi", doc, {".info.version" => "[version]"});
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = pspm_tests::TestApp::new(pspm_tests::Backend::Sqlite)
        .await
        .unwrap();
    for path in ["/", "/api/v1/organisations", "/no-such-page"] {
        let r = app.client().get(path).await;
        let h = &r.headers;
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"),
            "{path}: {csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "same-origin");
        assert_eq!(h["x-frame-options"], "DENY");
        assert!(
            h.get("strict-transport-security").is_none(),
            "plain HTTP on loopback"
        );
    }
    // Served to others (over HTTPS), cookies are Secure and HSTS is sent.
    let config = pspm_backend::config::Config::from_lookup(|n| {
        (n == "PSPM_ADDR").then(|| "0.0.0.0:8080".to_owned())
    })
    .unwrap();
    let exposed = app.client_with(pspm_backend::config::Config {
        demo: Some(false),
        ..config
    });
    let r = exposed.get("/sign-in").await;
    assert_eq!(r.headers["strict-transport-security"], "max-age=31536000");
    let cookies: Vec<&str> = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        !cookies.is_empty() && cookies.iter().all(|c| c.contains("Secure")),
        "{cookies:?}"
    );
    let big = "x".repeat(3 * 1024 * 1024);
    let r = app
        .client()
        .post_raw("/api/v1/session", "application/json", &big)
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

both!(
    refusals_before_a_handler_keep_the_error_shape,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        let r = admin.put_json("/api/v1/plans", &json!({})).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(r.error_code(), "method_not_allowed");
        let allow = r.headers.get("allow").expect("Allow").to_str().unwrap();
        assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
        let big = format!("{{\"name\": \"{}\"}}", "x".repeat(3 * 1024 * 1024));
        let r = admin
            .post_raw("/api/v1/organisations", "application/json", &big)
            .await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(r.error_code(), "payload_too_large");
        let r = admin.get("/api/v1/no-such-thing").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.error_code(), "route_not_found");
        let r = admin.get("/api/v1/plans/1/versions/x").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(r.json()["errors"][0]["code"].is_string(), "{}", r.text());
    }
);

both!(
    lists_share_one_envelope_and_times_carry_their_zone,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        // A whole number written with a fraction is still an integer.
        let r = admin
        .post_json(
            "/api/v1/tokens",
            &json!({"name": "n", "scope": "read", "days": 30.0, "current_password": pspm_tests::PASSWORD}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        for (path, items) in [
            ("/api/v1/tokens", "tokens"),
            ("/api/v1/plans", "plans"),
            ("/api/v1/organisations", "organisations"),
            ("/api/v1/practices", "practices"),
            ("/api/v1/me/notifications", "notifications"),
        ] {
            let body = admin.get(path).await.json();
            let listed = body[items].as_array().expect(items).len() as i64;
            let meta = &body["meta"];
            assert!(meta["total"].as_i64().unwrap() >= listed, "{path}: {body}");
            assert!(meta["page"].as_i64().unwrap() >= 1, "{path}: {meta}");
            assert!(
                meta["per_page"].as_i64().unwrap() >= listed,
                "{path}: {meta}"
            );
        }
        let tokens = admin.get("/api/v1/tokens").await.json();
        let created = tokens["tokens"][0]["created_at"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(created.ends_with('Z'), "{created}");
        assert!(chrono::DateTime::parse_from_rfc3339(&created).is_ok());
    }
);
