//! The words of the published practices, in the catalogue's text index
//! ([`Engine`]): kept apart from the snapshot, as they change only when a
//! practice (or its owner's name) does, and kept on disk between runs.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use diesel::dsl::max;
use diesel::prelude::*;
use pspm_analytics::territories::territory_name;
use serde::{Deserialize, Serialize};
use tantivy::Searcher;

use crate::cache::Cache;
use crate::db::DbConn;
use crate::db::schema::{audit_events, organisations, practice_tags, practice_texts, practices};
use crate::domain::PracticeStatus;
use crate::error::AppResult;
use crate::search::engine::{Engine, PracticeDoc};

/// Practices whose texts are read at a time when their words are indexed.
pub(super) const WORDS_PART: usize = 1_000;

/// The words' key in the cache.
pub(super) const WORDS: &str = "catalogue-words";

/// Changed practices whose documents are replaced in the index at most;
/// past this, the index is built again (an import, say).
pub(super) const REPLACED_AT_MOST: usize = 5_000;

/// The audit entities whose events change what the index holds.
const INDEXED: [&str; 2] = ["practice", "organisation"];

/// The index as of one version of the practices (see [`texts_version`]).
pub(super) struct Words {
    pub(super) engine: Arc<Engine>,
    pub(super) searcher: Searcher,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words").finish_non_exhaustive()
    }
}

/// Where the catalogue's index is, and the index once opened: one per cache
/// (so one per server), kept for as long as it.
#[derive(Default)]
pub struct IndexPlace {
    /// `PSPM_SEARCH_DIR`, when set.
    dir: Mutex<Option<PathBuf>>,
    engine: Mutex<Option<Arc<Engine>>>,
}

/// The key of [`IndexPlace`] in the cache.
pub const INDEX_PLACE: &str = "catalogue-index";

impl IndexPlace {
    /// Keeps the index in `dir` (before the first search).
    pub fn set_dir(&self, dir: Option<PathBuf>) {
        *lock(&self.dir) = dir;
    }

    /// Forgets the index opened: the next search opens it again (and builds
    /// it again if it cannot).
    fn reset(&self) {
        *lock(&self.engine) = None;
    }

    fn engine(&self, conn: &mut DbConn) -> AppResult<Arc<Engine>> {
        let mut engine = lock(&self.engine);
        if let Some(e) = engine.as_ref() {
            return Ok(Arc::clone(e));
        }
        let dir = match lock(&self.dir).clone() {
            Some(dir) => Some(dir),
            None => default_dir(conn)?,
        };
        let e = Arc::new(Engine::open(dir.as_deref())?);
        *engine = Some(Arc::clone(&e));
        Ok(e)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Each value is set in one assignment: a panic leaves it whole.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The index's place when none is configured: beside a SQLite database's
/// file (`<file>.search`), under the system's temporary directory for a
/// PostgreSQL database (by its name), in memory for a database in memory.
pub fn default_dir(conn: &mut DbConn) -> AppResult<Option<PathBuf>> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    Ok(match conn {
        DbConn::Sqlite(c) => {
            let file = diesel::sql_query(
                "SELECT file AS name FROM pragma_database_list WHERE name = 'main'",
            )
            .get_result::<Name>(c)?
            .name;
            (!file.is_empty()).then(|| PathBuf::from(format!("{file}.search")))
        }
        DbConn::Pg(c) => {
            let db = diesel::sql_query("SELECT current_database()::text AS name")
                .get_result::<Name>(c)?
                .name;
            Some(postgres_dir(&db))
        }
    })
}

/// [`default_dir`] of the PostgreSQL database named `db`.
pub fn postgres_dir(db: &str) -> PathBuf {
    let name: String = db
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    std::env::temp_dir()
        .join("pspm-search")
        .join(format!("pg-{name}"))
}

/// What the index holds, written with each commit: the newest event that
/// changed it and how many there were up to it, and, to tell a database
/// made again from scratch, when that event happened and how many
/// practices were published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    newest: i32,
    events: i64,
    at: String,
    published: i64,
}

/// The version of what the index holds: the newest audit event of a
/// practice (an edit, a translation, a publication or a withdrawal) or an
/// organisation (its name), and how many such events there are.
pub(super) fn texts_version(conn: &mut DbConn) -> AppResult<(i32, i64)> {
    let (newest, events) = audit_events::table
        .filter(audit_events::entity.eq_any(INDEXED))
        .select((max(audit_events::id), diesel::dsl::count_star()))
        .first::<(Option<i32>, i64)>(conn)?;
    Ok((newest.unwrap_or(0), events))
}

