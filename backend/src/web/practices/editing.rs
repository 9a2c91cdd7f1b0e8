//! Writing practices: the practice form (new, edit, texts in another
//! language) and the practices to manage and review.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::practices::forms::{Choices, PracticeFormView, render_form};
use pspm_frontend::pages::practices::manage::{ManageView, render_manage};

use crate::app::AppState;
use crate::domain::PracticeStatus;
use crate::error::{AppError, AppResult};
use crate::http::extract::{FormData, Id};
use crate::http::page::{PageResult, SignedIn, form_errors, form_state, html};
use crate::services::Actor;
use crate::services::practices;
use crate::services::practices::edit::{
    self as practice_edit, PracticeInput, TextOutcome, TextsInput,
};

/// The closed sets the form offers; administrators also choose the owner.
fn choices(c: &mut crate::db::DbConn, actor: &Actor) -> Result<Choices, AppError> {
    use crate::domain::{InnovationStage, OrgLevel, PolicyArea};
    let organisations = if actor.is_admin() {
        crate::db::organisation::Organisation::all(c)?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Choices {
        levels: OrgLevel::ALL
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect(),
        policy_areas: PolicyArea::ALL
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect(),
        stages: InnovationStage::ALL
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect(),
        organisations,
    })
}

/// Form values of a stored practice.
fn form_of(input: &PracticeInput) -> FormState {
    let t = &input.texts;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    FormState::default()
        .with(
            "owner_organisation_id",
            input
                .owner_organisation_id
                .map(|o| o.to_string())
                .unwrap_or_default(),
        )
        .with("lang", t.lang.clone())
        .with("title", t.title.clone())
        .with("summary", t.summary.clone())
        .with("problem", t.problem.clone())
        .with("solution", t.solution.clone())
        .with("results", t.results.clone())
        .with("lessons", t.lessons.clone())
        .with("conditions", t.conditions.clone())
        .with("how_to_use", t.how_to_use.clone())
        .with("country", opt(&input.country))
        .with("territory_code", opt(&input.territory_code))
        .with("level", opt(&input.level))
        .with("policy_area", opt(&input.policy_area))
        .with("innovation_stage", opt(&input.innovation_stage))
        .with(
            "launch_year",
            input.launch_year.map(|y| y.to_string()).unwrap_or_default(),
        )
        .with("licence", opt(&input.licence))
        .with("contact", opt(&input.contact))
        .with("tags", input.tags.join(", "))
        .with(
            "sdgs",
            input
                .sdgs
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(","),
        )
        .with("links", input.links.join("\n"))
}

