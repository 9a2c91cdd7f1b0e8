//! `GET /api/v1/audit`: the audit trail (administrators).

use axum::Json;
use axum::extract::State;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Meta;
use crate::app::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::http::extract::{ApiQuery, RequireActor};
use crate::services::Paging;
use crate::services::accounts::audit;

/// An audit event.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventView {
    /// Id.
    pub id: i32,
    /// Who (user id; none for the system).
    pub actor_id: Option<i32>,
    /// What was done, e.g. `organisation.update`.
    pub action: String,
    /// Entity type.
    pub entity: String,
    /// Entity id.
    pub entity_id: Option<i32>,
    /// What changed.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    /// When (UTC).
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
}

/// `{"audit_events": […], "meta": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    /// This page, newest first.
    pub audit_events: Vec<AuditEventView>,
    /// Paging.
    pub meta: Meta,
}

/// Filters of the audit list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Page number, from 1 (default 1).
    #[param(minimum = 1)]
    pub page: Option<i64>,
    /// Items per page, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
    /// Only events about this entity type (e.g. `organisation`).
    pub entity: Option<String>,
}

/// Lists audit events, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = AuditList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_audit_events(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(q): ApiQuery<AuditParams>,
) -> AppResult<Json<AuditList>> {
    let paging = Paging::new(q.page, q.per_page)?;
    let (rows, total) = state
        .db
        .run(move |c| audit::list(c, &actor, q.entity.as_deref(), paging))
        .await?;
    Ok(Json(AuditList {
        audit_events: rows
            .into_iter()
            .map(|e| AuditEventView {
                id: e.id,
                actor_id: e.actor_id,
                action: e.action,
                entity: e.entity,
                entity_id: e.entity_id,
                changes: serde_json::from_str(&e.changes).unwrap_or(serde_json::Value::Null),
                created_at: e.created_at,
            })
            .collect(),
        meta: Meta {
            total,
            page: paging.page,
            per_page: paging.per_page,
        },
    }))
}
