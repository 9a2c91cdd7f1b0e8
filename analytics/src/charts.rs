//! Charts for the analytics pages: an SVG drawn with plotters plus the same
//! data as a table, the accessible alternative shown next to it.
//!
//! Every text (title, description, column headers, legend, placeholders) is
//! passed in already translated through [`Labels`]; this module never decides
//! the UI language. Output is deterministic (same input, byte-identical SVG),
//! has a fixed `viewBox` with `width="100%"` so it scales on phones, carries
//! `role="img"` with `aria-labelledby` pointing at a `<title>` and `<desc>`,
//! and uses presentation attributes only (no `style=`, which the site's
//! Content-Security-Policy forbids).

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use crate::model::{Breakdown, Count, DailyParticipants};

/// A chart: SVG plus the same data as a table (the accessible alternative).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Stable identifier, also the stem of the ids inside the SVG
    /// (`chart-<id>-title`, `chart-<id>-desc`); unique per page.
    pub id: String,
    /// Title (translated), also the SVG `<title>`.
    pub title: String,
    /// Longer description (translated), also the SVG `<desc>`.
    pub description: String,
    /// A complete `<svg>` element, ready to be embedded inline in HTML.
    pub svg: String,
    /// Table column headers (translated).
    pub columns: Vec<String>,
    /// Table rows, one cell per column, numbers formatted plainly (`12`, `45.3`).
    pub rows: Vec<Vec<String>>,
}

/// The translated texts of one chart.
///
/// `columns` and `series` are positional; each chart function documents the
/// order it expects. Missing entries are treated as empty strings, surplus
/// ones are ignored, so a mismatch never panics.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Labels {
    /// Chart title.
    pub title: String,
    /// What the chart shows, for screen readers (`<desc>`).
    pub description: String,
    /// Table column headers, in the order given by the chart function.
    pub columns: Vec<String>,
    /// Legend / axis names of the drawn series, in the order given by the chart function.
    pub series: Vec<String>,
    /// Shown in the SVG when there is nothing to draw (e.g. "No data yet").
    pub empty: String,
    /// Table cell and chart text for a suppressed count (e.g. "< 5").
    pub suppressed: String,
    /// Table cell for a value that does not exist (e.g. "—").
    pub missing: String,
}

// ------------------------------------------------------------------ layout

/// Width of every chart, in SVG user units.
const WIDTH: u32 = 640;
/// Height of the time charts and of empty charts.
const HEIGHT: u32 = 320;
/// Height of one bar (with its gap) in horizontal bar charts.
const BAR_ROW: u32 = 32;
/// Minimum height of a horizontal bar chart.
const MIN_BAR_HEIGHT: u32 = 160;
/// Height of the legend strip above time charts.
const LEGEND_HEIGHT: u32 = 28;
/// Generic family: no font file needed, the browser picks one.
const FONT: &str = "sans-serif";
/// Font size handed to plotters; the SVG backend writes `size / 1.24`, i.e. 12.5.
const FONT_SIZE: f64 = 15.5;
/// Values are clamped to ±this before drawing (the table keeps the originals).
const MAX_ABS: f64 = 1e12;
/// Horizontal bar labels longer than this are shortened in the SVG (not in the table).
const MAX_LABEL_CHARS: usize = 28;

/// Body text: 17.4:1 on white.
const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// Axes and the target path: 7.5:1 on white.
const DARK: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);
/// Grid lines (decorative only).
const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);
/// Bars and measurements: 6.4:1 on white.
const BLUE: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
/// Cumulative line and forecast: 5.9:1 on white; tells apart from blue also with colour-blindness.
const ORANGE: RGBColor = RGBColor(0xa3, 0x4a, 0x00);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error>>;

// ------------------------------------------------------------------ charts

