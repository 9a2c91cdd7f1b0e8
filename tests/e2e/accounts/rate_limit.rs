//! Repeated failed sign-ins are slowed down, per account and per address:
//! each attempt counts before its password is checked, failures are audited,
//! and behind trusted proxies the forwarded address is the one limited.

use axum::http::{HeaderName, StatusCode};
use pspm_backend::config::{Config, TrustedProxies};
use pspm_backend::db::audit_event::AuditEvent;
use pspm_tests::{PASSWORD, TestApp, both};

/// The data version kept pages and dashboards depend on.
async fn data_version(app: &TestApp) -> i32 {
    app.db
        .run(|c| Ok(AuditEvent::data_version(c)?))
        .await
        .expect("data version")
}

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

/// Moves every recorded attempt `secs` into the past, as waiting would.
async fn wait(app: &TestApp, secs: i64) {
    let attempts: Vec<(i32, chrono::NaiveDateTime)> = app
        .db
        .run(|c| {
            use diesel::prelude::*;
            use pspm_backend::db::schema::sign_in_attempts as a;
            Ok(a::table.select((a::id, a::attempted_at)).load(c)?)
        })
        .await
        .unwrap();
    for (id, at) in attempts {
        let earlier = at - chrono::Duration::seconds(secs);
        app.exec(format!(
            "UPDATE sign_in_attempts SET attempted_at = '{}' WHERE id = {id}",
            earlier.format("%Y-%m-%d %H:%M:%S%.6f")
        ))
        .await;
    }
}

