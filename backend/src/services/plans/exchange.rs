//! A plan as a document (JSON, format `pspm-plan/1`): export, import as a new
//! draft (round trip), the snapshot stored in versions; and the tree as CSV.

use std::collections::{HashMap, HashSet};

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

/// The document format name.
pub const FORMAT: &str = "pspm-plan/1";

/// A plan document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct PlanDoc {
    /// Always `pspm-plan/1`.
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
    pub title: String,
    /// Summary.
    #[serde(default)]
    pub summary: String,
    /// Owner organisation, by name.
    pub owner_organisation: String,
    /// Start, `YYYY-MM-DD`.
    pub period_start: String,
    /// End, `YYYY-MM-DD`.
    pub period_end: String,
    /// Status (imports always start as drafts).
    #[serde(default)]
    pub status: Option<String>,
    /// Parent plan, by title.
    #[serde(default)]
    pub parent_plan: Option<String>,
    /// Days an action may start after its planned start before it is
    /// flagged "started late".
    #[serde(default)]
    pub start_tolerance_days: i32,
}

/// A node in a document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct NodeDoc {
    /// Code, unique in the plan.
    pub code: String,
    /// Parent's code (none for areas).
    #[serde(default)]
    pub parent_code: Option<String>,
    /// Kind.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Responsible office.
    #[serde(default)]
    pub responsible_office: Option<String>,
    /// Responsible organisation, by name.
    #[serde(default)]
    pub responsible_organisation: Option<String>,
    /// Weight.
    #[serde(default)]
    pub weight: Option<f64>,
    /// Planned start.
    #[serde(default)]
    pub planned_start: Option<String>,
    /// Planned end.
    #[serde(default)]
    pub planned_end: Option<String>,
    /// Actual start.
    #[serde(default)]
    pub actual_start: Option<String>,
    /// Actual end.
    #[serde(default)]
    pub actual_end: Option<String>,
    /// Budget.
    #[serde(default)]
    pub budget: Option<f64>,
    /// Status.
    #[serde(default)]
    pub status: Option<String>,
    /// Progress (actions).
    #[serde(default)]
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
    pub title: String,
    /// Due date.
    pub due_date: String,
    /// Reached.
    #[serde(default)]
    pub done: bool,
}

/// An indicator in a document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct IndicatorDoc {
    /// Name.
    pub name: String,
    /// Unit.
    #[serde(default)]
    pub unit: String,
    /// Direction.
    pub direction: String,
    /// Baseline value.
    pub baseline_value: f64,
    /// Baseline date.
    pub baseline_date: String,
    /// Frequency.
    pub frequency: String,
    /// Data source.
    #[serde(default)]
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
    pub period: String,
    /// Due date.
    pub due_date: String,
    /// Value.
    pub value: f64,
}

/// A measurement in a document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct MeasurementDoc {
    /// Date.
    pub date: String,
    /// Value.
    pub value: f64,
    /// Note.
    #[serde(default)]
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

fn prefix(e: AppError, p: &str) -> AppError {
    match e {
        AppError::Validation(items) => AppError::Validation(
            items
                .into_iter()
                .map(|i| ErrorItem {
                    field: Some(format!("{p}.{}", i.field.unwrap_or_default())),
                    ..i
                })
                .collect(),
        ),
        AppError::Conflict { code, detail, .. } => AppError::Validation(vec![ErrorItem {
            code: code.into(),
            detail,
            field: Some(p.to_owned()),
        }]),
        other => other,
    }
}

/// The period nodes are checked against while the plan's own has a problem.
const OPEN_PERIOD: (NaiveDate, NaiveDate) = (
    NaiveDate::from_ymd_opt(1900, 1, 1).expect("a date"),
    NaiveDate::from_ymd_opt(2999, 12, 31).expect("a date"),
);

/// The problems of an imported file, gathered to be listed together.
#[derive(Default)]
struct Problems(Vec<ErrorItem>);

