//! Impact indicators on a plan's tree (DESIGN.md "Impact"): progress roll-up,
//! schedule flags, indicator achievement, on-track status and forecast.
//! Zero denominators and missing data give `None`, never NaN.

use std::collections::HashMap;

use chrono::NaiveDate;

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
}
