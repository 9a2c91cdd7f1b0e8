//! Adoptions of good practices: another organisation declares it adopted a
//! practice; the owner organisation (or an administrator) confirms or rejects
//! the claim. Only confirmed adoptions count anywhere.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::notification::Notification;
use crate::db::organisation::Organisation;
use crate::db::practice::Practice;
use crate::db::practice_adoption::{Adoption, NewAdoption};
use crate::db::user::User;
use crate::domain::{AdoptionStatus, NotificationKind, PracticeStatus, limits};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::accounts::organisations::not_found;
use crate::services::validate::{Checker, required};

pub use pspm_frontend::model::AdoptionView;

/// An adoption as declared.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct AdoptionInput {
    /// When, `YYYY-MM-DD` (not in the future).
    #[schema(value_type = String, format = Date)]
    pub adopted_on: String,
    /// In what context (1–5,000 characters).
    #[schema(pattern = "pspm:text", max_length = 5000)]
    pub context: String,
    /// With what outcome (1–5,000 characters).
    #[schema(pattern = "pspm:text", max_length = 5000)]
    pub outcome: String,
}

fn practice(conn: &mut DbConn, id: i32) -> AppResult<Practice> {
    let p = Practice::find(conn, id).map_err(|e| not_found(e, "practice"))?;
    if p.status != PracticeStatus::Published {
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
        if Adoption::standing(conn, practice_id, org)?.is_some() {
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
        let id = Adoption::create(
            conn,
            &NewAdoption {
                practice_id,
                organisation_id: org,
                declared_by: Some(actor.user_id),
                adopted_on: required(date)?,
                context: &context,
                outcome: &outcome,
                status: AdoptionStatus::Pending,
                created_at: crate::db::now(),
            },
        )?;
        // The owner organisation decides: its members hear of the declaration.
        let payload = json!({"practice_id": practice_id, "adoption_id": id}).to_string();
        for user in User::members_of(conn, p.owner_organisation_id)? {
            Notification::push(
                conn,
                user,
                NotificationKind::AdoptionDeclared,
                &payload,
                "An adoption of your organisation's practice waits for your decision",
                crate::db::now(),
            )?;
        }
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

/// Where the actor's organisation's declaration of a practice stands, unless rejected.
pub fn standing(
    conn: &mut DbConn,
    actor: &Actor,
    practice_id: i32,
) -> AppResult<Option<AdoptionStatus>> {
    Ok(match actor.organisation_id {
        Some(org) => Adoption::standing(conn, practice_id, org)?,
        None => None,
    })
}

/// Confirms or rejects a pending adoption (the owner organisation, administrators).
pub fn decide(conn: &mut DbConn, actor: &Actor, id: i32, confirm: bool) -> AppResult<()> {
    conn.write(|conn| {
        let adoption = Adoption::find(conn, id).map_err(|e| not_found(e, "adoption"))?;
        let (practice_id, status) = (adoption.practice_id, adoption.status);
        let p = practice(conn, practice_id)?;
        if !(actor.is_admin() || actor.organisation_id == Some(p.owner_organisation_id)) {
            return Err(AppError::Forbidden);
        }
        if status != AdoptionStatus::Pending {
            return Err(AppError::Conflict {
                code: "already_decided",
                detail: "This adoption was already decided.".into(),
                field: None,
            });
        }
        let to = if confirm {
            AdoptionStatus::Confirmed
        } else {
            AdoptionStatus::Rejected
        };
        Adoption::decide(conn, id, to, actor.user_id, crate::db::now())?;
        if confirm {
            Practice::add_adoption(conn, practice_id)?;
        }
        if let Some(declarer) = adoption.declared_by {
            let payload =
                json!({"practice_id": practice_id, "adoption_id": id, "status": to}).to_string();
            Notification::push(
                conn,
                declarer,
                NotificationKind::AdoptionDecided,
                &payload,
                "Your organisation's adoption of a practice was decided",
                crate::db::now(),
            )?;
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

fn views(conn: &mut DbConn, rows: Vec<Adoption>) -> AppResult<Vec<AdoptionView>> {
    let orgs: HashMap<i32, Organisation> = Organisation::all(conn)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut ids: Vec<i32> = rows.iter().map(|r| r.practice_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let titles = Practice::titles(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|a| {
            let o = orgs.get(&a.organisation_id);
            AdoptionView {
                id: a.id,
                practice_id: a.practice_id,
                practice: titles.get(&a.practice_id).cloned().unwrap_or_default(),
                organisation: o.map(|o| o.name.clone()).unwrap_or_default(),
                organisation_kind: o.map(|o| o.kind.to_string()).unwrap_or_default(),
                territory_code: o.and_then(|o| o.territory_code.clone()),
                adopted_on: a.adopted_on,
                context: a.context,
                outcome: a.outcome,
                status: a.status.to_string(),
            }
        })
        .collect())
}

/// Confirmed adoptions of a practice, newest first.
pub fn confirmed(conn: &mut DbConn, practice_id: i32) -> AppResult<Vec<AdoptionView>> {
    let rows = Adoption::confirmed_of(conn, practice_id)?;
    views(conn, rows)
}

/// Pending adoptions the actor may decide, oldest first.
pub fn pending(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<AdoptionView>> {
    let rows: Vec<Adoption> = Adoption::pending_with_owner(conn)?
        .into_iter()
        .filter(|(_, owner)| actor.is_admin() || actor.organisation_id == Some(*owner))
        .map(|(a, _)| a)
        .collect();
    views(conn, rows)
}