/// Participants per day: bars of the participants active each day (left
/// axis) and a solid line with dots of the cumulative participants (right
/// axis), days on the x axis.
///
/// `labels.columns`: day, active, new, cumulative (the table has all four).
/// `labels.series`: active, cumulative (legend and axis names).
pub fn participation_per_day(id: &str, daily: &[DailyParticipants], labels: &Labels) -> Chart {
    let columns = columns(labels, 4);
    let mut days: Vec<&DailyParticipants> = daily.iter().collect();
    days.sort_by_key(|d| d.day);
    let rows = days
        .iter()
        .map(|d| {
            vec![
                fmt_date(d.day),
                d.active.to_string(),
                d.new.to_string(),
                d.cumulative.to_string(),
            ]
        })
        .collect();
    let svg = match days.first() {
        None => empty_svg(id, labels, HEIGHT),
        Some(first) => {
            let start = first.day;
            let points: Vec<(f64, f64, f64)> = days
                .iter()
                .map(|d| {
                    (
                        day_offset(start, d.day),
                        clamp(d.active as f64),
                        clamp(d.cumulative as f64),
                    )
                })
                .collect();
            render(id, labels, HEIGHT, |root| {
                draw_participation(root, &points, start, labels)
            })
        }
    };
    chart(id, labels, svg, columns, rows)
}

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
    let rows = counts
        .iter()
        .map(|c| {
            let count = c
                .count
                .map_or_else(|| labels.suppressed.clone(), |n| n.to_string());
            vec![c.label.clone(), count]
        })
        .collect();
    let bars: Vec<Bar> = counts
        .iter()
        .map(|c| Bar {
            label: c.label.clone(),
            value: c.count.map(|n| clamp(n as f64)),
            text: c
                .count
                .map_or_else(|| labels.suppressed.clone(), |n| n.to_string()),
        })
        .collect();
    let max = bars.iter().filter_map(|b| b.value).fold(0.0_f64, f64::max);
    // Room for the value written after the longest bar; at least 0..5 so
    // that small counts get whole-number ticks.
    let x_max = (max * 1.15).max(5.0);
    let svg = hbar_svg(id, labels, &bars, x_max, true);
    chart(id, labels, svg, columns, rows)
}

