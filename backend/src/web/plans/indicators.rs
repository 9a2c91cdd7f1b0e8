//! The indicator editor (with its targets) and the form for a new
//! measurement of an indicator.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use pspm_frontend::components::FormState;
use pspm_frontend::pages::plans::indicators::{
    IndicatorFormView, MeasurementFormView, TARGET_ROWS,
};

use super::fields::{number, opt_text};
use super::{node_label, today};
use crate::app::AppState;
use crate::db::indicator::Indicator;
use crate::error::{AppError, AppResult};
use crate::http::extract::{FormData, Id};
use crate::http::page::{Page, PageResult, SignedIn, form_state, html, reshow};
use crate::services::Actor;
use crate::services::plans;
use crate::services::plans::indicators::{self, IndicatorInput, MeasurementInput, TargetInput};
use crate::services::plans::nodes;

async fn indicator_form_view(
    state: &AppState,
    actor: Actor,
    node_id: i32,
    form: FormState,
) -> AppResult<IndicatorFormView> {
    state
        .db
        .run(move |c| {
            let node = nodes::find(c, Some(&actor), node_id)?;
            plans::find_editable(c, &actor, node.plan_id)?;
            Ok(IndicatorFormView {
                plan_id: node.plan_id,
                node_id,
                node: node_label(&node),
                indicator_id: None,
                rows: TARGET_ROWS,
                form,
            })
        })
        .await
}

/// `GET /nodes/{id}/indicators/new`.
pub async fn new_indicator(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Id(id): Id,
) -> PageResult {
    let view = indicator_form_view(&state, actor, id, FormState::default()).await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::plans::indicators::render_indicator_form(&page.ctx, &view),
    ))
}

/// Number of target rows submitted (`target_period_0`, `target_period_1`, …).
fn target_rows(form: &FormData) -> usize {
    (0..)
        .take_while(|i| form.0.contains_key(&format!("target_period_{i}")))
        .count()
}

/// `POST /nodes/{id}/indicators`.
pub async fn create_indicator(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    save_indicator(state, signed_in, id, None, form).await
}

/// `GET /indicators/{id}/edit`.
pub async fn edit_indicator(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Id(id): Id,
) -> PageResult {
    let a2 = actor.clone();
    let (ind, targets, _) = state
        .db
        .run(move |c| indicators::series(c, Some(&a2), id))
        .await?;
    let mut form = FormState::default()
        .with("name", ind.name.clone())
        .with("unit", ind.unit.clone())
        .with("direction", ind.direction.to_string())
        .with("baseline_value", ind.baseline_value.to_string())
        .with("baseline_date", ind.baseline_date.to_string())
        .with("frequency", ind.frequency.to_string())
        .with("data_source", ind.data_source.clone());
    for (i, t) in targets.iter().enumerate() {
        form = form
            .with(&format!("target_period_{i}"), t.period.clone())
            .with(&format!("target_due_{i}"), t.due_date.to_string())
            .with(&format!("target_value_{i}"), t.value.to_string());
    }
    let rows = (targets.len() + 1).max(TARGET_ROWS);
    let view = indicator_form_view(&state, actor, ind.node_id, form).await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::plans::indicators::render_indicator_form(
            &page.ctx,
            &IndicatorFormView {
                indicator_id: Some(id),
                rows,
                ..view
            },
        ),
    ))
}

/// `POST /indicators/{id}`. The indicator is looked up before the caller
/// must be signed in, so a reader who may not see it is told so first.
pub async fn update_indicator(
    State(state): State<AppState>,
    page: Page,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    let actor = page.actor.clone();
    let node = state
        .db
        .run(move |c| Ok(indicators::find(c, actor.as_ref(), id)?.node_id))
        .await?;
    let actor = page.require_actor()?.clone();
    save_indicator(state, SignedIn { page, actor }, node, Some(id), form).await
}

