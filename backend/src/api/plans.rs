//! `/api/v1/plans…`: plans, their lifecycle, versions and diffs, export and import.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Meta, PageParams};
use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiQuery, Id, Ids, MaybeActor, RequireActor};
use crate::services::Paging;
use crate::services::plans::diff::{self as plan_diff, PlanDiff};
use crate::services::plans::exchange::{self as plan_io, PlanDoc};
use crate::services::plans::view::{self as plan_view, NodeView, PlanView};
use crate::services::plans::{self, PlanInput};

/// `{"plan": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanEnvelope {
    /// The plan.
    pub plan: PlanView,
}

/// `{"plans": […], "meta": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanList {
    /// This page.
    pub plans: Vec<PlanView>,
    /// Paging.
    pub meta: Meta,
}

/// An edit of a plan, based on the version the editor saw.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PlanUpdate {
    /// `lock_version` of the plan as last read; a newer one means a conflict (409).
    pub lock_version: i32,
    /// The fields.
    #[serde(flatten)]
    pub fields: PlanInput,
}

/// A lifecycle move.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Transition {
    /// draft, consultation, adopted, monitoring or closed.
    #[schema(value_type = crate::domain::PlanStatus)]
    pub status: String,
}

/// Result of a lifecycle move.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransitionResult {
    /// The plan after the move.
    pub plan: PlanView,
    /// Number of the version stored (adoptions only).
    pub version: Option<i32>,
}

/// `{"nodes": […], "progress": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeTree {
    /// Nodes in pre-order with computed progress and flags.
    pub nodes: Vec<NodeView>,
    /// Overall progress of the plan.
    pub progress: Option<f64>,
}

/// A stored version (without its snapshot).
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    /// Number.
    pub number: i32,
    /// Adopted at (UTC).
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
    /// Adopted by (user id).
    pub created_by: Option<i32>,
}

/// `{"versions": […]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionList {
    /// Newest first.
    pub versions: Vec<VersionView>,
    /// Counts (the whole list is one page).
    pub meta: Meta,
}

/// `{"version": …, "snapshot": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionEnvelope {
    /// The version.
    pub version: VersionView,
    /// The plan as it was adopted.
    pub snapshot: PlanDoc,
}

/// `{"diff": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiffEnvelope {
    /// From version.
    pub from: i32,
    /// To version.
    pub to: i32,
    /// The differences.
    pub diff: PlanDiff,
}

/// Lists the plans the caller may read.
#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", params(PageParams),
    responses((status = 200, body = PlanList)))]
pub async fn list_plans(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    ApiQuery(q): ApiQuery<PageParams>,
) -> AppResult<Json<PlanList>> {
    let paging = Paging::new(q.page, q.per_page)?;
    let (rows, total) = state
        .db
        .run(move |c| {
            let all = plans::list(c, actor.as_ref())?;
            let total = all.len() as i64;
            let page = all
                .into_iter()
                .skip(paging.offset() as usize)
                .take(paging.per_page as usize)
                .collect();
            Ok((plan_view::plan_views(c, actor.as_ref(), page)?, total))
        })
        .await?;
    Ok(Json(PlanList {
        plans: rows,
        meta: Meta {
            total,
            page: paging.page,
            per_page: paging.per_page,
        },
    }))
}

/// Creates a draft plan (planners for their organisation, administrators).
#[utoipa::path(post, path = "/api/v1/plans", tag = "plans", request_body = PlanInput,
    responses((status = 201, body = PlanEnvelope), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<PlanInput>,
) -> AppResult<(StatusCode, Json<PlanEnvelope>)> {
    let plan = state
        .db
        .run(move |c| {
            let p = plans::create(c, &actor, &input)?;
            Ok(plan_view::plan_views(c, Some(&actor), vec![p])?.remove(0))
        })
        .await?;
    Ok((StatusCode::CREATED, Json(PlanEnvelope { plan })))
}

/// One plan (drafts only for their organisation and administrators).
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "plans", params(("id" = i32, Path, description = "Plan id")),
    responses((status = 200, body = PlanEnvelope), (status = 404, body = ErrorBody)))]
