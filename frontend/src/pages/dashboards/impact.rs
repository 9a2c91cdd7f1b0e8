//! The impact board: a plan's indicators, one section per area of the plan,
//! reached from a list of contents at the top (the board of a national plan
//! is many screens long), and its actions' progress and schedule.

use dioxus::prelude::*;
use pspm_analytics::charts::Chart;
use pspm_analytics::model::Impact;

use super::{BreakdownTable, ChartFigure, Figures, IndicatorArea, columns, pct};
use crate::components::table::DataTable;
use crate::i18n::Tr;

/// The anchor of an area's section.
fn anchor(area: &IndicatorArea) -> String {
    area.id
        .map_or_else(|| "area-other".to_owned(), |id| format!("area-{id}"))
}

/// The title of an area's section.
fn area_title(tr: Tr, area: &IndicatorArea) -> String {
    if area.id.is_some() {
        area.title.clone()
    } else {
        tr.t("dashboard-other-indicators")
    }
}

/// The link that ends each section, back to the list of contents.
#[component]
fn BackToContents(tr: Tr) -> Element {
    rsx! { p { class: "back-to-contents", a { href: "#contents", {tr.t("dashboard-back-to-contents")} } } }
}

/// The board of a plan: contents, summary, progress by area, the indicators
/// of each area and the breakdowns of the actions.
#[component]
pub(super) fn ImpactBoard(
    tr: Tr,
    impact: Box<Impact>,
    areas: Vec<IndicatorArea>,
    charts: Vec<Chart>,
    query: String,
) -> Element {
    let i = impact;
    let chart = |id: String| charts.iter().find(|c| c.id == id).cloned();
    let name = |id: i32| {
        i.indicators
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let by_area = chart("progress-by-area".to_owned());
    rsx! {
        nav { id: "contents", class: "contents", aria_labelledby: "contents-title",
            h2 { id: "contents-title", {tr.t("dashboard-contents")} }
            ol {
                li { a { href: "#summary", {tr.t("dashboard-summary")} } }
                if by_area.is_some() { li { a { href: "#chart-progress-by-area", {tr.t("chart-progress-by-area")} } } }
                for area in areas.iter() {
                    li { key: "{anchor(area)}",
                        a { href: "#{anchor(area)}", {area_title(tr, area)} }
                        ol {
                            for id in area.indicators.iter() {
                                li { key: "{id}", a { href: "#chart-indicator-{id}", {name(*id)} } }
                            }
                        }
                    }
                }
                li { a { href: "#breakdowns", {tr.t("dashboard-breakdowns")} } }
            }
        }
        section { id: "summary", aria_labelledby: "summary-title",
            h2 { id: "summary-title", {tr.t("dashboard-summary")} }
            Figures { items: vec![
                (tr.t("dashboard-progress"), i.progress.map(|p| tr.percent(p)).unwrap_or_else(|| "–".into())),
                (tr.t("dashboard-indicators"), tr.count(i.indicators.len() as i64)),
                (tr.t("dashboard-done"), pct(tr, i.overall.as_ref().and_then(|o| o.done_share))),
                (tr.t("dashboard-late"), pct(tr, i.overall.as_ref().and_then(|o| o.late_share))),
                (tr.t("dashboard-at-risk"), pct(tr, i.overall.as_ref().and_then(|o| o.at_risk_share))),
            ] }
            DataTable { caption: tr.t("dashboard-indicators"), id: "indicators",
                columns: columns(tr, &["field-name", "dashboard-baseline", "dashboard-latest", "dashboard-target", "dashboard-achievement", "field-status", "dashboard-forecast"]),
                for s in i.indicators.iter() {
                    tr { key: "{s.id}",
                        th { scope: "row", a { href: "#chart-indicator-{s.id}", "{s.name}" } " ({s.unit})" }
                        td { {tr.number(s.baseline)} }
                        td { {s.latest.map(|v| tr.number(v)).unwrap_or_else(|| "–".into())} }
                        td { {s.target.map(|v| tr.number(v)).unwrap_or_else(|| "–".into())} }
                        td { {s.achievement.map(|v| tr.percent(v)).unwrap_or_else(|| "–".into())} }
                        td { {tr.label("track", &s.status)} }
                        td {
                            match (s.forecast, s.target) {
                                (Some(v), _) => tr.number(v),
                                (None, Some(_)) => tr.t("forecast-not-enough-data"),
                                (None, None) => "–".into(),
                            }
                        }
                    }
                }
            }
            BackToContents { tr }
        }
        if let Some(c) = by_area {
            ChartFigure { tr, chart: c, query: query.clone() }
            BackToContents { tr }
        }
        for area in areas.iter() {
            section { key: "{anchor(area)}", id: "{anchor(area)}", class: "board-section", aria_labelledby: "{anchor(area)}-title",
                h2 { id: "{anchor(area)}-title", {area_title(tr, area)} }
                for id in area.indicators.iter() {
                    if let Some(c) = chart(format!("indicator-{id}")) {
                        ChartFigure { key: "{id}", tr, chart: c, query: query.clone(), level: 3 }
                    }
                }
                BackToContents { tr }
            }
        }
        section { id: "breakdowns", aria_labelledby: "breakdowns-title",
            h2 { id: "breakdowns-title", {tr.t("dashboard-breakdowns")} }
            BreakdownTable { tr, caption: tr.t("dashboard-by-office"), rows: i.by_office.clone(), id: "by-office" }
            BreakdownTable { tr, caption: tr.t("dashboard-by-organisation"), rows: i.by_organisation.clone(), id: "by-organisation" }
            BreakdownTable { tr, caption: tr.t("dashboard-by-territory"), rows: i.by_territory.iter().cloned().map(|mut r| { r.label = crate::pages::territory_label(&r.label); r }).collect::<Vec<_>>(), id: "by-territory" }
            BackToContents { tr }
        }
    }
}
