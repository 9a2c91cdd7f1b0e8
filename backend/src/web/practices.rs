//! The good-practice catalogue pages: search with facets, and a practice.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pspm_frontend::components::FormState;

use super::{Page, form_errors, form_state, html};
use crate::app::AppState;
use crate::error::AppError;
use crate::extract::{FormData, Id};
use crate::services::adoptions::{self, AdoptionInput};
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

async fn practice_page(
    state: &AppState,
    page: &Page,
    id: i32,
    form: FormState,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = page.ctx.tr.lang.code().to_owned();
    match state.db.run(move |c| practices::detail(c, id, &lang)).await {
        Ok(p) => {
            // Members of other organisations may declare an adoption.
            let can_declare = page.actor.as_ref().is_some_and(|a| {
                a.organisation_id
                    .is_some_and(|o| o != p.owner_organisation_id)
            });
            html(
                status,
                pspm_frontend::pages::practices::render_practice(
                    &page.ctx,
                    &pspm_frontend::pages::practices::PracticePageView {
                        practice: p,
                        can_declare,
                        form,
                        notice,
                    },
                ),
            )
        }
        Err(e) => page.error(e),
    }
}

/// Query of pages that show a notice after an action.
#[derive(Debug, serde::Deserialize)]
pub struct DoneQuery {
    /// Set after a successful action.
    pub done: Option<String>,
}

/// `GET /practices/{id}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> Response {
    let notice = q.done.map(|_| page.ctx.tr.t("adoption-declared"));
    practice_page(
        &state,
        &page,
        id,
        FormState::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// `POST /practices/{id}/adoptions`.
pub async fn declare(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let input = AdoptionInput {
        adopted_on: form.get("adopted_on"),
        context: form.get("context"),
        outcome: form.get("outcome"),
    };
    match state
        .db
        .run(move |c| adoptions::declare(c, &actor, id, &input))
        .await
    {
        Ok(_) => Redirect::to(&format!("/practices/{id}?done=1")).into_response(),
        Err(e) => match form_errors(e) {
            Ok((status, errors)) => {
                let mut f = form_state(&form);
                f.errors = errors;
                practice_page(&state, &page, id, f, None, status).await
            }
            Err(e) => page.error(e),
        },
    }
}

/// `GET /adoptions`: adoptions awaiting the decision of the reader's organisation.
pub async fn decisions(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<DoneQuery>,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let notice = q.done.map(|_| page.ctx.tr.t("notice-saved"));
    match state.db.run(move |c| adoptions::pending(c, &actor)).await {
        Ok(list) => html(
            StatusCode::OK,
            pspm_frontend::pages::practices::render_decisions(&page.ctx, &list, notice),
        ),
        Err(e) => page.error(e),
    }
}

/// `POST /adoptions/{id}/decision` (`decision` = `confirm` or `reject`).
pub async fn decide(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let confirm = match form.get("decision").as_str() {
        "confirm" => true,
        "reject" => false,
        _ => {
            return page.error(AppError::field(
                "decision",
                "invalid_choice",
                "confirm or reject",
            ));
        }
    };
    match state
        .db
        .run(move |c| adoptions::decide(c, &actor, id, confirm))
        .await
    {
        Ok(()) => Redirect::to("/adoptions?done=1").into_response(),
        Err(e) => page.error(e),
    }
}
