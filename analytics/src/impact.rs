//! Impact indicators on a plan's tree (DESIGN.md "Impact"): progress roll-up,
//! schedule flags, indicator achievement, on-track status and forecast, and
//! [`impact`], which puts them together with breakdowns of the actions.
//! Zero denominators and missing data give `None`, never NaN.
//!
//! Choices where DESIGN.md is silent:
//! - An indicator is judged against its last target (latest date); without a
//!   target or a measurement, or when the target equals the baseline (no
//!   direction to measure), its status is `no_data`.
//! - The forecast fits the measurements only (not the baseline).
//! - Breakdowns cover the actions (`kind == "action"`) that are not
//!   cancelled; an action without an office, organisation or territory is
//!   left out of that breakdown (it still counts in `overall`). The area of an
//!   action is its top-level ancestor, labelled "code title".

use std::collections::HashMap;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::exprs::{checked, count_by, f64s, i64s, rows, share, strs};
use crate::model::{Breakdown, Count, Impact, ImpactNode, IndicatorRow, IndicatorState};

/// One node of a plan's tree, as the roll-up needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRow {
    /// Id.
    pub id: i32,
    /// Parent id.
    pub parent_id: Option<i32>,
    /// Weight among siblings (`None`: 1).
    pub weight: Option<f64>,
    /// Progress entered by hand (used for nodes without children).
    pub progress: Option<f64>,
    /// Cancelled nodes do not count in their parent's progress.
    pub cancelled: bool,
}

impl From<&ImpactNode> for NodeRow {
    fn from(n: &ImpactNode) -> Self {
        Self {
            id: n.id,
            parent_id: n.parent_id,
            weight: n.weight,
            progress: n.progress,
            cancelled: n.status == "cancelled",
        }
    }
}

/// Progress of every node: leaves keep their own value; a parent's is the
/// weighted mean of its (non-cancelled) children that have a value, a plain
/// mean where no child has a weight. Returns also the plan's progress (mean
/// over top-level nodes, weighted alike).
pub fn roll_up(nodes: &[NodeRow]) -> (HashMap<i32, Option<f64>>, Option<f64>) {
    let mut children: HashMap<Option<i32>, Vec<&NodeRow>> = HashMap::new();
    for n in nodes {
        children.entry(n.parent_id).or_default().push(n);
    }
    let mut memo: HashMap<i32, Option<f64>> = HashMap::new();
    fn value(
        node: &NodeRow,
        children: &HashMap<Option<i32>, Vec<&NodeRow>>,
        memo: &mut HashMap<i32, Option<f64>>,
        depth: usize,
    ) -> Option<f64> {
        if let Some(v) = memo.get(&node.id) {
            return *v;
        }
        let v = match children.get(&Some(node.id)) {
            Some(kids) if !kids.is_empty() && depth < 64 => mean(kids, children, memo, depth + 1),
            _ => node.progress,
        };
        memo.insert(node.id, v);
        v
    }
    fn mean(
        kids: &[&NodeRow],
        children: &HashMap<Option<i32>, Vec<&NodeRow>>,
        memo: &mut HashMap<i32, Option<f64>>,
        depth: usize,
    ) -> Option<f64> {
        let mut sum = 0.0;
        let mut weights = 0.0;
        for k in kids {
            let v = value(k, children, memo, depth);
            if k.cancelled {
                continue;
            }
            if let Some(v) = v {
                let w = k.weight.unwrap_or(1.0);
                sum += v * w;
                weights += w;
            }
        }
        (weights > 0.0).then(|| sum / weights)
    }
    for n in nodes {
        value(n, &children, &mut memo, 0);
    }
    let plan = children
        .get(&None)
        .and_then(|top| mean(top, &children, &mut memo, 0));
    (memo, plan)
}

/// Schedule flags of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Schedule {
    /// planned_start < actual_start.
    pub started_late: bool,
    /// planned_end < (actual_end or today).
    pub completed_late: bool,
}

/// Schedule flags per DESIGN.md.
pub fn schedule(
    planned_start: Option<NaiveDate>,
    actual_start: Option<NaiveDate>,
    planned_end: Option<NaiveDate>,
    actual_end: Option<NaiveDate>,
    today: NaiveDate,
) -> Schedule {
    Schedule {
        started_late: matches!((planned_start, actual_start), (Some(p), Some(a)) if p < a),
        completed_late: matches!(planned_end, Some(p) if p < actual_end.unwrap_or(today)),
    }
}

