//! "My account": profile, preferred language, e-mail, password, API tokens,
//! data download, account deletion.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::accounts::my_account::AccountView;
use pspm_frontend::pages::accounts::tokens::{TokenRow, TokensView};

use crate::app::AppState;
use crate::db::organisation::Organisation;
use crate::db::user::User;
use crate::http::cookies::{LANG_COOKIE, SESSION_COOKIE, set_cookie, site_cookie};
use crate::http::extract::FormData;
use crate::http::page::{PageResult, SignedIn, form_errors, form_state, html};
use crate::services::accounts::{account, auth};

/// Query of the account page.
#[derive(Debug, serde::Deserialize)]
pub struct AccountQuery {
    /// What was just saved (`email`, or the preferred language).
    pub saved: Option<String>,
}

async fn render(
    state: &AppState,
    signed_in: &SignedIn,
    form: FormState,
    saved: Option<&str>,
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
                locale: user.locale,
                email_frequency: user.email_frequency.to_string(),
            })
        })
        .await?;
    Ok(html(
        status,
        pspm_frontend::pages::accounts::my_account::render(
            &signed_in.page.ctx,
            &view,
            &form,
            saved,
        ),
    ))
}

/// `GET /account`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(q): Query<AccountQuery>,
) -> PageResult {
    let saved = q.saved.as_deref();
    render(
        &state,
        &signed_in,
        FormState::default(),
        saved,
        StatusCode::OK,
    )
    .await
}

/// `POST /account/language`: stores the preferred language and shows the
/// pages of this browser in it.
pub async fn set_language(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let lang = form.get("lang");
    let actor = signed_in.actor.clone();
    let code = lang.clone();
    match state
        .db
        .run(move |c| account::set_locale(c, &actor, &code))
        .await
    {
        Ok(()) => {
            let mut r = Redirect::to("/account?saved=1").into_response();
            r.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(
                    LANG_COOKIE,
                    &lang,
                    365 * 24 * 3600,
                    state.config.secure_cookies,
                ),
            );
            Ok(r)
        }
        Err(e) => refused(&state, &signed_in, &form, "language", e).await,
    }
}

/// `POST /account/email`: how often notifications come by e-mail.
pub async fn set_email_frequency(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let value = form.get("email_frequency");
    let actor = signed_in.actor.clone();
    match state
        .db
        .run(move |c| account::set_email_frequency(c, &actor, &value))
        .await
    {
        Ok(_) => Ok(Redirect::to("/account?saved=email#email").into_response()),
        Err(e) => refused(&state, &signed_in, &form, "email", e).await,
    }
}

/// `GET /unsubscribe/{token}`: the page an e-mail's unsubscribe link opens,
/// with one button (a link alone must not unsubscribe: mail scanners
/// follow links).
pub async fn unsubscribe_form(
    State(state): State<AppState>,
    page: crate::http::page::Page,
    Path(token): Path<String>,
) -> PageResult {
    let t = token.clone();
    let known = state
        .db
        .run(move |c| account::unsubscribe_link_known(c, &t))
        .await?;
    let status = if known {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok(html(
        status,
        pspm_frontend::pages::accounts::unsubscribe::render(&page.ctx, &token, known, false),
    ))
}

/// `POST /unsubscribe/{token}`: the button of that page, or a mail
/// program's own unsubscribe button (RFC 8058, without a cookie): the link's
/// secret is the proof, so no CSRF token is asked for.
pub async fn unsubscribe(
    State(state): State<AppState>,
    page: crate::http::page::Page,
    Path(token): Path<String>,
) -> PageResult {
    let t = token.clone();
    let done = state.db.run(move |c| account::unsubscribe(c, &t)).await;
    let (status, known) = match done {
        Ok(()) => (StatusCode::OK, true),
        Err(crate::error::AppError::NotFound(_)) => (StatusCode::NOT_FOUND, false),
        Err(e) => return Err(e.into()),
    };
    Ok(html(
        status,
        pspm_frontend::pages::accounts::unsubscribe::render(&page.ctx, &token, known, known),
    ))
}

/// `GET /account/export`: the caller's data as a JSON download.
pub async fn export(State(state): State<AppState>, SignedIn { actor, .. }: SignedIn) -> PageResult {
    Ok(crate::http::download::personal_data(&state, actor).await?)
}

/// `POST /account/password`: changes the password; the other sessions and
/// every API token end, this one stays.
pub async fn change_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    headers: HeaderMap,
    form: FormData,
) -> PageResult {
    let (current, new) = (form.get("current_password"), form.get("new_password"));
    let actor = signed_in.actor.clone();
    let session = site_cookie(&headers, SESSION_COOKIE, state.config.secure_cookies);
    match state
        .db
        .run(move |c| auth::change_password(c, &actor, &current, &new, session.as_deref()))
        .await
    {
        Ok(()) => Ok(Redirect::to("/account?saved=password#password").into_response()),
        Err(e) => refused(&state, &signed_in, &form, "password", e).await,
    }
}

