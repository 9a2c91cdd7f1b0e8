//! A plan as a document (JSON, format `pspm-plan/1`): export, import as a new
//! draft (round trip), the snapshot stored in versions; and the tree as CSV.

use std::collections::HashMap;

use chrono::NaiveDate;
use pspm_analytics::csv_cells;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::indicator::{Indicator, Measurement, Target};
use crate::db::milestone::Milestone;
use crate::db::organisation::Organisation;
use crate::db::plan::{NewPlan, Plan};
use crate::db::plan_node::PlanNode;
use crate::db::plan_version::PlanVersion;
use crate::domain::{PlanStatus, Role, limits};
use crate::error::{AppError, AppResult, ErrorItem};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::plans::indicators::{self, IndicatorInput, TargetInput};
use crate::services::plans::nodes::{self, NodeInput};
use crate::services::validate::Checker;

mod import;

pub use import::{import, parse};

/// The document format name.
pub const FORMAT: &str = "pspm-plan/1";

/// A plan document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct PlanDoc {
    /// Always `pspm-plan/1`.
    #[schema(pattern = "^pspm-plan/1$")]
    pub format: String,
    /// The plan's own fields.
    pub plan: PlanHead,
    /// The nodes in pre-order (parents before children).
    pub nodes: Vec<NodeDoc>,
}

/// The plan's own fields in a document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct PlanHead {
    /// Title.
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub title: String,
    /// Summary.
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub summary: String,
    /// Owner organisation, by name.
    #[schema(pattern = "pspm:optional-text", max_length = 200)]
    pub owner_organisation: String,
    /// Start, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub period_start: String,
    /// End, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub period_end: String,
    /// Status (imports always start as drafts).
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "pspm:choice-or-empty:PlanStatus")]
    pub status: Option<String>,
    /// Parent plan, by title.
    #[serde(default)]
    pub parent_plan: Option<String>,
    /// Days an action may start after its planned start before it is
    /// flagged "started late".
    #[serde(default)]
    #[schema(minimum = 0, maximum = 365)]
    pub start_tolerance_days: i32,
}

/// A node in a document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct NodeDoc {
    /// Code, unique in the plan.
    #[schema(pattern = "pspm:text", max_length = 32)]
    pub code: String,
    /// Parent's code (none for areas).
    #[serde(default)]
    pub parent_code: Option<String>,
    /// Kind.
    #[schema(value_type = crate::domain::NodeKind)]
    pub kind: String,
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
    /// Responsible organisation, by name.
    #[serde(default)]
    pub responsible_organisation: Option<String>,
    /// Weight.
    #[serde(default)]
    #[schema(exclusive_minimum = 0, maximum = 1000000)]
    pub weight: Option<f64>,
    /// Planned start.
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
    /// Budget.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1e15)]
    pub budget: Option<f64>,
    /// Status.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "pspm:choice-or-empty:NodeStatus")]
    pub status: Option<String>,
    /// Progress (actions).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub progress: Option<f64>,
    /// Code of the parent plan's node this one is aligned to.
    #[serde(default)]
    pub aligned_to: Option<String>,
    /// Milestones.
    #[serde(default)]
    pub milestones: Vec<MilestoneDoc>,
    /// Indicators.
    #[serde(default)]
    pub indicators: Vec<IndicatorDoc>,
}

/// A milestone in a document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct MilestoneDoc {
    /// Title.
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub title: String,
    /// Due date.
    #[schema(format = Date)]
    pub due_date: String,
    /// Reached.
    #[serde(default)]
    pub done: bool,
}

/// An indicator in a document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct IndicatorDoc {
    /// Name.
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub name: String,
    /// Unit.
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 40)]
    pub unit: String,
    /// Direction.
    #[schema(value_type = crate::domain::Direction)]
    pub direction: String,
    /// Baseline value.
    #[schema(minimum = -1e15, maximum = 1e15)]
    pub baseline_value: f64,
    /// Baseline date.
    #[schema(format = Date)]
    pub baseline_date: String,
    /// Frequency.
    #[schema(value_type = crate::domain::Frequency)]
    pub frequency: String,
    /// Data source.
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 200)]
    pub data_source: String,
    /// Targets.
    #[serde(default)]
    pub targets: Vec<TargetDoc>,
    /// Measurements.
    #[serde(default)]
    pub measurements: Vec<MeasurementDoc>,
}