pub async fn find_plan(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<PlanEnvelope>> {
    let plan = state
        .db
        .run(move |c| {
            let p = plans::find(c, actor.as_ref(), id)?;
            Ok(plan_view::plan_views(c, actor.as_ref(), vec![p])?.remove(0))
        })
        .await?;
    Ok(Json(PlanEnvelope { plan }))
}

/// Edits a plan (409 when someone saved since `lock_version`).
#[utoipa::path(patch, path = "/api/v1/plans/{id}", tag = "plans", request_body = PlanUpdate,
    params(("id" = i32, Path, description = "Plan id")),
    responses((status = 200, body = PlanEnvelope), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(body): ApiJson<PlanUpdate>,
) -> AppResult<Json<PlanEnvelope>> {
    let plan = state
        .db
        .run(move |c| {
            let p = plans::update(c, &actor, id, body.lock_version, &body.fields)?;
            Ok(plan_view::plan_views(c, Some(&actor), vec![p])?.remove(0))
        })
        .await?;
    Ok(Json(PlanEnvelope { plan }))
}

/// Moves the plan along its lifecycle; adopting stores a new version.
#[utoipa::path(post, path = "/api/v1/plans/{id}/transition", tag = "plans", request_body = Transition,
    params(("id" = i32, Path, description = "Plan id")),
    responses((status = 200, body = TransitionResult), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn transition_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(body): ApiJson<Transition>,
) -> AppResult<Json<TransitionResult>> {
    let (plan, version) = state
        .db
        .run(move |c| {
            let (p, v) = plans::transition(c, &actor, id, &body.status)?;
            Ok((
                plan_view::plan_views(c, Some(&actor), vec![p])?.remove(0),
                v.map(|v| v.number),
            ))
        })
        .await?;
    Ok(Json(TransitionResult { plan, version }))
}

/// The tree with computed progress and schedule flags.
#[utoipa::path(get, path = "/api/v1/plans/{id}/nodes", tag = "plans", params(("id" = i32, Path, description = "Plan id")),
    responses((status = 200, body = NodeTree), (status = 404, body = ErrorBody)))]
pub async fn list_nodes(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Response> {
    /// [`NodeTree`], borrowed from the shared tree.
    #[derive(Serialize)]
    struct Borrowed<'a> {
        nodes: &'a [NodeView],
        progress: Option<f64>,
    }
    // The JSON is kept beside the shared tree it is written from (a national
    // plan's tree with every measurement is hundreds of kilobytes), so
    // readers of the same plans get the same bytes without writing them again.
    let today = chrono::Utc::now().date_naive();
    let version = state.plans_version.current(&state.db).await?;
    let trees = state.trees.clone();
    let json = state
        .db
        .run(move |c| {
            let (key, tree) =
                plan_view::shared_tree(c, &trees, version, actor.as_ref(), id, today)?;
            trees.get_or(format!("json:{key}"), version, || {
                let body = serde_json::to_vec(&Borrowed {
                    nodes: &tree.nodes,
                    progress: tree.progress,
                })
                .map_err(|e| AppError::Internal(format!("writing the tree: {e}")))?;
                Ok(axum::body::Bytes::from(body))
            })
        })
        .await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json.as_ref().clone(),
    )
        .into_response())
}

/// Versions of a plan, newest first.
#[utoipa::path(get, path = "/api/v1/plans/{id}/versions", tag = "plans", params(("id" = i32, Path, description = "Plan id")),
    responses((status = 200, body = VersionList), (status = 404, body = ErrorBody)))]
pub async fn list_versions(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<VersionList>> {
    let versions = state
        .db
        .run(move |c| plans::versions(c, actor.as_ref(), id))
        .await?;
    Ok(Json(VersionList {
        meta: Meta::whole(versions.len()),
        versions: versions
            .into_iter()
            .map(|v| VersionView {
                number: v.number,
                created_at: v.created_at,
                created_by: v.created_by,
            })
            .collect(),
    }))
}

fn snapshot(v: &crate::db::plan_version::PlanVersion) -> AppResult<PlanDoc> {
    plan_io::parse(v.snapshot.as_bytes())
        .map_err(|_| AppError::Internal("stored snapshot unreadable".into()))
}

/// One version with its snapshot.
#[utoipa::path(get, path = "/api/v1/plans/{id}/versions/{number}", tag = "plans",
    params(("id" = i32, Path, description = "Plan id"), ("number" = i32, Path, description = "Version number")),
    responses((status = 200, body = VersionEnvelope), (status = 404, body = ErrorBody)))]
