//! Practices like a given one, for its page: those sharing its tags and the
//! words of its title, as the catalogue's index ranks them.

use std::sync::Arc;

use super::snapshot::{SNAPSHOT, Snapshot};
use super::{catalogue_version, texts_of};
use crate::cache::Cache;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::search::typed::any_of;
use crate::services::practices::pick;

pub use pspm_frontend::model::SimilarPractice;

/// At most this many similar practices are shown.
const SHOWN: usize = 5;

/// Up to five published practices like published practice `id` (none for
/// a practice not published), the most alike first, with the tags they
/// share with it; titles in `lang` where they have it.
pub fn similar(
    conn: &mut DbConn,
    cache: &Cache,
    id: i32,
    lang: &str,
) -> AppResult<Vec<SimilarPractice>> {
    let v = catalogue_version(conn)?;
    let snapshot: Arc<Snapshot> =
        cache.get_or(SNAPSHOT.into(), v, || Snapshot::at(conn, cache, v))?;
    let s = snapshot.as_ref();
    let (Some(words), Some(at)) = (s.words.as_deref(), s.row_of(id)) else {
        return Ok(Vec::new());
    };
    let tags = s.tags_of(&s.rows[at]);
    // Its tags as phrases, and its title's longer words, any of them: the
    // index ranks the practices with most of them, and the rarest, first.
    let mut parts: Vec<String> = tags.iter().map(|t| s.tags[*t as usize].clone()).collect();
    parts.extend(
        s.entries[at]
            .title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_owned),
    );
    let query = words.engine.parse(&any_of(&parts));
    // The practice itself is among the best: one more is asked for.
    let found: Vec<usize> = words
        .engine
        .best(&words.searcher, &*query, SHOWN + 1)?
        .into_iter()
        .filter(|other| *other != id)
        .filter_map(|other| s.row_of(other))
        .take(SHOWN)
        .collect();
    let ids: Vec<i32> = found.iter().map(|at| s.entries[*at].id).collect();
    let texts = texts_of(conn, &ids)?;
    Ok(found
        .iter()
        .filter_map(|&other| {
            let e = &s.entries[other];
            let original = s.languages.get(usize::from(e.language))?;
            let (t, _) = pick(&texts, e.id, lang, original)?;
            let theirs = s.tags_of(&s.rows[other]);
            let mut shared_tags: Vec<String> = tags
                .iter()
                .filter(|t| theirs.contains(t))
                .map(|t| s.tags[*t as usize].clone())
                .collect();
            shared_tags.sort();
            Some(SimilarPractice {
                id: e.id,
                title: t.title.clone(),
                lang: t.lang.clone(),
                shared_tags,
            })
        })
        .collect())
}
