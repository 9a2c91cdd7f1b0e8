//! Nodes of a plan's tree: adding, editing (with optimistic concurrency),
//! moving and reordering (never under their own subtree), deleting (drafts only).

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::milestone::Milestone;
use crate::db::organisation::Organisation;
use crate::db::plan::Plan;
use crate::db::plan_node::{NodeFields, PlanNode};
use crate::domain::{NodeKind, NodeStatus, PlanStatus, limits};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::accounts::organisations::not_found;
use crate::services::plans::{conflict, find_editable};
use crate::services::validate::{Checker, required};

/// Fields of a node as entered in a form or sent as JSON.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct NodeInput {
    /// Parent node (none for areas). Ignored when editing: use a move.
    #[serde(default)]
    pub parent_id: Option<i32>,
    /// area, strategic_objective, operational_objective or action.
    #[schema(value_type = crate::domain::NodeKind)]
    pub kind: String,
    /// Code, unique in the plan (e.g. `SO2.1`).
    #[schema(pattern = "pspm:text", max_length = 32)]
    pub code: String,
    /// Title.
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub title: String,
    /// Description.
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub description: String,
    /// Responsible office.
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 200)]
    pub responsible_office: Option<String>,
    /// Responsible organisation.
    #[serde(default)]
    pub responsible_organisation_id: Option<i32>,
    /// Weight among siblings (> 0; none: equal weights).
    #[serde(default)]
    #[schema(exclusive_minimum = 0, maximum = 1000000)]
    pub weight: Option<f64>,
    /// Planned start, `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(pattern = "pspm:date-or-empty")]
    pub planned_start: Option<String>,
    /// Planned end.
    #[serde(default)]
    #[schema(pattern = "pspm:date-or-empty")]
    pub planned_end: Option<String>,
    /// Actual start.
    #[serde(default)]
    #[schema(pattern = "pspm:date-or-empty")]
    pub actual_start: Option<String>,
    /// Actual end.
    #[serde(default)]
    #[schema(pattern = "pspm:date-or-empty")]
    pub actual_end: Option<String>,
    /// Budget in euros (≥ 0).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1e15)]
    pub budget: Option<f64>,
    /// not_started, on_track, at_risk, late, done, cancelled (default not_started).
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "pspm:choice-or-empty:NodeStatus")]
    pub status: Option<String>,
    /// Progress 0–100 (actions only; parents are computed).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub progress: Option<f64>,
    /// Node of the parent plan this node contributes to.
    #[serde(default)]
    pub aligned_node_id: Option<i32>,
}

/// Validates a node's fields against its plan and parent.
pub(crate) fn validate(
    conn: &mut DbConn,
    plan: &Plan,
    input: &NodeInput,
    parent: Option<&PlanNode>,
) -> AppResult<NodeFields> {
    let mut c = Checker::default();
    let kind = c.choice("kind", &input.kind, NodeKind::parse);
    let code = c.text("code", &input.code, limits::CODE);
    let title = c.text("title", &input.title, limits::NAME);
    let description = c
        .opt_text("description", Some(&input.description), limits::DESCRIPTION)
        .unwrap_or_default();
    let office = c.opt_text(
        "responsible_office",
        input.responsible_office.as_deref(),
        limits::NAME,
    );
    if let Some(kind) = kind {
        match (kind.parent_kind(), parent) {
            (None, None) => {}
            (Some(expected), Some(p)) if p.kind == expected => {}
            (None, Some(_)) => c.add("parent_id", "parent_kind_invalid", "an area has no parent"),
            (Some(_), _) => c.add(
                "parent_id",
                "parent_kind_invalid",
                "the parent must be the level above",
            ),
        }
    }
    if let Some(org) = input.responsible_organisation_id
        && let Err(diesel::result::Error::NotFound) = Organisation::find(conn, org)
    {
        c.add(
            "responsible_organisation_id",
            "organisation_not_found",
            "not a known organisation",
        );
    }
    let weight = c.range("weight", input.weight, 0.0, 1_000_000.0);
    if weight == Some(0.0) {
        c.add("weight", "out_of_range", "weight must be more than 0");
    }
    let planned_start = c.opt_date("planned_start", input.planned_start.as_deref());
    let planned_end = c.opt_date("planned_end", input.planned_end.as_deref());
    let actual_start = c.opt_date("actual_start", input.actual_start.as_deref());
    let actual_end = c.opt_date("actual_end", input.actual_end.as_deref());
    c.order("planned_end", planned_start, planned_end);
    c.order("actual_end", actual_start, actual_end);
    let budget = c.range("budget", input.budget, 0.0, 1e15);
    let status = match input
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => c.choice("status", s, NodeStatus::parse),
        None => Some(NodeStatus::NotStarted),
    };
    let progress = c.range("progress", input.progress, 0.0, 100.0);
    if progress.is_some() && kind.is_some_and(|k| k != NodeKind::Action) {
        c.add(
            "progress",
            "progress_only_actions",
            "progress is entered on actions; parents are computed",
        );
    }
    if let Some(aligned) = input.aligned_node_id {
        let ok = match (plan.parent_plan_id, PlanNode::find(conn, aligned)) {
            (Some(pp), Ok(n)) => n.plan_id == pp,
            _ => false,
        };
        if !ok {
            c.add(
                "aligned_node_id",
                "alignment_invalid",
                "alignment must point to a node of the parent plan",
            );
        }
    }
    c.finish()?;
    Ok(NodeFields {
        kind: required(kind)?,
        code,
        title,
        description,
        responsible_office: office,
        responsible_organisation_id: input.responsible_organisation_id,
        weight,
        planned_start,
        planned_end,
        actual_start,
        actual_end,
        budget,
        status: required(status)?,
        progress,
        aligned_node_id: input.aligned_node_id,
    })
}

