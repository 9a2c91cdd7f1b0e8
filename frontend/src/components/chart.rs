//! The indicator chart: baseline, target path, measurements and forecast as a
//! small SVG, with a table of the same figures as its text alternative.

use chrono::{Datelike, NaiveDate};
use dioxus::prelude::*;

use crate::i18n::Tr;
use crate::model::IndicatorView;

const W: f64 = 640.0;
const H: f64 = 300.0;
/// Room per character of a tick label at the largest font the page uses (narrow screens).
const CHAR_W: f64 = 13.0;
const PAD_R: f64 = 24.0;
const PAD_T: f64 = 16.0;
const PAD_B: f64 = 36.0;

/// Formats a number for people: up to two decimals, no trailing zeros.
pub fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
}

/// Round ticks covering `lo..=hi`: 1, 2, 2.5 or 5 times a power of ten
/// apart, three to seven of them, the first at or below `lo` and the last
/// at or above `hi`.
fn value_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = if hi - lo < 1e-9 {
        let pad = (lo.abs() * 0.1).max(1.0);
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / 5.0;
    let exponent = raw.log10().floor() as i32 - 1;
    // Steps in tenths of the power of ten, so every tick is an integer
    // scaled once and prints as written (99.45, not 99.45000000000002).
    let unit = |n: i64| {
        if exponent < 0 {
            n as f64 / 10f64.powi(-exponent)
        } else {
            n as f64 * 10f64.powi(exponent)
        }
    };
    let step = [10, 20, 25, 50, 100]
        .into_iter()
        .find(|m| unit(*m) >= raw * 0.999)
        .unwrap_or(100);
    let first = (lo / unit(step)).floor() as i64;
    let last = (hi / unit(step)).ceil() as i64;
    (first..=last).map(|k| unit(k * step)).collect()
}

/// How the dates on the axis are written.
#[derive(Clone, Copy, PartialEq, Debug)]
enum DateTicks {
    Years,
    Months,
    Days,
}

/// Dates to label between `from` and `to`: the first days of months a round
/// number of months apart (1, 3, 6 months, 1, 2, 5, 10 or 20 years), at
/// most five; when fewer
/// than two fall inside, the two ends themselves.
fn date_ticks(from: NaiveDate, to: NaiveDate) -> (Vec<NaiveDate>, DateTicks) {
    let inside = |step: i32| -> Vec<NaiveDate> {
        let month = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        let first = (month(from) + step - 1).div_euclid(step);
        (first..=month(to).div_euclid(step))
            .filter_map(|k| {
                let m = k * step;
                NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
            })
            .filter(|d| *d >= from && *d <= to)
            .collect()
    };
    let (step, ticks) = [1, 3, 6, 12, 24, 60, 120, 240]
        .into_iter()
        .map(|s| (s, inside(s)))
        .find(|(_, t)| t.len() <= 5)
        .unwrap_or((0, Vec::new()));
    if ticks.len() < 2 {
        let ends = if from == to {
            vec![from]
        } else {
            vec![from, to]
        };
        return (ends, DateTicks::Days);
    }
    let kind = if step >= 12 {
        DateTicks::Years
    } else {
        DateTicks::Months
    };
    (ticks, kind)
}

