//! `/api/v1/plans/{id}/consultations`, `/api/v1/consultations/{id}…`,
//! `/api/v1/contributions/{id}…` and the caller's contributions and notifications.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Meta, PageParams};
use crate::app::AppState;
use crate::db::follow::Followed;
use crate::error::{AppResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiQuery, Id, MaybeActor, RequireActor};
use crate::services::consultations::{
    self, ConsultationInput, ConsultationView, ContributionInput, ContributionView, EditInput,
    PointsInput, QueueParams, ResponseInput,
};
use crate::services::{Actor, Paging};

/// `{"consultation": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationEnvelope {
    /// The consultation with contributions and rankings.
    pub consultation: ConsultationView,
}

/// `{"consultations": […]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationList {
    /// Newest first.
    pub consultations: Vec<ConsultationView>,
    /// Counts (the whole list is one page).
    pub meta: Meta,
}

/// `{"contribution": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionEnvelope {
    /// The contribution.
    pub contribution: ContributionView,
}

/// `{"contributions": […]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionList {
    /// Contributions.
    pub contributions: Vec<ContributionView>,
    /// Counts (the whole list is one page).
    pub meta: Meta,
}

/// `{"contributions": […], "meta": …}`: one page of a consultation's contributions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionPage {
    /// Contributions, replies included, oldest first.
    pub contributions: Vec<ContributionView>,
    /// Paging.
    pub meta: Meta,
}

/// Priority points of the caller.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PrioritiesInput {
    /// Points per action (replaces the caller's earlier allocation).
    pub points: Vec<PointsInput>,
}

/// A reason (reports, moderation).
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReasonInput {
    /// Why.
    #[schema(pattern = "pspm:text", max_length = 1000)]
    pub reason: String,
}

/// A notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    /// Id.
    pub id: i32,
    /// `response`, `reply` or `consultation_opened`.
    pub kind: String,
    /// Ids and titles concerned.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// Read.
    pub read: bool,
    /// Created at.
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
}

/// `{"notifications": […], "unread": n}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationList {
    /// Newest first.
    pub notifications: Vec<NotificationView>,
    /// Unread count.
    pub unread: i64,
    /// Counts (the whole list is one page).
    pub meta: Meta,
}

/// Opens a consultation on a plan in the consultation state.
#[utoipa::path(post, path = "/api/v1/plans/{id}/consultations", tag = "consultations", request_body = ConsultationInput,
    params(("id" = i32, Path, description = "Plan id")),
    responses((status = 201, body = ConsultationEnvelope), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_consultation(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(plan): Id,
    ApiJson(input): ApiJson<ConsultationInput>,
) -> AppResult<(StatusCode, Json<ConsultationEnvelope>)> {
    let consultation = state
        .db
        .run(move |c| {
            let created = consultations::create(c, &actor, plan, &input)?;
            consultations::summary(c, Some(&actor), created.id, consultations::RANKED_PROPOSALS)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ConsultationEnvelope { consultation }),
    ))
}

/// Consultations of a plan.
#[utoipa::path(get, path = "/api/v1/plans/{id}/consultations", tag = "consultations", params(("id" = i32, Path, description = "Plan id")),
    responses((status = 200, body = ConsultationList), (status = 404, body = ErrorBody)))]
pub async fn list_consultations(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(plan): Id,
) -> AppResult<Json<ConsultationList>> {
    let versions = consultations::SummaryVersions {
        plans: state.plans_version.current(&state.db).await?,
        names: state.names_version.current(&state.db).await?,
    };
    let kept = state.summaries.clone();
    let consultations = state
        .db
        .run(move |c| {
            consultations::summaries_of_plan(
                c,
                &kept,
                versions,
                actor.as_ref(),
                plan,
                consultations::RANKED_PROPOSALS,
            )
        })
        .await?;
    Ok(Json(ConsultationList {
        meta: Meta::whole(consultations.len()),
        consultations,
    }))
}

/// A consultation with its contribution count, top proposals and action ranking.
///
/// `contributions` and `proposals_ranked` hold the 50 most supported proposals;
/// every contribution is at `/api/v1/consultations/{id}/contributions`, a page
/// at a time.
#[utoipa::path(get, path = "/api/v1/consultations/{id}", tag = "consultations", params(("id" = i32, Path, description = "Consultation id")),
    responses((status = 200, body = ConsultationEnvelope), (status = 404, body = ErrorBody)))]
