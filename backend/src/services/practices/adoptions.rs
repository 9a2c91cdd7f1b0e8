//! Adoptions of good practices: another organisation declares it adopted a
//! practice; the owner organisation (or an administrator) confirms or rejects
//! the claim. Only confirmed adoptions count anywhere.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::organisation::Organisation;
use crate::db::practice::Practice;
use crate::db::schema::{practice_adoptions, practice_texts, practices};
use crate::domain::limits;
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::accounts::organisations::not_found;
use crate::services::validate::Checker;

pub use pspm_frontend::model::AdoptionView;

/// An adoption as declared.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct AdoptionInput {
    /// When, `YYYY-MM-DD` (not in the future).
    pub adopted_on: String,
    /// In what context (1–5,000 characters).
    pub context: String,
    /// With what outcome (1–5,000 characters).
    pub outcome: String,
}

fn practice(conn: &mut DbConn, id: i32) -> AppResult<Practice> {
    let p: Practice = practices::table
        .find(id)
        .select(Practice::as_select())
        .first(conn)
        .map_err(|e| not_found(e, "practice"))?;
    if p.status != "published" {
        return Err(AppError::NotFound("practice"));
    }
    Ok(p)
}

/// Declares that the actor's organisation adopted a practice.
pub fn declare(
    conn: &mut DbConn,
    actor: &Actor,
    practice_id: i32,
    input: &AdoptionInput,
) -> AppResult<i32> {
    conn.write(|conn| {
        let p = practice(conn, practice_id)?;
        let Some(org) = actor.organisation_id else {
            return Err(AppError::Conflict {
                code: "no_organisation",
                detail: "Adoptions are declared by an organisation.".into(),
                field: None,
            });
        };
        if org == p.owner_organisation_id {
            return Err(AppError::Conflict {
                code: "own_practice",
                detail: "An organisation cannot adopt its own practice.".into(),
                field: None,
            });
        }
        let existing: i64 = practice_adoptions::table
            .filter(practice_adoptions::practice_id.eq(practice_id))
            .filter(practice_adoptions::organisation_id.eq(org))
            .filter(practice_adoptions::status.ne("rejected"))
            .count()
            .get_result(conn)?;
        if existing > 0 {
            return Err(AppError::Conflict {
                code: "already_declared",
                detail: "Your organisation already declared this adoption.".into(),
                field: None,
            });
        }
        let mut c = Checker::default();
        let date = c.date("adopted_on", &input.adopted_on);
        if date.is_some_and(|d| d > chrono::Utc::now().date_naive()) {
            c.add(
                "adopted_on",
                "date_in_future",
                "adopted_on cannot be in the future",
            );
        }
        let context = c.text("context", &input.context, limits::CONTRIBUTION);
        let outcome = c.text("outcome", &input.outcome, limits::CONTRIBUTION);
        c.finish()?;
        let id: i32 = diesel::insert_into(practice_adoptions::table)
            .values((
                practice_adoptions::practice_id.eq(practice_id),
                practice_adoptions::organisation_id.eq(org),
                practice_adoptions::declared_by.eq(Some(actor.user_id)),
                practice_adoptions::adopted_on.eq(date.unwrap_or_default()),
                practice_adoptions::context.eq(&context),
                practice_adoptions::outcome.eq(&outcome),
                practice_adoptions::status.eq("pending"),
                practice_adoptions::created_at.eq(crate::db::now()),
            ))
            .returning(practice_adoptions::id)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(actor),
            "adoption.declare",
            "practice_adoption",
            Some(id),
            json!({"practice_id": practice_id, "organisation_id": org}),
        )?;
        Ok(id)
    })
}

