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

/// The name a cookie goes by: with `__Host-` in front when cookies are
/// `Secure`, so that browsers take it only from this host over HTTPS and for
/// the whole site, and no sibling site can plant or shadow it.
pub fn named(base: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_owned()
    }
}

/// Value of a cookie in the request headers, by its exact name.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(name)
        .map(|c| c.value().to_owned())
}

/// Value of one of the application's cookies (`base` is its name without
/// prefix): only the `__Host-` one is read when cookies are `Secure`.
pub fn site_cookie(headers: &HeaderMap, base: &str, secure: bool) -> Option<String> {
    cookie(headers, &named(base, secure))
}

/// The reader's language cookie, under either name: it decides nothing
/// but the language, and is read before the configuration is at hand.
pub fn lang_cookie(headers: &HeaderMap) -> Option<String> {
    cookie(headers, &named(LANG_COOKIE, true)).or_else(|| cookie(headers, LANG_COOKIE))
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
    let mut c = Cookie::build((named(name, secure), value))
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
