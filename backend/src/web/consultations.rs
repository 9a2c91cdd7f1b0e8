//! Consultation pages: the consultation (contribute, support, prioritise), the
//! form that opens one, the response queue, my contributions, "you said, we
//! did", notifications and moderation.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::consultations::{
    ConsultationPageView, ContributionListView, ListPager, NewConsultationView, NotificationItem,
};
use serde::Deserialize;

use crate::app::AppState;
use crate::db::contribution::{Contribution, Priorities};
use crate::db::organisation::Organisation;
use crate::db::plan::Plan;
use crate::db::plan_node::PlanNode;
use crate::domain::{NodeKind, Role};
use crate::error::{AppError, AppResult};
use crate::http::extract::{FormData, Id};
use crate::http::page::{Page, form_errors, form_state, html};
use crate::services::consultations::{
    self, ConsultationInput, ContributionInput, PointsInput, ResponseInput,
};
use crate::services::{Actor, Paging, plans};

/// Query of pages that show a notice after an action.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    /// Set after a successful action.
    pub done: Option<String>,
    /// Page of the contributions (from 1; anything else shows the first).
    pub page: Option<String>,
}

impl DoneQuery {
    /// The page asked for; anything but a number is page 1.
    fn page_number(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(1)
    }
}

fn label(n: &PlanNode) -> String {
    format!("{} – {}", n.code, n.title)
}

async fn consultation_page(
    state: &AppState,
    page: &Page,
    id: i32,
    form: FormState,
    notice: Option<String>,
    page_no: i64,
) -> AppResult<ConsultationPageView> {
    let actor = page.actor.clone();
    state
        .db
        .run(move |c| {
            let shown = consultations::page_view(c, actor.as_ref(), id, page_no)?;
            let consultation = shown.view;
            let plan = Plan::find(c, consultation.plan_id)?;
            let nodes = PlanNode::of_plan(c, plan.id)?;
            let ordered = crate::services::plans::exchange::preorder(&nodes);
            let objectives = ordered
                .iter()
                .filter(|n| n.kind == NodeKind::OperationalObjective.as_str())
                .map(|n| (n.id, label(n)))
                .collect();
            let all = ordered.iter().map(|n| (n.id, label(n))).collect();
            let (my_supports, my_points) = match &actor {
                Some(a) => {
                    let supports = Contribution::supported_by(c, id, a.user_id)?;
                    let points = Priorities::of_user(c, id, a.user_id)?;
                    (supports, points)
                }
                None => (Vec::new(), Vec::new()),
            };
            Ok(ConsultationPageView {
                can_moderate: plans::can_edit(actor.as_ref(), &plan),
                plan_title: plan.title,
                consultation,
                objectives,
                nodes: all,
                my_supports,
                my_points,
                form,
                notice,
                threads: shown.threads,
                threads_total: shown.threads_total,
                page: shown.page,
                per_page: consultations::THREADS_PER_PAGE,
                proposals_total: shown.proposals_total,
            })
        })
        .await
}

/// `GET /consultations/{id}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> Response {
    let page_no = q.page_number();
    let notice = q.done.map(|_| page.ctx.tr.t("notice-saved"));
    match consultation_page(&state, &page, id, FormState::default(), notice, page_no).await {
        Ok(view) => html(
            StatusCode::OK,
            pspm_frontend::pages::consultations::render(&page.ctx, &view),
        ),
        Err(e) => page.error(e),
    }
}

/// Re-shows the consultation page with a form's errors, or the error page.
async fn reshow(
    state: &AppState,
    page: &Page,
    id: i32,
    e: AppError,
    mut form: FormState,
) -> Response {
    match form_errors(e) {
        Ok((status, errors)) => {
            form.errors = errors;
            match consultation_page(state, page, id, form, None, 1).await {
                Ok(view) => html(
                    status,
                    pspm_frontend::pages::consultations::render(&page.ctx, &view),
                ),
                Err(e) => page.error(e),
            }
        }
        Err(e) => page.error(e),
    }
}

fn back(id: i32, anchor: &str) -> Response {
    Redirect::to(&format!("/consultations/{id}?done=1{anchor}")).into_response()
}

/// `POST /consultations/{id}/contributions`.
pub async fn contribute(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let input = ContributionInput {
        kind: form.get("kind"),
        node_id: form.opt_id("node_id").ok().flatten(),
        parent_id: form.opt_id("parent_id").ok().flatten(),
        title: Some(form.get("title")).filter(|t| !t.trim().is_empty()),
        body: form.get("body"),
    };
    match state
        .db
        .run(move |c| consultations::contribute(c, &actor, id, &input))
        .await
    {
        Ok(created) => back(id, &format!("#contribution-{}", created.id)),
        Err(e) => {
            let mut f = form_state(&form);
            // Replies are sent from many small forms: their errors show in the comment form.
            if f.value("form").starts_with("reply-") {
                f.values.insert("form".into(), "comment".into());
            }
            reshow(&state, &page, id, e, f).await
        }
    }
}

