//! `/api/v1/{plans|nodes|practices|consultations}/{id}/attachments` and
//! `/api/v1/attachments/{id}…`: attached files.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use pspm_frontend::model::AttachmentView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Meta;
use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::http::extract::{ApiJson, Id, MaybeActor, RequireActor};
use crate::http::files;
use crate::services::Actor;
use crate::services::attachments::{self, AttachmentInput, Parent};

/// `{"attachment": …}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentEnvelope {
    /// The file's description; `url` downloads it.
    pub attachment: AttachmentView,
}

/// The files of a plan or node, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentList {
    /// The files.
    pub attachments: Vec<AttachmentView>,
    /// The whole list is one page.
    pub meta: Meta,
}

/// An upload: the file and how to call it (no other fields).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadForm {
    /// PDF, PNG, JPEG, WebP, ODT, ODS, DOCX, XLSX, CSV or TXT, judged by its
    /// content and named as it; at most `PSPM_MAX_UPLOAD_MB` megabytes (20).
    #[schema(value_type = String, format = Binary)]
    pub file: String,
    /// Title shown instead of the file name.
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub title: String,
    /// Language of the document: `it`, `en`, `es` or `lv`.
    #[schema(pattern = "^(it|en|es|lv)$")]
    pub lang: String,
}

async fn list(
    state: AppState,
    actor: Option<Actor>,
    parent: Parent,
) -> AppResult<Json<AttachmentList>> {
    let items = state
        .db
        .run(move |c| attachments::list(c, actor.as_ref(), parent))
        .await?;
    Ok(Json(AttachmentList {
        meta: Meta::whole(items.len()),
        attachments: items.iter().map(|a| attachments::view(a, true)).collect(),
    }))
}

async fn upload(
    state: AppState,
    actor: Actor,
    parent: Parent,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<AttachmentEnvelope>)> {
    // Rights before the bytes: nobody else's file is ever written to disk.
    let a2 = actor.clone();
    state.db.run(move |c| parent.check_edit(c, &a2)).await?;
    let multipart = multipart.map_err(|_| {
        AppError::field(
            "file",
            "file_missing",
            "send the file as multipart/form-data",
        )
    })?;
    let upload = files::receive(multipart, state.config.max_upload_mb, &["title", "lang"]).await?;
    let a = state
        .db
        .run(move |c| {
            let input = AttachmentInput {
                title: upload.get("title"),
                lang: upload.get("lang"),
            };
            attachments::add(
                c,
                &actor,
                parent,
                &input,
                upload.file.as_ref().map_err(|m| *m),
            )
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(AttachmentEnvelope {
            attachment: attachments::view(&a, true),
        }),
    ))
}

/// Files of a plan.
#[utoipa::path(get, path = "/api/v1/plans/{id}/attachments", tag = "attachments",
    params(("id" = i32, Path, description = "Plan id")),
    responses((status = 200, body = AttachmentList), (status = 404, body = ErrorBody)))]
pub async fn list_for_plan(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<AttachmentList>> {
    list(state, actor, Parent::Plan(id)).await
}

/// Files of a node.
#[utoipa::path(get, path = "/api/v1/nodes/{id}/attachments", tag = "attachments",
    params(("id" = i32, Path, description = "Node id")),
    responses((status = 200, body = AttachmentList), (status = 404, body = ErrorBody)))]
