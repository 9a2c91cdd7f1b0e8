//! Consultations on a plan and the organisations invited to them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::Audience;

use super::DbConn;
use super::schema::{consultation_invites, consultations};

/// A stored consultation.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = consultations)]
pub struct Consultation {
    /// Id.
    pub id: i32,
    /// Plan consulted on.
    pub plan_id: i32,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Opens at (UTC).
    pub opens_at: NaiveDateTime,
    /// Closes at (UTC).
    pub closes_at: NaiveDateTime,
    /// `public` or `invited`.
    pub audience: Audience,
    /// Comments allowed.
    pub comments_enabled: bool,
    /// Proposals allowed.
    pub proposals_enabled: bool,
    /// Supports each person may give.
    pub supports_per_person: i32,
    /// Priority points each person may allocate.
    pub points_per_person: i32,
    /// Who opened it.
    pub created_by: Option<i32>,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Updated at.
    pub updated_at: NaiveDateTime,
    /// Contributions in all, hidden ones included (kept by the database).
    pub contribution_count: i32,
    /// Raised by the database whenever anything the consultation's summary
    /// shows changes (migration 000015).
    pub revision: i32,
}

/// Fields of a consultation.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = consultations)]
pub struct ConsultationFields {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Opens at.
    pub opens_at: NaiveDateTime,
    /// Closes at.
    pub closes_at: NaiveDateTime,
    /// Audience.
    pub audience: Audience,
    /// Comments allowed.
    pub comments_enabled: bool,
    /// Proposals allowed.
    pub proposals_enabled: bool,
    /// Supports per person.
    pub supports_per_person: i32,
    /// Points per person.
    pub points_per_person: i32,
}

impl Consultation {
    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        consultations::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
    }

    /// Consultations of a plan, newest first.
    pub fn of_plan(conn: &mut DbConn, plan_id: i32) -> QueryResult<Vec<Self>> {
        consultations::table
            .filter(consultations::plan_id.eq(plan_id))
            .order(consultations::opens_at.desc())
            .select(Self::as_select())
            .load(conn)
    }

    /// Every consultation, newest first.
    pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Self>> {
        consultations::table
            .order(consultations::opens_at.desc())
            .select(Self::as_select())
            .load(conn)
    }

    /// Inserts a consultation.
    pub fn create(
        conn: &mut DbConn,
        plan_id: i32,
        fields: &ConsultationFields,
        by: i32,
        at: NaiveDateTime,
    ) -> QueryResult<Self> {
        diesel::insert_into(consultations::table)
            .values((
                consultations::plan_id.eq(plan_id),
                fields,
                consultations::created_by.eq(Some(by)),
                consultations::created_at.eq(at),
                consultations::updated_at.eq(at),
            ))
            .get_result::<Self>(conn)
    }

    /// Ends a plan's consultations that are open or not yet open at `at`
    /// (an upcoming one opens and closes at `at`), returning them as they
    /// were. The revision is raised so that kept summaries are read again.
    pub fn close_unfinished(
        conn: &mut DbConn,
        plan_id: i32,
        at: NaiveDateTime,
    ) -> QueryResult<Vec<Self>> {
        let unfinished: Vec<Self> = consultations::table
            .filter(consultations::plan_id.eq(plan_id))
            .filter(consultations::closes_at.gt(at))
            .order(consultations::id.asc())
            .select(Self::as_select())
            .load(conn)?;
        for c in &unfinished {
            diesel::update(consultations::table.find(c.id))
                .set((
                    consultations::opens_at.eq(c.opens_at.min(at)),
                    consultations::closes_at.eq(at),
                    consultations::updated_at.eq(at),
                    consultations::revision.eq(consultations::revision + 1),
                ))
                .execute(conn)?;
        }
        Ok(unfinished)
    }

    /// Invited organisations.
    pub fn invites(conn: &mut DbConn, id: i32) -> QueryResult<Vec<i32>> {
        consultation_invites::table
            .filter(consultation_invites::consultation_id.eq(id))
            .select(consultation_invites::organisation_id)
            .order(consultation_invites::organisation_id.asc())
            .load(conn)
    }

    /// Replaces the invited organisations.
    pub fn set_invites(conn: &mut DbConn, id: i32, orgs: &[i32]) -> QueryResult<()> {
        diesel::delete(
            consultation_invites::table.filter(consultation_invites::consultation_id.eq(id)),
        )
        .execute(conn)?;
        for o in orgs {
            diesel::insert_into(consultation_invites::table)
                .values((
                    consultation_invites::consultation_id.eq(id),
                    consultation_invites::organisation_id.eq(o),
                ))
                .execute(conn)?;
        }
        Ok(())
    }
}
