//! The chart of participants per day: active (bars) and cumulative (line).

use chrono::NaiveDate;
use plotters::prelude::*;

use crate::model::DailyParticipants;

use super::axes::{clamp, count_top, day_label, day_offset, fmt_date, integer_label};
use super::chart::{Chart, Labels, chart, columns, series_name};
use super::legend::{LegendMark, draw_legend};
use super::style::{
    Area, BLUE, DARK, DrawResult, HEIGHT, LEGEND_HEIGHT, ORANGE, grid_look, text_style,
};
use super::svg::{empty_svg, render};

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
            let cell =
                |n: Option<i64>| n.map_or_else(|| labels.suppressed.clone(), |n| n.to_string());
            vec![
                fmt_date(d.day),
                cell(d.active),
                cell(d.new),
                cell(d.cumulative),
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
                        // A suppressed day (1–4 people) gets no bar, as in the count charts.
                        clamp(d.active.unwrap_or(0) as f64),
                        clamp(d.cumulative.unwrap_or(0) as f64),
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

fn draw_participation(
    root: &Area<'_>,
    points: &[(f64, f64, f64)],
    start: NaiveDate,
    labels: &Labels,
) -> DrawResult {
    let (legend, body) = root.split_vertically(LEGEND_HEIGHT);
    draw_legend(
        &legend,
        &[
            (LegendMark::Bar(BLUE), series_name(labels, 0)),
            (LegendMark::Line(ORANGE), series_name(labels, 1)),
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
    let mut mesh = chart.configure_mesh();
    grid_look(&mut mesh)
        .disable_x_mesh()
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&integer_label)
        .y_desc(series_name(labels, 0))
        .axis_desc_style(text_style())
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_labels(6)
        .y_label_formatter(&integer_label)
        .y_desc(series_name(labels, 1))
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
