//! `/api/v1/tokens`: personal API tokens (create, list, revoke).

use super::Meta;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::AppState;
use crate::db::api_token::ApiToken;
use crate::error::{AppResult, ErrorBody};
use crate::http::extract::{ApiJson, Id, RequireActor};
use crate::services::accounts::auth::{self, TokenRequest};

/// A token request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewToken {
    /// A name to recognise the token by (e.g. "reporting script").
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub name: String,
    /// `read` (GET only) or `write` (the owner's rights); `read` when absent.
    #[serde(default = "read_scope")]
    #[schema(value_type = crate::domain::TokenScope)]
    pub scope: String,
    /// Days until the token expires: 30, 90 (when absent), 180 or 365.
    #[serde(default = "default_days")]
    #[schema(minimum = 30, maximum = 365)]
    pub days: i64,
    /// The caller's password, asked again so that a stolen session alone
    /// cannot mint a token that outlives it.
    #[schema(min_length = 1)]
    pub current_password: String,
}

fn read_scope() -> String {
    "read".into()
}

fn default_days() -> i64 {
    auth::DEFAULT_TOKEN_DAYS
}

/// A token as listed (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    /// Created at (UTC).
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
    /// Last used at (UTC).
    #[serde(with = "pspm_analytics::utc::option")]
    pub last_used_at: Option<NaiveDateTime>,
    /// Refused from this moment (UTC).
    #[serde(with = "pspm_analytics::utc")]
    pub expires_at: NaiveDateTime,
}

impl From<&ApiToken> for TokenView {
    fn from(t: &ApiToken) -> Self {
        Self {
            id: t.id,
            name: t.name.clone(),
            scope: t.scope.to_string(),
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            expires_at: t.expires_at,
        }
    }
}

/// A created token; `token` is shown only here, once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    /// Refused from this moment (UTC).
    #[serde(with = "pspm_analytics::utc")]
    pub expires_at: NaiveDateTime,
    /// The secret, sent as `Authorization: Bearer <token>`; stored only hashed.
    pub token: String,
}

/// `{"tokens": […]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    /// The caller's tokens, newest first.
    pub tokens: Vec<TokenView>,
    /// Counts (the whole list is one page).
    pub meta: Meta,
}

/// Creates a personal API token (the password is asked again).
#[utoipa::path(post, path = "/api/v1/tokens", tag = "me", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(body): ApiJson<NewToken>,
) -> AppResult<(StatusCode, Json<CreatedToken>)> {
    let request = TokenRequest {
        name: body.name,
        scope: body.scope,
        days: body.days,
        password: body.current_password,
    };
    let (token, secret) = state
        .db
        .run(move |c| auth::create_token(c, &actor, &request))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            id: token.id,
            name: token.name,
            scope: token.scope.to_string(),
            expires_at: token.expires_at,
            token: secret,
        }),
    ))
}

/// The caller's tokens with their last use.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "me",
    responses((status = 200, body = TokenList), (status = 401, body = ErrorBody)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> AppResult<Json<TokenList>> {
    let tokens = state.db.run(move |c| auth::list_tokens(c, &actor)).await?;
    Ok(Json(TokenList {
        meta: Meta::whole(tokens.len()),
        tokens: tokens.iter().map(TokenView::from).collect(),
    }))
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "me",
    params(("id" = i32, Path, description = "Token id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| auth::revoke_token(c, &actor, id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
