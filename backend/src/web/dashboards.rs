//! Dashboard pages: `/dashboards` and `/dashboards/{participation|quality|impact|practices}`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use pspm_frontend::components::FormState;
use pspm_frontend::pages::dashboards::{
    BOARDS, DashboardView, FilterView, render_dashboard, render_index,
};

use super::{Page, form_errors, html};
use crate::app::AppState;
use crate::domain::{OrgKind, OrgLevel};
use crate::error::AppError;
use crate::services::analytics::{self, AnalyticsFilters};
use crate::services::dashboards;

/// `GET /dashboards`.
pub async fn index(State(state): State<AppState>, page: Page) -> Response {
    let actor = page.actor.clone();
    match state
        .db
        .run(move |c| analytics::visible_plans(c, actor.as_ref()))
        .await
    {
        Ok(plans) => {
            let plans: Vec<(i32, String)> = plans.into_iter().map(|p| (p.id, p.title)).collect();
            html(StatusCode::OK, render_index(&page.ctx, &plans))
        }
        Err(e) => page.error(e),
    }
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
pub async fn board(
    State(state): State<AppState>,
    page: Page,
    Path(key): Path<String>,
    Query(filters): Query<AnalyticsFilters>,
) -> Response {
    if !BOARDS.contains(&key.as_str()) {
        return page.error(AppError::NotFound("dashboard"));
    }
    let actor = page.actor.clone();
    let cache = state.analytics.clone();
    let (k, f) = (key.clone(), filters.clone());
    let loaded = state
        .db
        .run(move |c| {
            let a = actor.as_ref();
            let plans = analytics::visible_plans(c, a)?;
            let consultations = analytics::visible_consultations(c, a)?;
            // Invalid filters are shown on the form, so the board's error is kept apart.
            let board = dashboards::load(c, &cache, a, &k, &f);
            Ok::<_, AppError>((plans, consultations, board))
        })
        .await;
    let (plans, consultations, board) = match loaded {
        Ok(x) => x,
        Err(e) => return page.error(e),
    };
    let mut form = form_of(&filters);
    let (status, board) = match board {
        Ok(b) => (StatusCode::OK, b),
        Err(e) => match form_errors(e) {
            Ok((status, errors)) => {
                form.errors = errors;
                (status, dashboards::empty(&key))
            }
            Err(e) => return page.error(e),
        },
    };
    let charts = dashboards::charts(page.ctx.tr, &board);
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
            query: query_of(&filters),
        },
        board,
        charts,
    };
    html(status, render_dashboard(&page.ctx, &view))
}