/// `POST /contributions/{id}/support` (`withdraw=1` to withdraw).
pub async fn support(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let withdraw = form.get("withdraw") == "1";
    let a2 = actor.clone();
    let consultation = match state
        .db
        .run(move |c| Ok(Contribution::find(c, id)?.consultation_id))
        .await
    {
        Ok(c) => c,
        Err(_) => return page.error(AppError::NotFound("contribution")),
    };
    let result = state
        .db
        .run(move |c| {
            if withdraw {
                consultations::withdraw_support(c, &a2, id)
            } else {
                consultations::support(c, &a2, id)
            }
        })
        .await;
    match result {
        Ok(()) => back(consultation, "#proposals-title"),
        Err(e) => {
            reshow(
                &state,
                &page,
                consultation,
                e,
                FormState::default().with("form", "support"),
            )
            .await
        }
    }
}

/// `POST /consultations/{id}/priorities` (fields `points_<node id>`).
pub async fn priorities(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let mut points = Vec::new();
    let mut bad = false;
    for (k, v) in &form.0 {
        if let Some(node) = k
            .strip_prefix("points_")
            .and_then(|n| n.parse::<i32>().ok())
        {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match v.parse::<i32>() {
                Ok(p) => points.push(PointsInput {
                    node_id: node,
                    points: p,
                }),
                Err(_) => bad = true,
            }
        }
    }
    let result = if bad {
        Err(AppError::field(
            "points",
            "number_invalid",
            "points must be whole numbers",
        ))
    } else {
        state
            .db
            .run(move |c| consultations::set_priorities(c, &actor, id, &points))
            .await
    };
    match result {
        Ok(()) => back(id, "#priorities-title"),
        Err(e) => {
            // Errors about single rows are shown on the points form as a whole.
            let e = match e {
                AppError::Validation(items) => AppError::Validation(
                    items
                        .into_iter()
                        .map(|mut i| {
                            i.field = Some("points".into());
                            i
                        })
                        .collect(),
                ),
                other => other,
            };
            reshow(
                &state,
                &page,
                id,
                e,
                FormState::default().with("form", "points"),
            )
            .await
        }
    }
}

/// `POST /contributions/{id}/report`.
pub async fn report(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let reason = form.get("reason");
    let consultation = match state
        .db
        .run(move |c| Ok(Contribution::find(c, id)?.consultation_id))
        .await
    {
        Ok(c) => c,
        Err(_) => return page.error(AppError::NotFound("contribution")),
    };
    match state
        .db
        .run(move |c| consultations::report(c, &actor, id, &reason))
        .await
    {
        Ok(()) => back(consultation, &format!("#contribution-{id}")),
        Err(e) => {
            reshow(
                &state,
                &page,
                consultation,
                e,
                FormState::default().with("form", "comment"),
            )
            .await
        }
    }
}

// ---- opening a consultation ------------------------------------------------------------------

async fn new_view(
    state: &AppState,
    actor: Actor,
    plan_id: i32,
    form: FormState,
) -> AppResult<NewConsultationView> {
    state
        .db
        .run(move |c| {
            let plan = plans::find_editable(c, &actor, plan_id)?;
            let organisations = Organisation::all(c)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            Ok(NewConsultationView {
                plan_id,
                plan_title: plan.title,
                organisations,
                form,
            })
        })
        .await
}

/// `GET /plans/{id}/consultations/new`.
pub async fn new_consultation(State(state): State<AppState>, page: Page, Id(plan): Id) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let today = chrono::Utc::now().date_naive();
    let form = FormState::default()
        .with("opens_at", format!("{today}T09:00"))
        .with(
            "closes_at",
            format!("{}T18:00", today + chrono::Days::new(30)),
        )
        .with("audience", "public")
        .with("supports_per_person", "5")
        .with("points_per_person", "100");
    match new_view(&state, actor, plan, form).await {
        Ok(view) => html(
            StatusCode::OK,
            pspm_frontend::pages::consultations::render_new(&page.ctx, &view),
        ),
        Err(e) => page.error(e),
    }
}

