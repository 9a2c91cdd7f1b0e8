//! The plan's own form (new, edit, save) and its lifecycle transitions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::plans::confirm::{self, TransitionConfirmView};
use pspm_frontend::pages::plans::forms::PlanFormView;

use super::can_create;
use super::fields::{id_field, lock_version, whole_days};
use crate::app::AppState;
use crate::db::organisation::Organisation;
use crate::error::{AppError, AppResult};
use crate::http::extract::{FormData, Id};
use crate::http::page::{Page, PageResult, SignedIn, form_state, html, reshow};
use crate::services::Actor;
use crate::services::plans::{self, PlanInput};

/// Choices of the plan form: possible parent plans and (for administrators) owners.
pub(crate) type PlanChoices = (Vec<(i32, String)>, Vec<(i32, String)>);

pub(crate) async fn plan_form_choices(state: &AppState, actor: Actor) -> AppResult<PlanChoices> {
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

/// The files of an edited plan and its upload form.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlanFiles {
    /// The files.
    pub items: Vec<pspm_frontend::model::AttachmentView>,
    /// Values and errors of the upload form.
    pub form: FormState,
    /// The size limit, in megabytes.
    pub max_mb: u64,
}

/// The files of plan `id`, for its edit page.
pub(crate) async fn plan_files(state: &AppState, actor: Actor, id: i32) -> AppResult<PlanFiles> {
    let items = state
        .db
        .run(move |c| {
            crate::services::attachments::list(
                c,
                Some(&actor),
                crate::services::attachments::Parent::Plan(id),
            )
        })
        .await?;
    Ok(PlanFiles {
        items: items
            .iter()
            .map(|a| crate::services::attachments::view(a, false))
            .collect(),
        form: FormState::default().with("lang", "it"),
        max_mb: state.config.max_upload_mb,
    })
}

pub(crate) fn plan_form(
    page: &Page,
    id: Option<i32>,
    form: FormState,
    choices: &PlanChoices,
    files: PlanFiles,
) -> String {
    pspm_frontend::pages::plans::forms::render_plan_form(
        &page.ctx,
        &PlanFormView {
            id,
            form,
            parents: choices.0.clone(),
            owners: choices.1.clone(),
            attachments: files.items,
            attachment_form: files.form,
            max_upload_mb: files.max_mb,
        },
    )
}

/// `GET /plans/new`.
pub async fn new_plan(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
) -> PageResult {
    if !can_create(Some(&actor)) {
        return Err(AppError::Forbidden.into());
    }
    let choices = plan_form_choices(&state, actor).await?;
    Ok(html(
        StatusCode::OK,
        plan_form(
            &page,
            None,
            FormState::default(),
            &choices,
            PlanFiles::default(),
        ),
    ))
}

/// The plan form filled with the plan's stored values.
pub(crate) fn stored_form(plan: crate::db::plan::Plan) -> FormState {
    FormState::default()
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
        .with(
            "start_tolerance_days",
            plan.start_tolerance_days.to_string(),
        )
        .with("lock_version", plan.lock_version.to_string())
}

/// `GET /plans/{id}/edit`.
pub async fn edit_plan(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Id(id): Id,
) -> PageResult {
    let a2 = actor.clone();
    let plan = state
        .db
        .run(move |c| plans::find_editable(c, &a2, id))
        .await?;
    let form = stored_form(plan);
    let files = plan_files(&state, actor.clone(), id).await?;
    let choices = plan_form_choices(&state, actor).await?;
    Ok(html(
        StatusCode::OK,
        plan_form(&page, Some(id), form, &choices, files),
    ))
}

async fn save_plan(
    state: AppState,
    SignedIn { page, actor }: SignedIn,
    id: Option<i32>,
    form: FormData,
) -> PageResult {
    let mut bad = Vec::new();
    let input = PlanInput {
        title: form.get("title"),
        summary: form.get("summary"),
        owner_organisation_id: id_field(&form, "owner_organisation_id", &mut bad),
        period_start: form.get("period_start"),
        period_end: form.get("period_end"),
        parent_plan_id: id_field(&form, "parent_plan_id", &mut bad),
        // Emptied on the form: no tolerance, as for a new plan.
        start_tolerance_days: whole_days(&form, "start_tolerance_days", &mut bad).or(Some(0)),
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
        Ok(plan) => Ok(Redirect::to(&format!("/plans/{}?saved=1", plan.id)).into_response()),
        Err(e) => {
            let files = match id {
                Some(id) => plan_files(&state, actor.clone(), id)
                    .await
                    .unwrap_or_default(),
                None => PlanFiles::default(),
            };
            let choices = plan_form_choices(&state, actor).await.unwrap_or_default();
            Ok(reshow(&page, e, form_state(&form), |f| {
                plan_form(&page, id, f, &choices, files.clone())
            }))
        }
    }
}

/// `POST /plans`.
pub async fn create_plan(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    save_plan(state, signed_in, None, form).await
}

/// `POST /plans/{id}`.
pub async fn update_plan(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    save_plan(state, signed_in, Some(id), form).await
}

/// `POST /plans/{id}/transition`: a move that cannot simply be taken back
/// first shows what it will do and asks (`confirm=yes` goes ahead).
pub async fn transition(
    State(state): State<AppState>,
    SignedIn { actor, page }: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    let status = form.get("status");
    if form.get("confirm") != "yes" {
        let (who, to) = (actor.clone(), status.clone());
        let preview = state
            .db
            .run(move |c| plans::transition_preview(c, &who, id, &to))
            .await?;
        if let Some(p) = preview {
            let view = TransitionConfirmView {
                plan_id: p.plan.id,
                plan_title: p.plan.title,
                to: p.to.to_string(),
                next_version: p.next_version,
                closing: p.closing.into_iter().map(|c| (c.id, c.title)).collect(),
                lock_version: p.plan.lock_version,
            };
            return Ok(html(StatusCode::OK, confirm::render(&page.ctx, &view)));
        }
    }
    state
        .db
        .run(move |c| plans::transition(c, &actor, id, &status))
        .await?;
    Ok(Redirect::to(&format!("/plans/{id}?saved=1")).into_response())
}
