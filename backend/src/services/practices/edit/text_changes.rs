//! Texts of a practice per language: written straight in while it is a
//! draft or under review; for a published practice, a change by its
//! organisation waits for an administrator, who publishes or rejects it
//! (the published text stays as it was meanwhile).

use diesel::prelude::*;
use pspm_frontend::model::PracticeRow;
use pspm_frontend::pages::practices::practice::TextChangeView;
use serde_json::json;

use super::{Rules, TextsInput, check_texts, review::rows};
use crate::db::DbConn;
use crate::db::practice::{Practice, PracticeText};
use crate::db::practice_text_change::TextChange;
use crate::db::schema::practices;
use crate::domain::PracticeStatus;
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::practices::{can_manage, readable};
use crate::services::validate::Checker;

/// What became of texts sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOutcome {
    /// Stored and shown.
    Saved,
    /// Waiting for an administrator (the practice is published).
    Pending,
}

/// Adds or replaces the texts in one language: the owner organisation while
/// the practice is not archived, administrators always. A published
/// practice's texts change only through review: its organisation's change
/// waits ([`TextOutcome::Pending`]) until an administrator publishes it.
pub fn put_translation(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    input: &TextsInput,
) -> AppResult<TextOutcome> {
    conn.write(|conn| {
        let p = readable(conn, Some(actor), id)?;
        let owner = can_manage(Some(actor), &p);
        if !(actor.is_admin() || (owner && p.status != PracticeStatus::Archived)) {
            return Err(AppError::Forbidden);
        }
        let mut c = Checker::default();
        let text = check_texts(&mut c, input, Rules::Form);
        c.finish()?;
        let now = crate::db::now();
        if !actor.is_admin() && p.status == PracticeStatus::Published {
            TextChange::put(conn, id, &text, actor.user_id, now)?;
            audit::record(
                conn,
                Some(actor),
                "practice.text_proposed",
                "practice",
                Some(id),
                json!({"lang": text.lang}),
            )?;
            return Ok(TextOutcome::Pending);
        }
        write_text(conn, id, &text)?;
        audit::record(
            conn,
            Some(actor),
            "practice.translate",
            "practice",
            Some(id),
            json!({"lang": text.lang}),
        )?;
        Ok(TextOutcome::Saved)
    })
}

fn write_text(conn: &mut DbConn, id: i32, text: &PracticeText) -> AppResult<()> {
    Practice::put_text(conn, id, text)?;
    diesel::update(practices::table.find(id))
        .set(practices::updated_at.eq(crate::db::now()))
        .execute(conn)?;
    Ok(())
}

/// Publishes (`action` "publish") or rejects ("reject") the change waiting
/// in `lang` (administrators).
pub fn review_text(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    lang: &str,
    action: &str,
) -> AppResult<()> {
    actor.require_admin()?;
    conn.write(|conn| {
        readable(conn, Some(actor), id)?;
        let Some(change) = TextChange::find(conn, id, lang)? else {
            return Err(AppError::NotFound("text change"));
        };
        let published = match action {
            "publish" => true,
            "reject" => false,
            _ => {
                return Err(AppError::field(
                    "action",
                    "invalid_choice",
                    "action must be publish or reject",
                ));
            }
        };
        if published {
            let text = change
                .text()
                .ok_or_else(|| AppError::Internal("a stored text change is unreadable".into()))?;
            write_text(conn, id, &text)?;
        }
        TextChange::delete(conn, id, lang)?;
        audit::record(
            conn,
            Some(actor),
            if published {
                "practice.text_published"
            } else {
                "practice.text_rejected"
            },
            "practice",
            Some(id),
            json!({"lang": lang, "proposed_by": change.proposed_by}),
        )
    })
}

/// The changes waiting for practice `id`, for administrators and its
/// organisation (nobody else sees them).
pub fn pending_texts(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    p: &Practice,
) -> AppResult<Vec<TextChangeView>> {
    if !(actor.is_some_and(Actor::is_admin) || can_manage(actor, p)) {
        return Ok(Vec::new());
    }
    Ok(TextChange::of_practice(conn, p.id)?
        .into_iter()
        .filter_map(|(c, by)| {
            let t = c.text()?;
            Some(TextChangeView {
                lang: c.lang,
                title: t.title,
                summary: t.summary,
                proposed_by: by,
                created_at: c.created_at,
            })
        })
        .collect())
}

/// Practices with text changes waiting, oldest first (administrators).
pub fn text_changes_queue(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<PracticeRow>> {
    actor.require_admin()?;
    let ids = TextChange::practices(conn)?;
    let mut list = practices::table
        .filter(practices::id.eq_any(&ids))
        .select(Practice::as_select())
        .load(conn)?;
    list.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
    rows(conn, list)
}
