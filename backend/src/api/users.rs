//! `/api/v1/users[/{id}]` (administrators; a user may read themself).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use super::me::{UserEnvelope, UserView};
use super::{Meta, PageParams};
use crate::app::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiQuery, Id, RequireActor};
use crate::services::Paging;
use crate::services::accounts::users::{self, UserInput};

/// `{"users": […], "meta": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    /// This page.
    pub users: Vec<UserView>,
    /// Paging.
    pub meta: Meta,
}

/// Lists users (administrators).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(PageParams),
    responses((status = 200, body = UserList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiQuery(q): ApiQuery<PageParams>,
) -> AppResult<Json<UserList>> {
    let paging = Paging::new(q.page, q.per_page)?;
    let (rows, total) = state
        .db
        .run(move |c| users::list(c, &actor, paging))
        .await?;
    Ok(Json(UserList {
        users: rows.iter().map(UserView::from).collect(),
        meta: Meta {
            total,
            page: paging.page,
            per_page: paging.per_page,
        },
    }))
}

/// One user (administrators, or the user themself).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i32, Path, description = "User id")),
    responses((status = 200, body = UserEnvelope), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn find_user(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<Json<UserEnvelope>> {
    let user = state.db.run(move |c| users::find(c, &actor, id)).await?;
    Ok(Json(UserEnvelope {
        user: UserView::from(&user),
    }))
}

/// Creates a user (administrators).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = UserInput,
    responses((status = 201, body = UserEnvelope), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<UserInput>,
) -> AppResult<(StatusCode, Json<UserEnvelope>)> {
    let user = state
        .db
        .run(move |c| users::create(c, &actor, &input))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(UserEnvelope {
            user: UserView::from(&user),
        }),
    ))
}

/// Updates a user (administrators); an absent or empty password keeps the current one.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UserInput,
    params(("id" = i32, Path, description = "User id")),
    responses((status = 200, body = UserEnvelope), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<UserInput>,
) -> AppResult<Json<UserEnvelope>> {
    let user = state
        .db
        .run(move |c| users::update(c, &actor, id, &input))
        .await?;
    Ok(Json(UserEnvelope {
        user: UserView::from(&user),
    }))
}
