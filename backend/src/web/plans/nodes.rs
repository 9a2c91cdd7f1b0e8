//! The node editor: new and edit forms, save, move, delete, and the node's
//! milestones.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::FormState;
use pspm_frontend::i18n::Lang;
use pspm_frontend::pages::plans::forms::NodeFormView;
use serde::Deserialize;

use super::fields::{id_field, lock_version, number, opt_text};
use super::node_label;
use crate::app::AppState;
use crate::db::milestone::Milestone;
use crate::db::organisation::Organisation;
use crate::db::plan_node::PlanNode;
use crate::domain::{NodeKind, PlanStatus};
use crate::error::{AppError, AppResult, ErrorItem};
use crate::http::extract::{FormData, Id};
use crate::http::page::{PageResult, SignedIn, form_state, html, reshow};
use crate::services::Actor;
use crate::services::plans;
use crate::services::plans::nodes::{self, NodeInput};

async fn node_form_view(
    state: &AppState,
    actor: Actor,
    plan_id: i32,
    id: Option<i32>,
    kind: String,
    form: FormState,
    move_form: FormState,
) -> AppResult<NodeFormView> {
    let max_upload_mb = state.config.max_upload_mb;
    state
        .db
        .run(move |c| {
            let plan = plans::find_editable(c, &actor, plan_id)?;
            let organisations = Organisation::all(c)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let nodes = PlanNode::of_plan(c, plan_id)?;
            let parent_kind = NodeKind::parse(&kind).and_then(NodeKind::parent_kind);
            let parents = nodes
                .iter()
                .filter(|n| Some(n.kind) == parent_kind && Some(n.id) != id)
                .map(|n| (n.id, node_label(n)))
                .collect();
            let alignable = match plan.parent_plan_id {
                Some(pp) => PlanNode::of_plan(c, pp)?
                    .iter()
                    .filter(|n| n.kind != NodeKind::Area)
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
                draft: plan.status == PlanStatus::Draft,
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
                attachments: match id {
                    Some(id) => crate::services::attachments::of_nodes(c, &[id])?
                        .remove(&id)
                        .unwrap_or_default(),
                    None => Vec::new(),
                },
                attachment_form: FormState::default().with("lang", "it"),
                max_upload_mb,
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
    SignedIn { page, actor }: SignedIn,
    Id(plan_id): Id,
    Query(q): Query<NewNodeQuery>,
) -> PageResult {
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
    let view = node_form_view(
        &state,
        actor,
        plan_id,
        None,
        kind,
        form,
        FormState::default(),
    )
    .await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::plans::forms::render_node_form(&page.ctx, &view),
    ))
}

/// The edit form of a node, filled with its stored values.
fn node_edit_form(node: &PlanNode) -> FormState {
    let d = |v: Option<chrono::NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let f = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    FormState::default()
        .with("kind", node.kind.to_string())
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
        .with("status", node.status.to_string())
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
pub(crate) enum NodeSection {
    /// The move form.
    Move,
    /// The new-milestone form.
    Milestone,
    /// The upload form.
    Attachment,
}

/// Re-shows the node page with the errors of one of its secondary forms; the
/// main form keeps the stored values.
pub(crate) async fn reshow_node_section(
    state: &AppState,
    SignedIn { page, actor }: SignedIn,
    id: i32,
    e: AppError,
    entered: FormState,
    section: NodeSection,
) -> PageResult {
    let a2 = actor.clone();
    let node = state.db.run(move |c| nodes::find(c, Some(&a2), id)).await?;
    let main = node_edit_form(&node);
    let view = node_form_view(
        state,
        actor,
        node.plan_id,
        Some(id),
        node.kind.to_string(),
        main,
        FormState::default(),
    )
    .await?;
    Ok(reshow(&page, e, entered, |f| {
        let view = match section {
            NodeSection::Move => NodeFormView {
                move_form: f,
                ..view.clone()
            },
            NodeSection::Milestone => NodeFormView {
                milestone_form: f,
                ..view.clone()
            },
            NodeSection::Attachment => NodeFormView {
                attachment_form: f,
                ..view.clone()
            },
        };
        pspm_frontend::pages::plans::forms::render_node_form(&page.ctx, &view)
    }))
}

/// `GET /nodes/{id}/edit`.
pub async fn edit_node(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Id(id): Id,
) -> PageResult {
    let a2 = actor.clone();
    let node = state.db.run(move |c| nodes::find(c, Some(&a2), id)).await?;
    let form = node_edit_form(&node);
    let move_form = FormState::default()
        .with(
            "parent_id",
            node.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        )
        // Stored from 0; the form counts from 1, as its hint says.
        .with("position", (node.position + 1).to_string());
    let view = node_form_view(
        &state,
        actor,
        node.plan_id,
        Some(id),
        node.kind.to_string(),
        form,
        move_form,
    )
    .await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::plans::forms::render_node_form(&page.ctx, &view),
    ))
}

