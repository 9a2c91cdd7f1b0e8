//! Files on pages: uploading one to a plan or node from its edit page, or to
//! a practice or consultation from its files page (multipart, without
//! JavaScript), retitling or removing one on its own page, and downloading.

use axum::Extension;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pspm_frontend::components::FormState;
use pspm_frontend::components::attachments::{
    AttachmentEdit, AttachmentEditView, FilesPageView, render_attachment_edit, render_files_page,
};
use pspm_frontend::layout::Nav;
use serde::Deserialize;

use super::plans::edit;
use super::plans::nodes::{NodeSection, reshow_node_section};
use crate::app::AppState;
use crate::db::attachment::Attachment;
use crate::error::AppError;
use crate::http::extract::{CsrfToken, FormData, Id};
use crate::http::files;
use crate::http::page::{Page, PageResult, SignedIn, form_state, html, reshow, safe_next};
use crate::services::Actor;
use crate::services::attachments::{self, AttachmentInput, Parent};

/// Receives an upload form's file and stores it on `parent`. The rights are
/// checked before the bytes are read, so nobody else's file is ever written
/// to disk; they and a forged form are refused outright (the outer error).
/// Any other refusal comes back with what was entered, to show the form again.
async fn receive_and_store(
    state: &AppState,
    actor: &Actor,
    token: &CsrfToken,
    parent: Parent,
    multipart: Multipart,
) -> Result<Result<Attachment, (AppError, FormState)>, AppError> {
    let a2 = actor.clone();
    state.db.run(move |c| parent.check_edit(c, &a2)).await?;
    let fields = ["csrf", "title", "lang"];
    let upload = match files::receive(multipart, state.config.max_upload_mb, &fields).await {
        Ok(u) => u,
        Err(e) => return Ok(Err((e, FormState::default()))),
    };
    if token.0.is_empty() || upload.get("csrf") != token.0 {
        return Err(AppError::Csrf);
    }
    let entered = FormState::default()
        .with("title", upload.get("title"))
        .with("lang", upload.get("lang"));
    let actor = actor.clone();
    let stored = state
        .db
        .run(move |c| {
            let input = AttachmentInput {
                title: upload.get("title"),
                lang: upload.get("lang"),
            };
            let file = upload.file.as_ref().map_err(|m| *m);
            attachments::add(c, &actor, parent, &input, file)
        })
        .await;
    Ok(stored.map_err(|e| (e, entered)))
}

/// `POST /nodes/{id}/attachments` (multipart: `csrf`, `file`, `title`, `lang`).
pub async fn upload_to_node(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Extension(token): Extension<CsrfToken>,
    Id(id): Id,
    multipart: Multipart,
) -> PageResult {
    let sent = receive_and_store(
        &state,
        &signed_in.actor,
        &token,
        Parent::Node(id),
        multipart,
    );
    match sent.await? {
        Ok(a) => Ok(Redirect::to(&format!("/nodes/{id}/edit#attachment-{}", a.id)).into_response()),
        Err((e, entered)) => {
            reshow_node_section(&state, signed_in, id, e, entered, NodeSection::Attachment).await
        }
    }
}

/// `POST /plans/{id}/attachments` (multipart: `csrf`, `file`, `title`, `lang`).
pub async fn upload_to_plan(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Extension(token): Extension<CsrfToken>,
    Id(id): Id,
    multipart: Multipart,
) -> PageResult {
    match receive_and_store(&state, &actor, &token, Parent::Plan(id), multipart).await? {
        Ok(a) => Ok(Redirect::to(&format!("/plans/{id}/edit#attachment-{}", a.id)).into_response()),
        Err((e, entered)) => {
            let a2 = actor.clone();
            let plan = state
                .db
                .run(move |c| crate::services::plans::find_editable(c, &a2, id))
                .await?;
            let files = edit::plan_files(&state, actor.clone(), id).await?;
            let choices = edit::plan_form_choices(&state, actor).await?;
            let main = edit::stored_form(plan);
            Ok(reshow(&page, e, entered, |f| {
                edit::plan_form(
                    &page,
                    Some(id),
                    main.clone(),
                    &choices,
                    edit::PlanFiles {
                        form: f,
                        ..files.clone()
                    },
                )
            }))
        }
    }
}

/// Where to return after a change to a file.
#[derive(Debug, Deserialize)]
pub struct BackQuery {
    /// A local path.
    pub back: Option<String>,
}

/// `GET /attachments/{id}/edit?back=…`.
pub async fn edit(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Id(id): Id,
    Query(q): Query<BackQuery>,
) -> PageResult {
    let a = state
        .db
        .run(move |c| {
            let a = attachments::find(c, Some(&actor), id)?;
            Parent::of(&a).check_edit(c, &actor)?;
            Ok(a)
        })
        .await?;
    let view = AttachmentEditView {
        form: FormState::default()
            .with("title", a.title.clone())
            .with("lang", a.lang.clone()),
        attachment: attachments::view(&a, false),
        back: safe_next(q.back.as_deref().unwrap_or("/")),
    };
    Ok(html(
        StatusCode::OK,
        render_attachment_edit(&page.ctx, &view),
    ))
}