pub async fn find_version(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Ids((id, number)): Ids<(i32, i32)>,
) -> AppResult<Json<VersionEnvelope>> {
    let v = state
        .db
        .run(move |c| plans::version(c, actor.as_ref(), id, number))
        .await?;
    Ok(Json(VersionEnvelope {
        snapshot: snapshot(&v)?,
        version: VersionView {
            number: v.number,
            created_at: v.created_at,
            created_by: v.created_by,
        },
    }))
}

/// What changed between two versions.
#[utoipa::path(get, path = "/api/v1/plans/{id}/versions/{a}/diff/{b}", tag = "plans",
    params(("id" = i32, Path, description = "Plan id"), ("a" = i32, Path, description = "From version"), ("b" = i32, Path, description = "To version")),
    responses((status = 200, body = DiffEnvelope), (status = 404, body = ErrorBody)))]
pub async fn diff_versions(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Ids((id, a, b)): Ids<(i32, i32, i32)>,
) -> AppResult<Json<DiffEnvelope>> {
    let (va, vb) = state
        .db
        .run(move |c| {
            Ok((
                plans::version(c, actor.as_ref(), id, a)?,
                plans::version(c, actor.as_ref(), id, b)?,
            ))
        })
        .await?;
    Ok(Json(DiffEnvelope {
        from: a,
        to: b,
        diff: plan_diff::diff(&snapshot(&va)?, &snapshot(&vb)?),
    }))
}

/// The plan as a JSON document (format `pspm-plan/1`), to import again elsewhere.
#[utoipa::path(get, path = "/api/v1/plans/{id}/export", tag = "plans", params(("id" = i32, Path, description = "Plan id")),
    responses((status = 200, body = PlanDoc), (status = 404, body = ErrorBody)))]
pub async fn export_plan(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Response> {
    let doc = state
        .db
        .run(move |c| plan_io::export_for(c, actor.as_ref(), id))
        .await?;
    let mut r = Json(doc).into_response();
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"plan-{id}.json\""))
            .unwrap_or(HeaderValue::from_static("attachment")),
    );
    Ok(r)
}

/// The tree as CSV.
#[utoipa::path(get, path = "/api/v1/plans/{id}/tree.csv", tag = "plans", params(("id" = i32, Path, description = "Plan id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody)))]
pub async fn export_tree_csv(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Response> {
    let today = chrono::Utc::now().date_naive();
    let csv = state
        .db
        .run(move |c| plan_io::tree_csv(&plan_view::tree(c, actor.as_ref(), id, today)?))
        .await?;
    let mut r = csv.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"plan-{id}-tree.csv\""))
            .unwrap_or(HeaderValue::from_static("attachment")),
    );
    Ok(r)
}

/// Imports a plan document as a new draft of the caller's organisation (all or nothing).
#[utoipa::path(post, path = "/api/v1/plans/import", tag = "plans", request_body = PlanDoc,
    responses((status = 201, body = PlanEnvelope), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(doc): ApiJson<PlanDoc>,
) -> AppResult<(StatusCode, Json<PlanEnvelope>)> {
    if doc.format != plan_io::FORMAT {
        return Err(AppError::field(
            "format",
            "format_unknown",
            format!("format must be {}", plan_io::FORMAT),
        ));
    }
    let plan = state
        .db
        .run(move |c| {
            let p = plan_io::import(c, Some(&actor), &doc)?;
            Ok(plan_view::plan_views(c, Some(&actor), vec![p])?.remove(0))
        })
        .await?;
    Ok((StatusCode::CREATED, Json(PlanEnvelope { plan })))
}