pub async fn find_consultation(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<ConsultationEnvelope>> {
    let consultation = state
        .db
        .run(move |c| {
            consultations::summary(c, actor.as_ref(), id, consultations::RANKED_PROPOSALS)
        })
        .await?;
    Ok(Json(ConsultationEnvelope { consultation }))
}

/// Contributions of a consultation, replies included, oldest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/consultations/{id}/contributions", tag = "consultations",
    params(("id" = i32, Path, description = "Consultation id"), PageParams),
    responses((status = 200, body = ContributionPage), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_contributions(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
    ApiQuery(q): ApiQuery<PageParams>,
) -> AppResult<Json<ContributionPage>> {
    let paging = Paging::new(q.page, q.per_page)?;
    let (_, contributions, total) = state
        .db
        .run(move |c| consultations::contributions_page(c, actor.as_ref(), id, paging))
        .await?;
    Ok(Json(ContributionPage {
        contributions,
        meta: Meta {
            total,
            page: paging.page,
            per_page: paging.per_page,
        },
    }))
}

/// Comments, replies or proposes, on behalf of the caller's organisation.
#[utoipa::path(post, path = "/api/v1/consultations/{id}/contributions", tag = "consultations", request_body = ContributionInput,
    params(("id" = i32, Path, description = "Consultation id")),
    responses((status = 201, body = ContributionEnvelope), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_contribution(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<ContributionInput>,
) -> AppResult<(StatusCode, Json<ContributionEnvelope>)> {
    let contribution = state
        .db
        .run(move |c| {
            let created = consultations::contribute(c, &actor, id, &input)?;
            consultations::contribution_view(c, Some(&actor), created.id)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ContributionEnvelope { contribution }),
    ))
}

/// One contribution with its supports and response.
#[utoipa::path(get, path = "/api/v1/contributions/{id}", tag = "consultations", params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 200, body = ContributionEnvelope), (status = 404, body = ErrorBody)))]
pub async fn find_contribution(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<ContributionEnvelope>> {
    let contribution = state
        .db
        .run(move |c| consultations::contribution_view(c, actor.as_ref(), id))
        .await?;
    Ok(Json(ContributionEnvelope { contribution }))
}

/// Supports a proposal.
#[utoipa::path(post, path = "/api/v1/contributions/{id}/supports", tag = "consultations", params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn create_support(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| consultations::support(c, &actor, id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Follows a consultation: a notification (and e-mail) for each new contribution.
#[utoipa::path(post, path = "/api/v1/consultations/{id}/follow", tag = "consultations", params(("id" = i32, Path, description = "Consultation id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn follow_consultation(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<StatusCode> {
    following(&state, actor, Followed::Consultation(id), true).await
}

/// Stops following the consultation.
#[utoipa::path(delete, path = "/api/v1/consultations/{id}/follow", tag = "consultations", params(("id" = i32, Path, description = "Consultation id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn unfollow_consultation(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<StatusCode> {
    following(&state, actor, Followed::Consultation(id), false).await
}

/// Follows the thread of a contribution: a notification (and e-mail) for each reply and the official response.
#[utoipa::path(post, path = "/api/v1/contributions/{id}/follow", tag = "consultations", params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn follow_thread(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<StatusCode> {
    following(&state, actor, Followed::Thread(id), true).await
}

/// Stops following the thread.
#[utoipa::path(delete, path = "/api/v1/contributions/{id}/follow", tag = "consultations", params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn unfollow_thread(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<StatusCode> {
    following(&state, actor, Followed::Thread(id), false).await
}

/// Starts or stops following `what` for `actor`.
async fn following(
    state: &AppState,
    actor: Actor,
    what: Followed,
    follow: bool,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| consultations::set_following(c, &actor, what, follow))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws the caller's support.
#[utoipa::path(delete, path = "/api/v1/contributions/{id}/supports", tag = "consultations", params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn delete_support(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| consultations::withdraw_support(c, &actor, id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces the caller's priority points (sum within the budget).
#[utoipa::path(put, path = "/api/v1/consultations/{id}/priorities", tag = "consultations", request_body = PrioritiesInput,
    params(("id" = i32, Path, description = "Consultation id")),
    responses((status = 204), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_priorities(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<PrioritiesInput>,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| consultations::set_priorities(c, &actor, id, &input.points))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Answers a contribution (creates or replaces the official response).
#[utoipa::path(put, path = "/api/v1/contributions/{id}/response", tag = "consultations", request_body = ResponseInput,
    params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 200, body = ContributionEnvelope), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn respond(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<ResponseInput>,
) -> AppResult<Json<ContributionEnvelope>> {
    let contribution = state
        .db
        .run(move |c| {
            consultations::respond(c, &actor, id, &input)?;
            consultations::contribution_view(c, Some(&actor), id)
        })
        .await?;
    Ok(Json(ContributionEnvelope { contribution }))
}