impl Problems {
    /// Keeps the problems of a check and gives its value when it passed;
    /// an error other than a problem of the file ends the import.
    fn take<T>(&mut self, result: AppResult<T>) -> AppResult<Option<T>> {
        match result {
            Ok(v) => Ok(Some(v)),
            Err(AppError::Validation(items)) => {
                self.0.extend(items);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    fn add(&mut self, field: &str, code: &str, detail: &str) {
        self.0.push(ErrorItem {
            code: code.into(),
            detail: detail.into(),
            field: Some(field.into()),
        });
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn into_error(self) -> AppError {
        AppError::Validation(self.0)
    }
}

/// Parses a document from JSON, naming the field of any problem.
pub fn parse(bytes: &[u8]) -> AppResult<PlanDoc> {
    let doc: PlanDoc = crate::error::parse_json(bytes)?;
    if doc.format != FORMAT {
        return Err(AppError::field(
            "format",
            "format_unknown",
            format!("format must be {FORMAT}"),
        ));
    }
    Ok(doc)
}

/// Imports a document as a new plan, all or nothing. With an actor, the plan is
/// a draft of the actor's organisation (administrators keep the document's
/// owner when it exists); without (demo data), the document's owner and status
/// are kept and an adopted plan gets its version 1.
pub fn import(conn: &mut DbConn, actor: Option<&Actor>, doc: &PlanDoc) -> AppResult<Plan> {
    if let Some(a) = actor
        && !(a.is_admin() || a.role == Role::Planner)
    {
        return Err(AppError::Forbidden);
    }
    conn.write(|conn| {
        let orgs: HashMap<String, i32> = Organisation::all(conn)?
            .into_iter()
            .map(|o| (o.name, o.id))
            .collect();
        let mut c = Checker::default();
        let title = c.text("plan.title", &doc.plan.title, limits::NAME);
        let summary = c
            .opt_text("plan.summary", Some(&doc.plan.summary), limits::DESCRIPTION)
            .unwrap_or_default();
        let start = c.date("plan.period_start", &doc.plan.period_start);
        let end = c.date("plan.period_end", &doc.plan.period_end);
        c.order("plan.period_end", start, end);
        if !(0..=super::MAX_START_TOLERANCE).contains(&doc.plan.start_tolerance_days) {
            c.add(
                "plan.start_tolerance_days",
                "out_of_range",
                format!(
                    "plan.start_tolerance_days must be between 0 and {}",
                    super::MAX_START_TOLERANCE
                ),
            );
        }
        let doc_owner = orgs.get(&doc.plan.owner_organisation).copied();
        let owner = match actor {
            Some(a) if a.is_admin() => doc_owner.or(a.organisation_id),
            Some(a) => a.organisation_id,
            None => doc_owner,
        };
        if owner.is_none() {
            c.add(
                "plan.owner_organisation",
                "organisation_not_found",
                "the owner organisation is not known here",
            );
        }
        let status = match (actor, doc.plan.status.as_deref()) {
            (None, Some(s)) => c.choice("plan.status", s, PlanStatus::parse),
            _ => Some(PlanStatus::Draft),
        };
        let parent_plan = match &doc.plan.parent_plan {
            Some(t) => Plan::all(conn)?
                .into_iter()
                .find(|p| &p.title == t && crate::services::plans::can_read(actor, p)),
            None => None,
        };
        // Every problem of the file is listed at once: the plan's own, then
        // each node's (a node under one with a problem is checked once that
        // one is right). Nothing is kept unless there are none.
        let mut problems = Problems::default();
        problems.take(c.finish())?;
        let Some(owner) = owner else {
            return Err(problems.into_error());
        };
        let now = crate::db::now();
        // While the period has a problem, the nodes' dates are checked
        // against no period rather than a wrong one.
        let (period_start, period_end) = match (start, end) {
            (Some(a), Some(b)) if a <= b => (a, b),
            _ => (OPEN_PERIOD.0, OPEN_PERIOD.1),
        };
        let plan = Plan::create(
            conn,
            &NewPlan {
                title: &title,
                summary: &summary,
                owner_organisation_id: owner,
                period_start,
                period_end,
                status: status.unwrap_or(PlanStatus::Draft),
                parent_plan_id: parent_plan.as_ref().map(|p| p.id),
                start_tolerance_days: doc.plan.start_tolerance_days,
                lock_version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        let parent_codes: HashMap<String, i32> = match &parent_plan {
            Some(p) => PlanNode::of_plan(conn, p.id)?
                .into_iter()
                .map(|n| (n.code, n.id))
                .collect(),
            None => HashMap::new(),
        };
        let mut ids: HashMap<String, PlanNode> = HashMap::new();
        let mut failed: HashSet<String> = HashSet::new();
        let mut positions: HashMap<Option<i32>, i32> = HashMap::new();
        for (i, n) in doc.nodes.iter().enumerate() {
            let p = format!("nodes.{i}");
            let parent = match &n.parent_code {
                Some(code) if failed.contains(code) => {
                    failed.insert(n.code.clone());
                    continue;
                }
                Some(code) => match ids.get(code) {
                    Some(parent) => Some(parent.clone()),
                    None => {
                        problems.add(
                            &format!("{p}.parent_code"),
                            "node_not_found",
                            "parent_code must name an earlier node",
                        );
                        failed.insert(n.code.clone());
                        continue;
                    }
                },
                None => None,
            };
            let responsible = match &n.responsible_organisation {
                Some(name) => match orgs.get(name) {
                    Some(id) => Some(*id),
                    None => {
                        problems.add(
                            &format!("{p}.responsible_organisation"),
                            "organisation_not_found",
                            "not a known organisation",
                        );
                        None
                    }
                },
                None => None,
            };
            let input = NodeInput {
                parent_id: parent.as_ref().map(|x| x.id),
                kind: n.kind.clone(),
                code: n.code.clone(),
                title: n.title.clone(),
                description: n.description.clone(),
                responsible_office: n.responsible_office.clone(),
                responsible_organisation_id: responsible,
                weight: n.weight,
                planned_start: n.planned_start.clone(),
                planned_end: n.planned_end.clone(),
                actual_start: n.actual_start.clone(),
                actual_end: n.actual_end.clone(),
                budget: n.budget,
                status: n.status.clone(),
                progress: n.progress,
                aligned_node_id: n
                    .aligned_to
                    .as_ref()
                    .and_then(|c| parent_codes.get(c).copied()),
            };
            let Some(fields) = problems.take(
                nodes::validate(conn, &plan, &input, parent.as_ref()).map_err(|e| prefix(e, &p)),
            )?
            else {
                failed.insert(n.code.clone());
                continue;
            };
            if ids.contains_key(&n.code) || failed.contains(&n.code) {
                problems.add(
                    &format!("{p}.code"),
                    "code_taken",
                    "another node of the file has this code",
                );
                continue;
            }
            let key = parent.as_ref().map(|x| x.id);
            let pos = positions.entry(key).or_insert(0);
            let node = PlanNode::create(conn, plan.id, key, *pos, &fields, now)
                .map_err(|e| prefix(e.into(), &format!("{p}.code")))?;
            *pos += 1;
            for (j, m) in n.milestones.iter().enumerate() {
                let mut mc = Checker::default();
                let t = mc.text("title", &m.title, limits::NAME);
                let d = mc.date("due_date", &m.due_date);
                if problems
                    .take(
                        mc.finish()
                            .map_err(|e| prefix(e, &format!("{p}.milestones.{j}"))),
                    )?
                    .is_some()
                {
                    Milestone::create(conn, node.id, &t, d.unwrap_or_default(), m.done)?;
                }
            }
            for (j, ind) in n.indicators.iter().enumerate() {
                let ip = format!("{p}.indicators.{j}");
                let input = IndicatorInput {
                    name: ind.name.clone(),
                    unit: ind.unit.clone(),
                    direction: ind.direction.clone(),
                    baseline_value: Some(ind.baseline_value),
                    baseline_date: ind.baseline_date.clone(),
                    frequency: ind.frequency.clone(),
                    data_source: ind.data_source.clone(),
                    targets: ind
                        .targets
                        .iter()
                        .map(|t| TargetInput {
                            period: t.period.clone(),
                            due_date: t.due_date.clone(),
                            value: Some(t.value),
                        })
                        .collect(),
                };
                let Some((fields, targets)) =
                    problems.take(indicators::validate(&input).map_err(|e| prefix(e, &ip)))?
                else {
                    continue;
                };
                let created = Indicator::create(conn, node.id, &fields, now)?;
                Target::replace(conn, created.id, &targets)?;
                for (k, m) in ind.measurements.iter().enumerate() {
                    let mut mc = Checker::default();
                    let d = mc.date("date", &m.date);
                    let v = mc.range("value", Some(m.value), -1e15, 1e15);
                    let note = mc.opt_text("note", m.note.as_deref(), limits::DESCRIPTION);
                    if problems
                        .take(
                            mc.finish()
                                .map_err(|e| prefix(e, &format!("{ip}.measurements.{k}"))),
                        )?
                        .is_none()
                    {
                        continue;
                    }
                    Measurement::create(
                        conn,
                        created.id,
                        d.unwrap_or_default(),
                        v.unwrap_or_default(),
                        note.as_deref(),
                        None,
                        now,
                    )?;
                }
            }
            ids.insert(n.code.clone(), node);
        }
        if !problems.is_empty() {
            return Err(problems.into_error());
        }
        audit::record(
            conn,
            actor,
            "plan.import",
            "plan",
            Some(plan.id),
            json!({"title": plan.title, "nodes": doc.nodes.len(), "status": plan.status}),
        )?;
        if actor.is_none()
            && matches!(
                status,
                Some(PlanStatus::Adopted | PlanStatus::Monitoring | PlanStatus::Closed)
            )
        {
            let snapshot = export(conn, plan.id)?;
            PlanVersion::append(conn, plan.id, &snapshot.to_string(), None, now)?;
        }
        Ok(plan)
    })
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
