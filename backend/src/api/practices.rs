//! `/api/v1/practices[/{id}]`: the good-practice catalogue.

use super::Meta;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiQuery, Id, Ids, MaybeActor, RequireActor};
use crate::services::practices::edit::{
    self as practice_edit, PracticeInput, PracticeRow, TextOutcome, TextsInput, TransitionInput,
};
use crate::services::practices::links::{self as practice_links, LinkedNode};
use crate::services::practices::ratings::{self, RatingInput, RatingView};
use crate::services::practices::{self, PracticeDetail, SearchParams, SearchResult};
use pspm_frontend::model::{Facets, PracticeHit};

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
    responses((status = 200, body = PracticePage), (status = 422, body = ErrorBody)))]
pub async fn list_practices(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
    ApiQuery(l): ApiQuery<LangParam>,
) -> AppResult<Json<PracticePage>> {
    let result = state.search_practices(params, lang(&l)).await?;
    let SearchResult {
        practices,
        total,
        page,
        per_page,
        facets,
        suggestion,
    } = result.as_ref().clone();
    Ok(Json(PracticePage {
        practices,
        meta: Meta {
            total,
            page,
            per_page,
        },
        facets,
        suggestion,
    }))
}

/// `{"practices": […], "meta": …, "facets": …}`: one page of the catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticePage {
    /// This page.
    pub practices: Vec<PracticeHit>,
    /// Paging.
    pub meta: Meta,
    /// Facet counts.
    pub facets: Facets,
    /// When few practices have the words typed: the query with its
    /// misspelt words corrected, whose matches follow the exact ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// One published practice.
#[utoipa::path(get, path = "/api/v1/practices/{id}", tag = "practices",
    params(("id" = i32, Path, description = "Practice id"), LangParam),
    responses((status = 200, body = PracticeEnvelope), (status = 404, body = ErrorBody)))]
pub async fn find_practice(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
    ApiQuery(l): ApiQuery<LangParam>,
) -> AppResult<Json<PracticeEnvelope>> {
    let lang = lang(&l);
    let practice = state
        .db
        .run(move |c| practices::detail(c, actor.as_ref(), id, &lang))
        .await?;
    Ok(Json(PracticeEnvelope { practice }))
}

/// Drafts a practice for the caller's organisation (administrators: any organisation).
#[utoipa::path(post, path = "/api/v1/practices", tag = "practices", request_body = PracticeInput,
    responses((status = 201, body = PracticeEnvelope), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_practice(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<PracticeInput>,
) -> AppResult<(StatusCode, Json<PracticeEnvelope>)> {
    let practice = state
        .db
        .run(move |c| {
            let p = practice_edit::create(c, &actor, &input)?;
            practices::detail(c, Some(&actor), p.id, &p.original_language)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(PracticeEnvelope { practice })))
}

/// Changes a practice: its fields, tags, SDGs, links and the texts in `lang`
/// (the owner organisation while it is a draft; administrators always).
#[utoipa::path(put, path = "/api/v1/practices/{id}", tag = "practices", request_body = PracticeInput,
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 200, body = PracticeEnvelope), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_practice(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<PracticeInput>,
) -> AppResult<Json<PracticeEnvelope>> {
    let practice = state
        .db
        .run(move |c| {
            let p = practice_edit::update(c, &actor, id, &input)?;
            practices::detail(c, Some(&actor), p.id, &input.texts.lang)
        })
        .await?;
    Ok(Json(PracticeEnvelope { practice }))
}

/// A change to a published practice's texts, waiting for review.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingChange {
    /// Always `pending_review`.
    pub status: String,
}

/// Adds or replaces the texts of a practice in one language: stored at
/// once (204), or, for a published practice changed by its organisation,
/// kept until an administrator publishes the change (202).
#[utoipa::path(post, path = "/api/v1/practices/{id}/texts", tag = "practices", request_body = TextsInput,
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 204), (status = 202, body = PendingChange), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_texts(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<TextsInput>,
) -> AppResult<Response> {
    let outcome = state
        .db
        .run(move |c| practice_edit::put_translation(c, &actor, id, &input))
        .await?;
    Ok(match outcome {
        TextOutcome::Saved => StatusCode::NO_CONTENT.into_response(),
        TextOutcome::Pending => (
            StatusCode::ACCEPTED,
            Json(PendingChange {
                status: "pending_review".into(),
            }),
        )
            .into_response(),
    })
}

/// What an administrator decides about a text change: `publish` or `reject`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TextChangeDecision {
    /// `publish` or `reject`.
    pub action: String,
}

