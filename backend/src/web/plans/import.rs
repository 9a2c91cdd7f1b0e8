//! Importing a plan from its JSON document (the export's format).

use axum::Extension;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pspm_frontend::pages::plans::import::ImportView;

use super::can_create;
use crate::app::AppState;
use crate::error::AppError;
use crate::http::extract::CsrfToken;
use crate::http::page::{Page, PageResult, SignedIn, html};
use crate::services::plans::exchange as plan_io;

fn import_page(
    page: &Page,
    status: StatusCode,
    errors: Vec<(String, String, String)>,
    codes: Vec<String>,
) -> Response {
    html(
        status,
        pspm_frontend::pages::plans::import::render_import(
            &page.ctx,
            &ImportView { errors, codes },
        ),
    )
}

/// `GET /plans/import`.
pub async fn import_form(SignedIn { page, actor }: SignedIn) -> PageResult {
    if !can_create(Some(&actor)) {
        return Err(AppError::Forbidden.into());
    }
    Ok(import_page(&page, StatusCode::OK, Vec::new(), Vec::new()))
}

/// `POST /plans/import` (multipart: `csrf`, `file`).
pub async fn import(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Extension(token): Extension<CsrfToken>,
    mut multipart: Multipart,
) -> PageResult {
    let mut csrf = None;
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let Ok(bytes) = field.bytes().await else {
                    return Err(AppError::TooLarge.into());
                };
                match name.as_str() {
                    "csrf" => csrf = Some(String::from_utf8_lossy(&bytes).into_owned()),
                    "file" => file = Some(bytes),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => return Err(AppError::Csrf.into()),
        }
    }
    if csrf.as_deref() != Some(token.0.as_str()) || token.0.is_empty() {
        return Err(AppError::Csrf.into());
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return Ok(import_page(
            &page,
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("file".into(), "file_missing".into(), String::new())],
            Vec::new(),
        ));
    };
    let mut codes = Vec::new();
    let result = match plan_io::parse(&bytes) {
        Ok(doc) => {
            codes = doc.nodes.iter().map(|n| n.code.clone()).collect();
            state
                .db
                .run(move |c| plan_io::import(c, Some(&actor), &doc))
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(plan) => Ok(Redirect::to(&format!("/plans/{}?saved=1", plan.id)).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let status = e.status();
            let errors = e
                .items()
                .into_iter()
                .map(|i| (i.field.unwrap_or_else(|| "file".into()), i.code, i.detail))
                .collect();
            Ok(import_page(&page, status, errors, codes))
        }
        Err(e) => Err(e.into()),
    }
}
