//! Consultations: opening one on a plan, who may take part and when,
//! contributions, supports, priority points, official responses (with
//! accept-and-create-action), moderation, notifications and the read models
//! (ranking, response queue, my contributions, "you said, we did").

use diesel::OptionalExtension;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::cache::Cache;
use crate::db::DbConn;
use crate::db::audit_event::AuditEvent;
use crate::db::consultation::{Consultation, ConsultationFields};
use crate::db::contribution::{Contribution, NewContribution, Priorities, Response};
use crate::db::notification::Notification;
use crate::db::organisation::Organisation;
use crate::db::plan::Plan;
use crate::db::plan_node::{NodeFields, PlanNode};
use crate::db::user::User;
use crate::domain::{
    Audience, ContributionKind, NodeKind, NodeStatus, PlanStatus, ResponseStatus, Role, limits,
};
use crate::error::{AppError, AppResult};
use crate::services::accounts::audit;
use crate::services::accounts::organisations::not_found;
use crate::services::plans::{can_edit, find as find_plan};
use crate::services::validate::Checker;
use crate::services::{Actor, Paging};

pub use pspm_frontend::model::{ActionPoints, ConsultationView, ContributionView};

/// Fields of a consultation.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct ConsultationInput {
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Opens at, `YYYY-MM-DDTHH:MM` (UTC) or a date (midnight).
    pub opens_at: String,
    /// Closes at (after opening).
    pub closes_at: String,
    /// `public` or `invited`.
    pub audience: String,
    /// Invited organisations (audience `invited`).
    #[serde(default)]
    pub invited: Vec<i32>,
    /// Comments allowed (default true).
    #[serde(default = "yes")]
    pub comments_enabled: bool,
    /// Proposals allowed (default true).
    #[serde(default = "yes")]
    pub proposals_enabled: bool,
    /// Supports per person (0–100, default 5).
    #[serde(default = "five")]
    pub supports_per_person: i32,
    /// Priority points per person (0–10,000, default 100).
    #[serde(default = "hundred")]
    pub points_per_person: i32,
}

fn yes() -> bool {
    true
}
fn five() -> i32 {
    5
}
fn hundred() -> i32 {
    100
}

/// Parses `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD`.
fn datetime(c: &mut Checker, field: &str, v: &str) -> Option<NaiveDateTime> {
    let v = v.trim();
    if v.is_empty() {
        c.add(field, "required", format!("{field} is required"));
        return None;
    }
    let parsed = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        });
    if parsed.is_none() {
        c.add(
            field,
            "datetime_invalid",
            format!("{field} must be a date and time as YYYY-MM-DDTHH:MM"),
        );
    }
    parsed
}

/// A consultation the actor may read (its plan must be readable).
pub fn find(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<Consultation> {
    let c = Consultation::find(conn, id).map_err(|e| not_found(e, "consultation"))?;
    find_plan(conn, actor, c.plan_id).map_err(hidden_as("consultation"))?;
    Ok(c)
}

/// Opens a consultation on a plan in the consultation state (the owner's planners, administrators).
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    plan_id: i32,
    input: &ConsultationInput,
) -> AppResult<Consultation> {
    conn.write(|conn| {
        let plan = crate::services::plans::find_editable(conn, actor, plan_id)?;
        if plan.status != PlanStatus::Consultation.as_str() {
            return Err(AppError::Conflict {
                code: "plan_not_in_consultation",
                detail: "Move the plan to the consultation state first.".into(),
                field: None,
            });
        }
        let mut c = Checker::default();
        let title = c.text("title", &input.title, limits::NAME);
        let description = c.opt_text("description", Some(&input.description), limits::DESCRIPTION).unwrap_or_default();
        let opens = datetime(&mut c, "opens_at", &input.opens_at);
        let closes = datetime(&mut c, "closes_at", &input.closes_at);
        if let (Some(o), Some(cl)) = (opens, closes)
            && cl <= o
        {
            c.add("closes_at", "end_before_start", "closes_at must be after opens_at");
        }
        let audience = c.choice("audience", &input.audience, Audience::parse);
        if audience == Some(Audience::Invited) && input.invited.is_empty() {
            c.add("invited", "required", "invite at least one organisation");
        }
        for (i, o) in input.invited.iter().enumerate() {
            if Organisation::find(conn, *o).optional()?.is_none() {
                c.add(&format!("invited.{i}"), "organisation_not_found", "not a known organisation");
            }
        }
        let supports = c.range("supports_per_person", Some(input.supports_per_person as f64), 0.0, 100.0);
        let points = c.range("points_per_person", Some(input.points_per_person as f64), 0.0, 10_000.0);
        c.finish()?;
        let (Some(opens), Some(closes), Some(audience), Some(_), Some(_)) = (opens, closes, audience, supports, points) else {
            return Err(AppError::Internal("consultation checked".into()));
        };
        let now = crate::db::now();
        let consultation = Consultation::create(
            conn,
            plan_id,
            &ConsultationFields {
                title,
                description,
                opens_at: opens,
                closes_at: closes,
                audience: audience.as_str().into(),
                comments_enabled: input.comments_enabled,
                proposals_enabled: input.proposals_enabled,
                supports_per_person: input.supports_per_person,
                points_per_person: input.points_per_person,
            },
            actor.user_id,
            now,
        )?;
        let invited = if audience == Audience::Invited { input.invited.clone() } else { Vec::new() };
        Consultation::set_invites(conn, consultation.id, &invited)?;
        // Members of invited organisations hear that the consultation opened.
        if !invited.is_empty() {
            for u in User::of_organisations(conn, &invited)? {
                let payload = json!({"consultation_id": consultation.id, "title": consultation.title}).to_string();
                Notification::push(conn, u.id, "consultation_opened", &payload, "A consultation is open for your organisation", now)?;
            }
        }
        audit::record(
            conn,
            Some(actor),
            "consultation.create",
            "consultation",
            Some(consultation.id),
            json!({"plan_id": plan_id, "title": consultation.title, "audience": consultation.audience, "invited": invited}),
        )?;
        Ok(consultation)
    })
}

