//! Sign-in attempts, kept (hashed by subject) to slow down password guessing
//! across every application instance.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{server_keys, sign_in_attempts};

/// The first key of the PostgreSQL advisory locks of sign-in subjects (the
/// second comes from the subject's hash).
const SIGN_IN_LOCK: i32 = 0x5053_4931;

/// Records and counts attempts.
#[derive(Debug)]
pub struct SignInAttempt;

impl SignInAttempt {
    /// The secret that keys subject hashes, shared by every instance on the
    /// database: `fresh` is stored on first use. Not to be called inside a
    /// transaction (a lost race to store it would end one on PostgreSQL).
    pub fn key(conn: &mut DbConn, fresh: &str) -> QueryResult<String> {
        let read = |conn: &mut DbConn| {
            server_keys::table
                .find("sign_in")
                .select(server_keys::secret)
                .first::<String>(conn)
                .optional()
        };
        if let Some(key) = read(conn)? {
            return Ok(key);
        }
        // Two instances starting together: one insert wins, both read it.
        let _ = diesel::insert_into(server_keys::table)
            .values((
                server_keys::name.eq("sign_in"),
                server_keys::secret.eq(fresh),
                server_keys::created_at.eq(crate::db::now()),
            ))
            .execute(conn);
        read(conn)?.ok_or(diesel::result::Error::NotFound)
    }

    /// Takes until the transaction ends the PostgreSQL advisory lock of each
    /// subject, in one order so that two sign-ins never wait for each other:
    /// counting and recording attempts is then one step. (SQLite's write
    /// transaction takes its one lock first.)
    pub fn lock(conn: &mut DbConn, subjects: &[&str]) -> QueryResult<()> {
        let mut keys: Vec<i32> = subjects
            .iter()
            .map(|s| {
                s.get(..7)
                    .and_then(|hex| i32::from_str_radix(hex, 16).ok())
                    .unwrap_or_default()
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            super::lock_until_commit(conn, SIGN_IN_LOCK, key)?;
        }
        Ok(())
    }

    /// Records an attempt per subject before its password is checked: it
    /// counts as a failure until [`SignInAttempt::succeed`]. Their ids.
    pub fn begin(conn: &mut DbConn, subjects: &[&str], at: NaiveDateTime) -> QueryResult<Vec<i32>> {
        // One statement per row: batch inserts are not available through MultiConnection.
        subjects
            .iter()
            .map(|s| {
                diesel::insert_into(sign_in_attempts::table)
                    .values((
                        sign_in_attempts::subject_hash.eq(*s),
                        sign_in_attempts::succeeded.eq(false),
                        sign_in_attempts::attempted_at.eq(at),
                    ))
                    .returning(sign_in_attempts::id)
                    .get_result(conn)
            })
            .collect()
    }

    /// Marks attempts as succeeded (no longer failures).
    pub fn succeed(conn: &mut DbConn, ids: &[i32]) -> QueryResult<usize> {
        diesel::update(sign_in_attempts::table.filter(sign_in_attempts::id.eq_any(ids)))
            .set(sign_in_attempts::succeeded.eq(true))
            .execute(conn)
    }

    /// Failed attempts for a subject since `since`.
    pub fn failures_since(
        conn: &mut DbConn,
        subject: &str,
        since: NaiveDateTime,
    ) -> QueryResult<i64> {
        sign_in_attempts::table
            .filter(sign_in_attempts::subject_hash.eq(subject))
            .filter(sign_in_attempts::succeeded.eq(false))
            .filter(sign_in_attempts::attempted_at.gt(since))
            .count()
            .get_result(conn)
    }

    /// When the subject last failed.
    pub fn last_failure(conn: &mut DbConn, subject: &str) -> QueryResult<Option<NaiveDateTime>> {
        sign_in_attempts::table
            .filter(sign_in_attempts::subject_hash.eq(subject))
            .filter(sign_in_attempts::succeeded.eq(false))
            .select(diesel::dsl::max(sign_in_attempts::attempted_at))
            .first(conn)
    }

    /// Forgets the failures of a subject (after a successful sign-in).
    pub fn clear(conn: &mut DbConn, subject: &str) -> QueryResult<usize> {
        diesel::delete(sign_in_attempts::table.filter(sign_in_attempts::subject_hash.eq(subject)))
            .execute(conn)
    }

    /// Removes attempts older than `before`.
    pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(sign_in_attempts::table.filter(sign_in_attempts::attempted_at.le(before)))
            .execute(conn)
    }
}
