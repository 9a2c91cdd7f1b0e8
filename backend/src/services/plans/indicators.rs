//! Indicators on plan nodes: definition, targets per period, measurements.

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::indicator::{Indicator, IndicatorFields, Measurement, Target};
use crate::domain::{Direction, Frequency, limits};
use crate::error::{AppError, AppResult};
use crate::services::accounts::audit;
use crate::services::accounts::organisations::not_found;
use crate::services::plans::nodes;
use crate::services::validate::{Checker, required};
use crate::services::{Actor, plans};

/// A target for one period.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct TargetInput {
    /// Period label, e.g. `2026` (unique per indicator).
    #[schema(pattern = "pspm:text", max_length = 20)]
    pub period: String,
    /// Date by which the value is due, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub due_date: String,
    /// Target value.
    #[schema(minimum = -1e15, maximum = 1e15, value_type = f64)]
    pub value: Option<f64>,
}

/// Fields of an indicator.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct IndicatorInput {
    /// Name.
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub name: String,
    /// Unit (e.g. `%`, `days`).
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 40)]
    pub unit: String,
    /// increase, decrease or keep.
    #[schema(value_type = crate::domain::Direction)]
    pub direction: String,
    /// Baseline value.
    #[schema(minimum = -1e15, maximum = 1e15, value_type = f64)]
    pub baseline_value: Option<f64>,
    /// Baseline date, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub baseline_date: String,
    /// monthly, quarterly, semiannual or annual.
    #[schema(value_type = crate::domain::Frequency)]
    pub frequency: String,
    /// Where the values come from.
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 200)]
    pub data_source: String,
    /// Targets per period.
    #[serde(default)]
    pub targets: Vec<TargetInput>,
}

/// A measured value.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct MeasurementInput {
    /// Date, `YYYY-MM-DD` (not in the future, not before the baseline).
    #[schema(value_type = String, format = Date)]
    pub date: String,
    /// Value.
    #[schema(minimum = -1e15, maximum = 1e15, value_type = f64)]
    pub value: Option<f64>,
    /// Note.
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub note: Option<String>,
}

/// Targets as stored: (period, due date, value).
pub(crate) type ValidTargets = Vec<(String, chrono::NaiveDate, f64)>;

/// Validates an indicator and its targets.
pub(crate) fn validate(input: &IndicatorInput) -> AppResult<(IndicatorFields, ValidTargets)> {
    let mut c = Checker::default();
    let name = c.text("name", &input.name, limits::NAME);
    let unit = c
        .opt_text("unit", Some(&input.unit), 40)
        .unwrap_or_default();
    let direction = c.choice("direction", &input.direction, Direction::parse);
    let frequency = c.choice("frequency", &input.frequency, Frequency::parse);
    let data_source = c
        .opt_text("data_source", Some(&input.data_source), limits::NAME)
        .unwrap_or_default();
    let baseline_value = c.range("baseline_value", input.baseline_value, -1e15, 1e15);
    if input.baseline_value.is_none() {
        c.add("baseline_value", "required", "baseline_value is required");
    }
    let baseline_date = c.date("baseline_date", &input.baseline_date);
    let mut targets = Vec::new();
    for (i, t) in input.targets.iter().enumerate() {
        let period = c.text(&format!("targets.{i}.period"), &t.period, 20);
        let due = c.date(&format!("targets.{i}.due_date"), &t.due_date);
        let value = c.range(&format!("targets.{i}.value"), t.value, -1e15, 1e15);
        if t.value.is_none() {
            c.add(
                &format!("targets.{i}.value"),
                "required",
                "value is required",
            );
        }
        if targets
            .iter()
            .any(|(p, _, _): &(String, _, _)| *p == period)
        {
            c.add(
                &format!("targets.{i}.period"),
                "period_taken",
                "each period has one target",
            );
        }
        if let (Some(d), Some(b)) = (due, baseline_date)
            && d <= b
        {
            c.add(
                &format!("targets.{i}.due_date"),
                "target_before_baseline",
                "a target is due after the baseline",
            );
        }
        if let (Some(d), Some(v)) = (due, value) {
            targets.push((period, d, v));
        }
    }
    c.finish()?;
    Ok((
        IndicatorFields {
            name,
            unit,
            direction: required(direction)?,
            baseline_value: baseline_value.unwrap_or_default(),
            baseline_date: baseline_date.unwrap_or_default(),
            frequency: required(frequency)?,
            data_source,
        },
        targets,
    ))
}

