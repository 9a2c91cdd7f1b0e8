//! The catalogue's snapshot: every published practice's facet columns as
//! codes, and the texts' bitmaps per facet value, kept per catalogue version.

use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::{Coder, events_up_to, read_entries, sorted_unique};
use super::words::{REPLACED_AT_MOST, WORDS, Words, texts_version, words};
use super::{ENTITIES, FACETS};
use crate::cache::Cache;
use crate::db::DbConn;
use crate::db::schema::{audit_events, practice_adoptions, practice_ratings};
use crate::error::AppResult;
use crate::services::practices::Filter;

/// One published practice as the search sorts and shows it: its language is
/// a code, and only its title is an allocation of its own (a national
/// repository holds 100,000). What filters and facets read is in its
/// [`FacetRow`].
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) id: i32,
    pub(super) adoptions: i32,
    pub(super) rating_sum: i32,
    pub(super) rating_count: i32,
    pub(super) published_at: Option<NaiveDateTime>,
    pub(super) created_at: NaiveDateTime,
    /// Language the practice was written in (index into `Snapshot::languages`).
    pub(super) language: u16,
    /// Title in the original language, lower case (for the title order).
    pub(super) title: Box<str>,
}

/// What a search reads of every candidate practice, kept apart from its
/// [`Entry`] (24 bytes beside 64): a search with common words asks this
/// of thousands of practices, and reads the entries of the few it keeps.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct FacetRow {
    /// The facet values as codes, in [`FACETS`] order: 0 for none, else
    /// 1 + the value's index in `Snapshot::values`.
    pub(super) codes: [u16; FACETS],
    /// Bit n set for SDG n.
    pub(super) sdgs: u32,
    /// Where its tags are in `Snapshot::tagged` (from, to).
    pub(super) tags: (u32, u32),
}

/// What a practice's row gives beside its [`Entry`], as text, for
/// [`Coder`] to turn into codes: the facet values, in [`FACETS`] order, and
/// the tags.
pub(super) struct Raw {
    pub(super) language: String,
    /// Bit n set for SDG n.
    pub(super) sdgs: u32,
    pub(super) values: [Option<String>; FACETS],
    pub(super) tags: Vec<String>,
}

/// Every published practice's facet columns, and the words of its texts.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// In the order of the practices' ids.
    pub(super) entries: Vec<Entry>,
    /// The entries' rows, at the same positions.
    pub(super) rows: Vec<FacetRow>,
    /// The catalogue's text index at the version of the practices' texts.
    pub(super) words: Option<Arc<Words>>,
    pub(super) tags: Vec<String>,
    /// The entries' tags (indexes into `tags`), each entry's together:
    /// counted for every match, so read in order rather than from an
    /// allocation of each entry's.
    pub(super) tagged: Vec<u32>,
    /// Each facet's distinct values (a value's code is its index + 1), so
    /// that filtering and counting compare and index small integers. An
    /// updated snapshot keeps its predecessor's values (and tags), the
    /// entries' codes with them: a value no practice has any more is counted
    /// in no facet.
    pub(super) values: [Vec<String>; FACETS],
    /// The languages practices are written in (a few, for 100,000 entries).
    pub(super) languages: Vec<String>,
    /// How many catalogue events there were up to the version it was read
    /// at (see [`Snapshot::updated`]).
    pub(super) events: i64,
}

/// The snapshot's key in the cache.
pub(super) const SNAPSHOT: &str = "catalogue";

impl Snapshot {
    /// A row's tags (indexes into `tags`).
    pub(super) fn tags_of(&self, r: &FacetRow) -> &[u32] {
        &self.tagged[r.tags.0 as usize..r.tags.1 as usize]
    }

    /// The position of practice `id`'s entry (and row), if it has one.
    pub(super) fn row_of(&self, id: i32) -> Option<usize> {
        self.entries.binary_search_by_key(&id, |e| e.id).ok()
    }

    /// Facet `f`'s value of `code` (0: none).
    pub(super) fn value(&self, f: usize, code: u16) -> Option<String> {
        let at = usize::from(code).checked_sub(1)?;
        self.values[f].get(at).cloned()
    }

    /// The snapshot at catalogue version `v` (from [`catalogue_version`]):
    /// the one kept in `cache` at an older version brought up to date when
    /// the events since name the practices that changed
    /// ([`Snapshot::updated`]), else every published practice read again.
    pub fn at(conn: &mut DbConn, cache: &Cache, v: i32) -> AppResult<Self> {
        if let Some((then, old)) = cache.kept::<Snapshot>(SNAPSHOT)
            && then < v
            && let Some(s) = old.updated(conn, cache, then, v)?
        {
            return Ok(s);
        }
        Self::load(conn, cache, v)
    }

    /// Reads every published practice; the words of the texts are kept in
    /// `cache` apart, by the version of the practices alone (see
    /// [`texts_version`]), so a rating or an adoption does not read every
    /// text again.
    pub(super) fn load(conn: &mut DbConn, cache: &Cache, v: i32) -> AppResult<Self> {
        // The version is read before the practices: if one changes meanwhile,
        // the words are newer than the version they are kept under and are
        // read again next time. Read after, a new practice's words could be
        // missing under a version that claims them.
        let texts = texts_version(conn)?;
        let mut s = Snapshot {
            events: events_up_to(conn, v)?,
            ..Snapshot::default()
        };
        let mut coder = Coder::new(&s);
        for (entry, raw) in read_entries(conn, None)? {
            coder.add(&mut s, entry, raw);
        }
        s.words = Some(cache.get_or(WORDS.into(), texts.0, || words(conn, cache, texts))?);
        Ok(s)
    }

