//! Adoptions of practices: declared by the adopting organisation, confirmed
//! or rejected by the practice's owner.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};

use super::DoneQuery;
use super::practice::practice_write;
use crate::app::AppState;
use crate::error::AppError;
use crate::http::extract::{FormData, Id};
use crate::http::page::{PageResult, SignedIn, html};
use crate::services::practices::adoptions::{self, AdoptionInput};

/// `POST /practices/{id}/adoptions`.
pub async fn declare(
    State(state): State<AppState>,
    Id(id): Id,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let input = AdoptionInput {
        adopted_on: form.get("adopted_on"),
        context: form.get("context"),
        outcome: form.get("outcome"),
    };
    practice_write(&state, signed_in, id, &form, "declared", move |c, a| {
        adoptions::declare(c, a, id, &input).map(|_| ())
    })
    .await
}

/// `GET /adoptions`: adoptions awaiting the decision of the reader's organisation.
pub async fn decisions(
    State(state): State<AppState>,
    Query(q): Query<DoneQuery>,
    SignedIn { page, actor }: SignedIn,
) -> PageResult {
    let notice = q.done.map(|_| page.ctx.tr.t("notice-saved"));
    let list = state.db.run(move |c| adoptions::pending(c, &actor)).await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::practices::adoptions::render_decisions(&page.ctx, &list, notice),
    ))
}

/// `POST /adoptions/{id}/decision` (`decision` = `confirm` or `reject`).
pub async fn decide(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { actor, .. }: SignedIn,
    form: FormData,
) -> PageResult {
    let confirm = match form.get("decision").as_str() {
        "confirm" => true,
        "reject" => false,
        _ => {
            return Err(AppError::field("decision", "invalid_choice", "confirm or reject").into());
        }
    };
    state
        .db
        .run(move |c| adoptions::decide(c, &actor, id, confirm))
        .await?;
    Ok(Redirect::to("/adoptions?done=1").into_response())
}
