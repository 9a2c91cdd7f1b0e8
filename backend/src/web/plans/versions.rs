//! A plan's adopted versions, and the differences between two of them.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use pspm_frontend::pages::plans::versions::{
    ChangeRow, DiffView, NodeDiffRow, VersionNodeRow, VersionPageView, VersionRow, VersionsView,
};
use serde::Deserialize;

use crate::app::AppState;
use crate::http::extract::Id;
use crate::http::page::{Page, PageResult, html};
use crate::services::plans;
use crate::services::plans::diff as plan_diff;
use crate::services::plans::exchange as plan_io;

/// Query of the versions page.
#[derive(Debug, Deserialize)]
pub struct CompareQuery {
    /// From version.
    pub from: Option<i32>,
    /// To version.
    pub to: Option<i32>,
}

fn rows(changes: &[plan_diff::FieldChange]) -> Vec<ChangeRow> {
    changes
        .iter()
        .map(|c| ChangeRow {
            field: c.field.clone(),
            from: c.from.clone(),
            to: c.to.clone(),
        })
        .collect()
}

/// `GET /plans/{id}/versions?from=…&to=…`.
pub async fn list_versions(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<CompareQuery>,
) -> PageResult {
    let actor = page.actor.clone();
    let view = state
        .db
        .run(move |c| {
            let plan = plans::find(c, actor.as_ref(), id)?;
            let versions = plans::versions(c, actor.as_ref(), id)?;
            let mut error = None;
            let diff = match (q.from, q.to) {
                (Some(a), Some(b)) => {
                    let va = versions.iter().find(|v| v.number == a);
                    let vb = versions.iter().find(|v| v.number == b);
                    match (va, vb) {
                        (Some(va), Some(vb)) => {
                            let da = plan_io::parse(va.snapshot.as_bytes())?;
                            let db = plan_io::parse(vb.snapshot.as_bytes())?;
                            let d = plan_diff::diff(&da, &db);
                            let label =
                                |n: &plan_diff::NodeBrief| format!("{} – {}", n.code, n.title);
                            Some(DiffView {
                                from: a,
                                to: b,
                                plan: rows(&d.plan),
                                added: d.added.iter().map(label).collect(),
                                removed: d.removed.iter().map(label).collect(),
                                moved: d
                                    .moved
                                    .iter()
                                    .map(|m| NodeDiffRow {
                                        node: label(&m.node),
                                        changes: vec![ChangeRow {
                                            field: "parent".into(),
                                            from: m.from_parent.clone().into(),
                                            to: m.to_parent.clone().into(),
                                        }],
                                    })
                                    .collect(),
                                changed: d
                                    .changed
                                    .iter()
                                    .map(|c| NodeDiffRow {
                                        node: label(&c.node),
                                        changes: rows(&c.changes),
                                    })
                                    .collect(),
                            })
                        }
                        _ => {
                            error = Some("version_not_found".to_string());
                            None
                        }
                    }
                }
                _ => None,
            };
            Ok(VersionsView {
                plan_id: id,
                plan_title: plan.title,
                versions: versions
                    .iter()
                    .map(|v| VersionRow {
                        number: v.number,
                        adopted_at: v.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    })
                    .collect(),
                diff,
                error,
            })
        })
        .await?;
    let status = if view.error.is_some() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        pspm_frontend::pages::plans::versions::render(&page.ctx, &view),
    ))
}

/// `GET /plans/{id}/versions/{number}`: a stored version as it was adopted,
/// read-only.
pub async fn show_version(
    State(state): State<AppState>,
    page: Page,
    Path((id, number)): Path<(i32, i32)>,
) -> PageResult {
    let actor = page.actor.clone();
    let view = state
        .db
        .run(move |c| {
            let plan = plans::find(c, actor.as_ref(), id)?;
            let version = plans::version(c, actor.as_ref(), id, number)?;
            // The newest number, without reading every stored snapshot.
            let latest = crate::db::plan_version::PlanVersion::next_number(c, id)? - 1;
            let doc = plan_io::parse(version.snapshot.as_bytes())?;
            let date = |s: &Option<String>| {
                s.as_deref()
                    .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            };
            let mut depth: HashMap<String, usize> = HashMap::new();
            let nodes = doc
                .nodes
                .iter()
                .map(|n| {
                    let d = n
                        .parent_code
                        .as_ref()
                        .and_then(|p| depth.get(p))
                        .map_or(0, |d| d + 1);
                    depth.insert(n.code.clone(), d);
                    VersionNodeRow {
                        depth: d,
                        kind: n.kind.clone(),
                        code: n.code.clone(),
                        title: n.title.clone(),
                        description: n.description.clone(),
                        status: n.status.clone(),
                        planned: (date(&n.planned_start), date(&n.planned_end)),
                        budget: n.budget,
                        responsible: n.responsible_office.clone(),
                        indicators: n
                            .indicators
                            .iter()
                            .map(|i| (i.name.clone(), i.unit.clone()))
                            .collect(),
                    }
                })
                .collect();
            Ok(VersionPageView {
                plan_id: id,
                plan_title: plan.title,
                number,
                latest,
                adopted_at: version.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                title: doc.plan.title,
                summary: doc.plan.summary,
                owner: doc.plan.owner_organisation,
                period: (
                    date(&Some(doc.plan.period_start)),
                    date(&Some(doc.plan.period_end)),
                ),
                nodes,
            })
        })
        .await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::plans::versions::render_version(&page.ctx, &view),
    ))
}
