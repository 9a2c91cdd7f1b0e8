//! Strategic plans.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::domain::PlanStatus;

use super::DbConn;
use super::schema::plans;

/// A stored plan.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = plans)]
pub struct Plan {
    /// Id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Owner organisation.
    pub owner_organisation_id: i32,
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Last day of the period.
    pub period_end: NaiveDate,
    /// Lifecycle status (`PlanStatus`).
    pub status: PlanStatus,
    /// The plan this one is aligned to (e.g. the national plan of a regional one).
    pub parent_plan_id: Option<i32>,
    /// Optimistic-concurrency counter, bumped on every change.
    pub lock_version: i32,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Updated at.
    pub updated_at: NaiveDateTime,
    /// Days an action may start after its planned start before it counts
    /// as started late.
    pub start_tolerance_days: i32,
}

/// A new plan.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = plans)]
pub struct NewPlan<'a> {
    /// Title.
    pub title: &'a str,
    /// Summary.
    pub summary: &'a str,
    /// Owner.
    pub owner_organisation_id: i32,
    /// Start.
    pub period_start: NaiveDate,
    /// End.
    pub period_end: NaiveDate,
    /// Status.
    pub status: PlanStatus,
    /// Parent plan.
    pub parent_plan_id: Option<i32>,
    /// Days of tolerance before "started late".
    pub start_tolerance_days: i32,
    /// Lock version (1).
    pub lock_version: i32,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Updated at.
    pub updated_at: NaiveDateTime,
}

/// Editable fields of a plan.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = plans, treat_none_as_null = true)]
pub struct PlanChanges<'a> {
    /// Title.
    pub title: &'a str,
    /// Summary.
    pub summary: &'a str,
    /// Start.
    pub period_start: NaiveDate,
    /// End.
    pub period_end: NaiveDate,
    /// Parent plan.
    pub parent_plan_id: Option<i32>,
    /// Days of tolerance before "started late".
    pub start_tolerance_days: i32,
    /// Updated at.
    pub updated_at: NaiveDateTime,
}

impl Plan {
    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        plans::table.find(id).select(Self::as_select()).first(conn)
    }

    /// Every plan, newest period first.
    pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Self>> {
        plans::table
            .order((plans::period_start.desc(), plans::id.desc()))
            .select(Self::as_select())
            .load(conn)
    }

    /// Plans whose parent is `id`.
    pub fn children(conn: &mut DbConn, id: i32) -> QueryResult<Vec<Self>> {
        plans::table
            .filter(plans::parent_plan_id.eq(id))
            .order(plans::id.asc())
            .select(Self::as_select())
            .load(conn)
    }

    /// Inserts and returns the plan.
    pub fn create(conn: &mut DbConn, new: &NewPlan<'_>) -> QueryResult<Self> {
        diesel::insert_into(plans::table)
            .values(new)
            .get_result::<Self>(conn)
    }

    /// Applies changes if `lock_version` still matches; returns rows changed (0 = conflict).
    pub fn update(
        conn: &mut DbConn,
        id: i32,
        lock_version: i32,
        changes: &PlanChanges<'_>,
    ) -> QueryResult<usize> {
        diesel::update(
            plans::table
                .find(id)
                .filter(plans::lock_version.eq(lock_version)),
        )
        .set((changes, plans::lock_version.eq(lock_version + 1)))
        .execute(conn)
    }

    /// Sets the status and bumps the lock version.
    pub fn set_status(
        conn: &mut DbConn,
        id: i32,
        status: &str,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(plans::table.find(id))
            .set((
                plans::status.eq(status),
                plans::lock_version.eq(plans::lock_version + 1),
                plans::updated_at.eq(at),
            ))
            .execute(conn)
    }
}