fn code_taken(e: AppError) -> AppError {
    match e {
        AppError::Conflict {
            code: "already_exists",
            ..
        } => AppError::Conflict {
            code: "code_taken",
            detail: "Another node of this plan already has this code.".into(),
            field: Some("code"),
        },
        other => other,
    }
}

fn node_of_plan(conn: &mut DbConn, plan_id: i32, id: i32, field: &str) -> AppResult<PlanNode> {
    match PlanNode::find(conn, id) {
        Ok(n) if n.plan_id == plan_id => Ok(n),
        _ => Err(AppError::field(
            field,
            "node_not_found",
            format!("{field} is not a node of this plan"),
        )),
    }
}

fn fields_json(f: &NodeFields) -> serde_json::Value {
    json!({
        "kind": f.kind, "code": f.code, "title": f.title, "description": f.description,
        "responsible_office": f.responsible_office, "responsible_organisation_id": f.responsible_organisation_id,
        "weight": f.weight, "planned_start": f.planned_start, "planned_end": f.planned_end,
        "actual_start": f.actual_start, "actual_end": f.actual_end, "budget": f.budget,
        "status": f.status, "progress": f.progress, "aligned_node_id": f.aligned_node_id,
    })
}

fn node_fields(n: &PlanNode) -> NodeFields {
    NodeFields {
        kind: n.kind,
        code: n.code.clone(),
        title: n.title.clone(),
        description: n.description.clone(),
        responsible_office: n.responsible_office.clone(),
        responsible_organisation_id: n.responsible_organisation_id,
        weight: n.weight,
        planned_start: n.planned_start,
        planned_end: n.planned_end,
        actual_start: n.actual_start,
        actual_end: n.actual_end,
        budget: n.budget,
        status: n.status,
        progress: n.progress,
        aligned_node_id: n.aligned_node_id,
    }
}

/// Puts an accepted amendment's title and description into node `id`: the
/// plan's editors only, while the plan may change, recorded as coming from
/// `amendment`.
pub fn apply_amendment(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    title: &str,
    description: &str,
    amendment: i32,
) -> AppResult<PlanNode> {
    conn.write(|conn| {
        let (_, before) = find_for_edit(conn, actor, id)?;
        let mut c = Checker::default();
        let title = c.text("title", title, limits::NAME);
        c.finish()?;
        let fields = NodeFields {
            title,
            description: description.to_owned(),
            ..node_fields(&before)
        };
        if PlanNode::update(conn, id, before.lock_version, &fields, crate::db::now())? == 0 {
            return Err(conflict());
        }
        PlanNode::set_amendment(conn, id, amendment)?;
        let mut changes = audit::diff(
            &[
                ("title", json!(before.title), json!(fields.title)),
                (
                    "description",
                    json!(before.description),
                    json!(fields.description),
                ),
            ],
            &[],
        );
        changes["amendment_id"] = json!(amendment);
        audit::record(
            conn,
            Some(actor),
            "node.update",
            "plan_node",
            Some(id),
            changes,
        )?;
        Ok(PlanNode::find(conn, id)?)
    })
}

