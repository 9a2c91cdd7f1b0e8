//! The chart of one indicator over time: baseline, targets, measurements
//! and forecast.

use chrono::NaiveDate;
use plotters::prelude::*;

use super::axes::{clamp, day_label, day_offset, fmt_date, fmt_num, fmt_value, padded_range};
use super::chart::{Chart, Labels, chart, columns, series_name};
use super::legend::{LegendMark, draw_legend};
use super::style::{Area, BLUE, DARK, DrawResult, HEIGHT, LEGEND_HEIGHT, ORANGE, grid_look};
use super::svg::{empty_svg, render};

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
    let row = |(date, value): (NaiveDate, f64), s: usize| {
        vec![
            fmt_date(date),
            series_name(labels, s),
            fmt_value(value, &labels.missing),
        ]
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

/// The finite, clamped points of an indicator chart, each series by date.
struct IndicatorData {
    baseline: Option<(NaiveDate, f64)>,
    targets: Vec<(NaiveDate, f64)>,
    measurements: Vec<(NaiveDate, f64)>,
    forecast: Option<(NaiveDate, f64)>,
}

fn draw_indicator(
    root: &Area<'_>,
    data: &IndicatorData,
    all: &[(NaiveDate, f64)],
    start: NaiveDate,
    labels: &Labels,
) -> DrawResult {
    let mut legend_items = Vec::new();
    if data.baseline.is_some() {
        legend_items.push((LegendMark::Square(DARK), series_name(labels, 0)));
    }
    if !data.targets.is_empty() {
        legend_items.push((LegendMark::Dashed(DARK), series_name(labels, 1)));
    }
    if !data.measurements.is_empty() {
        legend_items.push((LegendMark::Line(BLUE), series_name(labels, 2)));
    }
    if data.forecast.is_some() {
        legend_items.push((LegendMark::Dashed(ORANGE), series_name(labels, 3)));
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
    let mut mesh = chart.configure_mesh();
    grid_look(&mut mesh)
        .disable_x_mesh()
        .x_labels(5)
        .y_labels(6)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
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