/// Refuses a participant outside the window or the audience, with the reason.
pub fn check_can_take_part(
    conn: &mut DbConn,
    actor: &Actor,
    c: &Consultation,
    now: NaiveDateTime,
) -> AppResult<()> {
    if now < c.opens_at {
        return Err(AppError::Conflict {
            code: "consultation_not_open",
            detail: "The consultation is not open yet.".into(),
            field: None,
        });
    }
    if now >= c.closes_at {
        return Err(AppError::Conflict {
            code: "consultation_closed",
            detail: "The consultation is closed.".into(),
            field: None,
        });
    }
    let plan = Plan::find(conn, c.plan_id)?;
    if plan.status != PlanStatus::Consultation.as_str() {
        return Err(AppError::Conflict {
            code: "consultation_closed",
            detail: "The plan is no longer in consultation.".into(),
            field: None,
        });
    }
    if c.audience == Audience::Invited.as_str() {
        let invited = Consultation::invites(conn, c.id)?;
        let ok = actor.organisation_id.is_some_and(|o| invited.contains(&o));
        if !ok {
            return Err(AppError::Conflict {
                code: "not_invited",
                detail: "This consultation is open to invited organisations only.".into(),
                field: None,
            });
        }
    }
    Ok(())
}

/// A contribution as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct ContributionInput {
    /// `comment` or `proposal`.
    pub kind: String,
    /// Node commented on, or (proposals) the operational objective the new action belongs under.
    #[serde(default)]
    pub node_id: Option<i32>,
    /// The comment replied to.
    #[serde(default)]
    pub parent_id: Option<i32>,
    /// Title (proposals).
    #[serde(default)]
    pub title: Option<String>,
    /// Text (1–5,000 characters).
    pub body: String,
}

fn now() -> NaiveDateTime {
    crate::db::now()
}

