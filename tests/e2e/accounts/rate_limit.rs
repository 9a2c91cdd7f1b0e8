//! Repeated failed sign-ins are slowed down, per account and per address.

use axum::http::StatusCode;
use pspm_tests::{PASSWORD, both};

both!(
    repeated_failures_for_one_account_are_slowed_down,
    |app| async move {
        let client = app.client();
        for _ in 0..5 {
            let r = client.sign_in("member@test.example", "bad").await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        // Even the right password is refused for a while now, from any address.
        let other = app.client();
        let r = other.sign_in("member@test.example", PASSWORD).await;
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
        let ok = other.sign_in("planner@test.example", PASSWORD).await;
        assert_eq!(ok.status, StatusCode::OK);
    }
);

both!(
    repeated_failures_from_one_address_are_slowed_down,
    |app| async move {
        let client = app.client();
        for i in 0..20 {
            let r = client
                .sign_in(&format!("guess{i}@test.example"), "bad")
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        let r = client.sign_in("admin@test.example", PASSWORD).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    }
);
