#![doc = include_str!("../README.md")]

pub mod browser;
pub mod consultations;
pub mod html;
pub mod open_data;
pub mod plans;
pub mod practices;
pub mod smtp;

mod app;
mod client;
mod postgres;

pub use app::{Backend, TestApp};
pub use client::{TestClient, TestResponse, error_fields};

/// Whether skipping is forbidden (CI sets `PSPM_REQUIRE_ALL=1`).
pub fn require_all() -> bool {
    std::env::var("PSPM_REQUIRE_ALL").is_ok_and(|v| v == "1" || v == "true")
}

/// Prints a loud skip notice, or fails when skipping is forbidden.
pub fn skip(what: &str, why: &str) {
    assert!(
        !require_all(),
        "{what}: cannot run ({why}) and PSPM_REQUIRE_ALL is set"
    );
    eprintln!("\n*** SKIPPED {what}: {why} ***\n");
}

/// The password of every seeded user.
pub const PASSWORD: &str = "test-password-123";

/// Runs a test body on SQLite and on PostgreSQL: `both!(name, |app| async move { … });`,
/// or `both!(empty name, |app| …)` on a database with no organisation and no user.
#[macro_export]
macro_rules! both {
    (empty $name:ident, |$app:ident| $body:expr) => {
        $crate::both!(@on empty, $name, |$app| $body);
    };
    ($name:ident, |$app:ident| $body:expr) => {
        $crate::both!(@on new, $name, |$app| $body);
    };
    (@on $make:ident, $name:ident, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: $crate::TestApp) {
                $body.await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::TestApp::$make($crate::Backend::Sqlite)
                    .await
                    .expect("sqlite always runs");
                run(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::TestApp::$make($crate::Backend::Postgres).await {
                    run(app).await;
                }
            }
        }
    };
}
