//! Nodes of a plan's tree: areas, strategic and operational objectives, actions.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::domain::{NodeKind, NodeStatus};

use super::DbConn;
use super::schema::plan_nodes;

/// A stored node.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = plan_nodes)]
pub struct PlanNode {
    /// Id.
    pub id: i32,
    /// Plan.
    pub plan_id: i32,
    /// Parent node (none for areas).
    pub parent_id: Option<i32>,
    /// Kind (`NodeKind`).
    pub kind: NodeKind,
    /// Code, unique in the plan (e.g. `SO2.1`).
    pub code: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Responsible office.
    pub responsible_office: Option<String>,
    /// Responsible organisation.
    pub responsible_organisation_id: Option<i32>,
    /// Weight in the parent's progress (none: equal weights).
    pub weight: Option<f64>,
    /// Planned start.
    pub planned_start: Option<NaiveDate>,
    /// Planned end.
    pub planned_end: Option<NaiveDate>,
    /// Actual start.
    pub actual_start: Option<NaiveDate>,
    /// Actual end.
    pub actual_end: Option<NaiveDate>,
    /// Budget in euros.
    pub budget: Option<f64>,
    /// Status (`NodeStatus`).
    pub status: NodeStatus,
    /// Progress 0–100 (actions; parents are computed).
    pub progress: Option<f64>,
    /// Order among siblings.
    pub position: i32,
    /// The node of the parent plan this node contributes to.
    pub aligned_node_id: Option<i32>,
    /// Optimistic-concurrency counter.
    pub lock_version: i32,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Updated at.
    pub updated_at: NaiveDateTime,
    /// The proposal this node came from (a consultation contribution).
    pub origin_contribution_id: Option<i32>,
    /// The amendment last accepted into its title and description.
    pub amendment_id: Option<i32>,
}

/// Fields written when creating or editing a node.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = plan_nodes, treat_none_as_null = true)]
pub struct NodeFields {
    /// Kind.
    pub kind: NodeKind,
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Responsible office.
    pub responsible_office: Option<String>,
    /// Responsible organisation.
    pub responsible_organisation_id: Option<i32>,
    /// Weight.
    pub weight: Option<f64>,
    /// Planned start.
    pub planned_start: Option<NaiveDate>,
    /// Planned end.
    pub planned_end: Option<NaiveDate>,
    /// Actual start.
    pub actual_start: Option<NaiveDate>,
    /// Actual end.
    pub actual_end: Option<NaiveDate>,
    /// Budget.
    pub budget: Option<f64>,
    /// Status.
    pub status: NodeStatus,
    /// Progress.
    pub progress: Option<f64>,
    /// Alignment.
    pub aligned_node_id: Option<i32>,
}

impl PlanNode {
    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        plan_nodes::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
    }

    /// Every node of a plan, by parent and position.
    pub fn of_plan(conn: &mut DbConn, plan_id: i32) -> QueryResult<Vec<Self>> {
        plan_nodes::table
            .filter(plan_nodes::plan_id.eq(plan_id))
            .order((plan_nodes::position.asc(), plan_nodes::id.asc()))
            .select(Self::as_select())
            .load(conn)
    }

    /// Nodes (of any plan) aligned to one of `ids`.
    pub fn aligned_to(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Self>> {
        plan_nodes::table
            .filter(plan_nodes::aligned_node_id.eq_any(ids.to_vec()))
            .order(plan_nodes::id.asc())
            .select(Self::as_select())
            .load(conn)
    }

    /// Next free position under `parent` in `plan`.
    pub fn next_position(conn: &mut DbConn, plan_id: i32, parent: Option<i32>) -> QueryResult<i32> {
        let query = plan_nodes::table
            .filter(plan_nodes::plan_id.eq(plan_id))
            .select(diesel::dsl::max(plan_nodes::position))
            .into_boxed();
        let query = match parent {
            Some(p) => query.filter(plan_nodes::parent_id.eq(p)),
            None => query.filter(plan_nodes::parent_id.is_null()),
        };
        Ok(query.first::<Option<i32>>(conn)?.map_or(0, |p| p + 1))
    }

    /// Inserts a node.
    pub fn create(
        conn: &mut DbConn,
        plan_id: i32,
        parent_id: Option<i32>,
        position: i32,
        fields: &NodeFields,
        at: NaiveDateTime,
    ) -> QueryResult<Self> {
        diesel::insert_into(plan_nodes::table)
            .values((
                plan_nodes::plan_id.eq(plan_id),
                plan_nodes::parent_id.eq(parent_id),
                plan_nodes::position.eq(position),
                fields,
                plan_nodes::lock_version.eq(1),
                plan_nodes::created_at.eq(at),
                plan_nodes::updated_at.eq(at),
            ))
            .get_result::<Self>(conn)
    }

    /// Updates the fields if `lock_version` matches; returns rows changed (0 = conflict).
    pub fn update(
        conn: &mut DbConn,
        id: i32,
        lock_version: i32,
        fields: &NodeFields,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            plan_nodes::table
                .find(id)
                .filter(plan_nodes::lock_version.eq(lock_version)),
        )
        .set((
            fields,
            plan_nodes::lock_version.eq(lock_version + 1),
            plan_nodes::updated_at.eq(at),
        ))
        .execute(conn)
    }

    /// Moves the node under `parent` at `position` if `lock_version` matches.
    pub fn place(
        conn: &mut DbConn,
        id: i32,
        lock_version: i32,
        parent: Option<i32>,
        position: i32,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            plan_nodes::table
                .find(id)
                .filter(plan_nodes::lock_version.eq(lock_version)),
        )
        .set((
            plan_nodes::parent_id.eq(parent),
            plan_nodes::position.eq(position),
            plan_nodes::lock_version.eq(lock_version + 1),
            plan_nodes::updated_at.eq(at),
        ))
        .execute(conn)
    }

    /// Sets the position of a node (renumbering siblings).
    pub fn set_position(conn: &mut DbConn, id: i32, position: i32) -> QueryResult<usize> {
        diesel::update(plan_nodes::table.find(id))
            .set(plan_nodes::position.eq(position))
            .execute(conn)
    }

    /// Records the proposal a node came from.
    pub fn set_origin(conn: &mut DbConn, id: i32, contribution: i32) -> QueryResult<usize> {
        diesel::update(plan_nodes::table.find(id))
            .set(plan_nodes::origin_contribution_id.eq(Some(contribution)))
            .execute(conn)
    }

    /// Records the amendment accepted into a node's text.
    pub fn set_amendment(conn: &mut DbConn, id: i32, contribution: i32) -> QueryResult<usize> {
        diesel::update(plan_nodes::table.find(id))
            .set(plan_nodes::amendment_id.eq(Some(contribution)))
            .execute(conn)
    }

    /// Sets the alignment of a node.
    pub fn set_alignment(conn: &mut DbConn, id: i32, aligned: Option<i32>) -> QueryResult<usize> {
        diesel::update(plan_nodes::table.find(id))
            .set(plan_nodes::aligned_node_id.eq(aligned))
            .execute(conn)
    }

    /// Deletes a node (children, indicators and milestones must be gone or cascade).
    pub fn delete(conn: &mut DbConn, id: i32) -> QueryResult<usize> {
        diesel::delete(plan_nodes::table.find(id)).execute(conn)
    }
}
