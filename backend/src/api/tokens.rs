//! `POST /api/v1/tokens`: personal API tokens.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::http::extract::{ApiJson, RequireActor};
use crate::services::accounts::auth;

/// A token request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewToken {
    /// A name to recognise the token by (e.g. "reporting script").
    pub name: String,
}

/// A created token; `token` is shown only here, once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// The secret, sent as `Authorization: Bearer <token>`; stored only hashed.
    pub token: String,
}

/// Creates a personal API token.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "me", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<NewToken>,
) -> AppResult<(StatusCode, Json<CreatedToken>)> {
    let (token, secret) = state
        .db
        .run(move |c| auth::create_token(c, &actor, &body.name))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            id: token.id,
            name: token.name,
            token: secret,
        }),
    ))
}
