//! A consultation's page and what its readers do there: contribute, support
//! proposals, prioritise objectives, report a contribution.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::consultations::consultation::ConsultationPageView;
use pspm_frontend::pages::consultations::proposals::ProposalsView;

use super::DoneQuery;
use crate::app::AppState;
use crate::db::contribution::Contribution;
use crate::db::follow::Followed;
use crate::db::organisation::Organisation;
use crate::db::plan::Plan;
use crate::db::plan_node::PlanNode;
use crate::domain::{NodeKind, OrgKind};
use crate::error::{AppError, AppResult};
use crate::http::extract::{FormData, Id};
use crate::http::page::{Page, PageResult, SignedIn, form_errors, form_state, html};
use crate::services::consultations::{
    self, ContributionInput, EditInput, PointsInput, ProposalParams,
};
use crate::services::plans;

fn label(n: &PlanNode) -> String {
    format!("{} – {}", n.code, n.title)
}

/// The consultation page for this reader, with `form` shown in its place.
async fn consultation_page(
    state: &AppState,
    page: &Page,
    id: i32,
    form: FormState,
    notice: Option<String>,
    page_no: i64,
    status: StatusCode,
) -> PageResult {
    let actor = page.actor.clone();
    let view = state
        .db
        .run(move |c| {
            let shown = consultations::page_view(c, actor.as_ref(), id, page_no)?;
            let consultation = shown.view;
            let plan = Plan::find(c, consultation.plan_id)?;
            let nodes = PlanNode::of_plan(c, plan.id)?;
            let ordered = crate::services::plans::exchange::preorder(&nodes);
            let objectives = ordered
                .iter()
                .filter(|n| n.kind == NodeKind::OperationalObjective)
                .map(|n| (n.id, label(n)))
                .collect();
            let all = ordered.iter().map(|n| (n.id, label(n))).collect();
            let amendable = ordered
                .iter()
                .filter(|n| n.kind != NodeKind::Area)
                .map(|n| (n.id, label(n)))
                .collect();
            // The node the amendment form starts from: the one chosen (the
            // `amend` of the address), or that of an amendment shown again.
            let amend = if form.value("form") == "amendment" {
                form.value("node_id")
            } else {
                form.value("amend")
            };
            let amend = amend
                .trim()
                .parse::<i32>()
                .ok()
                .and_then(|id| {
                    ordered
                        .iter()
                        .find(|n| n.id == id && n.kind != NodeKind::Area)
                })
                .map(|n| (n.id, n.title.clone(), n.description.clone()));
            let mine = match &actor {
                Some(a) => consultations::taking_part(c, a, id)?,
                None => consultations::TakingPart::default(),
            };
            let zone = consultations::zone_of_plan(c, &plan)?;
            let local = |t: chrono::NaiveDateTime| t.and_utc().with_timezone(&zone).naive_local();
            let window = (
                local(consultation.opens_at),
                local(consultation.closes_at),
                zone.name().to_owned(),
            );
            let mut invited_names = Vec::with_capacity(consultation.invited.len());
            for o in &consultation.invited {
                invited_names.push(Organisation::find(c, *o)?.name);
            }
            Ok(ConsultationPageView {
                can_moderate: plans::can_edit(actor.as_ref(), &plan),
                plan_title: plan.title,
                plan_status: plan.status.to_string(),
                invited_names,
                window,
                refused: mine.refused.map(str::to_owned),
                consultation,
                objectives,
                nodes: all,
                my_supports: mine.supports,
                my_proposals: mine.proposals,
                my_contributions: mine.contributions,
                my_points: mine.points,
                form,
                notice,
                threads: shown.threads,
                threads_total: shown.threads_total,
                page: shown.page,
                per_page: consultations::THREADS_PER_PAGE,
                proposals_total: shown.proposals_total,
                following: mine.following,
                followed_threads: mine.threads,
                amendable,
                amend,
            })
        })
        .await?;
    Ok(html(
        status,
        pspm_frontend::pages::consultations::consultation::render(&page.ctx, &view),
    ))
}

