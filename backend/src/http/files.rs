//! Attached files over HTTP: a multipart upload streamed to a temporary file
//! (its size limited and its SHA-256 counted as it arrives, never held whole
//! in memory), and a stored file sent as a download that no browser renders.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::Multipart;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::db::attachment::Attachment;
use crate::error::{AppError, AppResult};
use crate::services::attachments::{Missing, Received};

/// The most an upload request may carry: a file of four times `limit_mb`
/// (read and dropped past the limit) and its form fields.
pub fn upload_cap(limit_mb: u64) -> usize {
    usize::try_from(limit_mb.saturating_mul(4 << 20).saturating_add(1 << 20)).unwrap_or(usize::MAX)
}

/// A multipart form with at most one file, named `file`.
#[derive(Debug)]
pub struct Upload {
    /// The text fields, by name (the last value of each).
    pub fields: BTreeMap<String, String>,
    /// The file, or why there is none.
    pub file: Result<Received, Missing>,
    /// Removes the file from the disk when the upload is dropped.
    _kept: Option<tempfile::TempPath>,
}

impl Upload {
    /// The text field `name`, empty when absent.
    pub fn get(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

/// Reads a multipart form of `file` and the text fields `fields_taken`
/// (anything else is refused), streaming the file to a temporary file.
/// A file above `limit_mb` megabytes is not kept: the rest of it is read and
/// dropped, so that the browser gets the answer rather than a broken
/// connection, and the form comes back with the reason.
pub async fn receive(
    mut multipart: Multipart,
    limit_mb: u64,
    fields_taken: &[&str],
) -> AppResult<Upload> {
    let limit = limit_mb * 1024 * 1024;
    let mut fields = BTreeMap::new();
    let mut file = Err(Missing::None);
    let mut kept = None;
    let broken = |_| AppError::field("file", "file_missing", "the upload did not arrive whole");
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name != "file" && !fields_taken.contains(&name.as_str()) {
            return Err(AppError::field(
                &name,
                "unknown_field",
                format!("the form takes file and {}", fields_taken.join(", ")),
            ));
        }
        if name != "file" {
            // Text fields are short; the request's own limit bounds them.
            let text = field.text().await.map_err(broken)?;
            fields.insert(name, text);
            continue;
        }
        let file_name = field
            .file_name()
            .map(|n| {
                n.rsplit(['/', '\\'])
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_owned()
            })
            .unwrap_or_default();
        let failed = |e: std::io::Error| AppError::Internal(format!("keeping an upload: {e}"));
        let path = tempfile::Builder::new()
            .prefix("pspm-upload-")
            .tempfile()
            .map_err(failed)?
            .into_temp_path();
        let mut out = tokio::fs::File::create(&path).await.map_err(failed)?;
        let (mut size, mut hash, mut too_large) = (0u64, Sha256::new(), false);
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            size += chunk.len() as u64;
            if size > limit {
                too_large = true;
                continue;
            }
            hash.update(&chunk);
            out.write_all(&chunk).await.map_err(failed)?;
        }
        out.flush().await.map_err(failed)?;
        file = if too_large {
            Err(Missing::TooLarge(limit_mb))
        } else if file_name.is_empty() && size == 0 {
            // A form sent without choosing a file.
            Err(Missing::None)
        } else {
            Ok(Received {
                file_name,
                path: path.to_path_buf(),
                size,
                sha256: hash.finalize().iter().map(|b| format!("{b:02x}")).collect(),
            })
        };
        kept = Some(path);
    }
    Ok(Upload {
        fields,
        file,
        _kept: kept,
    })
}

/// A stored file as a download: its detected type, `attachment` with its
/// name, and a sandbox, so that no browser ever runs it as a page.
pub fn download(a: &Attachment, bytes: Vec<u8>) -> Response {
    let ascii: String = a
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded =
        percent_encoding::utf8_percent_encode(&a.file_name, percent_encoding::NON_ALPHANUMERIC);
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = StatusCode::OK;
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&a.media_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", a.sha256)) {
        h.insert(header::ETAG, v);
    }
    response
}
