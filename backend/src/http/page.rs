//! What every page handler shares: the [`Page`] extractor (language, caller,
//! CSRF token), HTML responses, the error page, forms re-shown with their
//! messages, and rendered pages kept per data version ([`CachedPage`]).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use pspm_frontend::components::{FieldError, FormState};
use pspm_frontend::i18n::negotiate;
use pspm_frontend::{PageCtx, Tr, UserBadge};

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::cookies::lang_cookie;
use crate::http::extract::{CsrfToken, MaybeActor};
use crate::services::Actor;

/// Everything a page handler needs: the page context and the caller.
#[derive(Debug, Clone)]
pub struct Page {
    /// Context passed to the components.
    pub ctx: PageCtx,
    /// The signed-in caller.
    pub actor: Option<Actor>,
    /// Whether the client accepts gzip (`Accept-Encoding`).
    pub gzip: bool,
}

/// Whether an `Accept-Encoding` header accepts gzip (`gzip` or `*`, not at q=0).
pub fn accepts_gzip(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

/// A rendered page kept in the cache of pages: its HTML, and the same
/// gzip-compressed once (browsers accept gzip, and slow lines gain most).
/// Both are shared, never copied per request.
#[derive(Debug)]
pub struct CachedPage {
    status: StatusCode,
    html: axum::body::Bytes,
    /// How hard its gzip copy is compressed (see [`CachedPage::plain`]).
    level: flate2::Compression,
    /// Made once, when first needed ([`CachedPage::compressed`]); `None`
    /// inside if compressing failed.
    gzip: std::sync::OnceLock<Option<axum::body::Bytes>>,
}

/// The page kept under `key` in the cache of rendered pages at the current
/// data version, rendered by `render` when missing. A kept page costs no
/// database work.
pub async fn cached_page(
    state: &AppState,
    key: String,
    render: impl FnOnce(&mut crate::db::DbConn) -> AppResult<CachedPage> + Send + 'static,
) -> AppResult<Arc<CachedPage>> {
    let version = state.version.current(&state.db).await?;
    if let Some(hit) = state.pages.hit::<CachedPage>(&key, version) {
        return Ok(hit);
    }
    let pages = state.pages.clone();
    state
        .db
        .run(move |c| pages.get_or(key, version, || render(c)))
        .await
}

impl CachedPage {
    /// Keeps `html` and its gzip copy, compressed at zlib's default level:
    /// a page kept for a data version (a plan, a dashboard) is compressed
    /// once and served many times.
    pub fn new(status: StatusCode, html: String) -> Self {
        let page = Self {
            level: flate2::Compression::default(),
            ..Self::plain(status, html)
        };
        page.compressed();
        page
    }

    /// Keeps `html` of a search's page; its gzip copy is made when first
    /// asked for (call [`CachedPage::compressed`] off the async threads
    /// first when the client accepts gzip), at level 2: nearly every such
    /// page is made for one reader, so a fast compression for a few more
    /// bytes is the better trade (bench/LOAD.md).
    pub fn plain(status: StatusCode, html: String) -> Self {
        Self {
            status,
            html: axum::body::Bytes::from(html),
            level: flate2::Compression::new(2),
            gzip: std::sync::OnceLock::new(),
        }
    }

    /// The gzip copy, made on the first call.
    pub fn compressed(&self) -> Option<&axum::body::Bytes> {
        self.gzip
            .get_or_init(|| {
                use std::io::Write;
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::with_capacity(self.html.len() / 8),
                    self.level,
                );
                encoder
                    .write_all(&self.html)
                    .and_then(|()| encoder.finish())
                    .ok()
                    .map(axum::body::Bytes::from)
            })
            .as_ref()
    }

    /// The page, gzip-compressed when `gzip` (the client accepts it).
    pub fn response(&self, gzip: bool) -> Response {
        let zipped = if gzip { self.compressed() } else { None };
        let compressed = zipped.is_some();
        let body = zipped.unwrap_or(&self.html).clone();
        let mut r = html(self.status, body);
        let h = r.headers_mut();
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if compressed {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        r
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = negotiate(
            lang_cookie(&parts.headers).as_deref(),
            parts
                .headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        );
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        let mut ctx = PageCtx {
            tr: Tr::new(lang),
            user: None,
            csrf,
            path,
        };
        let actor = match MaybeActor::from_request_parts(parts, state).await {
            Ok(MaybeActor(actor)) => actor,
            Err(e) => return Err(error_page(&ctx, e)),
        };
        let unread = match &actor {
            Some(a) => {
                let id = a.user_id;
                state
                    .db
                    .run(move |c| Ok(crate::db::notification::Notification::unread(c, id)?))
                    .await
                    .unwrap_or(0)
            }
            None => 0,
        };
        ctx.user = actor.as_ref().map(|a| UserBadge {
            name: a.display_name.clone(),
            is_admin: a.is_admin(),
            unread,
        });
        if let Some(seen) = parts.extensions.get::<SeenCtx>() {
            let _ = seen.0.set(ctx.clone());
        }
        Ok(Page {
            ctx,
            actor,
            gzip: accepts_gzip(&parts.headers),
        })
    }
}

impl Page {
    /// The signed-in caller, or a redirect to the sign-in page that comes back here.
    pub fn require_actor(&self) -> Result<&Actor, Response> {
        self.actor
            .as_ref()
            .ok_or_else(|| sign_in_redirect(&self.ctx.path))
    }

    /// Renders an error as a page (or a redirect to sign in for 401).
    pub fn error(&self, e: AppError) -> Response {
        error_response(&self.ctx, e)
    }
}

/// The sign-in page, which comes back to `path` once signed in.
fn sign_in_redirect(path: &str) -> Response {
    let next = form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>();
    Redirect::to(&format!("/sign-in?next={next}")).into_response()
}

/// The error page for `e`, or the way to sign in when an anonymous reader
/// needs to be signed in.
fn error_response(ctx: &PageCtx, e: AppError) -> Response {
    if matches!(e, AppError::Unauthenticated) && ctx.user.is_none() {
        return sign_in_redirect(&ctx.path);
    }
    error_page(ctx, e)
}

/// A page for signed-in readers only: an anonymous reader is sent to sign
/// in, and comes back to the page afterwards.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The page context.
    pub page: Page,
    /// The signed-in caller.
    pub actor: Actor,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let page = Page::from_request_parts(parts, state).await?;
        match page.actor.clone() {
            Some(actor) => Ok(SignedIn { page, actor }),
            None => Err(sign_in_redirect(&page.ctx.path)),
        }
    }
}

