//! The read model of a plan: its tree with computed progress, schedule flags,
//! milestones, indicators with achievement, status and forecast, and alignment
//! (which nodes of other plans it contributes to, and which contribute to it).

use std::collections::HashMap;
use std::sync::Arc;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::audit_event::AuditEvent;
use crate::db::consultation::Consultation;
use crate::db::contribution::Contribution;
use crate::db::indicator::{Indicator, Measurement, Target};
use crate::db::milestone::Milestone;
use crate::db::organisation::Organisation;
use crate::db::plan::Plan;
use crate::db::plan_node::PlanNode;
use crate::db::plan_version::PlanVersion;
use crate::db::schema::plans;
use crate::domain::{Direction, NodeKind, NodeStatus, PlanStatus};
use crate::error::AppResult;
use crate::services::Actor;
use crate::services::plans::exchange::preorder;
use chrono::NaiveDate;
use pspm_analytics::impact;
use pspm_analytics::model::IndicatorRow;

pub use pspm_frontend::model::{
    IndicatorView, MilestoneView, NodeRef, NodeView, PlanTree, PlanView, Point, ProposalOrigin,
};

/// A plan's page shows every node while the plan has at most this many. A
/// larger plan's page (a national plan: 640 nodes, 300 indicators, half a
/// megabyte in one page) shows its areas and objectives, and each objective's
/// actions are on a page of their own, `/plans/{id}?branch={objective}`.
pub const WHOLE_PAGE_MAX_NODES: usize = 150;

/// Whether a plan of `nodes` nodes leaves its actions to their objectives' pages.
pub fn collapses_actions(nodes: usize) -> bool {
    nodes > WHOLE_PAGE_MAX_NODES
}

/// Where a node of a plan the actor may read is shown: its plan's page, or
/// (an action of a large plan) its objective's page; `saved` adds the notice
/// of a save. The stable address `/nodes/{id}` redirects here.
pub fn node_address(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    saved: bool,
) -> AppResult<String> {
    use crate::db::schema::plan_nodes;
    use diesel::prelude::*;
    let node = crate::services::plans::nodes::find(conn, actor, id)?;
    let count: i64 = plan_nodes::table
        .filter(plan_nodes::plan_id.eq(node.plan_id))
        .count()
        .get_result(conn)?;
    let saved = if saved { "saved=1" } else { "" };
    let branch = match node.parent_id {
        Some(parent)
            if node.kind == crate::domain::NodeKind::Action
                && collapses_actions(usize::try_from(count).unwrap_or(usize::MAX)) =>
        {
            Some(parent)
        }
        _ => None,
    };
    let query = match (branch, saved.is_empty()) {
        (Some(b), true) => format!("?branch={b}"),
        (Some(b), false) => format!("?branch={b}&{saved}"),
        (None, true) => String::new(),
        (None, false) => format!("?{saved}"),
    };
    Ok(format!("/plans/{}{query}#node-{id}", node.plan_id))
}

/// Builds the list view of plans for `actor`: a parent plan the actor may
/// not read (a draft) is not named.
pub fn plan_views(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    plans: Vec<Plan>,
) -> AppResult<Vec<PlanView>> {
    let orgs: HashMap<i32, String> = Organisation::all(conn)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let titles: HashMap<i32, String> = Plan::all(conn)?
        .into_iter()
        .filter(|p| crate::services::plans::can_read(actor, p))
        .map(|p| (p.id, p.title))
        .collect();
    Ok(plans
        .into_iter()
        .map(|p| PlanView {
            owner_organisation: orgs
                .get(&p.owner_organisation_id)
                .cloned()
                .unwrap_or_default(),
            parent_plan: p.parent_plan_id.and_then(|id| titles.get(&id).cloned()),
            next_statuses: p.status.next().into_iter().map(|n| n.to_string()).collect(),
            id: p.id,
            title: p.title,
            summary: p.summary,
            owner_organisation_id: p.owner_organisation_id,
            period_start: p.period_start,
            period_end: p.period_end,
            status: p.status.to_string(),
            parent_plan_id: p.parent_plan_id,
            lock_version: p.lock_version,
            start_tolerance_days: p.start_tolerance_days,
        })
        .collect())
}

