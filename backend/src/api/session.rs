//! `POST /api/v1/session` (sign in) and `DELETE /api/v1/session` (sign out).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

use super::me::{UserEnvelope, UserView};
use crate::app::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::http::cookies::set_cookie;
use crate::http::cookies::{SESSION_COOKIE, site_cookie};
use crate::http::extract::{ApiJson, ClientAddr};
use crate::services::accounts::auth;

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SignIn {
    /// Email address.
    #[schema(pattern = "pspm:text")]
    pub email: String,
    /// Password.
    #[schema(min_length = 1)]
    pub password: String,
}

/// Signs in and sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SignIn,
    responses((status = 200, body = UserEnvelope, description = "Signed in; the session cookie is set"),
              (status = 401, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create_session(
    State(state): State<AppState>,
    ClientAddr(ip): ClientAddr,
    ApiJson(body): ApiJson<SignIn>,
) -> AppResult<Response> {
    let hours = state.config.session_hours;
    let started = auth::sign_in(&state.db, &body.email, &body.password, ip, hours).await?;
    let mut r = Json(UserEnvelope {
        user: UserView::from(&started.user),
    })
    .into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            &started.token,
            hours * 3600,
            state.config.secure_cookies,
        ),
    );
    Ok(r)
}

/// Signs out (ends the session of the cookie sent).
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)))]
pub async fn delete_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if let Some(token) = site_cookie(&headers, SESSION_COOKIE, state.config.secure_cookies) {
        state.db.run(move |c| auth::sign_out(c, &token)).await?;
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies),
    );
    Ok(r)
}
