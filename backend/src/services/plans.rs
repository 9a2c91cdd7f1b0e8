//! Plans: who may read and edit them, creation and editing, the lifecycle
//! (with a numbered, immutable version stored at each adoption) and versions.

pub mod diff;
pub mod exchange;
pub mod indicators;
pub mod nodes;
pub mod view;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::consultation::Consultation;
use crate::db::organisation::Organisation;
use crate::db::plan::{NewPlan, Plan, PlanChanges};
use crate::db::plan_version::PlanVersion;
use crate::domain::{PlanStatus, Role, limits};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::accounts::organisations::not_found;
use crate::services::plans::exchange as plan_io;
use crate::services::validate::Checker;

/// Whether `actor` may read `plan`: drafts only for the owner organisation and
/// administrators; every other state is public.
pub fn can_read(actor: Option<&Actor>, plan: &Plan) -> bool {
    can_read_plan(actor, plan.status, plan.owner_organisation_id)
}

/// [`can_read`], for a plan of `status` owned by organisation `owner`.
pub fn can_read_plan(actor: Option<&Actor>, status: PlanStatus, owner: i32) -> bool {
    status != PlanStatus::Draft
        || actor.is_some_and(|a| a.is_admin() || a.organisation_id == Some(owner))
}

/// Whether `actor` may edit `plan`: the owner organisation's planners and administrators.
pub fn can_edit(actor: Option<&Actor>, plan: &Plan) -> bool {
    actor.is_some_and(|a| {
        a.is_admin()
            || (a.role == Role::Planner && a.organisation_id == Some(plan.owner_organisation_id))
    })
}

