//! The rows that belong to one person across the tables, for their data
//! export (GDPR article 15), each as a named row with the fields stored; and
//! their erasure (article 17) where the user row alone would leave them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::DbConn;
use super::schema::{
    notifications, outbox, password_resets, practice_adoptions, practice_ratings,
    practice_text_changes, practices, priority_allocations, reports, responses, sessions,
    sign_in_attempts, supports,
};

/// A support the person gave.
#[derive(Debug, Serialize, Queryable)]
pub struct SupportRow {
    /// The proposal supported.
    pub contribution_id: i32,
    /// On behalf of this organisation.
    pub organisation_id: Option<i32>,
    /// When.
    #[serde(with = "pspm_analytics::utc")]
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
    #[serde(with = "pspm_analytics::utc")]
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
    #[serde(with = "pspm_analytics::utc")]
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
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
    /// Last changed.
    #[serde(with = "pspm_analytics::utc")]
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
    #[serde(with = "pspm_analytics::utc")]
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
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
    /// Last changed.
    #[serde(with = "pspm_analytics::utc")]
    pub updated_at: NaiveDateTime,
}

/// A sign-in session (never its secret).
#[derive(Debug, Serialize, Queryable)]
pub struct SessionRow {
    /// Started.
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
    /// Last request.
    #[serde(with = "pspm_analytics::utc")]
    pub last_seen_at: NaiveDateTime,
    /// Ends at the latest.
    #[serde(with = "pspm_analytics::utc")]
    pub expires_at: NaiveDateTime,
}

/// A password reset link asked for (never its secret).
#[derive(Debug, Serialize, Queryable)]
pub struct ResetRow {
    /// Asked for.
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
    /// Used, if it was.
    #[serde(with = "pspm_analytics::utc::option")]
    pub used_at: Option<NaiveDateTime>,
    /// Worked until.
    #[serde(with = "pspm_analytics::utc")]
    pub expires_at: NaiveDateTime,
}

/// An e-mail to the person, sent or waiting.
#[derive(Debug, Serialize, Queryable)]
pub struct MailRow {
    /// Subject as stored.
    pub subject: String,
    /// Queued.
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
    /// Accepted by the mail server.
    #[serde(with = "pspm_analytics::utc::option")]
    pub sent_at: Option<NaiveDateTime>,
    /// Given up (not wanted, too old, refused).
    #[serde(with = "pspm_analytics::utc::option")]
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

/// Official responses written by `user` with ids above `after`, at most
/// `limit`, by id: a planner at national scale has them by the million, so
/// they are read a part at a time. Each with its id.
pub fn responses_after(
    conn: &mut DbConn,
    user: i32,
    after: i32,
    limit: i64,
) -> QueryResult<Vec<(i32, ResponseRow)>> {
    responses::table
        .filter(responses::responder_id.eq(user))
        .filter(responses::id.gt(after))
        .order(responses::id)
        .limit(limit)
        .select((
            responses::id,
            (
                responses::contribution_id,
                responses::status,
                responses::body,
                responses::created_at,
                responses::updated_at,
            ),
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

/// `user`'s password reset links (when asked, until when, when used).
pub fn resets_of(conn: &mut DbConn, user: i32) -> QueryResult<Vec<ResetRow>> {
    password_resets::table
        .filter(password_resets::user_id.eq(user))
        .order(password_resets::id)
        .select((
            password_resets::created_at,
            password_resets::used_at,
            password_resets::expires_at,
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

/// What [`erase`] removed.
#[derive(Debug, Default, Serialize)]
pub struct Erased {
    /// Notifications, with their text.
    pub notifications: usize,
    /// E-mails sent or waiting, with their text.
    pub emails: usize,
    /// Review texts (the stars stay, counted without a name).
    pub reviews: usize,
    /// Practice contact fields that named the person.
    pub contacts: usize,
    /// Changes to practice texts they proposed that were still waiting.
    pub text_changes: usize,
    /// Sign-in attempts recorded against the account.
    pub sign_in_attempts: usize,
}

/// Erases what points to a person besides their user row: notifications and
/// e-mails, the texts of their practice reviews, practice contact fields
/// holding their address or name (looked for among `organisation`'s
/// practices, or all when they had none), and the sign-in attempts kept
/// under `account_subject`.
pub fn erase(
    conn: &mut DbConn,
    user: i32,
    email: &str,
    name: &str,
    organisation: Option<i32>,
    account_subject: &str,
) -> QueryResult<Erased> {
    let emails = diesel::delete(outbox::table.filter(outbox::user_id.eq(user))).execute(conn)?;
    let notifications =
        diesel::delete(notifications::table.filter(notifications::user_id.eq(user)))
            .execute(conn)?;
    let reviews = diesel::update(
        practice_ratings::table
            .filter(practice_ratings::user_id.eq(user))
            .filter(practice_ratings::review.ne("")),
    )
    .set(practice_ratings::review.eq(""))
    .execute(conn)?;
    let mut contacts = practices::table
        .filter(practices::contact.is_not_null())
        .select((practices::id, practices::contact.assume_not_null()))
        .into_boxed();
    if let Some(org) = organisation {
        contacts = contacts.filter(practices::owner_organisation_id.eq(org));
    }
    let (email, name) = (email.to_lowercase(), name.trim().to_lowercase());
    let naming: Vec<i32> = contacts
        .load::<(i32, String)>(conn)?
        .into_iter()
        .filter(|(_, c)| {
            let c = c.to_lowercase();
            c.contains(&email) || (name.chars().count() >= 3 && c.contains(&name))
        })
        .map(|(id, _)| id)
        .collect();
    let contacts = diesel::update(practices::table.filter(practices::id.eq_any(&naming)))
        .set(practices::contact.eq(None::<String>))
        .execute(conn)?;
    let text_changes = diesel::delete(
        practice_text_changes::table.filter(practice_text_changes::proposed_by.eq(user)),
    )
    .execute(conn)?;
    let sign_in_attempts = diesel::delete(
        sign_in_attempts::table.filter(sign_in_attempts::subject_hash.eq(account_subject)),
    )
    .execute(conn)?;
    Ok(Erased {
        notifications,
        emails,
        reviews,
        contacts,
        text_changes,
        sign_in_attempts,
    })
}
