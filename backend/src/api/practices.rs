//! `/api/v1/practices[/{id}]`: the good-practice catalogue.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::extract::{ApiQuery, Id};
use crate::services::practices::{self, PracticeDetail, SearchParams, SearchResult};

/// The language to show texts in (falls back to each practice's original).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangParam {
    /// en, it, es or lv (default en).
    pub lang: Option<String>,
}

fn lang(p: &LangParam) -> String {
    p.lang
        .as_deref()
        .and_then(pspm_frontend::Lang::parse)
        .unwrap_or_default()
        .code()
        .to_owned()
}

/// `{"practice": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeEnvelope {
    /// The practice.
    pub practice: PracticeDetail,
}

/// Searches the published catalogue: full text (all words must match) and facets.
#[utoipa::path(get, path = "/api/v1/practices", tag = "practices", params(SearchParams, LangParam),
    responses((status = 200, body = SearchResult), (status = 422, body = ErrorBody)))]
pub async fn list_practices(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
    Query(l): Query<LangParam>,
) -> AppResult<Json<SearchResult>> {
    let lang = lang(&l);
    Ok(Json(
        state
            .db
            .run(move |c| practices::search(c, &params, &lang))
            .await?,
    ))
}

/// One published practice.
#[utoipa::path(get, path = "/api/v1/practices/{id}", tag = "practices",
    params(("id" = i32, Path, description = "Practice id"), LangParam),
    responses((status = 200, body = PracticeEnvelope), (status = 404, body = ErrorBody)))]
pub async fn find_practice(
    State(state): State<AppState>,
    Id(id): Id,
    Query(l): Query<LangParam>,
) -> AppResult<Json<PracticeEnvelope>> {
    let lang = lang(&l);
    let practice = state
        .db
        .run(move |c| practices::detail(c, id, &lang))
        .await?;
    Ok(Json(PracticeEnvelope { practice }))
}

/// `{"adoptions": […]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdoptionList {
    /// Adoptions.
    pub adoptions: Vec<crate::services::adoptions::AdoptionView>,
}

/// A declared adoption's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeclaredAdoption {
    /// Id (pending until the owner decides).
    pub adoption_id: i32,
}

/// The owner's decision.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Decision {
    /// `confirm` or `reject`.
    pub decision: String,
}

/// Confirmed adoptions of a practice.
#[utoipa::path(get, path = "/api/v1/practices/{id}/adoptions", tag = "practices", params(("id" = i32, Path, description = "Practice id")),
    responses((status = 200, body = AdoptionList), (status = 404, body = ErrorBody)))]
pub async fn list_adoptions(
    State(state): State<AppState>,
    Id(id): Id,
) -> AppResult<Json<AdoptionList>> {
    let adoptions = state
        .db
        .run(move |c| {
            practices::detail(c, id, "en")?;
            crate::services::adoptions::confirmed(c, id)
        })
        .await?;
    Ok(Json(AdoptionList { adoptions }))
}

/// Declares that the caller's organisation adopted a practice (pending the owner's decision).
#[utoipa::path(post, path = "/api/v1/practices/{id}/adoptions", tag = "practices", request_body = crate::services::adoptions::AdoptionInput,
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 201, body = DeclaredAdoption), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn declare_adoption(
    State(state): State<AppState>,
    crate::extract::RequireActor(actor): crate::extract::RequireActor,
    Id(id): Id,
    crate::extract::ApiJson(input): crate::extract::ApiJson<
        crate::services::adoptions::AdoptionInput,
    >,
) -> AppResult<(axum::http::StatusCode, Json<DeclaredAdoption>)> {
    let adoption_id = state
        .db
        .run(move |c| crate::services::adoptions::declare(c, &actor, id, &input))
        .await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(DeclaredAdoption { adoption_id }),
    ))
}

/// Confirms or rejects an adoption (the owner organisation, administrators).
#[utoipa::path(post, path = "/api/v1/adoptions/{id}/decision", tag = "practices", request_body = Decision,
    params(("id" = i32, Path, description = "Adoption id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_adoption(
    State(state): State<AppState>,
    crate::extract::RequireActor(actor): crate::extract::RequireActor,
    Id(id): Id,
    crate::extract::ApiJson(body): crate::extract::ApiJson<Decision>,
) -> AppResult<axum::http::StatusCode> {
    let confirm = match body.decision.as_str() {
        "confirm" => true,
        "reject" => false,
        _ => {
            return Err(crate::error::AppError::field(
                "decision",
                "invalid_choice",
                "decision must be confirm or reject",
            ));
        }
    };
    state
        .db
        .run(move |c| crate::services::adoptions::decide(c, &actor, id, confirm))
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
