//! The indicator chart: baseline, target path, measurements and forecast as a
//! small SVG, with a table of the same figures as its text alternative.

use dioxus::prelude::*;

use crate::i18n::Tr;
use crate::model::IndicatorView;

const W: f64 = 480.0;
const H: f64 = 200.0;
const PAD_L: f64 = 56.0;
const PAD_R: f64 = 16.0;
const PAD_T: f64 = 16.0;
const PAD_B: f64 = 32.0;

/// Formats a number for people: up to two decimals, no trailing zeros.
pub fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
}

/// The chart and its table.
#[component]
pub fn IndicatorChart(tr: Tr, indicator: IndicatorView) -> Element {
    let i = &indicator;
    let mut dates: Vec<i64> = vec![i.baseline.date.num_days_from_ce() as i64];
    let mut values: Vec<f64> = vec![i.baseline.value];
    for p in i.targets.iter().chain(i.measurements.iter()) {
        dates.push(p.date.num_days_from_ce() as i64);
        values.push(p.value);
    }
    if let Some(f) = i.forecast {
        values.push(f);
    }
    let (x0, x1) = (
        *dates.iter().min().unwrap_or(&0),
        *dates.iter().max().unwrap_or(&1),
    );
    let (mut y0, mut y1) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    if (y1 - y0).abs() < f64::EPSILON {
        y0 -= 1.0;
        y1 += 1.0;
    }
    let pad = (y1 - y0) * 0.1;
    let (y0, y1) = (y0 - pad, y1 + pad);
    let span_x = (x1 - x0).max(1) as f64;
    let x = |d: chrono::NaiveDate| {
        PAD_L + (d.num_days_from_ce() as i64 - x0) as f64 / span_x * (W - PAD_L - PAD_R)
    };
    let y = |v: f64| PAD_T + (1.0 - (v - y0) / (y1 - y0)) * (H - PAD_T - PAD_B);
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
    let ticks = [y0 + pad, (y0 + y1) / 2.0, y1 - pad];
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
                    line { x1: "{PAD_L}", x2: "{W - PAD_R}", y1: "{y(*t):.1}", y2: "{y(*t):.1}", class: "grid" }
                    text { x: "{PAD_L - 6.0}", y: "{y(*t) + 4.0:.1}", class: "tick", "text-anchor": "end", {tr.number(*t)} }
                }
                text { x: "{PAD_L}", y: "{H - 10.0}", class: "tick", {i.baseline.date.to_string()} }
                if let Some(t) = i.targets.last() {
                    text { x: "{W - PAD_R}", y: "{H - 10.0}", class: "tick", "text-anchor": "end", {t.date.to_string()} }
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
                    td { {i.baseline.date.to_string()} }
                    td { {tr.t("chart-kind-baseline")} }
                    td { "{tr.number(i.baseline.value)}{unit}" }
                }
                for t in i.targets.iter() {
                    tr {
                        td { {t.date.to_string()} }
                        td { {tr.ta("chart-kind-target", &[("period", t.label.clone().unwrap_or_default())])} }
                        td { "{tr.number(t.value)}{unit}" }
                    }
                }
                for m in i.measurements.iter() {
                    tr {
                        td { {m.date.to_string()} }
                        td { {tr.t("chart-kind-measured")} if let Some(n) = &m.label { " – {n}" } }
                        td { "{tr.number(m.value)}{unit}" }
                    }
                }
                if let (Some(f), Some(t)) = (i.forecast, i.targets.last()) {
                    tr {
                        td { {t.date.to_string()} }
                        td { {tr.t("chart-kind-forecast")} }
                        td { "{tr.number(f)}{unit}" }
                    }
                }
            }
        }
    }
}

use chrono::Datelike;

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_for_people() {
        assert_eq!(num(57.894), "57.89");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(-0.001), "0");
    }
}
