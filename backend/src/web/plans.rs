//! Plan pages: list, plan page, plan editor (plan, nodes, indicators,
//! measurements, lifecycle) and versions with their diff.

use std::collections::BTreeMap;

use crate::services::consultations::SummaryVersions;
use axum::Extension;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::plan_forms::{
    ImportView, IndicatorFormView, MeasurementFormView, NodeFormView, PlanFormView, TARGET_ROWS,
};
use pspm_frontend::pages::plan_versions::{
    ChangeRow, DiffView, NodeDiffRow, VersionRow, VersionsView, value_text,
};
use pspm_frontend::pages::plans::{PlanListView, PlanPageView};
use serde::Deserialize;

use crate::app::AppState;
use crate::cache::Cache;
use crate::db::indicator::Indicator;
use crate::db::milestone::Milestone;
use crate::db::organisation::Organisation;
use crate::db::plan::Plan;
use crate::db::plan_node::PlanNode;
use crate::domain::{NodeKind, PlanStatus, Role};
use crate::error::{AppError, AppResult, ErrorItem};
use crate::http::extract::{CsrfToken, FormData, Id};
use crate::http::page::{Page, form_state, html, reshow};
use crate::services::Actor;
use crate::services::plans::diff as plan_diff;
use crate::services::plans::exchange as plan_io;
use crate::services::plans::indicators::{self, IndicatorInput, MeasurementInput, TargetInput};
use crate::services::plans::nodes::{self, MilestoneInput, NodeInput};
use crate::services::plans::view as plan_view;
use crate::services::plans::{self, PlanInput};

/// Choices of the plan form: possible parent plans and (for administrators) owners.
type PlanChoices = (Vec<(i32, String)>, Vec<(i32, String)>);

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Parses an optional number field (accepting a decimal comma).
fn number(form: &FormData, name: &str, bad: &mut Vec<ErrorItem>) -> Option<f64> {
    let raw = form.get(name);
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let normalised = if raw.contains('.') {
        raw.replace(',', "")
    } else {
        raw.replace(',', ".")
    };
    match normalised.replace(' ', "").parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            bad.push(ErrorItem {
                code: "number_invalid".into(),
                detail: format!("{name} must be a number"),
                field: Some(name.into()),
            });
            None
        }
    }
}

fn id_field(form: &FormData, name: &str, bad: &mut Vec<ErrorItem>) -> Option<i32> {
    match form.opt_id(name) {
        Ok(v) => v,
        Err(_) => {
            bad.push(ErrorItem {
                code: "invalid_choice".into(),
                detail: format!("{name} is not valid"),
                field: Some(name.into()),
            });
            None
        }
    }
}

fn opt_text(form: &FormData, name: &str) -> Option<String> {
    Some(form.get(name)).filter(|v| !v.trim().is_empty())
}

fn lock_version(form: &FormData) -> i32 {
    form.get("lock_version").trim().parse().unwrap_or(0)
}

fn can_create(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| a.is_admin() || a.role == Role::Planner)
}

// ---- list and plan page ----------------------------------------------------------

/// `GET /plans`.
pub async fn list(State(state): State<AppState>, page: Page) -> Response {
    let actor = page.actor.clone();
    let loaded = state
        .db
        .run(move |c| {
            let plans = plans::list(c, actor.as_ref())?;
            plan_view::plan_views(c, actor.as_ref(), plans)
        })
        .await;
    match loaded {
        Ok(plans) => html(
            StatusCode::OK,
            pspm_frontend::pages::plans::render_list(
                &page.ctx,
                &PlanListView {
                    plans,
                    can_create: can_create(page.actor.as_ref()),
                },
            ),
        ),
        Err(e) => page.error(e),
    }
}

/// Query of the plan page.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    /// Set after a save.
    pub saved: Option<String>,
    /// The node whose part of the tree the plan page shows.
    pub branch: Option<String>,
}

/// How long a rendered plan page is served to anonymous readers at most. Every
/// write makes a new data version and so a new page; the limit covers what
/// changes by the clock alone (a consultation opening or closing).
const PLAN_PAGE_SECONDS: u64 = 60;