/// An indicator over time: the baseline (square), the target path (dashed
/// dark line from the baseline through the targets, hollow dots), the
/// measurements (solid blue line with dots) and the forecast (dashed orange
/// line from the last measurement to the forecast, hollow dot).
///
/// Non-finite values are left out of the drawing and shown as
/// `labels.missing` in the table.
///
/// `labels.columns`: date, series, value; the table has one row per point:
/// baseline, targets, measurements, forecast (in that order, each in input
/// order). `labels.series`: baseline, target, measurement, forecast (legend
/// and the table's series column).
pub fn indicator(
    id: &str,
    baseline: (NaiveDate, f64),
    targets: &[(NaiveDate, f64)],
    measurements: &[(NaiveDate, f64)],
    forecast: Option<(NaiveDate, f64)>,
    labels: &Labels,
) -> Chart {
    let columns = columns(labels, 3);
    let series = |i: usize| labels.series.get(i).cloned().unwrap_or_default();
    let row = |(date, value): (NaiveDate, f64), s: usize| {
        vec![fmt_date(date), series(s), fmt_value(value, &labels.missing)]
    };
    let mut rows = vec![row(baseline, 0)];
    rows.extend(targets.iter().map(|&p| row(p, 1)));
    rows.extend(measurements.iter().map(|&p| row(p, 2)));
    rows.extend(forecast.map(|p| row(p, 3)));

    let finite = |points: &[(NaiveDate, f64)]| -> Vec<(NaiveDate, f64)> {
        let mut v: Vec<(NaiveDate, f64)> = points
            .iter()
            .filter(|(_, y)| y.is_finite())
            .map(|&(d, y)| (d, clamp(y)))
            .collect();
        v.sort_by_key(|&(d, _)| d);
        v
    };
    let data = IndicatorData {
        baseline: finite(&[baseline]).first().copied(),
        targets: finite(targets),
        measurements: finite(measurements),
        forecast: forecast.and_then(|p| finite(&[p]).first().copied()),
    };
    let all: Vec<(NaiveDate, f64)> = data
        .baseline
        .iter()
        .chain(&data.targets)
        .chain(&data.measurements)
        .chain(&data.forecast)
        .copied()
        .collect();
    let svg = match all.iter().map(|&(d, _)| d).min() {
        None => empty_svg(id, labels, HEIGHT),
        Some(start) => render(id, labels, HEIGHT, |root| {
            draw_indicator(root, &data, &all, start, labels)
        }),
    };
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

// ------------------------------------------------------------------ drawing

/// One row of a horizontal bar chart.
struct Bar {
    label: String,
    /// `None`: no bar (suppressed or missing), only `text`.
    value: Option<f64>,
    /// Written after the bar.
    text: String,
}

/// The finite, clamped points of an indicator chart, each series by date.
struct IndicatorData {
    baseline: Option<(NaiveDate, f64)>,
    targets: Vec<(NaiveDate, f64)>,
    measurements: Vec<(NaiveDate, f64)>,
    forecast: Option<(NaiveDate, f64)>,
}

fn draw_participation(
    root: &Area<'_>,
    points: &[(f64, f64, f64)],
    start: NaiveDate,
    labels: &Labels,
) -> DrawResult {
    let series = |i: usize| labels.series.get(i).cloned().unwrap_or_default();
    let (legend, body) = root.split_vertically(LEGEND_HEIGHT);
    draw_legend(
        &legend,
        &[
            (LegendMark::Bar(BLUE), series(0)),
            (LegendMark::Line(ORANGE), series(1)),
        ],
    )?;

    let last = points.last().map_or(0.0, |p| p.0);
    let max_active = points.iter().map(|p| p.1).fold(0.0_f64, f64::max);
    let max_cumulative = points.iter().map(|p| p.2).fold(0.0_f64, f64::max);
    let active_top = count_top(max_active);
    let cumulative_top = count_top(max_cumulative);

    let mut chart = ChartBuilder::on(&body)
        .margin(8)
        .x_label_area_size(28)
        .y_label_area_size(64)
        .right_y_label_area_size(64)
        .build_cartesian_2d(-0.5..last + 0.5, 0.0..active_top)?
        .set_secondary_coord(-0.5..last + 0.5, 0.0..cumulative_top);
    let x_fmt = |x: &f64| day_label(start, *x);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&integer_label)
        .y_desc(series(0))
        .axis_style(DARK)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .label_style(text_style())
        .axis_desc_style(text_style())
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_labels(6)
        .y_label_formatter(&integer_label)
        .y_desc(series(1))
        .axis_style(DARK)
        .label_style(text_style())
        .axis_desc_style(text_style())
        .draw()?;

    // Bars take 80 % of a day, at least visible when there are many days.
    chart.draw_series(points.iter().map(|&(x, active, _)| {
        Rectangle::new([(x - 0.4, 0.0), (x + 0.4, active)], BLUE.filled())
    }))?;
    chart.draw_secondary_series(LineSeries::new(
        points.iter().map(|&(x, _, c)| (x, c)),
        ORANGE.stroke_width(2),
    ))?;
    if points.len() <= 62 {
        chart.draw_secondary_series(
            points
                .iter()
                .map(|&(x, _, c)| Circle::new((x, c), 3, ORANGE.filled())),
        )?;
    }
    Ok(())
}

