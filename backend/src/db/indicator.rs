//! Indicators, their targets per period and their measurements.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::domain::{Direction, Frequency};

use super::DbConn;
use super::schema::{indicator_targets, indicators, measurements};

/// A stored indicator.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = indicators)]
pub struct Indicator {
    /// Id.
    pub id: i32,
    /// Node it belongs to.
    pub node_id: i32,
    /// Name.
    pub name: String,
    /// Unit (e.g. `%`, `days`).
    pub unit: String,
    /// Direction (`Direction`).
    pub direction: Direction,
    /// Baseline value.
    pub baseline_value: f64,
    /// Baseline date.
    pub baseline_date: NaiveDate,
    /// Frequency (`Frequency`).
    pub frequency: Frequency,
    /// Data source.
    pub data_source: String,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Updated at.
    pub updated_at: NaiveDateTime,
}

/// Fields of an indicator.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = indicators)]
pub struct IndicatorFields {
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Direction.
    pub direction: Direction,
    /// Baseline value.
    pub baseline_value: f64,
    /// Baseline date.
    pub baseline_date: NaiveDate,
    /// Frequency.
    pub frequency: Frequency,
    /// Data source.
    pub data_source: String,
}

/// A target for a period.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = indicator_targets)]
pub struct Target {
    /// Id.
    pub id: i32,
    /// Indicator.
    pub indicator_id: i32,
    /// Period label (e.g. `2026`).
    pub period: String,
    /// Date by which the value is due.
    pub due_date: NaiveDate,
    /// Target value.
    pub value: f64,
}

/// A measured value.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = measurements)]
pub struct Measurement {
    /// Id.
    pub id: i32,
    /// Indicator.
    pub indicator_id: i32,
    /// Date of the measurement.
    pub measured_on: NaiveDate,
    /// Value.
    pub value: f64,
    /// Note.
    pub note: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<i32>,
    /// Recorded at.
    pub created_at: NaiveDateTime,
}

impl Indicator {
    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        indicators::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
    }

    /// Indicators of the given nodes.
    pub fn of_nodes(conn: &mut DbConn, nodes: &[i32]) -> QueryResult<Vec<Self>> {
        indicators::table
            .filter(indicators::node_id.eq_any(nodes.to_vec()))
            .order(indicators::id.asc())
            .select(Self::as_select())
            .load(conn)
    }

    /// Inserts an indicator.
    pub fn create(
        conn: &mut DbConn,
        node_id: i32,
        fields: &IndicatorFields,
        at: NaiveDateTime,
    ) -> QueryResult<Self> {
        diesel::insert_into(indicators::table)
            .values((
                indicators::node_id.eq(node_id),
                fields,
                indicators::created_at.eq(at),
                indicators::updated_at.eq(at),
            ))
            .get_result::<Self>(conn)
    }

    /// Updates an indicator.
    pub fn update(
        conn: &mut DbConn,
        id: i32,
        fields: &IndicatorFields,
        at: NaiveDateTime,
    ) -> QueryResult<Self> {
        diesel::update(indicators::table.find(id))
            .set((fields, indicators::updated_at.eq(at)))
            .get_result::<Self>(conn)
    }
}

impl Target {
    /// Targets of the given indicators, by due date.
    pub fn of_indicators(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Self>> {
        indicator_targets::table
            .filter(indicator_targets::indicator_id.eq_any(ids.to_vec()))
            .order((
                indicator_targets::due_date.asc(),
                indicator_targets::id.asc(),
            ))
            .select(Self::as_select())
            .load(conn)
    }

    /// Replaces the targets of an indicator.
    pub fn replace(
        conn: &mut DbConn,
        indicator: i32,
        targets: &[(String, NaiveDate, f64)],
    ) -> QueryResult<()> {
        diesel::delete(
            indicator_targets::table.filter(indicator_targets::indicator_id.eq(indicator)),
        )
        .execute(conn)?;
        for (period, due, value) in targets {
            diesel::insert_into(indicator_targets::table)
                .values((
                    indicator_targets::indicator_id.eq(indicator),
                    indicator_targets::period.eq(period),
                    indicator_targets::due_date.eq(due),
                    indicator_targets::value.eq(value),
                ))
                .execute(conn)?;
        }
        Ok(())
    }
}

impl Measurement {
    /// Measurements of the given indicators, by date.
    pub fn of_indicators(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Self>> {
        measurements::table
            .filter(measurements::indicator_id.eq_any(ids.to_vec()))
            .order((measurements::measured_on.asc(), measurements::id.asc()))
            .select(Self::as_select())
            .load(conn)
    }

    /// Records a measurement.
    pub fn create(
        conn: &mut DbConn,
        indicator: i32,
        on: NaiveDate,
        value: f64,
        note: Option<&str>,
        by: Option<i32>,
        at: NaiveDateTime,
    ) -> QueryResult<Self> {
        diesel::insert_into(measurements::table)
            .values((
                measurements::indicator_id.eq(indicator),
                measurements::measured_on.eq(on),
                measurements::value.eq(value),
                measurements::note.eq(note),
                measurements::recorded_by.eq(by),
                measurements::created_at.eq(at),
            ))
            .get_result::<Self>(conn)
    }
}
