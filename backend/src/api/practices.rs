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