/// Confirms or rejects a pending adoption (the owner organisation, administrators).
pub fn decide(conn: &mut DbConn, actor: &Actor, id: i32, confirm: bool) -> AppResult<()> {
    conn.write(|conn| {
        let (practice_id, status): (i32, String) = practice_adoptions::table
            .find(id)
            .select((practice_adoptions::practice_id, practice_adoptions::status))
            .first(conn)
            .map_err(|e| not_found(e, "adoption"))?;
        let p = practice(conn, practice_id)?;
        if !(actor.is_admin() || actor.organisation_id == Some(p.owner_organisation_id)) {
            return Err(AppError::Forbidden);
        }
        if status != "pending" {
            return Err(AppError::Conflict {
                code: "already_decided",
                detail: "This adoption was already decided.".into(),
                field: None,
            });
        }
        let to = if confirm { "confirmed" } else { "rejected" };
        diesel::update(practice_adoptions::table.find(id))
            .set((
                practice_adoptions::status.eq(to),
                practice_adoptions::decided_by.eq(Some(actor.user_id)),
                practice_adoptions::decided_at.eq(Some(crate::db::now())),
            ))
            .execute(conn)?;
        if confirm {
            diesel::update(practices::table.find(practice_id))
                .set(practices::adoption_count.eq(practices::adoption_count + 1))
                .execute(conn)?;
        }
        audit::record(
            conn,
            Some(actor),
            "adoption.decide",
            "practice_adoption",
            Some(id),
            json!({"status": {"from": status, "to": to}}),
        )
    })
}

type AdoptionRow = (i32, i32, i32, NaiveDate, String, String, String);

fn views(conn: &mut DbConn, rows: Vec<AdoptionRow>) -> AppResult<Vec<AdoptionView>> {
    let orgs: HashMap<i32, Organisation> = Organisation::all(conn)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut ids: Vec<i32> = rows.iter().map(|r| r.1).collect();
    ids.sort_unstable();
    ids.dedup();
    // Each practice's title in its original language, else in any language:
    // one lookup per adoption, in chunks that SQLite accepts.
    let texts: Vec<(i32, String, String, String)> = crate::db::in_chunks(&ids, |chunk| {
        practice_texts::table
            .inner_join(practices::table)
            .filter(practice_texts::practice_id.eq_any(chunk))
            .select((
                practice_texts::practice_id,
                practice_texts::lang,
                practice_texts::title,
                practices::original_language,
            ))
            .load(conn)
    })?;
    let mut titles: HashMap<i32, String> = HashMap::new();
    for (practice, lang, title, original) in texts {
        if lang == original {
            titles.insert(practice, title);
        } else {
            titles.entry(practice).or_insert(title);
        }
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, practice_id, org, adopted_on, context, outcome, status)| {
                let o = orgs.get(&org);
                let title = titles.get(&practice_id).cloned().unwrap_or_default();
                AdoptionView {
                    id,
                    practice_id,
                    practice: title,
                    organisation: o.map(|o| o.name.clone()).unwrap_or_default(),
                    organisation_kind: o.map(|o| o.kind.clone()).unwrap_or_default(),
                    territory_code: o.and_then(|o| o.territory_code.clone()),
                    adopted_on,
                    context,
                    outcome,
                    status,
                }
            },
        )
        .collect())
}

fn select() -> (
    practice_adoptions::id,
    practice_adoptions::practice_id,
    practice_adoptions::organisation_id,
    practice_adoptions::adopted_on,
    practice_adoptions::context,
    practice_adoptions::outcome,
    practice_adoptions::status,
) {
    (
        practice_adoptions::id,
        practice_adoptions::practice_id,
        practice_adoptions::organisation_id,
        practice_adoptions::adopted_on,
        practice_adoptions::context,
        practice_adoptions::outcome,
        practice_adoptions::status,
    )
}

/// Confirmed adoptions of a practice, newest first.
pub fn confirmed(conn: &mut DbConn, practice_id: i32) -> AppResult<Vec<AdoptionView>> {
    let rows = practice_adoptions::table
        .filter(practice_adoptions::practice_id.eq(practice_id))
        .filter(practice_adoptions::status.eq("confirmed"))
        .order(practice_adoptions::adopted_on.desc())
        .select(select())
        .load(conn)?;
    views(conn, rows)
}

/// Pending adoptions the actor may decide, oldest first.
pub fn pending(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<AdoptionView>> {
    let rows: Vec<AdoptionRow> = practice_adoptions::table
        .inner_join(practices::table)
        .filter(practice_adoptions::status.eq("pending"))
        .order(practice_adoptions::created_at.asc())
        .select((select(), practices::owner_organisation_id))
        .load::<(AdoptionRow, i32)>(conn)?
        .into_iter()
        .filter(|(_, owner)| actor.is_admin() || actor.organisation_id == Some(*owner))
        .map(|(r, _)| r)
        .collect();
    views(conn, rows)
}