/// Adds a comment, reply or proposal on behalf of the actor's organisation.
pub fn contribute(
    conn: &mut DbConn,
    actor: &Actor,
    consultation_id: i32,
    input: &ContributionInput,
) -> AppResult<Contribution> {
    conn.write(|conn| {
        let c = find(conn, Some(actor), consultation_id)?;
        let at = now();
        check_can_take_part(conn, actor, &c, at)?;
        let mut ch = Checker::default();
        let kind = ch.choice("kind", &input.kind, ContributionKind::parse);
        let body = ch.text("body", &input.body, limits::CONTRIBUTION);
        let title = ch.opt_text("title", input.title.as_deref(), limits::NAME);
        let node = match input.node_id {
            // Only a missing row is the caller's mistake; a failing
            // database is a 503, never a field error.
            Some(n) => match PlanNode::find(conn, n).optional()? {
                Some(node) if node.plan_id == c.plan_id => Some(node),
                _ => {
                    ch.add("node_id", "node_not_found", "node_id is not a node of this plan");
                    None
                }
            },
            None => None,
        };
        let parent = match input.parent_id {
            Some(p) => match Contribution::find(conn, p).optional()? {
                Some(parent) if parent.consultation_id == c.id && parent.hidden_at.is_none() => Some(parent),
                _ => {
                    ch.add("parent_id", "contribution_not_found", "parent_id is not a contribution of this consultation");
                    None
                }
            },
            None => None,
        };
        match kind {
            Some(ContributionKind::Comment) if !c.comments_enabled => ch.add("kind", "comments_disabled", "comments are closed"),
            Some(ContributionKind::Proposal) if !c.proposals_enabled => ch.add("kind", "proposals_disabled", "proposals are closed"),
            Some(ContributionKind::Proposal) => {
                if title.is_none() {
                    ch.add("title", "required", "a proposal needs a title");
                }
                if parent.is_some() {
                    ch.add("parent_id", "reply_not_proposal", "a reply is a comment");
                }
                if node.as_ref().is_none_or(|n| n.kind != NodeKind::OperationalObjective.as_str()) {
                    ch.add("node_id", "proposal_needs_objective", "choose the operational objective the new action belongs under");
                }
            }
            Some(ContributionKind::Amendment) if node.is_none() => ch.add("node_id", "required", "an amendment names the node it changes"),
            _ => {}
        }
        ch.finish()?;
        let contribution = Contribution::create(
            conn,
            &NewContribution {
                consultation_id: c.id,
                kind: kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
                node_id: node.as_ref().map(|n| n.id),
                parent_id: parent.as_ref().map(|p| p.id),
                author_id: actor.user_id,
                organisation_id: actor.organisation_id,
                title,
                body,
                created_at: at,
            },
        )?;
        if let Some(p) = &parent
            && p.author_id != actor.user_id
        {
            let payload = json!({"consultation_id": c.id, "contribution_id": contribution.id, "parent_id": p.id}).to_string();
            Notification::push(conn, p.author_id, "reply", &payload, "Someone replied to your comment", at)?;
        }
        audit::record(
            conn,
            Some(actor),
            "contribution.create",
            "contribution",
            Some(contribution.id),
            json!({"consultation_id": c.id, "kind": contribution.kind, "node_id": contribution.node_id, "parent_id": contribution.parent_id}),
        )?;
        Ok(contribution)
    })
}

fn find_contribution(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
) -> AppResult<(Consultation, Contribution)> {
    let contribution = Contribution::find(conn, id).map_err(|e| not_found(e, "contribution"))?;
    let c = find(conn, actor, contribution.consultation_id).map_err(hidden_as("contribution"))?;
    Ok((c, contribution))
}

/// One contribution as its consultation's page shows it, if the actor may read it.
pub fn contribution_view(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
) -> AppResult<ContributionView> {
    let (_, contribution) = find_contribution(conn, actor, id)?;
    contribution_views(conn, vec![contribution])?
        .pop()
        .ok_or(AppError::NotFound("contribution"))
}

/// Maps "not there" and "not yours to read" to the same not-found error, so a
/// reader cannot tell hidden records from missing ones; any other failure (an
/// unavailable database, say) keeps its own status.
fn hidden_as(entity: &'static str) -> impl Fn(AppError) -> AppError {
    move |e| match e {
        AppError::NotFound(_) | AppError::Forbidden => AppError::NotFound(entity),
        other => other,
    }
}