/// What a page handler answers.
pub type PageResult = Result<Response, PageError>;

/// Why a page handler did not render its page. An application error is
/// shown as the error page in the reader's language (or a redirect to sign
/// in), by [`render_failures`] around the page routes; an answer is given as it is.
#[derive(Debug)]
pub enum PageError {
    /// An error from a service or a check.
    App(AppError),
    /// An answer the handler made instead of its page (a form re-shown with
    /// its messages, a redirect).
    Answer(Response),
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl From<Response> for PageError {
    fn from(r: Response) -> Self {
        Self::Answer(r)
    }
}

/// An error on its way from a handler to [`render_failures`].
#[derive(Clone)]
struct Failed(Arc<std::sync::Mutex<Option<AppError>>>);

/// The page context of the request, as its [`Page`] made it.
#[derive(Clone, Default)]
struct SeenCtx(Arc<std::sync::OnceLock<PageCtx>>);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            Self::Answer(r) => r,
            Self::App(e) => {
                let mut r = e.status().into_response();
                r.extensions_mut()
                    .insert(Failed(Arc::new(std::sync::Mutex::new(Some(e)))));
                r
            }
        }
    }
}

/// Renders the [`PageError`]s of the page routes in the reader's language,
/// with the context (caller, CSRF token, path) the handler's [`Page`] had.
pub async fn render_failures(
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let seen = SeenCtx::default();
    req.extensions_mut().insert(seen.clone());
    let csrf = req
        .extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default();
    let mut headers = axum::http::HeaderMap::new();
    for name in [header::COOKIE, ACCEPT_LANGUAGE] {
        for v in req.headers().get_all(&name) {
            headers.append(name.clone(), v.clone());
        }
    }
    let mut response = next.run(req).await;
    let Some(Failed(slot)) = response.extensions_mut().remove::<Failed>() else {
        return response;
    };
    let Some(e) = slot.lock().ok().and_then(|mut e| e.take()) else {
        return response;
    };
    match seen.0.get() {
        Some(ctx) => error_response(ctx, e),
        None => error_page(&bare_ctx(&headers, csrf), e),
    }
}

