//! Request extractors shared by API and pages: the caller (session cookie or
//! bearer token), client address, JSON bodies and query strings answered in
//! the one error shape, the CSRF token and verified form bodies.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::config::TrustedProxies;
use crate::domain::TokenScope;
use crate::error::{AppError, ErrorItem};
use crate::http::cookies::{SESSION_COOKIE, site_cookie};
use crate::services::Actor;
use crate::services::accounts::auth;

fn bearer(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(|t| t.trim().to_owned())
}

/// The caller, if signed in (session cookie) or authenticated (bearer token).
#[derive(Debug, Clone)]
pub struct MaybeActor(pub Option<Actor>);

impl FromRequestParts<AppState> for MaybeActor {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(found) = parts.extensions.get::<MaybeActor>() {
            return Ok(found.clone());
        }
        let token = bearer(parts);
        let secure = state.config.secure_cookies;
        let session = site_cookie(&parts.headers, SESSION_COOKIE, secure);
        let actor = match (token, session) {
            (Some(t), _) => {
                let found = state
                    .db
                    .run(move |c| auth::authenticate_bearer(c, &t))
                    .await?;
                // A bad or expired bearer token is an error, never a silent
                // anonymous request.
                let (actor, scope) = found.ok_or(AppError::Unauthenticated)?;
                if scope == TokenScope::Read && !parts.method.is_safe() {
                    return Err(AppError::ReadOnlyToken);
                }
                Some(actor)
            }
            (None, Some(s)) => {
                if !same_site_write(parts, secure) {
                    return Err(AppError::Csrf);
                }
                let idle = state.config.session_idle_minutes;
                state
                    .db
                    .run(move |c| auth::authenticate_session(c, &s, idle))
                    .await?
            }
            (None, None) => None,
        };
        let found = MaybeActor(actor);
        parts.extensions.insert(found.clone());
        Ok(found)
    }
}

/// Whether a request authenticated by the session cookie may be a write of
/// the API: safe methods always; otherwise a body another site's page cannot
/// send without asking first (JSON, CSV: not a "simple" CORS request), or the
/// `X-CSRF-Token` header with the session's CSRF token (the value the
/// `pspm_csrf` cookie holds once a page was loaded). Page forms carry their own
/// token field and are checked by [`FormData`].
fn same_site_write(parts: &Parts, secure: bool) -> bool {
    if parts.method.is_safe() || !parts.uri.path().starts_with("/api/") {
        return true;
    }
    let simple = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .is_none_or(|t| {
            matches!(
                t.as_str(),
                "" | "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
            )
        });
    if !simple {
        return true;
    }
    let header = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    match (header, site_cookie(&parts.headers, SESSION_COOKIE, secure)) {
        (Some(sent), Some(session)) => {
            let expected = crate::http::middleware::session_csrf(&session);
            constant_eq(sent.as_bytes(), expected.as_bytes())
        }
        _ => false,
    }
}

/// The header that carries the CSRF token on API writes without a JSON body.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The caller, who must be signed in (else 401).
#[derive(Debug, Clone)]
pub struct RequireActor(pub Actor);

impl FromRequestParts<AppState> for RequireActor {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let MaybeActor(actor) = MaybeActor::from_request_parts(parts, state).await?;
        actor.map(RequireActor).ok_or(AppError::Unauthenticated)
    }
}

/// The client's IP address, when the server knows it: the socket's peer, or
/// behind a trusted proxy (`PSPM_TRUSTED_PROXIES`) the address it forwarded.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(ClientAddr(peer.map(|peer| {
            forwarded_client(peer, &parts.headers, &state.config.trusted_proxies)
        })))
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy;
/// else the right-most `X-Forwarded-For` hop that is not a trusted proxy,
/// since each proxy appends the address it saw and only the hops our own
/// proxies added can be believed (the left ones are the client's to write).
fn forwarded_client(
    peer: IpAddr,
    headers: &axum::http::HeaderMap,
    trusted: &TrustedProxies,
) -> IpAddr {
    let mut client = peer.to_canonical();
    if !trusted.contains(client) {
        return client;
    }
    let hops: Vec<&str> = headers
        .get_all(X_FORWARDED_FOR)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>() else {
            break;
        };
        client = ip.to_canonical();
        if !trusted.contains(client) {
            break;
        }
    }
    client
}

/// The header reverse proxies name the client in.
const X_FORWARDED_FOR: &str = "x-forwarded-for";

/// A JSON body whose problems are answered in the one error shape, naming the field.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(AppError::Validation(vec![ErrorItem {
                code: "unsupported_media_type".into(),
                detail: "Send the body as JSON with Content-Type: application/json.".into(),
                field: None,
            }]));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::Validation(vec![ErrorItem {
                    code: "body_unreadable".into(),
                    detail: e.body_text(),
                    field: None,
                }])
            }
        })?;
        crate::error::parse_json(&bytes).map(ApiJson)
    }
}