pub async fn list_for_node(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<AttachmentList>> {
    list(state, actor, Parent::Node(id)).await
}

/// Attaches a file to a plan (planners of the owner organisation).
#[utoipa::path(post, path = "/api/v1/plans/{id}/attachments", tag = "attachments",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    params(("id" = i32, Path, description = "Plan id")),
    responses((status = 201, body = AttachmentEnvelope), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_to_plan(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<AttachmentEnvelope>)> {
    upload(state, actor, Parent::Plan(id), multipart).await
}

/// Attaches a file to a node (planners of the plan's owner organisation).
#[utoipa::path(post, path = "/api/v1/nodes/{id}/attachments", tag = "attachments",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    params(("id" = i32, Path, description = "Node id")),
    responses((status = 201, body = AttachmentEnvelope), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_to_node(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<AttachmentEnvelope>)> {
    upload(state, actor, Parent::Node(id), multipart).await
}

/// Files of a practice.
#[utoipa::path(get, path = "/api/v1/practices/{id}/attachments", tag = "attachments",
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 200, body = AttachmentList), (status = 404, body = ErrorBody)))]
pub async fn list_for_practice(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<AttachmentList>> {
    list(state, actor, Parent::Practice(id)).await
}

/// Attaches a file to a practice (its organisation while a draft, administrators).
#[utoipa::path(post, path = "/api/v1/practices/{id}/attachments", tag = "attachments",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    params(("id" = i32, Path, description = "Practice id")),
    responses((status = 201, body = AttachmentEnvelope), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_to_practice(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<AttachmentEnvelope>)> {
    upload(state, actor, Parent::Practice(id), multipart).await
}

/// Files of a consultation.
#[utoipa::path(get, path = "/api/v1/consultations/{id}/attachments", tag = "attachments",
    params(("id" = i32, Path, description = "Consultation id")),
    responses((status = 200, body = AttachmentList), (status = 404, body = ErrorBody)))]
pub async fn list_for_consultation(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<AttachmentList>> {
    list(state, actor, Parent::Consultation(id)).await
}

/// Attaches a file to a consultation (planners of the plan's owner organisation).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/attachments", tag = "attachments",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    params(("id" = i32, Path, description = "Consultation id")),
    responses((status = 201, body = AttachmentEnvelope), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_to_consultation(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<AttachmentEnvelope>)> {
    upload(state, actor, Parent::Consultation(id), multipart).await
}

/// One file's description.
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "attachments",
    params(("id" = i32, Path, description = "Attachment id")),
    responses((status = 200, body = AttachmentEnvelope), (status = 404, body = ErrorBody)))]
pub async fn find(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Json<AttachmentEnvelope>> {
    let a = state
        .db
        .run(move |c| attachments::find(c, actor.as_ref(), id))
        .await?;
    Ok(Json(AttachmentEnvelope {
        attachment: attachments::view(&a, true),
    }))
}

/// The file itself, as a download with its detected type.
#[utoipa::path(get, path = "/api/v1/attachments/{id}/content", tag = "attachments",
    params(("id" = i32, Path, description = "Attachment id")),
    responses((status = 200, description = "The file, `Content-Disposition: attachment`, with the type detected from its content (`media_type`).", content_type = "*/*"),
        (status = 404, body = ErrorBody)))]
pub async fn content(
    State(state): State<AppState>,
    MaybeActor(actor): MaybeActor,
    Id(id): Id,
) -> AppResult<Response> {
    let (a, bytes) = state
        .db
        .run(move |c| attachments::content(c, actor.as_ref(), id))
        .await?;
    Ok(files::download(&a, bytes))
}

/// Retitles a file or changes its language.
#[utoipa::path(patch, path = "/api/v1/attachments/{id}", tag = "attachments", request_body = AttachmentInput,
    params(("id" = i32, Path, description = "Attachment id")),
    responses((status = 200, body = AttachmentEnvelope), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
    ApiJson(input): ApiJson<AttachmentInput>,
) -> AppResult<Json<AttachmentEnvelope>> {
    let a = state
        .db
        .run(move |c| attachments::describe(c, &actor, id, &input))
        .await?;
    Ok(Json(AttachmentEnvelope {
        attachment: attachments::view(&a, true),
    }))
}

/// Removes a file.
#[utoipa::path(delete, path = "/api/v1/attachments/{id}", tag = "attachments",
    params(("id" = i32, Path, description = "Attachment id")),
    responses((status = 204), (status = 403, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    RequireActor(actor): RequireActor,
    Id(id): Id,
) -> AppResult<StatusCode> {
    state
        .db
        .run(move |c| attachments::delete(c, &actor, id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
