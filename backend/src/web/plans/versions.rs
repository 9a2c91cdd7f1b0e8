//! A plan's adopted versions, and the differences between two of them.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use pspm_frontend::pages::plans::versions::{
    ChangeRow, DiffView, NodeDiffRow, VersionRow, VersionsView, value_text,
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
            from: value_text(&c.from),
            to: value_text(&c.to),
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
                                            from: m
                                                .from_parent
                                                .clone()
                                                .unwrap_or_else(|| "—".into()),
                                            to: m.to_parent.clone().unwrap_or_else(|| "—".into()),
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