/// A target in a document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TargetDoc {
    /// Period.
    #[schema(pattern = "pspm:text", max_length = 20)]
    pub period: String,
    /// Due date.
    #[schema(format = Date)]
    pub due_date: String,
    /// Value.
    #[schema(minimum = -1e15, maximum = 1e15)]
    pub value: f64,
}

/// A measurement in a document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct MeasurementDoc {
    /// Date.
    #[schema(format = Date)]
    pub date: String,
    /// Value.
    #[schema(minimum = -1e15, maximum = 1e15)]
    pub value: f64,
    /// Note.
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub note: Option<String>,
}

/// Nodes of a plan in pre-order (parents first, siblings by position).
pub fn preorder(nodes: &[PlanNode]) -> Vec<&PlanNode> {
    let mut by_parent: HashMap<Option<i32>, Vec<&PlanNode>> = HashMap::new();
    for n in nodes {
        by_parent.entry(n.parent_id).or_default().push(n);
    }
    for v in by_parent.values_mut() {
        v.sort_by_key(|n| (n.position, n.id));
    }
    let mut out = Vec::with_capacity(nodes.len());
    let mut stack: Vec<&PlanNode> = by_parent.get(&None).cloned().unwrap_or_default();
    stack.reverse();
    while let Some(n) = stack.pop() {
        out.push(n);
        if out.len() > nodes.len() {
            break;
        }
        if let Some(kids) = by_parent.get(&Some(n.id)) {
            stack.extend(kids.iter().rev());
        }
    }
    out
}