fn draw_indicator(
    root: &Area<'_>,
    data: &IndicatorData,
    all: &[(NaiveDate, f64)],
    start: NaiveDate,
    labels: &Labels,
) -> DrawResult {
    let series = |i: usize| labels.series.get(i).cloned().unwrap_or_default();
    let mut legend_items = Vec::new();
    if data.baseline.is_some() {
        legend_items.push((LegendMark::Square(DARK), series(0)));
    }
    if !data.targets.is_empty() {
        legend_items.push((LegendMark::Dashed(DARK), series(1)));
    }
    if !data.measurements.is_empty() {
        legend_items.push((LegendMark::Line(BLUE), series(2)));
    }
    if data.forecast.is_some() {
        legend_items.push((LegendMark::Dashed(ORANGE), series(3)));
    }
    let (legend, body) = root.split_vertically(LEGEND_HEIGHT);
    draw_legend(&legend, &legend_items)?;

    let xs: Vec<f64> = all.iter().map(|&(d, _)| day_offset(start, d)).collect();
    let ys: Vec<f64> = all.iter().map(|&(_, y)| y).collect();
    let (x0, x1) = padded_range(&xs, 0.04, 1.0);
    let (y0, y1) = padded_range(&ys, 0.1, 1.0);
    let at = |(d, y): (NaiveDate, f64)| (day_offset(start, d), y);

    let mut chart = ChartBuilder::on(&body)
        .margin(8)
        .margin_right(24)
        .x_label_area_size(28)
        .y_label_area_size(72)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let x_fmt = |x: &f64| day_label(start, *x);
    let y_fmt = |y: &f64| fmt_num(*y);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(5)
        .y_labels(6)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .axis_style(DARK)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .label_style(text_style())
        .draw()?;

    if !data.targets.is_empty() {
        let path: Vec<(f64, f64)> = data
            .baseline
            .iter()
            .chain(&data.targets)
            .map(|&p| at(p))
            .collect();
        chart.draw_series(DashedLineSeries::new(path, 8, 5, DARK.stroke_width(2)))?;
        chart.draw_series(
            data.targets
                .iter()
                .map(|&p| Circle::new(at(p), 4, DARK.stroke_width(2))),
        )?;
    }
    if !data.measurements.is_empty() {
        chart.draw_series(LineSeries::new(
            data.measurements.iter().map(|&p| at(p)),
            BLUE.stroke_width(2),
        ))?;
        chart.draw_series(
            data.measurements
                .iter()
                .map(|&p| Circle::new(at(p), 4, BLUE.filled())),
        )?;
    }
    if let Some(f) = data.forecast {
        if let Some(&last) = data.measurements.last() {
            chart.draw_series(DashedLineSeries::new(
                [at(last), at(f)],
                4,
                4,
                ORANGE.stroke_width(2),
            ))?;
        }
        chart.draw_series(std::iter::once(Circle::new(
            at(f),
            4,
            ORANGE.stroke_width(2),
        )))?;
    }
    if let Some(b) = data.baseline {
        chart.draw_series(std::iter::once(
            EmptyElement::at(at(b)) + Rectangle::new([(-5, -5), (5, 5)], DARK.filled()),
        ))?;
    }
    Ok(())
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
    let series = labels.series.first().cloned().unwrap_or_default();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&x_fmt)
        .x_desc(series)
        .axis_style(DARK)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .label_style(text_style())
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