fn stamp(conn: &mut DbConn, (newest, events): (i32, i64)) -> AppResult<Stamp> {
    let at = audit_events::table
        .filter(audit_events::id.eq(newest))
        .select(audit_events::created_at)
        .first::<chrono::NaiveDateTime>(conn)
        .optional()?
        .map(|t| t.to_string())
        .unwrap_or_default();
    let published = practices::table
        .filter(practices::status.eq(PracticeStatus::Published))
        .count()
        .get_result(conn)?;
    Ok(Stamp {
        newest,
        events,
        at,
        published,
    })
}

/// The index brought to `version` (from [`texts_version`]): the practices
/// named by the events since the version it holds are indexed again; when
/// it holds another database's state, events it did not see came below its
/// version, or too many changed, every published practice is.
pub(super) fn words(conn: &mut DbConn, cache: &Cache, version: (i32, i64)) -> AppResult<Words> {
    let place = cache.pinned::<IndexPlace>(INDEX_PLACE);
    let now = stamp(conn, version)?;
    let engine = place.engine(conn)?;
    match brought_to(conn, engine, &now) {
        Ok(words) => Ok(words),
        // Its files were removed or damaged while open: opened again, it is
        // built again.
        Err(e) => {
            tracing::warn!(error = %e, "catalogue index failed: opened again");
            place.reset();
            let engine = place.engine(conn)?;
            brought_to(conn, engine, &now)
        }
    }
}

/// `engine` brought to what `now` says the database holds (see [`words`]).
fn brought_to(conn: &mut DbConn, engine: Arc<Engine>, now: &Stamp) -> AppResult<Words> {
    let held = |payload: Option<String>| -> Option<Stamp> { serde_json::from_str(&payload?).ok() };
    if held(engine.payload()).as_ref() != Some(now) {
        engine.write(|changes, payload| {
            let old = held(payload);
            if old.as_ref() == Some(now) {
                return Ok(None);
            }
            match old
                .map(|old| changed_since(conn, &old, now))
                .transpose()?
                .flatten()
            {
                Some(changed) => {
                    for part in changed.chunks(WORDS_PART) {
                        for id in part {
                            changes.remove(*id);
                        }
                        for doc in read_docs(conn, Which::Among(part))? {
                            changes.add(&doc)?;
                        }
                    }
                }
                None => {
                    changes.clear()?;
                    let ids: Vec<i32> = practices::table
                        .filter(practices::status.eq(PracticeStatus::Published))
                        .order(practices::id.asc())
                        .select(practices::id)
                        .load(conn)?;
                    for part in ids.chunks(WORDS_PART) {
                        let (Some(first), Some(last)) = (part.first(), part.last()) else {
                            continue;
                        };
                        for doc in read_docs(conn, Which::Between(*first, *last))? {
                            changes.add(&doc)?;
                        }
                    }
                }
            }
            Ok(Some(serde_json::to_string(now).unwrap_or_default()))
        })?;
    }
    let searcher = engine.searcher()?;
    Ok(Words { engine, searcher })
}

/// The practices to index again to bring the index from `old` to `now`;
/// `None` when everything must be (see [`words`]).
fn changed_since(conn: &mut DbConn, old: &Stamp, now: &Stamp) -> AppResult<Option<Vec<i32>>> {
    if old.newest > now.newest {
        return Ok(None);
    }
    // An index of practices loaded without events (a bulk load) names no
    // event to check the database by.
    let same_database = old.newest == 0
        || audit_events::table
            .filter(audit_events::id.eq(old.newest))
            .select(audit_events::created_at)
            .first::<chrono::NaiveDateTime>(conn)
            .optional()?
            .is_some_and(|t| t.to_string() == old.at);
    // Events below `old.newest` committed after it was indexed (a
    // transaction that took its id earlier and finished later) would be
    // missed by looking above it: then, index everything.
    let events_then: i64 = audit_events::table
        .filter(audit_events::entity.eq_any(INDEXED))
        .filter(audit_events::id.le(old.newest))
        .count()
        .get_result(conn)?;
    if !same_database || events_then != old.events {
        return Ok(None);
    }
    let named: Vec<(String, Option<i32>)> = audit_events::table
        .filter(audit_events::entity.eq_any(INDEXED))
        .filter(audit_events::id.gt(old.newest))
        .filter(audit_events::id.le(now.newest))
        .select((audit_events::entity, audit_events::entity_id))
        .load(conn)?;
    if named.len() > REPLACED_AT_MOST {
        return Ok(None);
    }
    let mut changed = Vec::new();
    let mut owners = Vec::new();
    for (entity, id) in named {
        match (entity.as_str(), id) {
            ("practice", Some(id)) => changed.push(id),
            ("organisation", Some(id)) => owners.push(id),
            // An event naming no practice (an import): everything again.
            _ => return Ok(None),
        }
    }
    if !owners.is_empty() {
        changed.extend(crate::db::in_chunks(&owners, |part| {
            practices::table
                .filter(practices::owner_organisation_id.eq_any(part))
                .select(practices::id)
                .load::<i32>(conn)
        })?);
    }
    changed.sort_unstable();
    changed.dedup();
    Ok((changed.len() <= REPLACED_AT_MOST).then_some(changed))
}

