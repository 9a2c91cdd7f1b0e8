//! `GET /api/v1/me`, `PATCH /api/v1/me`, `GET /api/v1/me/export`, `DELETE /api/v1/me`,
//! `POST /api/v1/me/password`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::AppState;
use crate::db::user::User;
use crate::error::{AppResult, ErrorBody};
use crate::http::cookies::{SESSION_COOKIE, set_cookie, site_cookie};
use crate::http::extract::{ApiJson, RequireActor};
use crate::services::accounts::{account, auth};

/// A user as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    /// Id.
    pub id: i32,
    /// Email (empty for deleted accounts).
    pub email: String,
    /// Display name ("" for deleted accounts, shown as a former participant).
    pub display_name: String,
    /// Organisation id.
    pub organisation_id: Option<i32>,
    /// Role.
    pub role: String,
    /// Preferred locale.
    pub locale: Option<String>,
    /// How often notifications come by e-mail: `immediate`, `daily` or `never`.
    pub email_frequency: String,
    /// Whether the account was deleted.
    pub deleted: bool,
    /// Created at (UTC).
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        let deleted = u.deleted_at.is_some();
        Self {
            id: u.id,
            email: if deleted {
                String::new()
            } else {
                u.email.clone()
            },
            display_name: u.display_name.clone(),
            organisation_id: u.organisation_id,
            role: u.role.to_string(),
            locale: u.locale.clone(),
            email_frequency: u.email_frequency.to_string(),
            deleted,
            created_at: u.created_at,
        }
    }
}

/// `{"user": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserEnvelope {
    /// The user.
    pub user: UserView,
}

/// The caller.
#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    responses((status = 200, body = UserEnvelope), (status = 401, body = ErrorBody)))]
pub async fn find_me(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> AppResult<Json<UserEnvelope>> {
    let user = state
        .db
        .run(move |c| Ok(User::find(c, actor.user_id)?))
        .await?;
    Ok(Json(UserEnvelope {
        user: UserView::from(&user),
    }))
}

/// The caller's settings that they may change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MeInput {
    /// `immediate` (an e-mail per notification), `daily` (a digest at
    /// 07:00 in the organisation's time zone) or `never`.
    #[schema(value_type = crate::domain::EmailFrequency)]
    pub email_frequency: String,
}

/// Changes the caller's settings.
#[utoipa::path(patch, path = "/api/v1/me", tag = "me", request_body = MeInput,
    responses((status = 200, body = UserEnvelope), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_me(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<MeInput>,
) -> AppResult<Json<UserEnvelope>> {
    let user = state
        .db
        .run(move |c| {
            account::set_email_frequency(c, &actor, &input.email_frequency)?;
            Ok(User::find(c, actor.user_id)?)
        })
        .await?;
    Ok(Json(UserEnvelope {
        user: UserView::from(&user),
    }))
}

/// Everything stored about the caller, as a JSON download.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "me",
    responses((status = 200, body = Object, description = "Personal data export"), (status = 401, body = ErrorBody)))]
pub async fn export_me(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
) -> AppResult<Response> {
    crate::http::download::personal_data(&state, actor).await
}

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    /// The password in use now.
    #[schema(min_length = 1)]
    pub current_password: String,
    /// The new one (at least 10 characters).
    #[schema(min_length = 10)]
    pub new_password: String,
}

/// Changes the caller's password; every other session and every API token
/// of theirs ends (the session that asks, if any, stays).
#[utoipa::path(post, path = "/api/v1/me/password", tag = "me", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    headers: HeaderMap,
    ApiJson(input): ApiJson<PasswordChange>,
) -> AppResult<StatusCode> {
    let session = site_cookie(&headers, SESSION_COOKIE, state.config.secure_cookies);
    state
        .db
        .run(move |c| {
            auth::change_password(
                c,
                &actor,
                &input.current_password,
                &input.new_password,
                session.as_deref(),
            )
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What deleting one's account asks for.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DeleteMe {
    /// The caller's password, asked again before an act that cannot be undone.
    #[schema(min_length = 1)]
    pub current_password: String,
}

/// Deletes the caller's account (content stays, shown as by a former participant).
#[utoipa::path(delete, path = "/api/v1/me", tag = "me", request_body = DeleteMe,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn delete_me(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    ApiJson(input): ApiJson<DeleteMe>,
) -> AppResult<Response> {
    state
        .db
        .run(move |c| account::delete(c, &actor, &input.current_password))
        .await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies),
    );
    Ok(r)
}
