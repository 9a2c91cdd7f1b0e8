//! One indicator against its last target: achievement, on-track status and
//! least-squares forecast, kept within the values the indicator can take.

use chrono::NaiveDate;

use crate::model::{IndicatorRow, IndicatorState};

/// A forecast drawn through fewer measurements is a guess, not a trend.
pub const MIN_FORECAST_MEASUREMENTS: usize = 3;

/// Which way an indicator should move (DESIGN.md "Indicator").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Higher is better.
    #[default]
    Increase,
    /// Lower is better.
    Decrease,
    /// Hold the target: at least the target is met.
    Keep,
}

impl Direction {
    /// From the stored code; anything unknown is read as `increase`.
    pub fn parse(code: &str) -> Direction {
        match code {
            "decrease" => Direction::Decrease,
            "keep" => Direction::Keep,
            _ => Direction::Increase,
        }
    }

    /// Whether `latest` meets `target` when baseline and target are equal.
    fn meets(self, latest: f64, target: f64) -> bool {
        match self {
            Direction::Decrease => latest <= target,
            Direction::Increase | Direction::Keep => latest >= target,
        }
    }
}

/// The values an indicator can take: counts, durations and amounts are
/// never below 0, percentages never above 100. A bound is dropped when the
/// indicator's own figures cross it (a growth rate below 0, an index above
/// 100), since then the unit does not mean what it seems to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Domain {
    /// Lowest possible value.
    pub min: Option<f64>,
    /// Highest possible value.
    pub max: Option<f64>,
}

impl Domain {
    /// The domain of an indicator in `unit` whose baseline, targets and
    /// measurements are `known`.
    pub fn of(unit: &str, known: impl IntoIterator<Item = f64>) -> Domain {
        let (lo, hi) = known
            .into_iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        Domain {
            min: (lo >= 0.0).then_some(0.0),
            max: (is_percentage(unit) && hi <= 100.0).then_some(100.0),
        }
    }

    /// `v` moved to the nearest value inside the domain.
    pub fn clamp(self, v: f64) -> f64 {
        let v = self.min.map_or(v, |m| v.max(m));
        self.max.map_or(v, |m| v.min(m))
    }

