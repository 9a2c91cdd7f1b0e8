//! Changes to the texts of a published practice that wait for an
//! administrator: one per practice and language, the texts kept as JSON.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::practice::PracticeText;
use super::schema::{practice_text_changes, users};

/// A change waiting for review.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = practice_text_changes)]
pub struct TextChange {
    /// Id.
    pub id: i32,
    /// The practice.
    pub practice_id: i32,
    /// The language of the texts.
    pub lang: String,
    /// The texts proposed ([`PracticeText`] as JSON).
    pub texts: String,
    /// Who proposed them.
    pub proposed_by: i32,
    /// When.
    pub created_at: NaiveDateTime,
}

impl TextChange {
    /// The texts proposed.
    pub fn text(&self) -> Option<PracticeText> {
        serde_json::from_str(&self.texts).ok()
    }

    /// Stores a change, replacing one waiting in the same language.
    pub fn put(
        conn: &mut DbConn,
        practice: i32,
        text: &PracticeText,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        Self::delete(conn, practice, &text.lang)?;
        let texts = serde_json::to_string(text).unwrap_or_default();
        diesel::insert_into(practice_text_changes::table)
            .values((
                practice_text_changes::practice_id.eq(practice),
                practice_text_changes::lang.eq(&text.lang),
                practice_text_changes::texts.eq(texts),
                practice_text_changes::proposed_by.eq(by),
                practice_text_changes::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// The change waiting in `lang`, if any.
    pub fn find(conn: &mut DbConn, practice: i32, lang: &str) -> QueryResult<Option<Self>> {
        practice_text_changes::table
            .filter(practice_text_changes::practice_id.eq(practice))
            .filter(practice_text_changes::lang.eq(lang))
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// The changes waiting for a practice, by language, with who proposed
    /// each (their display name).
    pub fn of_practice(conn: &mut DbConn, practice: i32) -> QueryResult<Vec<(Self, String)>> {
        practice_text_changes::table
            .inner_join(users::table)
            .filter(practice_text_changes::practice_id.eq(practice))
            .order(practice_text_changes::lang.asc())
            .select((Self::as_select(), users::display_name))
            .load(conn)
    }

    /// The practices with changes waiting, oldest change first.
    pub fn practices(conn: &mut DbConn) -> QueryResult<Vec<i32>> {
        let mut ids: Vec<i32> = practice_text_changes::table
            .order((
                practice_text_changes::created_at.asc(),
                practice_text_changes::id.asc(),
            ))
            .select(practice_text_changes::practice_id)
            .load(conn)?;
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(*id));
        Ok(ids)
    }

    /// Drops the change waiting in `lang`.
    pub fn delete(conn: &mut DbConn, practice: i32, lang: &str) -> QueryResult<usize> {
        diesel::delete(
            practice_text_changes::table
                .filter(practice_text_changes::practice_id.eq(practice))
                .filter(practice_text_changes::lang.eq(lang)),
        )
        .execute(conn)
    }

    /// Drops the changes a person proposed (when their account is deleted).
    pub fn delete_by(conn: &mut DbConn, user: i32) -> QueryResult<usize> {
        diesel::delete(
            practice_text_changes::table.filter(practice_text_changes::proposed_by.eq(user)),
        )
        .execute(conn)
    }
}
