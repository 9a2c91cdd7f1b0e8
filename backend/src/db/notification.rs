//! In-app notifications and the e-mail outbox.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::NotificationKind;

use super::DbConn;
use super::schema::{notifications, outbox};

/// A stored notification.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    /// Id.
    pub id: i32,
    /// Recipient.
    pub user_id: i32,
    /// `response`, `reply` or `consultation_opened`.
    pub kind: NotificationKind,
    /// JSON payload (ids and titles to build the message in the reader's language).
    pub payload: String,
    /// Read at.
    pub read_at: Option<NaiveDateTime>,
    /// Created at.
    pub created_at: NaiveDateTime,
}

impl Notification {
    /// Adds a notification and its outbox e-mail.
    pub fn push(
        conn: &mut DbConn,
        user: i32,
        kind: NotificationKind,
        payload: &str,
        subject: &str,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(notifications::table)
            .values((
                notifications::user_id.eq(user),
                notifications::kind.eq(kind),
                notifications::payload.eq(payload),
                notifications::created_at.eq(at),
            ))
            .execute(conn)?;
        diesel::insert_into(outbox::table)
            .values((
                outbox::user_id.eq(user),
                outbox::subject.eq(subject),
                outbox::body.eq(payload),
                outbox::created_at.eq(at),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// A user's notifications, newest first.
    pub fn of_user(conn: &mut DbConn, user: i32) -> QueryResult<Vec<Self>> {
        notifications::table
            .filter(notifications::user_id.eq(user))
            .order(notifications::id.desc())
            .select(Self::as_select())
            .load(conn)
    }

    /// Unread count.
    pub fn unread(conn: &mut DbConn, user: i32) -> QueryResult<i64> {
        notifications::table
            .filter(notifications::user_id.eq(user))
            .filter(notifications::read_at.is_null())
            .count()
            .get_result(conn)
    }

    /// Marks every notification of a user read.
    pub fn mark_all_read(conn: &mut DbConn, user: i32, at: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(
            notifications::table
                .filter(notifications::user_id.eq(user))
                .filter(notifications::read_at.is_null()),
        )
        .set(notifications::read_at.eq(Some(at)))
        .execute(conn)
    }
}