/// What the plan page shows to `actor`, in `tr`'s language. The tree's items
/// are rendered once per shared tree, branch, language and editing right, and
/// kept beside the tree in `trees`: the rest of the page (the reader's menu,
/// the consultations' live counts) is rendered for each reader.
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
    let items = format!("html:{key}:{}:{branch:?}:{can_edit}", tr.lang.code());
    let tree_html = trees.get_or(items, version, || {
        Ok(pspm_frontend::pages::plans::render_tree_items(
            tr,
            &tree,
            branch,
            can_edit,
            collapse_actions,
        ))
    })?;
    Ok(PlanPageView {
        collapse_actions,
        tree,
        can_edit,
        notice,
        consultations: std::sync::Arc::new(consultations),
        branch,
        tree_html: Some(tree_html),
    })
}

/// `GET /plans/{id}[?branch={node}]`: the plan, or one node's part of it.
///
/// The public page of a plan is the most read page of a national consultation.
/// Anonymous readers of the plain URLs get it from a cache of rendered pages,
/// kept per data version, language and [`PLAN_PAGE_SECONDS`] slot; signed-in
/// readers (their own rights and menu) get a page rendered for them, of the
/// plan's tree kept per plans' version ([`plan_view::shared_tree`]).
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<SavedQuery>,
) -> Response {
    let actor = page.actor.clone();
    let branch = match q.branch.as_deref().map(str::parse::<i32>) {
        None => None,
        Some(Ok(b)) if b > 0 => Some(b),
        Some(_) => return page.error(AppError::NotFound("node")),
    };
    let plain = match branch {
        None => format!("/plans/{id}"),
        Some(b) => format!("/plans/{id}?branch={b}"),
    };
    let trees = state.trees.clone();
    let summaries = state.summaries.clone();
    if actor.is_none() && page.ctx.path == plain {
        let ctx = page.ctx.clone();
        let slot = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / PLAN_PAGE_SECONDS);
        let key = format!("plan:{id}:{branch:?}:{}:{slot}", ctx.tr.lang.code());
        let rendered = crate::http::page::cached_page(&state, key, move |c| {
            let versions = SummaryVersions {
                plans: plan_view::plans_version(c)?,
                names: crate::services::consultations::names_version(c)?,
            };
            let view = plan_page(
                c, &trees, &summaries, versions, None, ctx.tr, id, branch, None,
            )?;
            let html = pspm_frontend::pages::plans::render_plan(&ctx, &view);
            Ok(crate::http::page::CachedPage::new(StatusCode::OK, html))
        })
        .await;
        return match rendered {
            Ok(cached) => cached.response(page.gzip),
            Err(e) => page.error(e),
        };
    }
    let notice = q.saved.map(|_| page.ctx.tr.t("notice-saved"));
    let versions = match (
        state.plans_version.current(&state.db).await,
        state.names_version.current(&state.db).await,
    ) {
        (Ok(plans), Ok(names)) => SummaryVersions { plans, names },
        (Err(e), _) | (_, Err(e)) => return page.error(e),
    };
    let tr = page.ctx.tr;
    let loaded = state
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
            )
        })
        .await;
    match loaded {
        Ok(view) => html(
            StatusCode::OK,
            pspm_frontend::pages::plans::render_plan(&page.ctx, &view),
        ),
        Err(e) => page.error(e),
    }
}

/// `GET /nodes/{id}`: the stable address of a node, redirecting to the page
/// that shows it (its plan's page, or its objective's page in a large plan).
pub async fn node(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<SavedQuery>,
) -> Response {
    let actor = page.actor.clone();
    let saved = q.saved.is_some();
    match state
        .db
        .run(move |c| plan_view::node_address(c, actor.as_ref(), id, saved))
        .await
    {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(e) => page.error(e),
    }
}

// ---- plan form ----------------------------------------------------------------------

async fn plan_form_choices(
    state: &AppState,
    actor: Actor,
) -> AppResult<(Vec<(i32, String)>, Vec<(i32, String)>)> {
    state
        .db
        .run(move |c| {
            let parents = plans::list(c, Some(&actor))?
                .into_iter()
                .map(|p| (p.id, p.title))
                .collect();
            let owners = if actor.is_admin() {
                Organisation::all(c)?
                    .into_iter()
                    .map(|o| (o.id, o.name))
                    .collect()
            } else {
                Vec::new()
            };
            Ok((parents, owners))
        })
        .await
}

