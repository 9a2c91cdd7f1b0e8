//! The good-practice catalogue pages: search with facets, and a practice.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::practice_forms::{
    Choices, ManageView, PracticeFormView, render_form, render_manage,
};
use pspm_frontend::pages::practices::PracticePageView;

use crate::app::AppState;
use crate::error::AppError;
use crate::http::extract::{FormData, Id};
use crate::http::page::{CachedPage, Page, form_errors, form_state, html};
use crate::services::Actor;
use crate::services::practices::adoptions::{self, AdoptionInput};
use crate::services::practices::edit::{
    self as practice_edit, PracticeInput, TextsInput, TransitionInput,
};
use crate::services::practices::links as practice_links;
use crate::services::practices::ratings::{self, RatingInput};
use crate::services::practices::{self, SearchParams};

/// `GET /practices?q=…&level=…&licence=…&tag=…&sort=…&page=…`.
///
/// Searches are kept per catalogue version once asked for again
/// ([`AppState::search_practices`]); anonymous readers get the rendered page
/// itself from that cache, as browsers ask for it (gzip or not), so a shared
/// or popular search costs neither the database nor rendering. A new search
/// is searched and rendered in its turn ([`crate::db::Turns`]).
pub async fn catalogue(
    State(state): State<AppState>,
    page: Page,
    Query(params): Query<SearchParams>,
) -> Response {
    let lang = page.ctx.tr.lang.code().to_owned();
    let version = match state.catalogue_version.current(&state.db).await {
        Ok(v) => v,
        Err(e) => return page.error(e),
    };
    let anonymous = page.actor.is_none();
    let key = format!("page:{lang}:{}", page.ctx.path);
    if anonymous && let Some(hit) = state.searches.hit::<CachedPage>(&key, version) {
        return hit.response(page.gzip);
    }
    // Searched and rendered in turn (`Db::run_in_turn`), off the async
    // threads, with no database connection held while rendering. An
    // anonymous reader's page is kept from the second time it is asked for,
    // and compressed only for a client that accepts it, once.
    let (ctx, this, gzip) = (page.ctx.clone(), state.clone(), page.gzip);
    let rendered = state
        .db
        .run_in_turn(&state.turns, move |lease| {
            let render = || {
                let result = this.search_in_turn(lease, version, &params, &lang)?;
                let html = pspm_frontend::pages::practices::render_catalogue(
                    &ctx,
                    &params_view(&params),
                    &result,
                );
                Ok(CachedPage::plain(StatusCode::OK, html))
            };
            if !anonymous {
                return render().map(std::sync::Arc::new);
            }
            let page = this.searches.get_or_asked_again(key, version, render)?;
            if gzip {
                page.compressed();
            }
            Ok(page)
        })
        .await;
    match rendered {
        // A signed-in reader's page is compressed on its way out, when asked.
        Ok(cached) => cached.response(anonymous && page.gzip),
        Err(e) => page.error(e),
    }
}

fn params_view(p: &SearchParams) -> pspm_frontend::pages::practices::Filters {
    let facets = [
        ("policy_area", &p.policy_area),
        ("level", &p.level),
        ("territory", &p.territory),
        ("sdg", &p.sdg),
        ("stage", &p.stage),
        ("licence", &p.licence),
        ("owner_kind", &p.owner_kind),
        ("tag", &p.tag),
    ]
    .into_iter()
    .filter_map(|(k, v)| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| (k.to_owned(), v.to_owned()))
    })
    .collect();
    pspm_frontend::pages::practices::Filters {
        q: p.q.clone().unwrap_or_default(),
        facets,
        sort: p.sort.clone().unwrap_or_default(),
    }
}

/// Loads what the practice page shows for this reader.
fn page_view(
    c: &mut crate::db::DbConn,
    actor: Option<&Actor>,
    id: i32,
    lang: &str,
) -> Result<PracticePageView, AppError> {
    let p = practices::readable(c, actor, id)?;
    let detail = practices::detail(c, actor, id, lang)?;
    let owner = actor.is_some_and(|a| a.organisation_id == Some(p.owner_organisation_id));
    let published = p.status == "published";
    let admin = actor.is_some_and(Actor::is_admin);
    let steps: Vec<String> = match p.status.as_str() {
        "draft" if practices::can_manage(actor, &p) => vec!["submit"],
        "submitted" if admin => vec!["publish", "return"],
        "published" if practices::can_manage(actor, &p) => vec!["archive"],
        "archived" if admin => vec!["restore"],
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
        can_declare: published && actor.is_some_and(|a| a.organisation_id.is_some()) && !owner,
        can_rate: published && actor.is_some() && !owner,
        my_rating,
        can_edit: practice_edit::can_edit(actor, &p),
        can_translate: admin || (practices::can_manage(actor, &p) && p.status != "archived"),
        steps,
        linkable,
        form: FormState::default(),
        notice: None,
    })
}

