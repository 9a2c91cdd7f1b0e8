//! Sign-in attempts, kept (hashed by subject) to slow down password guessing
//! across every application instance.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::sign_in_attempts;

/// Records and counts attempts.
#[derive(Debug)]
pub struct SignInAttempt;

impl SignInAttempt {
    /// Records one attempt per subject.
    pub fn record(
        conn: &mut DbConn,
        subjects: &[&str],
        succeeded: bool,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        // One statement per row: batch inserts are not available through MultiConnection.
        let mut n = 0;
        for s in subjects {
            n += diesel::insert_into(sign_in_attempts::table)
                .values((
                    sign_in_attempts::subject_hash.eq(*s),
                    sign_in_attempts::succeeded.eq(succeeded),
                    sign_in_attempts::attempted_at.eq(at),
                ))
                .execute(conn)?;
        }
        Ok(n)
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