fn plan_form(page: &Page, id: Option<i32>, form: FormState, choices: &PlanChoices) -> String {
    pspm_frontend::pages::plan_forms::render_plan_form(
        &page.ctx,
        &PlanFormView {
            id,
            form,
            parents: choices.0.clone(),
            owners: choices.1.clone(),
        },
    )
}

/// `GET /plans/new`.
pub async fn new_plan(State(state): State<AppState>, page: Page) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    if !can_create(Some(&actor)) {
        return page.error(AppError::Forbidden);
    }
    match plan_form_choices(&state, actor).await {
        Ok(choices) => html(
            StatusCode::OK,
            plan_form(&page, None, FormState::default(), &choices),
        ),
        Err(e) => page.error(e),
    }
}

/// `GET /plans/{id}/edit`.
pub async fn edit_plan(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let a2 = actor.clone();
    let plan = match state
        .db
        .run(move |c| plans::find_editable(c, &a2, id))
        .await
    {
        Ok(p) => p,
        Err(e) => return page.error(e),
    };
    let form = FormState::default()
        .with("title", plan.title)
        .with("summary", plan.summary)
        .with(
            "owner_organisation_id",
            plan.owner_organisation_id.to_string(),
        )
        .with("period_start", plan.period_start.to_string())
        .with("period_end", plan.period_end.to_string())
        .with(
            "parent_plan_id",
            plan.parent_plan_id
                .map(|p| p.to_string())
                .unwrap_or_default(),
        )
        .with("lock_version", plan.lock_version.to_string());
    match plan_form_choices(&state, actor).await {
        Ok(choices) => html(StatusCode::OK, plan_form(&page, Some(id), form, &choices)),
        Err(e) => page.error(e),
    }
}

async fn save_plan(state: AppState, page: Page, id: Option<i32>, form: FormData) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let mut bad = Vec::new();
    let input = PlanInput {
        title: form.get("title"),
        summary: form.get("summary"),
        owner_organisation_id: id_field(&form, "owner_organisation_id", &mut bad),
        period_start: form.get("period_start"),
        period_end: form.get("period_end"),
        parent_plan_id: id_field(&form, "parent_plan_id", &mut bad),
    };
    let version = lock_version(&form);
    let a2 = actor.clone();
    let result = if bad.is_empty() {
        state
            .db
            .run(move |c| match id {
                Some(id) => plans::update(c, &a2, id, version, &input),
                None => plans::create(c, &a2, &input),
            })
            .await
    } else {
        Err(AppError::Validation(bad))
    };
    match result {
        Ok(plan) => Redirect::to(&format!("/plans/{}?saved=1", plan.id)).into_response(),
        Err(e) => {
            let choices = plan_form_choices(&state, actor).await.unwrap_or_default();
            reshow(&page, e, form_state(&form), |f| {
                plan_form(&page, id, f, &choices)
            })
        }
    }
}

/// `POST /plans`.
pub async fn create_plan(State(state): State<AppState>, page: Page, form: FormData) -> Response {
    save_plan(state, page, None, form).await
}

/// `POST /plans/{id}`.
pub async fn update_plan(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    save_plan(state, page, Some(id), form).await
}

/// `POST /plans/{id}/transition`.
pub async fn transition(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let status = form.get("status");
    match state
        .db
        .run(move |c| plans::transition(c, &actor, id, &status))
        .await
    {
        Ok(_) => Redirect::to(&format!("/plans/{id}?saved=1")).into_response(),
        Err(e) => page.error(e),
    }
}

// ---- nodes ------------------------------------------------------------------------------

fn node_label(n: &PlanNode) -> String {
    format!("{} – {}", n.code, n.title)
}

