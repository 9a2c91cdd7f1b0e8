//! Plan pages: the list and the plan page here; the editor of plans, nodes,
//! indicators and measurements, versions and import in the modules below.

mod cache;
pub mod edit;
mod fields;
pub mod import;
pub mod indicators;
pub mod milestones;
pub mod nodes;
pub mod versions;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::pages::plans::list::PlanListView;
use pspm_frontend::pages::plans::plan::{PlanFilter, PlanPageView};
use serde::Deserialize;

use crate::app::AppState;
use crate::cache::Cache;
use crate::db::plan::Plan;
use crate::db::plan_node::PlanNode;
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::http::extract::Id;
use crate::http::page::{Page, PageResult, html};
use crate::services::Actor;
use crate::services::consultations::SummaryVersions;
use crate::services::plans;
use crate::services::plans::view as plan_view;

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

fn can_create(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| a.is_admin() || a.role == Role::Planner)
}

fn node_label(n: &PlanNode) -> String {
    format!("{} – {}", n.code, n.title)
}

/// `GET /plans`.
pub async fn list(State(state): State<AppState>, page: Page) -> PageResult {
    let actor = page.actor.clone();
    let plans = state
        .db
        .run(move |c| {
            let plans = plans::list(c, actor.as_ref())?;
            plan_view::plan_views(c, actor.as_ref(), plans)
        })
        .await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::plans::list::render_list(
            &page.ctx,
            &PlanListView {
                plans,
                can_create: can_create(page.actor.as_ref()),
            },
        ),
    ))
}

/// Query of the plan page.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    /// Set after a save.
    pub saved: Option<String>,
    /// The node whose part of the tree the plan page shows.
    pub branch: Option<String>,
    /// Items of this status only.
    pub status: Option<String>,
    /// Only items that need attention (`1`).
    pub attention: Option<String>,
    /// Items of this responsible office only.
    pub office: Option<String>,
    /// Items of this responsible organisation only.
    pub organisation: Option<String>,
}

impl SavedQuery {
    /// The filter asked for.
    fn filter(&self) -> PlanFilter {
        let text = |v: &Option<String>| v.as_deref().unwrap_or_default().trim().to_owned();
        PlanFilter {
            status: text(&self.status),
            attention: self.attention.as_deref().is_some_and(|v| !v.is_empty()),
            office: text(&self.office),
            organisation: text(&self.organisation),
        }
    }
}

/// What the plan page shows to `actor`, in `tr`'s language. The tree's items
/// are rendered once per shared tree, branch, language and editing right
/// ([`cache::tree_items`]): the rest of the page (the reader's menu, the
/// consultations' live counts) is rendered for each reader.
#[expect(
    clippy::too_many_arguments,
    reason = "the page's inputs, each distinct"
)]
fn plan_page(
    c: &mut crate::db::DbConn,
    trees: &Cache,
    summaries: &Cache,
    versions: SummaryVersions,
    actor: Option<&Actor>,
    tr: pspm_frontend::Tr,
    id: i32,
    branch: Option<i32>,
    notice: Option<String>,
    filter: PlanFilter,
) -> AppResult<PlanPageView> {
    let version = versions.plans;
    let (key, tree) = plan_view::shared_tree(c, trees, version, actor, id, today())?;
    if branch.is_some_and(|b| !tree.nodes.iter().any(|n| n.id == b)) {
        return Err(AppError::NotFound("node"));
    }
    let plan = Plan::find(c, id)?;
    // A branch page shows part of the tree only: no consultations.
    let consultations = match branch {
        None => {
            crate::services::consultations::summaries_of_plan(c, summaries, versions, actor, id, 5)?
        }
        Some(_) => Vec::new(),
    };
    let can_edit = plans::can_edit(actor, &plan);
    let collapse_actions = plan_view::collapses_actions(tree.nodes.len());
    let tree_html = cache::tree_items(trees, &key, version, tr, &tree, branch, can_edit)?;
    Ok(PlanPageView {
        collapse_actions,
        tree,
        can_edit,
        notice,
        consultations: std::sync::Arc::new(consultations),
        branch,
        tree_html: Some(tree_html),
        filter,
    })
}

/// `GET /plans/{id}[?branch={node}]`: the plan, or one node's part of it.
///
/// The public page of a plan is the most read page of a national consultation:
/// anonymous readers get it kept ([`cache::anonymous_page`]); signed-in
/// readers (their own rights and menu) get a page rendered for them, of the
/// plan's tree kept per plans' version ([`plan_view::shared_tree`]).
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<SavedQuery>,
) -> PageResult {
    let branch = match q.branch.as_deref().map(str::parse::<i32>) {
        None => None,
        Some(Ok(b)) if b > 0 => Some(b),
        Some(_) => return Err(AppError::NotFound("node").into()),
    };
    let filter = q.filter();
    // A filtered page is rendered for its reader: kept pages are the plain ones.
    if !filter.is_active()
        && let Some(kept) = cache::anonymous_page(&state, &page, id, branch).await?
    {
        return Ok(kept.response(page.gzip));
    }
    let actor = page.actor.clone();
    let notice = q.saved.map(|_| page.ctx.tr.t("notice-saved"));
    let versions = SummaryVersions {
        plans: state.plans_version.current(&state.db).await?,
        names: state.names_version.current(&state.db).await?,
    };
    let trees = state.trees.clone();
    let summaries = state.summaries.clone();
    let tr = page.ctx.tr;
    let view = state
        .db
        .run(move |c| {
            plan_page(
                c,
                &trees,
                &summaries,
                versions,
                actor.as_ref(),
                tr,
                id,
                branch,
                notice,
                filter,
            )
        })
        .await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::plans::plan::render_plan(&page.ctx, &view),
    ))
}

/// `GET /nodes/{id}`: the stable address of a node, redirecting to the page
/// that shows it (its plan's page, or its objective's page in a large plan).
pub async fn node(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<SavedQuery>,
) -> PageResult {
    let actor = page.actor.clone();
    let saved = q.saved.is_some();
    let to = state
        .db
        .run(move |c| plan_view::node_address(c, actor.as_ref(), id, saved))
        .await?;
    Ok(Redirect::to(&to).into_response())
}
