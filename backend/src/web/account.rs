//! "My account": profile, data download, account deletion.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::{FieldError, FormState};
use pspm_frontend::pages::accounts::my_account::AccountView;

use crate::app::AppState;
use crate::db::organisation::Organisation;
use crate::db::user::User;
use crate::http::cookies::{SESSION_COOKIE, set_cookie};
use crate::http::extract::FormData;
use crate::http::page::{PageResult, SignedIn, html};
use crate::services::accounts::account;

async fn render(
    state: &AppState,
    signed_in: &SignedIn,
    form: FormState,
    status: StatusCode,
) -> PageResult {
    let user_id = signed_in.actor.user_id;
    let view = state
        .db
        .run(move |c| {
            let user = User::find(c, user_id)?;
            let org = user
                .organisation_id
                .map(|id| Organisation::find(c, id))
                .transpose()?;
            Ok(AccountView {
                name: user.display_name,
                email: user.email,
                role: user.role.to_string(),
                organisation: org.map(|o| o.name),
            })
        })
        .await?;
    Ok(html(
        status,
        pspm_frontend::pages::accounts::my_account::render(&signed_in.page.ctx, &view, &form),
    ))
}

/// `GET /account`.
pub async fn show(State(state): State<AppState>, signed_in: SignedIn) -> PageResult {
    render(&state, &signed_in, FormState::default(), StatusCode::OK).await
}

/// `GET /account/export`: the caller's data as a JSON download.
pub async fn export(State(state): State<AppState>, SignedIn { actor, .. }: SignedIn) -> PageResult {
    let doc = state.db.run(move |c| account::export(c, &actor)).await?;
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
    Ok(r)
}

/// `POST /account/delete`: requires the confirmation box.
pub async fn delete(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    if form.get("confirm") != "yes" {
        let f = FormState {
            values: Default::default(),
            errors: vec![FieldError {
                field: Some("confirm".into()),
                code: "confirm_required".into(),
            }],
            ..Default::default()
        };
        return render(&state, &signed_in, f, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let actor = signed_in.actor;
    state.db.run(move |c| account::delete(c, &actor)).await?;
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies),
    );
    Ok(r)
}