async fn node_form_view(
    state: &AppState,
    actor: Actor,
    plan_id: i32,
    id: Option<i32>,
    kind: String,
    form: FormState,
    move_form: FormState,
) -> AppResult<NodeFormView> {
    state
        .db
        .run(move |c| {
            let plan = plans::find_editable(c, &actor, plan_id)?;
            let organisations = Organisation::all(c)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let nodes = PlanNode::of_plan(c, plan_id)?;
            let parent_kind = NodeKind::parse(&kind)
                .and_then(NodeKind::parent_kind)
                .map(NodeKind::as_str);
            let parents = nodes
                .iter()
                .filter(|n| Some(n.kind.as_str()) == parent_kind && Some(n.id) != id)
                .map(|n| (n.id, node_label(n)))
                .collect();
            let alignable = match plan.parent_plan_id {
                Some(pp) => PlanNode::of_plan(c, pp)?
                    .iter()
                    .filter(|n| n.kind != NodeKind::Area.as_str())
                    .map(|n| (n.id, node_label(n)))
                    .collect(),
                None => Vec::new(),
            };
            Ok(NodeFormView {
                plan_id,
                plan_title: plan.title,
                id,
                form,
                organisations,
                parents,
                alignable,
                draft: plan.status == PlanStatus::Draft.as_str(),
                move_form,
                milestones: match id {
                    Some(id) => Milestone::of_nodes(c, &[id])?
                        .into_iter()
                        .map(|m| pspm_frontend::model::MilestoneView {
                            id: m.id,
                            title: m.title,
                            due_date: m.due_date,
                            done: m.done,
                        })
                        .collect(),
                    None => Vec::new(),
                },
                milestone_form: FormState::default(),
            })
        })
        .await
}

/// Query of the new-node form.
#[derive(Debug, Deserialize)]
pub struct NewNodeQuery {
    /// Kind of node to add.
    pub kind: Option<String>,
    /// Parent node.
    pub parent: Option<i32>,
}

/// `GET /plans/{id}/nodes/new?kind=…&parent=…`.
pub async fn new_node(
    State(state): State<AppState>,
    page: Page,
    Id(plan_id): Id,
    Query(q): Query<NewNodeQuery>,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let kind = q
        .kind
        .filter(|k| NodeKind::parse(k).is_some())
        .unwrap_or_else(|| "area".into());
    let form = FormState::default()
        .with("kind", kind.clone())
        .with(
            "parent_id",
            q.parent.map(|p| p.to_string()).unwrap_or_default(),
        )
        .with("status", "not_started");
    match node_form_view(
        &state,
        actor,
        plan_id,
        None,
        kind,
        form,
        FormState::default(),
    )
    .await
    {
        Ok(view) => html(
            StatusCode::OK,
            pspm_frontend::pages::plan_forms::render_node_form(&page.ctx, &view),
        ),
        Err(e) => page.error(e),
    }
}

/// The edit form of a node, filled with its stored values.
fn node_edit_form(node: &PlanNode) -> FormState {
    let d = |v: Option<chrono::NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let f = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    FormState::default()
        .with("kind", node.kind.clone())
        .with(
            "parent_id",
            node.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        )
        .with("code", node.code.clone())
        .with("title", node.title.clone())
        .with("description", node.description.clone())
        .with(
            "responsible_office",
            node.responsible_office.clone().unwrap_or_default(),
        )
        .with(
            "responsible_organisation_id",
            node.responsible_organisation_id
                .map(|o| o.to_string())
                .unwrap_or_default(),
        )
        .with("weight", f(node.weight))
        .with("planned_start", d(node.planned_start))
        .with("planned_end", d(node.planned_end))
        .with("actual_start", d(node.actual_start))
        .with("actual_end", d(node.actual_end))
        .with("budget", f(node.budget))
        .with("status", node.status.clone())
        .with("progress", f(node.progress))
        .with(
            "aligned_node_id",
            node.aligned_node_id
                .map(|a| a.to_string())
                .unwrap_or_default(),
        )
        .with("lock_version", node.lock_version.to_string())
}

/// Which part of the node page a failed submission belongs to.
#[derive(Debug, Clone, Copy)]
enum NodeSection {
    /// The move form.
    Move,
    /// The new-milestone form.
    Milestone,
}

/// Re-shows the node page with the errors of one of its secondary forms; the
/// main form keeps the stored values.
async fn reshow_node_section(
    state: &AppState,
    page: &Page,
    actor: Actor,
    id: i32,
    e: AppError,
    form: &FormData,
    section: NodeSection,
) -> Response {
    let a2 = actor.clone();
    let node = match state.db.run(move |c| nodes::find(c, Some(&a2), id)).await {
        Ok(n) => n,
        Err(e2) => return page.error(e2),
    };
    let main = node_edit_form(&node);
    match node_form_view(
        state,
        actor,
        node.plan_id,
        Some(id),
        node.kind,
        main,
        FormState::default(),
    )
    .await
    {
        Ok(view) => reshow(page, e, form_state(form), |f| {
            let view = match section {
                NodeSection::Move => NodeFormView {
                    move_form: f,
                    ..view.clone()
                },
                NodeSection::Milestone => NodeFormView {
                    milestone_form: f,
                    ..view.clone()
                },
            };
            pspm_frontend::pages::plan_forms::render_node_form(&page.ctx, &view)
        }),
        Err(e2) => page.error(e2),
    }
}