/// Achievement %: (latest − baseline) / (target − baseline) × 100; `None` when target equals baseline.
pub fn achievement(baseline: f64, target: f64, latest: f64) -> Option<f64> {
    let span = target - baseline;
    (span.abs() > f64::EPSILON).then(|| (latest - baseline) / span * 100.0)
}

/// Status of an indicator against the straight line from baseline to target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackStatus {
    /// The target is reached.
    Achieved,
    /// At or ahead of the expected path (≥ 90 % of the expected change).
    OnTrack,
    /// Behind, but at least 60 % of the expected change.
    AtRisk,
    /// Further behind.
    OffTrack,
}

impl TrackStatus {
    /// Stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            TrackStatus::Achieved => "achieved",
            TrackStatus::OnTrack => "on_track",
            TrackStatus::AtRisk => "at_risk",
            TrackStatus::OffTrack => "off_track",
        }
    }
}

/// Compares the latest value with where the straight line from (baseline date,
/// baseline) to (target date, target) says it should be today.
pub fn track_status(
    baseline: (NaiveDate, f64),
    target: (NaiveDate, f64),
    latest: f64,
    today: NaiveDate,
) -> Option<TrackStatus> {
    let done = achievement(baseline.1, target.1, latest)?;
    if done >= 100.0 {
        return Some(TrackStatus::Achieved);
    }
    let total_days = (target.0 - baseline.0).num_days();
    if total_days <= 0 {
        return Some(TrackStatus::OffTrack);
    }
    let elapsed = (today - baseline.0).num_days().clamp(0, total_days) as f64;
    let expected = elapsed / total_days as f64 * 100.0;
    if expected <= 0.0 {
        return Some(TrackStatus::OnTrack);
    }
    let ratio = done / expected;
    Some(if ratio >= 0.9 {
        TrackStatus::OnTrack
    } else if ratio >= 0.6 {
        TrackStatus::AtRisk
    } else {
        TrackStatus::OffTrack
    })
}

/// Least-squares line through the measurements, evaluated at `at`; `None`
/// with fewer than two distinct dates.
pub fn forecast(points: &[(NaiveDate, f64)], at: NaiveDate) -> Option<f64> {
    let origin = points.first()?.0;
    let xs: Vec<f64> = points
        .iter()
        .map(|(d, _)| (*d - origin).num_days() as f64)
        .collect();
    let n = points.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx <= f64::EPSILON {
        return None;
    }
    let sxy: f64 = xs
        .iter()
        .zip(points)
        .map(|(x, p)| (x - mx) * (p.1 - my))
        .sum();
    let slope = sxy / sxx;
    let x = (at - origin).num_days() as f64;
    Some(my + slope * (x - mx))
}

/// Impact indicators of one plan at `today`.
pub fn impact(nodes: &[ImpactNode], indicators: &[IndicatorRow], today: NaiveDate) -> Impact {
    let rows: Vec<NodeRow> = nodes.iter().map(NodeRow::from).collect();
    let (progress, plan) = roll_up(&rows);
    let states: Vec<IndicatorState> = indicators
        .iter()
        .map(|i| indicator_state(i, today))
        .collect();
    let by_status = checked(indicators_by_status(&states), "indicators by status");
    let actions = checked(actions_frame(nodes, &progress, today), "actions frame");
    let breakdown = |by: &str| checked(breakdown(&actions, by), "impact breakdown");
    Impact {
        progress: plan,
        indicators: states,
        by_status,
        overall: checked(overall(&actions), "impact overall"),
        by_area: breakdown("area"),
        by_office: breakdown("office"),
        by_organisation: breakdown("organisation"),
        by_territory: breakdown("territory"),
    }
}

/// State of one indicator at `today`, against its last target.
pub fn indicator_state(i: &IndicatorRow, today: NaiveDate) -> IndicatorState {
    let target = i.targets.iter().copied().max_by_key(|t| t.0);
    let latest = i.measurements.iter().copied().max_by_key(|m| m.0);
    let achievement = match (target, latest) {
        (Some(t), Some(l)) => achievement(i.baseline, t.1, l.1),
        _ => None,
    };
    let status = match (target, latest) {
        (Some(t), Some(l)) => track_status((i.baseline_date, i.baseline), t, l.1, today),
        _ => None,
    };
    let mut measurements = i.measurements.clone();
    measurements.sort_by_key(|m| m.0);
    let mut targets = i.targets.clone();
    targets.sort_by_key(|t| t.0);
    IndicatorState {
        id: i.id,
        node_id: i.node_id,
        name: i.name.clone(),
        unit: i.unit.clone(),
        baseline: i.baseline,
        baseline_date: i.baseline_date,
        targets,
        measurements: measurements.clone(),
        target: target.map(|t| t.1),
        target_date: target.map(|t| t.0),
        latest: latest.map(|l| l.1),
        achievement,
        status: status.map_or("no_data", TrackStatus::as_str).to_owned(),
        forecast: target.and_then(|t| forecast(&measurements, t.0)),
    }
}

