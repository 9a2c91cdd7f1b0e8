//! Page middleware: the CSRF double-submit cookie and security headers.

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use crate::http::cookies::{CSRF_COOKIE, set_cookie_for};
use crate::http::extract::CsrfToken;
use crate::services::accounts::auth::random_secret;

/// Ensures every request has a CSRF token: the cookie's, or a new one that is
/// set on the response. Forms echo it in a hidden `csrf` field.
pub async fn csrf_cookie(secure: bool, mut req: Request, next: Next) -> Response {
    let existing =
        crate::http::cookies::cookie(req.headers(), CSRF_COOKIE).filter(|v| v.len() >= 32);
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (random_secret(), true),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(req).await;
    if fresh {
        let cookie = set_cookie_for(CSRF_COOKIE, &token, None, secure);
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
