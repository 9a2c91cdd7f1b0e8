//! The rows that belong to one person across the tables, for their data
//! export (GDPR article 15): each as a named row with the fields stored.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::DbConn;
use super::schema::{
    outbox, practice_adoptions, practice_ratings, priority_allocations, reports, responses,
    sessions, supports,
};

/// A support the person gave.
#[derive(Debug, Serialize, Queryable)]
pub struct SupportRow {
    /// The proposal supported.
    pub contribution_id: i32,
    /// On behalf of this organisation.
    pub organisation_id: Option<i32>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Priority points the person gave to an action.
#[derive(Debug, Serialize, Queryable)]
pub struct PointsRow {
    /// Consultation.
    pub consultation_id: i32,
    /// Action.
    pub node_id: i32,
    /// Points.
    pub points: i32,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// A contribution the person reported.
#[derive(Debug, Serialize, Queryable)]
pub struct ReportRow {
    /// The contribution.
    pub contribution_id: i32,
    /// Their reason.
    pub reason: String,
    /// Whether moderation dealt with it.
    pub resolved: bool,
    /// When.
    pub created_at: NaiveDateTime,
}

/// A rating and review of a practice.
#[derive(Debug, Serialize, Queryable)]
pub struct ReviewRow {
    /// The practice.
    pub practice_id: i32,
    /// Stars, 1–5.
    pub stars: i32,
    /// The review's text.
    pub review: String,
    /// Written.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// An adoption the person declared (or decided on, as the practice's owner).
#[derive(Debug, Serialize, Queryable)]
pub struct AdoptionRow {
    /// The practice.
    pub practice_id: i32,
    /// The adopting organisation.
    pub organisation_id: i32,
    /// Adopted on.
    pub adopted_on: NaiveDate,
    /// Where and how.
    pub context: String,
    /// What came of it.
    pub outcome: String,
    /// `pending`, `confirmed` or `rejected`.
    pub status: String,
    /// Who declared it (a user id: this person's, or another's).
    pub declared_by: Option<i32>,
    /// Who decided on it.
    pub decided_by: Option<i32>,
    /// Declared.
    pub created_at: NaiveDateTime,
}

/// An official response the person wrote.
#[derive(Debug, Serialize, Queryable)]
pub struct ResponseRow {
    /// The contribution answered.
    pub contribution_id: i32,
    /// `accepted`, `partly_accepted`, `rejected` or `noted`.
    pub status: String,
    /// The response.
    pub body: String,
    /// Written.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// A sign-in session (never its secret).
#[derive(Debug, Serialize, Queryable)]
pub struct SessionRow {
    /// Started.
    pub created_at: NaiveDateTime,
    /// Last request.
    pub last_seen_at: NaiveDateTime,
    /// Ends at the latest.
    pub expires_at: NaiveDateTime,
}

/// An e-mail to the person, sent or waiting.
#[derive(Debug, Serialize, Queryable)]
pub struct MailRow {
    /// Subject as stored.
    pub subject: String,
    /// Queued.
    pub created_at: NaiveDateTime,
    /// Accepted by the mail server.
    pub sent_at: Option<NaiveDateTime>,
    /// Given up (not wanted, too old, refused).
    pub given_up_at: Option<NaiveDateTime>,
}

/// Supports given by `user`, oldest first.
pub fn supports_of(conn: &mut DbConn, user: i32) -> QueryResult<Vec<SupportRow>> {
    supports::table
        .filter(supports::user_id.eq(user))
        .order(supports::id)
        .select((
            supports::contribution_id,
            supports::organisation_id,
            supports::created_at,
        ))
        .load(conn)
}

/// Priority points given by `user`.
pub fn points_of(conn: &mut DbConn, user: i32) -> QueryResult<Vec<PointsRow>> {
    priority_allocations::table
        .filter(priority_allocations::user_id.eq(user))
        .order(priority_allocations::id)
        .select((
            priority_allocations::consultation_id,
            priority_allocations::node_id,
            priority_allocations::points,
            priority_allocations::updated_at,
        ))
        .load(conn)
}

/// Reports made by `user`.
pub fn reports_of(conn: &mut DbConn, user: i32) -> QueryResult<Vec<ReportRow>> {
    reports::table
        .filter(reports::reporter_id.eq(user))
        .order(reports::id)
        .select((
            reports::contribution_id,
            reports::reason,
            reports::resolved,
            reports::created_at,
        ))
        .load(conn)
}

/// Ratings and reviews written by `user`.
pub fn reviews_of(conn: &mut DbConn, user: i32) -> QueryResult<Vec<ReviewRow>> {
    practice_ratings::table
        .filter(practice_ratings::user_id.eq(user))
        .order(practice_ratings::id)
        .select((
            practice_ratings::practice_id,
            practice_ratings::stars,
            practice_ratings::review,
            practice_ratings::created_at,
            practice_ratings::updated_at,
        ))
        .load(conn)
}

/// Adoptions `user` declared or decided on.
pub fn adoptions_of(conn: &mut DbConn, user: i32) -> QueryResult<Vec<AdoptionRow>> {
    practice_adoptions::table
        .filter(
            practice_adoptions::declared_by
                .eq(user)
                .or(practice_adoptions::decided_by.eq(user)),
        )
        .order(practice_adoptions::id)
        .select((
            practice_adoptions::practice_id,
            practice_adoptions::organisation_id,
            practice_adoptions::adopted_on,
            practice_adoptions::context,
            practice_adoptions::outcome,
            practice_adoptions::status,
            practice_adoptions::declared_by,
            practice_adoptions::decided_by,
            practice_adoptions::created_at,
        ))
        .load(conn)
}

/// Official responses written by `user`.
pub fn responses_of(conn: &mut DbConn, user: i32) -> QueryResult<Vec<ResponseRow>> {
    responses::table
        .filter(responses::responder_id.eq(user))
        .order(responses::id)
        .select((
            responses::contribution_id,
            responses::status,
            responses::body,
            responses::created_at,
            responses::updated_at,
        ))
        .load(conn)
}

/// `user`'s sessions.
pub fn sessions_of(conn: &mut DbConn, user: i32) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::user_id.eq(user))
        .order(sessions::id)
        .select((
            sessions::created_at,
            sessions::last_seen_at,
            sessions::expires_at,
        ))
        .load(conn)
}

/// E-mails to `user`.
pub fn mails_of(conn: &mut DbConn, user: i32) -> QueryResult<Vec<MailRow>> {
    outbox::table
        .filter(outbox::user_id.eq(user))
        .order(outbox::id)
        .select((
            outbox::subject,
            outbox::created_at,
            outbox::sent_at,
            outbox::given_up_at,
        ))
        .load(conn)
}
