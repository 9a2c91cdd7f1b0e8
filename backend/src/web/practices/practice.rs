//! A practice's page and the actions taken from it: review steps, ratings,
//! links to plan actions.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::practices::practice::PracticePageView;

use super::DoneQuery;
use crate::app::AppState;
use crate::domain::{AdoptionStatus, PracticeStatus};
use crate::error::{AppError, AppResult};
use crate::http::extract::{FormData, Id};
use crate::http::page::{Page, PageResult, SignedIn, form_errors, form_state, html};
use crate::services::Actor;
use crate::services::practices;
use crate::services::practices::adoptions;
use crate::services::practices::edit::{self as practice_edit, TransitionInput};
use crate::services::practices::links as practice_links;
use crate::services::practices::ratings::{self, RatingInput};

/// Loads what the practice page shows for this reader.
fn page_view(
    c: &mut crate::db::DbConn,
    cache: &crate::cache::Cache,
    actor: Option<&Actor>,
    id: i32,
    lang: &str,
) -> Result<PracticePageView, AppError> {
    let p = practices::readable(c, actor, id)?;
    let detail = practices::detail(c, actor, id, lang)?;
    let owner = actor.is_some_and(|a| a.organisation_id == Some(p.owner_organisation_id));
    let standing = match actor {
        Some(a) => adoptions::standing(c, a, id)?,
        None => None,
    };
    let declared = standing == Some(AdoptionStatus::Pending);
    let published = p.status == PracticeStatus::Published;
    let admin = actor.is_some_and(Actor::is_admin);
    let steps: Vec<String> = match p.status {
        PracticeStatus::Draft if practices::can_manage(actor, &p) => vec!["submit"],
        PracticeStatus::Submitted if admin => vec!["publish", "return"],
        PracticeStatus::Published if practices::can_manage(actor, &p) => vec!["archive"],
        PracticeStatus::Archived if admin => vec!["restore"],
        _ => vec![],
    }
    .into_iter()
    .map(str::to_owned)
    .collect();
    let (my_rating, linkable) = match actor {
        Some(a) => (
            ratings::mine(c, a, id)?,
            if published {
                practice_links::linkable(c, a)?
            } else {
                Vec::new()
            },
        ),
        None => (None, Vec::new()),
    };
    Ok(PracticePageView {
        practice: Some(detail),
        can_declare: published
            && actor.is_some_and(|a| a.organisation_id.is_some())
            && !owner
            && standing.is_none(),
        declared,
        owner,
        can_rate: published && actor.is_some() && !owner,
        my_rating,
        can_edit: practice_edit::can_edit(actor, &p),
        can_translate: admin
            || (practices::can_manage(actor, &p) && p.status != PracticeStatus::Archived),
        steps,
        linkable,
        form: FormState::default(),
        notice: None,
        similar: if published {
            practices::catalogue::similar(c, cache, id, lang)?
        } else {
            Vec::new()
        },
        text_changes: practice_edit::pending_texts(c, actor, &p)?,
        review_texts: admin,
    })
}

async fn practice_page(
    state: &AppState,
    page: &Page,
    id: i32,
    form: FormState,
    notice: Option<String>,
    status: StatusCode,
) -> PageResult {
    let lang = page.ctx.tr.lang.code().to_owned();
    let actor = page.actor.clone();
    let cache = state.analytics.clone();
    let mut view = state
        .db
        .run(move |c| page_view(c, &cache, actor.as_ref(), id, &lang))
        .await?;
    view.form = form;
    view.notice = notice;
    Ok(html(
        status,
        pspm_frontend::pages::practices::practice::render_practice(&page.ctx, &view),
    ))
}

/// The notice for a `done` value (unknown values show none).
fn done_notice(page: &Page, done: Option<&str>) -> Option<String> {
    const KNOWN: [&str; 15] = [
        "declared",
        "created",
        "saved",
        "translated",
        "text-pending",
        "text-published",
        "text-rejected",
        "submit",
        "publish",
        "return",
        "archive",
        "restore",
        "rated",
        "linked",
        "unlinked",
    ];
    let d = done?;
    KNOWN
        .contains(&d)
        .then(|| page.ctx.tr.t(&format!("practice-done-{d}")))
}

/// `GET /practices/{id}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let notice = done_notice(&page, q.done.as_deref());
    practice_page(
        &state,
        &page,
        id,
        FormState::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// Runs a write from the practice page: redirect on success, the page again with the errors otherwise.
pub(super) async fn practice_write(
    state: &AppState,
    SignedIn { page, actor }: SignedIn,
    id: i32,
    form: &FormData,
    done: &str,
    write: impl FnOnce(&mut crate::db::DbConn, &Actor) -> AppResult<()> + Send + 'static,
) -> PageResult {
    match state.db.run(move |c| write(c, &actor)).await {
        Ok(()) => Ok(Redirect::to(&format!("/practices/{id}?done={done}")).into_response()),
        Err(e) => {
            let (status, errors) = form_errors(e)?;
            let mut f = form_state(form);
            f.errors = errors;
            practice_page(state, &page, id, f, None, status).await
        }
    }
}

/// `POST /practices/{id}/transition` (`action`, `comment`).
pub async fn transition(
    State(state): State<AppState>,
    Id(id): Id,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let input = TransitionInput {
        action: form.get("action"),
        comment: form.get("comment"),
    };
    let done = input.action.clone();
    practice_write(&state, signed_in, id, &form, &done, move |c, a| {
        practice_edit::transition(c, a, id, &input).map(|_| ())
    })
    .await
}

/// `POST /practices/{id}/text-changes/{lang}` (`action`: publish or reject).
pub async fn review_text(
    State(state): State<AppState>,
    Path((id, lang)): Path<(i32, String)>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let action = form.get("action");
    let done = if action == "publish" {
        "text-published"
    } else {
        "text-rejected"
    };
    practice_write(&state, signed_in, id, &form, done, move |c, a| {
        practice_edit::review_text(c, a, id, &lang, &action)
    })
    .await
}

/// `POST /practices/{id}/ratings` (`stars`, `review`).
pub async fn rate(
    State(state): State<AppState>,
    Id(id): Id,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let input = RatingInput {
        // A missing or non-numeric choice is out of range, so the form says so.
        stars: form.get("stars").trim().parse().unwrap_or(0),
        review: form.get("review"),
    };
    practice_write(&state, signed_in, id, &form, "rated", move |c, a| {
        ratings::rate(c, a, id, &input).map(|_| ())
    })
    .await
}

/// `POST /practices/{id}/links` (`node_id`).
pub async fn link(
    State(state): State<AppState>,
    Id(id): Id,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    let node = form.get("node_id").trim().parse::<i32>().unwrap_or(0);
    practice_write(&state, signed_in, id, &form, "linked", move |c, a| {
        practice_links::link(c, a, id, node)
    })
    .await
}

/// `POST /practices/{id}/links/{node_id}/delete`.
pub async fn unlink(
    State(state): State<AppState>,
    Path((id, node)): Path<(i32, i32)>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    practice_write(&state, signed_in, id, &form, "unlinked", move |c, a| {
        practice_links::unlink(c, a, id, node)
    })
    .await
}
