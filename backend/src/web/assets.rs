//! Static assets: the stylesheet, cached for a year under a versioned URL.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// `GET /assets/{file}`: serves `pspm-<hash>.css`.
pub async fn asset(Path(file): Path<String>) -> Response {
    if file != pspm_frontend::css_file() {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let mut r = pspm_frontend::CSS.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    r
}