    /// This snapshot, read at version `then`, brought to version `v`: the
    /// practices that the catalogue events in between name (a practice by
    /// its own events, an adoption's or a rating's by theirs) are read again
    /// and replace theirs; the others are copied. `None` (read everything
    /// again) when an organisation changed (its kind is every one of its
    /// practices' facet), an event names no practice (an import), more than
    /// [`REPLACED_AT_MOST`] events came, or events up to `then` committed
    /// after this snapshot was read (a late commit, which looking above `then` would miss).
    pub(super) fn updated(
        &self,
        conn: &mut DbConn,
        cache: &Cache,
        then: i32,
        v: i32,
    ) -> AppResult<Option<Self>> {
        let texts = texts_version(conn)?;
        if events_up_to(conn, then)? != self.events {
            return Ok(None);
        }
        let events = events_up_to(conn, v)?;
        let named: Vec<(String, Option<i32>)> = audit_events::table
            .filter(audit_events::entity.eq_any(ENTITIES))
            .filter(audit_events::id.gt(then))
            .filter(audit_events::id.le(v))
            .select((audit_events::entity, audit_events::entity_id))
            .load(conn)?;
        if named.len() > REPLACED_AT_MOST {
            return Ok(None);
        }
        let (mut changed, mut adoptions, mut ratings) = (Vec::new(), Vec::new(), Vec::new());
        for (entity, id) in named {
            match (entity.as_str(), id) {
                ("practice", Some(id)) => changed.push(id),
                ("practice_adoption", Some(id)) => adoptions.push(id),
                ("practice_rating", Some(id)) => ratings.push(id),
                // A practice's links to plan nodes are not in the snapshot.
                ("practice_node_link", _) => {}
                _ => return Ok(None),
            }
        }
        let (adoptions, ratings) = (sorted_unique(adoptions), sorted_unique(ratings));
        let adopted: Vec<i32> = crate::db::in_chunks(&adoptions, |part| {
            practice_adoptions::table
                .filter(practice_adoptions::id.eq_any(part))
                .select(practice_adoptions::practice_id)
                .load(conn)
        })?;
        let rated: Vec<i32> = crate::db::in_chunks(&ratings, |part| {
            practice_ratings::table
                .filter(practice_ratings::id.eq_any(part))
                .select(practice_ratings::practice_id)
                .load(conn)
        })?;
        // A deleted adoption or rating no longer names its practice.
        if adopted.len() != adoptions.len() || rated.len() != ratings.len() {
            return Ok(None);
        }
        changed.extend(adopted);
        changed.extend(rated);
        let changed = sorted_unique(changed);
        let mut s = Snapshot {
            events,
            tags: self.tags.clone(),
            values: self.values.clone(),
            languages: self.languages.clone(),
            ..Snapshot::default()
        };
        let mut coder = Coder::new(&s);
        let mut fresh = read_entries(conn, Some(&changed))?.into_iter().peekable();
        s.entries.reserve(self.entries.len() + changed.len());
        s.rows.reserve(self.entries.len() + changed.len());
        for (e, row) in self.entries.iter().zip(&self.rows) {
            while let Some((entry, raw)) = fresh.next_if(|(f, _)| f.id < e.id) {
                coder.add(&mut s, entry, raw);
            }
            if changed.binary_search(&e.id).is_err() {
                let from = s.tagged.len() as u32;
                s.tagged.extend_from_slice(self.tags_of(row));
                s.entries.push(e.clone());
                s.rows.push(FacetRow {
                    tags: (from, s.tagged.len() as u32),
                    ..*row
                });
            }
        }
        for (entry, raw) in fresh {
            coder.add(&mut s, entry, raw);
        }
        s.words = Some(cache.get_or(WORDS.into(), texts.0, || words(conn, cache, texts))?);
        Ok(Some(s))
    }

    /// The codes a search asks for, in [`FACETS`] order: `None` where the
    /// facet is not filtered; a value no practice has gets a code none has.
    pub(super) fn wanted(&self, f: &Filter) -> [Option<u16>; FACETS] {
        // A licence as people write it ("cc by 4.0") filters as its identifier.
        let licence = f.licence.as_deref().map(pspm_frontend::licences::canonical);
        let asked = [
            &f.policy_area,
            &f.level,
            &f.territory,
            &f.stage,
            &licence,
            &f.owner_kind,
        ];
        let mut wanted = [None; FACETS];
        for (i, value) in asked.into_iter().enumerate() {
            wanted[i] = value.as_ref().map(|v| {
                self.values[i]
                    .iter()
                    .position(|x| x == v)
                    .and_then(|at| u16::try_from(at + 1).ok())
                    .unwrap_or(u16::MAX)
            });
        }
        wanted
    }

    /// Whether a practice with row `r` has every value the search asks for.
    pub(super) fn keeps(
        &self,
        r: &FacetRow,
        wanted: &[Option<u16>; FACETS],
        f: &Filter,
        tag: Option<Option<u32>>,
    ) -> bool {
        wanted
            .iter()
            .zip(r.codes)
            .all(|(w, code)| w.is_none_or(|w| w == code))
            && f.sdg.is_none_or(|n| r.sdgs & (1 << n) != 0)
            && match tag {
                None => true,
                Some(None) => false,
                Some(Some(t)) => self.tags_of(r).contains(&t),
            }
    }
}