fn node_ref(
    conn: &mut DbConn,
    node: &PlanNode,
    cache: &mut HashMap<i32, (String, String)>,
) -> AppResult<NodeRef> {
    if let std::collections::hash_map::Entry::Vacant(slot) = cache.entry(node.plan_id) {
        let plan = Plan::find(conn, node.plan_id)?;
        let org = Organisation::find(conn, plan.owner_organisation_id)?.name;
        slot.insert((plan.title, org));
    }
    let (plan_title, organisation) = cache[&node.plan_id].clone();
    Ok(NodeRef {
        plan_id: node.plan_id,
        plan_title,
        organisation,
        node_id: node.id,
        code: node.code.clone(),
        title: node.title.clone(),
    })
}

/// The entities whose audit events mark a change to what plans' trees show.
const TREE_ENTITIES: [&str; 4] = ["plan", "plan_node", "indicator", "organisation"];

/// The version of plans' contents: the newest audit event of a plan, node,
/// indicator (targets, measurements) or organisation (names). Comments and
/// supports, most of a consultation's writes, leave it unchanged.
pub fn plans_version(conn: &mut DbConn) -> AppResult<i32> {
    Ok(AuditEvent::latest_on(conn, &TREE_ENTITIES)?)
}

/// [`tree`], shared through `cache` at plans' version `version` (see
/// [`plans_version`]) among the readers who may read the same plans: a plan's
/// tree depends on the reader only through which drafts they may read, and
/// most readers (the public, citizens, most organisations) may read none.
/// Returned with the key it is kept under, for what is derived from the tree
/// alone and kept beside it (its rendered HTML, its JSON): the same key names
/// the same tree at the same version.
pub fn shared_tree(
    conn: &mut DbConn,
    cache: &crate::cache::Cache,
    version: i32,
    actor: Option<&Actor>,
    plan_id: i32,
    today: NaiveDate,
) -> AppResult<(String, Arc<PlanTree>)> {
    let draft = PlanStatus::Draft;
    let readable: Vec<i32> = plans::table
        .filter(plans::status.eq(draft))
        .select((plans::id, plans::owner_organisation_id))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .filter(|(_, owner)| crate::services::plans::can_read_plan(actor, draft, *owner))
        .map(|(id, _)| id)
        .collect();
    let key = format!("tree:{plan_id}:{today}:{readable:?}");
    let tree = cache.get_or(key.clone(), version, || tree(conn, actor, plan_id, today))?;
    Ok((key, tree))
}

/// Where the proposals that nodes came from were made, by proposal id (a
/// consultation's title does not change, so a kept tree stays true).
fn origins(conn: &mut DbConn, nodes: &[PlanNode]) -> AppResult<HashMap<i32, ProposalOrigin>> {
    let ids: Vec<i32> = nodes
        .iter()
        .flat_map(|n| [n.origin_contribution_id, n.amendment_id])
        .flatten()
        .collect();
    let mut titles: HashMap<i32, String> = HashMap::new();
    let mut out = HashMap::with_capacity(ids.len());
    for c in Contribution::find_many(conn, &ids)? {
        let title = match titles.get(&c.consultation_id) {
            Some(t) => t.clone(),
            None => {
                let t = Consultation::find(conn, c.consultation_id)?.title;
                titles.insert(c.consultation_id, t.clone());
                t
            }
        };
        out.insert(
            c.id,
            ProposalOrigin {
                contribution_id: c.id,
                consultation_id: c.consultation_id,
                consultation_title: title,
            },
        );
    }
    Ok(out)
}