/// A page context from the headers alone (language), for responses produced
/// before the caller is known.
pub fn bare_ctx(headers: &axum::http::HeaderMap, csrf: String) -> PageCtx {
    PageCtx {
        tr: Tr::new(negotiate(
            lang_cookie(headers).as_deref(),
            headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
        )),
        user: None,
        csrf,
        path: "/".into(),
    }
}

/// An HTML response with the status given and no caching by shared caches.
pub fn html(status: StatusCode, body: impl IntoResponse) -> Response {
    let mut r = (status, Html(body)).into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, private"),
    );
    r
}

/// The error page for an application error, in the layout.
pub fn error_page(ctx: &PageCtx, e: AppError) -> Response {
    e.log();
    let status = e.status();
    let body = match e {
        AppError::Csrf => pspm_frontend::pages::error::render_key(ctx, "csrf"),
        _ => pspm_frontend::pages::error::render(ctx, status.as_u16()),
    };
    html(status, body)
}

/// Converts a validation or conflict error into field errors for re-showing a form;
/// other errors are returned unchanged.
pub fn form_errors(e: AppError) -> Result<(StatusCode, Vec<FieldError>), AppError> {
    let status = e.status();
    match e {
        AppError::Validation(_)
        | AppError::Conflict { .. }
        | AppError::InvalidCredentials
        | AppError::RateLimited(_) => {
            let errors = e
                .items()
                .into_iter()
                .map(|i| FieldError {
                    field: i.field,
                    code: i.code,
                })
                .collect();
            Ok((status, errors))
        }
        other => Err(other),
    }
}

/// Re-shows a form with the field errors of `e` (validation, conflict,
/// credentials, rate limit), or shows the error page for anything else.
pub fn reshow(
    page: &Page,
    e: AppError,
    mut form: FormState,
    render: impl Fn(FormState) -> String,
) -> Response {
    match form_errors(e) {
        Ok((status, errors)) => {
            form.errors = errors;
            html(status, render(form))
        }
        Err(e) => page.error(e),
    }
}

/// A form state from submitted values (without the CSRF field).
pub fn form_state(data: &crate::http::extract::FormData) -> FormState {
    let mut values = data.0.clone();
    values.remove("csrf");
    values.remove("password");
    values.remove("current_password");
    values.remove("new_password");
    FormState {
        values,
        ..Default::default()
    }
}

/// The local path to return to after a redirect (every `next=`), else `/`:
/// one `/` followed by neither `/` nor `\`, and no whitespace or control
/// character anywhere, since browsers drop those and `/\t/host` becomes `//host`.
pub fn safe_next(next: &str) -> String {
    let local = match next.as_bytes() {
        [b'/'] => true,
        [b'/', second, ..] => !matches!(second, b'/' | b'\\'),
        _ => false,
    };
    let plain = !next.chars().any(|c| c.is_whitespace() || c.is_control());
    if local && plain {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

/// Response to a panic: the 500 page, in English (the request is gone by then).
pub fn panic_page(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    let ctx = PageCtx {
        tr: Tr::default(),
        user: None,
        csrf: String::new(),
        path: "/".into(),
    };
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        pspm_frontend::pages::error::render(&ctx, 500),
    )
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_be_local() {
        assert_eq!(safe_next("/admin/users?page=2"), "/admin/users?page=2");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/"), "/");
        assert_eq!(safe_next("/plans?q=a%20b#x"), "/plans?q=a%20b#x");
        for refused in [
            "",
            "plans",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "/plans\r\nSet-Cookie:x=1",
            "/\u{a0}/evil.example",
            "/\u{7f}",
            "\t//evil.example",
            "/\\/evil.example",
        ] {
            assert_eq!(safe_next(refused), "/", "{refused:?}");
        }
    }
}