/// `GET /consultations/{id}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let page_no = q.page_number();
    let notice = q.done.map(|_| page.ctx.tr.t("notice-saved"));
    // The objective or action chosen for an amendment travels as the
    // "form" that was sent: the choice is a GET form.
    let chosen = FormState::default().with("amend", q.amend.unwrap_or_default());
    consultation_page(&state, &page, id, chosen, notice, page_no, StatusCode::OK).await
}

/// `GET /contributions/{id}`: a contribution's stable address, which sends
/// the reader to the page of its consultation that shows it.
pub async fn locate(State(state): State<AppState>, page: Page, Id(id): Id) -> PageResult {
    let actor = page.actor.clone();
    let (consultation, page_no) = state
        .db
        .run(move |c| consultations::locate(c, actor.as_ref(), id))
        .await?;
    let on_page = if page_no > 1 {
        format!("?page={page_no}")
    } else {
        String::new()
    };
    Ok(Redirect::to(&format!(
        "/consultations/{consultation}{on_page}#contribution-{id}"
    ))
    .into_response())
}

/// `GET /consultations/{id}/proposals`: every proposal, searched, filtered
/// and ordered; a wrong filter is named and the whole list shown.
pub async fn proposals(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    Query(params): Query<ProposalParams>,
) -> PageResult {
    let actor = page.actor.clone();
    let asked = params.clone();
    let result = state
        .db
        .run(move |c| consultations::proposals_page(c, actor.as_ref(), id, &asked))
        .await;
    let (shown, errors) = match result {
        Ok(p) => (p, Vec::new()),
        Err(e) => {
            let (_, errors) = form_errors(e)?;
            let actor = page.actor.clone();
            let p = state
                .db
                .run(move |c| {
                    consultations::proposals_page(c, actor.as_ref(), id, &ProposalParams::default())
                })
                .await?;
            (p, errors)
        }
    };
    // A shuffle gets its seed in the address, so that it can be shared and
    // paged through in the same order.
    if errors.is_empty() && shown.seed.is_some() && params.seed.is_none() {
        return Ok(
            Redirect::to(&format!("/consultations/{id}/proposals?{}", shown.query)).into_response(),
        );
    }
    let mut form = FormState::default();
    for (name, value) in [
        ("q", &params.q),
        ("objective", &params.objective),
        ("answer", &params.answer),
        ("kind", &params.kind),
        ("mine", &params.mine),
        ("sort", &params.sort),
    ] {
        if let Some(v) = value {
            form = form.with(name, v.trim());
        }
    }
    form.errors = errors;
    let mut kinds: Vec<String> = OrgKind::ALL.iter().map(|k| k.to_string()).collect();
    kinds.push("none".into());
    let view = ProposalsView {
        consultation_id: id,
        consultation_title: shown.consultation.title.clone(),
        items: shown.items,
        total: shown.total,
        page: shown.page,
        per_page: consultations::PROPOSALS_PER_PAGE,
        objectives: shown.objectives,
        kinds,
        form,
        query: shown.query,
    };
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::consultations::proposals::render(&page.ctx, &view),
    ))
}

/// A refused form of the consultation page: which form (`form` in its
/// values), the page of threads it was sent from, and the one field that
/// every message goes next to when the form has only one.
struct Refused {
    form: FormState,
    page_no: i64,
    onto: Option<&'static str>,
}