/// Adds a node at the end of its parent's children.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    plan_id: i32,
    input: &NodeInput,
) -> AppResult<PlanNode> {
    conn.write(|conn| {
        let plan = find_editable(conn, actor, plan_id)?;
        let parent = input
            .parent_id
            .map(|p| node_of_plan(conn, plan_id, p, "parent_id"))
            .transpose()?;
        let fields = validate(conn, &plan, input, parent.as_ref())?;
        let position = PlanNode::next_position(conn, plan_id, input.parent_id)?;
        let node = PlanNode::create(
            conn,
            plan_id,
            input.parent_id,
            position,
            &fields,
            crate::db::now(),
        )
        .map_err(|e| code_taken(e.into()))?;
        audit::record(
            conn,
            Some(actor),
            "node.create",
            "plan_node",
            Some(node.id),
            fields_json(&fields),
        )?;
        Ok(node)
    })
}

/// A node of a plan the actor may read.
pub fn find(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<PlanNode> {
    let node = PlanNode::find(conn, id).map_err(|e| not_found(e, "node"))?;
    crate::services::plans::find(conn, actor, node.plan_id)
        .map_err(|_| AppError::NotFound("node"))?;
    Ok(node)
}

fn find_for_edit(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<(Plan, PlanNode)> {
    let node = find(conn, Some(actor), id)?;
    let plan = find_editable(conn, actor, node.plan_id)?;
    Ok((plan, node))
}

/// Edits a node's fields (not its place); `lock_version` is the version the editor started from.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    lock_version: i32,
    input: &NodeInput,
) -> AppResult<PlanNode> {
    conn.write(|conn| {
        let (plan, before) = find_for_edit(conn, actor, id)?;
        let parent = before
            .parent_id
            .map(|p| PlanNode::find(conn, p))
            .transpose()?;
        let fields = validate(conn, &plan, input, parent.as_ref())?;
        if fields.kind != before.kind
            && PlanNode::of_plan(conn, plan.id)?
                .iter()
                .any(|n| n.parent_id == Some(id))
        {
            return Err(AppError::field(
                "kind",
                "kind_has_children",
                "the kind of a node with children cannot change",
            ));
        }
        let n = PlanNode::update(conn, id, lock_version, &fields, crate::db::now())
            .map_err(|e| code_taken(e.into()))?;
        if n == 0 {
            return Err(conflict());
        }
        let old = fields_json(&node_fields(&before));
        let new = fields_json(&fields);
        let pairs: Vec<(&str, serde_json::Value, serde_json::Value)> = new
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.as_str(), old[k].clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        audit::record(
            conn,
            Some(actor),
            "node.update",
            "plan_node",
            Some(id),
            audit::diff(&pairs, &[]),
        )?;
        Ok(PlanNode::find(conn, id)?)
    })
}

/// Moves a node under `parent` (none: top level) at `position` among its new
/// siblings (none: last). Refuses a parent inside the node's own subtree.
pub fn move_node(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    lock_version: i32,
    parent: Option<i32>,
    position: Option<i32>,
) -> AppResult<PlanNode> {
    conn.write(|conn| {
        let (plan, node) = find_for_edit(conn, actor, id)?;
        let all = PlanNode::of_plan(conn, plan.id)?;
        let new_parent = parent.map(|p| node_of_plan(conn, plan.id, p, "parent_id")).transpose()?;
        if let Some(p) = &new_parent {
            let mut cur = Some(p.id);
            while let Some(c) = cur {
                if c == id {
                    return Err(AppError::field("parent_id", "move_cycle", "a node cannot be moved under its own subtree"));
                }
                cur = all.iter().find(|n| n.id == c).and_then(|n| n.parent_id);
            }
        }
        if node.kind.parent_kind() != new_parent.as_ref().map(|p| p.kind) {
            return Err(AppError::field("parent_id", "parent_kind_invalid", "the parent must be the level above"));
        }
        let mut siblings: Vec<&PlanNode> = all.iter().filter(|n| n.parent_id == parent && n.id != id).collect();
        siblings.sort_by_key(|n| (n.position, n.id));
        let at = position.map_or(siblings.len(), |p| (p.max(0) as usize).min(siblings.len()));
        let now = crate::db::now();
        if PlanNode::place(conn, id, lock_version, parent, at as i32, now)? == 0 {
            return Err(conflict());
        }
        for (i, s) in siblings.iter().enumerate() {
            let pos = if i < at { i } else { i + 1 } as i32;
            if s.position != pos {
                PlanNode::set_position(conn, s.id, pos)?;
            }
        }
        audit::record(
            conn,
            Some(actor),
            "node.move",
            "plan_node",
            Some(id),
            json!({"parent_id": {"from": node.parent_id, "to": parent}, "position": {"from": node.position, "to": at}}),
        )?;
        Ok(PlanNode::find(conn, id)?)
    })
}

/// Deletes a node and its subtree (with their indicators and milestones); only while the plan is a draft.
pub fn delete(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<()> {
    conn.write(|conn| {
        let (plan, node) = find_for_edit(conn, actor, id)?;
        if plan.status != PlanStatus::Draft {
            return Err(AppError::Conflict {
                code: "plan_not_draft",
                detail: "Nodes can be deleted only while the plan is a draft.".into(),
                field: None,
            });
        }
        let all = PlanNode::of_plan(conn, plan.id)?;
        // Depth-first order, deepest first.
        let mut order = vec![id];
        let mut i = 0;
        while i < order.len() {
            let cur = order[i];
            order.extend(
                all.iter()
                    .filter(|n| n.parent_id == Some(cur))
                    .map(|n| n.id),
            );
            i += 1;
        }
        for n in order.iter().rev() {
            PlanNode::delete(conn, *n)?;
        }
        crate::db::attachment::Attachment::delete_of(conn, "node", &order)?;
        audit::record(
            conn,
            Some(actor),
            "node.delete",
            "plan_node",
            Some(id),
            json!({"code": node.code, "title": node.title, "deleted_nodes": order.len()}),
        )
    })
}

/// Fields of a milestone.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct MilestoneInput {
    /// Title.
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub title: String,
    /// Due date, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub due_date: String,
    /// Reached already.
    #[serde(default)]
    pub done: bool,
}

/// Adds a milestone to a node.
pub fn add_milestone(
    conn: &mut DbConn,
    actor: &Actor,
    node_id: i32,
    input: &MilestoneInput,
) -> AppResult<Milestone> {
    conn.write(|conn| {
        find_for_edit(conn, actor, node_id)?;
        let mut c = Checker::default();
        let title = c.text("title", &input.title, limits::NAME);
        let due = c.date("due_date", &input.due_date);
        c.finish()?;
        let m = Milestone::create(conn, node_id, &title, due.unwrap_or_default(), input.done)?;
        audit::record(
            conn,
            Some(actor),
            "milestone.create",
            "plan_node",
            Some(node_id),
            json!({"milestone_id": m.id, "title": m.title, "due_date": m.due_date, "done": m.done}),
        )?;
        Ok(m)
    })
}

/// Marks a milestone reached or not reached.
pub fn set_milestone_done(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    done: bool,
) -> AppResult<Milestone> {
    conn.write(|conn| {
        let m = Milestone::find(conn, id).map_err(|e| not_found(e, "milestone"))?;
        find_for_edit(conn, actor, m.node_id)?;
        Milestone::set_done(conn, id, done)?;
        audit::record(
            conn,
            Some(actor),
            "milestone.update",
            "plan_node",
            Some(m.node_id),
            json!({"milestone_id": id, "done": {"from": m.done, "to": done}}),
        )?;
        Ok(Milestone::find(conn, id)?)
    })
}

/// Milestones of a node of a readable plan.
pub fn milestones(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    node_id: i32,
) -> AppResult<Vec<Milestone>> {
    find(conn, actor, node_id)?;
    Ok(Milestone::of_nodes(conn, &[node_id])?)
}