/// `GET /nodes/{id}/edit`.
pub async fn edit_node(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let a2 = actor.clone();
    let node = match state.db.run(move |c| nodes::find(c, Some(&a2), id)).await {
        Ok(n) => n,
        Err(e) => return page.error(e),
    };
    let form = node_edit_form(&node);
    let move_form = FormState::default()
        .with(
            "parent_id",
            node.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        )
        .with("position", node.position.to_string());
    match node_form_view(
        &state,
        actor,
        node.plan_id,
        Some(id),
        node.kind,
        form,
        move_form,
    )
    .await
    {
        Ok(view) => html(
            StatusCode::OK,
            pspm_frontend::pages::plan_forms::render_node_form(&page.ctx, &view),
        ),
        Err(e) => page.error(e),
    }
}

fn node_input(form: &FormData, bad: &mut Vec<ErrorItem>) -> NodeInput {
    NodeInput {
        parent_id: id_field(form, "parent_id", bad),
        kind: form.get("kind"),
        code: form.get("code"),
        title: form.get("title"),
        description: form.get("description"),
        responsible_office: opt_text(form, "responsible_office"),
        responsible_organisation_id: id_field(form, "responsible_organisation_id", bad),
        weight: number(form, "weight", bad),
        planned_start: opt_text(form, "planned_start"),
        planned_end: opt_text(form, "planned_end"),
        actual_start: opt_text(form, "actual_start"),
        actual_end: opt_text(form, "actual_end"),
        budget: number(form, "budget", bad),
        status: opt_text(form, "status"),
        progress: number(form, "progress", bad),
        aligned_node_id: id_field(form, "aligned_node_id", bad),
    }
}

async fn save_node(
    state: AppState,
    page: Page,
    plan_id: Option<i32>,
    id: Option<i32>,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let mut bad = Vec::new();
    let input = node_input(&form, &mut bad);
    let version = lock_version(&form);
    let a2 = actor.clone();
    let result = if bad.is_empty() {
        state
            .db
            .run(move |c| match (id, plan_id) {
                (Some(id), _) => nodes::update(c, &a2, id, version, &input),
                (None, Some(plan)) => nodes::create(c, &a2, plan, &input),
                (None, None) => Err(AppError::NotFound("plan")),
            })
            .await
    } else {
        Err(AppError::Validation(bad))
    };
    match result {
        Ok(node) => Redirect::to(&format!("/nodes/{}?saved=1", node.id)).into_response(),
        Err(e) => {
            let a3 = actor.clone();
            let plan = match (plan_id, id) {
                (Some(p), _) => Ok(p),
                (None, Some(n)) => {
                    state
                        .db
                        .run(move |c| Ok(nodes::find(c, Some(&a3), n)?.plan_id))
                        .await
                }
                _ => Err(AppError::NotFound("plan")),
            };
            let Ok(plan) = plan else { return page.error(e) };
            let kind = form.get("kind");
            match node_form_view(
                &state,
                actor,
                plan,
                id,
                kind,
                FormState::default(),
                FormState::default(),
            )
            .await
            {
                Ok(view) => reshow(&page, e, form_state(&form), |f| {
                    pspm_frontend::pages::plan_forms::render_node_form(
                        &page.ctx,
                        &NodeFormView {
                            form: f,
                            ..view.clone()
                        },
                    )
                }),
                Err(e2) => page.error(e2),
            }
        }
    }
}

/// `POST /plans/{id}/nodes`.
pub async fn create_node(
    State(state): State<AppState>,
    page: Page,
    Id(plan_id): Id,
    form: FormData,
) -> Response {
    save_node(state, page, Some(plan_id), None, form).await
}

/// `POST /nodes/{id}`.
pub async fn update_node(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    save_node(state, page, None, Some(id), form).await
}

