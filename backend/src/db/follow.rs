//! Who follows which consultation or thread.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::follows;

/// What is followed: a consultation, or a thread (its first contribution).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Followed {
    /// New contributions in a consultation.
    Consultation(i32),
    /// Replies and responses in a thread.
    Thread(i32),
}

/// Following, stored.
pub struct Follow;

impl Follow {
    /// Starts following (nothing changes when already following).
    pub fn add(
        conn: &mut DbConn,
        user: i32,
        what: Followed,
        at: NaiveDateTime,
    ) -> QueryResult<bool> {
        if Self::follows(conn, user, what)? {
            return Ok(false);
        }
        let (consultation, contribution) = match what {
            Followed::Consultation(id) => (Some(id), None),
            Followed::Thread(id) => (None, Some(id)),
        };
        diesel::insert_into(follows::table)
            .values((
                follows::user_id.eq(user),
                follows::consultation_id.eq(consultation),
                follows::contribution_id.eq(contribution),
                follows::created_at.eq(at),
            ))
            .execute(conn)?;
        Ok(true)
    }

    /// Stops following; whether the person was following.
    pub fn remove(conn: &mut DbConn, user: i32, what: Followed) -> QueryResult<bool> {
        let mine = follows::table.filter(follows::user_id.eq(user));
        let n = match what {
            Followed::Consultation(id) => {
                diesel::delete(mine.filter(follows::consultation_id.eq(id))).execute(conn)?
            }
            Followed::Thread(id) => {
                diesel::delete(mine.filter(follows::contribution_id.eq(id))).execute(conn)?
            }
        };
        Ok(n > 0)
    }

    /// Whether `user` follows `what`.
    pub fn follows(conn: &mut DbConn, user: i32, what: Followed) -> QueryResult<bool> {
        let mine = follows::table
            .filter(follows::user_id.eq(user))
            .select(follows::id);
        let found = match what {
            Followed::Consultation(id) => mine
                .filter(follows::consultation_id.eq(id))
                .first::<i32>(conn)
                .optional()?,
            Followed::Thread(id) => mine
                .filter(follows::contribution_id.eq(id))
                .first::<i32>(conn)
                .optional()?,
        };
        Ok(found.is_some())
    }

    /// The people following `what`.
    pub fn followers(conn: &mut DbConn, what: Followed) -> QueryResult<Vec<i32>> {
        let all = follows::table
            .select(follows::user_id)
            .order(follows::user_id);
        match what {
            Followed::Consultation(id) => all.filter(follows::consultation_id.eq(id)).load(conn),
            Followed::Thread(id) => all.filter(follows::contribution_id.eq(id)).load(conn),
        }
    }

    /// Everything `user` follows: consultations and threads.
    pub fn of_user(conn: &mut DbConn, user: i32) -> QueryResult<Vec<Followed>> {
        let rows: Vec<(Option<i32>, Option<i32>)> = follows::table
            .filter(follows::user_id.eq(user))
            .order(follows::id)
            .select((follows::consultation_id, follows::contribution_id))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| match r {
                (Some(c), _) => Some(Followed::Consultation(c)),
                (None, Some(t)) => Some(Followed::Thread(t)),
                (None, None) => None,
            })
            .collect())
    }

    /// Ends everything `user` follows (their account is deleted).
    pub fn remove_all(conn: &mut DbConn, user: i32) -> QueryResult<usize> {
        diesel::delete(follows::table.filter(follows::user_id.eq(user))).execute(conn)
    }
}