/// Supports a proposal (once each, within the per-person limit).
pub fn support(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<()> {
    conn.write(|conn| {
        let (c, p) = find_contribution(conn, Some(actor), id)?;
        let at = now();
        check_can_take_part(conn, actor, &c, at)?;
        if p.kind != ContributionKind::Proposal.as_str() || p.hidden_at.is_some() {
            return Err(AppError::Conflict {
                code: "not_supportable",
                detail: "Only visible proposals can be supported.".into(),
                field: None,
            });
        }
        if p.author_id == actor.user_id {
            return Err(AppError::Conflict {
                code: "cannot_support_own",
                detail: "You cannot support your own proposal.".into(),
                field: None,
            });
        }
        let mine = Contribution::supported_by(conn, c.id, actor.user_id)?;
        if mine.contains(&id) {
            return Err(AppError::Conflict {
                code: "already_supported",
                detail: "You already support this proposal.".into(),
                field: None,
            });
        }
        if mine.len() as i32 >= c.supports_per_person {
            return Err(AppError::Conflict {
                code: "support_limit_reached",
                detail: format!(
                    "You can support at most {} proposals; withdraw one first.",
                    c.supports_per_person
                ),
                field: None,
            });
        }
        Contribution::add_support(conn, id, actor.user_id, actor.organisation_id, at)?;
        audit::record(
            conn,
            Some(actor),
            "support.create",
            "contribution",
            Some(id),
            json!({}),
        )
    })
}

/// Withdraws a support (until the consultation closes).
pub fn withdraw_support(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<()> {
    conn.write(|conn| {
        let (c, _) = find_contribution(conn, Some(actor), id)?;
        check_can_take_part(conn, actor, &c, now())?;
        if Contribution::remove_support(conn, id, actor.user_id)? == 0 {
            return Err(AppError::Conflict {
                code: "not_supported",
                detail: "You do not support this proposal.".into(),
                field: None,
            });
        }
        audit::record(
            conn,
            Some(actor),
            "support.delete",
            "contribution",
            Some(id),
            json!({}),
        )
    })
}

/// Points for one action.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema, PartialEq)]
pub struct PointsInput {
    /// An action of the plan.
    pub node_id: i32,
    /// Points (≥ 0).
    pub points: i32,
}

/// Replaces the actor's priority points (sum within the budget).
pub fn set_priorities(
    conn: &mut DbConn,
    actor: &Actor,
    consultation_id: i32,
    points: &[PointsInput],
) -> AppResult<()> {
    conn.write(|conn| {
        let c = find(conn, Some(actor), consultation_id)?;
        let at = now();
        check_can_take_part(conn, actor, &c, at)?;
        let mut ch = Checker::default();
        let mut total: i64 = 0;
        let mut seen = Vec::new();
        for (i, p) in points.iter().enumerate() {
            if p.points < 0 {
                ch.add(
                    &format!("points.{i}.points"),
                    "out_of_range",
                    "points cannot be negative",
                );
            }
            total += p.points.max(0) as i64;
            match PlanNode::find(conn, p.node_id) {
                Ok(n) if n.plan_id == c.plan_id && n.kind == NodeKind::Action.as_str() => {}
                _ => ch.add(
                    &format!("points.{i}.node_id"),
                    "node_not_found",
                    "points go to actions of this plan",
                ),
            }
            if seen.contains(&p.node_id) {
                ch.add(
                    &format!("points.{i}.node_id"),
                    "duplicate",
                    "each action once",
                );
            }
            seen.push(p.node_id);
        }
        if total > c.points_per_person as i64 {
            ch.add(
                "points",
                "points_over_budget",
                format!("at most {} points in all", c.points_per_person),
            );
        }
        ch.finish()?;
        let pairs: Vec<(i32, i32)> = points.iter().map(|p| (p.node_id, p.points)).collect();
        Priorities::replace(conn, c.id, actor.user_id, actor.organisation_id, &pairs, at)?;
        audit::record(
            conn,
            Some(actor),
            "priorities.set",
            "consultation",
            Some(c.id),
            json!({"total": total, "actions": pairs.len()}),
        )
    })
}

/// An official response as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct ResponseInput {
    /// accepted, partially_accepted, rejected, already_planned, out_of_scope.
    pub status: String,
    /// The answer (1–5,000 characters).
    pub body: String,
    /// The node it became or was merged into.
    #[serde(default)]
    pub node_id: Option<i32>,
    /// Accept a proposal by creating the action in one step, with this code.
    #[serde(default)]
    pub create_action_code: Option<String>,
}

/// Answers a contribution (the plan's editors). Accepting a proposal with a
/// code creates the action under the proposal's objective, recording its origin.
pub fn respond(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    input: &ResponseInput,
) -> AppResult<Response> {
    conn.write(|conn| {
        let (c, contribution) = find_contribution(conn, Some(actor), id)?;
        let plan = Plan::find(conn, c.plan_id)?;
        if !can_edit(Some(actor), &plan) {
            return Err(AppError::Forbidden);
        }
        if contribution.hidden_at.is_some() {
            return Err(AppError::Conflict {
                code: "contribution_hidden",
                detail: "A hidden contribution is not answered.".into(),
                field: None,
            });
        }
        let mut ch = Checker::default();
        let status = ch.choice("status", &input.status, ResponseStatus::parse);
        let body = ch.text("body", &input.body, limits::CONTRIBUTION);
        let code = ch.opt_text(
            "create_action_code",
            input.create_action_code.as_deref(),
            limits::CODE,
        );
        if code.is_some() {
            if contribution.kind != ContributionKind::Proposal.as_str() {
                ch.add(
                    "create_action_code",
                    "not_a_proposal",
                    "only proposals become actions",
                );
            }
            if !matches!(
                status,
                Some(ResponseStatus::Accepted | ResponseStatus::PartiallyAccepted)
            ) {
                ch.add(
                    "status",
                    "create_needs_acceptance",
                    "an action is created only when the proposal is accepted",
                );
            }
        }
        if let Some(n) = input.node_id
            && !matches!(PlanNode::find(conn, n).optional()?, Some(node) if node.plan_id == c.plan_id)
        {
            ch.add(
                "node_id",
                "node_not_found",
                "node_id is not a node of this plan",
            );
        }
        ch.finish()?;
        let at = now();
        let mut node_id = input.node_id;
        if let Some(code) = code {
            let fields = NodeFields {
                kind: NodeKind::Action.as_str().into(),
                code,
                title: contribution.title.clone().unwrap_or_default(),
                description: contribution.body.clone(),
                responsible_office: None,
                responsible_organisation_id: None,
                weight: None,
                planned_start: None,
                planned_end: None,
                actual_start: None,
                actual_end: None,
                budget: None,
                status: NodeStatus::NotStarted.as_str().into(),
                progress: None,
                aligned_node_id: None,
            };
            let parent = contribution.node_id;
            let position = PlanNode::next_position(conn, c.plan_id, parent)?;
            let node =
                PlanNode::create(conn, c.plan_id, parent, position, &fields, at).map_err(|e| {
                    match AppError::from(e) {
                        AppError::Conflict {
                            code: "already_exists",
                            ..
                        } => AppError::field(
                            "create_action_code",
                            "code_taken",
                            "another node has this code",
                        ),
                        other => other,
                    }
                })?;
            PlanNode::set_origin(conn, node.id, contribution.id)?;
            audit::record(
                conn,
                Some(actor),
                "node.create",
                "plan_node",
                Some(node.id),
                json!({"origin_contribution_id": contribution.id, "code": node.code}),
            )?;
            node_id = Some(node.id);
        }
        let status = status.ok_or_else(|| AppError::Internal("status checked".into()))?;
        let response =
            Response::upsert(conn, id, status.as_str(), &body, node_id, actor.user_id, at)?;
        Contribution::resolve_reports(conn, id).ok();
        let payload =
            json!({"consultation_id": c.id, "contribution_id": id, "status": status}).to_string();
        Notification::push(
            conn,
            contribution.author_id,
            "response",
            &payload,
            "Your contribution has an answer",
            at,
        )?;
        audit::record(
            conn,
            Some(actor),
            "response.upsert",
            "contribution",
            Some(id),
            json!({"status": status, "node_id": node_id}),
        )?;
        Ok(response)
    })
}

/// Reports a contribution to the moderators.
pub fn report(conn: &mut DbConn, actor: &Actor, id: i32, reason: &str) -> AppResult<()> {
    conn.write(|conn| {
        find_contribution(conn, Some(actor), id)?;
        let mut ch = Checker::default();
        let reason = ch.text("reason", reason, 1000);
        ch.finish()?;
        Contribution::report(conn, id, actor.user_id, &reason, now())?;
        audit::record(
            conn,
            Some(actor),
            "contribution.report",
            "contribution",
            Some(id),
            json!({}),
        )
    })
}

/// Hides a contribution with a reason (administrators, the plan's planners). Nothing is deleted.
pub fn hide(conn: &mut DbConn, actor: &Actor, id: i32, reason: &str) -> AppResult<()> {
    conn.write(|conn| {
        let (c, _) = find_contribution(conn, Some(actor), id)?;
        let plan = Plan::find(conn, c.plan_id)?;
        if !can_edit(Some(actor), &plan) {
            return Err(AppError::Forbidden);
        }
        let mut ch = Checker::default();
        let reason = ch.text("reason", reason, 1000);
        ch.finish()?;
        Contribution::hide(conn, id, &reason, actor.user_id, now())?;
        Contribution::resolve_reports(conn, id)?;
        audit::record(
            conn,
            Some(actor),
            "contribution.hide",
            "contribution",
            Some(id),
            json!({"reason": reason}),
        )
    })
}

/// One page of a consultation's contributions (replies included, oldest
/// first), with the consultation and how many contributions it has in all.
pub fn contributions_page(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    paging: Paging,
) -> AppResult<(Consultation, Vec<ContributionView>, i64)> {
    let c = find(conn, actor, id)?;
    let total = i64::from(c.contribution_count);
    let rows = Contribution::page_of(conn, id, paging.offset(), paging.per_page)?;
    Ok((c, contribution_views(conn, rows)?, total))
}

/// A consultation as the plan page summarises it: its state, how many
/// contributions it has, its `top` most supported proposals (the only
/// contributions included) and its action ranking. It reads the running
/// totals the database keeps (migration 000013), never every contribution or
/// allocation, so it stays fast on a national consultation.
pub fn summary(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    top: usize,
) -> AppResult<ConsultationView> {
    let c = find(conn, actor, id)?;
    let lookups = Lookups::of_plan(conn, c.plan_id)?;
    let derived = derive(conn, &lookups, c.id, top)?;
    Ok(derived.view_of(c))
}

/// [`summary`] of each consultation of a plan the actor may read, the one
/// opening last first. The plan is checked once.
///
/// The plan page of a national plan summarises a score of consultations for
/// every signed-in reader, and most of them are closed. Each summary is kept
/// in `kept` per consultation [`revision`](Consultation::revision) (which
/// the database raises on every write to what it shows) and per `versions`:
/// plans' version (organisation and action names; see
/// [`plans_version`](crate::services::plans::view::plans_version)) and [`names_version`]
/// (a person who deletes their account is shown as a former participant at
/// once). A comment on the open consultation leaves the others' summaries
/// kept. The consultation's own row is read for every reader, and its state
/// off the clock.
pub fn summaries_of_plan(
    conn: &mut DbConn,
    kept: &Cache,
    versions: SummaryVersions,
    actor: Option<&Actor>,
    plan: i32,
    top: usize,
) -> AppResult<Vec<ConsultationView>> {
    find_plan(conn, actor, plan)?;
    // The rows before what is derived from them: a summary computed after
    // reading revision r shows r or a newer state, never an older one.
    let consultations = Consultation::of_plan(conn, plan)?;
    let mut derived = Vec::with_capacity(consultations.len());
    for c in &consultations {
        let key = format!(
            "summary:{}:{top}:{}:{}",
            c.id, versions.plans, versions.names
        );
        derived.push(kept.get_or(key, c.revision, || {
            let lookups = kept.get_or(format!("lookups:{plan}"), versions.plans, || {
                Lookups::of_plan(conn, plan)
            })?;
            derive(conn, &lookups, c.id, top)
        })?);
    }
    Ok(consultations
        .into_iter()
        .zip(derived)
        .map(|(c, d)| d.view_of(c))
        .collect())
}

/// The versions, besides each consultation's revision, that
/// [`summaries_of_plan`] keeps summaries by.
#[derive(Debug, Clone, Copy)]
pub struct SummaryVersions {
    /// [`plans_version`](crate::services::plans::view::plans_version).
    pub plans: i32,
    /// [`names_version`].
    pub names: i32,
}

/// The version of people's names as contributions show them: the newest
/// audit event of an account's change or deletion (one lookup in the
/// (action, id) index).
pub fn names_version(conn: &mut DbConn) -> AppResult<i32> {
    Ok(AuditEvent::latest_of(
        conn,
        &["user.update", "user.delete"],
    )?)
}

/// What a consultation's summary derives from its contributions, supports,
/// responses, priority points and invitations, kept per revision by
/// [`summaries_of_plan`].
#[derive(Debug)]
struct Derived {
    /// The top proposals, most supported first.
    top: Vec<ContributionView>,
    proposals_ranked: Vec<i32>,
    actions_ranked: Arc<[ActionPoints]>,
    invited: Vec<i32>,
}

impl Derived {
    /// The view of consultation `c` with these parts.
    fn view_of(&self, c: Consultation) -> ConsultationView {
        view(
            c,
            self.top.clone(),
            self.proposals_ranked.clone(),
            Arc::clone(&self.actions_ranked),
            self.invited.clone(),
        )
    }
}

/// The parts of consultation `id`'s summary, its `top` proposals included.
fn derive(conn: &mut DbConn, lookups: &Lookups, id: i32, top: usize) -> AppResult<Derived> {
    let ranked = Contribution::ranked_proposals(conn, id, top as i64)?;
    let rows = Contribution::find_many(conn, &sorted_unique(ranked.iter().copied()))?;
    let mut views: HashMap<i32, ContributionView> = views_with(conn, &lookups.orgs, rows)?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    Ok(Derived {
        top: ranked.iter().filter_map(|id| views.remove(id)).collect(),
        proposals_ranked: ranked,
        actions_ranked: action_ranking(conn, lookups, id)?.into(),
        invited: Consultation::invites(conn, id)?,
    })
}

/// Top-level contributions (threads) per page of a consultation.
pub const THREADS_PER_PAGE: i64 = 25;
/// Proposals in the ranking of a consultation's page.
pub const RANKED_PROPOSALS: usize = 50;

/// One page of a consultation, as its web page shows it.
#[derive(Debug, Clone)]
pub struct ConsultationPage {
    /// The consultation; `contributions` holds this page's threads with all
    /// their replies, and the ranked proposals.
    pub view: ConsultationView,
    /// This page's top-level contributions, oldest first.
    pub threads: Vec<i32>,
    /// Top-level contributions in all.
    pub threads_total: i64,
    /// The page shown (from 1; an out-of-range page shows the nearest one).
    pub page: i64,
    /// Proposals that are not hidden, in all (the ranking lists at most
    /// [`RANKED_PROPOSALS`]).
    pub proposals_total: i64,
}

/// One page of a consultation: [`THREADS_PER_PAGE`] threads, oldest first,
/// with every reply under them, and the [`RANKED_PROPOSALS`] most supported
/// proposals. Its cost depends on the page, not on the size of the
/// consultation, which on a national one runs to hundreds of thousands of
/// contributions.
pub fn page_view(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    page: i64,
) -> AppResult<ConsultationPage> {
    let c = find(conn, actor, id)?;
    let lookups = Lookups::of_plan(conn, c.plan_id)?;
    let threads_total = Contribution::count_threads(conn, id)?;
    let pages = ((threads_total + THREADS_PER_PAGE - 1) / THREADS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let mut rows =
        Contribution::threads(conn, id, (page - 1) * THREADS_PER_PAGE, THREADS_PER_PAGE)?;
    let threads: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut frontier = threads.clone();
    while !frontier.is_empty() {
        let replies = Contribution::replies_to(conn, &frontier)?;
        frontier = replies.iter().map(|r| r.id).collect();
        rows.extend(replies);
    }
    let ranked = Contribution::ranked_proposals(conn, id, RANKED_PROPOSALS as i64)?;
    let proposals_total = Contribution::count_shown_proposals(conn, id)?;
    let missing: Vec<i32> = sorted_unique(
        ranked
            .iter()
            .copied()
            .filter(|p| !rows.iter().any(|r| r.id == *p)),
    );
    rows.extend(Contribution::find_many(conn, &missing)?);
    rows.sort_by_key(|r| (r.created_at, r.id));
    let views = views_with(conn, &lookups.orgs, rows)?;
    Ok(ConsultationPage {
        view: assemble(conn, &lookups, c, views, ranked)?,
        threads,
        threads_total,
        page,
        proposals_total,
    })
}

/// What every consultation of a plan reads alike: the organisations and the
/// plan's actions.
struct Lookups {
    orgs: Organisations,
    actions: Vec<PlanNode>,
}

impl Lookups {
    fn of_plan(conn: &mut DbConn, plan: i32) -> AppResult<Self> {
        Ok(Self {
            orgs: Organisations::load(conn)?,
            actions: PlanNode::of_plan(conn, plan)?
                .into_iter()
                .filter(|n| n.kind == NodeKind::Action.as_str())
                .collect(),
        })
    }
}

/// The view from its parts, adding the action ranking, state and invitations.
fn assemble(
    conn: &mut DbConn,
    lookups: &Lookups,
    c: Consultation,
    contributions: Vec<ContributionView>,
    proposals_ranked: Vec<i32>,
) -> AppResult<ConsultationView> {
    let actions = action_ranking(conn, lookups, c.id)?;
    let invited = Consultation::invites(conn, c.id)?;
    Ok(view(
        c,
        contributions,
        proposals_ranked,
        actions.into(),
        invited,
    ))
}

/// The plan's actions, most priority points first, with the points by kind
/// of organisation.
fn action_ranking(
    conn: &mut DbConn,
    lookups: &Lookups,
    consultation: i32,
) -> AppResult<Vec<ActionPoints>> {
    let mut by_node: HashMap<i32, (i64, BTreeMap<String, i64>)> = HashMap::new();
    for (node, organisation, points) in Priorities::totals(conn, consultation)? {
        let e = by_node.entry(node).or_default();
        e.0 += points;
        *e.1.entry(lookups.orgs.kind_name(organisation)).or_default() += points;
    }
    let mut actions: Vec<ActionPoints> = lookups
        .actions
        .iter()
        .map(|n| {
            let (points, by_kind) = by_node.remove(&n.id).unwrap_or_default();
            ActionPoints {
                node_id: n.id,
                code: n.code.clone(),
                title: n.title.clone(),
                points,
                points_by_kind: by_kind,
            }
        })
        .collect();
    actions.sort_by(|a, b| b.points.cmp(&a.points).then(a.code.cmp(&b.code)));
    Ok(actions)
}

/// The view of a consultation from its row and parts; its state is read off
/// the clock.
fn view(
    c: Consultation,
    contributions: Vec<ContributionView>,
    proposals_ranked: Vec<i32>,
    actions_ranked: Arc<[ActionPoints]>,
    invited: Vec<i32>,
) -> ConsultationView {
    let at = now();
    let state = if at < c.opens_at {
        "upcoming"
    } else if at >= c.closes_at {
        "closed"
    } else {
        "open"
    };
    ConsultationView {
        id: c.id,
        plan_id: c.plan_id,
        invited,
        title: c.title,
        description: c.description,
        opens_at: c.opens_at,
        closes_at: c.closes_at,
        audience: c.audience,
        comments_enabled: c.comments_enabled,
        proposals_enabled: c.proposals_enabled,
        supports_per_person: c.supports_per_person,
        points_per_person: c.points_per_person,
        state: state.into(),
        contribution_count: i64::from(c.contribution_count),
        contributions,
        proposals_ranked,
        actions_ranked,
    }
}

/// Every organisation, by id.
struct Organisations(HashMap<i32, Organisation>);

impl Organisations {
    fn load(conn: &mut DbConn) -> AppResult<Self> {
        Ok(Self(
            Organisation::all(conn)?
                .into_iter()
                .map(|o| (o.id, o))
                .collect(),
        ))
    }

    /// The kind under which a person's support or points count: their
    /// organisation's kind, or "none" for citizens.
    fn kind_name(&self, organisation: Option<i32>) -> String {
        organisation
            .and_then(|o| self.0.get(&o))
            .map_or_else(|| "none".into(), |o| o.kind.clone())
    }
}

fn sorted_unique(ids: impl Iterator<Item = i32>) -> Vec<i32> {
    let mut ids: Vec<i32> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn contribution_views(
    conn: &mut DbConn,
    contributions: Vec<Contribution>,
) -> AppResult<Vec<ContributionView>> {
    let orgs = Organisations::load(conn)?;
    views_with(conn, &orgs, contributions)
}

/// [`contribution_views`] with the organisations already read.
fn views_with(
    conn: &mut DbConn,
    orgs: &Organisations,
    contributions: Vec<Contribution>,
) -> AppResult<Vec<ContributionView>> {
    let ids: Vec<i32> = contributions.iter().map(|c| c.id).collect();
    let names: HashMap<i32, String> = User::display_names(
        conn,
        &sorted_unique(contributions.iter().map(|c| c.author_id)),
    )?
    .into_iter()
    .collect();
    let mut supports: HashMap<i32, (i64, BTreeMap<String, i64>)> = HashMap::new();
    for (cid, organisation, n) in Contribution::support_counts(conn, &ids)? {
        let e = supports.entry(cid).or_default();
        e.0 += n;
        *e.1.entry(orgs.kind_name(organisation)).or_default() += n;
    }
    let responses: HashMap<i32, Response> = Response::of_contributions(conn, &ids)?
        .into_iter()
        .map(|r| (r.contribution_id, r))
        .collect();
    Ok(contributions
        .into_iter()
        .map(|c| {
            let hidden = c.hidden_at.is_some();
            let org = c.organisation_id.and_then(|o| orgs.0.get(&o));
            let (count, by_kind) = supports.remove(&c.id).unwrap_or_default();
            let r = responses.get(&c.id);
            ContributionView {
                id: c.id,
                kind: c.kind,
                node_id: c.node_id,
                parent_id: c.parent_id,
                author: names.get(&c.author_id).cloned().unwrap_or_default(),
                organisation: org.map(|o| o.name.clone()),
                organisation_kind: org.map(|o| o.kind.clone()),
                title: if hidden { None } else { c.title },
                body: if hidden { None } else { Some(c.body) },
                hidden_reason: c.hidden_reason,
                supports: count,
                supports_by_kind: by_kind,
                response_status: r.map(|r| r.status.clone()),
                response: r.map(|r| r.body.clone()),
                response_node_id: r.and_then(|r| r.node_id),
                created_at: c.created_at,
            }
        })
        .collect())
}

/// Contributions awaiting an answer on plans the actor edits, oldest first.
pub fn response_queue(
    conn: &mut DbConn,
    actor: &Actor,
) -> AppResult<Vec<(Consultation, ContributionView)>> {
    if !(actor.is_admin() || actor.role == Role::Planner) {
        return Err(AppError::Forbidden);
    }
    let mut out = Vec::new();
    for c in Consultation::all(conn)? {
        let plan = Plan::find(conn, c.plan_id)?;
        if !can_edit(Some(actor), &plan) {
            continue;
        }
        let pending: Vec<Contribution> = Contribution::of_consultation(conn, c.id)?
            .into_iter()
            .filter(|x| x.hidden_at.is_none())
            .collect();
        for v in contribution_views(conn, pending)? {
            if v.response_status.is_none() {
                out.push((c.clone(), v));
            }
        }
    }
    out.sort_by_key(|x| x.1.created_at);
    Ok(out)
}

/// Every contribution of the actor with what became of it.
pub fn my_contributions(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<ContributionView>> {
    let mine = Contribution::by_author(conn, actor.user_id)?;
    contribution_views(conn, mine)
}

/// The actor's notifications and the unread count.
pub fn notifications(conn: &mut DbConn, actor: &Actor) -> AppResult<(Vec<Notification>, i64)> {
    Ok((
        Notification::of_user(conn, actor.user_id)?,
        Notification::unread(conn, actor.user_id)?,
    ))
}

/// Marks the actor's notifications read.
pub fn mark_notifications_read(conn: &mut DbConn, actor: &Actor) -> AppResult<usize> {
    conn.write(|conn| {
        let n = Notification::mark_all_read(conn, actor.user_id, now())?;
        audit::record(
            conn,
            Some(actor),
            "notifications.read",
            "user",
            Some(actor.user_id),
            json!({"count": n}),
        )?;
        Ok(n)
    })
}
