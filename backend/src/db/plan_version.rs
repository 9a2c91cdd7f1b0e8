//! Immutable, numbered snapshots of a plan, stored when it is adopted.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::plan_versions;

/// A stored version.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = plan_versions)]
pub struct PlanVersion {
    /// Id.
    pub id: i32,
    /// Plan.
    pub plan_id: i32,
    /// Number, from 1.
    pub number: i32,
    /// The snapshot (JSON, format `pspm-plan/1`).
    pub snapshot: String,
    /// Who adopted it.
    pub created_by: Option<i32>,
    /// When.
    pub created_at: NaiveDateTime,
}

impl PlanVersion {
    /// Versions of a plan, newest first (without needing the snapshot, but it is small enough).
    pub fn of_plan(conn: &mut DbConn, plan_id: i32) -> QueryResult<Vec<Self>> {
        plan_versions::table
            .filter(plan_versions::plan_id.eq(plan_id))
            .order(plan_versions::number.desc())
            .select(Self::as_select())
            .load(conn)
    }

    /// One version.
    pub fn find(conn: &mut DbConn, plan_id: i32, number: i32) -> QueryResult<Self> {
        plan_versions::table
            .filter(plan_versions::plan_id.eq(plan_id))
            .filter(plan_versions::number.eq(number))
            .select(Self::as_select())
            .first(conn)
    }

    /// The number the next version of a plan will have.
    pub fn next_number(conn: &mut DbConn, plan_id: i32) -> QueryResult<i32> {
        let last: Option<i32> = plan_versions::table
            .filter(plan_versions::plan_id.eq(plan_id))
            .select(diesel::dsl::max(plan_versions::number))
            .first(conn)?;
        Ok(last.unwrap_or(0) + 1)
    }

    /// Stores the next version; versions are never updated or deleted.
    pub fn append(
        conn: &mut DbConn,
        plan_id: i32,
        snapshot: &str,
        by: Option<i32>,
        at: NaiveDateTime,
    ) -> QueryResult<Self> {
        let number = Self::next_number(conn, plan_id)?;
        diesel::insert_into(plan_versions::table)
            .values((
                plan_versions::plan_id.eq(plan_id),
                plan_versions::number.eq(number),
                plan_versions::snapshot.eq(snapshot),
                plan_versions::created_by.eq(by),
                plan_versions::created_at.eq(at),
            ))
            .get_result::<Self>(conn)
    }
}
