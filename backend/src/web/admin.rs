//! Administration pages: organisations and users (administrators only; the
//! services refuse everyone else, and the pages show the 403 page).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::admin_organisations::{
    OrganisationFormView, OrganisationList, OrganisationRow,
};
use pspm_frontend::pages::admin_users::{UserFormView, UserList, UserRow};
use serde::Deserialize;

use crate::app::AppState;
use crate::db::organisation::Organisation;
use crate::domain::{OrgKind, OrgLevel, Role};
use crate::error::{AppError, AppResult};
use crate::http::extract::{FormData, Id};
use crate::http::page::{Page, form_state, html, reshow};
use crate::services::accounts::organisations::{self, OrganisationInput};
use crate::services::accounts::users::{self, UserInput};
use crate::services::{Actor, Paging};

const PER_PAGE: i64 = 50;

/// Query of the admin lists.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// Page number.
    pub page: Option<i64>,
    /// Set after a save.
    pub saved: Option<String>,
}

fn admin(page: &Page) -> Result<Actor, Response> {
    let actor = page.require_actor()?;
    actor.require_admin().map_err(|e| page.error(e))?;
    Ok(actor.clone())
}

fn codes<T: Copy>(all: &[T], f: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| f(*v).to_owned()).collect()
}

// ---- organisations ----------------------------------------------------------

/// `GET /admin/organisations`.
pub async fn organisations(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> Response {
    if let Err(r) = admin(&page) {
        return r;
    }
    let paging = match Paging::new(q.page, Some(PER_PAGE)) {
        Ok(p) => p,
        Err(e) => return page.error(e),
    };
    let loaded = state
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
                    kind: o.kind,
                    level: o.level,
                    territory_code: o.territory_code,
                })
                .collect();
            Ok((rows, total))
        })
        .await;
    match loaded {
        Ok((rows, total)) => html(
            StatusCode::OK,
            pspm_frontend::pages::admin_organisations::render_list(
                &page.ctx,
                &OrganisationList {
                    rows,
                    page: paging.page,
                    per_page: paging.per_page,
                    total,
                    saved: q.saved.is_some(),
                },
            ),
        ),
        Err(e) => page.error(e),
    }
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
    pspm_frontend::pages::admin_organisations::render_form(
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
pub async fn new_organisation(State(state): State<AppState>, page: Page) -> Response {
    if let Err(r) = admin(&page) {
        return r;
    }
    match org_choices(&state).await {
        Ok(parents) => html(
            StatusCode::OK,
            org_form(&page, None, FormState::default(), parents),
        ),
        Err(e) => page.error(e),
    }
}

/// `GET /admin/organisations/{id}/edit`.
pub async fn edit_organisation(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    if let Err(r) = admin(&page) {
        return r;
    }
    let found = state.db.run(move |c| organisations::find(c, id)).await;
    let org = match found {
        Ok(o) => o,
        Err(e) => return page.error(e),
    };
    let form = FormState::default()
        .with("name", org.name)
        .with("kind", org.kind)
        .with("level", org.level)
        .with("territory_code", org.territory_code.unwrap_or_default())
        .with(
            "parent_id",
            org.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        );
    match org_choices(&state).await {
        Ok(parents) => html(StatusCode::OK, org_form(&page, Some(id), form, parents)),
        Err(e) => page.error(e),
    }
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
    })
}

async fn save_organisation(
    state: AppState,
    page: Page,
    id: Option<i32>,
    form: FormData,
) -> Response {
    let actor = match admin(&page) {
        Ok(a) => a,
        Err(r) => return r,
    };
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
        Ok(_) => Redirect::to("/admin/organisations?saved=1").into_response(),
        Err(e) => {
            let parents = org_choices(&state).await.unwrap_or_default();
            reshow(&page, e, form_state(&form), |f| {
                org_form(&page, id, f, parents.clone())
            })
        }
    }
}

/// `POST /admin/organisations`.
pub async fn create_organisation(
    State(state): State<AppState>,
    page: Page,
    form: FormData,
) -> Response {
    save_organisation(state, page, None, form).await
}

/// `POST /admin/organisations/{id}`.
pub async fn update_organisation(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    save_organisation(state, page, Some(id), form).await
}

// ---- users --------------------------------------------------------------------

/// `GET /admin/users`.
pub async fn users(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<ListQuery>,
) -> Response {
    let actor = match admin(&page) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let paging = match Paging::new(q.page, Some(PER_PAGE)) {
        Ok(p) => p,
        Err(e) => return page.error(e),
    };
    let loaded = state
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
                    role: u.role,
                })
                .collect();
            Ok((rows, total))
        })
        .await;
    match loaded {
        Ok((rows, total)) => html(
            StatusCode::OK,
            pspm_frontend::pages::admin_users::render_list(
                &page.ctx,
                &UserList {
                    rows,
                    page: paging.page,
                    per_page: paging.per_page,
                    total,
                    saved: q.saved.is_some(),
                },
            ),
        ),
        Err(e) => page.error(e),
    }
}

fn user_form(
    page: &Page,
    id: Option<i32>,
    form: FormState,
    organisations: Vec<(i32, String)>,
) -> String {
    pspm_frontend::pages::admin_users::render_form(
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
pub async fn new_user(State(state): State<AppState>, page: Page) -> Response {
    if let Err(r) = admin(&page) {
        return r;
    }
    match org_choices(&state).await {
        Ok(orgs) => html(
            StatusCode::OK,
            user_form(&page, None, FormState::default(), orgs),
        ),
        Err(e) => page.error(e),
    }
}

/// `GET /admin/users/{id}/edit`.
pub async fn edit_user(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    let actor = match admin(&page) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let user = match state.db.run(move |c| users::find(c, &actor, id)).await {
        Ok(u) if u.deleted_at.is_none() => u,
        Ok(_) => return page.error(AppError::NotFound("user")),
        Err(e) => return page.error(e),
    };
    let form = FormState::default()
        .with("email", user.email)
        .with("display_name", user.display_name)
        .with("role", user.role)
        .with(
            "organisation_id",
            user.organisation_id
                .map(|o| o.to_string())
                .unwrap_or_default(),
        );
    match org_choices(&state).await {
        Ok(orgs) => html(StatusCode::OK, user_form(&page, Some(id), form, orgs)),
        Err(e) => page.error(e),
    }
}

async fn save_user(state: AppState, page: Page, id: Option<i32>, form: FormData) -> Response {
    let actor = match admin(&page) {
        Ok(a) => a,
        Err(r) => return r,
    };
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
        Ok(_) => Redirect::to("/admin/users?saved=1").into_response(),
        Err(e) => {
            let orgs = org_choices(&state).await.unwrap_or_default();
            reshow(&page, e, form_state(&form), |f| {
                user_form(&page, id, f, orgs.clone())
            })
        }
    }
}

/// `POST /admin/users`.
pub async fn create_user(State(state): State<AppState>, page: Page, form: FormData) -> Response {
    save_user(state, page, None, form).await
}

/// `POST /admin/users/{id}`.
pub async fn update_user(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    save_user(state, page, Some(id), form).await
}
