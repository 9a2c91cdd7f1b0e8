//! The catalogue's snapshot: every published practice's facet columns as
//! codes, and the texts' bitmaps per facet value, kept per catalogue version.

use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::{Coder, events_up_to, read_entries, sorted_unique};
use super::words::{REPLACED_AT_MOST, WORDS, WORDS_PART, Which, Words, add_texts, texts_version};
use super::{ENTITIES, FACETS};
use crate::cache::Cache;
use crate::db::DbConn;
use crate::db::schema::{audit_events, practice_adoptions, practice_ratings};
use crate::error::AppResult;
use crate::search::text_index::{Builder, TextIndex, seek};
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
    pub(super) words: Arc<Words>,
    /// For each text of `words` (as [`TextIndex::practices`] numbers
    /// them), the position of its practice's entry; [`NO_ROW`] when the
    /// practice has none.
    pub(super) text_rows: Vec<u32>,
    /// For each facet and code, the texts of `words` (as
    /// [`TextIndex::practices`] numbers them) of the practices with that
    /// value, one bit each, when one text in [`TEXTS_WITH`] or more has
    /// it: a search with words ANDs these with the words' bitmaps instead
    /// of asking every match's entry.
    pub(super) texts_with: [Vec<Option<Box<[u64]>>>; FACETS],
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

/// In [`Snapshot::text_rows`], a text whose practice has no entry.
pub(super) const NO_ROW: u32 = u32::MAX;

/// The snapshot's key in the cache.
pub(super) const SNAPSHOT: &str = "catalogue";

impl Snapshot {
    /// A row's tags (indexes into `tags`).
    pub(super) fn tags_of(&self, r: &FacetRow) -> &[u32] {
        &self.tagged[r.tags.0 as usize..r.tags.1 as usize]
    }

    /// The position of text `t`'s practice's entry (and row), if it has one.
    pub(super) fn text_row(&self, t: u32) -> Option<usize> {
        let at = *self.text_rows.get(t as usize)?;
        (at != NO_ROW).then_some(at as usize)
    }

    /// Fills [`Snapshot::text_rows`] and [`Snapshot::texts_with`] once the
    /// entries and words are in.
    pub(super) fn index_facets(&mut self) {
        let practices = self.words.index.practices();
        let blocks = practices.len().div_ceil(64);
        // The texts come in the order of the practices' ids, like the
        // entries: each side walked with its own cursor.
        let ids: Vec<i32> = self.entries.iter().map(|e| e.id).collect();
        let mut text_rows = vec![NO_ROW; practices.len()];
        let mut at = 0;
        for (t, id) in practices.iter().enumerate() {
            at = seek(&ids, at, id);
            if ids.get(at) == Some(id) {
                text_rows[t] = u32::try_from(at).unwrap_or(NO_ROW);
            }
        }
        // Each text's entry's codes, in the order of the texts.
        let each_text = |each: &mut dyn FnMut(usize, &[u16; FACETS])| {
            for (t, at) in text_rows.iter().enumerate() {
                if let Some(r) = self.rows.get(*at as usize) {
                    each(t, &r.codes);
                }
            }
        };
        let mut counts: [Vec<usize>; FACETS] =
            std::array::from_fn(|f| vec![0; self.values[f].len() + 1]);
        each_text(&mut |_, codes| {
            for (n, &code) in counts.iter_mut().zip(codes) {
                n[usize::from(code)] += 1;
            }
        });
        let mut with: [Vec<Option<Box<[u64]>>>; FACETS] = std::array::from_fn(|f| {
            counts[f]
                .iter()
                .enumerate()
                .map(|(code, n)| {
                    (code > 0 && n * TEXTS_WITH >= practices.len())
                        .then(|| vec![0u64; blocks].into_boxed_slice())
                })
                .collect()
        });
        each_text(&mut |t, codes| {
            for (bits, &code) in with.iter_mut().zip(codes) {
                if let Some(Some(bits)) = bits.get_mut(usize::from(code)) {
                    bits[t / 64] |= 1 << (t % 64);
                }
            }
        });
        self.texts_with = with;
        self.text_rows = text_rows;
    }