/// The plan as a document (no permission check: callers check).
pub fn export_doc(conn: &mut DbConn, plan_id: i32) -> AppResult<PlanDoc> {
    let plan = Plan::find(conn, plan_id)?;
    let orgs: HashMap<i32, String> = Organisation::all(conn)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let parent_title = plan
        .parent_plan_id
        .map(|p| Plan::find(conn, p))
        .transpose()?
        .map(|p| p.title);
    let nodes = PlanNode::of_plan(conn, plan_id)?;
    let ids: Vec<i32> = nodes.iter().map(|n| n.id).collect();
    let aligned_ids: Vec<i32> = nodes.iter().filter_map(|n| n.aligned_node_id).collect();
    let mut aligned_codes = HashMap::new();
    for id in aligned_ids {
        aligned_codes.insert(id, PlanNode::find(conn, id)?.code);
    }
    let milestones = Milestone::of_nodes(conn, &ids)?;
    let inds = Indicator::of_nodes(conn, &ids)?;
    let ind_ids: Vec<i32> = inds.iter().map(|i| i.id).collect();
    let targets = Target::of_indicators(conn, &ind_ids)?;
    let measurements = Measurement::of_indicators(conn, &ind_ids)?;
    let code_of: HashMap<i32, String> = nodes.iter().map(|n| (n.id, n.code.clone())).collect();
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let docs = preorder(&nodes)
        .into_iter()
        .map(|n| NodeDoc {
            code: n.code.clone(),
            parent_code: n.parent_id.and_then(|p| code_of.get(&p).cloned()),
            kind: n.kind.to_string(),
            title: n.title.clone(),
            description: n.description.clone(),
            responsible_office: n.responsible_office.clone(),
            responsible_organisation: n
                .responsible_organisation_id
                .and_then(|o| orgs.get(&o).cloned()),
            weight: n.weight,
            planned_start: date(n.planned_start),
            planned_end: date(n.planned_end),
            actual_start: date(n.actual_start),
            actual_end: date(n.actual_end),
            budget: n.budget,
            status: Some(n.status.to_string()),
            progress: n.progress,
            aligned_to: n
                .aligned_node_id
                .and_then(|a| aligned_codes.get(&a).cloned()),
            milestones: milestones
                .iter()
                .filter(|m| m.node_id == n.id)
                .map(|m| MilestoneDoc {
                    title: m.title.clone(),
                    due_date: m.due_date.to_string(),
                    done: m.done,
                })
                .collect(),
            indicators: inds
                .iter()
                .filter(|i| i.node_id == n.id)
                .map(|i| IndicatorDoc {
                    name: i.name.clone(),
                    unit: i.unit.clone(),
                    direction: i.direction.to_string(),
                    baseline_value: i.baseline_value,
                    baseline_date: i.baseline_date.to_string(),
                    frequency: i.frequency.to_string(),
                    data_source: i.data_source.clone(),
                    targets: targets
                        .iter()
                        .filter(|t| t.indicator_id == i.id)
                        .map(|t| TargetDoc {
                            period: t.period.clone(),
                            due_date: t.due_date.to_string(),
                            value: t.value,
                        })
                        .collect(),
                    measurements: measurements
                        .iter()
                        .filter(|m| m.indicator_id == i.id)
                        .map(|m| MeasurementDoc {
                            date: m.measured_on.to_string(),
                            value: m.value,
                            note: m.note.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Ok(PlanDoc {
        format: FORMAT.into(),
        plan: PlanHead {
            title: plan.title,
            summary: plan.summary,
            owner_organisation: orgs
                .get(&plan.owner_organisation_id)
                .cloned()
                .unwrap_or_default(),
            period_start: plan.period_start.to_string(),
            period_end: plan.period_end.to_string(),
            status: Some(plan.status.to_string()),
            parent_plan: parent_title,
            start_tolerance_days: plan.start_tolerance_days,
        },
        nodes: docs,
    })
}

/// The plan as a document for `actor`, who may read it: the parent plan and
/// the codes aligned to it are left out when the reader may not see the
/// parent (a draft of another organisation).
pub fn export_for(conn: &mut DbConn, actor: Option<&Actor>, plan_id: i32) -> AppResult<PlanDoc> {
    let plan = crate::services::plans::find(conn, actor, plan_id)?;
    let mut doc = export_doc(conn, plan_id)?;
    if let Some(parent) = plan.parent_plan_id
        && !crate::services::plans::can_read(actor, &Plan::find(conn, parent)?)
    {
        doc.plan.parent_plan = None;
        for n in &mut doc.nodes {
            n.aligned_to = None;
        }
    }
    Ok(doc)
}

/// The plan as JSON (used for exports and version snapshots).
pub fn export(conn: &mut DbConn, plan_id: i32) -> AppResult<Value> {
    serde_json::to_value(export_doc(conn, plan_id)?).map_err(|e| AppError::Internal(e.to_string()))
}

/// The tree as CSV: one row per node in pre-order, with computed progress and
/// schedule flags; text cells safe to open in a spreadsheet ([`csv_cells`]).
pub fn tree_csv(view: &crate::services::plans::view::PlanTree) -> AppResult<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record([
        "code",
        "parent_code",
        "kind",
        "depth",
        "title",
        "status",
        "progress",
        "weight",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "budget",
        "responsible_office",
        "responsible_organisation",
        "started_late",
        "completed_late",
        "indicators",
        "overdue",
        "start_delay_days",
        "end_delay_days",
    ])
    .map_err(err)?;
    let opt = |v: Option<f64>| v.map(|x| format!("{x:.1}")).unwrap_or_default();
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let text = |t: &str| csv_cells::text(t).into_owned();
    for n in &view.nodes {
        w.write_record([
            text(&n.code),
            text(n.parent_code.as_deref().unwrap_or_default()),
            text(&n.kind),
            n.depth.to_string(),
            text(&n.title),
            text(&n.status),
            opt(n.progress),
            n.weight.map(|w| w.to_string()).unwrap_or_default(),
            date(n.planned_start),
            date(n.planned_end),
            date(n.actual_start),
            date(n.actual_end),
            n.budget.map(|b| format!("{b:.2}")).unwrap_or_default(),
            text(n.responsible_office.as_deref().unwrap_or_default()),
            text(n.responsible_organisation.as_deref().unwrap_or_default()),
            n.started_late.to_string(),
            n.completed_late.to_string(),
            n.indicators.len().to_string(),
            n.overdue.to_string(),
            n.start_delay_days.to_string(),
            n.end_delay_days.to_string(),
        ])
        .map_err(err)?;
    }
    String::from_utf8(
        w.into_inner()
            .map_err(|e| AppError::Internal(e.to_string()))?,
    )
    .map_err(|e| AppError::Internal(e.to_string()))
}