/// How a legend entry is marked; never by colour alone.
#[derive(Clone, Copy)]
enum LegendMark {
    Bar(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
    Square(RGBColor),
}

fn draw_legend(area: &Area<'_>, items: &[(LegendMark, String)]) -> DrawResult {
    let style = text_style().pos(Pos::new(HPos::Left, VPos::Center));
    let y = 16;
    let mut x = 80;
    for (mark, text) in items {
        match *mark {
            LegendMark::Bar(c) => {
                area.draw(&Rectangle::new([(x, y - 6), (x + 18, y + 6)], c.filled()))?;
            }
            LegendMark::Line(c) => {
                area.draw(&PathElement::new(
                    vec![(x, y), (x + 24, y)],
                    c.stroke_width(2),
                ))?;
                area.draw(&Circle::new((x + 12, y), 3, c.filled()))?;
            }
            LegendMark::Dashed(c) => {
                for dash in [0, 10, 20] {
                    area.draw(&PathElement::new(
                        vec![(x + dash, y), (x + dash + 5, y)],
                        c.stroke_width(2),
                    ))?;
                }
            }
            LegendMark::Square(c) => {
                area.draw(&Rectangle::new(
                    [(x + 7, y - 5), (x + 17, y + 5)],
                    c.filled(),
                ))?;
            }
        }
        area.draw_text(text, &style, (x + 30, y))?;
        let width = i32::try_from(text.chars().count()).unwrap_or(100);
        x += 30 + width * 7 + 24;
    }
    Ok(())
}

/// Draws with plotters into a string and makes the result an accessible,
/// scalable SVG. Should drawing fail, the chart says "nothing to show"
/// instead (the table still carries the data).
fn render(
    id: &str,
    labels: &Labels,
    height: u32,
    draw: impl FnOnce(&Area<'_>) -> DrawResult,
) -> String {
    let mut buf = String::new();
    let ok = {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).is_ok() && draw(&root).is_ok() && root.present().is_ok()
    };
    if ok {
        finish_svg(&buf, id, labels, height)
    } else {
        empty_svg(id, labels, HEIGHT)
    }
}

/// A chart with nothing to draw: the `labels.empty` text in the middle.
fn empty_svg(id: &str, labels: &Labels, height: u32) -> String {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        let style = text_style().pos(Pos::new(HPos::Center, VPos::Center));
        // The SVG backend writing into a String cannot fail.
        let _ = root.fill(&WHITE);
        let _ = root.draw_text(&labels.empty, &style, (WIDTH as i32 / 2, height as i32 / 2));
        let _ = root.present();
    }
    finish_svg(&buf, id, labels, height)
}

/// Replaces plotters' `<svg …>` opening tag by a scalable, labelled one and
/// inserts `<title>` and `<desc>` as the first children.
fn finish_svg(raw: &str, id: &str, labels: &Labels, height: u32) -> String {
    let body = raw.find('\n').map_or("", |i| &raw[i + 1..]);
    // Every shape is opaque; the default attribute is noise.
    let body = body.replace(" opacity=\"1\"", "");
    let stem = format!("chart-{}", sanitize_id(id));
    let mut svg = String::with_capacity(body.len() + 512);
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" class=\"chart\" role=\"img\" \
         aria-labelledby=\"{stem}-title {stem}-desc\">\n"
    ));
    svg.push_str(&format!(
        "<title id=\"{stem}-title\">{}</title>\n<desc id=\"{stem}-desc\">{}</desc>\n",
        escape(&labels.title),
        escape(&labels.description)
    ));
    svg.push_str(&body);
    svg
}

// ------------------------------------------------------------------ helpers

fn chart(
    id: &str,
    labels: &Labels,
    svg: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
) -> Chart {
    Chart {
        id: id.to_owned(),
        title: labels.title.clone(),
        description: labels.description.clone(),
        svg,
        columns,
        rows,
    }
}

/// Exactly `n` column headers: surplus dropped, missing ones empty.
fn columns(labels: &Labels, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| labels.columns.get(i).cloned().unwrap_or_default())
        .collect()
}

fn text_style() -> TextStyle<'static> {
    (FONT, FONT_SIZE).into_font().color(&TEXT)
}

/// A number formatted plainly: at most two decimals, no trailing zeros,
/// no thousands separator (`12`, `45.3`, `0.25`, `-3`).
fn fmt_num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" { "0".to_owned() } else { s }
}

/// `fmt_num` for finite values, `missing` otherwise.
fn fmt_value(v: f64, missing: &str) -> String {
    if v.is_finite() {
        fmt_num(v)
    } else {
        missing.to_owned()
    }
}

fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Tick label on a count axis: whole numbers only.
fn integer_label(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        fmt_num(*v)
    } else {
        String::new()
    }
}

/// Tick label on a day axis: the date at whole days only.
fn day_label(start: NaiveDate, x: f64) -> String {
    if (x - x.round()).abs() > 1e-9 || x.abs() > 1e7 {
        return String::new();
    }
    start
        .checked_add_signed(chrono::Duration::days(x.round() as i64))
        .map(fmt_date)
        .unwrap_or_default()
}