/// Publishes or rejects the change waiting for a practice's texts in one
/// language (administrators).
#[utoipa::path(post, path = "/api/v1/practices/{id}/text-changes/{lang}", tag = "practices", request_body = TextChangeDecision,
    params(("id" = i32, Path, description = "Practice id"), ("lang" = String, Path, description = "Language of the change")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review_text_change(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Ids((id, lang)): Ids<(i32, String)>,
    ApiJson(body): ApiJson<TextChangeDecision>,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| practice_edit::review_text(c, &actor, id, &lang, &body.action))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The status after a workflow step.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeState {
    /// `draft`, `submitted`, `published` or `archived`.
    #[schema(value_type = crate::domain::PracticeStatus)]
    pub status: String,
}

/// Moves a practice along `draft → submitted → published → archived`: the owner
/// submits (and may archive); an administrator publishes, returns with a comment, restores.
#[utoipa::path(post, path = "/api/v1/practices/{id}/transition", tag = "practices", request_body = TransitionInput,
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 200, body = PracticeState), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition_practice(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<TransitionInput>,
) -> AppResult<Json<PracticeState>> {
    let status = state
        .db
        .run(move |c| practice_edit::transition(c, &actor, id, &input))
        .await?;
    Ok(Json(PracticeState {
        status: status.to_string(),
    }))
}

/// `{"practices": […]}` for management lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeRows {
    /// Practices.
    pub practices: Vec<PracticeRow>,
    /// Counts (the whole list is one page).
    pub meta: Meta,
}

/// Submissions waiting for review, oldest first (administrators).
#[utoipa::path(get, path = "/api/v1/practices/review-queue", tag = "practices",
    responses((status = 200, body = PracticeRows), (status = 403, body = ErrorBody)))]
pub async fn review_queue(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> AppResult<Json<PracticeRows>> {
    let practices = state
        .db
        .run(move |c| practice_edit::review_queue(c, &actor))
        .await?;
    Ok(Json(PracticeRows {
        meta: Meta::whole(practices.len()),
        practices,
    }))
}

/// Ratings of a practice and their mean.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingList {
    /// Mean stars (none without ratings).
    pub mean: Option<f64>,
    /// Ratings, newest first.
    pub ratings: Vec<RatingView>,
    /// Counts (the whole list is one page).
    pub meta: Meta,
}

/// Ratings of a practice.
#[utoipa::path(get, path = "/api/v1/practices/{id}/ratings", tag = "practices",
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 200, body = RatingList), (status = 404, body = ErrorBody)))]
pub async fn list_ratings(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<RatingList>> {
    let p = state
        .db
        .run(move |c| practices::detail(c, actor.as_ref(), id, "en"))
        .await?;
    Ok(Json(RatingList {
        mean: p.rating,
        meta: Meta::whole(p.ratings.len()),
        ratings: p.ratings,
    }))
}

/// The rating's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingId {
    /// Id.
    pub rating_id: i32,
}

/// Rates a published practice 1–5 with an optional review; rating again changes it.
#[utoipa::path(post, path = "/api/v1/practices/{id}/ratings", tag = "practices", request_body = RatingInput,
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 200, body = RatingId), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rate_practice(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<RatingInput>,
) -> AppResult<Json<RatingId>> {
    let rating_id = state
        .db
        .run(move |c| ratings::rate(c, &actor, id, &input))
        .await?;
    Ok(Json(RatingId { rating_id }))
}

/// `{"informs": […]}`: the plan actions a practice informs.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkList {
    /// Linked actions.
    pub informs: Vec<LinkedNode>,
    /// Counts (the whole list is one page).
    pub meta: Meta,
}

/// Plan actions a practice informs.
#[utoipa::path(get, path = "/api/v1/practices/{id}/links", tag = "practices",
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 200, body = LinkList), (status = 404, body = ErrorBody)))]
pub async fn list_links(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<LinkList>> {
    let informs = state
        .db
        .run(move |c| {
            practices::readable(c, actor.as_ref(), id)?;
            practice_links::for_practice(c, id)
        })
        .await?;
    Ok(Json(LinkList {
        meta: Meta::whole(informs.len()),
        informs,
    }))
}

/// The action to link.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LinkInput {
    /// Plan node id (an action of a plan the caller may edit).
    pub node_id: i32,
}