fn indicators_by_status(states: &[IndicatorState]) -> PolarsResult<Vec<Count>> {
    let df = df!("status" => states.iter().map(|s| s.status.clone()).collect::<Vec<_>>())?;
    Ok(count_by(df.lazy(), "status")?
        .into_iter()
        .map(|(label, n)| Count {
            label,
            count: Some(n),
        })
        .collect())
}

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
fn actions_frame(
    nodes: &[ImpactNode],
    progress: &HashMap<i32, Option<f64>>,
    today: NaiveDate,
) -> PolarsResult<DataFrame> {
    let by_id: HashMap<i32, &ImpactNode> = nodes.iter().map(|n| (n.id, n)).collect();
    let actions: Vec<&ImpactNode> = nodes
        .iter()
        .filter(|n| n.kind == "action" && n.status != "cancelled")
        .collect();
    let late = |n: &ImpactNode| {
        let s = schedule(
            n.planned_start,
            n.actual_start,
            n.planned_end,
            n.actual_end,
            today,
        );
        s.started_late || s.completed_late
    };
    df!(
        "area" => actions.iter().map(|n| area_label(n.id, &by_id)).collect::<Vec<_>>(),
        "office" => actions.iter().map(|n| n.office.clone()).collect::<Vec<_>>(),
        "organisation" => actions.iter().map(|n| n.organisation.clone()).collect::<Vec<_>>(),
        "territory" => actions.iter().map(|n| n.territory.clone()).collect::<Vec<_>>(),
        "progress" => actions.iter().map(|n| progress.get(&n.id).copied().flatten()).collect::<Vec<_>>(),
        "done" => actions.iter().map(|n| n.status == "done").collect::<Vec<_>>(),
        "late" => actions.iter().map(|n| late(n)).collect::<Vec<_>>(),
        "at_risk" => actions.iter().map(|n| n.status == "at_risk").collect::<Vec<_>>(),
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
fn breakdown(actions: &DataFrame, by: &str) -> PolarsResult<Vec<Breakdown>> {
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
fn overall(actions: &DataFrame) -> PolarsResult<Option<Breakdown>> {
    if actions.height() == 0 {
        return Ok(None);
    }
    let df = actions.clone().lazy().select(breakdown_aggs()).collect()?;
    Ok(breakdowns(&df, vec![Some("overall".into())])?.pop())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn node(id: i32, parent: Option<i32>, weight: Option<f64>, progress: Option<f64>) -> NodeRow {
        NodeRow {
            id,
            parent_id: parent,
            weight,
            progress,
            cancelled: false,
        }
    }

    #[test]
    fn roll_up_weighted_unweighted_and_nested() {
        let nodes = vec![
            node(1, None, None, None),
            node(2, Some(1), Some(3.0), None),
            node(3, Some(2), None, Some(100.0)),
            node(4, Some(2), None, Some(50.0)),
            node(5, Some(1), Some(1.0), Some(0.0)),
            node(6, None, None, Some(40.0)),
        ];
        let (p, plan) = roll_up(&nodes);
        assert_eq!(p[&2], Some(75.0)); // plain mean of 100 and 50
        assert_eq!(p[&1], Some(56.25)); // (75*3 + 0*1) / 4
        assert_eq!(plan, Some(48.125)); // mean of 56.25 and 40
    }

    #[test]
    fn roll_up_skips_cancelled_and_missing() {
        let mut cancelled = node(3, Some(1), None, Some(0.0));
        cancelled.cancelled = true;
        let nodes = vec![
            node(1, None, None, None),
            node(2, Some(1), None, Some(80.0)),
            cancelled,
            node(4, Some(1), None, None),
        ];
        let (p, _) = roll_up(&nodes);
        assert_eq!(p[&1], Some(80.0));
        assert_eq!(roll_up(&[node(1, None, None, None)]).1, None);
        assert_eq!(roll_up(&[]).1, None);
    }

    #[test]
    fn schedule_flags() {
        let today = d("2026-06-01");
        let s = schedule(
            Some(d("2026-01-01")),
            Some(d("2026-02-01")),
            Some(d("2026-12-31")),
            None,
            today,
        );
        assert_eq!(
            s,
            Schedule {
                started_late: true,
                completed_late: false
            }
        );
        let s = schedule(
            Some(d("2026-01-01")),
            Some(d("2026-01-01")),
            Some(d("2026-05-01")),
            None,
            today,
        );
        assert_eq!(
            s,
            Schedule {
                started_late: false,
                completed_late: true
            }
        );
        let s = schedule(
            None,
            None,
            Some(d("2026-05-01")),
            Some(d("2026-04-30")),
            today,
        );
        assert_eq!(s, Schedule::default());
    }

    #[test]
    fn achievement_works_both_ways() {
        assert_eq!(achievement(40.0, 60.0, 50.0), Some(50.0));
        assert_eq!(achievement(45.0, 30.0, 36.0), Some(60.0)); // decreasing indicator
        assert_eq!(achievement(10.0, 10.0, 12.0), None);
    }

    #[test]
    fn track_status_against_the_straight_line() {
        let b = (d("2025-01-01"), 0.0);
        let t = (d("2027-01-01"), 100.0);
        // Half-way in time: 50 expected.
        assert_eq!(
            track_status(b, t, 50.0, d("2026-01-01")),
            Some(TrackStatus::OnTrack)
        );
        assert_eq!(
            track_status(b, t, 35.0, d("2026-01-01")),
            Some(TrackStatus::AtRisk)
        );
        assert_eq!(
            track_status(b, t, 10.0, d("2026-01-01")),
            Some(TrackStatus::OffTrack)
        );
        assert_eq!(
            track_status(b, t, 100.0, d("2026-01-01")),
            Some(TrackStatus::Achieved)
        );
        assert_eq!(
            track_status(b, (d("2027-01-01"), 0.0), 5.0, d("2026-01-01")),
            None
        );
    }

    #[test]
    fn forecast_by_least_squares() {
        let pts = [
            (d("2025-01-01"), 10.0),
            (d("2025-01-11"), 20.0),
            (d("2025-01-21"), 30.0),
        ];
        let f = forecast(&pts, d("2025-01-31")).unwrap();
        assert!((f - 40.0).abs() < 1e-9);
        assert_eq!(forecast(&pts[..1], d("2025-02-01")), None);
        assert_eq!(forecast(&[], d("2025-02-01")), None);
    }

    #[expect(clippy::too_many_arguments, reason = "a compact test fixture")]
    fn impact_node(
        id: i32,
        parent_id: Option<i32>,
        kind: &str,
        code: &str,
        status: &str,
        progress: Option<f64>,
        office: Option<&str>,
        planned: (Option<&str>, Option<&str>),
    ) -> ImpactNode {
        ImpactNode {
            id,
            parent_id,
            kind: kind.into(),
            code: code.into(),
            title: format!("Title {code}"),
            status: status.into(),
            weight: None,
            progress,
            office: office.map(Into::into),
            organisation: office.map(|_| "MEF".into()),
            territory: None,
            planned_start: planned.0.map(d),
            planned_end: planned.1.map(d),
            actual_start: None,
            actual_end: None,
        }
    }

    fn tree() -> Vec<ImpactNode> {
        let mut started_late = impact_node(
            7,
            Some(6),
            "action",
            "A2.1",
            "not_started",
            None,
            None,
            (Some("2026-01-01"), None),
        );
        started_late.actual_start = Some(d("2026-02-01"));
        vec![
            impact_node(1, None, "area", "A1", "on_track", None, None, (None, None)),
            impact_node(
                2,
                Some(1),
                "strategic_objective",
                "SO1",
                "on_track",
                None,
                None,
                (None, None),
            ),
            impact_node(
                3,
                Some(2),
                "action",
                "A1.1",
                "done",
                Some(100.0),
                Some("O1"),
                (None, None),
            ),
            impact_node(
                4,
                Some(2),
                "action",
                "A1.2",
                "at_risk",
                Some(50.0),
                Some("O1"),
                (None, Some("2026-01-01")),
            ),
            impact_node(
                5,
                Some(1),
                "action",
                "A1.3",
                "cancelled",
                Some(0.0),
                Some("O2"),
                (None, None),
            ),
            impact_node(
                6,
                None,
                "area",
                "A2",
                "not_started",
                None,
                None,
                (None, None),
            ),
            started_late,
        ]
    }

    #[test]
    fn impact_progress_and_breakdowns() {
        let i = impact(&tree(), &[], d("2026-06-01"));
        assert_eq!(i.progress, Some(75.0)); // A1 = mean(75) (A1.3 cancelled); A2 has none
        let overall = i.overall.unwrap();
        assert_eq!(overall.actions, 3);
        assert_eq!(overall.progress, Some(75.0));
        assert_eq!(overall.done_share, Some(1.0 / 3.0));
        assert_eq!(overall.late_share, Some(2.0 / 3.0));
        assert_eq!(overall.at_risk_share, Some(1.0 / 3.0));
        assert_eq!(
            i.by_area,
            vec![
                Breakdown {
                    label: "A1 Title A1".into(),
                    actions: 2,
                    progress: Some(75.0),
                    done_share: Some(0.5),
                    late_share: Some(0.5),
                    at_risk_share: Some(0.5),
                },
                Breakdown {
                    label: "A2 Title A2".into(),
                    actions: 1,
                    progress: None,
                    done_share: Some(0.0),
                    late_share: Some(1.0),
                    at_risk_share: Some(0.0),
                },
            ]
        );
        // The cancelled action (office O2) and the one without an office are left out.
        let offices: Vec<(&str, i64)> = i
            .by_office
            .iter()
            .map(|b| (b.label.as_str(), b.actions))
            .collect();
        assert_eq!(offices, vec![("O1", 2)]);
        assert_eq!(i.by_organisation.len(), 1);
        assert!(i.by_territory.is_empty());
    }

    fn indicator(
        id: i32,
        targets: Vec<(&str, f64)>,
        measurements: Vec<(&str, f64)>,
    ) -> IndicatorRow {
        IndicatorRow {
            id,
            node_id: 3,
            name: format!("I{id}"),
            unit: "%".into(),
            baseline: 45.0,
            baseline_date: d("2025-01-01"),
            targets: targets.into_iter().map(|(t, v)| (d(t), v)).collect(),
            measurements: measurements.into_iter().map(|(t, v)| (d(t), v)).collect(),
        }
    }

    #[test]
    fn impact_indicators_against_the_last_target() {
        let decreasing = indicator(
            1,
            vec![("2026-01-01", 40.0), ("2027-01-01", 30.0)],
            vec![("2025-07-01", 42.0), ("2026-01-01", 36.0)],
        );
        let indicators = [
            decreasing,
            indicator(2, vec![("2027-01-01", 50.0)], vec![]),
            indicator(3, vec![], vec![("2026-01-01", 50.0)]),
            indicator(4, vec![("2027-01-01", 45.0)], vec![("2026-01-01", 50.0)]),
        ];
        let i = impact(&[], &indicators, d("2026-06-01"));
        let s = &i.indicators[0];
        assert_eq!(
            (s.target, s.target_date),
            (Some(30.0), Some(d("2027-01-01")))
        );
        assert_eq!(s.latest, Some(36.0));
        assert!((s.achievement.unwrap() - 60.0).abs() < 1e-9); // (36 − 45) / (30 − 45)
        // 516 of 730 days elapsed: 70.7 % expected, 60 % done → ratio 0.85.
        assert_eq!(s.status, "at_risk");
        let expected = 42.0 - 6.0 * 549.0 / 184.0; // line through both measurements
        assert!((s.forecast.unwrap() - expected).abs() < 1e-9);
        let statuses: Vec<&str> = i.indicators.iter().map(|s| s.status.as_str()).collect();
        assert_eq!(statuses, ["at_risk", "no_data", "no_data", "no_data"]);
        assert_eq!(i.indicators[2].target, None);
        assert_eq!(i.indicators[3].achievement, None); // target equals baseline
        assert_eq!(
            i.by_status,
            vec![
                Count {
                    label: "at_risk".into(),
                    count: Some(1)
                },
                Count {
                    label: "no_data".into(),
                    count: Some(3)
                },
            ]
        );
        assert_eq!(i.overall, None);
    }

    #[test]
    fn impact_of_nothing_is_empty() {
        assert_eq!(impact(&[], &[], d("2026-06-01")), Impact::default());
    }
}
