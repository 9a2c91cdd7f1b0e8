//! `/api/v1/organisations[/{id}]`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Meta, PageParams};
use crate::app::AppState;
use crate::db::organisation::Organisation;
use crate::error::{AppResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiQuery, Id, RequireActor};
use crate::services::Paging;
use crate::services::accounts::organisations::{self, OrganisationInput};

/// An organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationView {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Level.
    pub level: String,
    /// Territory code.
    pub territory_code: Option<String>,
    /// Parent id.
    pub parent_id: Option<i32>,
    /// Created at (UTC).
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
    /// Updated at (UTC).
    #[serde(with = "pspm_analytics::utc")]
    pub updated_at: NaiveDateTime,
    /// The time zone it works in (IANA name); its consultations' windows
    /// are entered and shown in it.
    pub time_zone: String,
}

impl From<Organisation> for OrganisationView {
    fn from(o: Organisation) -> Self {
        Self {
            id: o.id,
            name: o.name,
            kind: o.kind.to_string(),
            level: o.level.to_string(),
            territory_code: o.territory_code,
            time_zone: o.time_zone,
            parent_id: o.parent_id,
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

/// `{"organisation": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationEnvelope {
    /// The organisation.
    pub organisation: OrganisationView,
}

/// `{"organisations": […], "meta": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationList {
    /// This page.
    pub organisations: Vec<OrganisationView>,
    /// Paging.
    pub meta: Meta,
}

/// Lists organisations by name (public).
#[utoipa::path(get, path = "/api/v1/organisations", tag = "organisations", params(PageParams),
    responses((status = 200, body = OrganisationList), (status = 422, body = ErrorBody)))]
pub async fn list_organisations(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> AppResult<Json<OrganisationList>> {
    let paging = Paging::new(q.page, q.per_page)?;
    let (rows, total) = state
        .db
        .run(move |c| organisations::list(c, paging))
        .await?;
    Ok(Json(OrganisationList {
        organisations: rows.into_iter().map(Into::into).collect(),
        meta: Meta {
            total,
            page: paging.page,
            per_page: paging.per_page,
        },
    }))
}

/// One organisation (public).
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = i32, Path, description = "Organisation id")),
    responses((status = 200, body = OrganisationEnvelope), (status = 404, body = ErrorBody)))]
pub async fn find_organisation(
    State(state): State<AppState>,
    Id(id): Id,
) -> AppResult<Json<OrganisationEnvelope>> {
    let org = state.db.run(move |c| organisations::find(c, id)).await?;
    Ok(Json(OrganisationEnvelope {
        organisation: org.into(),
    }))
}

/// Creates an organisation (administrators).
#[utoipa::path(post, path = "/api/v1/organisations", tag = "organisations", request_body = OrganisationInput,
    responses((status = 201, body = OrganisationEnvelope), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_organisation(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> AppResult<(StatusCode, Json<OrganisationEnvelope>)> {
    let org = state
        .db
        .run(move |c| organisations::create(c, &actor, &input))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(OrganisationEnvelope {
            organisation: org.into(),
        }),
    ))
}

/// Replaces an organisation's fields (administrators).
#[utoipa::path(patch, path = "/api/v1/organisations/{id}", tag = "organisations", request_body = OrganisationInput,
    params(("id" = i32, Path, description = "Organisation id")),
    responses((status = 200, body = OrganisationEnvelope), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_organisation(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> AppResult<Json<OrganisationEnvelope>> {
    let org = state
        .db
        .run(move |c| organisations::update(c, &actor, id, &input))
        .await?;
    Ok(Json(OrganisationEnvelope {
        organisation: org.into(),
    }))
}