fn day_offset(start: NaiveDate, day: NaiveDate) -> f64 {
    (day - start).num_days() as f64
}

fn clamp(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-MAX_ABS, MAX_ABS)
    }
}

/// Top of a count axis: 10 % headroom, at least 5 so ticks are whole numbers.
fn count_top(max: f64) -> f64 {
    (max * 1.1).max(5.0)
}

/// `(min, max)` of finite `values` widened by `share` of their span on each
/// side; a (near) single value gets `±min_pad` (scaled to its magnitude).
fn padded_range(values: &[f64], share: f64, min_pad: f64) -> (f64, f64) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    if lo > hi {
        return (0.0, 1.0);
    }
    let magnitude = lo.abs().max(hi.abs());
    let span = hi - lo;
    if span <= magnitude * 1e-6 || span < 1e-9 {
        let pad = (magnitude * 0.1).max(min_pad);
        return (lo - pad, hi + pad);
    }
    (lo - span * share, hi + span * share)
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

/// Keeps `[A-Za-z0-9_-]`, replaces anything else by `-`.
fn sanitize_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "x".to_owned() } else { s }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn labels(columns: &[&str], series: &[&str]) -> Labels {
        Labels {
            title: "Title <&> \"quoted\"".to_owned(),
            description: "What it shows".to_owned(),
            columns: columns.iter().map(|&c| c.to_owned()).collect(),
            series: series.iter().map(|&s| s.to_owned()).collect(),
            empty: "Nothing to show".to_owned(),
            suppressed: "< 5".to_owned(),
            missing: "—".to_owned(),
        }
    }

    fn daily() -> Vec<DailyParticipants> {
        [(1, 3, 3, 3), (2, 5, 2, 5), (4, 8, 6, 11)]
            .into_iter()
            .map(|(d, active, new, cumulative)| DailyParticipants {
                day: date(2025, 3, d),
                active,
                new,
                cumulative,
            })
            .collect()
    }

    fn participation_chart() -> Chart {
        participation_per_day(
            "daily",
            &daily(),
            &labels(&["Day", "Active", "New", "Total"], &["Active", "Total"]),
        )
    }

    fn counts() -> Vec<Count> {
        vec![
            Count {
                label: "region".to_owned(),
                count: Some(12),
            },
            Count {
                label: "municipality".to_owned(),
                count: None,
            },
            Count {
                label: "citizen".to_owned(),
                count: Some(45),
            },
        ]
    }

    fn counts_chart() -> Chart {
        counts_bar(
            "by-kind",
            &counts(),
            &labels(&["Kind", "Participants"], &["Participants"]),
        )
    }

    fn indicator_chart() -> Chart {
        indicator(
            "ind-7",
            (date(2024, 1, 1), 10.0),
            &[(date(2025, 1, 1), 20.0), (date(2026, 1, 1), 30.0)],
            &[(date(2024, 6, 1), 12.5), (date(2024, 12, 1), 15.0)],
            Some((date(2026, 1, 1), 24.3)),
            &labels(
                &["Date", "Series", "Value"],
                &["Baseline", "Target", "Measured", "Forecast"],
            ),
        )
    }

    fn breakdowns() -> Vec<Breakdown> {
        [
            ("Mobility", 4, Some(45.3)),
            ("Energy", 2, None),
            ("Water", 3, Some(100.0)),
        ]
        .into_iter()
        .map(|(label, actions, progress)| Breakdown {
            label: label.to_owned(),
            actions,
            progress,
            done_share: None,
            late_share: None,
            at_risk_share: None,
        })
        .collect()
    }

    fn progress_chart() -> Chart {
        progress_by_group(
            "by-area",
            &breakdowns(),
            &labels(&["Area", "Actions", "Progress"], &["Progress (%)"]),
        )
    }

    /// The SVG followed by the table, for snapshots.
    fn dump(chart: &Chart) -> String {
        let mut out = chart.svg.clone();
        out.push_str("---\n");
        out.push_str(&chart.columns.join(" | "));
        out.push('\n');
        for row in &chart.rows {
            out.push_str(&row.join(" | "));
            out.push('\n');
        }
        out
    }

    /// Minimal well-formedness check: one root `<svg>`, balanced tags,
    /// labelled by a `<title>` and `<desc>`, no inline styles.
    fn assert_valid_svg(chart: &Chart) {
        let svg = &chart.svg;
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
        assert!(!svg.contains("style="), "inline style in {svg}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        let stem = format!("chart-{}", sanitize_id(&chart.id));
        assert!(svg.contains(&format!("aria-labelledby=\"{stem}-title {stem}-desc\"")));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("viewBox=\"0 0 640 "));
        let first = svg.lines().nth(1).unwrap_or_default();
        assert!(
            first.starts_with(&format!("<title id=\"{stem}-title\">")),
            "{first}"
        );

        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg.as_str();
        while let Some(open) = rest.find('<') {
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "stray < in {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().unwrap_or_default();
                stack.push(name);
            }
            rest = &rest[close + 1..];
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
        assert!(rest.trim().is_empty());
    }

    fn bars_drawn(svg: &str) -> usize {
        svg.lines()
            .filter(|l| l.starts_with("<rect") && l.contains("fill=\"#1F5FA8\""))
            .count()
    }

    #[test]
    fn charts_snapshot_participation_per_day() {
        let chart = participation_chart();
        assert_valid_svg(&chart);
        insta::assert_snapshot!("participation_per_day", dump(&chart));
    }

    #[test]
    fn charts_snapshot_counts_bar() {
        let chart = counts_chart();
        assert_valid_svg(&chart);
        insta::assert_snapshot!("counts_bar", dump(&chart));
    }

    #[test]
    fn charts_snapshot_indicator() {
        let chart = indicator_chart();
        assert_valid_svg(&chart);
        insta::assert_snapshot!("indicator", dump(&chart));
    }

    #[test]
    fn charts_snapshot_progress_by_group() {
        let chart = progress_chart();
        assert_valid_svg(&chart);
        insta::assert_snapshot!("progress_by_group", dump(&chart));
    }

    #[test]
    fn charts_snapshot_empty() {
        let chart = counts_bar("empty", &[], &labels(&["Kind", "Participants"], &[]));
        assert_valid_svg(&chart);
        assert!(chart.svg.contains("Nothing to show"));
        assert!(chart.rows.is_empty());
        insta::assert_snapshot!("empty", dump(&chart));
    }

    #[test]
    fn charts_suppressed_counts_are_not_drawn() {
        let chart = counts_chart();
        assert_eq!(bars_drawn(&chart.svg), 2);
        assert!(chart.svg.contains("&lt; 5"));
        assert_eq!(chart.rows[1], ["municipality", "< 5"]);

        let all_suppressed: Vec<Count> = counts()
            .into_iter()
            .map(|c| Count { count: None, ..c })
            .collect();
        let chart = counts_bar("none", &all_suppressed, &labels(&["Kind", "n"], &[]));
        assert_valid_svg(&chart);
        assert_eq!(bars_drawn(&chart.svg), 0);
    }

    #[test]
    fn charts_missing_progress_is_not_drawn() {
        let chart = progress_chart();
        assert_eq!(bars_drawn(&chart.svg), 2);
        assert_eq!(chart.rows[1], ["Energy", "2", "—"]);
    }

    #[test]
    fn charts_tables_equal_the_input() {
        let chart = participation_chart();
        assert_eq!(chart.columns, ["Day", "Active", "New", "Total"]);
        assert_eq!(
            chart.rows,
            [
                ["2025-03-01", "3", "3", "3"],
                ["2025-03-02", "5", "2", "5"],
                ["2025-03-04", "8", "6", "11"],
            ]
        );

        let chart = counts_chart();
        assert_eq!(
            chart.rows,
            [["region", "12"], ["municipality", "< 5"], ["citizen", "45"]]
        );

        let chart = indicator_chart();
        assert_eq!(chart.columns, ["Date", "Series", "Value"]);
        assert_eq!(
            chart.rows,
            [
                ["2024-01-01", "Baseline", "10"],
                ["2025-01-01", "Target", "20"],
                ["2026-01-01", "Target", "30"],
                ["2024-06-01", "Measured", "12.5"],
                ["2024-12-01", "Measured", "15"],
                ["2026-01-01", "Forecast", "24.3"],
            ]
        );

        let chart = progress_chart();
        assert_eq!(
            chart.rows,
            [
                ["Mobility", "4", "45.3"],
                ["Energy", "2", "—"],
                ["Water", "3", "100"],
            ]
        );
        assert_eq!(chart.title, "Title <&> \"quoted\"");
        assert!(
            chart
                .svg
                .contains("Title &lt;&amp;&gt; &quot;quoted&quot;</title>")
        );
    }

    #[test]
    fn charts_are_deterministic() {
        assert_eq!(participation_chart(), participation_chart());
        assert_eq!(counts_chart(), counts_chart());
        assert_eq!(indicator_chart(), indicator_chart());
        assert_eq!(progress_chart(), progress_chart());
    }

    #[test]
    fn charts_survive_degenerate_input() {
        let l = labels(&["a", "b", "c"], &[]);
        let d = date(2025, 1, 1);
        let cases = [
            participation_per_day("one", &daily()[..1], &l),
            participation_per_day("empty", &[], &l),
            participation_per_day(
                "huge",
                &[DailyParticipants {
                    day: d,
                    active: i64::MAX,
                    new: 0,
                    cumulative: i64::MAX,
                }],
                &l,
            ),
            counts_bar(
                "zeros",
                &[Count {
                    label: "x".repeat(200),
                    count: Some(0),
                }],
                &l,
            ),
            counts_bar(
                "huge",
                &[Count {
                    label: String::new(),
                    count: Some(i64::MAX),
                }],
                &l,
            ),
            indicator("alone", (d, 3.0), &[], &[], None, &l),
            indicator("nan", (d, f64::NAN), &[], &[], None, &l),
            indicator(
                "wild",
                (d, f64::INFINITY),
                &[(date(9999, 12, 31), 1e300), (date(1, 1, 1), -1e300)],
                &[(d, f64::NAN), (d, 1e-300), (d, 2e-300)],
                Some((d, f64::NEG_INFINITY)),
                &l,
            ),
            indicator(
                "same",
                (d, 1e12),
                &[(d, 1e12 + 1e-3)],
                &[(d, 1e12)],
                Some((d, 1e12)),
                &l,
            ),
            progress_by_group(
                "odd",
                &[Breakdown {
                    label: "ünïcödé & <b>".to_owned(),
                    actions: 0,
                    progress: Some(f64::NAN),
                    done_share: None,
                    late_share: None,
                    at_risk_share: None,
                }],
                &l,
            ),
            progress_by_group("many", &vec![breakdowns()[0].clone(); 40], &l),
            progress_by_group("", &[], &Labels::default()),
        ];
        for chart in &cases {
            assert_valid_svg(chart);
        }
        assert!(cases[6].svg.contains("Nothing to show"));
        assert_eq!(cases[6].rows, [["2025-01-01", "", "—"]]);
        assert!(cases[10].svg.contains("viewBox=\"0 0 640 1352\""));
    }

    #[test]
    fn charts_format_numbers_plainly() {
        assert_eq!(fmt_num(12.0), "12");
        assert_eq!(fmt_num(45.3), "45.3");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(-0.001), "0");
        assert_eq!(fmt_num(1_000_000.0), "1000000");
    }
}
