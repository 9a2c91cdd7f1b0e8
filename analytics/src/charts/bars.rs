//! Horizontal bar charts: labelled counts, and progress by group.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::model::{Breakdown, Count};

use super::axes::{clamp, fmt_num, fmt_value, integer_label};
use super::chart::{Chart, Labels, chart, columns, series_name};
use super::style::{Area, BLUE, DrawResult, HEIGHT, grid_look, text_style};
use super::svg::{empty_svg, render};

/// Height of one bar (with its gap) in horizontal bar charts.
const BAR_ROW: u32 = 32;
/// Minimum height of a horizontal bar chart.
const MIN_BAR_HEIGHT: u32 = 160;
/// Horizontal bar labels longer than this are shortened in the SVG (not in the table).
const MAX_LABEL_CHARS: usize = 28;

/// Bars of labelled counts (horizontal, one row per label, in input order):
/// contributions by organisation kind, responses by status, adoptions by
/// territory, …
///
/// A suppressed count (`None`) gets no bar: the chart writes
/// `labels.suppressed` on its row and the table cell holds the same text.
///
/// `labels.columns`: label, count. `labels.series`: the count axis name.
pub fn counts_bar(id: &str, counts: &[Count], labels: &Labels) -> Chart {
    let columns = columns(labels, 2);
    // The same text in the table cell and after the bar.
    let text = |c: &Count| {
        c.count
            .map_or_else(|| labels.suppressed.clone(), |n| n.to_string())
    };
    let rows = counts
        .iter()
        .map(|c| vec![c.label.clone(), text(c)])
        .collect();
    let bars: Vec<Bar> = counts
        .iter()
        .map(|c| Bar {
            label: c.label.clone(),
            value: c.count.map(|n| clamp(n as f64)),
            text: text(c),
        })
        .collect();
    let max = bars.iter().filter_map(|b| b.value).fold(0.0_f64, f64::max);
    // Room for the value written after the longest bar; at least 0..5 so
    // that small counts get whole-number ticks.
    let x_max = (max * 1.15).max(5.0);
    let svg = hbar_svg(id, labels, &bars, x_max, true);
    chart(id, labels, svg, columns, rows)
}

/// Progress (0–100) of each group as horizontal bars, in input order.
/// Groups without a progress get no bar; the chart writes `labels.missing`
/// on their row. Values outside 0–100 are drawn clamped, the table keeps
/// them as given.
///
/// `labels.columns`: group, actions, progress. `labels.series`: the progress axis name.
pub fn progress_by_group(id: &str, rows: &[Breakdown], labels: &Labels) -> Chart {
    let columns = columns(labels, 3);
    let table = rows
        .iter()
        .map(|b| {
            vec![
                b.label.clone(),
                b.actions.to_string(),
                b.progress
                    .map_or_else(|| labels.missing.clone(), |p| fmt_value(p, &labels.missing)),
            ]
        })
        .collect();
    let bars: Vec<Bar> = rows
        .iter()
        .map(|b| {
            let value = b.progress.filter(|p| p.is_finite());
            Bar {
                label: b.label.clone(),
                value: value.map(|p| p.clamp(0.0, 100.0)),
                text: value.map_or_else(|| labels.missing.clone(), fmt_num),
            }
        })
        .collect();
    let svg = hbar_svg(id, labels, &bars, 100.0, false);
    chart(id, labels, svg, columns, table)
}

/// One row of a horizontal bar chart.
struct Bar {
    label: String,
    /// `None`: no bar (suppressed or missing), only `text`.
    value: Option<f64>,
    /// Written after the bar.
    text: String,
}

/// Horizontal bars, one row per bar (first on top), `0..x_max` on the x axis.
fn hbar_svg(id: &str, labels: &Labels, bars: &[Bar], x_max: f64, counts: bool) -> String {
    let rows = u32::try_from(bars.len()).unwrap_or(u32::MAX);
    let height = rows
        .saturating_mul(BAR_ROW)
        .saturating_add(72)
        .clamp(MIN_BAR_HEIGHT, 40_000);
    if bars.is_empty() {
        return empty_svg(id, labels, HEIGHT);
    }
    render(id, labels, height, |root| {
        draw_hbars(root, bars, x_max, counts, labels)
    })
}

fn draw_hbars(
    root: &Area<'_>,
    bars: &[Bar],
    x_max: f64,
    counts: bool,
    labels: &Labels,
) -> DrawResult {
    let shown: Vec<String> = bars.iter().map(|b| shorten(&b.label)).collect();
    let longest = shown.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    // About 0.6 em per character at 12.5 px, within sensible bounds.
    let label_width = u32::try_from(longest * 8 + 16)
        .unwrap_or(u32::MAX)
        .clamp(48, 240);
    let n = bars.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(8)
        .margin_right(56)
        .x_label_area_size(40)
        .y_label_area_size(label_width)
        .build_cartesian_2d(0.0..x_max, 0.0..n)?;
    let x_fmt = |x: &f64| {
        if counts {
            integer_label(x)
        } else {
            fmt_num(*x)
        }
    };
    let mut mesh = chart.configure_mesh();
    grid_look(&mut mesh)
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&x_fmt)
        .x_desc(series_name(labels, 0))
        .axis_desc_style(text_style())
        .draw()?;

    let centre = |i: usize| n - i as f64 - 0.5;
    chart.draw_series(bars.iter().enumerate().filter_map(|(i, b)| {
        b.value.map(|v| {
            Rectangle::new(
                [(0.0, centre(i) - 0.35), (v, centre(i) + 0.35)],
                BLUE.filled(),
            )
        })
    }))?;
    let right = text_style().pos(Pos::new(HPos::Right, VPos::Center));
    let left = text_style().pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (bar, label)) in bars.iter().zip(&shown).enumerate() {
        let (x, y) = chart.backend_coord(&(0.0, centre(i)));
        root.draw_text(label, &right, (x - 8, y))?;
        let (end, _) = chart.backend_coord(&(bar.value.unwrap_or(0.0), centre(i)));
        root.draw_text(&bar.text, &left, (end + 6, y))?;
    }
    Ok(())
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL_CHARS {
        label.to_owned()
    } else {
        let mut s: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}
