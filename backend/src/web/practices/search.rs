//! The catalogue's search page, with its facets.

use axum::extract::{Query, RawQuery, State};
use axum::http::StatusCode;

use crate::app::AppState;
use crate::http::page::{CachedPage, Page, PageResult};
use crate::services::practices::SearchParams;

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
    RawQuery(query): RawQuery,
) -> PageResult {
    let params = lenient(query.as_deref().unwrap_or_default());
    let lang = page.ctx.tr.lang.code().to_owned();
    let version = state.catalogue_version.current(&state.db).await?;
    let anonymous = page.actor.is_none();
    let key = format!("page:{lang}:{}", page.ctx.path);
    if anonymous && let Some(hit) = state.searches.hit::<CachedPage>(&key, version) {
        return Ok(hit.response(page.gzip));
    }
    // Searched and rendered in turn (`Db::run_in_turn`), off the async
    // threads, with no database connection held while rendering. An
    // anonymous reader's page is kept from the second time it is asked for,
    // and compressed only for a client that accepts it, once.
    let (ctx, this, gzip) = (page.ctx.clone(), state.clone(), page.gzip);
    let cached = state
        .db
        .run_in_turn(&state.turns, move |lease| {
            let render = || {
                let mut result = this.search_in_turn(lease, version, &params, &lang)?;
                // A page past the end (an old link, a typed number) shows the last one.
                let last = (result.total + result.per_page - 1) / result.per_page;
                if result.page > last && last >= 1 {
                    let params = SearchParams {
                        page: Some(last),
                        ..params.clone()
                    };
                    result = this.search_in_turn(lease, version, &params, &lang)?;
                }
                let html = pspm_frontend::pages::practices::catalogue::render_catalogue(
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
        .await?;
    // A signed-in reader's page is compressed on its way out, when asked.
    Ok(cached.response(anonymous && page.gzip))
}

/// The search parameters of a page URL; a page number that is not a whole
/// number from 1 on means the first page rather than an error page.
fn lenient(query: &str) -> SearchParams {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .map(|(k, v)| {
            let valid = k != "page" || v.trim().parse::<i64>().is_ok_and(|n| n >= 1);
            (k, if valid { v } else { String::new() })
        })
        .filter(|(k, v)| !(k == "page" && v.is_empty()))
        .collect();
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .finish();
    format!("/?{encoded}")
        .parse::<axum::http::Uri>()
        .ok()
        .and_then(|uri| Query::<SearchParams>::try_from_uri(&uri).ok())
        .map(|q| q.0)
        .unwrap_or_default()
}

fn params_view(p: &SearchParams) -> pspm_frontend::pages::practices::catalogue::Filters {
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
    pspm_frontend::pages::practices::catalogue::Filters {
        q: p.q.clone().unwrap_or_default(),
        facets,
        sort: p.sort.clone().unwrap_or_default(),
        all: p.all.clone().unwrap_or_default(),
    }
}
