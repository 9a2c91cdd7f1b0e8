//! `/api/v1/analytics/…`: the dashboards' indicators as JSON and their charts as
//! SVG.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pspm_analytics::model::{Impact, Participation, QualityScore, Reuse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::http::extract::{ApiQuery, MaybeActor};
use crate::services::analytics::dashboards;
use crate::services::analytics::{self, AnalyticsFilters};

/// Participation indicators (k-anonymous: groups under 5 people are `null`).
#[utoipa::path(get, path = "/api/v1/analytics/participation", tag = "analytics", params(AnalyticsFilters),
    responses((status = 200, body = Participation), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn participation(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    ApiQuery(f): ApiQuery<AnalyticsFilters>,
) -> AppResult<Json<Participation>> {
    let cache = state.analytics.clone();
    let p = state
        .db
        .run(move |c| analytics::participation(c, &cache, actor.as_ref(), &f))
        .await?;
    Ok(Json((*p).clone()))
}

/// `{"scores": […]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct QualityReport {
    /// Influence, transparency and traceability, each scored 1–5.
    pub scores: Vec<QualityScore>,
}

/// Democratic-quality scores.
#[utoipa::path(get, path = "/api/v1/analytics/quality", tag = "analytics", params(AnalyticsFilters),
    responses((status = 200, body = QualityReport), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn quality(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    ApiQuery(f): ApiQuery<AnalyticsFilters>,
) -> AppResult<Json<QualityReport>> {
    let cache = state.analytics.clone();
    let q = state
        .db
        .run(move |c| analytics::quality(c, &cache, actor.as_ref(), &f))
        .await?;
    Ok(Json(QualityReport {
        scores: q.1.clone(),
    }))
}

/// Impact of one plan (`plan` is required): indicators with status and forecast, progress and schedule breakdowns.
#[utoipa::path(get, path = "/api/v1/analytics/impact", tag = "analytics", params(AnalyticsFilters),
    responses((status = 200, body = Impact), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn impact(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    ApiQuery(f): ApiQuery<AnalyticsFilters>,
) -> AppResult<Json<Impact>> {
    let cache = state.analytics.clone();
    let i = state
        .db
        .run(move |c| analytics::impact(c, &cache, actor.as_ref(), &f))
        .await?;
    Ok(Json((*i).clone()))
}

/// Reuse of good practices (only confirmed adoptions count).
#[utoipa::path(get, path = "/api/v1/analytics/practices", tag = "analytics", params(AnalyticsFilters),
    responses((status = 200, body = Reuse), (status = 422, body = ErrorBody)))]
pub async fn practices(
    State(state): State<AppState>,
    ApiQuery(f): ApiQuery<AnalyticsFilters>,
) -> AppResult<Json<Reuse>> {
    let cache = state.analytics.clone();
    let r = state
        .db
        .run(move |c| analytics::reuse(c, &cache, &f))
        .await?;
    Ok(Json((*r).clone()))
}

/// The language of chart texts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChartLang {
    /// en, it, es or lv (default en).
    pub lang: Option<String>,
}

/// A dashboard chart as SVG (`participation-daily`, `participation-by-organisation-kind`,
/// `response-status`, `progress-by-area`, `indicator-{id}`, `adoptions-by-territory`), with the dashboard's filters.
#[utoipa::path(get, path = "/api/v1/analytics/charts/{file}", tag = "analytics",
    params(("file" = String, Path, description = "Chart id followed by .svg"), AnalyticsFilters, ChartLang),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn chart(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Path(file): Path<String>,
    ApiQuery(f): ApiQuery<AnalyticsFilters>,
    ApiQuery(l): ApiQuery<ChartLang>,
) -> AppResult<Response> {
    let Some(id) = file.strip_suffix(".svg").map(str::to_owned) else {
        return Err(AppError::NotFound("chart"));
    };
    let Some(key) = dashboards::board_of_chart(&id) else {
        return Err(AppError::NotFound("chart"));
    };
    let cache = state.analytics.clone();
    let tr = pspm_frontend::i18n::Tr::new(
        l.lang
            .as_deref()
            .and_then(pspm_frontend::Lang::parse)
            .unwrap_or_default(),
    );
    let lang = tr.lang.code();
    let board = state
        .db
        .run(move |c| dashboards::load(c, &cache, actor.as_ref(), key, &f, lang))
        .await?;
    let chart = dashboards::charts(tr, &board)
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound("chart"))?;
    let mut r = (StatusCode::OK, chart.svg).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml; charset=utf-8"),
    );
    Ok(r)
}
