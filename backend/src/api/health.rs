//! `GET /health`: liveness and database reachability.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use diesel::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::AppState;

/// Health report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: &'static str,
    /// `ok` or `unreachable`.
    pub database: &'static str,
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
}

/// Liveness and database check.
#[utoipa::path(get, path = "/health", tag = "system",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Response {
    let backend = match state.db.kind() {
        crate::db::BackendKind::Sqlite => "sqlite",
        crate::db::BackendKind::Postgres => "postgres",
    };
    let ok = state
        .db
        .run(|c| Ok(diesel::sql_query("SELECT 1").execute(c)?))
        .await
        .is_ok();
    let (status, body) = if ok {
        (
            StatusCode::OK,
            Health {
                status: "ok",
                database: "ok",
                backend,
            },
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Health {
                status: "unavailable",
                database: "unreachable",
                backend,
            },
        )
    };
    (status, Json(body)).into_response()
}