    /// The texts of `words` whose practices have every facet value `wanted`
    /// asks for, as far as [`Snapshot::texts_with`] knows them (the
    /// others are left to [`Snapshot::keeps`]); `None` when it knows none.
    pub(super) fn texts_wanted(&self, wanted: &[Option<u16>; FACETS]) -> Option<Vec<u64>> {
        let mut only: Option<Vec<u64>> = None;
        for (f, code) in wanted.iter().enumerate() {
            let Some(Some(bits)) = code.and_then(|c| self.texts_with[f].get(usize::from(c))) else {
                continue;
            };
            match &mut only {
                None => only = Some(bits.to_vec()),
                Some(only) => only.iter_mut().zip(bits.iter()).for_each(|(a, b)| *a &= b),
            }
        }
        only
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
        s.words = cache.get_or(WORDS.into(), texts.0, || s.words(conn, cache, texts))?;
        s.index_facets();
        Ok(s)
    }

    /// This snapshot, read at version `then`, brought to version `v`: the
    /// practices that the catalogue events in between name (a practice by
    /// its own events, an adoption's or a rating's by theirs) are read again
    /// and replace theirs; the others are copied. `None` (read everything
    /// again) when an organisation changed (its kind is every one of its
    /// practices' facet), an event names no practice (an import), more than
    /// [`REPLACED_AT_MOST`] events came, or events up to `then` committed
    /// after this snapshot was read (as [`Snapshot::words`] explains).
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
        s.words = cache.get_or(WORDS.into(), texts.0, || s.words(conn, cache, texts))?;
        s.index_facets();
        Ok(Some(s))
    }

    /// The words at `version` (from [`texts_version`]). When the cache
    /// still holds older words whose events are all still there, only the
    /// texts of the practices changed since are read, and replace theirs
    /// ([`TextIndex::replaced`]); otherwise every text is read again.
    pub(super) fn words(
        &self,
        conn: &mut DbConn,
        cache: &Cache,
        version: (i32, i64),
    ) -> AppResult<Words> {
        if let Some((then, old)) = cache.kept::<Words>(WORDS)
            && then < version.0
        {
            // Events below `then` committed after the old words were read
            // (a transaction that took its id earlier and finished later)
            // would be missed by looking above `then`: then, read all.
            let events_then: i64 = audit_events::table
                .filter(audit_events::entity.eq("practice"))
                .filter(audit_events::id.le(then))
                .count()
                .get_result(conn)?;
            let changed: Option<Vec<i32>> = if events_then == old.events {
                Some(
                    audit_events::table
                        .filter(audit_events::entity.eq("practice"))
                        .filter(audit_events::id.gt(then))
                        .filter(audit_events::id.le(version.0))
                        .select(audit_events::entity_id.assume_not_null())
                        .filter(audit_events::entity_id.is_not_null())
                        .distinct()
                        .order(audit_events::entity_id.assume_not_null().asc())
                        .load(conn)?,
                )
            } else {
                None
            };
            if let Some(changed) = changed.filter(|c| c.len() <= REPLACED_AT_MOST) {
                let mut fresh = Builder::default();
                for part in changed.chunks(WORDS_PART) {
                    add_texts(conn, &mut fresh, Which::Among(part))?;
                }
                return Ok(Words {
                    index: old.index.replaced(&changed, &fresh.finish()),
                    events: version.1,
                });
            }
        }
        Ok(Words {
            index: self.load_words(conn)?,
            events: version.1,
        })
    }

    /// The words of every published practice's texts, read a part of the
    /// practices at a time (a whole catalogue's texts are never held at once).
    pub(super) fn load_words(&self, conn: &mut DbConn) -> AppResult<TextIndex> {
        let mut words = Builder::default();
        for part in self.entries.chunks(WORDS_PART) {
            let (Some(first), Some(last)) = (part.first(), part.last()) else {
                continue;
            };
            add_texts(conn, &mut words, Which::Between(first.id, last.id))?;
        }
        Ok(words.finish())
    }

    /// The codes a search asks for, in [`FACETS`] order: `None` where the
    /// facet is not filtered; a value no practice has gets a code none has.
    pub(super) fn wanted(&self, f: &Filter) -> [Option<u16>; FACETS] {
        let asked = [
            &f.policy_area,
            &f.level,
            &f.territory,
            &f.stage,
            &f.licence,
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

/// A facet value gets its texts' bitmap ([`Snapshot::texts_with`]) when
/// one text in this many or more has it: a bitmap costs a bit a text, and
/// at most this many values of a facet get one.
pub(super) const TEXTS_WITH: usize = 64;
