//! "My account": profile, data download, account deletion.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use pspm_frontend::components::{FieldError, FormState};
use pspm_frontend::pages::account::AccountView;

use super::session::set_cookie;
use super::{Page, html};
use crate::app::AppState;
use crate::db::organisation::Organisation;
use crate::db::user::User;
use crate::extract::{FormData, SESSION_COOKIE};
use crate::services::account;

async fn render(state: &AppState, page: &Page, form: FormState, status: StatusCode) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let loaded = state
        .db
        .run(move |c| {
            let user = User::find(c, actor.user_id)?;
            let org = user
                .organisation_id
                .map(|id| Organisation::find(c, id))
                .transpose()?;
            Ok(AccountView {
                name: user.display_name,
                email: user.email,
                role: user.role,
                organisation: org.map(|o| o.name),
            })
        })
        .await;
    match loaded {
        Ok(view) => html(
            status,
            pspm_frontend::pages::account::render(&page.ctx, &view, &form),
        ),
        Err(e) => page.error(e),
    }
}

/// `GET /account`.
pub async fn show(State(state): State<AppState>, page: Page) -> Response {
    render(&state, &page, FormState::default(), StatusCode::OK).await
}

/// `GET /account/export`: the caller's data as a JSON download.
pub async fn export(State(state): State<AppState>, page: Page) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    match state.db.run(move |c| account::export(c, &actor)).await {
        Ok(doc) => {
            let body = serde_json::to_string_pretty(&doc).unwrap_or_default();
            let mut r = body.into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"pspm-my-data.json\""),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => page.error(e),
    }
}

/// `POST /account/delete`: requires the confirmation box.
pub async fn delete(State(state): State<AppState>, page: Page, form: FormData) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    if form.get("confirm") != "yes" {
        let f = FormState {
            values: Default::default(),
            errors: vec![FieldError {
                field: Some("confirm".into()),
                code: "confirm_required".into(),
            }],
            ..Default::default()
        };
        return render(&state, &page, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match state.db.run(move |c| account::delete(c, &actor)).await {
        Ok(()) => {
            let mut r = Redirect::to("/").into_response();
            r.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies),
            );
            r
        }
        Err(e) => page.error(e),
    }
}