async fn practice_page(
    state: &AppState,
    page: &Page,
    id: i32,
    form: FormState,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = page.ctx.tr.lang.code().to_owned();
    let actor = page.actor.clone();
    match state
        .db
        .run(move |c| page_view(c, actor.as_ref(), id, &lang))
        .await
    {
        Ok(mut view) => {
            view.form = form;
            view.notice = notice;
            html(
                status,
                pspm_frontend::pages::practices::render_practice(&page.ctx, &view),
            )
        }
        Err(e) => page.error(e),
    }
}

/// Query of pages that show a notice after an action.
#[derive(Debug, serde::Deserialize)]
pub struct DoneQuery {
    /// Set after a successful action: which one.
    pub done: Option<String>,
}

/// The notice for a `done` value (unknown values show none).
fn done_notice(page: &Page, done: Option<&str>) -> Option<String> {
    const KNOWN: [&str; 12] = [
        "declared",
        "created",
        "saved",
        "translated",
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
) -> Response {
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
async fn practice_write(
    state: &AppState,
    page: &Page,
    id: i32,
    form: &FormData,
    done: &str,
    write: impl FnOnce(&mut crate::db::DbConn, &Actor) -> Result<(), AppError> + Send + 'static,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    match state.db.run(move |c| write(c, &actor)).await {
        Ok(()) => Redirect::to(&format!("/practices/{id}?done={done}")).into_response(),
        Err(e) => match form_errors(e) {
            Ok((status, errors)) => {
                let mut f = form_state(form);
                f.errors = errors;
                practice_page(state, page, id, f, None, status).await
            }
            Err(e) => page.error(e),
        },
    }
}

/// `POST /practices/{id}/transition` (`action`, `comment`).
pub async fn transition(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let input = TransitionInput {
        action: form.get("action"),
        comment: form.get("comment"),
    };
    let done = input.action.clone();
    practice_write(&state, &page, id, &form, &done, move |c, a| {
        practice_edit::transition(c, a, id, &input).map(|_| ())
    })
    .await
}

/// `POST /practices/{id}/ratings` (`stars`, `review`).
pub async fn rate(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let input = RatingInput {
        // A missing or non-numeric choice is out of range, so the form says so.
        stars: form.get("stars").trim().parse().unwrap_or(0),
        review: form.get("review"),
    };
    practice_write(&state, &page, id, &form, "rated", move |c, a| {
        ratings::rate(c, a, id, &input).map(|_| ())
    })
    .await
}

/// `POST /practices/{id}/links` (`node_id`).
pub async fn link(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let node = form.get("node_id").trim().parse::<i32>().unwrap_or(0);
    practice_write(&state, &page, id, &form, "linked", move |c, a| {
        practice_links::link(c, a, id, node)
    })
    .await
}

/// `POST /practices/{id}/links/{node_id}/delete`.
pub async fn unlink(
    State(state): State<AppState>,
    page: Page,
    Path((id, node)): Path<(i32, i32)>,
    form: FormData,
) -> Response {
    practice_write(&state, &page, id, &form, "unlinked", move |c, a| {
        practice_links::unlink(c, a, id, node)
    })
    .await
}

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
        tags: form.get("tags").split(',').map(str::to_owned).collect(),
        sdgs: form
            .all("sdgs")
            .iter()
            .map(|n| n.trim().parse().unwrap_or(0))
            .collect(),
        links: form.get("links").lines().map(str::to_owned).collect(),
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
    }
}

/// The form as sent (SDG checkboxes joined), to show again with errors.
fn sent(form: &FormData) -> FormState {
    form_state(form).with("sdgs", form.all("sdgs").join(","))
}

async fn show_form(
    state: &AppState,
    page: &Page,
    id: Option<i32>,
    texts_only: bool,
    form: FormState,
    status: StatusCode,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    match state.db.run(move |c| choices(c, &actor)).await {
        Ok(choices) => html(
            status,
            render_form(
                &page.ctx,
                &PracticeFormView {
                    id,
                    texts_only,
                    form,
                    choices,
                },
            ),
        ),
        Err(e) => page.error(e),
    }
}

/// `GET /practices/new`.
pub async fn new_form(State(state): State<AppState>, page: Page) -> Response {
    let form = FormState::default()
        .with("lang", page.ctx.tr.lang.code())
        .with(
            "owner_organisation_id",
            page.actor
                .as_ref()
                .and_then(|a| a.organisation_id)
                .map(|o| o.to_string())
                .unwrap_or_default(),
        );
    show_form(&state, &page, None, false, form, StatusCode::OK).await
}

/// `POST /practices/new`.
pub async fn create(State(state): State<AppState>, page: Page, form: FormData) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let input = input_of_form(&form);
    match state
        .db
        .run(move |c| practice_edit::create(c, &actor, &input))
        .await
    {
        Ok(p) => Redirect::to(&format!("/practices/{}?done=created", p.id)).into_response(),
        Err(e) => form_again(&state, &page, None, false, &form, e).await,
    }
}

