//! Impact indicators on a plan's tree (DESIGN.md "Impact"): progress roll-up,
//! schedule flags, indicator achievement, on-track status and forecast, and
//! [`impact`], which puts them together with breakdowns of the actions.
//! Zero denominators and missing data give `None`, never NaN.
//!
//! Choices where DESIGN.md is silent:
//! - An indicator is judged against its last target (latest date) by its
//!   latest measurement; without a target or a measurement its status is
//!   `no_data`. A target equal to the baseline is to be held: achieved (100 %)
//!   while the direction says it is met (`keep` meaning "at least"), else off
//!   track.
//! - The forecast fits the measurements only (not the baseline), needs three
//!   of them, and stays inside the indicator's [`Domain`] (never below 0,
//!   percentages never above 100, unless its own figures cross the bound).
//! - Breakdowns cover the actions (`kind == "action"`) that are not
//!   cancelled; an action without an office, organisation or territory is
//!   left out of that breakdown (it still counts in `overall`). The area of an
//!   action is its top-level ancestor, labelled "code title".

use chrono::NaiveDate;
use polars::prelude::*;

use crate::counts::plain;
use crate::exprs::{checked, count_by};
use crate::model::{Count, Impact, ImpactNode, IndicatorRow, IndicatorState};

mod breakdown;
mod indicators;
mod progress;

use breakdown::{actions_frame, breakdown, overall};
pub use indicators::{
    Assessment, Direction, Domain, MIN_FORECAST_MEASUREMENTS, TrackStatus, achievement, assess,
    forecast, indicator_state, track_status,
};
pub use progress::{NodeRow, Schedule, roll_up, schedule};

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

fn indicators_by_status(states: &[IndicatorState]) -> PolarsResult<Vec<Count>> {
    let df = df!("status" => states.iter().map(|s| s.status.clone()).collect::<Vec<_>>())?;
    Ok(plain(count_by(df.lazy(), "status")?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Breakdown, NodeState};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[expect(clippy::too_many_arguments, reason = "a compact test fixture")]
    fn impact_node(
        id: i32,
        parent_id: Option<i32>,
        is_action: bool,
        code: &str,
        state: NodeState,
        progress: Option<f64>,
        office: Option<&str>,
        planned: (Option<&str>, Option<&str>),
    ) -> ImpactNode {
        ImpactNode {
            id,
            parent_id,
            is_action,
            code: code.into(),
            title: format!("Title {code}"),
            state,
            weight: None,
            progress,
            office: office.map(Into::into),
            organisation: office.map(|_| "MEF".into()),
            territory: None,
            planned_start: planned.0.map(d),
            planned_end: planned.1.map(d),
            actual_start: None,
            actual_end: None,
            start_tolerance_days: 0,
        }
    }

    fn tree() -> Vec<ImpactNode> {
        let mut started_late = impact_node(
            7,
            Some(6),
            true,
            "A2.1",
            NodeState::Open,
            None,
            None,
            (Some("2026-01-01"), None),
        );
        started_late.actual_start = Some(d("2026-02-01"));
        vec![
            impact_node(
                1,
                None,
                false,
                "A1",
                NodeState::Open,
                None,
                None,
                (None, None),
            ),
            impact_node(
                2,
                Some(1),
                false,
                "SO1",
                NodeState::Open,
                None,
                None,
                (None, None),
            ),
            impact_node(
                3,
                Some(2),
                true,
                "A1.1",
                NodeState::Done,
                Some(100.0),
                Some("O1"),
                (None, None),
            ),
            impact_node(
                4,
                Some(2),
                true,
                "A1.2",
                NodeState::AtRisk,
                Some(50.0),
                Some("O1"),
                (None, Some("2026-01-01")),
            ),
            impact_node(
                5,
                Some(1),
                true,
                "A1.3",
                NodeState::Cancelled,
                Some(0.0),
                Some("O2"),
                (None, None),
            ),
            impact_node(
                6,
                None,
                false,
                "A2",
                NodeState::Open,
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
        // A1 = mean(75) (A1.3 cancelled); A2's one action has not started: 0.
        assert_eq!(i.progress, Some(37.5));
        let overall = i.overall.unwrap();
        assert_eq!(overall.actions, 3);
        assert_eq!(overall.progress, Some(50.0)); // 100, 50 and 0
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
                    progress: Some(0.0),
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
            direction: Direction::Decrease,
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
        assert_eq!(s.forecast, None, "two measurements are too few");
        let statuses: Vec<&str> = i.indicators.iter().map(|s| s.status.as_str()).collect();
        assert_eq!(statuses, ["at_risk", "no_data", "no_data", "off_track"]);
        assert_eq!(i.indicators[2].target, None);
        // The target equals the baseline: 50 does not hold 45 when it should fall.
        assert_eq!(i.indicators[3].achievement, None);
        assert_eq!(
            i.by_status,
            vec![
                Count {
                    label: "at_risk".into(),
                    count: Some(1)
                },
                Count {
                    label: "no_data".into(),
                    count: Some(2)
                },
                Count {
                    label: "off_track".into(),
                    count: Some(1)
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
