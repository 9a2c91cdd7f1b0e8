//! `GET /health`: liveness, database reachability, and warnings about the
//! way the server runs.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use diesel::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::AppState;
use crate::seed::demo;

/// Health report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: &'static str,
    /// `ok` or `unreachable`.
    pub database: &'static str,
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// What an operator should fix although the server works (empty when nothing).
    pub warnings: Vec<HealthWarning>,
}

/// Something an operator should fix.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthWarning {
    /// Stable code: `demo_accounts` (the demo's accounts, whose passwords are
    /// published, exist on a server other machines can reach).
    pub code: &'static str,
    /// Explanation, in English.
    pub detail: &'static str,
}

/// The warning given while demo accounts are exposed.
const DEMO_ACCOUNTS: HealthWarning = HealthWarning {
    code: "demo_accounts",
    detail: "The demo's accounts, whose passwords are published in the README, exist on a \
             server that listens beyond this machine (PSPM_ADDR): delete them, or serve a \
             database without the demo.",
};

/// Liveness and database check.
#[utoipa::path(get, path = "/health", tag = "system",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Response {
    let backend = match state.db.kind() {
        crate::db::BackendKind::Sqlite => "sqlite",
        crate::db::BackendKind::Postgres => "postgres",
    };
    let config = state.config.clone();
    let checked = state
        .db
        .run(move |c| {
            diesel::sql_query("SELECT 1").execute(c)?;
            demo::exposed(c, &config)
        })
        .await;
    let (status, body) = match checked {
        Ok(exposed) => (
            StatusCode::OK,
            Health {
                status: "ok",
                database: "ok",
                backend,
                warnings: if exposed { vec![DEMO_ACCOUNTS] } else { vec![] },
            },
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Health {
                status: "unavailable",
                database: "unreachable",
                backend,
                warnings: vec![],
            },
        ),
    };
    (status, Json(body)).into_response()
}