fn editable_node(conn: &mut DbConn, actor: &Actor, node_id: i32) -> AppResult<()> {
    let node = nodes::find(conn, Some(actor), node_id)?;
    plans::find_editable(conn, actor, node.plan_id)?;
    Ok(())
}

/// An indicator of a readable plan.
pub fn find(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<Indicator> {
    let ind = Indicator::find(conn, id).map_err(|e| not_found(e, "indicator"))?;
    nodes::find(conn, actor, ind.node_id).map_err(|_| AppError::NotFound("indicator"))?;
    Ok(ind)
}

/// Adds an indicator (with its targets) to a node.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    node_id: i32,
    input: &IndicatorInput,
) -> AppResult<Indicator> {
    conn.write(|conn| {
        editable_node(conn, actor, node_id)?;
        let (fields, targets) = validate(input)?;
        let ind = Indicator::create(conn, node_id, &fields, crate::db::now())?;
        Target::replace(conn, ind.id, &targets)?;
        audit::record(
            conn,
            Some(actor),
            "indicator.create",
            "indicator",
            Some(ind.id),
            json!({"node_id": node_id, "name": ind.name, "targets": targets.len()}),
        )?;
        Ok(ind)
    })
}

/// Replaces an indicator's fields and targets.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    input: &IndicatorInput,
) -> AppResult<Indicator> {
    conn.write(|conn| {
        let before = find(conn, Some(actor), id)?;
        editable_node(conn, actor, before.node_id)?;
        let (fields, targets) = validate(input)?;
        let ind = Indicator::update(conn, id, &fields, crate::db::now())?;
        Target::replace(conn, id, &targets)?;
        audit::record(
            conn,
            Some(actor),
            "indicator.update",
            "indicator",
            Some(id),
            json!({"name": ind.name, "targets": targets.len()}),
        )?;
        Ok(ind)
    })
}

/// Records a measurement.
pub fn add_measurement(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    input: &MeasurementInput,
) -> AppResult<Measurement> {
    conn.write(|conn| {
        let ind = find(conn, Some(actor), id)?;
        editable_node(conn, actor, ind.node_id)?;
        let mut c = Checker::default();
        let date = c.date("date", &input.date);
        let value = c.range("value", input.value, -1e15, 1e15);
        if input.value.is_none() {
            c.add("value", "required", "value is required");
        }
        let note = c.opt_text("note", input.note.as_deref(), limits::DESCRIPTION);
        if let Some(d) = date {
            if d > chrono::Utc::now().date_naive() {
                c.add(
                    "date",
                    "date_in_future",
                    "a measurement cannot be in the future",
                );
            }
            if d < ind.baseline_date {
                c.add(
                    "date",
                    "date_before_baseline",
                    "a measurement cannot be before the baseline date",
                );
            }
        }
        c.finish()?;
        let (Some(date), Some(value)) = (date, value) else {
            return Err(AppError::Internal("measurement checked".into()));
        };
        let m = Measurement::create(
            conn,
            id,
            date,
            value,
            note.as_deref(),
            Some(actor.user_id),
            crate::db::now(),
        )?;
        audit::record(
            conn,
            Some(actor),
            "measurement.create",
            "indicator",
            Some(id),
            json!({"measurement_id": m.id, "date": date, "value": value}),
        )?;
        Ok(m)
    })
}

/// Targets and measurements of a readable indicator.
pub fn series(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
) -> AppResult<(Indicator, Vec<Target>, Vec<Measurement>)> {
    let ind = find(conn, actor, id)?;
    let targets = Target::of_indicators(conn, &[id])?;
    let measurements = Measurement::of_indicators(conn, &[id])?;
    Ok((ind, targets, measurements))
}