/// `POST /attachments/{id}/describe` (`title`, `lang`, `back`).
pub async fn describe(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    let input = AttachmentInput {
        title: form.get("title"),
        lang: form.get("lang"),
    };
    let back = safe_next(&form.get("back"));
    let a2 = actor.clone();
    let result = state
        .db
        .run(move |c| attachments::describe(c, &a2, id, &input))
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(e) => {
            let a = state
                .db
                .run(move |c| attachments::find(c, Some(&actor), id))
                .await?;
            let attachment = attachments::view(&a, false);
            Ok(reshow(&page, e, form_state(&form), |f| {
                render_attachment_edit(
                    &page.ctx,
                    &AttachmentEditView {
                        attachment: attachment.clone(),
                        form: f,
                        back: back.clone(),
                    },
                )
            }))
        }
    }
}

/// `POST /attachments/{id}/delete` (`back`).
pub async fn delete(
    State(state): State<AppState>,
    SignedIn { actor, .. }: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    state
        .db
        .run(move |c| attachments::delete(c, &actor, id))
        .await?;
    Ok(Redirect::to(&safe_next(&form.get("back"))).into_response())
}

/// `GET /attachments/{id}`: the file, for whoever may read what it is attached to.
pub async fn download(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    let actor = page.actor.clone();
    match state
        .db
        .run(move |c| attachments::content(c, actor.as_ref(), id))
        .await
    {
        Ok((a, bytes)) => files::download(&a, bytes),
        Err(e) => page.error(e),
    }
}

/// What a files page needs: its parent's title and page, and whether the
/// reader may change its files.
async fn files_view(
    state: &AppState,
    page: &Page,
    parent: Parent,
    form: Option<FormState>,
) -> Result<FilesPageView, AppError> {
    let actor = page.actor.clone();
    let lang = page.ctx.tr.lang.code().to_owned();
    let max_mb = state.config.max_upload_mb;
    let csrf = page.ctx.csrf.clone();
    state
        .db
        .run(move |c| {
            parent.check_read(c, actor.as_ref())?;
            let (of, back, nav) = match parent {
                Parent::Practice(id) => (
                    crate::services::practices::detail(c, actor.as_ref(), id, &lang)?.title,
                    format!("/practices/{id}"),
                    Nav::Practices,
                ),
                Parent::Consultation(id) => (
                    crate::services::consultations::find(c, actor.as_ref(), id)?.title,
                    format!("/consultations/{id}"),
                    Nav::Plans,
                ),
                Parent::Plan(id) => (
                    crate::services::plans::find(c, actor.as_ref(), id)?.title,
                    format!("/plans/{id}"),
                    Nav::Plans,
                ),
                Parent::Node(id) => (
                    crate::services::plans::nodes::find(c, actor.as_ref(), id)?.title,
                    format!("/nodes/{id}"),
                    Nav::Plans,
                ),
            };
            let editor = actor
                .as_ref()
                .is_some_and(|a| parent.check_edit(c, a).is_ok());
            let here = format!("{}/files", back);
            Ok(FilesPageView {
                of,
                items: attachments::of_parent(c, parent)?,
                edit: editor.then(|| AttachmentEdit {
                    csrf,
                    action: format!("{}/attachments", back),
                    form: form.unwrap_or_else(|| FormState::default().with("lang", "it")),
                    max_mb,
                    back: format!("{here}#attachments"),
                }),
                back,
                nav,
            })
        })
        .await
}

/// `GET /practices/{id}/files` and `GET /consultations/{id}/files`.
async fn files_page(state: AppState, page: Page, parent: Parent) -> Response {
    match files_view(&state, &page, parent, None).await {
        Ok(view) => html(StatusCode::OK, render_files_page(&page.ctx, &view)),
        Err(e) => page.error(e),
    }
}

/// `POST …/attachments` from a files page: stored and back to the page, or
/// the page again with the reason by the field.
async fn upload_on_files_page(
    state: AppState,
    SignedIn { page, actor }: SignedIn,
    token: CsrfToken,
    parent: Parent,
    multipart: Multipart,
) -> PageResult {
    let sent = receive_and_store(&state, &actor, &token, parent, multipart).await?;
    let view = files_view(&state, &page, parent, None).await?;
    match sent {
        Ok(a) => {
            Ok(Redirect::to(&format!("{}/files#attachment-{}", view.back, a.id)).into_response())
        }
        Err((e, entered)) => Ok(reshow(&page, e, entered, |f| {
            let mut v = view.clone();
            if let Some(edit) = v.edit.as_mut() {
                edit.form = f;
            }
            render_files_page(&page.ctx, &v)
        })),
    }
}

/// `GET /practices/{id}/files`.
pub async fn practice_files(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    files_page(state, page, Parent::Practice(id)).await
}

/// `GET /consultations/{id}/files`.
pub async fn consultation_files(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    files_page(state, page, Parent::Consultation(id)).await
}

/// `POST /practices/{id}/attachments` (multipart: `csrf`, `file`, `title`, `lang`).
pub async fn upload_to_practice(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Extension(token): Extension<CsrfToken>,
    Id(id): Id,
    multipart: Multipart,
) -> PageResult {
    upload_on_files_page(state, signed_in, token, Parent::Practice(id), multipart).await
}

/// `POST /consultations/{id}/attachments` (multipart: `csrf`, `file`, `title`, `lang`).
pub async fn upload_to_consultation(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Extension(token): Extension<CsrfToken>,
    Id(id): Id,
    multipart: Multipart,
) -> PageResult {
    upload_on_files_page(state, signed_in, token, Parent::Consultation(id), multipart).await
}
