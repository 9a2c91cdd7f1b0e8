//! Official responses to contributions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::responses;
use crate::domain::ResponseStatus;

/// An official response.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = responses)]
pub struct Response {
    /// Id.
    pub id: i32,
    /// Contribution answered.
    pub contribution_id: i32,
    /// Status (`ResponseStatus`).
    pub status: ResponseStatus,
    /// Text.
    pub body: String,
    /// The node it became or was merged into.
    pub node_id: Option<i32>,
    /// Who answered.
    pub responder_id: Option<i32>,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Updated at.
    pub updated_at: NaiveDateTime,
}

impl Response {
    /// Responses to the given contributions.
    pub fn of_contributions(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Self>> {
        crate::db::in_chunks(ids, |chunk| {
            responses::table
                .filter(responses::contribution_id.eq_any(chunk))
                .select(Self::as_select())
                .load(conn)
        })
    }

    /// Stores or replaces the response to a contribution.
    pub fn upsert(
        conn: &mut DbConn,
        contribution: i32,
        status: ResponseStatus,
        body: &str,
        node: Option<i32>,
        by: i32,
        at: NaiveDateTime,
    ) -> QueryResult<Self> {
        let existing: Option<i32> = responses::table
            .filter(responses::contribution_id.eq(contribution))
            .select(responses::id)
            .first(conn)
            .optional()?;
        match existing {
            Some(id) => diesel::update(responses::table.find(id))
                .set((
                    responses::status.eq(status),
                    responses::body.eq(body),
                    responses::node_id.eq(node),
                    responses::responder_id.eq(Some(by)),
                    responses::updated_at.eq(at),
                ))
                .get_result::<Self>(conn),
            None => diesel::insert_into(responses::table)
                .values((
                    responses::contribution_id.eq(contribution),
                    responses::status.eq(status),
                    responses::body.eq(body),
                    responses::node_id.eq(node),
                    responses::responder_id.eq(Some(by)),
                    responses::created_at.eq(at),
                    responses::updated_at.eq(at),
                ))
                .get_result::<Self>(conn),
        }
    }
}
