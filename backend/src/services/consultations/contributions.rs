//! Taking part: comments, replies and proposals, supports, and priority points.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::OptionalExtension;
use pspm_frontend::model::ContributionView;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::follows::{tell_followers, thread_of};
use super::views::contribution_views;
use super::{check_can_take_part, find};
use crate::db::DbConn;
use crate::db::consultation::Consultation;
use crate::db::contribution::{Contribution, NewContribution, lock_supports_of};
use crate::db::follow::Followed;
use crate::db::notification::Notification;
use crate::db::plan_node::PlanNode;
use crate::db::priority::Priorities;
use crate::db::response::Response;
use crate::domain::{ContributionKind, NodeKind, NodeStatus, NotificationKind, limits};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::accounts::organisations::not_found;
use crate::services::validate::{Checker, required};

/// A contribution as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct ContributionInput {
    /// `comment`, `proposal` or `amendment`.
    #[schema(value_type = crate::domain::ContributionKind)]
    pub kind: String,
    /// Node commented on, (proposals) the operational objective the new
    /// action belongs under, or (amendments) the objective or action changed.
    #[serde(default)]
    pub node_id: Option<i32>,
    /// The comment replied to.
    #[serde(default)]
    pub parent_id: Option<i32>,
    /// Title (proposals); the new title (amendments; absent: unchanged).
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 200)]
    pub title: Option<String>,
    /// Text (1–5,000 characters); the new description (amendments).
    #[schema(pattern = "pspm:text", max_length = 5000)]
    pub body: String,
}

