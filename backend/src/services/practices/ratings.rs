//! Ratings of good practices: one per signed-in user and practice, 1–5 stars
//! with an optional review, editable. Members of the owner organisation do not
//! rate their own practice. The practice keeps the count and sum in step.

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::practice::Practice;
use crate::db::practice_rating::{PracticeRating, RatingRow};
use crate::domain::{PracticeStatus, limits};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::validate::Checker;

pub use pspm_frontend::model::RatingView;

/// A rating as given.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct RatingInput {
    /// 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub stars: i32,
    /// Optional review (at most 5,000 characters).
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
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
        if p.status != PracticeStatus::Published {
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
        let review = c
            .opt_text("review", Some(&input.review), limits::CONTRIBUTION)
            .unwrap_or_default();
        c.finish()?;
        let now = crate::db::now();
        let (id, before) = match PracticeRating::of_user(conn, practice_id, actor.user_id)? {
            Some((id, before)) => {
                PracticeRating::update(conn, id, input.stars, &review, now)?;
                Practice::add_to_ratings(conn, practice_id, input.stars - before, 0)?;
                (id, Some(before))
            }
            None => {
                let id = PracticeRating::create(
                    conn,
                    practice_id,
                    actor.user_id,
                    input.stars,
                    &review,
                    now,
                )?;
                Practice::add_to_ratings(conn, practice_id, input.stars, 1)?;
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

fn view(r: RatingRow) -> RatingView {
    let deleted = r.author_deleted_at.is_some();
    RatingView {
        id: r.id,
        author: if deleted { String::new() } else { r.author },
        author_deleted: deleted,
        stars: r.stars,
        review: r.review,
        updated_at: r.updated_at,
    }
}

/// Ratings of a practice, newest first.
pub fn list(conn: &mut DbConn, practice_id: i32) -> AppResult<Vec<RatingView>> {
    Ok(PracticeRating::list(conn, practice_id, None)?
        .into_iter()
        .map(view)
        .collect())
}

/// The actor's own rating of a practice.
pub fn mine(conn: &mut DbConn, actor: &Actor, practice_id: i32) -> AppResult<Option<RatingView>> {
    Ok(
        PracticeRating::list(conn, practice_id, Some(actor.user_id))?
            .into_iter()
            .next()
            .map(view),
    )
}
