//! One indicator against its last target: achievement, on-track status and
//! least-squares forecast.

use chrono::NaiveDate;

use crate::model::{IndicatorRow, IndicatorState};

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