fn node_input(lang: Lang, form: &FormData, bad: &mut Vec<ErrorItem>) -> NodeInput {
    NodeInput {
        parent_id: id_field(form, "parent_id", bad),
        kind: form.get("kind"),
        code: form.get("code"),
        title: form.get("title"),
        description: form.get("description"),
        responsible_office: opt_text(form, "responsible_office"),
        responsible_organisation_id: id_field(form, "responsible_organisation_id", bad),
        weight: number(lang, form, "weight", bad),
        planned_start: opt_text(form, "planned_start"),
        planned_end: opt_text(form, "planned_end"),
        actual_start: opt_text(form, "actual_start"),
        actual_end: opt_text(form, "actual_end"),
        budget: number(lang, form, "budget", bad),
        status: opt_text(form, "status"),
        progress: number(lang, form, "progress", bad),
        aligned_node_id: id_field(form, "aligned_node_id", bad),
    }
}

async fn save_node(
    state: AppState,
    SignedIn { page, actor }: SignedIn,
    plan_id: Option<i32>,
    id: Option<i32>,
    form: FormData,
) -> PageResult {
    let mut bad = Vec::new();
    let input = node_input(page.ctx.tr.lang, &form, &mut bad);
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
    let e = match result {
        Ok(node) => {
            return Ok(Redirect::to(&format!("/nodes/{}?saved=1", node.id)).into_response());
        }
        Err(e) => e,
    };
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
    let Ok(plan) = plan else {
        return Err(e.into());
    };
    let kind = form.get("kind");
    let view = node_form_view(
        &state,
        actor,
        plan,
        id,
        kind,
        FormState::default(),
        FormState::default(),
    )
    .await?;
    Ok(reshow(&page, e, form_state(&form), |f| {
        pspm_frontend::pages::plans::forms::render_node_form(
            &page.ctx,
            &NodeFormView {
                form: f,
                ..view.clone()
            },
        )
    }))
}

/// `POST /plans/{id}/nodes`.
pub async fn create_node(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Id(plan_id): Id,
    form: FormData,
) -> PageResult {
    save_node(state, signed_in, Some(plan_id), None, form).await
}

/// `POST /nodes/{id}`.
pub async fn update_node(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    save_node(state, signed_in, None, Some(id), form).await
}

/// `POST /nodes/{id}/move`.
pub async fn move_node(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    let mut bad = Vec::new();
    let parent = id_field(&form, "parent_id", &mut bad);
    let position = number(signed_in.page.ctx.tr.lang, &form, "position", &mut bad)
        .map(|p| (p as i32 - 1).max(0));
    let version = lock_version(&form);
    let actor = signed_in.actor.clone();
    let result = if bad.is_empty() {
        state
            .db
            .run(move |c| nodes::move_node(c, &actor, id, version, parent, position))
            .await
    } else {
        Err(AppError::Validation(bad))
    };
    match result {
        Ok(node) => Ok(Redirect::to(&format!("/nodes/{}?saved=1", node.id)).into_response()),
        Err(e) => {
            reshow_node_section(
                &state,
                signed_in,
                id,
                e,
                form_state(&form),
                NodeSection::Move,
            )
            .await
        }
    }
}

/// `POST /nodes/{id}/delete`.
pub async fn delete_node(
    State(state): State<AppState>,
    SignedIn { actor, .. }: SignedIn,
    Id(id): Id,
    _form: FormData,
) -> PageResult {
    let plan = state
        .db
        .run(move |c| {
            let node = nodes::find(c, Some(&actor), id)?;
            nodes::delete(c, &actor, id)?;
            Ok(node.plan_id)
        })
        .await?;
    Ok(Redirect::to(&format!("/plans/{plan}?saved=1")).into_response())
}
