//! What each dashboard shows: loads a board's data for the reader and
//! filters, and draws its charts with translated texts.

use pspm_analytics::charts::{self, Chart, Labels};
use pspm_analytics::model::Count;
use pspm_frontend::Tr;
use pspm_frontend::pages::dashboards::Board;

use crate::cache::Cache;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::services::Actor;
use crate::services::analytics::{self, AnalyticsFilters};

/// A board with no data (shown when the filters are invalid).
pub fn empty(key: &str) -> Board {
    match key {
        "participation" => Board::Participation(Box::default()),
        "quality" => Board::Quality(Box::default(), Vec::new()),
        "impact" => Board::Impact(None),
        _ => Board::Practices(Box::default()),
    }
}

/// Which dashboard draws a chart.
pub fn board_of_chart(id: &str) -> Option<&'static str> {
    match id {
        "participation-daily" | "participation-by-organisation-kind" | "response-status" => {
            Some("participation")
        }
        "progress-by-area" => Some("impact"),
        "adoptions-by-territory" => Some("practices"),
        _ if id
            .strip_prefix("indicator-")
            .is_some_and(|n| n.parse::<i32>().is_ok()) =>
        {
            Some("impact")
        }
        _ => None,
    }
}

/// Loads a dashboard's data.
pub fn load(
    conn: &mut DbConn,
    cache: &Cache,
    actor: Option<&Actor>,
    key: &str,
    f: &AnalyticsFilters,
) -> AppResult<Board> {
    Ok(match key {
        "participation" => Board::Participation(Box::new(
            (*analytics::participation(conn, cache, actor, f)?).clone(),
        )),
        "quality" => {
            let q = analytics::quality(conn, cache, actor, f)?;
            Board::Quality(Box::new(q.0.clone()), q.1.clone())
        }
        "impact" if f.plan.as_deref().is_none_or(|p| p.trim().is_empty()) => {
            f.check()?;
            Board::Impact(None)
        }
        "impact" => Board::Impact(Some(Box::new(
            (*analytics::impact(conn, cache, actor, f)?).clone(),
        ))),
        _ => Board::Practices(Box::new((*analytics::reuse(conn, cache, f)?).clone())),
    })
}

fn labels(tr: Tr, key: &str, columns: &[&str], series: &[&str]) -> Labels {
    Labels {
        title: tr.t(&format!("chart-{key}")),
        description: tr.t(&format!("chart-{key}-desc")),
        columns: columns.iter().map(|c| tr.t(c)).collect(),
        series: series.iter().map(|s| tr.t(s)).collect(),
        empty: tr.t("chart-empty"),
        suppressed: tr.t("suppressed"),
        missing: "–".into(),
    }
}

/// Counts with translated labels.
fn translated(tr: Tr, prefix: &str, counts: &[Count]) -> Vec<Count> {
    counts
        .iter()
        .map(|c| Count {
            label: tr.label(prefix, &c.label),
            count: c.count,
        })
        .collect()
}

/// The charts of a board, with translated texts.
pub fn charts(tr: Tr, board: &Board) -> Vec<Chart> {
    match board {
        Board::Participation(p) => vec![
            charts::participation_per_day(
                "participation-daily",
                &p.daily,
                &labels(
                    tr,
                    "participation-daily",
                    &["chart-day", "chart-active", "chart-new", "chart-cumulative"],
                    &["chart-active", "chart-cumulative"],
                ),
            ),
            charts::counts_bar(
                "participation-by-organisation-kind",
                &translated(tr, "org-kind", &p.by_organisation_kind),
                &labels(
                    tr,
                    "participation-by-organisation-kind",
                    &["field-owner-kind", "dashboard-participants"],
                    &["dashboard-participants"],
                ),
            ),
            charts::counts_bar(
                "response-status",
                &translated(tr, "response-status", &p.responses_by_status),
                &labels(
                    tr,
                    "response-status",
                    &["field-status", "dashboard-count"],
                    &["dashboard-count"],
                ),
            ),
        ],
        Board::Impact(Some(i)) => {
            let mut out = vec![charts::progress_by_group(
                "progress-by-area",
                &i.by_area,
                &labels(
                    tr,
                    "progress-by-area",
                    &["dashboard-group", "dashboard-actions", "dashboard-progress"],
                    &["dashboard-progress"],
                ),
            )];
            for s in &i.indicators {
                let mut l = labels(
                    tr,
                    "indicator",
                    &["chart-date", "chart-series", "chart-value"],
                    &[
                        "dashboard-baseline",
                        "dashboard-target",
                        "chart-measurement",
                        "dashboard-forecast",
                    ],
                );
                l.title = format!("{} ({})", s.name, s.unit);
                let id = format!("indicator-{}", s.id);
                out.push(charts::indicator(
                    &id,
                    (s.baseline_date, s.baseline),
                    &s.targets,
                    &s.measurements,
                    s.target_date.zip(s.forecast),
                    &l,
                ));
            }
            out
        }
        Board::Practices(r) => vec![charts::counts_bar(
            "adoptions-by-territory",
            &r.adoptions_by_territory,
            &labels(
                tr,
                "adoptions-by-territory",
                &["field-territory", "dashboard-confirmed-adoptions"],
                &["dashboard-confirmed-adoptions"],
            ),
        )],
        Board::Quality(..) | Board::Impact(None) => Vec::new(),
    }
}
