//! The words of the published practices' texts, kept apart from the
//! snapshot: they change only when a practice does.

use diesel::dsl::max;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{audit_events, practice_texts, practices};
use crate::domain::PracticeStatus;
use crate::error::AppResult;
use crate::search::text_index::{Builder, TextIndex};

/// Practices whose texts are read at a time when their words are indexed.
pub(super) const WORDS_PART: usize = 1_000;

/// The words' key in the cache.
pub(super) const WORDS: &str = "catalogue-words";

/// Changed practices whose texts replace theirs in the kept words at most;
/// past this, every text is read again (an import, say).
pub(super) const REPLACED_AT_MOST: usize = 5_000;

/// The words of the published practices' texts, and how many practice
/// events there were when they were read (see [`Snapshot::words`]).
#[derive(Debug, Default)]
pub(super) struct Words {
    pub(super) index: TextIndex,
    pub(super) events: i64,
}

/// Which practices' texts [`add_texts`] reads.
pub(super) enum Which<'a> {
    /// Those with ids from one to the other, both included.
    Between(i32, i32),
    Among(&'a [i32]),
}

/// Adds the texts of the published practices `which` names to `words`, in
/// the order of the practices.
pub(super) fn add_texts(conn: &mut DbConn, words: &mut Builder, which: Which<'_>) -> AppResult<()> {
    let query = practice_texts::table
        .inner_join(practices::table)
        .filter(practices::status.eq(PracticeStatus::Published))
        .order((practice_texts::practice_id.asc(), practice_texts::id.asc()))
        .select((
            practice_texts::practice_id,
            (
                practice_texts::title,
                practice_texts::summary,
                practice_texts::problem,
                practice_texts::solution,
                practice_texts::results,
                practice_texts::lessons,
                practice_texts::conditions,
            ),
        ))
        .into_boxed();
    let query = match which {
        Which::Between(first, last) => {
            query.filter(practice_texts::practice_id.between(first, last))
        }
        Which::Among(ids) => query.filter(practice_texts::practice_id.eq_any(ids)),
    };
    let texts = query.load::<(
        i32,
        (String, String, String, String, String, String, String),
    )>(conn)?;
    for (id, (a, b, c, d, e, f, g)) in texts {
        words.add(id, &[&a, &b, &c, &d, &e, &f, &g]);
    }
    Ok(())
}

/// The version of the practices' texts and states: the newest audit event of
/// a practice (an edit, a translation, a publication or a withdrawal), and
/// how many practice events there are.
pub(super) fn texts_version(conn: &mut DbConn) -> AppResult<(i32, i64)> {
    let (newest, events) = audit_events::table
        .filter(audit_events::entity.eq("practice"))
        .select((max(audit_events::id), diesel::dsl::count_star()))
        .first::<(Option<i32>, i64)>(conn)?;
    Ok((newest.unwrap_or(0), events))
}
