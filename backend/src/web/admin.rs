//! Administration pages: organisations and users (administrators only; the
//! services refuse everyone else, and the pages show the 403 page).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::admin::organisations::{
    OrganisationFormView, OrganisationList, OrganisationRow,
};
use pspm_frontend::pages::admin::users::{UserFormView, UserList, UserRow};
use serde::Deserialize;

use crate::app::AppState;
use crate::db::organisation::Organisation;
use crate::domain::{OrgKind, OrgLevel, Role};
use crate::error::{AppError, AppResult};
use crate::http::extract::{FormData, Id};
use crate::http::page::{Page, PageResult, SignedIn, form_state, html, reshow};
use crate::services::Paging;
use crate::services::accounts::organisations::{self, OrganisationInput};
use crate::services::accounts::users::{self, UserInput};

const PER_PAGE: i64 = 50;

/// Query of the admin lists.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// Page number.
    pub page: Option<i64>,
    /// Set after a save.
    pub saved: Option<String>,
}

fn codes<T: Copy>(all: &[T], f: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| f(*v).to_owned()).collect()
}

// ---- organisations ----------------------------------------------------------

/// `GET /admin/organisations`.
pub async fn organisations(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Query(q): Query<ListQuery>,
) -> PageResult {
    actor.require_admin()?;
    let paging = Paging::new(q.page, Some(PER_PAGE))?;
    let (rows, total) = state
        .db
        .run(move |c| {
            let (rows, total) = organisations::list(c, paging)?;
            let all = organisations::all(c)?;
            let name_of = |id: Option<i32>| {
                id.and_then(|id| all.iter().find(|o| o.id == id).map(|o| o.name.clone()))
            };
            let rows = rows
                .into_iter()
                .map(|o| OrganisationRow {
                    id: o.id,
                    parent: name_of(o.parent_id),
                    name: o.name,
                    kind: o.kind.to_string(),
                    level: o.level.to_string(),
                    territory_code: o.territory_code,
                })
                .collect();
            Ok((rows, total))
        })
        .await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::admin::organisations::render_list(
            &page.ctx,
            &OrganisationList {
                rows,
                page: paging.page,
                per_page: paging.per_page,
                total,
                saved: q.saved.is_some(),
            },
        ),
    ))
}

async fn org_choices(state: &AppState) -> AppResult<Vec<(i32, String)>> {
    state
        .db
        .run(|c| {
            Ok(organisations::all(c)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect())
        })
        .await
}

fn org_form(page: &Page, id: Option<i32>, form: FormState, parents: Vec<(i32, String)>) -> String {
    pspm_frontend::pages::admin::organisations::render_form(
        &page.ctx,
        &OrganisationFormView {
            id,
            form,
            parents,
            kinds: codes(OrgKind::ALL, OrgKind::as_str),
            levels: codes(OrgLevel::ALL, OrgLevel::as_str),
        },
    )
}

/// `GET /admin/organisations/new`.
pub async fn new_organisation(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
) -> PageResult {
    actor.require_admin()?;
    let parents = org_choices(&state).await?;
    Ok(html(
        StatusCode::OK,
        org_form(
            &page,
            None,
            FormState::default().with("time_zone", "Europe/Rome"),
            parents,
        ),
    ))
}

/// `GET /admin/organisations/{id}/edit`.
pub async fn edit_organisation(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Id(id): Id,
) -> PageResult {
    actor.require_admin()?;
    let org = state.db.run(move |c| organisations::find(c, id)).await?;
    let form = FormState::default()
        .with("name", org.name)
        .with("kind", org.kind.to_string())
        .with("level", org.level.to_string())
        .with("territory_code", org.territory_code.unwrap_or_default())
        .with("time_zone", org.time_zone)
        .with(
            "parent_id",
            org.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        );
    let parents = org_choices(&state).await?;
    Ok(html(
        StatusCode::OK,
        org_form(&page, Some(id), form, parents),
    ))
}

fn org_input(form: &FormData) -> Result<OrganisationInput, AppError> {
    let parent_id = form.opt_id("parent_id").map_err(|_| {
        AppError::field(
            "parent_id",
            "parent_not_found",
            "parent_id is not a known organisation",
        )
    })?;
    Ok(OrganisationInput {
        name: form.get("name"),
        kind: form.get("kind"),
        level: form.get("level"),
        territory_code: Some(form.get("territory_code")),
        parent_id,
        time_zone: Some(form.get("time_zone")),
    })
}