/// The input a submitted practice form describes.
fn input_of_form(form: &FormData) -> PracticeInput {
    let opt = |name: &str| Some(form.get(name)).filter(|v| !v.trim().is_empty());
    PracticeInput {
        owner_organisation_id: form.get("owner_organisation_id").trim().parse().ok(),
        texts: texts_of_form(form),
        contact: opt("contact"),
        country: opt("country"),
        territory_code: opt("territory_code"),
        level: opt("level"),
        policy_area: opt("policy_area"),
        innovation_stage: opt("innovation_stage"),
        // A year that is not a number is out of range, so the form says so.
        launch_year: opt("launch_year").map(|y| y.trim().parse().unwrap_or(0)),
        licence: opt("licence"),
        tags: form
            .get("tags")
            .split(',')
            .filter(|t| !t.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        sdgs: form
            .all("sdgs")
            .iter()
            .map(|n| n.trim().parse().unwrap_or(0))
            .collect(),
        links: form
            .get("links")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

fn texts_of_form(form: &FormData) -> TextsInput {
    TextsInput {
        lang: form.get("lang"),
        title: form.get("title"),
        summary: form.get("summary"),
        problem: form.get("problem"),
        solution: form.get("solution"),
        results: form.get("results"),
        lessons: form.get("lessons"),
        conditions: form.get("conditions"),
        how_to_use: form.get("how_to_use"),
    }
}

/// The form as sent (SDG checkboxes joined), to show again with errors.
fn sent(form: &FormData) -> FormState {
    form_state(form).with("sdgs", form.all("sdgs").join(","))
}

/// The practice form: a new practice (`id` none), a practice's details, or
/// only its texts in another language (`texts_only`).
async fn show_form(
    state: &AppState,
    signed_in: &SignedIn,
    id: Option<i32>,
    texts_only: bool,
    form: FormState,
    status: StatusCode,
) -> PageResult {
    let actor = signed_in.actor.clone();
    let (choices, reviewed) = state
        .db
        .run(move |c| {
            // Said before writing: the texts of a published practice change
            // only once an administrator publishes the change.
            let reviewed = match id {
                Some(id) if texts_only && !actor.is_admin() => {
                    practices::readable(c, Some(&actor), id)?.status == PracticeStatus::Published
                }
                _ => false,
            };
            Ok::<_, AppError>((choices(c, &actor)?, reviewed))
        })
        .await?;
    Ok(html(
        status,
        render_form(
            &signed_in.page.ctx,
            &PracticeFormView {
                id,
                texts_only,
                form,
                choices,
                reviewed,
            },
        ),
    ))
}

/// Runs a write from the practice form: to the practice it returns on
/// success, the form again with its errors otherwise.
async fn save(
    state: &AppState,
    signed_in: &SignedIn,
    (id, texts_only): (Option<i32>, bool),
    form: &FormData,
    write: impl FnOnce(&mut crate::db::DbConn, &Actor) -> AppResult<(i32, &'static str)>
    + Send
    + 'static,
) -> PageResult {
    let actor = signed_in.actor.clone();
    match state.db.run(move |c| write(c, &actor)).await {
        Ok((saved, done)) => {
            Ok(Redirect::to(&format!("/practices/{saved}?done={done}")).into_response())
        }
        Err(e) => {
            let (status, errors) = form_errors(e)?;
            let mut f = sent(form);
            f.errors = errors;
            show_form(state, signed_in, id, texts_only, f, status).await
        }
    }
}

/// `GET /practices/new`.
pub async fn new_form(State(state): State<AppState>, signed_in: SignedIn) -> PageResult {
    let form = FormState::default()
        .with("lang", signed_in.page.ctx.tr.lang.code())
        .with(
            "owner_organisation_id",
            signed_in
                .actor
                .organisation_id
                .map(|o| o.to_string())
                .unwrap_or_default(),
        );
    show_form(&state, &signed_in, None, false, form, StatusCode::OK).await
}

/// `POST /practices/new`.
pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let input = input_of_form(&form);
    save(&state, &signed_in, (None, false), &form, move |c, a| {
        practice_edit::create(c, a, &input).map(|p| (p.id, "created"))
    })
    .await
}

/// Which language's texts a form edits.
#[derive(Debug, serde::Deserialize)]
pub struct LangQuery {
    /// en, it, es or lv.
    pub lang: Option<String>,
}

/// The form of stored practice `id`, filled with what `load` reads for the caller.
async fn stored_form(
    state: &AppState,
    signed_in: &SignedIn,
    id: i32,
    texts_only: bool,
    load: impl FnOnce(&mut crate::db::DbConn, &Actor) -> AppResult<PracticeInput> + Send + 'static,
) -> PageResult {
    let actor = signed_in.actor.clone();
    let input = state.db.run(move |c| load(c, &actor)).await?;
    let form = form_of(&input);
    show_form(state, signed_in, Some(id), texts_only, form, StatusCode::OK).await
}

/// `GET /practices/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    Id(id): Id,
    signed_in: SignedIn,
) -> PageResult {
    stored_form(&state, &signed_in, id, false, move |c, actor| {
        let p = practices::readable(c, Some(actor), id)?;
        if !practice_edit::can_edit(Some(actor), &p) {
            return Err(AppError::Forbidden);
        }
        practice_edit::input_of(c, actor, id, None)
    })
    .await
}

/// `POST /practices/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    Id(id): Id,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let input = input_of_form(&form);
    save(&state, &signed_in, (Some(id), false), &form, move |c, a| {
        practice_edit::update(c, a, id, &input).map(|_| (id, "saved"))
    })
    .await
}

/// `GET /practices/{id}/texts?lang=…`: the texts in another language.
pub async fn texts_form(
    State(state): State<AppState>,
    Id(id): Id,
    Query(q): Query<LangQuery>,
    signed_in: SignedIn,
) -> PageResult {
    let lang = q
        .lang
        .filter(|l| practice_edit::LANGUAGES.contains(&l.as_str()));
    stored_form(&state, &signed_in, id, true, move |c, actor| {
        let p = practices::readable(c, Some(actor), id)?;
        if !practices::can_manage(Some(actor), &p) {
            return Err(AppError::Forbidden);
        }
        // Without a choice, the first language that has no texts yet.
        let have: Vec<String> = crate::db::practice::Practice::texts(c, id)?
            .into_iter()
            .map(|t| t.lang)
            .collect();
        let lang = lang.unwrap_or_else(|| {
            practice_edit::LANGUAGES
                .into_iter()
                .find(|l| !have.iter().any(|h| h == l))
                .unwrap_or("en")
                .to_owned()
        });
        practice_edit::input_of(c, actor, id, Some(&lang))
    })
    .await
}

/// `POST /practices/{id}/texts`.
pub async fn put_texts(
    State(state): State<AppState>,
    Id(id): Id,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let input = texts_of_form(&form);
    save(&state, &signed_in, (Some(id), true), &form, move |c, a| {
        practice_edit::put_translation(c, a, id, &input).map(|outcome| match outcome {
            TextOutcome::Saved => (id, "translated"),
            TextOutcome::Pending => (id, "text-pending"),
        })
    })
    .await
}

/// `GET /practices/manage`: the review queue (administrators) and the organisation's practices.
pub async fn manage(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
) -> PageResult {
    let view = state
        .db
        .run(move |c| {
            let (queue, archived, text_changes) = if actor.is_admin() {
                (
                    Some(practice_edit::review_queue(c, &actor)?),
                    Some(practice_edit::archived(c, &actor)?),
                    Some(practice_edit::text_changes_queue(c, &actor)?),
                )
            } else {
                (None, None, None)
            };
            Ok::<_, AppError>(ManageView {
                queue,
                archived,
                text_changes,
                mine: practice_edit::of_organisation(c, &actor)?,
                notice: None,
            })
        })
        .await?;
    Ok(html(StatusCode::OK, render_manage(&page.ctx, &view)))
}