pub(super) fn now() -> NaiveDateTime {
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
                if node.as_ref().is_none_or(|n| n.kind != NodeKind::OperationalObjective) {
                    ch.add("node_id", "proposal_needs_objective", "choose the operational objective the new action belongs under");
                }
            }
            Some(ContributionKind::Amendment) => {
                if parent.is_some() {
                    ch.add("parent_id", "reply_not_proposal", "a reply is a comment");
                }
                match &node {
                    _ if input.title.as_deref().is_some_and(|t| t.trim().is_empty()) => {
                        ch.add("title", "required", "an amendment's title is the node's new title (leave it out to keep the title)")
                    }
                    None if input.node_id.is_none() => ch.add("node_id", "required", "an amendment names the objective or action it changes"),
                    Some(n) if n.kind == NodeKind::Area => ch.add("node_id", "amendment_needs_node", "an amendment changes an objective or an action"),
                    Some(n) if title.as_deref().unwrap_or(&n.title) == n.title && body == n.description => {
                        ch.add("body", "amendment_unchanged", "change the title or the description")
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        ch.finish()?;
        // An amendment keeps the text it would replace; no title means the
        // title stays.
        let kind = required(kind)?;
        let amends = match (&node, kind) {
            (Some(n), ContributionKind::Amendment) => Some((n.title.clone(), n.description.clone())),
            _ => None,
        };
        let title = match (&amends, title) {
            (Some((current, _)), None) => Some(current.clone()),
            (_, title) => title,
        };
        let contribution = Contribution::create(
            conn,
            &NewContribution {
                consultation_id: c.id,
                kind,
                node_id: node.as_ref().map(|n| n.id),
                parent_id: parent.as_ref().map(|p| p.id),
                author_id: actor.user_id,
                organisation_id: actor.organisation_id,
                title,
                body,
                amends_title: amends.as_ref().map(|a| a.0.clone()),
                amends_description: amends.map(|a| a.1),
                created_at: at,
            },
        )?;
        if let Some(p) = &parent
            && p.author_id != actor.user_id
        {
            let payload = json!({"consultation_id": c.id, "contribution_id": contribution.id, "parent_id": p.id}).to_string();
            Notification::push(conn, p.author_id, NotificationKind::Reply, &payload, "Someone replied to your comment", at)?;
        }
        let payload = json!({"consultation_id": c.id, "contribution_id": contribution.id});
        match &parent {
            Some(p) => {
                let thread = thread_of(conn, p)?;
                tell_followers(conn, Followed::Thread(thread), &[actor.user_id, p.author_id], &payload, at)?;
            }
            None => tell_followers(conn, Followed::Consultation(c.id), &[actor.user_id], &payload, at)?,
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

/// A change to one's own contribution.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct EditInput {
    /// Title (proposals).
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 200)]
    pub title: Option<String>,
    /// Text (1–5,000 characters).
    #[schema(pattern = "pspm:text", max_length = 5000)]
    pub body: String,
}

/// The contribution `id` if the actor may still change it: their own,
/// while they can take part, neither hidden, withdrawn nor answered.
fn own_changeable(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<Contribution> {
    let (c, contribution) = find_contribution(conn, Some(actor), id)?;
    if contribution.author_id != actor.user_id {
        return Err(AppError::Forbidden);
    }
    check_can_take_part(conn, actor, &c, now())?;
    let refusal = if contribution.hidden_at.is_some() {
        Some((
            "hidden_cannot_change",
            "Moderation hid this contribution: it cannot be changed.",
        ))
    } else if contribution.withdrawn_at.is_some() {
        Some(("contribution_withdrawn", "You withdrew this contribution."))
    } else if Response::of_contributions(conn, &[id])?
        .into_iter()
        .next()
        .is_some()
    {
        Some((
            "contribution_answered",
            "This contribution has an official answer: it cannot be changed.",
        ))
    } else {
        None
    };
    match refusal {
        Some((code, detail)) => Err(AppError::Conflict {
            code,
            detail: detail.into(),
            field: None,
        }),
        None => Ok(contribution),
    }
}

/// Changes the actor's own contribution while the consultation is open,
/// keeping the text it replaces.
pub fn edit(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    input: &EditInput,
) -> AppResult<Contribution> {
    conn.write(|conn| {
        let before = own_changeable(conn, actor, id)?;
        let mut ch = Checker::default();
        let body = ch.text("body", &input.body, limits::CONTRIBUTION);
        let title = ch.opt_text("title", input.title.as_deref(), limits::NAME);
        if before.kind == ContributionKind::Proposal && title.is_none() {
            ch.add(
                "title",
                "proposal_title_required",
                "a proposal needs a title",
            );
        }
        ch.finish()?;
        let title = if before.kind == ContributionKind::Proposal {
            title
        } else {
            before.title.clone()
        };
        let at = now();
        Contribution::edit(conn, &before, title.as_deref(), &body, at)?;
        audit::record(
            conn,
            Some(actor),
            "contribution.edit",
            "contribution",
            Some(id),
            json!({"consultation_id": before.consultation_id}),
        )?;
        Ok(Contribution::find(conn, id)?)
    })
}

/// Withdraws the actor's own contribution while the consultation is open:
/// it stays in the record, with the supports it had, marked withdrawn.
pub fn withdraw(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<()> {
    conn.write(|conn| {
        let c = own_changeable(conn, actor, id)?;
        Contribution::withdraw(conn, id, now())?;
        audit::record(
            conn,
            Some(actor),
            "contribution.withdraw",
            "contribution",
            Some(id),
            json!({"consultation_id": c.consultation_id, "supports": c.support_count}),
        )?;
        Ok(())
    })
}

pub(super) fn find_contribution(
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

/// Where a readable contribution is shown: its consultation, the page of
/// threads that holds it (from 1), for `/contributions/{id}` to send readers
/// there.
pub fn locate(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<(i32, i64)> {
    let (_, contribution) = find_contribution(conn, actor, id)?;
    let mut root = contribution;
    // Replies nest a few levels at most; the walk is bounded all the same.
    for _ in 0..64 {
        let Some(parent) = root.parent_id else { break };
        root = Contribution::find(conn, parent)?;
    }
    let before = Contribution::threads_before(conn, &root)?;
    Ok((root.consultation_id, before / super::THREADS_PER_PAGE + 1))
}

/// Maps "not there" and "not yours to read" to the same not-found error, so a
/// reader cannot tell hidden records from missing ones; any other failure (an
/// unavailable database, say) keeps its own status.
pub(super) fn hidden_as(entity: &'static str) -> impl Fn(AppError) -> AppError {
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
        if p.kind != ContributionKind::Proposal || p.hidden_at.is_some() || p.withdrawn_at.is_some()
        {
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
        lock_supports_of(conn, actor.user_id)?;
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
    #[schema(minimum = 0)]
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
        // One query for the plan's actions; a list longer than them is refused
        // before any per-entry work, so a huge body costs nothing in the write lock.
        let (mut actions, mut cancelled) = (HashSet::new(), HashSet::new());
        for n in PlanNode::of_plan(conn, c.plan_id)? {
            if n.kind != NodeKind::Action {
                continue;
            }
            if n.status == NodeStatus::Cancelled {
                cancelled.insert(n.id);
            } else {
                actions.insert(n.id);
            }
        }
        if points.len() > actions.len() + cancelled.len() {
            return Err(AppError::field(
                "points",
                "too_many",
                format!("at most {} entries, one per action", actions.len()),
            ));
        }
        let mut ch = Checker::default();
        let mut total: i64 = 0;
        let mut seen = HashSet::with_capacity(points.len());
        for (i, p) in points.iter().enumerate() {
            if p.points < 0 {
                ch.add(
                    &format!("points.{i}.points"),
                    "out_of_range",
                    "points cannot be negative",
                );
            }
            total += p.points.max(0) as i64;
            if cancelled.contains(&p.node_id) {
                ch.add(
                    &format!("points.{i}.node_id"),
                    "action_cancelled",
                    "this action was cancelled: it takes no points",
                );
            } else if !actions.contains(&p.node_id) {
                ch.add(
                    &format!("points.{i}.node_id"),
                    "node_not_found",
                    "points go to actions of this plan",
                );
            }
            if !seen.insert(p.node_id) {
                ch.add(
                    &format!("points.{i}.node_id"),
                    "duplicate",
                    "each action once",
                );
            }
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
