//! Dashboard pages: `/dashboards` and `/dashboards/{participation|quality|impact|practices}`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use pspm_frontend::components::FormState;
use pspm_frontend::pages::dashboards::{
    BOARDS, DashboardView, FilterView, OpenDataNote, render_dashboard, render_index,
};

use crate::app::AppState;
use crate::domain::{OrgKind, OrgLevel};
use crate::error::AppError;
use crate::http::page::{Page, PageResult, form_errors, html};
use crate::services::analytics::dashboards;
use crate::services::analytics::{self, AnalyticsFilters};

/// `GET /dashboards`.
pub async fn index(State(state): State<AppState>, page: Page) -> PageResult {
    let actor = page.actor.clone();
    let plans = state
        .db
        .run(move |c| analytics::visible_plans(c, actor.as_ref()))
        .await?;
    let plans: Vec<(i32, String)> = plans.into_iter().map(|p| (p.id, p.title)).collect();
    let status = state.open_data.status();
    let open_data = OpenDataNote {
        built_at: status.built_at,
        building: status.building,
    };
    Ok(html(
        StatusCode::OK,
        render_index(&page.ctx, &plans, open_data),
    ))
}

/// The query string of the filters (for shareable links and downloads).
pub fn query_of(f: &AnalyticsFilters) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("plan", &f.plan),
        ("consultation", &f.consultation),
        ("from", &f.from),
        ("to", &f.to),
        ("territory", &f.territory),
        ("organisation_kind", &f.organisation_kind),
        ("level", &f.level),
    ] {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            s.append_pair(k, v);
        }
    }
    s.finish()
}

fn form_of(f: &AnalyticsFilters) -> FormState {
    let v = |x: &Option<String>| x.clone().unwrap_or_default();
    FormState::default()
        .with("plan", v(&f.plan))
        .with("consultation", v(&f.consultation))
        .with("from", v(&f.from))
        .with("to", v(&f.to))
        .with("territory", v(&f.territory))
        .with("organisation_kind", v(&f.organisation_kind))
        .with("level", v(&f.level))
}

/// `GET /dashboards/{key}?plan=…&consultation=…&from=…&to=…&territory=…&organisation_kind=…&level=…`.
///
/// Anonymous readers of a board's plain URL, without filters (the link
/// everyone shares), get it from the cache of rendered pages, kept per data
/// version and language: rendering its charts costs more than computing it. Filtered and
/// signed-in views are rendered each time from the cached indicators; caching
/// every filter combination's page would hold megabytes per visitor's whim.
pub async fn board(
    State(state): State<AppState>,
    page: Page,
    Path(key): Path<String>,
    Query(filters): Query<AnalyticsFilters>,
) -> PageResult {
    if !BOARDS.contains(&key.as_str()) {
        return Err(AppError::NotFound("dashboard").into());
    }
    let actor = page.actor.clone();
    let cache = state.analytics.clone();
    if actor.is_none() && page.ctx.path == format!("/dashboards/{key}") {
        let ctx = page.ctx.clone();
        let page_key = format!("dashboard:{key}:{}", ctx.tr.lang.code());
        let cached = crate::http::page::cached_page(&state, page_key, move |c| {
            let loaded = load(c, &cache, None, &key, &filters, ctx.tr.lang.code())?;
            let (status, html) = view(&ctx, key, &filters, loaded)?;
            Ok(crate::http::page::CachedPage::new(status, html))
        })
        .await?;
        return Ok(cached.response(page.gzip));
    }
    let (k, f, lang) = (key.clone(), filters.clone(), page.ctx.tr.lang.code());
    let loaded = state
        .db
        .run(move |c| load(c, &cache, actor.as_ref(), &k, &f, lang))
        .await?;
    let (status, body) = view(&page.ctx, key, &filters, loaded)?;
    Ok(html(status, body))
}

/// What a board's page shows: the plans and consultations of its filter form,
/// and the board itself, or the error its filters earned.
type Loaded = (
    Vec<crate::db::plan::Plan>,
    Vec<(i32, String)>,
    crate::error::AppResult<pspm_frontend::pages::dashboards::Board>,
);

fn load(
    c: &mut crate::db::DbConn,
    cache: &crate::cache::Cache,
    actor: Option<&crate::services::Actor>,
    key: &str,
    filters: &AnalyticsFilters,
    lang: &'static str,
) -> crate::error::AppResult<Loaded> {
    let plans = analytics::visible_plans(c, actor)?;
    let consultations = analytics::visible_consultations(c, actor)?;
    // Invalid filters are shown on the form, so the board's error is kept apart.
    let board = dashboards::load(c, cache, actor, key, filters, lang);
    Ok((plans, consultations, board))
}

/// The page of a board, with its status: 200, or the status of invalid filters
/// shown on the form.
fn view(
    ctx: &pspm_frontend::layout::PageCtx,
    key: String,
    filters: &AnalyticsFilters,
    (plans, consultations, board): Loaded,
) -> crate::error::AppResult<(StatusCode, String)> {
    let mut form = form_of(filters);
    let (status, board) = match board {
        Ok(b) => (StatusCode::OK, b),
        Err(e) => {
            let (status, errors) = form_errors(e)?;
            form.errors = errors;
            (status, dashboards::empty(&key))
        }
    };
    let charts = dashboards::charts(ctx.tr, &board);
    let view = DashboardView {
        key,
        filters: FilterView {
            form,
            plans: plans.into_iter().map(|p| (p.id, p.title)).collect(),
            consultations,
            kinds: OrgKind::ALL.iter().map(|k| k.as_str().to_owned()).collect(),
            levels: OrgLevel::ALL
                .iter()
                .map(|l| l.as_str().to_owned())
                .collect(),
            query: query_of(filters),
        },
        board,
        charts,
    };
    Ok((status, render_dashboard(ctx, &view)))
}