/// A plan the actor may read (404 otherwise, so drafts do not leak).
pub fn find(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<Plan> {
    let plan = Plan::find(conn, id).map_err(|e| not_found(e, "plan"))?;
    if can_read(actor, &plan) {
        Ok(plan)
    } else {
        Err(AppError::NotFound("plan"))
    }
}

/// A plan the actor may edit (403 when readable but not editable).
pub fn find_editable(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<Plan> {
    let plan = find(conn, Some(actor), id)?;
    if can_edit(Some(actor), &plan) {
        Ok(plan)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Plans the actor may read, newest period first.
pub fn list(conn: &mut DbConn, actor: Option<&Actor>) -> AppResult<Vec<Plan>> {
    Ok(Plan::all(conn)?
        .into_iter()
        .filter(|p| can_read(actor, p))
        .collect())
}

/// Fields of a plan as entered in a form or sent as JSON.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct PlanInput {
    /// Title (at most 200 characters).
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub title: String,
    /// Summary (at most 5,000 characters).
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub summary: String,
    /// Owner organisation (administrators only; planners always own with their organisation).
    #[serde(default)]
    pub owner_organisation_id: Option<i32>,
    /// First day, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub period_start: String,
    /// Last day, `YYYY-MM-DD` (not before the start).
    #[schema(value_type = String, format = Date)]
    pub period_end: String,
    /// The plan this one is aligned to.
    #[serde(default)]
    pub parent_plan_id: Option<i32>,
    /// Days an action may start after its planned start before it counts
    /// as started late (0–365; absent: 0 for a new plan, unchanged on edit).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 365)]
    pub start_tolerance_days: Option<i32>,
}

/// The largest tolerance before "started late", in days (a year).
pub const MAX_START_TOLERANCE: i32 = 365;

struct Valid {
    title: String,
    summary: String,
    owner: i32,
    start: NaiveDate,
    end: NaiveDate,
    parent: Option<i32>,
    tolerance: Option<i32>,
}

fn validate(
    conn: &mut DbConn,
    actor: &Actor,
    input: &PlanInput,
    id: Option<i32>,
) -> AppResult<Valid> {
    let mut c = Checker::default();
    let title = c.text("title", &input.title, limits::NAME);
    let summary = c
        .opt_text("summary", Some(&input.summary), limits::DESCRIPTION)
        .unwrap_or_default();
    let start = c.date("period_start", &input.period_start);
    let end = c.date("period_end", &input.period_end);
    c.order("period_end", start, end);
    let owner = match (
        actor.is_admin(),
        input.owner_organisation_id,
        actor.organisation_id,
    ) {
        (true, Some(o), _) => Some(o),
        (_, _, Some(own)) => Some(own),
        _ => None,
    };
    match owner {
        None => c.add(
            "owner_organisation_id",
            "required",
            "owner_organisation_id is required",
        ),
        Some(o) => {
            if let Err(diesel::result::Error::NotFound) = Organisation::find(conn, o) {
                c.add(
                    "owner_organisation_id",
                    "organisation_not_found",
                    "owner_organisation_id is not a known organisation",
                );
            }
        }
    }
    if let Some(parent) = input.parent_plan_id {
        match Plan::find(conn, parent) {
            Ok(p) if Some(p.id) != id && can_read(Some(actor), &p) => {
                if let Some(id) = id
                    && ancestors(conn, p.id)?.contains(&id)
                {
                    c.add(
                        "parent_plan_id",
                        "parent_cycle",
                        "a plan cannot be aligned under itself",
                    );
                }
            }
            Ok(_) => c.add(
                "parent_plan_id",
                "parent_cycle",
                "a plan cannot be aligned under itself",
            ),
            Err(_) => c.add(
                "parent_plan_id",
                "plan_not_found",
                "parent_plan_id is not a known plan",
            ),
        }
    }
    let tolerance = input.start_tolerance_days;
    if tolerance.is_some_and(|t| !(0..=MAX_START_TOLERANCE).contains(&t)) {
        c.add(
            "start_tolerance_days",
            "out_of_range",
            format!("start_tolerance_days must be between 0 and {MAX_START_TOLERANCE}"),
        );
    }
    c.finish()?;
    Ok(Valid {
        title,
        summary,
        owner: owner.unwrap_or_default(),
        start: start.unwrap_or_default(),
        end: end.unwrap_or_default(),
        parent: input.parent_plan_id,
        tolerance,
    })
}

fn ancestors(conn: &mut DbConn, id: i32) -> AppResult<Vec<i32>> {
    let mut out = Vec::new();
    let mut cur = Plan::find(conn, id)?.parent_plan_id;
    while let Some(p) = cur {
        if out.contains(&p) {
            break;
        }
        out.push(p);
        cur = Plan::find(conn, p)?.parent_plan_id;
    }
    Ok(out)
}

/// Creates a draft plan (planners, for their organisation; administrators).
pub fn create(conn: &mut DbConn, actor: &Actor, input: &PlanInput) -> AppResult<Plan> {
    if !(actor.is_admin() || actor.role == Role::Planner) {
        return Err(AppError::Forbidden);
    }
    conn.write(|conn| {
        let v = validate(conn, actor, input, None)?;
        let now = crate::db::now();
        let plan = Plan::create(
            conn,
            &NewPlan {
                title: &v.title,
                summary: &v.summary,
                owner_organisation_id: v.owner,
                period_start: v.start,
                period_end: v.end,
                status: PlanStatus::Draft,
                parent_plan_id: v.parent,
                start_tolerance_days: v.tolerance.unwrap_or(0),
                lock_version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        audit::record(
            conn,
            Some(actor),
            "plan.create",
            "plan",
            Some(plan.id),
            json!({"title": plan.title, "owner_organisation_id": plan.owner_organisation_id,
                   "period_start": plan.period_start, "period_end": plan.period_end}),
        )?;
        Ok(plan)
    })
}

/// The error for an edit based on a stale version.
pub fn conflict() -> AppError {
    AppError::Conflict {
        code: "edit_conflict",
        detail:
            "Someone else saved a change since you opened this form. Reload it to see their change."
                .into(),
        field: None,
    }
}

/// Edits a plan's fields; `lock_version` is the version the editor started from.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    lock_version: i32,
    input: &PlanInput,
) -> AppResult<Plan> {
    conn.write(|conn| {
        let before = find_editable(conn, actor, id)?;
        let v = validate(conn, actor, input, Some(id))?;
        let n = Plan::update(
            conn,
            id,
            lock_version,
            &PlanChanges {
                title: &v.title,
                summary: &v.summary,
                period_start: v.start,
                period_end: v.end,
                parent_plan_id: v.parent,
                start_tolerance_days: v.tolerance.unwrap_or(before.start_tolerance_days),
                updated_at: crate::db::now(),
            },
        )?;
        if n == 0 {
            return Err(conflict());
        }
        let after = Plan::find(conn, id)?;
        let changes = audit::diff(
            &[
                ("title", json!(before.title), json!(after.title)),
                ("summary", json!(before.summary), json!(after.summary)),
                (
                    "start_tolerance_days",
                    json!(before.start_tolerance_days),
                    json!(after.start_tolerance_days),
                ),
                (
                    "period_start",
                    json!(before.period_start),
                    json!(after.period_start),
                ),
                (
                    "period_end",
                    json!(before.period_end),
                    json!(after.period_end),
                ),
                (
                    "parent_plan_id",
                    json!(before.parent_plan_id),
                    json!(after.parent_plan_id),
                ),
            ],
            &[],
        );
        audit::record(conn, Some(actor), "plan.update", "plan", Some(id), changes)?;
        Ok(after)
    })
}

/// Moves a plan along its lifecycle; adopting stores the next version.
pub fn transition(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    to: &str,
) -> AppResult<(Plan, Option<PlanVersion>)> {
    conn.write(|conn| {
        let plan = find_editable(conn, actor, id)?;
        let mut c = Checker::default();
        let target = c.choice("status", to, PlanStatus::parse);
        c.finish()?;
        let Some(target) = target else { return Err(AppError::Internal("status checked".into())) };
        let from = plan.status;
        if !from.can_become(target) {
            return Err(AppError::Conflict {
                code: "transition_not_allowed",
                detail: format!("A plan cannot go from {from} to {target}."),
                field: Some("status"),
            });
        }
        let now = crate::db::now();
        Plan::set_status(conn, id, target.as_str(), now)?;
        // A consultation cannot outlive its plan's consultation stage: what is
        // adopted must not still invite contributions.
        if from == PlanStatus::Consultation {
            for c in Consultation::close_unfinished(conn, id, now)? {
                audit::record(
                    conn,
                    Some(actor),
                    "consultation.close",
                    "consultation",
                    Some(c.id),
                    json!({"plan_id": id, "reason": "plan_left_consultation", "closes_at": {"from": c.closes_at, "to": now}}),
                )?;
            }
        }
        let version = if target == PlanStatus::Adopted {
            let snapshot = plan_io::export(conn, id)?;
            Some(PlanVersion::append(conn, id, &snapshot.to_string(), Some(actor.user_id), now)?)
        } else {
            None
        };
        audit::record(
            conn,
            Some(actor),
            "plan.transition",
            "plan",
            Some(id),
            json!({"status": {"from": from, "to": target}, "version": version.as_ref().map(|v| v.number)}),
        )?;
        Ok((Plan::find(conn, id)?, version))
    })
}

/// What moving a plan to `to` would do that cannot simply be taken back,
/// for the page that asks before doing it; `None` when the move needs no
/// confirmation (or is not allowed: the move itself then says why).
pub struct TransitionPreview {
    /// The plan as it is.
    pub plan: Plan,
    /// The target status.
    pub to: PlanStatus,
    /// The version adopting would store.
    pub next_version: Option<i32>,
    /// The consultations that would close now.
    pub closing: Vec<Consultation>,
}

/// See [`TransitionPreview`]; checks the same rights as [`transition`].
pub fn transition_preview(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    to: &str,
) -> AppResult<Option<TransitionPreview>> {
    let plan = find_editable(conn, actor, id)?;
    let Some(target) = PlanStatus::parse(to) else {
        return Ok(None);
    };
    if !plan.status.can_become(target) {
        return Ok(None);
    }
    let now = crate::db::now();
    let closing: Vec<Consultation> = if plan.status == PlanStatus::Consultation {
        Consultation::of_plan(conn, id)?
            .into_iter()
            .filter(|c| c.closes_at > now)
            .collect()
    } else {
        Vec::new()
    };
    let next_version = if target == PlanStatus::Adopted {
        Some(PlanVersion::next_number(conn, id)?)
    } else {
        None
    };
    if next_version.is_none() && closing.is_empty() && target != PlanStatus::Closed {
        return Ok(None);
    }
    Ok(Some(TransitionPreview {
        plan,
        to: target,
        next_version,
        closing,
    }))
}

/// Versions of a readable plan, newest first.
pub fn versions(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<Vec<PlanVersion>> {
    find(conn, actor, id)?;
    Ok(PlanVersion::of_plan(conn, id)?)
}

/// One version of a readable plan.
pub fn version(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    number: i32,
) -> AppResult<PlanVersion> {
    find(conn, actor, id)?;
    PlanVersion::find(conn, id, number).map_err(|e| not_found(e, "version"))
}