/// Links a practice to a plan action it informs (planners of that plan).
#[utoipa::path(post, path = "/api/v1/practices/{id}/links", tag = "practices", request_body = LinkInput,
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link_practice(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<LinkInput>,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| practice_links::link(c, &actor, id, input.node_id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the link between a practice and a plan action.
#[utoipa::path(delete, path = "/api/v1/practices/{id}/links/{node_id}", tag = "practices",
    params(("id" = i32, Path, description = "Practice id"), ("node_id" = i32, Path, description = "Node id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn unlink_practice(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Ids((id, node_id)): Ids<(i32, i32)>,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| practice_links::unlink(c, &actor, id, node_id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `{"adoptions": […]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdoptionList {
    /// Adoptions.
    pub adoptions: Vec<crate::services::practices::adoptions::AdoptionView>,
    /// Counts (the whole list is one page).
    pub meta: Meta,
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
    #[schema(pattern = "^(confirm|reject)$")]
    pub decision: String,
}

/// Confirmed adoptions of a practice.
#[utoipa::path(get, path = "/api/v1/practices/{id}/adoptions", tag = "practices", params(("id" = i32, Path, description = "Practice id")),
    responses((status = 200, body = AdoptionList), (status = 404, body = ErrorBody)))]
pub async fn list_adoptions(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<AdoptionList>> {
    let adoptions = state
        .db
        .run(move |c| {
            practices::readable(c, actor.as_ref(), id)?;
            crate::services::practices::adoptions::confirmed(c, id)
        })
        .await?;
    Ok(Json(AdoptionList {
        meta: Meta::whole(adoptions.len()),
        adoptions,
    }))
}

/// Declares that the caller's organisation adopted a practice (pending the owner's decision).
#[utoipa::path(post, path = "/api/v1/practices/{id}/adoptions", tag = "practices", request_body = crate::services::practices::adoptions::AdoptionInput,
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 201, body = DeclaredAdoption), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn declare_adoption(
    State(state): State<AppState>,
    crate::http::extract::RequireActor(actor): crate::http::extract::RequireActor,
    Id(id): Id,
    crate::http::extract::ApiJson(input): crate::http::extract::ApiJson<
        crate::services::practices::adoptions::AdoptionInput,
    >,
) -> AppResult<(axum::http::StatusCode, Json<DeclaredAdoption>)> {
    let adoption_id = state
        .db
        .run(move |c| crate::services::practices::adoptions::declare(c, &actor, id, &input))
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
    crate::http::extract::RequireActor(actor): crate::http::extract::RequireActor,
    Id(id): Id,
    crate::http::extract::ApiJson(body): crate::http::extract::ApiJson<Decision>,
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
        .run(move |c| crate::services::practices::adoptions::decide(c, &actor, id, confirm))
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The export format.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `json` (the default, format `pspm-practices/1`) or `csv`.
    #[param(pattern = "^(json|csv)?$")]
    pub format: Option<String>,
}

/// The published practices with their texts in every language, ordered by slug,
/// as JSON (`pspm-practices/1`) or CSV (one row per practice and language).
#[utoipa::path(get, path = "/api/v1/practices/export", tag = "practices", params(ExportParams),
    responses((status = 200, description = "The published practices",
        content((crate::services::practices::exchange::PracticesDoc = "application/json"), (String = "text/csv"))),
        (status = 422, body = ErrorBody)))]
pub async fn export_practices(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ExportParams>,
) -> AppResult<Response> {
    use crate::services::practices::exchange::{self as practice_io, Format};
    use axum::http::{HeaderValue, header};
    let format = match params.format.as_deref() {
        None | Some("") => Format::Json,
        Some(f) => Format::parse(f).ok_or_else(|| {
            crate::error::AppError::field("format", "invalid_choice", "format must be csv or json")
        })?,
    };
    let doc = state
        .db
        .run(move |c| practice_io::export_doc(c, true))
        .await?;
    let mut r = match format {
        Format::Json => Json(doc).into_response(),
        Format::Csv => {
            let mut r = practice_io::to_csv(&doc)?.into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            r
        }
    };
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!(
            "attachment; filename=\"practices.{}\"",
            format.as_str()
        ))
        .unwrap_or(HeaderValue::from_static("attachment")),
    );
    Ok(r)
}

/// Imports practices (administrators): a `pspm-practices/1` JSON document with
/// `Content-Type: application/json`, or CSV with `Content-Type: text/csv`.
/// Practices are matched by slug; either all are valid and stored, or nothing
/// is stored and every bad row or entry is listed (`line 3: title`,
/// `practices.2.title`).
#[utoipa::path(post, path = "/api/v1/practices/import", tag = "practices",
    request_body(description = "The practices, as JSON or CSV",
        content((crate::services::practices::exchange::PracticesDoc = "application/json"), (String = "text/csv"))),
    responses((status = 200, body = crate::services::practices::exchange::ImportReport), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import_practices(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    headers: axum::http::HeaderMap,
    body: axum::body::Body,
) -> AppResult<Json<crate::services::practices::exchange::ImportReport>> {
    use crate::error::{AppError, ErrorItem};
    use crate::services::practices::exchange::{self as practice_io, Format};
    actor.require_admin()?;
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let format = if content_type.starts_with("application/json") {
        Format::Json
    } else if content_type.starts_with("text/csv") {
        Format::Csv
    } else {
        return Err(AppError::Validation(vec![ErrorItem {
            code: "unsupported_media_type".into(),
            detail:
                "Send JSON with Content-Type: application/json or CSV with Content-Type: text/csv."
                    .into(),
            field: None,
        }]));
    };
    let bytes = axum::body::to_bytes(body, crate::http::BODY_LIMIT)
        .await
        .map_err(|_| AppError::TooLarge)?;
    let parsed = practice_io::read(format, &bytes)?;
    let report = state
        .db
        .run(move |c| practice_io::import(c, Some(&actor), parsed, &mut |_, _| {}))
        .await?;
    Ok(Json(report))
}