async fn save_indicator(
    state: AppState,
    SignedIn { page, actor }: SignedIn,
    node_id: i32,
    indicator_id: Option<i32>,
    form: FormData,
) -> PageResult {
    let mut bad = Vec::new();
    let mut targets = Vec::new();
    let mut rows: BTreeMap<usize, usize> = BTreeMap::new();
    let row_count = target_rows(&form);
    for i in 0..row_count {
        let period = form.get(&format!("target_period_{i}"));
        let due = form.get(&format!("target_due_{i}"));
        let value = number(
            page.ctx.tr.lang,
            &form,
            &format!("target_value_{i}"),
            &mut bad,
        );
        if period.trim().is_empty() && due.trim().is_empty() && value.is_none() {
            continue;
        }
        rows.insert(targets.len(), i);
        targets.push(TargetInput {
            period,
            due_date: due,
            value,
        });
    }
    let input = IndicatorInput {
        name: form.get("name"),
        unit: form.get("unit"),
        direction: form.get("direction"),
        baseline_value: number(page.ctx.tr.lang, &form, "baseline_value", &mut bad),
        baseline_date: form.get("baseline_date"),
        frequency: form.get("frequency"),
        data_source: form.get("data_source"),
        targets,
    };
    let a2 = actor.clone();
    let result = if bad.is_empty() {
        state
            .db
            .run(move |c| {
                let ind = match indicator_id {
                    Some(id) => indicators::update(c, &a2, id, &input)?,
                    None => indicators::create(c, &a2, node_id, &input)?,
                };
                Ok(ind.node_id)
            })
            .await
    } else {
        Err(AppError::Validation(bad))
    };
    let e = match result {
        Ok(node) => return Ok(Redirect::to(&format!("/nodes/{node}?saved=1")).into_response()),
        Err(e) => target_fields(e, &rows),
    };
    let view = indicator_form_view(&state, actor, node_id, FormState::default()).await?;
    Ok(reshow(&page, e, form_state(&form), |f| {
        pspm_frontend::pages::plans::indicators::render_indicator_form(
            &page.ctx,
            &IndicatorFormView {
                form: f,
                indicator_id,
                rows: row_count.max(TARGET_ROWS),
                ..view.clone()
            },
        )
    }))
}

/// Names the fields of a refused indicator as the form does: the service
/// names targets `targets.N.field`, the form names rows `target_field_ROW`
/// (`rows` maps the first to the second).
fn target_fields(e: AppError, rows: &BTreeMap<usize, usize>) -> AppError {
    match e {
        AppError::Validation(items) => AppError::Validation(
            items
                .into_iter()
                .map(|mut it| {
                    if let Some(f) = &it.field
                        && let Some(rest) = f.strip_prefix("targets.")
                        && let Some((n, field)) = rest.split_once('.')
                        && let Some(row) = n.parse::<usize>().ok().and_then(|n| rows.get(&n))
                    {
                        let short = match field {
                            "due_date" => "due",
                            other => other,
                        };
                        it.field = Some(format!("target_{short}_{row}"));
                    }
                    it
                })
                .collect(),
        ),
        other => other,
    }
}

async fn measurement_form_view(
    state: &AppState,
    actor: Actor,
    id: i32,
    form: FormState,
) -> AppResult<MeasurementFormView> {
    state
        .db
        .run(move |c| {
            let ind: Indicator = indicators::find(c, Some(&actor), id)?;
            let node = nodes::find(c, Some(&actor), ind.node_id)?;
            plans::find_editable(c, &actor, node.plan_id)?;
            let label = if ind.unit.is_empty() {
                ind.name.clone()
            } else {
                format!("{} ({})", ind.name, ind.unit)
            };
            Ok(MeasurementFormView {
                plan_id: node.plan_id,
                node_id: node.id,
                indicator_id: id,
                indicator: label,
                form,
            })
        })
        .await
}

/// `GET /indicators/{id}/measurements/new`.
pub async fn new_measurement(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Id(id): Id,
) -> PageResult {
    let form = FormState::default().with("date", today().to_string());
    let view = measurement_form_view(&state, actor, id, form).await?;
    Ok(html(
        StatusCode::OK,
        pspm_frontend::pages::plans::indicators::render_measurement_form(&page.ctx, &view),
    ))
}

/// `POST /indicators/{id}/measurements`.
pub async fn create_measurement(
    State(state): State<AppState>,
    SignedIn { page, actor }: SignedIn,
    Id(id): Id,
    form: FormData,
) -> PageResult {
    let mut bad = Vec::new();
    let input = MeasurementInput {
        date: form.get("date"),
        value: number(page.ctx.tr.lang, &form, "value", &mut bad),
        note: opt_text(&form, "note"),
    };
    let a2 = actor.clone();
    let result = if bad.is_empty() {
        state
            .db
            .run(move |c| {
                indicators::add_measurement(c, &a2, id, &input)?;
                let ind = Indicator::find(c, id)?;
                Ok(ind.node_id)
            })
            .await
    } else {
        Err(AppError::Validation(bad))
    };
    let e = match result {
        Ok(node) => return Ok(Redirect::to(&format!("/nodes/{node}?saved=1")).into_response()),
        Err(e) => e,
    };
    let view = measurement_form_view(&state, actor, id, FormState::default()).await?;
    Ok(reshow(&page, e, form_state(&form), |f| {
        pspm_frontend::pages::plans::indicators::render_measurement_form(
            &page.ctx,
            &MeasurementFormView {
                form: f,
                ..view.clone()
            },
        )
    }))
}
