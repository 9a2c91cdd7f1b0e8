//! Sign-in and sign-out pages, and the language switch.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::FormState;
use pspm_frontend::i18n::{Lang, Tr};
use pspm_frontend::pages::accounts::password_reset::{self, Asked};
use serde::Deserialize;

use crate::app::AppState;
use crate::http::cookies::{LANG_COOKIE, SESSION_COOKIE, set_cookie, site_cookie};
use crate::http::extract::{ClientAddr, FormData};
use crate::http::page::{Page, PageResult, form_errors, form_state, html, reshow, safe_next};
use crate::services::accounts::auth;
use crate::services::accounts::reset::{self, RESET_MINUTES};
use crate::services::mail::Mailer;

/// Query of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    /// Where to go after signing in.
    pub next: Option<String>,
    /// `password-reset`: a new password was just set through a reset link.
    pub done: Option<String>,
}

/// `GET /sign-in`.
pub async fn sign_in_form(page: Page, Query(q): Query<NextQuery>) -> PageResult {
    let next = safe_next(q.next.as_deref().unwrap_or("/"));
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::accounts::sign_in::render(
            &page.ctx,
            &FormState::default(),
            &next,
            q.done.as_deref() == Some("password-reset"),
        ),
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
                pspm_frontend::pages::accounts::sign_in::render(&page.ctx, &f, &next, false),
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
    if let Some(token) = site_cookie(&headers, SESSION_COOKIE, state.config.secure_cookies) {
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

/// `GET /password/forgot`: asks for a reset link by e-mail.
pub async fn forgot_form(State(state): State<AppState>, page: Page) -> PageResult {
    let asked = if state.config.smtp_url.is_some() {
        Asked::Form
    } else {
        Asked::NoMail
    };
    Ok(html(
        StatusCode::OK,
        password_reset::render_forgot(&page.ctx, &FormState::default(), asked, RESET_MINUTES),
    ))
}

/// `POST /password/forgot`: sends a reset link if an account uses the
/// address; the page says the same either way.
pub async fn forgot(State(state): State<AppState>, page: Page, form: FormData) -> PageResult {
    let Some(mailer) = Mailer::from_config(&state.config)
        .map_err(|e| crate::error::AppError::Internal(format!("mail is not configured: {e}")))?
    else {
        return Ok(html(
            StatusCode::OK,
            password_reset::render_forgot(
                &page.ctx,
                &FormState::default(),
                Asked::NoMail,
                RESET_MINUTES,
            ),
        ));
    };
    let email = form.get("email");
    let asked_in = page.ctx.tr.lang;
    // Only the address's form is checked before answering; looking up the
    // account, storing the link and sending it come after, so that the time
    // the answer takes does not tell whether an account uses the address.
    if let Err(e) = reset::check_email(&email) {
        return Ok(reshow(&page, e, form_state(&form), |f| {
            password_reset::render_forgot(&page.ctx, &f, Asked::Form, RESET_MINUTES)
        }));
    }
    let db = state.db.clone();
    tokio::spawn(async move {
        let mail = match db.run(move |c| reset::request(c, &email)).await {
            Ok(Some(mail)) => mail,
            Ok(None) => return,
            Err(e) => return e.log(),
        };
        // The account's language, else the one the person asked in.
        let tr = Tr::new(
            mail.locale
                .as_deref()
                .and_then(Lang::parse)
                .unwrap_or(asked_in),
        );
        let link = format!("{}/password/reset/{}", mailer.base_url(), mail.token);
        let body = tr.ta(
            "mail-reset-body",
            &[("link", link), ("minutes", tr.count(RESET_MINUTES))],
        );
        if let Err(code) = mailer
            .send_now(&mail.to, &tr.t("mail-reset-subject"), &body)
            .await
        {
            tracing::warn!(error = code, "password reset e-mail not sent");
        }
    });
    Ok(html(
        StatusCode::OK,
        password_reset::render_forgot(&page.ctx, &FormState::default(), Asked::Sent, RESET_MINUTES),
    ))
}

/// `GET /password/reset/{token}`: the form to choose a new password.
pub async fn reset_form(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
) -> PageResult {
    let t = token.clone();
    let usable = state.db.run(move |c| reset::usable(c, &t)).await?;
    let status = if usable {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok(html(
        status,
        password_reset::render_reset(&page.ctx, &FormState::default(), &token, usable),
    ))
}

/// `POST /password/reset/{token}`: sets the new password; to sign-in.
pub async fn reset(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    form: FormData,
) -> PageResult {
    let (new, confirm) = (form.get("new_password"), form.get("confirm_password"));
    let t = token.clone();
    match state
        .db
        .run(move |c| reset::reset(c, &t, &new, &confirm))
        .await
    {
        Ok(()) => Ok(Redirect::to("/sign-in?done=password-reset").into_response()),
        Err(crate::error::AppError::NotFound(_)) => Ok(html(
            StatusCode::NOT_FOUND,
            password_reset::render_reset(&page.ctx, &FormState::default(), &token, false),
        )),
        Err(e) => Ok(reshow(&page, e, form_state(&form), |f| {
            password_reset::render_reset(&page.ctx, &f, &token, true)
        })),
    }
}
