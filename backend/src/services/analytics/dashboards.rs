//! What each dashboard shows: loads a board's data for the reader and
//! filters, and draws its charts with translated texts.

use std::collections::HashMap;

use pspm_analytics::charts::{self, Chart, Labels};
use pspm_analytics::model::{Count, Impact, Reuse};
use pspm_frontend::Tr;
use pspm_frontend::pages::dashboards::{Board, IndicatorArea, ReusedPractice};

use crate::cache::Cache;
use crate::db::DbConn;
use crate::db::plan_node::PlanNode;
use crate::db::practice::Practice;
use crate::error::AppResult;
use crate::services::Actor;
use crate::services::analytics::{self, AnalyticsFilters};
use crate::services::practices::{InLanguage, pick};

/// A board with no data (shown when the filters are invalid).
pub fn empty(key: &str) -> Board {
    match key {
        "participation" => Board::Participation(Box::default()),
        "quality" => Board::Quality(Box::default(), Vec::new()),
        "impact" => Board::Impact {
            impact: None,
            areas: Vec::new(),
        },
        _ => Board::Practices {
            reuse: Box::default(),
            top: Vec::new(),
        },
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

/// Loads a dashboard's data; practices are titled in `lang` where they can be.
pub fn load(
    conn: &mut DbConn,
    cache: &Cache,
    actor: Option<&Actor>,
    key: &str,
    f: &AnalyticsFilters,
    lang: &str,
) -> AppResult<Board> {
    Ok(match key {
        "participation" => Board::Participation(Box::new(
            (*analytics::participation(conn, cache, actor, f)?).clone(),
        )),
        "quality" => {
            let q = analytics::quality(conn, cache, actor, f)?;
            Board::Quality(Box::new(q.0.clone()), q.1.clone())
        }
        "impact" => match f.check()?.plan {
            None => Board::Impact {
                impact: None,
                areas: Vec::new(),
            },
            Some(plan) => {
                let impact = (*analytics::impact(conn, cache, actor, f)?).clone();
                let areas = indicator_areas(conn, plan, &impact)?;
                Board::Impact {
                    impact: Some(Box::new(impact)),
                    areas,
                }
            }
        },
        _ => {
            let reuse = analytics::reuse(conn, cache, f)?;
            let top = reused(conn, &reuse, lang)?;
            Board::Practices {
                reuse: Box::new((*reuse).clone()),
                top,
            }
        }
    })
}

/// The indicators of the board grouped by the area (top-level node) of the
/// plan they measure, areas in plan order; those of a node not found come last.
fn indicator_areas(conn: &mut DbConn, plan: i32, impact: &Impact) -> AppResult<Vec<IndicatorArea>> {
    let nodes = PlanNode::of_plan(conn, plan)?;
    let parents: HashMap<i32, Option<i32>> = nodes.iter().map(|n| (n.id, n.parent_id)).collect();
    let area_of = |mut id: i32| {
        // Bounded: a cycle in stored data must not hang the page.
        for _ in 0..64 {
            match parents.get(&id) {
                Some(Some(parent)) => id = *parent,
                Some(None) => return Some(id),
                None => return None,
            }
        }
        None
    };
    let mut areas: Vec<IndicatorArea> = nodes
        .iter()
        .filter(|n| n.parent_id.is_none())
        .map(|n| IndicatorArea {
            id: Some(n.id),
            title: format!("{} {}", n.code, n.title).trim().to_owned(),
            indicators: Vec::new(),
        })
        .collect();
    let mut other = Vec::new();
    for s in &impact.indicators {
        match area_of(s.node_id).and_then(|a| areas.iter_mut().find(|x| x.id == Some(a))) {
            Some(area) => area.indicators.push(s.id),
            None => other.push(s.id),
        }
    }
    areas.retain(|a| !a.indicators.is_empty());
    if !other.is_empty() {
        areas.push(IndicatorArea {
            id: None,
            title: String::new(),
            indicators: other,
        });
    }
    Ok(areas)
}

/// A practice's title in one language.
struct Title {
    lang: String,
    title: String,
}

impl InLanguage for Title {
    fn lang(&self) -> &str {
        &self.lang
    }
}

/// The most reused practices with their titles in `lang`, else in the
/// original language (marked as such), as the catalogue picks them.
fn reused(conn: &mut DbConn, reuse: &Reuse, lang: &str) -> AppResult<Vec<ReusedPractice>> {
    let ids: Vec<i32> = reuse.top_reused.iter().map(|t| t.0).collect();
    let mut originals = HashMap::new();
    let mut texts = Vec::new();
    for (id, text_lang, title, original) in Practice::titles_in_every_language(conn, &ids)? {
        originals.insert(id, original);
        texts.push((
            id,
            Title {
                lang: text_lang,
                title,
            },
        ));
    }
    Ok(reuse
        .top_reused
        .iter()
        .map(|(id, original_title, adoptions)| {
            let original = originals.get(id).map_or("", String::as_str);
            let (title, lang, fallback) = match pick(&texts, *id, lang, original) {
                Some((t, fallback)) => (t.title.clone(), t.lang.clone(), fallback),
                None => (original_title.clone(), original.to_owned(), true),
            };
            ReusedPractice {
                id: *id,
                title,
                lang,
                fallback,
                adoptions: *adoptions,
            }
        })
        .collect())
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
                    &["dashboard-participant-org-kind", "dashboard-participants"],
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
        Board::Impact {
            impact: Some(i), ..
        } => {
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
        Board::Practices { reuse: r, .. } => vec![charts::counts_bar(
            "adoptions-by-territory",
            &r.adoptions_by_territory,
            &labels(
                tr,
                "adoptions-by-territory",
                &["field-territory", "dashboard-confirmed-adoptions"],
                &["dashboard-confirmed-adoptions"],
            ),
        )],
        Board::Quality(..) | Board::Impact { impact: None, .. } => Vec::new(),
    }
}