/// `POST /plans/{id}/consultations`.
pub async fn create_consultation(
    State(state): State<AppState>,
    page: Page,
    Id(plan): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let invited: Vec<i32> = form
        .all("invited")
        .iter()
        .filter_map(|x| x.trim().parse().ok())
        .collect();
    let int = |name: &str, default: i32| {
        form.get(name)
            .trim()
            .parse::<i32>()
            .unwrap_or(if form.get(name).trim().is_empty() {
                default
            } else {
                -1
            })
    };
    let input = ConsultationInput {
        title: form.get("title"),
        description: form.get("description"),
        opens_at: form.get("opens_at"),
        closes_at: form.get("closes_at"),
        audience: form.get("audience"),
        invited,
        comments_enabled: form.get("comments_enabled") == "yes",
        proposals_enabled: form.get("proposals_enabled") == "yes",
        supports_per_person: int("supports_per_person", 5),
        points_per_person: int("points_per_person", 100),
    };
    let a2 = actor.clone();
    match state
        .db
        .run(move |c| consultations::create(c, &a2, plan, &input))
        .await
    {
        Ok(created) => {
            Redirect::to(&format!("/consultations/{}?done=1", created.id)).into_response()
        }
        Err(e) => match form_errors(e) {
            Ok((status, errors)) => {
                let mut f = form_state(&form);
                f.errors = errors;
                f.values
                    .insert("invited".into(), form.all("invited").join(","));
                if form.get("comments_enabled") != "yes" {
                    f.values.insert("comments_enabled".into(), "no".into());
                }
                if form.get("proposals_enabled") != "yes" {
                    f.values.insert("proposals_enabled".into(), "no".into());
                }
                match new_view(&state, actor, plan, f).await {
                    Ok(view) => html(
                        status,
                        pspm_frontend::pages::consultations::render_new(&page.ctx, &view),
                    ),
                    Err(e) => page.error(e),
                }
            }
            Err(e) => page.error(e),
        },
    }
}

// ---- lists ----------------------------------------------------------------------------------------

fn list_page(page: &Page, status: StatusCode, view: ContributionListView) -> Response {
    html(
        status,
        pspm_frontend::pages::consultations::render_list(&page.ctx, &view),
    )
}

async fn queue_view(
    state: &AppState,
    page: &Page,
    form: FormState,
    notice: Option<String>,
) -> AppResult<ContributionListView> {
    let actor = page.actor.clone().ok_or(AppError::Unauthenticated)?;
    let heading = page.ctx.tr.t("responses-title");
    state
        .db
        .run(move |c| {
            let items = consultations::response_queue(c, &actor)?
                .into_iter()
                .map(|(k, v)| (k.id, v, Vec::new()))
                .collect();
            Ok(ContributionListView {
                page: "queue".into(),
                heading,
                items,
                form,
                notice,
                pager: None,
            })
        })
        .await
}

/// `GET /responses`: the response queue.
pub async fn responses(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<DoneQuery>,
) -> Response {
    if let Err(r) = page.require_actor() {
        return r;
    }
    let notice = q.done.map(|_| page.ctx.tr.t("notice-saved"));
    match queue_view(&state, &page, FormState::default(), notice).await {
        Ok(view) => list_page(&page, StatusCode::OK, view),
        Err(e) => page.error(e),
    }
}

/// `POST /contributions/{id}/respond`.
pub async fn respond(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let input = ResponseInput {
        status: form.get("status"),
        body: form.get("body"),
        node_id: None,
        create_action_code: Some(form.get("create_action_code")).filter(|c| !c.trim().is_empty()),
    };
    match state
        .db
        .run(move |c| consultations::respond(c, &actor, id, &input))
        .await
    {
        Ok(_) => Redirect::to("/responses?done=1").into_response(),
        Err(e) => match form_errors(e) {
            Ok((status, errors)) => {
                let mut f = form_state(&form);
                f.errors = errors;
                match queue_view(&state, &page, f, None).await {
                    Ok(view) => list_page(&page, status, view),
                    Err(e) => page.error(e),
                }
            }
            Err(e) => page.error(e),
        },
    }
}

