//! Page middleware: the CSRF double-submit cookie and security headers.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::extract::{CSRF_COOKIE, CsrfToken};
use crate::services::auth::random_secret;

/// Ensures every request has a CSRF token: the cookie's, or a new one that is
/// set on the response. Forms echo it in a hidden `csrf` field.
pub async fn csrf_cookie(secure: bool, mut req: Request, next: Next) -> Response {
    let existing = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, v)| *k == CSRF_COOKIE && v.len() >= 32)
        .map(|(_, v)| v.to_owned());
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (random_secret(), true),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(req).await;
    if fresh {
        let cookie = format!(
            "{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{}",
            if secure { "; Secure" } else { "" }
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