/// Re-shows the account page with the problems of the form `which`: the
/// password and deletion forms show them in their own section, the others
/// at the top.
async fn refused(
    state: &AppState,
    signed_in: &SignedIn,
    form: &FormData,
    which: &str,
    e: crate::error::AppError,
) -> PageResult {
    let (status, errors) = form_errors(e)?;
    let f = FormState {
        errors,
        ..form_state(form)
    }
    .with("form", which);
    render(state, signed_in, f, None, status).await
}

/// `POST /account/delete`: requires the confirmation box and the password.
pub async fn delete(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    if form.get("confirm") != "yes" {
        let e =
            crate::error::AppError::field("confirm", "confirm_required", "tick the box to confirm");
        return refused(&state, &signed_in, &form, "delete", e).await;
    }
    let actor = signed_in.actor.clone();
    let password = form.get("current_password");
    if let Err(e) = state
        .db
        .run(move |c| account::delete(c, &actor, &password))
        .await
    {
        return refused(&state, &signed_in, &form, "delete", e).await;
    }
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies),
    );
    Ok(r)
}

/// Query of the tokens page.
#[derive(Debug, serde::Deserialize)]
pub struct TokensQuery {
    /// A token was just revoked.
    pub revoked: Option<String>,
}

async fn render_tokens(
    state: &AppState,
    signed_in: &SignedIn,
    form: FormState,
    created: Option<(String, String)>,
    revoked: bool,
    status: StatusCode,
) -> PageResult {
    let actor = signed_in.actor.clone();
    let tokens = state.db.run(move |c| auth::list_tokens(c, &actor)).await?;
    let now = crate::db::now();
    let view = TokensView {
        tokens: tokens
            .iter()
            .map(|t| TokenRow {
                id: t.id,
                name: t.name.clone(),
                scope: t.scope.to_string(),
                created: t.created_at.date(),
                last_used: t.last_used_at.map(|d| d.date()),
                expires: t.expires_at.date(),
                expired: t.expires_at <= now,
            })
            .collect(),
        created,
        revoked,
        days: auth::TOKEN_DAYS.to_vec(),
        default_days: auth::DEFAULT_TOKEN_DAYS,
    };
    Ok(html(
        status,
        pspm_frontend::pages::accounts::tokens::render(&signed_in.page.ctx, &view, &form),
    ))
}

/// `GET /account/tokens`.
pub async fn tokens(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(q): Query<TokensQuery>,
) -> PageResult {
    let revoked = q.revoked.is_some();
    render_tokens(
        &state,
        &signed_in,
        FormState::default(),
        None,
        revoked,
        StatusCode::OK,
    )
    .await
}

/// `POST /account/tokens`: creates a token and shows its secret this once
/// (a page of its own answer, never a redirect that would carry it).
pub async fn create_token(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let request = auth::TokenRequest {
        name: form.get("name"),
        scope: form.get("scope"),
        days: form.get("days").trim().parse().unwrap_or(0),
        password: form.get("current_password"),
    };
    let actor = signed_in.actor.clone();
    match state
        .db
        .run(move |c| auth::create_token(c, &actor, &request))
        .await
    {
        Ok((token, secret)) => {
            let mut r = render_tokens(
                &state,
                &signed_in,
                FormState::default(),
                Some((token.name, secret)),
                false,
                StatusCode::CREATED,
            )
            .await?;
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(r)
        }
        Err(e) => {
            let (status, errors) = form_errors(e)?;
            let f = FormState {
                errors,
                ..form_state(&form)
            };
            render_tokens(&state, &signed_in, f, None, false, status).await
        }
    }
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn revoke_token(
    State(state): State<AppState>,
    SignedIn { actor, .. }: SignedIn,
    Path(id): Path<i32>,
) -> PageResult {
    state
        .db
        .run(move |c| auth::revoke_token(c, &actor, id))
        .await?;
    Ok(Redirect::to("/account/tokens?revoked=1#tokens").into_response())
}