/// A query string whose problems are answered in the one error shape.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e| {
                AppError::Validation(vec![ErrorItem {
                    code: "invalid_query".into(),
                    detail: e.body_text(),
                    field: None,
                }])
            })
    }
}

/// A numeric id from the path; anything else is "not found".
#[derive(Debug, Clone, Copy)]
pub struct Id(pub i32);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| AppError::NotFound("record"))?;
        raw.parse()
            .map(Id)
            .map_err(|_| AppError::NotFound("record"))
    }
}

/// Several path parameters; one that does not parse names nothing here (404).
#[derive(Debug, Clone, Copy)]
pub struct Ids<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for Ids<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(t)| Ids(t))
            .map_err(|_| AppError::NotFound("record"))
    }
}

/// The CSRF token of this request (set by the CSRF middleware).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// A form body (URL-encoded) whose CSRF field matched the cookie: the last
/// value of each field, and every pair in order (for repeated fields).
#[derive(Debug, Clone, Default)]
pub struct FormData(pub BTreeMap<String, String>, pub Vec<(String, String)>);

impl FormData {
    /// A field's value ("" when absent).
    pub fn get(&self, name: &str) -> String {
        self.0.get(name).cloned().unwrap_or_default()
    }

    /// Every value of a repeated field (e.g. checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.1
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A field parsed as an optional id ("" → None; garbage → Err).
    pub fn opt_id(&self, name: &str) -> Result<Option<i32>, std::num::ParseIntError> {
        let v = self.get(name);
        let v = v.trim();
        if v.is_empty() {
            Ok(None)
        } else {
            v.parse().map(Some)
        }
    }
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = axum::response::Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = req.extensions().get::<CsrfToken>().map(|t| t.0.clone());
        // Rejections are pages, in the reader's language (the caller is not looked up).
        let ctx = crate::http::page::bare_ctx(req.headers(), expected.clone().unwrap_or_default());
        let reject = |e: AppError| crate::http::page::error_page(&ctx, e);
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                reject(AppError::TooLarge)
            } else {
                reject(AppError::Csrf)
            }
        })?;
        let pairs: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
        let fields: BTreeMap<String, String> = pairs.iter().cloned().collect();
        let sent = fields.get("csrf");
        match (expected, sent) {
            (Some(expected), Some(sent))
                if !expected.is_empty() && constant_eq(expected.as_bytes(), sent.as_bytes()) =>
            {
                Ok(FormData(fields, pairs))
            }
            _ => Err(reject(AppError::Csrf)),
        }
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(peer: &str, forwarded: &[&str], trusted: &str) -> String {
        let mut headers = axum::http::HeaderMap::new();
        for f in forwarded {
            headers.append(X_FORWARDED_FOR, f.parse().unwrap());
        }
        let trusted = TrustedProxies::parse(trusted).unwrap();
        forwarded_client(peer.parse().unwrap(), &headers, &trusted).to_string()
    }

    #[test]
    fn the_forwarded_client_is_believed_from_trusted_proxies_only() {
        // Not a trusted proxy: its header is the client's to write.
        assert_eq!(client("192.0.2.9", &["203.0.113.5"], ""), "192.0.2.9");
        assert_eq!(
            client("192.0.2.9", &["203.0.113.5"], "10.0.0.0/8"),
            "192.0.2.9"
        );
        // One proxy: the hop it appended.
        assert_eq!(
            client("10.0.0.2", &["203.0.113.5"], "10.0.0.0/8"),
            "203.0.113.5"
        );
        // The client's own first entry is passed over.
        assert_eq!(
            client("10.0.0.2", &["198.51.100.1, 203.0.113.5"], "10.0.0.0/8"),
            "203.0.113.5"
        );
        // Two proxies of ours, in one header or two.
        assert_eq!(
            client("10.0.0.2", &["203.0.113.5, 10.1.2.3"], "10.0.0.0/8"),
            "203.0.113.5"
        );
        assert_eq!(
            client("10.0.0.2", &["203.0.113.5", "10.1.2.3"], "10.0.0.0/8"),
            "203.0.113.5"
        );
        // IPv6 and IPv4-mapped addresses.
        assert_eq!(
            client("::ffff:10.0.0.2", &["2001:db8::7"], "10.0.0.0/8, ::1"),
            "2001:db8::7"
        );
        // Nothing forwarded, or nonsense: the proxy itself.
        assert_eq!(client("10.0.0.2", &[], "10.0.0.0/8"), "10.0.0.2");
        assert_eq!(client("10.0.0.2", &["unknown"], "10.0.0.0/8"), "10.0.0.2");
    }
}