async fn save_organisation(
    state: AppState,
    SignedIn { page, actor }: SignedIn,
    id: Option<i32>,
    form: FormData,
) -> PageResult {
    actor.require_admin()?;
    let result = match org_input(&form) {
        Ok(input) => {
            state
                .db
                .run(move |c| match id {
                    Some(id) => organisations::update(c, &actor, id, &input),
                    None => organisations::create(c, &actor, &input),
                })
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/admin/organisations?saved=1").into_response()),
        Err(e) => {
            let parents = org_choices(&state).await.unwrap_or_default();
            Ok(reshow(&page, e, form_state(&form), |f| {
                org_form(&page, id, f, parents.clone())
            }))
        }
    }
}

/// `POST /admin/organisations`.
pub async fn create_organisation(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    save_organisation(state, signed_in, None, form).await
}

/// `POST /admin/organisations/{id}`.
pub async fn update_organisation(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    save_organisation(state, signed_in, Some(id), form).await
}

// ---- users --------------------------------------------------------------------

/// `GET /admin/users`.
pub async fn users(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Query(q): Query<ListQuery>,
) -> PageResult {
    actor.require_admin()?;
    let paging = Paging::new(q.page, Some(PER_PAGE))?;
    let (rows, total) = state
        .db
        .run(move |c| {
            let (rows, total) = users::list(c, &actor, paging)?;
            let all = Organisation::all(c)?;
            let rows = rows
                .into_iter()
                .map(|u| UserRow {
                    id: u.id,
                    organisation: u
                        .organisation_id
                        .and_then(|id| all.iter().find(|o| o.id == id).map(|o| o.name.clone())),
                    deleted: u.deleted_at.is_some(),
                    name: u.display_name,
                    email: u.email,
                    role: u.role.to_string(),
                })
                .collect();
            Ok((rows, total))
        })
        .await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::admin::users::render_list(
            &page.ctx,
            &UserList {
                rows,
                page: paging.page,
                per_page: paging.per_page,
                total,
                saved: q.saved.is_some(),
            },
        ),
    ))
}

fn user_form(
    page: &Page,
    id: Option<i32>,
    form: FormState,
    organisations: Vec<(i32, String)>,
) -> String {
    pspm_frontend::pages::admin::users::render_form(
        &page.ctx,
        &UserFormView {
            id,
            form,
            organisations,
            roles: codes(Role::ALL, Role::as_str),
        },
    )
}

/// `GET /admin/users/new`.
pub async fn new_user(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
) -> PageResult {
    actor.require_admin()?;
    let orgs = org_choices(&state).await?;
    Ok(html(
        StatusCode::OK,
        user_form(&page, None, FormState::default(), orgs),
    ))
}

/// `GET /admin/users/{id}/edit`.
pub async fn edit_user(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Id(id): Id,
) -> PageResult {
    actor.require_admin()?;
    let user = state.db.run(move |c| users::find(c, &actor, id)).await?;
    if user.deleted_at.is_some() {
        return Err(AppError::NotFound("user").into());
    }
    let form = FormState::default()
        .with("email", user.email)
        .with("display_name", user.display_name)
        .with("role", user.role.to_string())
        .with(
            "organisation_id",
            user.organisation_id
                .map(|o| o.to_string())
                .unwrap_or_default(),
        );
    let orgs = org_choices(&state).await?;
    Ok(html(StatusCode::OK, user_form(&page, Some(id), form, orgs)))
}

async fn save_user(
    state: AppState,
    SignedIn { page, actor }: SignedIn,
    id: Option<i32>,
    form: FormData,
) -> PageResult {
    actor.require_admin()?;
    let input = match form.opt_id("organisation_id") {
        Ok(organisation_id) => Ok(UserInput {
            email: form.get("email"),
            display_name: form.get("display_name"),
            organisation_id,
            role: form.get("role"),
            password: Some(form.get("password")),
        }),
        Err(_) => Err(AppError::field(
            "organisation_id",
            "organisation_not_found",
            "organisation_id is not a known organisation",
        )),
    };
    let result = match input {
        Ok(input) => {
            state
                .db
                .run(move |c| match id {
                    Some(id) => users::update(c, &actor, id, &input),
                    None => users::create(c, &actor, &input),
                })
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/admin/users?saved=1").into_response()),
        Err(e) => {
            let orgs = org_choices(&state).await.unwrap_or_default();
            Ok(reshow(&page, e, form_state(&form), |f| {
                user_form(&page, id, f, orgs.clone())
            }))
        }
    }
}

/// `POST /admin/users`.
pub async fn create_user(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: FormData,
) -> PageResult {
    save_user(state, signed_in, None, form).await
}

/// `POST /admin/users/{id}`.
pub async fn update_user(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    save_user(state, signed_in, Some(id), form).await
}
