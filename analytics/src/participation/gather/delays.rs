//! The days from a contribution to its response, kept for their median.

use std::cmp::Ordering;

/// Days to a response, for their median: as whole seconds (half the memory
/// of a float) when that gives the same days back, as it does for a delay
/// under 68 years; else as days.
#[derive(Default)]
pub(super) struct Delays {
    seconds: Vec<i32>,
    days: Vec<f64>,
}

impl Delays {
    pub(super) fn add(&mut self, days: f64) {
        let seconds = (days * 86_400.0).round();
        match i32::try_from(seconds as i64) {
            Ok(s) if (f64::from(s) / 86_400.0).to_bits() == days.to_bits() => {
                self.seconds.push(s);
            }
            _ => self.days.push(days),
        }
    }

    /// As [`median`] over the days.
    pub(super) fn median(self) -> Option<f64> {
        let days = |s: i32| f64::from(s) / 86_400.0;
        if !self.days.is_empty() {
            let mut all: Vec<f64> = self.seconds.into_iter().map(days).collect();
            all.extend(self.days);
            return median(&mut all);
        }
        // Seconds order as their days do.
        let mut seconds = self.seconds;
        median_by(&mut seconds, Ord::cmp, days)
    }
}

/// The median (the mean of the two middle values for an even count); `None`
/// when empty. Reorders `values`.
fn median(values: &mut [f64]) -> Option<f64> {
    median_by(values, f64::total_cmp, |v| v)
}

/// [`median`] of `values` ordered by `cmp` and read as days by `value`.
fn median_by<T: Copy>(
    values: &mut [T],
    cmp: impl Fn(&T, &T) -> Ordering,
    value: impl Fn(T) -> f64,
) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (lower, &mut upper, _) = values.select_nth_unstable_by(n / 2, &cmp);
    if n % 2 == 1 {
        return Some(value(upper));
    }
    let lower = lower
        .iter()
        .map(|&v| value(v))
        .fold(f64::NEG_INFINITY, f64::max);
    Some((lower + value(upper)) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::{Delays, median};
    use crate::activity::days_between;

    #[test]
    fn delays_kept_as_seconds_give_the_median_of_the_days() {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let mut x: u64 = 11;
        for n in [0usize, 1, 2, 7, 1_000, 1_001] {
            for far in [false, true] {
                let mut delays = Delays::default();
                let mut all = Vec::new();
                for i in 0..n {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    // Seconds to 90 days, some before (bad data), and with
                    // `far`, one delay of 100 years (kept as days).
                    let seconds = (x >> 40) as i64 % 7_776_000 - 86_400;
                    let seconds = if far && i == n / 2 {
                        3_155_760_000
                    } else {
                        seconds
                    };
                    let days =
                        days_between(start, Some(start + chrono::Duration::seconds(seconds)))
                            .unwrap();
                    delays.add(days);
                    all.push(days);
                }
                assert_eq!(delays.days.is_empty(), !far || n == 0, "{n} {far}");
                let got = delays.median().map(f64::to_bits);
                assert_eq!(got, median(&mut all).map(f64::to_bits), "{n} {far}");
            }
        }
    }
}
