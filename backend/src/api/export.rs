//! `/api/v1/export/open-data.zip`: the open-data archive, from the last
//! complete file ([`ArchiveFiles`](crate::services::analytics::open_data::ArchiveFiles)),
//! with validators for conditional requests and byte ranges for resumed downloads.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::services::analytics::open_data::Built;

/// Every public table and every indicator table as CSV and Parquet, with a
/// data dictionary and the licence, in one ZIP file. No personal data.
///
/// The archive is built in the background, at most once per data version
/// (and, after a build, not again for `PSPM_OPEN_DATA_REBUILD_SECS`); until a
/// newer one is complete the last one is served. `ETag` (a hash of the bytes)
/// and `Last-Modified` answer conditional requests with 304, and `Range`
/// (one range; `If-Range` honoured) with 206. Before the first archive is
/// complete, the request waits for it up to `PSPM_OPEN_DATA_WAIT_SECS`, then
/// is answered 503 `open_data_not_ready` with `Retry-After`.
#[utoipa::path(get, path = "/api/v1/export/open-data.zip", tag = "analytics",
    responses(
        (status = 200, content_type = "application/zip", body = Vec<u8>),
        (status = 206, description = "The bytes of the requested range", content_type = "application/zip", body = Vec<u8>),
        (status = 304, description = "The archive of the validators sent is still current"),
        (status = 416, description = "The range asked for is not in the archive"),
        (status = 503, description = "The first archive is not built yet (see Retry-After)", body = ErrorBody)))]
pub async fn open_data_zip(State(state): State<AppState>, request: Request) -> AppResult<Response> {
    let version = state.version.current(&state.db).await?;
    let latest = || state.open_data.latest(&state.db, &state.analytics, version);
    let built = latest().await?;
    if built.path.exists() {
        return serve(&built, request).await;
    }
    // Removed under the server (a cleaner of old temporary files, say):
    // built again, as if there had been none.
    state.open_data.lost(&built);
    let built = latest().await?;
    serve(&built, request).await
}

/// `built` as asked for by `request`'s conditional and range headers.
/// tower-http's `ServeFile` serves ranges and `If-Modified-Since`; entity
/// tags (`If-None-Match`, `If-Range`) are taken care of here.
async fn serve(built: &Built, mut request: Request) -> AppResult<Response> {
    let etag = HeaderValue::from_str(&built.etag)
        .map_err(|e| AppError::Internal(format!("open data: {e}")))?;
    let last_modified = HeaderValue::from_str(&built.last_modified())
        .map_err(|e| AppError::Internal(format!("open data: {e}")))?;
    let headers = request.headers_mut();
    if let Some(tags) = headers.get(header::IF_NONE_MATCH) {
        if matches_any(tags, &built.etag) {
            let mut r = StatusCode::NOT_MODIFIED.into_response();
            validators(r.headers_mut(), etag, last_modified);
            return Ok(r);
        }
        // An entity tag that does not match outweighs a date (RFC 9110, 13.2.2).
        headers.remove(header::IF_MODIFIED_SINCE);
    }
    // A range of another archive than the client's would corrupt its resumed download.
    if let Some(condition) = headers.get(header::IF_RANGE)
        && condition != etag
        && condition != last_modified
    {
        headers.remove(header::RANGE);
    }
    // ServeFile refuses several ranges (416); the whole file is the better answer.
    if headers
        .get(header::RANGE)
        .is_some_and(|r| r.as_bytes().contains(&b','))
    {
        headers.remove(header::RANGE);
    }
    // The name ends in .zip, which gives the type.
    let response = ServeFile::new(&built.path)
        .oneshot(request)
        .await
        .map_err(|e| AppError::Internal(format!("open data: {e}")))?;
    if response.status() == StatusCode::NOT_FOUND {
        return Err(AppError::Internal(format!(
            "open data: {} is missing",
            built.path.display()
        )));
    }
    let mut response = response.map(Body::new);
    let success = response.status().is_success();
    let h = response.headers_mut();
    validators(h, etag, last_modified);
    if success {
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"pspm-open-data.zip\""),
        );
    }
    Ok(response)
}

/// The validators, and that caches must ask again before reusing the archive.
fn validators(h: &mut HeaderMap, etag: HeaderValue, last_modified: HeaderValue) {
    h.insert(header::ETAG, etag);
    h.insert(header::LAST_MODIFIED, last_modified);
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
}

/// Whether an `If-None-Match` value names `etag` (weak comparison) or is `*`.
fn matches_any(tags: &HeaderValue, etag: &str) -> bool {
    tags.to_str().is_ok_and(|tags| {
        tags.split(',')
            .map(str::trim)
            .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
    })
}
