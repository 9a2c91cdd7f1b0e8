//! The rows of a plan's impact dashboard: its nodes, and its indicators with
//! their targets and measurements.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use pspm_analytics::model::{ImpactNode, IndicatorRow, NodeState};

use super::Checked;
use crate::db::DbConn;
use crate::db::schema::{
    indicator_targets, indicators, measurements, organisations, plan_nodes, plans,
};
use crate::domain::{Direction, NodeKind, NodeStatus};
use crate::error::AppResult;

type NodeTuple = (
    i32,
    Option<i32>,
    NodeKind,
    String,
    String,
    NodeStatus,
    Option<f64>,
    Option<f64>,
    Option<String>,
    Option<i32>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

/// What the impact indicators need of a node's status.
fn state(status: NodeStatus) -> NodeState {
    match status {
        NodeStatus::Done => NodeState::Done,
        NodeStatus::AtRisk => NodeState::AtRisk,
        NodeStatus::Cancelled => NodeState::Cancelled,
        NodeStatus::NotStarted | NodeStatus::OnTrack | NodeStatus::Late => NodeState::Open,
    }
}

pub(super) fn load_impact(
    conn: &mut DbConn,
    plan_id: i32,
    f: &Checked,
) -> AppResult<(Vec<ImpactNode>, Vec<IndicatorRow>)> {
    let orgs: HashMap<i32, (String, String, String, Option<String>)> = organisations::table
        .select((
            organisations::id,
            organisations::name,
            organisations::kind,
            organisations::level,
            organisations::territory_code,
        ))
        .load::<(i32, String, String, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, n, k, l, t)| (id, (n, k, l, t)))
        .collect();
    let tolerance = i64::from(
        plans::table
            .find(plan_id)
            .select(plans::start_tolerance_days)
            .first::<i32>(conn)?,
    );
    let rows: Vec<NodeTuple> = plan_nodes::table
        .filter(plan_nodes::plan_id.eq(plan_id))
        .order((plan_nodes::position.asc(), plan_nodes::id.asc()))
        .select((
            plan_nodes::id,
            plan_nodes::parent_id,
            plan_nodes::kind,
            plan_nodes::code,
            plan_nodes::title,
            plan_nodes::status,
            plan_nodes::weight,
            plan_nodes::progress,
            plan_nodes::responsible_office,
            plan_nodes::responsible_organisation_id,
            plan_nodes::planned_start,
            plan_nodes::planned_end,
            plan_nodes::actual_start,
            plan_nodes::actual_end,
        ))
        .load(conn)?;
    let nodes: Vec<ImpactNode> = rows
        .into_iter()
        .map(|r| {
            let org = r.9.and_then(|o| orgs.get(&o));
            ImpactNode {
                id: r.0,
                parent_id: r.1,
                is_action: r.2 == NodeKind::Action,
                code: r.3,
                title: r.4,
                state: state(r.5),
                weight: r.6,
                progress: r.7,
                office: r.8,
                organisation: org.map(|o| o.0.clone()),
                territory: org.and_then(|o| o.3.clone()),
                planned_start: r.10,
                planned_end: r.11,
                actual_start: r.12,
                actual_end: r.13,
                start_tolerance_days: tolerance,
            }
        })
        .collect();
    // Territory, kind and level narrow the actions to those of matching responsible organisations.
    let nodes = if f.territory.is_some() || f.organisation_kind.is_some() || f.level.is_some() {
        let keep_org = |name: &Option<String>| {
            let Some(name) = name else { return false };
            orgs.values().any(|(n, k, l, t)| {
                n == name
                    && f.territory.as_ref().is_none_or(|x| {
                        t.as_deref()
                            .is_some_and(|t| t.to_uppercase().starts_with(x.as_str()))
                    })
                    && f.organisation_kind.as_ref().is_none_or(|x| x == k)
                    && f.level.as_ref().is_none_or(|x| x == l)
            })
        };
        nodes
            .into_iter()
            .filter(|n| !n.is_action || keep_org(&n.organisation))
            .collect()
    } else {
        nodes
    };
    let node_ids: Vec<i32> = nodes.iter().map(|n| n.id).collect();
    let inds: Vec<(i32, i32, String, String, Direction, f64, NaiveDate)> = indicators::table
        .filter(indicators::node_id.eq_any(&node_ids))
        .order(indicators::id.asc())
        .select((
            indicators::id,
            indicators::node_id,
            indicators::name,
            indicators::unit,
            indicators::direction,
            indicators::baseline_value,
            indicators::baseline_date,
        ))
        .load(conn)?;
    let ids: Vec<i32> = inds.iter().map(|i| i.0).collect();
    let mut targets: HashMap<i32, Vec<(NaiveDate, f64)>> = HashMap::new();
    for (i, d, v) in indicator_targets::table
        .filter(indicator_targets::indicator_id.eq_any(&ids))
        .order(indicator_targets::due_date.asc())
        .select((
            indicator_targets::indicator_id,
            indicator_targets::due_date,
            indicator_targets::value,
        ))
        .load::<(i32, NaiveDate, f64)>(conn)?
    {
        targets.entry(i).or_default().push((d, v));
    }
    let mut values: HashMap<i32, Vec<(NaiveDate, f64)>> = HashMap::new();
    for (i, d, v) in measurements::table
        .filter(measurements::indicator_id.eq_any(&ids))
        .order(measurements::measured_on.asc())
        .select((
            measurements::indicator_id,
            measurements::measured_on,
            measurements::value,
        ))
        .load::<(i32, NaiveDate, f64)>(conn)?
    {
        // The period narrows the measurements taken into account.
        if f.from.is_none_or(|x| d >= x) && f.to.is_none_or(|x| d <= x) {
            values.entry(i).or_default().push((d, v));
        }
    }
    let indicators = inds
        .into_iter()
        .map(
            |(id, node_id, name, unit, direction, baseline, baseline_date)| IndicatorRow {
                id,
                node_id,
                name,
                unit,
                direction: direction.into(),
                baseline,
                baseline_date,
                targets: targets.remove(&id).unwrap_or_default(),
                measurements: values.remove(&id).unwrap_or_default(),
            },
        )
        .collect();
    Ok((nodes, indicators))
}
