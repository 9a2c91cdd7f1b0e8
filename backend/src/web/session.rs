//! Sign-in and sign-out pages, and the language switch.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::FormState;
use pspm_frontend::i18n::Lang;
use serde::Deserialize;

use crate::app::AppState;
use crate::http::cookies::{LANG_COOKIE, SESSION_COOKIE, cookie, set_cookie};
use crate::http::extract::{ClientAddr, FormData};
use crate::http::page::{Page, PageResult, form_errors, form_state, html, safe_next};
use crate::services::accounts::auth;

/// Query of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    /// Where to go after signing in.
    pub next: Option<String>,
}

/// `GET /sign-in`.
pub async fn sign_in_form(page: Page, Query(q): Query<NextQuery>) -> PageResult {
    let next = safe_next(q.next.as_deref().unwrap_or("/"));
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::accounts::sign_in::render(&page.ctx, &FormState::default(), &next),
    ))
}

/// `POST /sign-in`.
pub async fn sign_in(
    State(state): State<AppState>,
    page: Page,
    ClientAddr(ip): ClientAddr,
    form: FormData,
) -> PageResult {
    let email = form.get("email");
    let password = form.get("password");
    let next = safe_next(&form.get("next"));
    let hours = state.config.session_hours;
    match auth::sign_in(&state.db, &email, &password, ip, hours).await {
        Ok(started) => {
            let mut r = Redirect::to(&next).into_response();
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
        Err(e) => {
            let (status, errors) = form_errors(e)?;
            let mut f = form_state(&form);
            f.values.remove("next");
            // Credential errors belong to the form as a whole, anchored on the email field.
            f.errors = errors
                .into_iter()
                .map(|mut e| {
                    if e.field.is_none() {
                        e.field = Some("email".into());
                    }
                    e
                })
                .collect();
            Ok(html(
                status,
                pspm_frontend::pages::accounts::sign_in::render(&page.ctx, &f, &next),
            ))
        }
    }
}

/// `POST /sign-out`. Its [`Page`] gives an error page the reader's context.
pub async fn sign_out(
    State(state): State<AppState>,
    _page: Page,
    headers: axum::http::HeaderMap,
    _form: FormData,
) -> PageResult {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.db.run(move |c| auth::sign_out(c, &token)).await?;
    }
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies),
    );
    Ok(r)
}

/// `GET /lang/{code}?next=…`: remembers the language in a cookie and goes
/// back. Any site can send a browser here, so it stores nothing: the
/// account's preferred language is set by the form of the account page.
pub async fn switch_language(
    State(state): State<AppState>,
    _page: Page,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
) -> PageResult {
    let Some(lang) = Lang::parse(&code).filter(|l| l.code() == code) else {
        return Err(crate::error::AppError::NotFound("language").into());
    };
    let next = safe_next(q.next.as_deref().unwrap_or("/"));
    let mut r = Redirect::to(&next).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            LANG_COOKIE,
            lang.code(),
            365 * 24 * 3600,
            state.config.secure_cookies,
        ),
    );
    Ok(r)
}
