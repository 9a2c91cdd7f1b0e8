//! The application's cookies: their names, reading them from a request and
//! building their `Set-Cookie` values (axum-extra's cookie types).

use axum::http::{HeaderMap, HeaderValue};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "pspm_session";
/// Name of the CSRF cookie (double-submit token).
pub const CSRF_COOKIE: &str = "pspm_csrf";
/// Name of the language cookie.
pub const LANG_COOKIE: &str = "pspm_lang";

/// Value of a cookie in the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(name)
        .map(|c| c.value().to_owned())
}

/// A `Set-Cookie` value for the whole site, out of reach of scripts and of
/// other sites' forms; it lasts `max_age_secs` (0 removes it), or the
/// browser's session when `None`.
pub fn set_cookie_for(
    name: &str,
    value: &str,
    max_age_secs: Option<i64>,
    secure: bool,
) -> HeaderValue {
    let mut c = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure);
    if let Some(secs) = max_age_secs {
        c = c.max_age(cookie::time::Duration::seconds(secs));
    }
    HeaderValue::from_str(&c.build().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A `Set-Cookie` value that lasts `max_age_secs` (0 removes the cookie).
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    set_cookie_for(name, value, Some(max_age_secs), secure)
}
