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
        let after = admin.get("/api/v1/organisations").await.json()["meta"]["total"].clone();
        assert_eq!(before, after, "nothing was stored");
    }
);
