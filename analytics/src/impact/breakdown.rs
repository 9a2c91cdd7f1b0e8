//! The actions of a plan as a frame, and their progress and schedule shares
//! per group (area, office, organisation, territory) and overall.

use std::collections::HashMap;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::exprs::{f64s, i64s, rows, share, strs};
use crate::model::{Breakdown, ImpactNode, NodeState};

use super::progress::schedule;

/// "code title" of the top-level ancestor of `id` (itself if top-level).
fn area_label(id: i32, by_id: &HashMap<i32, &ImpactNode>) -> Option<String> {
    let mut node = *by_id.get(&id)?;
    for _ in 0..64 {
        match node.parent_id.and_then(|p| by_id.get(&p)) {
            Some(parent) => node = parent,
            None => break,
        }
    }
    Some(format!("{} {}", node.code, node.title).trim().to_owned())
}

/// One row per non-cancelled action: its groups and flags.
pub(super) fn actions_frame(
    nodes: &[ImpactNode],
    progress: &HashMap<i32, Option<f64>>,
    today: NaiveDate,
) -> PolarsResult<DataFrame> {
    let by_id: HashMap<i32, &ImpactNode> = nodes.iter().map(|n| (n.id, n)).collect();
    let actions: Vec<&ImpactNode> = nodes
        .iter()
        .filter(|n| n.is_action && n.state != NodeState::Cancelled)
        .collect();
    let late = |n: &ImpactNode| {
        let s = schedule(
            n.planned_start,
            n.actual_start,
            n.planned_end,
            n.actual_end,
            today,
            n.start_tolerance_days,
        );
        s.started_late || s.completed_late
    };
    df!(
        "area" => actions.iter().map(|n| area_label(n.id, &by_id)).collect::<Vec<_>>(),
        "office" => actions.iter().map(|n| n.office.clone()).collect::<Vec<_>>(),
        "organisation" => actions.iter().map(|n| n.organisation.clone()).collect::<Vec<_>>(),
        "territory" => actions.iter().map(|n| n.territory.clone()).collect::<Vec<_>>(),
        "progress" => actions.iter().map(|n| progress.get(&n.id).copied().flatten()).collect::<Vec<_>>(),
        "done" => actions.iter().map(|n| n.state == NodeState::Done).collect::<Vec<_>>(),
        "late" => actions.iter().map(|n| late(n)).collect::<Vec<_>>(),
        "at_risk" => actions.iter().map(|n| n.state == NodeState::AtRisk).collect::<Vec<_>>(),
    )
}

/// The aggregates of a [`Breakdown`], as expressions over action rows.
fn breakdown_aggs() -> [Expr; 5] {
    [
        rows().alias("actions"),
        col("progress").mean().alias("progress"),
        share(col("done")).alias("done_share"),
        share(col("late")).alias("late_share"),
        share(col("at_risk")).alias("at_risk_share"),
    ]
}

fn breakdowns(df: &DataFrame, labels: Vec<Option<String>>) -> PolarsResult<Vec<Breakdown>> {
    let (actions, progress, done, late, at_risk) = (
        i64s(df, "actions")?,
        f64s(df, "progress")?,
        f64s(df, "done_share")?,
        f64s(df, "late_share")?,
        f64s(df, "at_risk_share")?,
    );
    let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
    Ok(labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| Breakdown {
            label: label.unwrap_or_default(),
            actions: actions[i].unwrap_or(0),
            progress: finite(progress[i]),
            done_share: finite(done[i]),
            late_share: finite(late[i]),
            at_risk_share: finite(at_risk[i]),
        })
        .collect())
}

/// Actions grouped by the string column `by` (null groups left out), sorted by label.
pub(super) fn breakdown(actions: &DataFrame, by: &str) -> PolarsResult<Vec<Breakdown>> {
    let df = actions
        .clone()
        .lazy()
        .filter(col(by).is_not_null())
        .group_by([col(by)])
        .agg(breakdown_aggs())
        .sort([by], SortMultipleOptions::default())
        .collect()?;
    breakdowns(&df, strs(&df, by)?)
}

/// All actions together (label `overall`); `None` without actions.
pub(super) fn overall(actions: &DataFrame) -> PolarsResult<Option<Breakdown>> {
    if actions.height() == 0 {
        return Ok(None);
    }
    let df = actions.clone().lazy().select(breakdown_aggs()).collect()?;
    Ok(breakdowns(&df, vec![Some("overall".into())])?.pop())
}
