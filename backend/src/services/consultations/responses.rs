//! Answering and moderating: official responses (accepting a proposal can
//! create its action), reports and hiding.

use diesel::OptionalExtension;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::contributions::{find_contribution, now};
use super::follows::{tell_followers, thread_of};
use crate::db::DbConn;
use crate::db::contribution::Contribution;
use crate::db::follow::Followed;
use crate::db::notification::Notification;
use crate::db::plan::Plan;
use crate::db::plan_node::{NodeFields, PlanNode};
use crate::db::response::Response;
use crate::domain::{
    ContributionKind, NodeKind, NodeStatus, NotificationKind, ResponseStatus, limits,
};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::plans::can_edit;
use crate::services::validate::Checker;

/// An official response as entered.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct ResponseInput {
    /// accepted, partially_accepted, rejected, already_planned, out_of_scope.
    #[schema(value_type = crate::domain::ResponseStatus)]
    pub status: String,
    /// The answer (1–5,000 characters).
    #[schema(pattern = "pspm:text", max_length = 5000)]
    pub body: String,
    /// The node it became or was merged into.
    #[serde(default)]
    pub node_id: Option<i32>,
    /// Accept a proposal by creating the action in one step, with this code.
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 32)]
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
            if contribution.kind != ContributionKind::Proposal {
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
                kind: NodeKind::Action,
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
                status: NodeStatus::NotStarted,
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
        // Accepting an amendment makes its change, from the thread or the
        // responses queue alike (once: answering it again changes nothing).
        if status == ResponseStatus::Accepted
            && contribution.kind == ContributionKind::Amendment
            && contribution.amends_title.is_some()
            && let Some(node) = contribution.node_id
        {
            if contribution.withdrawn_at.is_some() {
                return Err(AppError::Conflict {
                    code: "contribution_withdrawn",
                    detail: "Its author withdrew it.".into(),
                    field: None,
                });
            }
            if PlanNode::find(conn, node)?.amendment_id != Some(id) {
                let title = contribution.title.clone().unwrap_or_default();
                crate::services::plans::nodes::apply_amendment(conn, actor, node, &title, &contribution.body, id)?;
            }
            node_id = Some(node);
        }
        let response =
            Response::upsert(conn, id, status, &body, node_id, actor.user_id, at)?;
        Contribution::resolve_reports(conn, id).ok();
        let payload =
            json!({"consultation_id": c.id, "contribution_id": id, "status": status}).to_string();
        Notification::push(
            conn,
            contribution.author_id,
            NotificationKind::Response,
            &payload,
            "Your contribution has an answer",
            at,
        )?;
        let thread = thread_of(conn, &contribution)?;
        let payload = json!({"consultation_id": c.id, "contribution_id": id});
        tell_followers(conn, Followed::Thread(thread), &[actor.user_id, contribution.author_id], &payload, at)?;
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

/// Accepts an amendment: it is answered "accepted" with `body`, and so (see
/// [`respond`]) its title and description go into the node, which records
/// it as their origin.
pub fn accept_amendment(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    body: &str,
) -> AppResult<Response> {
    conn.write(|conn| {
        let (_, contribution) = find_contribution(conn, Some(actor), id)?;
        let node_id = match contribution.node_id {
            Some(n)
                if contribution.kind == ContributionKind::Amendment
                    && contribution.amends_title.is_some() =>
            {
                n
            }
            _ => {
                return Err(AppError::Conflict {
                    code: "not_an_amendment",
                    detail: "Only an amendment changes a node.".into(),
                    field: None,
                });
            }
        };
        let input = ResponseInput {
            status: ResponseStatus::Accepted.to_string(),
            body: body.to_owned(),
            node_id: Some(node_id),
            create_action_code: None,
        };
        respond(conn, actor, id, &input)
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
        let (c, contribution) = find_contribution(conn, Some(actor), id)?;
        let plan = Plan::find(conn, c.plan_id)?;
        if !can_edit(Some(actor), &plan) {
            return Err(AppError::Forbidden);
        }
        let mut ch = Checker::default();
        let reason = ch.text("reason", reason, 1000);
        ch.finish()?;
        let at = now();
        Contribution::hide(conn, id, &reason, actor.user_id, at)?;
        Contribution::resolve_reports(conn, id)?;
        // The author hears of it (once), and finds the reason in the thread.
        if contribution.author_id != actor.user_id && contribution.hidden_at.is_none() {
            let payload = json!({"consultation_id": c.id, "contribution_id": id}).to_string();
            Notification::push(
                conn,
                contribution.author_id,
                NotificationKind::ContributionHidden,
                &payload,
                "A moderator hid your contribution",
                at,
            )?;
        }
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
