//! The form that opens a consultation on a plan.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::consultations::form::NewConsultationView;

use crate::app::AppState;
use crate::db::organisation::Organisation;
use crate::error::AppResult;
use crate::http::extract::{FormData, Id};
use crate::http::page::{Page, PageResult, SignedIn, form_errors, form_state, html};
use crate::services::consultations::{self, ConsultationInput};
use crate::services::{Actor, plans};

/// The form opening a consultation on `plan_id`, which the caller must be able to edit.
async fn new_page(
    state: &AppState,
    page: &Page,
    actor: Actor,
    plan_id: i32,
    form: FormState,
    status: StatusCode,
) -> PageResult {
    let view = state
        .db
        .run(move |c| {
            let plan = plans::find_editable(c, &actor, plan_id)?;
            let time_zone = consultations::zone_of_plan(c, &plan)?.name().to_owned();
            let organisations = Organisation::all(c)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            Ok(NewConsultationView {
                plan_id,
                plan_title: plan.title,
                organisations,
                form,
                time_zone,
            })
        })
        .await?;
    Ok(html(
        status,
        pspm_frontend::pages::consultations::form::render_new(&page.ctx, &view),
    ))
}

/// The time zone a plan's consultation windows are entered in, for an
/// editor of the plan.
async fn owner_zone(state: &AppState, actor: &Actor, plan: i32) -> AppResult<chrono_tz::Tz> {
    let actor = actor.clone();
    state
        .db
        .run(move |c| {
            let plan = plans::find_editable(c, &actor, plan)?;
            consultations::zone_of_plan(c, &plan)
        })
        .await
}

/// `GET /plans/{id}/consultations/new`.
pub async fn new_consultation(
    State(state): State<AppState>,
    Id(plan): Id,
    SignedIn { page, actor }: SignedIn,
) -> PageResult {
    // Today where the plan's owner works: the window is entered in its zone.
    let zone = owner_zone(&state, &actor, plan).await?;
    let today = chrono::Utc::now().with_timezone(&zone).date_naive();
    let form = FormState::default()
        .with("opens_at", format!("{today}T09:00"))
        .with(
            "closes_at",
            format!("{}T18:00", today + chrono::Days::new(30)),
        )
        .with("audience", "public")
        .with("supports_per_person", "5")
        .with("points_per_person", "100");
    new_page(&state, &page, actor, plan, form, StatusCode::OK).await
}

/// `POST /plans/{id}/consultations`.
pub async fn create_consultation(
    State(state): State<AppState>,
    Id(plan): Id,
    SignedIn { page, actor }: SignedIn,
    form: FormData,
) -> PageResult {
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
    let zone = owner_zone(&state, &actor, plan).await?;
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
        time_zone: Some(zone.name().to_owned()),
    };
    let a2 = actor.clone();
    match state
        .db
        .run(move |c| consultations::create(c, &a2, plan, &input))
        .await
    {
        Ok(created) => {
            Ok(Redirect::to(&format!("/consultations/{}?done=1", created.id)).into_response())
        }
        Err(e) => {
            let (status, errors) = form_errors(e)?;
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
            new_page(&state, &page, actor, plan, f, status).await
        }
    }
}
