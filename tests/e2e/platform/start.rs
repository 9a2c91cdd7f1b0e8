//! What a new installation does at start about the demo, whose passwords are
//! published: it loads it by itself only for a local trial, and warns while
//! its accounts exist on an address other machines reach.

use axum::http::{Method, StatusCode};
use pspm_backend::config::{Config, DEFAULT_DATABASE_URL};
use pspm_backend::seed::demo::{self, AtStart, DEMO_LOGINS};
use pspm_tests::{TestApp, both};
use serde_json::{Value, json};

/// A production database elsewhere.
const ELSEWHERE: &str = "postgres://pspm@db.example/pspm";

fn config(addr: &str, database_url: &str, demo: Option<bool>) -> Config {
    Config {
        addr: addr.parse().expect("an address"),
        database_url: database_url.into(),
        demo,
        ..Config::default()
    }
}

/// Start-up on the app's database as a server run with `config` does it.
async fn start(app: &TestApp, config: Config) -> AtStart {
    app.db
        .run(move |c| demo::at_start(c, &config))
        .await
        .expect("start")
}

/// The `warnings` of `/health` of a server listening on `addr`.
async fn warnings(app: &TestApp, addr: &str) -> Value {
    let r = app
        .client_with(config(addr, DEFAULT_DATABASE_URL, Some(false)))
        .get("/health")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "ok", "a warning is not a failure");
    r.json()["warnings"].clone()
}

fn codes(warnings: &Value) -> Vec<&str> {
    warnings
        .as_array()
        .expect("a list of warnings")
        .iter()
        .map(|w| w["code"].as_str().expect("a code"))
        .collect()
}

/// The status of signing in as the demo's administrator.
async fn demo_admin_sign_in(app: &TestApp) -> StatusCode {
    let admin = &DEMO_LOGINS[0];
    app.client()
        .sign_in(admin.email, admin.password)
        .await
        .status
}

both!(
    empty the_demo_loads_by_itself_only_for_a_local_trial,
    |app| async move {
        let nothing = AtStart {
            loaded: false,
            exposed: false,
            no_users: true,
        };
        for (addr, url, wanted) in [
            ("0.0.0.0:8080", DEFAULT_DATABASE_URL, None),
            ("192.0.2.7:8080", DEFAULT_DATABASE_URL, None),
            ("127.0.0.1:8080", ELSEWHERE, None),
            ("127.0.0.1:8080", "sqlite:///srv/pspm/pspm.db", None),
            ("[::]:8080", ELSEWHERE, None),
            ("127.0.0.1:8080", DEFAULT_DATABASE_URL, Some(false)),
        ] {
            let started = start(&app, config(addr, url, wanted)).await;
            assert_eq!(started, nothing, "{addr} {url} {wanted:?}");
        }
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM users").await, 0);
        assert_eq!(demo_admin_sign_in(&app).await, StatusCode::UNAUTHORIZED);
        assert_eq!(warnings(&app, "0.0.0.0:8080").await, json!([]));

        // A fresh clone's `cargo run`: the default file, on this machine.
        let started = start(&app, config("127.0.0.1:8080", DEFAULT_DATABASE_URL, None)).await;
        assert_eq!(
            started,
            AtStart {
                loaded: true,
                exposed: false,
                no_users: false
            }
        );
        assert_eq!(demo_admin_sign_in(&app).await, StatusCode::OK);
        assert_eq!(warnings(&app, "127.0.0.1:8080").await, json!([]));
        assert_eq!(warnings(&app, "[::1]:8080").await, json!([]));

        // The same database served where other machines reach it: warned.
        let started = start(&app, config("0.0.0.0:8080", DEFAULT_DATABASE_URL, None)).await;
        assert_eq!(
            started,
            AtStart {
                loaded: false,
                exposed: true,
                no_users: false
            }
        );
        assert_eq!(codes(&warnings(&app, "0.0.0.0:8080").await), ["demo_accounts"]);
        assert_eq!(codes(&warnings(&app, "[::]:8080").await), ["demo_accounts"]);

        // Once every demo account is deleted, nothing is left to warn about.
        for login in DEMO_LOGINS {
            let c = app.signed_in(login.email, login.password).await;
            assert_eq!(
                c.json(Method::DELETE, "/api/v1/me", &json!({"current_password": login.password}))
                    .await
                    .status,
                StatusCode::NO_CONTENT,
                "{}",
                login.email
            );
        }
        assert_eq!(warnings(&app, "0.0.0.0:8080").await, json!([]));
        let started = start(&app, config("0.0.0.0:8080", DEFAULT_DATABASE_URL, None)).await;
        assert!(!started.exposed && !started.loaded);
    }
);

both!(
    empty asked_for_the_demo_loads_anywhere_and_is_warned_about,
    |app| async move {
        let started = start(&app, config("0.0.0.0:8080", ELSEWHERE, Some(true))).await;
        assert_eq!(
            started,
            AtStart {
                loaded: true,
                exposed: true,
                no_users: false
            }
        );
        assert_eq!(demo_admin_sign_in(&app).await, StatusCode::OK);
        let w = warnings(&app, "0.0.0.0:8080").await;
        assert_eq!(codes(&w), ["demo_accounts"]);
        assert!(
            w[0]["detail"].as_str().unwrap().contains("published"),
            "{w}"
        );
        // Loaded once: a restart finds users and loads nothing more.
        let again = start(&app, config("0.0.0.0:8080", ELSEWHERE, Some(true))).await;
        assert!(!again.loaded && again.exposed);
    }
);
