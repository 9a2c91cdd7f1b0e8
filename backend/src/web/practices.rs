//! The good-practice catalogue pages: search with facets, and a practice.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{Page, html};
use crate::app::AppState;
use crate::extract::Id;
use crate::services::practices::{self, SearchParams};

/// `GET /practices?q=…&level=…&licence=…&tag=…&sort=…&page=…`.
pub async fn catalogue(
    State(state): State<AppState>,
    page: Page,
    Query(params): Query<SearchParams>,
) -> Response {
    let lang = page.ctx.tr.lang.code().to_owned();
    let p = params.clone();
    match state.db.run(move |c| practices::search(c, &p, &lang)).await {
        Ok(result) => html(
            StatusCode::OK,
            pspm_frontend::pages::practices::render_catalogue(
                &page.ctx,
                &params_view(&params),
                &result,
            ),
        ),
        Err(e) => page.error(e),
    }
}

fn params_view(p: &SearchParams) -> pspm_frontend::pages::practices::Filters {
    pspm_frontend::pages::practices::Filters {
        q: p.q.clone().unwrap_or_default(),
        level: p.level.clone().unwrap_or_default(),
        licence: p.licence.clone().unwrap_or_default(),
        tag: p.tag.clone().unwrap_or_default(),
        sort: p.sort.clone().unwrap_or_default(),
    }
}

/// `GET /practices/{id}`.
pub async fn show(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    let lang = page.ctx.tr.lang.code().to_owned();
    match state.db.run(move |c| practices::detail(c, id, &lang)).await {
        Ok(p) => html(
            StatusCode::OK,
            pspm_frontend::pages::practices::render_practice(&page.ctx, &p),
        ),
        Err(e) => page.error(e),
    }
}
