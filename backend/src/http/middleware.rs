//! Middleware: the CSRF double-submit cookie of pages, the API's error shape.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::http::cookies::{CSRF_COOKIE, SESSION_COOKIE, named, set_cookie_for, site_cookie};
use crate::http::extract::CsrfToken;
use crate::services::accounts::auth::{random_secret, sha256_hex};

/// The CSRF token of a signed-in browser: derived from its session cookie,
/// so a token planted from elsewhere (a sibling site's cookie) never matches,
/// and signing in or out gives a new one.
pub fn session_csrf(session: &str) -> String {
    sha256_hex(&format!("csrf:{session}"))
}

/// The session cookie a response sets: `Some(Some(v))` when it starts one,
/// `Some(None)` when it ends one, `None` when it leaves it alone.
fn session_set_by(headers: &HeaderMap, secure: bool) -> Option<Option<String>> {
    let prefix = format!("{}=", named(SESSION_COOKIE, secure));
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&prefix))
        .map(|rest| {
            let value = rest.split(';').next().unwrap_or_default();
            (!value.is_empty() && !rest.contains("Max-Age=0")).then(|| value.to_owned())
        })
}

/// Ensures every request has a CSRF token, which forms echo in a hidden
/// `csrf` field: signed in, the session's ([`session_csrf`]); otherwise the
/// cookie's, or a new one set on the response (a double-submit cookie, for
/// the sign-in form). The cookie always holds the token of the next page.
pub async fn csrf_cookie(secure: bool, mut req: Request, next: Next) -> Response {
    let stored = site_cookie(req.headers(), CSRF_COOKIE, secure);
    let token = match site_cookie(req.headers(), SESSION_COOKIE, secure) {
        Some(session) => session_csrf(&session),
        None => stored
            .clone()
            .filter(|v| v.len() >= 32)
            .unwrap_or_else(random_secret),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(req).await;
    let next_token = match session_set_by(response.headers(), secure) {
        Some(Some(session)) => session_csrf(&session),
        Some(None) => random_secret(),
        None => token,
    };
    if stored.as_deref() != Some(next_token.as_str()) {
        let cookie = set_cookie_for(CSRF_COOKIE, &next_token, None, secure);
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Gives the API's refusals made outside its handlers (405 from the router,
/// 413 from the body limit, 404 for an unknown path, an extractor's plain
/// text) the one error shape, keeping status and headers such as `Allow`.
pub async fn api_error_shape(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !api || json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let (code, detail) = match status {
        StatusCode::NOT_FOUND => ("not_found", "Nothing is at this address."),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "This address does not take this method; the Allow header lists those it takes.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "The request body is too large."),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "Send the body as application/json.",
        ),
        s if s.is_server_error() => ("internal_error", "Something went wrong on our side."),
        _ => ("bad_request", "The request could not be understood."),
    };
    let (mut parts, _) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = serde_json::json!({"errors": [{"code": code, "detail": detail}]});
    Response::from_parts(parts, axum::body::Body::from(body.to_string()))
}

/// Whether a request uploads an attachment (`POST …/attachments`): streamed
/// to disk, so it may be as large as the configured file limit.
fn is_upload(req: &Request) -> bool {
    req.method() == axum::http::Method::POST && req.uri().path().ends_with("/attachments")
}

/// The request body limit: [`crate::http::BODY_LIMIT`], or `uploads` bytes
/// for an attachment's upload. A declared length above it is refused at once
/// (413); a body that grows past it fails as it is read.
pub async fn body_limit(
    axum::extract::State(uploads): axum::extract::State<usize>,
    req: Request,
    next: Next,
) -> Response {
    let limit = if is_upload(&req) {
        uploads
    } else {
        crate::http::BODY_LIMIT
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        let mut res = Response::new(axum::body::Body::from("length limit exceeded"));
        *res.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        return res;
    }
    let (parts, body) = req.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}