/// `POST /nodes/{id}/move`.
pub async fn move_node(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let mut bad = Vec::new();
    let parent = id_field(&form, "parent_id", &mut bad);
    let position = number(&form, "position", &mut bad).map(|p| (p as i32 - 1).max(0));
    let version = lock_version(&form);
    let a2 = actor.clone();
    let result = if bad.is_empty() {
        state
            .db
            .run(move |c| nodes::move_node(c, &a2, id, version, parent, position))
            .await
    } else {
        Err(AppError::Validation(bad))
    };
    match result {
        Ok(node) => Redirect::to(&format!("/nodes/{}?saved=1", node.id)).into_response(),
        Err(e) => reshow_node_section(&state, &page, actor, id, e, &form, NodeSection::Move).await,
    }
}

/// `POST /nodes/{id}/delete`.
pub async fn delete_node(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    _form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let result = state
        .db
        .run(move |c| {
            let node = nodes::find(c, Some(&actor), id)?;
            nodes::delete(c, &actor, id)?;
            Ok(node.plan_id)
        })
        .await;
    match result {
        Ok(plan) => Redirect::to(&format!("/plans/{plan}?saved=1")).into_response(),
        Err(e) => page.error(e),
    }
}

// ---- indicators and measurements ---------------------------------------------------------

async fn indicator_form_view(
    state: &AppState,
    actor: Actor,
    node_id: i32,
    form: FormState,
) -> AppResult<IndicatorFormView> {
    state
        .db
        .run(move |c| {
            let node = nodes::find(c, Some(&actor), node_id)?;
            plans::find_editable(c, &actor, node.plan_id)?;
            Ok(IndicatorFormView {
                plan_id: node.plan_id,
                node_id,
                node: node_label(&node),
                indicator_id: None,
                rows: TARGET_ROWS,
                form,
            })
        })
        .await
}

/// `GET /nodes/{id}/indicators/new`.
pub async fn new_indicator(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    match indicator_form_view(&state, actor, id, FormState::default()).await {
        Ok(view) => html(
            StatusCode::OK,
            pspm_frontend::pages::plan_forms::render_indicator_form(&page.ctx, &view),
        ),
        Err(e) => page.error(e),
    }
}

/// Number of target rows submitted (`target_period_0`, `target_period_1`, …).
fn target_rows(form: &FormData) -> usize {
    (0..)
        .take_while(|i| form.0.contains_key(&format!("target_period_{i}")))
        .count()
}

/// `POST /nodes/{id}/indicators`.
pub async fn create_indicator(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    save_indicator(state, page, id, None, form).await
}

/// `GET /indicators/{id}/edit`.
pub async fn edit_indicator(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let a2 = actor.clone();
    let loaded = state
        .db
        .run(move |c| indicators::series(c, Some(&a2), id))
        .await;
    let (ind, targets, _) = match loaded {
        Ok(x) => x,
        Err(e) => return page.error(e),
    };
    let mut form = FormState::default()
        .with("name", ind.name.clone())
        .with("unit", ind.unit.clone())
        .with("direction", ind.direction.clone())
        .with("baseline_value", ind.baseline_value.to_string())
        .with("baseline_date", ind.baseline_date.to_string())
        .with("frequency", ind.frequency.clone())
        .with("data_source", ind.data_source.clone());
    for (i, t) in targets.iter().enumerate() {
        form = form
            .with(&format!("target_period_{i}"), t.period.clone())
            .with(&format!("target_due_{i}"), t.due_date.to_string())
            .with(&format!("target_value_{i}"), t.value.to_string());
    }
    let rows = (targets.len() + 1).max(TARGET_ROWS);
    match indicator_form_view(&state, actor, ind.node_id, form).await {
        Ok(view) => html(
            StatusCode::OK,
            pspm_frontend::pages::plan_forms::render_indicator_form(
                &page.ctx,
                &IndicatorFormView {
                    indicator_id: Some(id),
                    rows,
                    ..view
                },
            ),
        ),
        Err(e) => page.error(e),
    }
}

/// `POST /indicators/{id}`.
pub async fn update_indicator(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = page.actor.clone();
    let node = state
        .db
        .run(move |c| Ok(indicators::find(c, actor.as_ref(), id)?.node_id))
        .await;
    match node {
        Ok(node) => save_indicator(state, page, node, Some(id), form).await,
        Err(e) => page.error(e),
    }
}

