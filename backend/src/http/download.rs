//! The personal-data download: the document is written to a temporary file
//! (the database is held only while it is written), then sent from the file,
//! which is gone from the disk once the response has it open.

use std::io::{BufWriter, Write};

use axum::body::Body;
use axum::http::{HeaderValue, Request, header};
use axum::response::Response;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::account;

/// `actor`'s personal data as a JSON file to save (`pspm-my-data.json`).
pub async fn personal_data(state: &AppState, actor: Actor) -> AppResult<Response> {
    let failed = |e: std::io::Error| AppError::Internal(format!("personal data export: {e}"));
    let file = tempfile::Builder::new()
        .prefix("pspm-my-data-")
        .suffix(".json")
        .tempfile()
        .map_err(failed)?;
    let handle = file.reopen().map_err(failed)?;
    state
        .db
        .run(move |c| {
            let mut out = BufWriter::new(handle);
            account::export_to(c, &actor, &mut out)?;
            out.flush().map_err(failed)
        })
        .await?;
    let response = ServeFile::new(file.path())
        .oneshot(Request::new(Body::empty()))
        .await
        .map_err(|e| AppError::Internal(format!("personal data export: {e}")))?;
    // The response holds the file open: its name can go now.
    drop(file);
    let mut response = response.map(Body::new);
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"pspm-my-data.json\""),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