/// The whole tree of a plan the caller may read (`today` fixes the schedule flags).
pub fn tree(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    plan_id: i32,
    today: NaiveDate,
) -> AppResult<PlanTree> {
    let plan = crate::services::plans::find(conn, actor, plan_id)?;
    let view = plan_views(conn, actor, vec![plan.clone()])?.remove(0);
    let orgs: HashMap<i32, String> = Organisation::all(conn)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let nodes = PlanNode::of_plan(conn, plan_id)?;
    let ids: Vec<i32> = nodes.iter().map(|n| n.id).collect();
    let rows: Vec<impact::NodeRow> = nodes
        .iter()
        .map(|n| impact::NodeRow {
            id: n.id,
            parent_id: n.parent_id,
            weight: n.weight,
            progress: n.progress,
            cancelled: n.status == NodeStatus::Cancelled,
            action: n.kind == NodeKind::Action,
        })
        .collect();
    let (progress, overall) = impact::roll_up(&rows);
    let milestones = Milestone::of_nodes(conn, &ids)?;
    let mut attachments = crate::services::attachments::of_nodes(conn, &ids)?;
    let inds = Indicator::of_nodes(conn, &ids)?;
    let ind_ids: Vec<i32> = inds.iter().map(|i| i.id).collect();
    let targets = Target::of_indicators(conn, &ind_ids)?;
    let measurements = Measurement::of_indicators(conn, &ind_ids)?;
    let mut cache = HashMap::new();
    // A national plan has thousands of aligned nodes in a few dozen plans:
    // each plan is read (and its readability decided) once. A node of a
    // plan the reader may not read (a draft) is not shown, whichever way
    // the alignment goes.
    let mut readable: HashMap<i32, bool> = HashMap::new();
    let mut can_read = |conn: &mut DbConn, plan_id: i32| -> AppResult<bool> {
        if let Some(can) = readable.get(&plan_id) {
            return Ok(*can);
        }
        let can = crate::services::plans::can_read(actor, &Plan::find(conn, plan_id)?);
        readable.insert(plan_id, can);
        Ok(can)
    };
    let mut aligned = HashMap::new();
    for n in &nodes {
        if let Some(a) = n.aligned_node_id {
            let target = PlanNode::find(conn, a)?;
            if can_read(conn, target.plan_id)? {
                aligned.insert(n.id, node_ref(conn, &target, &mut cache)?);
            }
        }
    }
    let mut contributors: HashMap<i32, Vec<NodeRef>> = HashMap::new();
    for c in PlanNode::aligned_to(conn, &ids)? {
        if can_read(conn, c.plan_id)? {
            let r = node_ref(conn, &c, &mut cache)?;
            contributors
                .entry(c.aligned_node_id.unwrap_or_default())
                .or_default()
                .push(r);
        }
    }
    let origins = origins(conn, &nodes)?;
    let code_of: HashMap<i32, String> = nodes.iter().map(|n| (n.id, n.code.clone())).collect();
    let mut depth: HashMap<i32, usize> = HashMap::new();
    let ordered = preorder(&nodes);
    let mut out = Vec::with_capacity(ordered.len());
    for n in ordered {
        let d = n
            .parent_id
            .and_then(|p| depth.get(&p).map(|x| x + 1))
            .unwrap_or(0);
        depth.insert(n.id, d);
        let flags = impact::schedule(
            n.planned_start,
            n.actual_start,
            n.planned_end,
            n.actual_end,
            today,
            i64::from(plan.start_tolerance_days),
        );
        let done = n.status == NodeStatus::Done || n.status == NodeStatus::Cancelled;
        out.push(NodeView {
            id: n.id,
            parent_id: n.parent_id,
            parent_code: n.parent_id.and_then(|p| code_of.get(&p).cloned()),
            depth: d,
            kind: n.kind.to_string(),
            code: n.code.clone(),
            title: n.title.clone(),
            description: n.description.clone(),
            responsible_office: n.responsible_office.clone(),
            responsible_organisation_id: n.responsible_organisation_id,
            responsible_organisation: n
                .responsible_organisation_id
                .and_then(|o| orgs.get(&o).cloned()),
            weight: n.weight,
            planned_start: n.planned_start,
            planned_end: n.planned_end,
            actual_start: n.actual_start,
            actual_end: n.actual_end,
            budget: n.budget,
            status: n.status.to_string(),
            progress: progress.get(&n.id).copied().flatten(),
            started_late: flags.started_late,
            start_delay_days: flags.start_delay_days,
            // A cancelled node is not late. One that ended after its planned
            // end completed late; one past it without an end is overdue.
            completed_late: flags.completed_late
                && n.status != NodeStatus::Cancelled
                && n.actual_end.is_some(),
            overdue: flags.completed_late && !done && n.actual_end.is_none(),
            end_delay_days: if n.status == NodeStatus::Cancelled || (done && n.actual_end.is_none())
            {
                0
            } else {
                flags.end_delay_days
            },
            position: n.position,
            lock_version: n.lock_version,
            origin_contribution_id: n.origin_contribution_id,
            origin: n
                .origin_contribution_id
                .and_then(|c| origins.get(&c).cloned()),
            amendment: n.amendment_id.and_then(|c| origins.get(&c).cloned()),
            aligned_to: aligned.remove(&n.id),
            contributors: contributors.remove(&n.id).unwrap_or_default(),
            milestones: milestones
                .iter()
                .filter(|m| m.node_id == n.id)
                .map(|m| MilestoneView {
                    id: m.id,
                    title: m.title.clone(),
                    due_date: m.due_date,
                    done: m.done,
                })
                .collect(),
            attachments: attachments.remove(&n.id).unwrap_or_default(),
            indicators: inds
                .iter()
                .filter(|i| i.node_id == n.id)
                .map(|i| indicator_view(i, &targets, &measurements, today))
                .collect(),
        });
    }
    let versions = PlanVersion::of_plan(conn, plan_id)?.len();
    let children: Vec<Plan> = Plan::children(conn, plan_id)?
        .into_iter()
        .filter(|p| crate::services::plans::can_read(actor, p))
        .collect();
    let child_plans = plan_views(conn, actor, children)?;
    let attachments = crate::db::attachment::Attachment::of(conn, "plan", &[plan_id])?
        .iter()
        .map(|a| crate::services::attachments::view(a, false))
        .collect();
    Ok(PlanTree {
        attachments,
        plan: view,
        progress: overall,
        nodes: out,
        versions,
        child_plans,
    })
}

