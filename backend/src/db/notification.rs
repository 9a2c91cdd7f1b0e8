//! In-app notifications and the e-mail outbox.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::{EmailFrequency, NotificationKind};

use super::DbConn;
use super::schema::{notifications, outbox, users};

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
        let id: i32 = diesel::insert_into(notifications::table)
            .values((
                notifications::user_id.eq(user),
                notifications::kind.eq(kind),
                notifications::payload.eq(payload),
                notifications::created_at.eq(at),
            ))
            .returning(notifications::id)
            .get_result(conn)?;
        // Nobody is mailed who chose not to be (or whose account is gone).
        let wanted = users::table
            .find(user)
            .filter(users::deleted_at.is_null())
            .filter(users::email_frequency.ne(EmailFrequency::Never))
            .select(users::id)
            .first::<i32>(conn)
            .optional()?
            .is_some();
        if wanted {
            diesel::insert_into(outbox::table)
                .values((
                    outbox::user_id.eq(user),
                    outbox::subject.eq(subject),
                    outbox::body.eq(payload),
                    outbox::created_at.eq(at),
                    outbox::notification_id.eq(id),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    /// Where the notification leads, a path of the site.
    pub fn href(&self) -> String {
        let payload: serde_json::Value = serde_json::from_str(&self.payload).unwrap_or_default();
        let id = |key: &str| payload[key].as_i64().unwrap_or_default();
        match self.kind {
            NotificationKind::AdoptionDeclared => "/adoptions".to_owned(),
            NotificationKind::PracticeReviewed | NotificationKind::AdoptionDecided => {
                format!("/practices/{}", id("practice_id"))
            }
            NotificationKind::Response if payload["contribution_id"].is_i64() => {
                format!("/my/contributions#contribution-{}", id("contribution_id"))
            }
            _ if payload["contribution_id"].is_i64() => format!(
                "/consultations/{}#contribution-{}",
                id("consultation_id"),
                id("contribution_id")
            ),
            _ => format!("/consultations/{}", id("consultation_id")),
        }
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
