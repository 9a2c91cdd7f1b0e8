//! Lists of contributions: the response queue, my contributions, "you said,
//! we did" and the moderation queue, with the answers given from them.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pspm_frontend::components::FormState;
use std::collections::BTreeMap;

use pspm_frontend::pages::consultations::contributions::{
    ContributionListView, ItemContext, ListPager, QueueFilters,
};

use super::DoneQuery;
use crate::app::AppState;
use crate::db::contribution::Contribution;
use crate::db::plan::Plan;
use crate::domain::Role;
use crate::error::AppError;
use crate::http::extract::{FormData, Id};
use crate::http::page::{Page, PageResult, SignedIn, form_errors, form_state, html};
use crate::services::consultations::{self, QueueParams, ResponseInput};
use crate::services::{Actor, Paging, plans};

/// The items of a list: (consultation id, contribution, open reports' reasons).
type Items = Vec<(i32, pspm_frontend::model::ContributionView, Vec<String>)>;

/// A list page with no form sent: `key` names the list for the components.
fn list_page(
    page: &Page,
    key: &str,
    heading: String,
    items: Items,
    notice: Option<String>,
    pager: Option<ListPager>,
    context: BTreeMap<i32, ItemContext>,
) -> Response {
    let view = ContributionListView {
        page: key.into(),
        heading,
        items,
        form: FormState::default(),
        notice,
        pager,
        context,
        filters: None,
    };
    html(
        StatusCode::OK,
        pspm_frontend::pages::consultations::contributions::render_list(&page.ctx, &view),
    )
}

/// The response queue as `params` filter it, with `form` shown in its
/// place (a wrong filter is named in the form's error summary and the
/// default list shown).
async fn queue_page(
    state: &AppState,
    page: &Page,
    actor: Actor,
    params: QueueParams,
    mut form: FormState,
    notice: Option<String>,
    status: StatusCode,
) -> PageResult {
    let tr = page.ctx.tr;
    let q = match params.query() {
        Ok(q) => q,
        Err(e) => {
            let (_, errors) = form_errors(e)?;
            form = FormState {
                id_prefix: "filter-".into(),
                errors,
                ..FormState::default()
            };
            QueueParams::default().query()?
        }
    };
    let view = state
        .db
        .run(move |c| {
            let queue = consultations::response_queue(c, &actor, &q)?;
            let node = match q.filter.node {
                Some(id) => {
                    let n = crate::db::plan_node::PlanNode::find(c, id).ok();
                    n.map(|n| (id, format!("{} – {}", n.code, n.title)))
                }
                None => None,
            };
            let status_name = match q.filter.answered {
                Some(false) => "awaiting",
                Some(true) => "answered",
                None => "all",
            };
            let mut context = BTreeMap::new();
            let mut items = Vec::with_capacity(queue.items.len());
            for i in queue.items {
                context.insert(
                    i.view.id,
                    ItemContext {
                        plan: i.plan,
                        consultation: i.consultation.clone(),
                        node: i.node,
                    },
                );
                items.push((i.consultation.0, i.view, Vec::new()));
            }
            let query = q.to_query(false);
            Ok(ContributionListView {
                page: "queue".into(),
                heading: tr.label("responses-heading", status_name),
                items,
                form,
                notice,
                pager: Some(ListPager {
                    base: if query.is_empty() {
                        "/responses".into()
                    } else {
                        format!("/responses?{query}")
                    },
                    page: queue.page,
                    per_page: consultations::QUEUE_PER_PAGE,
                    total: queue.total,
                }),
                context,
                filters: Some(QueueFilters {
                    plans: queue.plans,
                    consultations: queue.consultations,
                    plan: q.plan,
                    consultation: q.consultation,
                    kind: q.filter.kind.map(|k| k.to_string()).unwrap_or_default(),
                    status: status_name.into(),
                    node,
                    query: q.to_query(true),
                    total: queue.total,
                }),
            })
        })
        .await?;
    Ok(html(
        status,
        pspm_frontend::pages::consultations::contributions::render_list(&page.ctx, &view),
    ))
}