async fn save_indicator(
    state: AppState,
    page: Page,
    node_id: i32,
    indicator_id: Option<i32>,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let mut bad = Vec::new();
    let mut targets = Vec::new();
    let mut rows: BTreeMap<usize, usize> = BTreeMap::new();
    let row_count = target_rows(&form);
    for i in 0..row_count {
        let period = form.get(&format!("target_period_{i}"));
        let due = form.get(&format!("target_due_{i}"));
        let value = number(&form, &format!("target_value_{i}"), &mut bad);
        if period.trim().is_empty() && due.trim().is_empty() && value.is_none() {
            continue;
        }
        rows.insert(targets.len(), i);
        targets.push(TargetInput {
            period,
            due_date: due,
            value,
        });
    }
    let input = IndicatorInput {
        name: form.get("name"),
        unit: form.get("unit"),
        direction: form.get("direction"),
        baseline_value: number(&form, "baseline_value", &mut bad),
        baseline_date: form.get("baseline_date"),
        frequency: form.get("frequency"),
        data_source: form.get("data_source"),
        targets,
    };
    let a2 = actor.clone();
    let result = if bad.is_empty() {
        state
            .db
            .run(move |c| {
                let ind = match indicator_id {
                    Some(id) => indicators::update(c, &a2, id, &input)?,
                    None => indicators::create(c, &a2, node_id, &input)?,
                };
                Ok(ind.node_id)
            })
            .await
    } else {
        Err(AppError::Validation(bad))
    };
    match result {
        Ok(node) => Redirect::to(&format!("/nodes/{node}?saved=1")).into_response(),
        Err(e) => {
            // Service errors name targets as `targets.N.field`; the form names rows `target_field_ROW`.
            let e = match e {
                AppError::Validation(items) => AppError::Validation(
                    items
                        .into_iter()
                        .map(|mut it| {
                            if let Some(f) = &it.field
                                && let Some(rest) = f.strip_prefix("targets.")
                                && let Some((n, field)) = rest.split_once('.')
                                && let Some(row) =
                                    n.parse::<usize>().ok().and_then(|n| rows.get(&n))
                            {
                                let short = match field {
                                    "due_date" => "due",
                                    other => other,
                                };
                                it.field = Some(format!("target_{short}_{row}"));
                            }
                            it
                        })
                        .collect(),
                ),
                other => other,
            };
            match indicator_form_view(&state, actor, node_id, FormState::default()).await {
                Ok(view) => reshow(&page, e, form_state(&form), |f| {
                    pspm_frontend::pages::plan_forms::render_indicator_form(
                        &page.ctx,
                        &IndicatorFormView {
                            form: f,
                            indicator_id,
                            rows: row_count.max(TARGET_ROWS),
                            ..view.clone()
                        },
                    )
                }),
                Err(e2) => page.error(e2),
            }
        }
    }
}

async fn measurement_form_view(
    state: &AppState,
    actor: Actor,
    id: i32,
    form: FormState,
) -> AppResult<MeasurementFormView> {
    state
        .db
        .run(move |c| {
            let ind: Indicator = indicators::find(c, Some(&actor), id)?;
            let node = nodes::find(c, Some(&actor), ind.node_id)?;
            plans::find_editable(c, &actor, node.plan_id)?;
            let label = if ind.unit.is_empty() {
                ind.name.clone()
            } else {
                format!("{} ({})", ind.name, ind.unit)
            };
            Ok(MeasurementFormView {
                plan_id: node.plan_id,
                node_id: node.id,
                indicator_id: id,
                indicator: label,
                form,
            })
        })
        .await
}

/// `GET /indicators/{id}/measurements/new`.
pub async fn new_measurement(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let form = FormState::default().with("date", today().to_string());
    match measurement_form_view(&state, actor, id, form).await {
        Ok(view) => html(
            StatusCode::OK,
            pspm_frontend::pages::plan_forms::render_measurement_form(&page.ctx, &view),
        ),
        Err(e) => page.error(e),
    }
}

