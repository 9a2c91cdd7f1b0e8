//! Milestones of a node.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::DbConn;
use super::schema::milestones;

/// A stored milestone.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = milestones)]
pub struct Milestone {
    /// Id.
    pub id: i32,
    /// Node.
    pub node_id: i32,
    /// Title.
    pub title: String,
    /// Due date.
    pub due_date: NaiveDate,
    /// Reached.
    pub done: bool,
}

impl Milestone {
    /// Milestones of the given nodes, by due date.
    pub fn of_nodes(conn: &mut DbConn, nodes: &[i32]) -> QueryResult<Vec<Self>> {
        milestones::table
            .filter(milestones::node_id.eq_any(nodes.to_vec()))
            .order((milestones::due_date.asc(), milestones::id.asc()))
            .select(Self::as_select())
            .load(conn)
    }

    /// Adds a milestone.
    pub fn create(
        conn: &mut DbConn,
        node_id: i32,
        title: &str,
        due_date: NaiveDate,
        done: bool,
    ) -> QueryResult<Self> {
        diesel::insert_into(milestones::table)
            .values((
                milestones::node_id.eq(node_id),
                milestones::title.eq(title),
                milestones::due_date.eq(due_date),
                milestones::done.eq(done),
            ))
            .get_result::<Self>(conn)
    }

    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        milestones::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
    }

    /// Marks a milestone reached or not.
    pub fn set_done(conn: &mut DbConn, id: i32, done: bool) -> QueryResult<usize> {
        diesel::update(milestones::table.find(id))
            .set(milestones::done.eq(done))
            .execute(conn)
    }
}