/// The official response that accepts an amendment.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptInput {
    /// The response's text (1–5,000 characters).
    #[schema(pattern = "pspm:text", max_length = 5000)]
    pub body: String,
}

/// Accepts an amendment (the plan's editors): its title and description go
/// into the node, which records it as their origin, and it is answered
/// "accepted".
#[utoipa::path(post, path = "/api/v1/contributions/{id}/accept", tag = "consultations", request_body = AcceptInput,
    params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 200, body = ContributionEnvelope), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn accept_amendment(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<AcceptInput>,
) -> AppResult<Json<ContributionEnvelope>> {
    let contribution = state
        .db
        .run(move |c| {
            consultations::accept_amendment(c, &actor, id, &input.body)?;
            consultations::contribution_view(c, Some(&actor), id)
        })
        .await?;
    Ok(Json(ContributionEnvelope { contribution }))
}

/// Changes the caller's own contribution while the consultation is open
/// (not once answered, hidden or withdrawn); the text it replaces is kept.
#[utoipa::path(patch, path = "/api/v1/contributions/{id}", tag = "consultations", request_body = EditInput,
    params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 200, body = ContributionEnvelope), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit_contribution(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<EditInput>,
) -> AppResult<Json<ContributionEnvelope>> {
    let contribution = state
        .db
        .run(move |c| {
            consultations::edit(c, &actor, id, &input)?;
            consultations::contribution_view(c, Some(&actor), id)
        })
        .await?;
    Ok(Json(ContributionEnvelope { contribution }))
}

/// Withdraws the caller's own contribution while the consultation is open:
/// it stays in the record, marked withdrawn, with the supports it had.
#[utoipa::path(post, path = "/api/v1/contributions/{id}/withdraw", tag = "consultations",
    params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn withdraw_contribution(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| consultations::withdraw(c, &actor, id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reports a contribution to the moderators.
#[utoipa::path(post, path = "/api/v1/contributions/{id}/reports", tag = "consultations", request_body = ReasonInput,
    params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 201), (status = 422, body = ErrorBody)))]
pub async fn create_report(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<ReasonInput>,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| consultations::report(c, &actor, id, &input.reason))
        .await?;
    Ok(StatusCode::CREATED)
}

/// Hides a contribution with a reason (moderators); it stays stored.
#[utoipa::path(post, path = "/api/v1/contributions/{id}/hide", tag = "consultations", request_body = ReasonInput,
    params(("id" = i32, Path, description = "Contribution id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn hide_contribution(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<ReasonInput>,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| consultations::hide(c, &actor, id, &input.reason))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's contributions with what became of them.
#[utoipa::path(get, path = "/api/v1/me/contributions", tag = "me", responses((status = 200, body = ContributionList), (status = 401, body = ErrorBody)))]
pub async fn my_contributions(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> AppResult<Json<ContributionList>> {
    let contributions = state
        .db
        .run(move |c| consultations::my_contributions(c, &actor))
        .await?;
    Ok(Json(ContributionList {
        meta: Meta::whole(contributions.len()),
        contributions,
    }))
}

/// Contributions on the caller's plans, oldest first, 25 a page: by default
/// those awaiting an answer; filtered by plan, consultation, kind, node and
/// answer status.
#[utoipa::path(get, path = "/api/v1/me/response-queue", tag = "me", params(QueueParams),
    responses((status = 200, body = ContributionPage), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn response_queue(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(params): ApiQuery<QueueParams>,
) -> AppResult<Json<ContributionPage>> {
    let q = params.query()?;
    let queue = state
        .db
        .run(move |c| consultations::response_queue(c, &actor, &q))
        .await?;
    Ok(Json(ContributionPage {
        contributions: queue.items.into_iter().map(|i| i.view).collect(),
        meta: Meta {
            total: queue.total,
            page: queue.page,
            per_page: consultations::QUEUE_PER_PAGE,
        },
    }))
}

/// The caller's notifications and unread count.
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "me", responses((status = 200, body = NotificationList), (status = 401, body = ErrorBody)))]
pub async fn list_notifications(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> AppResult<Json<NotificationList>> {
    let (list, unread) = state
        .db
        .run(move |c| consultations::notifications(c, &actor))
        .await?;
    Ok(Json(NotificationList {
        meta: Meta::whole(list.len()),
        notifications: list
            .into_iter()
            .map(|n| NotificationView {
                id: n.id,
                kind: n.kind.to_string(),
                payload: serde_json::from_str(&n.payload).unwrap_or(serde_json::Value::Null),
                read: n.read_at.is_some(),
                created_at: n.created_at,
            })
            .collect(),
        unread,
    }))
}

/// Marks every notification of the caller read.
#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "me", responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn read_notifications(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| consultations::mark_notifications_read(c, &actor))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
