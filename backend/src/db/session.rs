//! Browser sessions, stored (hashed) in the database so instances share them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::sessions;

/// A stored session.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct Session {
    /// Id.
    pub id: i32,
    /// SHA-256 of the cookie value.
    pub token_hash: String,
    /// User.
    pub user_id: i32,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Expires at.
    pub expires_at: NaiveDateTime,
    /// Last request made with it (kept to the minute).
    pub last_seen_at: NaiveDateTime,
}

/// A new session.
#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    /// SHA-256 of the cookie value.
    pub token_hash: &'a str,
    /// User.
    pub user_id: i32,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Expires at.
    pub expires_at: NaiveDateTime,
    /// Last request made with it (kept to the minute).
    pub last_seen_at: NaiveDateTime,
}

impl Session {
    /// Stores a session.
    pub fn create(conn: &mut DbConn, new: &NewSession<'_>) -> QueryResult<usize> {
        diesel::insert_into(sessions::table)
            .values(new)
            .execute(conn)
    }

    /// A live session by token hash: before its end, and used since `idle_since`.
    pub fn find_live(
        conn: &mut DbConn,
        hash: &str,
        now: NaiveDateTime,
        idle_since: NaiveDateTime,
    ) -> QueryResult<Option<Self>> {
        sessions::table
            .filter(sessions::token_hash.eq(hash))
            .filter(sessions::expires_at.gt(now))
            .filter(sessions::last_seen_at.gt(idle_since))
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// Deletes one session.
    pub fn delete_by_hash(conn: &mut DbConn, hash: &str) -> QueryResult<usize> {
        diesel::delete(sessions::table.filter(sessions::token_hash.eq(hash))).execute(conn)
    }

    /// Records a use of the session.
    pub fn touch(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(sessions::table.find(id))
            .set(sessions::last_seen_at.eq(at))
            .execute(conn)
    }

    /// Deletes every session of a user but one (`keep`: the cookie hash of the
    /// session that asked, after a password change).
    pub fn delete_others(conn: &mut DbConn, user_id: i32, keep: &str) -> QueryResult<usize> {
        diesel::delete(
            sessions::table
                .filter(sessions::user_id.eq(user_id))
                .filter(sessions::token_hash.ne(keep)),
        )
        .execute(conn)
    }

    /// Deletes every session of a user.
    pub fn delete_for_user(conn: &mut DbConn, user_id: i32) -> QueryResult<usize> {
        diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
    }

    /// Removes sessions past their end or unused since `idle_since`.
    pub fn purge_expired(
        conn: &mut DbConn,
        now: NaiveDateTime,
        idle_since: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::delete(
            sessions::table.filter(
                sessions::expires_at
                    .le(now)
                    .or(sessions::last_seen_at.le(idle_since)),
            ),
        )
        .execute(conn)
    }
}