async fn form_again(
    state: &AppState,
    page: &Page,
    id: Option<i32>,
    texts_only: bool,
    form: &FormData,
    e: AppError,
) -> Response {
    match form_errors(e) {
        Ok((status, errors)) => {
            let mut f = sent(form);
            f.errors = errors;
            show_form(state, page, id, texts_only, f, status).await
        }
        Err(e) => page.error(e),
    }
}

/// Which language's texts a form edits.
#[derive(Debug, serde::Deserialize)]
pub struct LangQuery {
    /// en, it, es or lv.
    pub lang: Option<String>,
}

/// `GET /practices/{id}/edit`.
pub async fn edit_form(State(state): State<AppState>, page: Page, Id(id): Id) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let loaded = state
        .db
        .run(move |c| {
            let p = practices::readable(c, Some(&actor), id)?;
            if !practice_edit::can_edit(Some(&actor), &p) {
                return Err(AppError::Forbidden);
            }
            practice_edit::input_of(c, &actor, id, None)
        })
        .await;
    match loaded {
        Ok(input) => {
            show_form(
                &state,
                &page,
                Some(id),
                false,
                form_of(&input),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => page.error(e),
    }
}

/// `POST /practices/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let input = input_of_form(&form);
    match state
        .db
        .run(move |c| practice_edit::update(c, &actor, id, &input))
        .await
    {
        Ok(_) => Redirect::to(&format!("/practices/{id}?done=saved")).into_response(),
        Err(e) => form_again(&state, &page, Some(id), false, &form, e).await,
    }
}

/// `GET /practices/{id}/texts?lang=…`: the texts in another language.
pub async fn texts_form(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<LangQuery>,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let lang = q
        .lang
        .filter(|l| practice_edit::LANGUAGES.contains(&l.as_str()));
    let loaded = state
        .db
        .run(move |c| {
            let p = practices::readable(c, Some(&actor), id)?;
            if !practices::can_manage(Some(&actor), &p) {
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
            practice_edit::input_of(c, &actor, id, Some(&lang))
        })
        .await;
    match loaded {
        Ok(input) => {
            show_form(
                &state,
                &page,
                Some(id),
                true,
                form_of(&input),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => page.error(e),
    }
}

/// `POST /practices/{id}/texts`.
pub async fn put_texts(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let input = texts_of_form(&form);
    match state
        .db
        .run(move |c| practice_edit::put_translation(c, &actor, id, &input))
        .await
    {
        Ok(()) => Redirect::to(&format!("/practices/{id}?done=translated")).into_response(),
        Err(e) => form_again(&state, &page, Some(id), true, &form, e).await,
    }
}

/// `GET /practices/manage`: the review queue (administrators) and the organisation's practices.
pub async fn manage(State(state): State<AppState>, page: Page) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let loaded = state
        .db
        .run(move |c| {
            let queue = if actor.is_admin() {
                Some(practice_edit::review_queue(c, &actor)?)
            } else {
                None
            };
            Ok::<_, AppError>(ManageView {
                queue,
                mine: practice_edit::of_organisation(c, &actor)?,
                notice: None,
            })
        })
        .await;
    match loaded {
        Ok(view) => html(StatusCode::OK, render_manage(&page.ctx, &view)),
        Err(e) => page.error(e),
    }
}

/// `POST /practices/{id}/adoptions`.
pub async fn declare(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let input = AdoptionInput {
        adopted_on: form.get("adopted_on"),
        context: form.get("context"),
        outcome: form.get("outcome"),
    };
    match state
        .db
        .run(move |c| adoptions::declare(c, &actor, id, &input))
        .await
    {
        Ok(_) => Redirect::to(&format!("/practices/{id}?done=declared")).into_response(),
        Err(e) => match form_errors(e) {
            Ok((status, errors)) => {
                let mut f = form_state(&form);
                f.errors = errors;
                practice_page(&state, &page, id, f, None, status).await
            }
            Err(e) => page.error(e),
        },
    }
}

/// `GET /adoptions`: adoptions awaiting the decision of the reader's organisation.
pub async fn decisions(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<DoneQuery>,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let notice = q.done.map(|_| page.ctx.tr.t("notice-saved"));
    match state.db.run(move |c| adoptions::pending(c, &actor)).await {
        Ok(list) => html(
            StatusCode::OK,
            pspm_frontend::pages::practices::render_decisions(&page.ctx, &list, notice),
        ),
        Err(e) => page.error(e),
    }
}

/// `POST /adoptions/{id}/decision` (`decision` = `confirm` or `reject`).
pub async fn decide(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let confirm = match form.get("decision").as_str() {
        "confirm" => true,
        "reject" => false,
        _ => {
            return page.error(AppError::field(
                "decision",
                "invalid_choice",
                "confirm or reject",
            ));
        }
    };
    match state
        .db
        .run(move |c| adoptions::decide(c, &actor, id, confirm))
        .await
    {
        Ok(()) => Redirect::to("/adoptions?done=1").into_response(),
        Err(e) => page.error(e),
    }
}
