//! Priority points: each person's allocation to the actions of a plan in
//! consultation, and the running totals per node and organisation.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{priority_allocations, priority_tallies};

/// The first key of the PostgreSQL advisory lock that makes replacements of
/// priority points in one consultation take turns (the second is its id).
const PRIORITIES_LOCK: i32 = 0x5053_5031;

/// Priority points.
#[derive(Debug)]
pub struct Priorities;

/// The points given to one node by the people of one organisation (or of
/// none), and how many people gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// The node.
    pub node: i32,
    /// The organisation (`None`: people without one).
    pub organisation: Option<i32>,
    /// Points in all.
    pub points: i64,
    /// People who gave some.
    pub people: i64,
}

impl Priorities {
    /// Points of a consultation per node and the organisation the people who
    /// allocated them spoke for, with how many people gave them: (node,
    /// organisation, points, people), from the running totals the database
    /// keeps (migrations 000013 and 000017).
    pub fn totals(conn: &mut DbConn, consultation: i32) -> QueryResult<Vec<Tally>> {
        let rows: Vec<(i32, i32, i32, i32)> = priority_tallies::table
            .filter(priority_tallies::consultation_id.eq(consultation))
            .filter(priority_tallies::points.ne(0))
            .select((
                priority_tallies::node_id,
                priority_tallies::organisation_key,
                priority_tallies::points,
                priority_tallies::people,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(node, key, points, people)| Tally {
                node,
                organisation: (key != 0).then_some(key),
                points: i64::from(points),
                people: i64::from(people),
            })
            .collect())
    }

    /// One person's allocation in a consultation: (node, points).
    pub fn of_user(
        conn: &mut DbConn,
        consultation: i32,
        user: i32,
    ) -> QueryResult<Vec<(i32, i32)>> {
        priority_allocations::table
            .filter(priority_allocations::consultation_id.eq(consultation))
            .filter(priority_allocations::user_id.eq(user))
            .select((priority_allocations::node_id, priority_allocations::points))
            .load(conn)
    }

    /// Replaces a user's allocation, made on behalf of `organisation`.
    ///
    /// On PostgreSQL, replacements in one consultation take turns (an advisory
    /// lock until the transaction ends): the triggers that keep
    /// `priority_tallies` update shared rows in the order rows are deleted and
    /// inserted, and two allocations taking those locks in different orders
    /// would deadlock.
    pub fn replace(
        conn: &mut DbConn,
        consultation: i32,
        user: i32,
        organisation: Option<i32>,
        points: &[(i32, i32)],
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        super::lock_until_commit(conn, PRIORITIES_LOCK, consultation)?;
        diesel::delete(
            priority_allocations::table
                .filter(priority_allocations::consultation_id.eq(consultation))
                .filter(priority_allocations::user_id.eq(user)),
        )
        .execute(conn)?;
        for (node, p) in points.iter().filter(|(_, p)| *p > 0) {
            diesel::insert_into(priority_allocations::table)
                .values((
                    priority_allocations::consultation_id.eq(consultation),
                    priority_allocations::user_id.eq(user),
                    priority_allocations::node_id.eq(node),
                    priority_allocations::points.eq(p),
                    priority_allocations::updated_at.eq(at),
                    priority_allocations::organisation_id.eq(organisation),
                ))
                .execute(conn)?;
        }
        Ok(())
    }
}
