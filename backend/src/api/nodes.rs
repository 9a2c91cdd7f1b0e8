//! `/api/v1/plans/{id}/nodes` (create), `/api/v1/nodes/{id}…` and `/api/v1/indicators/{id}…`.

use super::Meta;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::AppState;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::http::extract::{ApiJson, Id, MaybeActor, RequireActor};
use crate::services::Actor;
use crate::services::plans::indicators::{self, IndicatorInput, MeasurementInput};
use crate::services::plans::nodes::{self, NodeInput};
use crate::services::plans::view::{self as plan_view, IndicatorView, NodeView, Point};

/// `{"node": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeEnvelope {
    /// The node with computed figures.
    pub node: NodeView,
}

/// An edit of a node, based on the version the editor saw.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NodeUpdate {
    /// `lock_version` of the node as last read; a newer one means a conflict (409).
    pub lock_version: i32,
    /// The fields.
    #[serde(flatten)]
    pub fields: NodeInput,
}

/// A move of a node.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NodeMoveRequest {
    /// `lock_version` of the node as last read.
    pub lock_version: i32,
    /// New parent (none: top level, for areas).
    #[serde(default)]
    pub parent_id: Option<i32>,
    /// Position among the new siblings, from 0 (none: last).
    #[serde(default)]
    pub position: Option<i32>,
}

/// `{"indicator": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorEnvelope {
    /// The indicator with computed figures.
    pub indicator: IndicatorView,
}

/// `{"indicators": […]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorList {
    /// Indicators of the node.
    pub indicators: Vec<IndicatorView>,
    /// Counts (the whole list is one page).
    pub meta: Meta,
}

/// `{"measurements": […]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasurementList {
    /// By date.
    pub measurements: Vec<Point>,
    /// Counts (the whole list is one page).
    pub meta: Meta,
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