/// `POST /indicators/{id}/measurements`.
pub async fn create_measurement(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let mut bad = Vec::new();
    let input = MeasurementInput {
        date: form.get("date"),
        value: number(&form, "value", &mut bad),
        note: opt_text(&form, "note"),
    };
    let a2 = actor.clone();
    let result = if bad.is_empty() {
        state
            .db
            .run(move |c| {
                indicators::add_measurement(c, &a2, id, &input)?;
                let ind = Indicator::find(c, id)?;
                Ok(ind.node_id)
            })
            .await
    } else {
        Err(AppError::Validation(bad))
    };
    match result {
        Ok(node) => Redirect::to(&format!("/nodes/{node}?saved=1")).into_response(),
        Err(e) => match measurement_form_view(&state, actor, id, FormState::default()).await {
            Ok(view) => reshow(&page, e, form_state(&form), |f| {
                pspm_frontend::pages::plan_forms::render_measurement_form(
                    &page.ctx,
                    &MeasurementFormView {
                        form: f,
                        ..view.clone()
                    },
                )
            }),
            Err(e2) => page.error(e2),
        },
    }
}

// ---- versions ------------------------------------------------------------------------------

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
pub async fn versions(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<CompareQuery>,
) -> Response {
    let actor = page.actor.clone();
    let loaded = state
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
        .await;
    match loaded {
        Ok(view) => {
            let status = if view.error.is_some() {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::OK
            };
            html(
                status,
                pspm_frontend::pages::plan_versions::render(&page.ctx, &view),
            )
        }
        Err(e) => page.error(e),
    }
}

// ---- milestones ---------------------------------------------------------------------------

/// `POST /nodes/{id}/milestones`.
pub async fn create_milestone(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let input = MilestoneInput {
        title: form.get("title"),
        due_date: form.get("due_date"),
        done: false,
    };
    let a2 = actor.clone();
    let result = state
        .db
        .run(move |c| {
            nodes::add_milestone(c, &a2, id, &input)?;
            Ok(nodes::find(c, Some(&a2), id)?.plan_id)
        })
        .await;
    match result {
        Ok(_) => Redirect::to(&format!("/nodes/{id}/edit")).into_response(),
        Err(e) => {
            reshow_node_section(&state, &page, actor, id, e, &form, NodeSection::Milestone).await
        }
    }
}

/// `POST /milestones/{id}/toggle`.
pub async fn toggle_milestone(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let done = form.get("done") == "true";
    match state
        .db
        .run(move |c| nodes::set_milestone_done(c, &actor, id, done))
        .await
    {
        Ok(m) => Redirect::to(&format!("/nodes/{}/edit", m.node_id)).into_response(),
        Err(e) => page.error(e),
    }
}

// ---- import ---------------------------------------------------------------------------------

fn import_page(page: &Page, status: StatusCode, errors: Vec<(String, String, String)>) -> Response {
    html(
        status,
        pspm_frontend::pages::plan_forms::render_import(&page.ctx, &ImportView { errors }),
    )
}

/// `GET /plans/import`.
pub async fn import_form(page: Page) -> Response {
    match page.require_actor() {
        Ok(a) if can_create(Some(a)) => import_page(&page, StatusCode::OK, Vec::new()),
        Ok(_) => page.error(AppError::Forbidden),
        Err(r) => r,
    }
}

/// `POST /plans/import` (multipart: `csrf`, `file`).
pub async fn import(
    State(state): State<AppState>,
    page: Page,
    Extension(token): Extension<CsrfToken>,
    mut multipart: Multipart,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let mut csrf = None;
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let Ok(bytes) = field.bytes().await else {
                    return page.error(AppError::TooLarge);
                };
                match name.as_str() {
                    "csrf" => csrf = Some(String::from_utf8_lossy(&bytes).into_owned()),
                    "file" => file = Some(bytes),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => return page.error(AppError::Csrf),
        }
    }
    if csrf.as_deref() != Some(token.0.as_str()) || token.0.is_empty() {
        return page.error(AppError::Csrf);
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return import_page(
            &page,
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("file".into(), "file_missing".into(), String::new())],
        );
    };
    let result = match plan_io::parse(&bytes) {
        Ok(doc) => {
            state
                .db
                .run(move |c| plan_io::import(c, Some(&actor), &doc))
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(plan) => Redirect::to(&format!("/plans/{}?saved=1", plan.id)).into_response(),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let status = e.status();
            let errors = e
                .items()
                .into_iter()
                .map(|i| (i.field.unwrap_or_else(|| "file".into()), i.code, i.detail))
                .collect();
            import_page(&page, status, errors)
        }
        Err(e) => page.error(e),
    }
}
