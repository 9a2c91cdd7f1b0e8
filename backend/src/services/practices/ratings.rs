//! Ratings of good practices: one per signed-in user and practice, 1–5 stars
//! with an optional review, editable. Members of the owner organisation do not
//! rate their own practice. The practice keeps the count and sum in step.

use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::schema::{practice_ratings, practices, users};
use crate::domain::limits;
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::validate::Checker;

pub use pspm_frontend::model::RatingView;

/// A rating as given.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct RatingInput {
    /// 1 to 5.
    pub stars: i32,
    /// Optional review (at most 5,000 characters).
    #[serde(default)]
    pub review: String,
}

/// Rates a published practice, or changes the actor's rating. Returns the rating id.
pub fn rate(
    conn: &mut DbConn,
    actor: &Actor,
    practice_id: i32,
    input: &RatingInput,
) -> AppResult<i32> {
    conn.write(|conn| {
        let p = crate::services::practices::readable(conn, Some(actor), practice_id)?;
        if p.status != "published" {
            return Err(AppError::Conflict {
                code: "not_published",
                detail: "Only published practices can be rated.".into(),
                field: None,
            });
        }
        if actor.organisation_id == Some(p.owner_organisation_id) {
            return Err(AppError::Conflict {
                code: "own_practice",
                detail: "Members of the owner organisation cannot rate its practice.".into(),
                field: None,
            });
        }
        let mut c = Checker::default();
        if !(1..=5).contains(&input.stars) {
            c.add("stars", "out_of_range", "stars must be from 1 to 5");
        }
        let review = input.review.trim().to_owned();
        if review.chars().count() > limits::CONTRIBUTION {
            c.add(
                "review",
                "too_long",
                format!("review must be at most {} characters", limits::CONTRIBUTION),
            );
        }
        c.finish()?;
        let now = crate::db::now();
        let existing: Option<(i32, i32)> = practice_ratings::table
            .filter(practice_ratings::practice_id.eq(practice_id))
            .filter(practice_ratings::user_id.eq(actor.user_id))
            .select((practice_ratings::id, practice_ratings::stars))
            .first(conn)
            .optional()?;
        let (id, before) = match existing {
            Some((id, before)) => {
                diesel::update(practice_ratings::table.find(id))
                    .set((
                        practice_ratings::stars.eq(input.stars),
                        practice_ratings::review.eq(&review),
                        practice_ratings::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                diesel::update(practices::table.find(practice_id))
                    .set(practices::rating_sum.eq(practices::rating_sum + (input.stars - before)))
                    .execute(conn)?;
                (id, Some(before))
            }
            None => {
                let id: i32 = diesel::insert_into(practice_ratings::table)
                    .values((
                        practice_ratings::practice_id.eq(practice_id),
                        practice_ratings::user_id.eq(actor.user_id),
                        practice_ratings::stars.eq(input.stars),
                        practice_ratings::review.eq(&review),
                        practice_ratings::created_at.eq(now),
                        practice_ratings::updated_at.eq(now),
                    ))
                    .returning(practice_ratings::id)
                    .get_result(conn)?;
                diesel::update(practices::table.find(practice_id))
                    .set((
                        practices::rating_sum.eq(practices::rating_sum + input.stars),
                        practices::rating_count.eq(practices::rating_count + 1),
                    ))
                    .execute(conn)?;
                (id, None)
            }
        };
        audit::record(
            conn,
            Some(actor),
            if before.is_some() {
                "rating.update"
            } else {
                "rating.create"
            },
            "practice_rating",
            Some(id),
            json!({"practice_id": practice_id, "stars": {"from": before, "to": input.stars},
                   "review": "changed"}),
        )?;
        Ok(id)
    })
}

type Row = (
    i32,
    String,
    Option<chrono::NaiveDateTime>,
    i32,
    String,
    chrono::NaiveDateTime,
);

fn view(r: Row) -> RatingView {
    RatingView {
        id: r.0,
        author: if r.2.is_some() { String::new() } else { r.1 },
        author_deleted: r.2.is_some(),
        stars: r.3,
        review: r.4,
        updated_at: r.5,
    }
}

fn select() -> (
    practice_ratings::id,
    users::display_name,
    users::deleted_at,
    practice_ratings::stars,
    practice_ratings::review,
    practice_ratings::updated_at,
) {
    (
        practice_ratings::id,
        users::display_name,
        users::deleted_at,
        practice_ratings::stars,
        practice_ratings::review,
        practice_ratings::updated_at,
    )
}

/// Ratings of a practice, newest first.
pub fn list(conn: &mut DbConn, practice_id: i32) -> AppResult<Vec<RatingView>> {
    Ok(practice_ratings::table
        .inner_join(users::table)
        .filter(practice_ratings::practice_id.eq(practice_id))
        .order((
            practice_ratings::updated_at.desc(),
            practice_ratings::id.desc(),
        ))
        .select(select())
        .load::<Row>(conn)?
        .into_iter()
        .map(view)
        .collect())
}

/// The actor's own rating of a practice.
pub fn mine(conn: &mut DbConn, actor: &Actor, practice_id: i32) -> AppResult<Option<RatingView>> {
    Ok(practice_ratings::table
        .inner_join(users::table)
        .filter(practice_ratings::practice_id.eq(practice_id))
        .filter(practice_ratings::user_id.eq(actor.user_id))
        .select(select())
        .first::<Row>(conn)
        .optional()?
        .map(view))
}
