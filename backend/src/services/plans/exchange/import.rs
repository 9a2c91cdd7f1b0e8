//! Importing a plan document as a new plan, all or nothing, with every
//! problem of the file listed at once in words a planner understands.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::*;

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
        if !(0..=super::super::MAX_START_TOLERANCE).contains(&doc.plan.start_tolerance_days) {
            c.add(
                "plan.start_tolerance_days",
                "out_of_range",
                format!(
                    "plan.start_tolerance_days must be between 0 and {}",
                    super::super::MAX_START_TOLERANCE
                ),
            );
        }
        // Named even where the importer's own organisation is taken instead.
        c.opt_text(
            "plan.owner_organisation",
            Some(&doc.plan.owner_organisation),
            limits::NAME,
        );
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
        // A file's status is named when wrong; only the command line keeps it,
        // an import through the API or a page always starts a draft.
        let status = match doc.plan.status.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(s) => c.choice("plan.status", s, PlanStatus::parse),
            None => Some(PlanStatus::Draft),
        };
        let status = if actor.is_some() {
            status.map(|_| PlanStatus::Draft)
        } else {
            status
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
