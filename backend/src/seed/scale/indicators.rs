//! Indicators of the national plan, with yearly targets and monthly
//! measurements since the baseline.

use chrono::{Duration, NaiveDate};
use rand::Rng;

use super::loader::Loader;
use super::sql::{Writer, day, max_id, opt, q, ts};
use super::words::sentence;
use crate::domain::Direction;
use crate::error::AppResult;

/// An indicator's course: (id, baseline, change in three years, pace), the
/// pace being how well it keeps to its targets.
type Series = Vec<(i32, f64, f64, f64)>;

/// The date of every baseline.
fn baseline_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default()
}

impl Loader<'_> {
    /// Indicators on actions and operational objectives, their targets and
    /// their measurements.
    pub(super) fn indicators(&mut self) -> AppResult<()> {
        let series = self.indicator_rows()?;
        self.targets(&series)?;
        self.measurements(&series)
    }

    /// The indicators, most of them to increase; their courses.
    fn indicator_rows(&mut self) -> AppResult<Series> {
        let base_indicator = max_id(self.conn, "indicators")?;
        let indicator_nodes: Vec<i32> = self
            .nodes
            .iter()
            .filter(|n| n.kind >= 2)
            .map(|n| n.id)
            .collect();
        let mut series = Vec::new();
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "indicators",
            "id, node_id, name, unit, direction, baseline_value, baseline_date, frequency, data_source, created_at, updated_at",
            self.scale.indicators,
        )?;
        let created = ts(self.now - Duration::days(1100));
        let rng = &mut self.rng;
        for i in 0..self.scale.indicators {
            let id = base_indicator + i as i32 + 1;
            let node = indicator_nodes[(i * 7) % indicator_nodes.len()];
            let x = rng.random::<f64>();
            let direction = if x < 0.7 {
                Direction::Increase
            } else if x < 0.9 {
                Direction::Decrease
            } else {
                Direction::Keep
            };
            let (unit, baseline) = if i % 3 == 0 {
                ("%", rng.random_range(10.0..60.0f64).round())
            } else {
                ("numero", rng.random_range(100.0..10_000.0f64).round())
            };
            // Target in three years and how well each indicator keeps pace.
            let change = match direction {
                Direction::Increase => baseline * rng.random_range(0.2..0.8),
                Direction::Decrease => -baseline * rng.random_range(0.1..0.5),
                Direction::Keep => 0.0,
            };
            let pace = rng.random_range(0.3..1.3);
            w.push(format!(
                "({id}, {node}, {}, '{unit}', '{direction}', {baseline}, {}, 'monthly', 'ISTAT e sistemi di monitoraggio interni', {created}, {created})",
                q(&format!("Indicatore {}: {}", i + 1, sentence(rng, 3))),
                day(baseline_date())
            ))?;
            series.push((id, baseline, change, pace));
        }
        self.counts.push(w.finish()?);
        Ok(series)
    }

    /// Targets for 2024, 2025 and 2026, on the way to the change.
    fn targets(&mut self, series: &Series) -> AppResult<()> {
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "indicator_targets",
            "indicator_id, period, due_date, value",
            series.len() * 3,
        )?;
        for (id, baseline, change, _) in series {
            for (k, year) in [2024, 2025, 2026].into_iter().enumerate() {
                let value = baseline + change * (k + 1) as f64 / 3.0;
                w.push(format!("({id}, '{year}', '{year}-12-31', {value:.2})"))?;
            }
        }
        self.counts.push(w.finish()?);
        Ok(())
    }

    /// Monthly measurements from the baseline until today, along each
    /// indicator's pace with some noise.
    fn measurements(&mut self, series: &Series) -> AppResult<()> {
        let today = self.now.date();
        let baseline_date = baseline_date();
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "measurements",
            "indicator_id, measured_on, value, note, recorded_by, created_at",
            series.len() * self.scale.measurements,
        )?;
        for (id, baseline, change, pace) in series {
            for m in 1..=self.scale.measurements {
                let on = baseline_date
                    .checked_add_months(chrono::Months::new(m as u32))
                    .unwrap_or(baseline_date);
                if on > today {
                    break;
                }
                let t = m as f64 / 48.0;
                let noise = self.rng.random_range(-0.03..0.03) * baseline.abs().max(1.0);
                let value = baseline + change * t * pace + noise;
                w.push(format!(
                    "({id}, {}, {value:.2}, NULL, {}, {})",
                    day(on),
                    opt(self.admin),
                    ts(on.and_hms_opt(9, 0, 0).unwrap_or_default())
                ))?;
            }
        }
        self.counts.push(w.finish()?);
        Ok(())
    }
}
