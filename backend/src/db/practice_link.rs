//! Links from good practices to the plan actions they inform.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::{NodeKind, PlanStatus};

use super::DbConn;
use super::schema::{plan_nodes, plans, practice_node_links};

/// A plan node as a practice's link shows it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = plan_nodes)]
pub struct LinkedNodeRow {
    /// The node.
    pub id: i32,
    /// Its code.
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its plan.
    #[diesel(select_expression = plans::id)]
    pub plan_id: i32,
    /// The plan's title.
    #[diesel(select_expression = plans::title)]
    pub plan: String,
}

/// Practice–action link queries.
pub struct PracticeLink;

impl PracticeLink {
    /// The link's id, if the practice is linked to the node.
    pub fn find(conn: &mut DbConn, practice: i32, node: i32) -> QueryResult<Option<i32>> {
        practice_node_links::table
            .filter(practice_node_links::practice_id.eq(practice))
            .filter(practice_node_links::node_id.eq(node))
            .select(practice_node_links::id)
            .first(conn)
            .optional()
    }

    /// Links a practice to a node; returns the link's id.
    pub fn create(
        conn: &mut DbConn,
        practice: i32,
        node: i32,
        by: i32,
        at: NaiveDateTime,
    ) -> QueryResult<i32> {
        diesel::insert_into(practice_node_links::table)
            .values((
                practice_node_links::practice_id.eq(practice),
                practice_node_links::node_id.eq(node),
                practice_node_links::linked_by.eq(Some(by)),
                practice_node_links::created_at.eq(at),
            ))
            .returning(practice_node_links::id)
            .get_result(conn)
    }

    /// Removes a link.
    pub fn delete(conn: &mut DbConn, id: i32) -> QueryResult<()> {
        diesel::delete(practice_node_links::table.find(id))
            .execute(conn)
            .map(drop)
    }

    /// Nodes a practice informs, by plan title and code, outside draft plans.
    pub fn nodes_of(conn: &mut DbConn, practice: i32) -> QueryResult<Vec<LinkedNodeRow>> {
        practice_node_links::table
            .inner_join(plan_nodes::table.inner_join(plans::table))
            .filter(practice_node_links::practice_id.eq(practice))
            .filter(plans::status.ne(PlanStatus::Draft))
            .order((plans::title.asc(), plan_nodes::code.asc()))
            .select(LinkedNodeRow::as_select())
            .load(conn)
    }

    /// The actions of the given plans, by plan title and code.
    pub fn actions_of(conn: &mut DbConn, plan_ids: &[i32]) -> QueryResult<Vec<LinkedNodeRow>> {
        plan_nodes::table
            .inner_join(plans::table)
            .filter(plan_nodes::plan_id.eq_any(plan_ids))
            .filter(plan_nodes::kind.eq(NodeKind::Action))
            .order((plans::title.asc(), plan_nodes::code.asc()))
            .select(LinkedNodeRow::as_select())
            .load(conn)
    }
}
