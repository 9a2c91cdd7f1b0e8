//! Progress of a plan's tree (weighted roll-up) and the schedule flags of an
//! action.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{ImpactNode, NodeState};

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
    /// An action without progress has not started: it counts as 0 %.
    pub action: bool,
}

impl From<&ImpactNode> for NodeRow {
    fn from(n: &ImpactNode) -> Self {
        Self {
            id: n.id,
            parent_id: n.parent_id,
            weight: n.weight,
            progress: n.progress,
            cancelled: n.state == NodeState::Cancelled,
            action: n.is_action,
        }
    }
}

/// Progress of every node: leaves keep their own value (an action without
/// one has not started: 0 %); a parent's is the weighted mean of its
/// (non-cancelled) children that have a value, a plain mean where no child
/// has a weight. Returns also the plan's progress (mean
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
            _ => node.progress.or(node.action.then_some(0.0)),
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
    /// Days from the planned to the actual start, when later (else 0).
    pub start_delay_days: i64,
    /// Days from the planned end to the actual end (or today, while it
    /// has none), when later (else 0).
    pub end_delay_days: i64,
}

/// Schedule flags per DESIGN.md; an action starting up to
/// `start_tolerance_days` after its planned start is not "started late"
/// (its delay is still counted).
pub fn schedule(
    planned_start: Option<NaiveDate>,
    actual_start: Option<NaiveDate>,
    planned_end: Option<NaiveDate>,
    actual_end: Option<NaiveDate>,
    today: NaiveDate,
    start_tolerance_days: i64,
) -> Schedule {
    let delay = |planned: Option<NaiveDate>, actual: Option<NaiveDate>| match (planned, actual) {
        (Some(p), Some(a)) if p < a => (a - p).num_days(),
        _ => 0,
    };
    let start_delay_days = delay(planned_start, actual_start);
    let end_delay_days = delay(planned_end, Some(actual_end.unwrap_or(today)));
    Schedule {
        started_late: start_delay_days > start_tolerance_days.max(0),
        completed_late: end_delay_days > 0,
        start_delay_days,
        end_delay_days,
    }
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
            action: false,
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
    fn an_action_without_progress_counts_as_not_started() {
        let mut not_started = node(3, Some(1), None, None);
        not_started.action = true;
        let nodes = vec![
            node(1, None, None, None),
            node(2, Some(1), None, Some(80.0)),
            not_started,
        ];
        let (p, plan) = roll_up(&nodes);
        assert_eq!(p[&3], Some(0.0));
        assert_eq!(p[&1], Some(40.0));
        assert_eq!(plan, Some(40.0));
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
            0,
        );
        assert_eq!(
            s,
            Schedule {
                started_late: true,
                completed_late: false,
                start_delay_days: 31,
                end_delay_days: 0,
            }
        );
        let s = schedule(
            Some(d("2026-01-01")),
            Some(d("2026-01-01")),
            Some(d("2026-05-01")),
            None,
            today,
            0,
        );
        assert_eq!(
            s,
            Schedule {
                started_late: false,
                completed_late: true,
                start_delay_days: 0,
                end_delay_days: 31,
            }
        );
        let s = schedule(
            None,
            None,
            Some(d("2026-05-01")),
            Some(d("2026-04-30")),
            today,
            0,
        );
        assert_eq!(s, Schedule::default());
        // Within the plan's tolerance the delay shows, the flag does not.
        let s = schedule(
            Some(d("2026-01-01")),
            Some(d("2026-01-31")),
            None,
            None,
            today,
            30,
        );
        assert_eq!((s.started_late, s.start_delay_days), (false, 30));
        let s = schedule(
            Some(d("2026-01-01")),
            Some(d("2026-02-01")),
            None,
            None,
            today,
            30,
        );
        assert_eq!((s.started_late, s.start_delay_days), (true, 31));
    }
}
