//! Password reset links: the SHA-256 of each link's secret, whose account it
//! opens, until when, and whether it was used.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::password_resets;

/// A reset link as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = password_resets)]
pub struct PasswordReset {
    /// Id.
    pub id: i32,
    /// Whose password it resets.
    pub user_id: i32,
    /// SHA-256 of the link's secret.
    pub token_hash: String,
    /// When it was asked for.
    pub created_at: NaiveDateTime,
    /// When it stops working.
    pub expires_at: NaiveDateTime,
    /// When it was used (a link works once).
    pub used_at: Option<NaiveDateTime>,
}

/// The first key of the PostgreSQL advisory lock that makes one person's
/// reset requests take turns (the second is the user's id).
const RESETS_LOCK: i32 = 0x5053_5252;

impl PasswordReset {
    /// Makes a person's reset requests take turns until the transaction
    /// ends, so that counting them against the hourly limit and adding one
    /// is a single step on PostgreSQL (SQLite's write transaction holds its
    /// one lock already).
    pub fn lock_for(conn: &mut DbConn, user_id: i32) -> QueryResult<()> {
        super::lock_until_commit(conn, RESETS_LOCK, user_id)
    }

    /// Stores a new link.
    pub fn create(
        conn: &mut DbConn,
        user_id: i32,
        token_hash: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::insert_into(password_resets::table)
            .values((
                password_resets::user_id.eq(user_id),
                password_resets::token_hash.eq(token_hash),
                password_resets::created_at.eq(now),
                password_resets::expires_at.eq(expires_at),
            ))
            .execute(conn)
    }

    /// Links asked for `user` since `since`.
    pub fn asked_since(conn: &mut DbConn, user: i32, since: NaiveDateTime) -> QueryResult<i64> {
        password_resets::table
            .filter(password_resets::user_id.eq(user))
            .filter(password_resets::created_at.gt(since))
            .count()
            .get_result(conn)
    }

    /// The link with this hash, if unused and before its end.
    pub fn find_usable(
        conn: &mut DbConn,
        hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<Self>> {
        password_resets::table
            .filter(password_resets::token_hash.eq(hash))
            .filter(password_resets::used_at.is_null())
            .filter(password_resets::expires_at.gt(now))
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// Marks every unused link of `user` used: once a password is set
    /// through one, the others asked for meanwhile stop working too.
    pub fn use_all(conn: &mut DbConn, user: i32, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(
            password_resets::table
                .filter(password_resets::user_id.eq(user))
                .filter(password_resets::used_at.is_null()),
        )
        .set(password_resets::used_at.eq(Some(now)))
        .execute(conn)
    }

    /// Deletes the links of `user` (when the account is deleted).
    pub fn delete_for_user(conn: &mut DbConn, user: i32) -> QueryResult<usize> {
        diesel::delete(password_resets::table.filter(password_resets::user_id.eq(user)))
            .execute(conn)
    }

    /// Deletes links that ended before `before` (housekeeping).
    pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(password_resets::table.filter(password_resets::expires_at.lt(before)))
            .execute(conn)
    }
}
