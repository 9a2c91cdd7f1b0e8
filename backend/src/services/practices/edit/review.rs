//! The practice workflow: submitting, publishing or returning with a
//! comment, archiving and restoring; the review queue and an organisation's list.

use diesel::prelude::*;
use pspm_frontend::model::PracticeRow;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::notification::Notification;
use crate::db::organisation::Organisation;
use crate::db::practice::Practice;
use crate::db::schema::{practice_texts, practices};
use crate::db::user::User;
use crate::domain::{NotificationKind, PracticeStatus, limits};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::practices::{can_manage, readable};

/// A workflow step.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct TransitionInput {
    /// `submit`, `publish`, `return`, `archive` or `restore`.
    #[schema(pattern = "^(submit|publish|return|archive|restore)$")]
    pub action: String,
    /// Reviewer's comment (required to return a submission).
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub comment: String,
}

/// Moves a practice along its workflow.
pub fn transition(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    input: &TransitionInput,
) -> AppResult<PracticeStatus> {
    conn.write(|conn| {
        let p = readable(conn, Some(actor), id)?;
        let owner = can_manage(Some(actor), &p);
        let admin = actor.is_admin();
        let (from, to, allowed) = match input.action.as_str() {
            "submit" => (PracticeStatus::Draft, PracticeStatus::Submitted, owner),
            "publish" => (PracticeStatus::Submitted, PracticeStatus::Published, admin),
            "return" => (PracticeStatus::Submitted, PracticeStatus::Draft, admin),
            "archive" => (
                PracticeStatus::Published,
                PracticeStatus::Archived,
                admin || owner,
            ),
            "restore" => (PracticeStatus::Archived, PracticeStatus::Published, admin),
            _ => {
                return Err(AppError::field(
                    "action",
                    "invalid_choice",
                    "action must be submit, publish, return, archive or restore",
                ));
            }
        };
        if !allowed {
            return Err(AppError::Forbidden);
        }
        if p.status != from {
            return Err(AppError::Conflict {
                code: "invalid_transition",
                detail: format!("A practice that is {} cannot be sent to {to}.", p.status),
                field: Some("action"),
            });
        }
        let comment = input.comment.trim().to_owned();
        if input.action == "return" && comment.is_empty() {
            return Err(AppError::field(
                "comment",
                "required",
                "say what to change before sending it back",
            ));
        }
        if comment.chars().count() > limits::DESCRIPTION {
            return Err(AppError::field(
                "comment",
                "too_long",
                "comment is too long",
            ));
        }
        let now = crate::db::now();
        diesel::update(practices::table.find(id))
            .set((
                practices::status.eq(to),
                practices::updated_at.eq(now),
                practices::review_comment.eq((input.action == "return").then_some(comment.clone())),
            ))
            .execute(conn)?;
        match input.action.as_str() {
            "submit" => {
                diesel::update(practices::table.find(id))
                    .set(practices::submitted_at.eq(Some(now)))
                    .execute(conn)?;
            }
            "publish" if p.published_at.is_none() => {
                diesel::update(practices::table.find(id))
                    .set(practices::published_at.eq(Some(now)))
                    .execute(conn)?;
            }
            _ => {}
        }
        // Members of the owner organisation hear the review's outcome.
        if matches!(input.action.as_str(), "publish" | "return") {
            let members = User::members_of(conn, p.owner_organisation_id)?;
            let payload = json!({"practice_id": id, "status": to}).to_string();
            for u in members {
                Notification::push(
                    conn,
                    u,
                    NotificationKind::PracticeReviewed,
                    &payload,
                    "A good practice of your organisation was reviewed",
                    now,
                )?;
            }
        }
        audit::record(
            conn,
            Some(actor),
            &format!("practice.{}", input.action),
            "practice",
            Some(id),
            json!({"status": {"from": from, "to": to}}),
        )?;
        Ok(to)
    })
}

pub(super) fn rows(conn: &mut DbConn, list: Vec<Practice>) -> AppResult<Vec<PracticeRow>> {
    let ids: Vec<i32> = list.iter().map(|p| p.id).collect();
    let texts: Vec<(i32, String, String)> = practice_texts::table
        .filter(practice_texts::practice_id.eq_any(&ids))
        .select((
            practice_texts::practice_id,
            practice_texts::lang,
            practice_texts::title,
        ))
        .load(conn)?;
    let orgs = Organisation::all(conn)?;
    Ok(list
        .into_iter()
        .map(|p| PracticeRow {
            id: p.id,
            title: texts
                .iter()
                .find(|(i, l, _)| *i == p.id && *l == p.original_language)
                .or_else(|| texts.iter().find(|(i, _, _)| *i == p.id))
                .map(|t| t.2.clone())
                .unwrap_or_default(),
            owner: orgs
                .iter()
                .find(|o| o.id == p.owner_organisation_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            status: p.status.to_string(),
            review_comment: p.review_comment,
            submitted_at: p.submitted_at,
            updated_at: p.updated_at,
        })
        .collect())
}

/// Submissions waiting for review, oldest first (administrators).
pub fn review_queue(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<PracticeRow>> {
    actor.require_admin()?;
    let list = practices::table
        .filter(practices::status.eq(PracticeStatus::Submitted))
        .order((practices::submitted_at.asc(), practices::id.asc()))
        .select(Practice::as_select())
        .load(conn)?;
    rows(conn, list)
}

/// Archived practices of every organisation, most recently changed first
/// (administrators, who may restore them).
pub fn archived(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<PracticeRow>> {
    actor.require_admin()?;
    let list = practices::table
        .filter(practices::status.eq(PracticeStatus::Archived))
        .order((practices::updated_at.desc(), practices::id.desc()))
        .select(Practice::as_select())
        .load(conn)?;
    rows(conn, list)
}

/// Every practice of the actor's organisation, most recently changed first.
pub fn of_organisation(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<PracticeRow>> {
    let Some(org) = actor.organisation_id else {
        return Ok(Vec::new());
    };
    let list = practices::table
        .filter(practices::owner_organisation_id.eq(org))
        .order((practices::updated_at.desc(), practices::id.desc()))
        .select(Practice::as_select())
        .load(conn)?;
    rows(conn, list)
}