both!(
    a_named_account_is_slowed_down_step_by_step_but_never_locked,
    |app| async move {
        // Guesses from many addresses, as a botnet would make them.
        for _ in 0..5 {
            let r = app.client().sign_in("admin@test.example", "bad").await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        let retry = |r: &pspm_tests::TestResponse| -> i64 {
            assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
            r.headers["retry-after"].to_str().unwrap().parse().unwrap()
        };
        // Each further guess waits twice as long as the one before …
        let mut waits = Vec::new();
        for _ in 0..10 {
            let w = retry(&app.client().sign_in("admin@test.example", "bad").await);
            waits.push(w);
            wait(&app, w).await;
            let r = app.client().sign_in("admin@test.example", "bad").await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "a guess after {w} s");
        }
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
        // … at most five minutes: then the owner signs in, not a quarter hour later.
        let w = retry(&app.client().sign_in("admin@test.example", PASSWORD).await);
        assert_eq!(w, 300);
        wait(&app, w).await;
        let r = app.client().sign_in("admin@test.example", PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
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

both!(
    parallel_failures_cannot_pass_the_account_limit,
    |app| async move {
        // Twelve guesses at once, each from its own address: only the
        // account's five are checked, the others are refused unchecked.
        let mut guesses = tokio::task::JoinSet::new();
        for i in 0..12 {
            let client = app.client();
            guesses.spawn(async move {
                client
                    .sign_in("member@test.example", &format!("guess-{i}"))
                    .await
                    .status
            });
        }
        let mut checked = 0;
        let mut refused = 0;
        while let Some(status) = guesses.join_next().await {
            match status.expect("a guess") {
                StatusCode::UNAUTHORIZED => checked += 1,
                StatusCode::TOO_MANY_REQUESTS => refused += 1,
                other => panic!("unexpected {other}"),
            }
        }
        assert_eq!((checked, refused), (5, 7));
        let r = app.client().sign_in("member@test.example", PASSWORD).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    }
);

both!(
    failed_sign_ins_are_audited_without_the_password,
    |app| async move {
        let version = data_version(&app).await;
        let client = app.client();
        let r = client
            .sign_in("Member@Test.Example", "not-my-password-42")
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = client
            .post_form(
                "/sign-in",
                &[
                    ("email", "nobody@test.example"),
                    ("password", "not-my-password-43"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.audit_count("session.refused").await, 2);
        let member = app.users["member"].0;
        let on_member = format!(
            "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'session.refused' \
             AND entity = 'user' AND entity_id = {member} AND actor_id IS NULL"
        );
        assert_eq!(app.count(on_member).await, 1, "the account tried");
        let unknown = "SELECT COUNT(*) AS n FROM audit_events \
                       WHERE action = 'session.refused' AND entity_id IS NULL";
        assert_eq!(app.count(unknown).await, 1, "an unknown account");
        let leaked = "SELECT COUNT(*) AS n FROM audit_events WHERE changes LIKE '%not-my-password%' \
                      OR changes LIKE '%test.example%'";
        assert_eq!(app.count(leaked).await, 0, "no password, no e-mail address");
        // Refusals are not data: kept pages and dashboards stay kept.
        assert_eq!(data_version(&app).await, version);
        app.signed_in("member@test.example", PASSWORD).await;
        assert_eq!(app.audit_count("session.create").await, 1);
    }
);

/// A server behind reverse proxies in 198.51.100.0/24, where every test
/// client's socket address is.
fn behind_proxies() -> Config {
    Config {
        demo: Some(false),
        trusted_proxies: TrustedProxies::parse("198.51.100.0/24").expect("networks"),
        ..Config::default()
    }
}

both!(
    behind_a_trusted_proxy_the_forwarded_address_is_limited,
    |app| async move {
        let forwarded = HeaderName::from_static("x-forwarded-for");
        let attacker = app.client_with(behind_proxies());
        attacker.set_header(forwarded.clone(), "203.0.113.5");
        for i in 0..20 {
            let r = attacker
                .sign_in(&format!("guess{i}@test.example"), "bad")
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        let r = attacker.sign_in("admin@test.example", PASSWORD).await;
        assert_eq!(
            r.status,
            StatusCode::TOO_MANY_REQUESTS,
            "the address is limited"
        );
        // Writing another address first does not escape: the proxy appends
        // the one it saw, and that one counts.
        let spoofer = app.client_with(behind_proxies());
        spoofer.set_header(forwarded.clone(), "192.0.2.1, 203.0.113.5");
        let r = spoofer.sign_in("admin@test.example", PASSWORD).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        // Everyone else behind the same proxy signs in.
        let neighbour = app.client_with(behind_proxies());
        neighbour.set_header(forwarded.clone(), "203.0.113.6");
        let r = neighbour.sign_in("admin@test.example", PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());

        // Without trusted proxies the header is the client's to write and
        // is ignored: its socket address counts.
        let direct = app.client();
        for i in 0..20 {
            direct.set_header(forwarded.clone(), &format!("203.0.113.{}", 100 + i));
            let r = direct
                .sign_in(&format!("other{i}@test.example"), "bad")
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        direct.set_header(forwarded, "203.0.113.200");
        let r = direct.sign_in("planner@test.example", PASSWORD).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    }
);

both!(
    sign_in_attempts_are_counted_under_keyed_hashes_shared_by_instances,
    |app| async move {
        use pspm_backend::services::accounts::auth;
        let email = "planner@test.example";
        let r = app.client().sign_in(email, "not-the-password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        // Another instance on the same database counts under the same key.
        let other = app.client_with(pspm_backend::config::Config::default());
        let r = other.sign_in(email, "not-the-password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let keyed = app
            .db
            .run(move |c| {
                Ok::<_, pspm_backend::error::AppError>(auth::account_subject(
                    &auth::subject_key(c)?,
                    email,
                ))
            })
            .await
            .unwrap();
        let plain = auth::sha256_hex(&format!("account:{email}"));
        let count = |h: &str| {
            format!("SELECT COUNT(*) AS n FROM sign_in_attempts WHERE subject_hash = '{h}'")
        };
        assert_eq!(app.count(count(&keyed)).await, 2);
        assert_eq!(
            app.count(count(&plain)).await,
            0,
            "no unkeyed hash of the address is stored"
        );
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM server_keys").await, 1);
    }
);
