//! Adoptions of good practices declared by other organisations.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::domain::AdoptionStatus;

use super::DbConn;
use super::schema::{practice_adoptions, practices};

/// A declared adoption.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = practice_adoptions)]
pub struct Adoption {
    /// Id.
    pub id: i32,
    /// The practice adopted.
    pub practice_id: i32,
    /// The adopting organisation.
    pub organisation_id: i32,
    /// Who declared it (gone once their account is deleted).
    pub declared_by: Option<i32>,
    /// When it was adopted.
    pub adopted_on: NaiveDate,
    /// In what context.
    pub context: String,
    /// With what outcome.
    pub outcome: String,
    /// Where the owner's decision stands.
    pub status: AdoptionStatus,
}

/// A new declaration.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = practice_adoptions)]
pub struct NewAdoption<'a> {
    /// The practice adopted.
    pub practice_id: i32,
    /// The adopting organisation.
    pub organisation_id: i32,
    /// Who declared it.
    pub declared_by: Option<i32>,
    /// When it was adopted.
    pub adopted_on: NaiveDate,
    /// In what context.
    pub context: &'a str,
    /// With what outcome.
    pub outcome: &'a str,
    /// Pending until the owner decides.
    pub status: AdoptionStatus,
    /// Declared at.
    pub created_at: NaiveDateTime,
}

impl Adoption {
    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        practice_adoptions::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
    }

    /// Where the organisation's declaration of the practice stands, unless it was rejected.
    pub fn standing(
        conn: &mut DbConn,
        practice: i32,
        organisation: i32,
    ) -> QueryResult<Option<AdoptionStatus>> {
        practice_adoptions::table
            .filter(practice_adoptions::practice_id.eq(practice))
            .filter(practice_adoptions::organisation_id.eq(organisation))
            .filter(practice_adoptions::status.ne(AdoptionStatus::Rejected))
            .select(practice_adoptions::status)
            .first(conn)
            .optional()
    }

    /// Inserts a declaration; returns its id.
    pub fn create(conn: &mut DbConn, new: &NewAdoption) -> QueryResult<i32> {
        diesel::insert_into(practice_adoptions::table)
            .values(new)
            .returning(practice_adoptions::id)
            .get_result(conn)
    }

    /// Records the owner's decision.
    pub fn decide(
        conn: &mut DbConn,
        id: i32,
        to: AdoptionStatus,
        by: i32,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(practice_adoptions::table.find(id))
            .set((
                practice_adoptions::status.eq(to),
                practice_adoptions::decided_by.eq(Some(by)),
                practice_adoptions::decided_at.eq(Some(at)),
            ))
            .execute(conn)
            .map(drop)
    }

    /// Confirmed adoptions of a practice, newest first.
    pub fn confirmed_of(conn: &mut DbConn, practice: i32) -> QueryResult<Vec<Self>> {
        practice_adoptions::table
            .filter(practice_adoptions::practice_id.eq(practice))
            .filter(practice_adoptions::status.eq(AdoptionStatus::Confirmed))
            .order(practice_adoptions::adopted_on.desc())
            .select(Self::as_select())
            .load(conn)
    }

    /// Pending adoptions, oldest first, each with its practice's owner organisation.
    pub fn pending_with_owner(conn: &mut DbConn) -> QueryResult<Vec<(Self, i32)>> {
        practice_adoptions::table
            .inner_join(practices::table)
            .filter(practice_adoptions::status.eq(AdoptionStatus::Pending))
            .order(practice_adoptions::created_at.asc())
            .select((Self::as_select(), practices::owner_organisation_id))
            .load(conn)
    }
}