/// Which practices [`read_docs`] reads.
#[derive(Clone, Copy)]
enum Which<'a> {
    /// Those with ids from one to the other, both included.
    Between(i32, i32),
    Among(&'a [i32]),
}

/// The published practices `which` names, as the index holds them.
fn read_docs(conn: &mut DbConn, which: Which<'_>) -> AppResult<Vec<PracticeDoc>> {
    let heads = practices::table
        .inner_join(organisations::table)
        .filter(practices::status.eq(PracticeStatus::Published))
        .order(practices::id.asc())
        .select((
            practices::id,
            organisations::name,
            practices::territory_code,
        ))
        .into_boxed();
    let heads = match which {
        Which::Between(a, b) => heads.filter(practices::id.between(a, b)),
        Which::Among(ids) => heads.filter(practices::id.eq_any(ids)),
    };
    let mut docs: Vec<PracticeDoc> = heads
        .load::<(i32, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, owner, place)| PracticeDoc {
            id,
            owner,
            place: place.map(|code| match territory_name(&code) {
                Some(name) => format!("{code} {name}"),
                None => code,
            }),
            ..PracticeDoc::default()
        })
        .collect();
    if docs.is_empty() {
        return Ok(docs);
    }
    let at = |docs: &mut Vec<PracticeDoc>, id: i32| -> Option<usize> {
        docs.binary_search_by_key(&id, |d| d.id).ok()
    };
    let texts = practice_texts::table.into_boxed();
    let texts = match which {
        Which::Between(a, b) => texts.filter(practice_texts::practice_id.between(a, b)),
        Which::Among(ids) => texts.filter(practice_texts::practice_id.eq_any(ids)),
    };
    let texts = texts
        .order((practice_texts::practice_id.asc(), practice_texts::id.asc()))
        .select((
            practice_texts::practice_id,
            practice_texts::lang,
            practice_texts::title,
            practice_texts::summary,
            (
                practice_texts::problem,
                practice_texts::solution,
                practice_texts::results,
                practice_texts::lessons,
                practice_texts::conditions,
                practice_texts::how_to_use,
            ),
        ))
        .load::<(
            i32,
            String,
            String,
            String,
            (String, String, String, String, String, String),
        )>(conn)?;
    for (id, lang, title, summary, (a, b, c, d, e, f)) in texts {
        if let Some(i) = at(&mut docs, id) {
            docs[i]
                .texts
                .push((lang, title, summary, vec![a, b, c, d, e, f]));
        }
    }
    let tags = practice_tags::table.into_boxed();
    let tags = match which {
        Which::Between(a, b) => tags.filter(practice_tags::practice_id.between(a, b)),
        Which::Among(ids) => tags.filter(practice_tags::practice_id.eq_any(ids)),
    };
    let tags = tags
        .order((practice_tags::practice_id.asc(), practice_tags::id.asc()))
        .select((practice_tags::practice_id, practice_tags::tag))
        .load::<(i32, String)>(conn)?;
    for (id, tag) in tags {
        if let Some(i) = at(&mut docs, id) {
            // A problem profile is found by its names too.
            let names = pspm_frontend::problems::problem_names(&tag);
            docs[i].tags.extend(names.iter().map(|n| (*n).to_owned()));
            docs[i].tags.push(tag);
        }
    }
    Ok(docs)
}