/// Runs `write` on contribution `id` from its thread: back to it on
/// success; otherwise the consultation again with the refusal in the form
/// `{name}-{id}` (holding what was typed when `kept`), on the field `onto`
/// when given.
async fn on_contribution(
    state: &AppState,
    page: &Page,
    id: i32,
    form: &FormData,
    (name, kept, onto): (&str, bool, Option<&'static str>),
    write: impl FnOnce(&mut crate::db::DbConn) -> AppResult<()> + Send + 'static,
) -> PageResult {
    let page_no = thread_page(form);
    let consultation = consultation_of(state, id).await?;
    match state.db.run(write).await {
        Ok(()) => Ok(back(consultation, page_no, &format!("#contribution-{id}"))),
        Err(e) => {
            let typed = if kept {
                form_state(form)
            } else {
                FormState::default()
            };
            let refused = Refused {
                form: typed.with("form", format!("{name}-{id}")),
                page_no,
                onto,
            };
            reshow(state, page, consultation, e, refused).await
        }
    }
}

/// Re-shows the consultation page with a form's errors in the form, or fails with `e`.
async fn reshow(
    state: &AppState,
    page: &Page,
    id: i32,
    e: AppError,
    refused: Refused,
) -> PageResult {
    let (status, errors) = form_errors(e)?;
    let mut form = refused.form;
    form.errors = match refused.onto {
        Some(field) => errors
            .into_iter()
            .map(|mut e| {
                e.field = Some(field.into());
                e
            })
            .collect(),
        None => errors,
    };
    consultation_page(state, page, id, form, None, refused.page_no, status).await
}

/// The page of threads a form was sent from (its `page` field; 1 without one).
fn thread_page(form: &FormData) -> i64 {
    form.get("page").trim().parse().unwrap_or(1)
}

/// Back to the consultation, on page `page_no` of its threads, at `anchor`.
fn back(id: i32, page_no: i64, anchor: &str) -> Response {
    let on_page = if page_no > 1 {
        format!("&page={page_no}")
    } else {
        String::new()
    };
    Redirect::to(&format!("/consultations/{id}?done=1{on_page}{anchor}")).into_response()
}

/// `POST /consultations/{id}/follow` (field `follow`: `yes` or `no`).
pub async fn follow_consultation(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { actor, .. }: SignedIn,
    form: FormData,
) -> PageResult {
    let follow = form.get("follow") != "no";
    state
        .db
        .run(move |c| consultations::set_following(c, &actor, Followed::Consultation(id), follow))
        .await?;
    Ok(back(id, 1, "#follow"))
}

/// `POST /contributions/{id}/follow` (field `follow`: `yes` or `no`): the
/// thread the contribution belongs to; back to it, on its page.
pub async fn follow_thread(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { actor, .. }: SignedIn,
    form: FormData,
) -> PageResult {
    let follow = form.get("follow") != "no";
    let (consultation, page_no, thread) = state
        .db
        .run(move |c| {
            let thread = consultations::set_following(c, &actor, Followed::Thread(id), follow)?;
            let (consultation, page_no) = consultations::locate(c, Some(&actor), thread)?;
            Ok((consultation, page_no, thread))
        })
        .await?;
    Ok(back(consultation, page_no, &format!("#follow-{thread}")))
}

/// The consultation a contribution belongs to; any failure reads as "no such contribution".
async fn consultation_of(state: &AppState, contribution: i32) -> AppResult<i32> {
    state
        .db
        .run(move |c| Ok(Contribution::find(c, contribution)?.consultation_id))
        .await
        .map_err(|_| AppError::NotFound("contribution"))
}

/// `POST /consultations/{id}/contributions`.
pub async fn contribute(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { page, actor }: SignedIn,
    form: FormData,
) -> PageResult {
    let input = ContributionInput {
        kind: form.get("kind"),
        node_id: form.opt_id("node_id").ok().flatten(),
        parent_id: form.opt_id("parent_id").ok().flatten(),
        // An amendment's title field, emptied, is a mistake, not "unchanged".
        title: Some(form.get("title"))
            .filter(|t| !t.trim().is_empty() || form.get("kind") == "amendment"),
        body: form.get("body"),
    };
    // The form is known by what was sent, so that its messages always show
    // on it: a reply's in the box under the contribution replied to.
    let (name, onto) = match input.parent_id {
        Some(parent) => (format!("reply-{parent}"), Some("body")),
        None if input.kind == "proposal" => ("proposal".to_owned(), None),
        None if input.kind == "amendment" => ("amendment".to_owned(), None),
        None => ("comment".to_owned(), None),
    };
    let page_no = thread_page(&form);
    match state
        .db
        .run(move |c| consultations::contribute(c, &actor, id, &input))
        .await
    {
        Ok(created) => Ok(back(id, page_no, &format!("#contribution-{}", created.id))),
        Err(e) => {
            let refused = Refused {
                form: form_state(&form).with("form", name),
                page_no,
                onto,
            };
            reshow(&state, &page, id, e, refused).await
        }
    }
}

/// `POST /contributions/{id}/support` (`withdraw=1` to withdraw; `from`
/// names the control used, `ranking` or `thread`).
pub async fn support(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { page, actor }: SignedIn,
    form: FormData,
) -> PageResult {
    let withdraw = form.get("withdraw") == "1";
    let place = if form.get("from") == "thread" {
        "thread"
    } else {
        "ranking"
    };
    let anchor = format!("support-{place}-{id}");
    let page_no = thread_page(&form);
    let consultation = consultation_of(&state, id).await?;
    let result = state
        .db
        .run(move |c| {
            if withdraw {
                consultations::withdraw_support(c, &actor, id)
            } else {
                consultations::support(c, &actor, id)
            }
        })
        .await;
    match result {
        Ok(()) => Ok(back(consultation, page_no, &format!("#{anchor}"))),
        Err(e) => {
            let refused = Refused {
                form: FormState::default().with("form", anchor),
                page_no,
                onto: None,
            };
            reshow(&state, &page, consultation, e, refused).await
        }
    }
}

/// `POST /consultations/{id}/priorities` (fields `points_<node id>`).
pub async fn priorities(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { page, actor }: SignedIn,
    form: FormData,
) -> PageResult {
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
        Ok(()) => Ok(back(id, 1, "#priorities-title")),
        Err(e) => {
            // Errors about single rows are shown on the points form as a whole.
            let refused = Refused {
                form: FormState::default().with("form", "points"),
                page_no: 1,
                onto: Some("points"),
            };
            reshow(&state, &page, id, e, refused).await
        }
    }
}

