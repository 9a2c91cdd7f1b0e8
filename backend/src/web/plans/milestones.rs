//! A node's milestones: adding one (from the node's page) and marking one done.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect};

use super::nodes::{NodeSection, reshow_node_section};
use crate::app::AppState;
use crate::http::extract::{FormData, Id};
use crate::http::page::{PageResult, SignedIn};
use crate::services::plans::nodes::{self, MilestoneInput};

/// `POST /nodes/{id}/milestones`.
pub async fn create_milestone(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    let input = MilestoneInput {
        title: form.get("title"),
        due_date: form.get("due_date"),
        done: false,
    };
    let actor = signed_in.actor.clone();
    let result = state
        .db
        .run(move |c| {
            nodes::add_milestone(c, &actor, id, &input)?;
            Ok(nodes::find(c, Some(&actor), id)?.plan_id)
        })
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/nodes/{id}/edit")).into_response()),
        Err(e) => {
            reshow_node_section(
                &state,
                signed_in,
                id,
                e,
                crate::http::page::form_state(&form),
                NodeSection::Milestone,
            )
            .await
        }
    }
}

/// `POST /milestones/{id}/toggle`.
pub async fn toggle_milestone(
    State(state): State<AppState>,
    SignedIn { actor, .. }: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    let done = form.get("done") == "true";
    let m = state
        .db
        .run(move |c| nodes::set_milestone_done(c, &actor, id, done))
        .await?;
    Ok(Redirect::to(&format!("/nodes/{}/edit", m.node_id)).into_response())
}