fn node_view(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<NodeView> {
    let node = nodes::find(conn, actor, id)?;
    plan_view::tree(conn, actor, node.plan_id, today())?
        .nodes
        .into_iter()
        .find(|n| n.id == id)
        .ok_or(AppError::NotFound("node"))
}

fn indicator_view(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<IndicatorView> {
    let (ind, targets, measurements) = indicators::series(conn, actor, id)?;
    Ok(plan_view::indicator_view(
        &ind,
        &targets,
        &measurements,
        today(),
    ))
}

/// Adds a node to a plan.
#[utoipa::path(post, path = "/api/v1/plans/{id}/nodes", tag = "nodes", request_body = NodeInput,
    params(("id" = i32, Path, description = "Plan id")),
    responses((status = 201, body = NodeEnvelope), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_node(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(plan_id): Id,
    ApiJson(input): ApiJson<NodeInput>,
) -> AppResult<(StatusCode, Json<NodeEnvelope>)> {
    let node = state
        .db
        .run(move |c| {
            let n = nodes::create(c, &actor, plan_id, &input)?;
            node_view(c, Some(&actor), n.id)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(NodeEnvelope { node })))
}

/// One node with computed progress, flags, milestones and indicators.
#[utoipa::path(get, path = "/api/v1/nodes/{id}", tag = "nodes", params(("id" = i32, Path, description = "Node id")),
    responses((status = 200, body = NodeEnvelope), (status = 404, body = ErrorBody)))]
pub async fn find_node(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<NodeEnvelope>> {
    let node = state
        .db
        .run(move |c| node_view(c, actor.as_ref(), id))
        .await?;
    Ok(Json(NodeEnvelope { node }))
}

/// Edits a node (409 when someone saved since `lock_version`).
#[utoipa::path(patch, path = "/api/v1/nodes/{id}", tag = "nodes", request_body = NodeUpdate,
    params(("id" = i32, Path, description = "Node id")),
    responses((status = 200, body = NodeEnvelope), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_node(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(body): ApiJson<NodeUpdate>,
) -> AppResult<Json<NodeEnvelope>> {
    let node = state
        .db
        .run(move |c| {
            nodes::update(c, &actor, id, body.lock_version, &body.fields)?;
            node_view(c, Some(&actor), id)
        })
        .await?;
    Ok(Json(NodeEnvelope { node }))
}

/// Moves or reorders a node (never under its own subtree).
#[utoipa::path(post, path = "/api/v1/nodes/{id}/move", tag = "nodes", request_body = NodeMoveRequest,
    params(("id" = i32, Path, description = "Node id")),
    responses((status = 200, body = NodeEnvelope), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_node(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(body): ApiJson<NodeMoveRequest>,
) -> AppResult<Json<NodeEnvelope>> {
    let node = state
        .db
        .run(move |c| {
            nodes::move_node(
                c,
                &actor,
                id,
                body.lock_version,
                body.parent_id,
                body.position,
            )?;
            node_view(c, Some(&actor), id)
        })
        .await?;
    Ok(Json(NodeEnvelope { node }))
}

/// Deletes a node and its subtree (drafts only).
#[utoipa::path(delete, path = "/api/v1/nodes/{id}", tag = "nodes", params(("id" = i32, Path, description = "Node id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_node(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<StatusCode> {
    state.db.run(move |c| nodes::delete(c, &actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Indicators of a node.
#[utoipa::path(get, path = "/api/v1/nodes/{id}/indicators", tag = "indicators", params(("id" = i32, Path, description = "Node id")),
    responses((status = 200, body = IndicatorList), (status = 404, body = ErrorBody)))]
pub async fn list_indicators(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<IndicatorList>> {
    let node = state
        .db
        .run(move |c| node_view(c, actor.as_ref(), id))
        .await?;
    Ok(Json(IndicatorList {
        meta: Meta::whole(node.indicators.len()),
        indicators: node.indicators,
    }))
}

/// Adds an indicator (with targets) to a node.
#[utoipa::path(post, path = "/api/v1/nodes/{id}/indicators", tag = "indicators", request_body = IndicatorInput,
    params(("id" = i32, Path, description = "Node id")),
    responses((status = 201, body = IndicatorEnvelope), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_indicator(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<IndicatorInput>,
) -> AppResult<(StatusCode, Json<IndicatorEnvelope>)> {
    let indicator = state
        .db
        .run(move |c| {
            let ind = indicators::create(c, &actor, id, &input)?;
            indicator_view(c, Some(&actor), ind.id)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(IndicatorEnvelope { indicator })))
}

/// One indicator with targets, measurements, achievement, status and forecast.
#[utoipa::path(get, path = "/api/v1/indicators/{id}", tag = "indicators", params(("id" = i32, Path, description = "Indicator id")),
    responses((status = 200, body = IndicatorEnvelope), (status = 404, body = ErrorBody)))]
pub async fn find_indicator(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<IndicatorEnvelope>> {
    let indicator = state
        .db
        .run(move |c| indicator_view(c, actor.as_ref(), id))
        .await?;
    Ok(Json(IndicatorEnvelope { indicator }))
}

/// Replaces an indicator's fields and targets.
#[utoipa::path(patch, path = "/api/v1/indicators/{id}", tag = "indicators", request_body = IndicatorInput,
    params(("id" = i32, Path, description = "Indicator id")),
    responses((status = 200, body = IndicatorEnvelope), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_indicator(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<IndicatorInput>,
) -> AppResult<Json<IndicatorEnvelope>> {
    let indicator = state
        .db
        .run(move |c| {
            indicators::update(c, &actor, id, &input)?;
            indicator_view(c, Some(&actor), id)
        })
        .await?;
    Ok(Json(IndicatorEnvelope { indicator }))
}

/// Measurements of an indicator.
#[utoipa::path(get, path = "/api/v1/indicators/{id}/measurements", tag = "indicators", params(("id" = i32, Path, description = "Indicator id")),
    responses((status = 200, body = MeasurementList), (status = 404, body = ErrorBody)))]
pub async fn list_measurements(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<MeasurementList>> {
    let ind = state
        .db
        .run(move |c| indicator_view(c, actor.as_ref(), id))
        .await?;
    Ok(Json(MeasurementList {
        meta: Meta::whole(ind.measurements.len()),
        measurements: ind.measurements,
    }))
}

/// Records a measurement.
#[utoipa::path(post, path = "/api/v1/indicators/{id}/measurements", tag = "indicators", request_body = MeasurementInput,
    params(("id" = i32, Path, description = "Indicator id")),
    responses((status = 201, body = IndicatorEnvelope), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_measurement(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<MeasurementInput>,
) -> AppResult<(StatusCode, Json<IndicatorEnvelope>)> {
    let indicator = state
        .db
        .run(move |c| {
            indicators::add_measurement(c, &actor, id, &input)?;
            indicator_view(c, Some(&actor), id)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(IndicatorEnvelope { indicator })))
}

/// A milestone as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MilestoneEnvelope {
    /// The milestone.
    pub milestone: pspm_frontend::model::MilestoneView,
}

/// A change of a milestone.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MilestoneUpdate {
    /// Reached or not.
    pub done: bool,
}

fn milestone_view(m: crate::db::milestone::Milestone) -> pspm_frontend::model::MilestoneView {
    pspm_frontend::model::MilestoneView {
        id: m.id,
        title: m.title,
        due_date: m.due_date,
        done: m.done,
    }
}

/// Adds a milestone to a node.
#[utoipa::path(post, path = "/api/v1/nodes/{id}/milestones", tag = "nodes", request_body = crate::services::plans::nodes::MilestoneInput,
    params(("id" = i32, Path, description = "Node id")),
    responses((status = 201, body = MilestoneEnvelope), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_milestone(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<crate::services::plans::nodes::MilestoneInput>,
) -> AppResult<(StatusCode, Json<MilestoneEnvelope>)> {
    let m = state
        .db
        .run(move |c| nodes::add_milestone(c, &actor, id, &input))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(MilestoneEnvelope {
            milestone: milestone_view(m),
        }),
    ))
}

/// Marks a milestone reached or not.
#[utoipa::path(patch, path = "/api/v1/milestones/{id}", tag = "nodes", request_body = MilestoneUpdate,
    params(("id" = i32, Path, description = "Milestone id")),
    responses((status = 200, body = MilestoneEnvelope), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update_milestone(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(body): ApiJson<MilestoneUpdate>,
) -> AppResult<Json<MilestoneEnvelope>> {
    let m = state
        .db
        .run(move |c| nodes::set_milestone_done(c, &actor, id, body.done))
        .await?;
    Ok(Json(MilestoneEnvelope {
        milestone: milestone_view(m),
    }))
}