/// An indicator with achievement, status and forecast computed.
pub fn indicator_view(
    i: &Indicator,
    targets: &[Target],
    measurements: &[Measurement],
    today: NaiveDate,
) -> IndicatorView {
    let targets: Vec<Point> = targets
        .iter()
        .filter(|t| t.indicator_id == i.id)
        .map(|t| Point {
            date: t.due_date,
            value: t.value,
            label: Some(t.period.clone()),
        })
        .collect();
    let measurements: Vec<Point> = measurements
        .iter()
        .filter(|m| m.indicator_id == i.id)
        .map(|m| Point {
            date: m.measured_on,
            value: m.value,
            label: m.note.clone(),
        })
        .collect();
    let a = impact::assess(
        &impact_row(
            i,
            targets.iter().map(|t| (t.date, t.value)).collect(),
            measurements.iter().map(|m| (m.date, m.value)).collect(),
        ),
        today,
    );
    IndicatorView {
        id: i.id,
        node_id: i.node_id,
        name: i.name.clone(),
        unit: i.unit.clone(),
        direction: i.direction.to_string(),
        baseline: Point {
            date: i.baseline_date,
            value: i.baseline_value,
            label: None,
        },
        frequency: i.frequency.to_string(),
        data_source: i.data_source.clone(),
        targets,
        measurements,
        latest: a.latest.map(|l| l.1),
        achievement: a.achievement,
        track: a.status.map(|s| s.as_str().to_owned()),
        forecast: a.forecast,
    }
}

impl From<Direction> for impact::Direction {
    fn from(d: Direction) -> Self {
        match d {
            Direction::Increase => impact::Direction::Increase,
            Direction::Decrease => impact::Direction::Decrease,
            Direction::Keep => impact::Direction::Keep,
        }
    }
}

/// An indicator as the impact computations read it.
fn impact_row(
    i: &Indicator,
    targets: Vec<(NaiveDate, f64)>,
    measurements: Vec<(NaiveDate, f64)>,
) -> IndicatorRow {
    IndicatorRow {
        id: i.id,
        node_id: i.node_id,
        name: i.name.clone(),
        unit: i.unit.clone(),
        direction: i.direction.into(),
        baseline: i.baseline_value,
        baseline_date: i.baseline_date,
        targets,
        measurements,
    }
}
