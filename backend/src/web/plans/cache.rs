//! Rendered plan pages kept between readers: the whole page for anonymous
//! readers, and the tree's items for everyone. Every key of them is made here.

use std::sync::Arc;

use axum::http::StatusCode;
use pspm_frontend::Tr;
use pspm_frontend::model::PlanTree;
use pspm_frontend::pages::plans::plan::PlanFilter;

use crate::app::AppState;
use crate::cache::Cache;
use crate::error::AppResult;
use crate::http::page::{CachedPage, Page, cached_page};
use crate::services::consultations::{SummaryVersions, names_version};
use crate::services::plans::view as plan_view;

/// How long a rendered plan page is served to anonymous readers at most. Every
/// write makes a new data version and so a new page; the limit covers what
/// changes by the clock alone (a consultation opening or closing).
const PLAN_PAGE_SECONDS: u64 = 60;

/// The kept page of plan `id` (or of its `branch`) for an anonymous reader of
/// its plain address, kept per data version, language and
/// [`PLAN_PAGE_SECONDS`] slot; `None` for any other reader or address (a
/// signed-in reader has their own rights and menu, a `saved` notice is theirs).
pub(super) async fn anonymous_page(
    state: &AppState,
    page: &Page,
    id: i32,
    branch: Option<i32>,
) -> AppResult<Option<Arc<CachedPage>>> {
    let plain = match branch {
        None => format!("/plans/{id}"),
        Some(b) => format!("/plans/{id}?branch={b}"),
    };
    if page.actor.is_some() || page.ctx.path != plain {
        return Ok(None);
    }
    let ctx = page.ctx.clone();
    let slot = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / PLAN_PAGE_SECONDS);
    let key = format!("plan:{id}:{branch:?}:{}:{slot}", ctx.tr.lang.code());
    let trees = state.trees.clone();
    let summaries = state.summaries.clone();
    let kept = cached_page(state, key, move |c| {
        let versions = SummaryVersions {
            plans: plan_view::plans_version(c)?,
            names: names_version(c)?,
        };
        let view = super::plan_page(
            c,
            &trees,
            &summaries,
            versions,
            None,
            ctx.tr,
            id,
            branch,
            None,
            PlanFilter::default(),
        )?;
        let html = pspm_frontend::pages::plans::plan::render_plan(&ctx, &view);
        Ok(CachedPage::new(StatusCode::OK, html))
    })
    .await?;
    Ok(Some(kept))
}

/// The rendered items of `tree` (kept under `tree_key` in `trees`, see
/// [`plan_view::shared_tree`]), kept beside it per language, branch and
/// editing right: the rest of the page is rendered for each reader.
pub(super) fn tree_items(
    trees: &Cache,
    tree_key: &str,
    version: i32,
    tr: Tr,
    tree: &Arc<PlanTree>,
    branch: Option<i32>,
    can_edit: bool,
) -> AppResult<Arc<String>> {
    let key = format!("html:{tree_key}:{}:{branch:?}:{can_edit}", tr.lang.code());
    trees.get_or(key, version, || {
        Ok(pspm_frontend::pages::plans::tree::render_tree_items(
            tr,
            tree,
            branch,
            can_edit,
            plan_view::collapses_actions(tree.nodes.len()),
        ))
    })
}