/// The chart and its table.
#[component]
pub fn IndicatorChart(tr: Tr, indicator: IndicatorView) -> Element {
    let i = &indicator;
    let mut dates: Vec<NaiveDate> = vec![i.baseline.date];
    let mut values: Vec<f64> = vec![i.baseline.value];
    for p in i.targets.iter().chain(i.measurements.iter()) {
        dates.push(p.date);
        values.push(p.value);
    }
    if let Some(f) = i.forecast {
        values.push(f);
    }
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    let ticks = if lo <= hi {
        value_ticks(lo, hi)
    } else {
        value_ticks(0.0, 1.0)
    };
    let (y0, y1) = (ticks[0], ticks[ticks.len() - 1]);
    let widest = ticks
        .iter()
        .map(|t| tr.number(*t).chars().count())
        .max()
        .unwrap_or(1);
    let pad_l = 20.0 + widest as f64 * CHAR_W;
    let first = dates.iter().min().copied().unwrap_or(i.baseline.date);
    let last = dates.iter().max().copied().unwrap_or(i.baseline.date);
    let (months, kind) = date_ticks(first, last);
    let span_x = (last - first).num_days().max(1) as f64;
    let x = |d: NaiveDate| pad_l + (d - first).num_days() as f64 / span_x * (W - pad_l - PAD_R);
    let y = |v: f64| PAD_T + (1.0 - (v - y0) / (y1 - y0)) * (H - PAD_T - PAD_B);
    // Labels at the very ends are kept inside the drawing.
    let anchor = |d: NaiveDate| {
        if x(d) < pad_l + 30.0 {
            "start"
        } else if x(d) > W - PAD_R - 30.0 {
            "end"
        } else {
            "middle"
        }
    };
    let date_label = |d: NaiveDate| match kind {
        DateTicks::Years => d.year().to_string(),
        DateTicks::Months => crate::numbers::month_year(tr.lang, d),
        DateTicks::Days => tr.date(d),
    };
    let mut target_path = format!("{:.1},{:.1}", x(i.baseline.date), y(i.baseline.value));
    for t in &i.targets {
        target_path.push_str(&format!(" {:.1},{:.1}", x(t.date), y(t.value)));
    }
    let mut measured_path = format!("{:.1},{:.1}", x(i.baseline.date), y(i.baseline.value));
    for m in &i.measurements {
        measured_path.push_str(&format!(" {:.1},{:.1}", x(m.date), y(m.value)));
    }
    let forecast_line = match (i.measurements.last(), i.targets.last(), i.forecast) {
        (Some(m), Some(t), Some(f)) => Some((x(m.date), y(m.value), x(t.date), y(f))),
        _ => None,
    };
    let chart_id = format!("chart-{}", i.id);
    let title = tr.ta("chart-title", &[("name", i.name.clone())]);
    let unit = if i.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", i.unit)
    };
    rsx! {
        figure { class: "indicator-chart",
            svg {
                view_box: "0 0 {W} {H}",
                width: "100%",
                role: "img",
                "aria-labelledby": "{chart_id}-title",
                title { id: "{chart_id}-title", "{title}" }
                for t in ticks.iter() {
                    line { x1: "{pad_l}", x2: "{W - PAD_R}", y1: "{y(*t):.1}", y2: "{y(*t):.1}", class: "grid" }
                    text { x: "{pad_l - 8.0}", y: "{y(*t) + 5.0:.1}", class: "tick value", "text-anchor": "end", {tr.number(*t)} }
                }
                line { x1: "{pad_l}", x2: "{W - PAD_R}", y1: "{H - PAD_B}", y2: "{H - PAD_B}", class: "axis" }
                for m in months.iter() {
                    line { x1: "{x(*m):.1}", x2: "{x(*m):.1}", y1: "{H - PAD_B}", y2: "{H - PAD_B + 5.0}", class: "axis" }
                    text { x: "{x(*m):.1}", y: "{H - 12.0}", class: "tick date", "text-anchor": anchor(*m), {date_label(*m)} }
                }
                polyline { points: "{target_path}", class: "target-path" }
                polyline { points: "{measured_path}", class: "measured-path" }
                if let Some((a, b, c, d)) = forecast_line {
                    line { x1: "{a:.1}", y1: "{b:.1}", x2: "{c:.1}", y2: "{d:.1}", class: "forecast-path" }
                }
                for t in i.targets.iter() {
                    rect { x: "{x(t.date) - 4.0:.1}", y: "{y(t.value) - 4.0:.1}", width: "8", height: "8", class: "target-point" }
                }
                for m in i.measurements.iter() {
                    circle { cx: "{x(m.date):.1}", cy: "{y(m.value):.1}", r: "4", class: "measured-point" }
                }
                circle { cx: "{x(i.baseline.date):.1}", cy: "{y(i.baseline.value):.1}", r: "5", class: "baseline-point" }
            }
            figcaption { class: "chart-legend",
                span { class: "legend target", {tr.t("chart-legend-target")} }
                span { class: "legend measured", {tr.t("chart-legend-measured")} }
                if forecast_line.is_some() { span { class: "legend forecast", {tr.t("chart-legend-forecast")} } }
            }
        }
        table { class: "indicator-table",
            caption { {tr.ta("chart-table-caption", &[("name", i.name.clone())])} }
            thead {
                tr {
                    th { scope: "col", {tr.t("chart-col-date")} }
                    th { scope: "col", {tr.t("chart-col-kind")} }
                    th { scope: "col", {tr.t("chart-col-value")} }
                }
            }
            tbody {
                tr {
                    td { {tr.date(i.baseline.date)} }
                    td { {tr.t("chart-kind-baseline")} }
                    td { "{tr.number(i.baseline.value)}{unit}" }
                }
                for t in i.targets.iter() {
                    tr {
                        td { {tr.date(t.date)} }
                        td { {tr.ta("chart-kind-target", &[("period", t.label.clone().unwrap_or_default())])} }
                        td { "{tr.number(t.value)}{unit}" }
                    }
                }
                for m in i.measurements.iter() {
                    tr {
                        td { {tr.date(m.date)} }
                        td { {tr.t("chart-kind-measured")} if let Some(n) = &m.label { " – {n}" } }
                        td { "{tr.number(m.value)}{unit}" }
                    }
                }
                if let Some(t) = i.targets.last() {
                    tr {
                        td { {tr.date(t.date)} }
                        td { {tr.t("chart-kind-forecast")} }
                        td {
                            match i.forecast {
                                Some(f) => rsx! { "{tr.number(f)}{unit}" },
                                None => rsx! { {tr.t("forecast-not-enough-data")} },
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{DateTicks, date_ticks, num, value_ticks};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn value_ticks_are_round_and_cover_the_values() {
        assert_eq!(
            value_ticks(62.0, 102.45),
            [60.0, 70.0, 80.0, 90.0, 100.0, 110.0]
        );
        assert_eq!(
            value_ticks(99.48, 99.71),
            [99.45, 99.5, 99.55, 99.6, 99.65, 99.7, 99.75]
        );
        assert_eq!(value_ticks(0.0, 1.0), [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(
            value_ticks(45.0, 45.0),
            [40.0, 42.0, 44.0, 46.0, 48.0, 50.0]
        );
        for (lo, hi) in [
            (0.0, 129.69),
            (-12.52, 40.0),
            (1e-3, 2e-3),
            (3.0, 1.5e6),
            (7.0, 7.5),
        ] {
            let t = value_ticks(lo, hi);
            assert!(t[0] <= lo && *t.last().unwrap() >= hi, "{lo} {hi}: {t:?}");
            assert!((3..=8).contains(&t.len()), "{lo} {hi}: {t:?}");
            assert!(t.iter().all(|v| num(*v).len() <= 8), "{lo} {hi}: {t:?}");
        }
    }

    #[test]
    fn date_ticks_are_month_starts_a_round_step_apart() {
        let (t, kind) = date_ticks(d("2024-12-31"), d("2027-12-31"));
        assert_eq!(kind, DateTicks::Years);
        assert_eq!(t, [d("2025-01-01"), d("2026-01-01"), d("2027-01-01")]);
        let (t, kind) = date_ticks(d("2025-01-15"), d("2025-12-31"));
        assert_eq!(kind, DateTicks::Months);
        assert_eq!(t, [d("2025-04-01"), d("2025-07-01"), d("2025-10-01")]);
        let (t, kind) = date_ticks(d("2025-03-10"), d("2025-03-20"));
        assert_eq!(kind, DateTicks::Days);
        assert_eq!(t, [d("2025-03-10"), d("2025-03-20")]);
        let (t, _) = date_ticks(d("2000-01-01"), d("2050-01-01"));
        assert!((2..=5).contains(&t.len()), "{t:?}");
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(num(57.894), "57.89");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(-0.001), "0");
    }
}