/// `GET /responses`: the response queue, filtered and paged.
pub async fn responses(
    State(state): State<AppState>,
    Query(q): Query<DoneQuery>,
    Query(params): Query<QueueParams>,
    SignedIn { page, actor }: SignedIn,
) -> PageResult {
    let notice = q.done.map(|_| page.ctx.tr.t("notice-saved"));
    queue_page(
        &state,
        &page,
        actor,
        params,
        FormState::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// `POST /contributions/{id}/respond`.
pub async fn respond(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { page, actor }: SignedIn,
    form: FormData,
) -> PageResult {
    let input = ResponseInput {
        status: form.get("status"),
        body: form.get("body"),
        node_id: None,
        create_action_code: Some(form.get("create_action_code")).filter(|c| !c.trim().is_empty()),
    };
    let a2 = actor.clone();
    match state
        .db
        .run(move |c| consultations::respond(c, &a2, id, &input))
        .await
    {
        Ok(_) => {
            // Back to the list as it was filtered (read again, not echoed).
            let back = QueueParams::from_query(&form.get("back"))
                .query()
                .map(|q| q.to_query(true))
                .unwrap_or_default();
            let sep = if back.is_empty() { "" } else { "&" };
            Ok(Redirect::to(&format!("/responses?{back}{sep}done=1")).into_response())
        }
        Err(e) => {
            let (status, errors) = form_errors(e)?;
            // Known by its address, so that the messages show on its form.
            let mut f = form_state(&form).with("form", format!("respond-{id}"));
            f.errors = errors;
            let params = QueueParams::from_query(&form.get("back"));
            queue_page(&state, &page, actor, params, f, None, status).await
        }
    }
}

/// `GET /my/contributions`.
pub async fn mine(State(state): State<AppState>, SignedIn { page, actor }: SignedIn) -> PageResult {
    let heading = page.ctx.tr.t("my-contributions");
    let (items, context) = state
        .db
        .run(move |c| {
            let list = consultations::my_contributions(c, &actor)?;
            let mut items = Vec::new();
            let mut context = BTreeMap::new();
            // Where each was made: a person's contributions span a few
            // consultations and plans, each read once.
            let mut places: std::collections::HashMap<i32, ItemContext> =
                std::collections::HashMap::new();
            for v in list {
                let k = Contribution::find(c, v.id)?.consultation_id;
                let place = match places.get(&k) {
                    Some(p) => p.clone(),
                    None => {
                        let consultation = crate::db::consultation::Consultation::find(c, k)?;
                        let plan = Plan::find(c, consultation.plan_id)?;
                        let p = ItemContext {
                            plan: (plan.id, plan.title),
                            consultation: (k, consultation.title),
                            node: None,
                        };
                        places.insert(k, p.clone());
                        p
                    }
                };
                let (plan, consultation) = (place.plan, place.consultation);
                let node = match v.node_id {
                    Some(n) => {
                        let node = crate::db::plan_node::PlanNode::find(c, n)?;
                        Some((n, format!("{} – {}", node.code, node.title)))
                    }
                    None => None,
                };
                context.insert(
                    v.id,
                    ItemContext {
                        plan,
                        consultation,
                        node,
                    },
                );
                items.push((k, v, Vec::new()));
            }
            Ok((items, context))
        })
        .await?;
    Ok(list_page(
        &page, "mine", heading, items, None, None, context,
    ))
}

/// Contributions per page of "you said, we did".
const RESPONSES_PER_PAGE: i64 = 50;

/// `GET /consultations/{id}/you-said-we-did`: every contribution with its
/// official response, oldest first, a page at a time.
pub async fn you_said_we_did(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let actor = page.actor.clone();
    let tr = page.ctx.tr;
    // Past the end shows the last page.
    let wanted = q.page_number().max(1);
    let (k, items, total, shown, context) = state
        .db
        .run(move |c| {
            let at = |n: i64| Paging::new(Some(n), Some(RESPONSES_PER_PAGE));
            let (k, items, total) =
                consultations::contributions_page(c, actor.as_ref(), id, at(wanted)?)?;
            let last = ((total + RESPONSES_PER_PAGE - 1) / RESPONSES_PER_PAGE).max(1);
            let (k, items, total, shown) = if wanted > last {
                let (k, items, total) =
                    consultations::contributions_page(c, actor.as_ref(), id, at(last)?)?;
                (k, items, total, last)
            } else {
                (k, items, total, wanted)
            };
            // Each answer says which objective or action it is about.
            let plan = Plan::find(c, k.plan_id)?;
            let nodes: std::collections::HashMap<i32, String> =
                crate::db::plan_node::PlanNode::of_plan(c, plan.id)?
                    .into_iter()
                    .map(|n| (n.id, format!("{} – {}", n.code, n.title)))
                    .collect();
            let context = items
                .iter()
                .map(|x| {
                    let context = ItemContext {
                        plan: (plan.id, plan.title.clone()),
                        consultation: (k.id, k.title.clone()),
                        node: x
                            .node_id
                            .and_then(|n| nodes.get(&n).map(|l| (n, l.clone()))),
                    };
                    (x.id, context)
                })
                .collect();
            Ok((k, items, total, shown, context))
        })
        .await?;
    let heading = tr.ta("you-said-we-did-title", &[("title", k.title.clone())]);
    let items = items.into_iter().map(|x| (id, x, Vec::new())).collect();
    let pager = ListPager {
        base: format!("/consultations/{id}/you-said-we-did"),
        page: shown,
        per_page: RESPONSES_PER_PAGE,
        total,
    };
    Ok(list_page(
        &page,
        "you-said-we-did",
        heading,
        items,
        None,
        Some(pager),
        context,
    ))
}

/// The moderation queue, with `form` shown in its place.
async fn moderation_page(
    state: &AppState,
    page: &Page,
    actor: Actor,
    form: FormState,
    notice: Option<String>,
    status: StatusCode,
) -> PageResult {
    if !(actor.is_admin() || actor.role == Role::Planner) {
        return Err(AppError::Forbidden.into());
    }
    let heading = page.ctx.tr.t("moderation-title");
    let items = state
        .db
        .run(move |c| {
            let mut by_contribution: Vec<(i32, Vec<String>)> = Vec::new();
            for (_, cid, reason) in Contribution::open_reports(c)? {
                match by_contribution.iter_mut().find(|(x, _)| *x == cid) {
                    Some((_, r)) => r.push(reason),
                    None => by_contribution.push((cid, vec![reason])),
                }
            }
            let mut items = Vec::new();
            for (cid, reasons) in by_contribution {
                let k = Contribution::find(c, cid)?.consultation_id;
                let consultation = crate::db::consultation::Consultation::find(c, k)?;
                let plan = Plan::find(c, consultation.plan_id)?;
                if !plans::can_edit(Some(&actor), &plan) {
                    continue;
                }
                let v = consultations::contribution_view(c, Some(&actor), cid)?;
                if v.hidden_reason.is_none() {
                    items.push((k, v, reasons));
                }
            }
            Ok(items)
        })
        .await?;
    let view = ContributionListView {
        page: "moderation".into(),
        heading,
        items,
        form,
        notice,
        pager: None,
        context: BTreeMap::new(),
        filters: None,
    };
    Ok(html(
        status,
        pspm_frontend::pages::consultations::contributions::render_list(&page.ctx, &view),
    ))
}

/// `GET /moderation`: reported contributions (administrators, planners of the plans concerned).
pub async fn moderation(
    State(state): State<AppState>,
    Query(q): Query<DoneQuery>,
    SignedIn { page, actor }: SignedIn,
) -> PageResult {
    let notice = q.done.map(|_| page.ctx.tr.t("notice-saved"));
    moderation_page(
        &state,
        &page,
        actor,
        FormState::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// `POST /contributions/{id}/hide`: a refusal comes back on the moderation
/// queue, with its message next to the reason.
pub async fn hide(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { page, actor }: SignedIn,
    form: FormData,
) -> PageResult {
    let reason = form.get("reason");
    let a2 = actor.clone();
    match state
        .db
        .run(move |c| consultations::hide(c, &a2, id, &reason))
        .await
    {
        Ok(()) => Ok(Redirect::to("/moderation?done=1").into_response()),
        Err(e) => {
            let (status, errors) = form_errors(e)?;
            let mut f = form_state(&form).with("form", format!("hide-{id}"));
            // The form has one field: every message goes next to it.
            f.errors = errors
                .into_iter()
                .map(|mut e| {
                    e.field = Some("reason".into());
                    e
                })
                .collect();
            moderation_page(&state, &page, actor, f, None, status).await
        }
    }
}
