//! Ratings of good practices: one per user and practice.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{practice_ratings, users};

/// A rating with its author, as lists show it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = practice_ratings)]
pub struct RatingRow {
    /// Id.
    pub id: i32,
    /// The author's name.
    #[diesel(select_expression = users::display_name)]
    pub author: String,
    /// Set when the author deleted their account.
    #[diesel(select_expression = users::deleted_at)]
    pub author_deleted_at: Option<NaiveDateTime>,
    /// 1 to 5.
    pub stars: i32,
    /// Review text (may be empty).
    pub review: String,
    /// Last change.
    pub updated_at: NaiveDateTime,
}

/// Rating queries.
pub struct PracticeRating;

impl PracticeRating {
    /// The user's rating of a practice: its id and stars.
    pub fn of_user(conn: &mut DbConn, practice: i32, user: i32) -> QueryResult<Option<(i32, i32)>> {
        practice_ratings::table
            .filter(practice_ratings::practice_id.eq(practice))
            .filter(practice_ratings::user_id.eq(user))
            .select((practice_ratings::id, practice_ratings::stars))
            .first(conn)
            .optional()
    }

    /// Changes a rating's stars and review.
    pub fn update(
        conn: &mut DbConn,
        id: i32,
        stars: i32,
        review: &str,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(practice_ratings::table.find(id))
            .set((
                practice_ratings::stars.eq(stars),
                practice_ratings::review.eq(review),
                practice_ratings::updated_at.eq(at),
            ))
            .execute(conn)
            .map(drop)
    }

    /// Adds a rating; returns its id.
    pub fn create(
        conn: &mut DbConn,
        practice: i32,
        user: i32,
        stars: i32,
        review: &str,
        at: NaiveDateTime,
    ) -> QueryResult<i32> {
        diesel::insert_into(practice_ratings::table)
            .values((
                practice_ratings::practice_id.eq(practice),
                practice_ratings::user_id.eq(user),
                practice_ratings::stars.eq(stars),
                practice_ratings::review.eq(review),
                practice_ratings::created_at.eq(at),
                practice_ratings::updated_at.eq(at),
            ))
            .returning(practice_ratings::id)
            .get_result(conn)
    }

    /// Ratings of a practice with their authors, newest first; `user` narrows
    /// them to one author's.
    pub fn list(
        conn: &mut DbConn,
        practice: i32,
        user: Option<i32>,
    ) -> QueryResult<Vec<RatingRow>> {
        let mut q = practice_ratings::table
            .inner_join(users::table)
            .filter(practice_ratings::practice_id.eq(practice))
            .into_boxed();
        if let Some(user) = user {
            q = q.filter(practice_ratings::user_id.eq(user));
        }
        q.order((
            practice_ratings::updated_at.desc(),
            practice_ratings::id.desc(),
        ))
        .select(RatingRow::as_select())
        .load(conn)
    }
}
