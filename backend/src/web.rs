//! Server-rendered pages: GET loaders and POST actions per route, rendering
//! `pspm-frontend` components from what the services return.

pub mod account;
pub mod admin;
pub mod assets;
pub mod attachments;
pub mod consultations;
pub mod dashboards;
pub mod plans;
pub mod practices;
pub mod session;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::http::page::{Page, error_page, html};

/// The home page.
pub async fn home(page: Page) -> Response {
    html(
        StatusCode::OK,
        pspm_frontend::pages::home::render(&page.ctx),
    )
}

/// Fallback: JSON 404 under `/api`, otherwise the 404 page.
pub async fn not_found(uri: axum::http::Uri, page: Result<Page, Response>) -> Response {
    if uri.path().starts_with("/api/") {
        return AppError::NotFound("route").into_response();
    }
    match page {
        Ok(page) => error_page(&page.ctx, AppError::NotFound("page")),
        Err(r) => r,
    }
}