    /// Whether `v` lies inside the domain.
    pub fn contains(self, v: f64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

/// Whether a unit is a share of 100, in any of the four languages.
fn is_percentage(unit: &str) -> bool {
    let u = unit.trim().to_lowercase();
    u.contains('%')
        || ["percent", "per cent", "percentual", "porcentaje", "procent"]
            .iter()
            .any(|w| u.starts_with(w))
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
/// baseline) to (target date, target) says it should be today. A target equal
/// to the baseline is to be held: achieved while `direction` says it is met,
/// off track otherwise.
pub fn track_status(
    baseline: (NaiveDate, f64),
    target: (NaiveDate, f64),
    latest: f64,
    today: NaiveDate,
    direction: Direction,
) -> Option<TrackStatus> {
    let Some(done) = achievement(baseline.1, target.1, latest) else {
        return Some(if direction.meets(latest, target.1) {
            TrackStatus::Achieved
        } else {
            TrackStatus::OffTrack
        });
    };
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
/// with fewer than [`MIN_FORECAST_MEASUREMENTS`] or with all on one date.
pub fn forecast(points: &[(NaiveDate, f64)], at: NaiveDate) -> Option<f64> {
    if points.len() < MIN_FORECAST_MEASUREMENTS {
        return None;
    }
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

/// What the plan page and the impact board say of one indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// The last target (date, value).
    pub target: Option<(NaiveDate, f64)>,
    /// The latest measurement (date, value).
    pub latest: Option<(NaiveDate, f64)>,
    /// Achievement %; for a target equal to the baseline, 100 once it is met.
    pub achievement: Option<f64>,
    /// Status against the last target; `None` without a target or a measurement.
    pub status: Option<TrackStatus>,
    /// Forecast at the last target's date, inside the indicator's [`Domain`].
    pub forecast: Option<f64>,
}

/// Judges one indicator at `today` against its last target, by its latest measurement.
pub fn assess(i: &IndicatorRow, today: NaiveDate) -> Assessment {
    let target = i.targets.iter().copied().max_by_key(|t| t.0);
    let latest = i.measurements.iter().copied().max_by_key(|m| m.0);
    let (achievement, status) = match (target, latest) {
        (Some(t), Some(l)) => {
            let status = track_status((i.baseline_date, i.baseline), t, l.1, today, i.direction);
            let achievement = achievement(i.baseline, t.1, l.1)
                .or((status == Some(TrackStatus::Achieved)).then_some(100.0));
            (achievement, status)
        }
        _ => (None, None),
    };
    let mut points = i.measurements.clone();
    points.sort_by_key(|m| m.0);
    let domain = Domain::of(
        &i.unit,
        std::iter::once(i.baseline)
            .chain(i.targets.iter().map(|t| t.1))
            .chain(points.iter().map(|m| m.1)),
    );
    let forecast = target
        .and_then(|t| forecast(&points, t.0))
        .map(|f| domain.clamp(f));
    Assessment {
        target,
        latest,
        achievement,
        status,
        forecast,
    }
}

/// State of one indicator at `today`, against its last target.
pub fn indicator_state(i: &IndicatorRow, today: NaiveDate) -> IndicatorState {
    let a = assess(i, today);
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
        measurements,
        target: a.target.map(|t| t.1),
        target_date: a.target.map(|t| t.0),
        latest: a.latest.map(|l| l.1),
        achievement: a.achievement,
        status: a.status.map_or("no_data", TrackStatus::as_str).to_owned(),
        forecast: a.forecast,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
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
            track_status(b, t, 50.0, d("2026-01-01"), Direction::Increase),
            Some(TrackStatus::OnTrack)
        );
        assert_eq!(
            track_status(b, t, 35.0, d("2026-01-01"), Direction::Increase),
            Some(TrackStatus::AtRisk)
        );
        assert_eq!(
            track_status(b, t, 10.0, d("2026-01-01"), Direction::Increase),
            Some(TrackStatus::OffTrack)
        );
        assert_eq!(
            track_status(b, t, 100.0, d("2026-01-01"), Direction::Increase),
            Some(TrackStatus::Achieved)
        );
        // The same start and end: held, so judged by the direction.
        assert_eq!(
            track_status(
                b,
                (d("2027-01-01"), 0.0),
                5.0,
                d("2026-01-01"),
                Direction::Increase
            ),
            Some(TrackStatus::Achieved)
        );
    }

    #[test]
    fn a_target_equal_to_the_baseline_is_held_or_not() {
        let b = (d("2024-12-31"), 99.5);
        let t = (d("2027-12-31"), 99.5);
        let today = d("2026-10-01");
        let status = |latest, direction| track_status(b, t, latest, today, direction);
        assert_eq!(status(99.58, Direction::Keep), Some(TrackStatus::Achieved));
        assert_eq!(status(99.48, Direction::Keep), Some(TrackStatus::OffTrack));
        assert_eq!(
            status(99.4, Direction::Decrease),
            Some(TrackStatus::Achieved)
        );
        let held = IndicatorRow {
            id: 1,
            node_id: 1,
            name: "Availability".into(),
            unit: "%".into(),
            direction: Direction::Keep,
            baseline: 99.5,
            baseline_date: b.0,
            targets: vec![t],
            measurements: vec![(d("2026-09-30"), 99.58), (d("2026-06-30"), 99.66)],
        };
        let a = assess(&held, today);
        assert_eq!(
            a.latest,
            Some((d("2026-09-30"), 99.58)),
            "by date, not by order"
        );
        assert_eq!(a.status, Some(TrackStatus::Achieved));
        assert_eq!(a.achievement, Some(100.0));
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
        assert_eq!(
            forecast(&pts[..2], d("2025-02-01")),
            None,
            "two are too few"
        );
        assert_eq!(forecast(&[], d("2025-02-01")), None);
    }

    #[test]
    fn forecasts_stay_in_the_indicators_domain() {
        let falling = vec![
            (d("2025-01-01"), 12.0),
            (d("2025-07-01"), 6.0),
            (d("2026-01-01"), 1.0),
        ];
        let row = |unit: &str, baseline: f64, target: f64, measurements: Vec<(NaiveDate, f64)>| {
            IndicatorRow {
                id: 1,
                node_id: 1,
                name: "I".into(),
                unit: unit.into(),
                direction: Direction::Decrease,
                baseline,
                baseline_date: d("2024-12-31"),
                targets: vec![(d("2027-12-31"), target)],
                measurements,
            }
        };
        let today = d("2026-02-01");
        // Hours and counts cannot go below 0.
        let hours = row("ore", 12.0, 4.0, falling.clone());
        assert_eq!(assess(&hours, today).forecast, Some(0.0));
        // A percentage cannot pass 100.
        let rising: Vec<_> = falling.iter().map(|&(x, v)| (x, 100.0 - v * 3.0)).collect();
        let f = assess(&row("%", 60.0, 95.0, rising), today).forecast;
        assert_eq!(f, Some(100.0));
        // A unit whose own figures are negative keeps its negative forecast.
        let balance: Vec<_> = falling.iter().map(|&(x, v)| (x, v - 5.0)).collect();
        let f = assess(&row("milioni di euro", 7.0, -10.0, balance), today).forecast;
        assert!(f.unwrap() < -10.0, "{f:?}");
        // Two measurements: no forecast at all.
        let two = row("ore", 12.0, 4.0, falling[..2].to_vec());
        assert_eq!(assess(&two, today).forecast, None);
    }

    #[test]
    fn domains_by_unit_and_figures() {
        let pct = Domain::of("%", [40.0, 99.0]);
        assert_eq!((pct.min, pct.max), (Some(0.0), Some(100.0)));
        assert!(pct.contains(100.0) && !pct.contains(100.1) && !pct.contains(-0.1));
        assert_eq!(Domain::of("Percentuale", [5.0]).max, Some(100.0));
        assert_eq!(Domain::of("%", [-2.0, 3.0]).min, None);
        assert_eq!(Domain::of("%", [120.0]).max, None);
        let days = Domain::of("giorni", [45.0, 30.0]);
        assert_eq!((days.min, days.max), (Some(0.0), None));
        assert_eq!(days.clamp(-1.25), 0.0);
        assert_eq!(Direction::parse("keep"), Direction::Keep);
        assert_eq!(Direction::parse("anything"), Direction::Increase);
    }
}