/// `GET /my/contributions`.
pub async fn mine(State(state): State<AppState>, page: Page) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let heading = page.ctx.tr.t("my-contributions");
    let loaded = state
        .db
        .run(move |c| {
            let list = consultations::my_contributions(c, &actor)?;
            let mut items = Vec::new();
            for v in list {
                let k = Contribution::find(c, v.id)?.consultation_id;
                items.push((k, v, Vec::new()));
            }
            Ok(items)
        })
        .await;
    match loaded {
        Ok(items) => list_page(
            &page,
            StatusCode::OK,
            ContributionListView {
                page: "mine".into(),
                heading,
                items,
                form: FormState::default(),
                notice: None,
                pager: None,
            },
        ),
        Err(e) => page.error(e),
    }
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
) -> Response {
    let actor = page.actor.clone();
    let tr = page.ctx.tr;
    // Past the end shows the last page.
    let wanted = q.page_number().max(1);
    let loaded = state
        .db
        .run(move |c| {
            let at = |n: i64| Paging::new(Some(n), Some(RESPONSES_PER_PAGE));
            let (k, items, total) =
                consultations::contributions_page(c, actor.as_ref(), id, at(wanted)?)?;
            let last = ((total + RESPONSES_PER_PAGE - 1) / RESPONSES_PER_PAGE).max(1);
            if wanted > last {
                let (k, items, total) =
                    consultations::contributions_page(c, actor.as_ref(), id, at(last)?)?;
                return Ok((k, items, total, last));
            }
            Ok((k, items, total, wanted))
        })
        .await;
    match loaded {
        Ok((k, items, total, shown)) => {
            let heading = tr.ta("you-said-we-did-title", &[("title", k.title.clone())]);
            let items = items.into_iter().map(|x| (id, x, Vec::new())).collect();
            list_page(
                &page,
                StatusCode::OK,
                ContributionListView {
                    page: "you-said-we-did".into(),
                    heading,
                    items,
                    form: FormState::default(),
                    notice: None,
                    pager: Some(ListPager {
                        base: format!("/consultations/{id}/you-said-we-did"),
                        page: shown,
                        per_page: RESPONSES_PER_PAGE,
                        total,
                    }),
                },
            )
        }
        Err(e) => page.error(e),
    }
}

/// `GET /moderation`: reported contributions (administrators, planners of the plans concerned).
pub async fn moderation(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<DoneQuery>,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    if !(actor.is_admin() || actor.role == Role::Planner) {
        return page.error(AppError::Forbidden);
    }
    let heading = page.ctx.tr.t("moderation-title");
    let notice = q.done.map(|_| page.ctx.tr.t("notice-saved"));
    let loaded = state
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
        .await;
    match loaded {
        Ok(items) => list_page(
            &page,
            StatusCode::OK,
            ContributionListView {
                page: "moderation".into(),
                heading,
                items,
                form: FormState::default(),
                notice,
                pager: None,
            },
        ),
        Err(e) => page.error(e),
    }
}

/// `POST /contributions/{id}/hide`.
pub async fn hide(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    let reason = form.get("reason");
    match state
        .db
        .run(move |c| consultations::hide(c, &actor, id, &reason))
        .await
    {
        Ok(()) => Redirect::to("/moderation?done=1").into_response(),
        Err(e) => page.error(e),
    }
}

// ---- notifications --------------------------------------------------------------------------------

/// `GET /notifications`.
pub async fn notifications(State(state): State<AppState>, page: Page) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    match state
        .db
        .run(move |c| consultations::notifications(c, &actor))
        .await
    {
        Ok((list, unread)) => {
            let items: Vec<NotificationItem> = list
                .into_iter()
                .map(|n| {
                    let payload: serde_json::Value =
                        serde_json::from_str(&n.payload).unwrap_or_default();
                    let consultation = payload["consultation_id"].as_i64().unwrap_or_default();
                    let href = match payload["contribution_id"].as_i64() {
                        _ if n.kind == "practice_reviewed" => format!(
                            "/practices/{}",
                            payload["practice_id"].as_i64().unwrap_or_default()
                        ),
                        Some(c) if n.kind == "response" => {
                            "/my/contributions".to_string() + &format!("#contribution-{c}")
                        }
                        Some(c) => format!("/consultations/{consultation}#contribution-{c}"),
                        None => format!("/consultations/{consultation}"),
                    };
                    NotificationItem {
                        kind: n.kind,
                        href,
                        read: n.read_at.is_some(),
                        at: n.created_at.format("%Y-%m-%d %H:%M").to_string(),
                    }
                })
                .collect();
            html(
                StatusCode::OK,
                pspm_frontend::pages::consultations::render_notifications(
                    &page.ctx, &items, unread,
                ),
            )
        }
        Err(e) => page.error(e),
    }
}

/// `POST /notifications/read`.
pub async fn read_notifications(
    State(state): State<AppState>,
    page: Page,
    _form: FormData,
) -> Response {
    let actor = match page.require_actor() {
        Ok(a) => a.clone(),
        Err(r) => return r,
    };
    match state
        .db
        .run(move |c| consultations::mark_notifications_read(c, &actor))
        .await
    {
        Ok(_) => Redirect::to("/notifications").into_response(),
        Err(e) => page.error(e),
    }
}