/// `POST /contributions/{id}/edit`: the author changes their contribution;
/// a refusal comes back in the edit box, open, with the text as typed.
pub async fn edit(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { page, actor }: SignedIn,
    form: FormData,
) -> PageResult {
    let input = EditInput {
        title: Some(form.get("title")).filter(|t| !t.trim().is_empty()),
        body: form.get("body"),
    };
    on_contribution(&state, &page, id, &form, ("edit", true, None), move |c| {
        consultations::edit(c, &actor, id, &input).map(|_| ())
    })
    .await
}

/// `POST /contributions/{id}/accept` (field `body`, the official
/// response): the planner accepts an amendment into its node.
pub async fn accept_amendment(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { page, actor }: SignedIn,
    form: FormData,
) -> PageResult {
    let body = form.get("body");
    on_contribution(&state, &page, id, &form, ("accept", true, None), move |c| {
        consultations::accept_amendment(c, &actor, id, &body).map(|_| ())
    })
    .await
}

/// `POST /contributions/{id}/withdraw`: the author withdraws their
/// contribution; a refusal shows next to the button.
pub async fn withdraw(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { page, actor }: SignedIn,
    form: FormData,
) -> PageResult {
    on_contribution(
        &state,
        &page,
        id,
        &form,
        ("withdraw", false, None),
        move |c| consultations::withdraw(c, &actor, id),
    )
    .await
}

/// `POST /contributions/{id}/report`.
pub async fn report(
    State(state): State<AppState>,
    Id(id): Id,
    SignedIn { page, actor }: SignedIn,
    form: FormData,
) -> PageResult {
    let reason = form.get("reason");
    on_contribution(
        &state,
        &page,
        id,
        &form,
        ("report", true, Some("reason")),
        move |c| consultations::report(c, &actor, id, &reason),
    )
    .await
}
