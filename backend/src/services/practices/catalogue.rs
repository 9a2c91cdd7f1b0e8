//! The catalogue search at scale. The facet columns of every published
//! practice are kept in memory (a snapshot rebuilt when a practice, rating,
//! adoption or organisation changes — the latest audit event on those
//! entities is the snapshot's version), and so are the words of their texts
//! ([`TextIndex`], rebuilt only when a practice changes). A search finds,
//! ranks, filters, counts facets and sorts in memory, the same way on SQLite
//! and PostgreSQL, and asks the database only for the texts and owners of
//! the shown page. See bench/RESULTS.md.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::dsl::max;
use diesel::prelude::*;

use crate::cache::Cache;
use crate::db::DbConn;
use crate::db::audit_event::AuditEvent;
use crate::db::schema::{
    audit_events, organisations, practice_adoptions, practice_ratings, practice_sdgs,
    practice_tags, practice_texts, practices,
};
use crate::error::AppResult;
use crate::search::text_index::{Builder, TextIndex, seek};
use crate::services::practices::{
    Filter, InLanguage, PER_PAGE, SearchParams, highlight, mean, pick,
};

pub use pspm_frontend::model::{Facets, PracticeHit, SearchResult};

/// Audit entities whose changes alter the catalogue.
const ENTITIES: [&str; 5] = [
    "practice",
    "practice_adoption",
    "practice_rating",
    "practice_node_link",
    "organisation",
];

/// One published practice as the search sorts and shows it: its language is
/// a code, and only its title is an allocation of its own (a national
/// repository holds 100,000). What filters and facets read is in its
/// [`FacetRow`].
#[derive(Debug, Clone)]
struct Entry {
    id: i32,
    adoptions: i32,
    rating_sum: i32,
    rating_count: i32,
    published_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    /// Language the practice was written in (index into `Snapshot::languages`).
    language: u16,
    /// Title in the original language, lower case (for the title order).
    title: Box<str>,
}

/// What a search reads of every candidate practice, kept apart from its
/// [`Entry`] (24 bytes beside 64): a search with common words asks this
/// of thousands of practices, and reads the entries of the few it keeps.
#[derive(Debug, Clone, Copy, Default)]
struct FacetRow {
    /// The facet values as codes, in [`FACETS`] order: 0 for none, else
    /// 1 + the value's index in `Snapshot::values`.
    codes: [u16; FACETS],
    /// Bit n set for SDG n.
    sdgs: u32,
    /// Where its tags are in `Snapshot::tagged` (from, to).
    tags: (u32, u32),
}

/// Facets kept as codes: policy area, level, territory, innovation stage,
/// licence and owner organisation kind, at the positions below.
const FACETS: usize = 6;
const POLICY_AREA: usize = 0;
const LEVEL: usize = 1;
const TERRITORY: usize = 2;
const STAGE: usize = 3;
const LICENCE: usize = 4;

/// What a practice's row gives beside its [`Entry`], as text, for
/// [`Coder`] to turn into codes: the facet values, in [`FACETS`] order, and
/// the tags.
struct Raw {
    language: String,
    /// Bit n set for SDG n.
    sdgs: u32,
    values: [Option<String>; FACETS],
    tags: Vec<String>,
}

/// Every published practice's facet columns, and the words of its texts.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// In the order of the practices' ids.
    entries: Vec<Entry>,
    /// The entries' rows, at the same positions.
    rows: Vec<FacetRow>,
    words: Arc<Words>,
    /// For each text of `words` (as [`TextIndex::practices`] numbers
    /// them), the position of its practice's entry; [`NO_ROW`] when the
    /// practice has none.
    text_rows: Vec<u32>,
    /// For each facet and code, the texts of `words` (as
    /// [`TextIndex::practices`] numbers them) of the practices with that
    /// value, one bit each, when one text in [`TEXTS_WITH`] or more has
    /// it: a search with words ANDs these with the words' bitmaps instead
    /// of asking every match's entry.
    texts_with: [Vec<Option<Box<[u64]>>>; FACETS],
    tags: Vec<String>,
    /// The entries' tags (indexes into `tags`), each entry's together:
    /// counted for every match, so read in order rather than from an
    /// allocation of each entry's.
    tagged: Vec<u32>,
    /// Each facet's distinct values (a value's code is its index + 1), so
    /// that filtering and counting compare and index small integers. An
    /// updated snapshot keeps its predecessor's values (and tags), the
    /// entries' codes with them: a value no practice has any more is counted
    /// in no facet.
    values: [Vec<String>; FACETS],
    /// The languages practices are written in (a few, for 100,000 entries).
    languages: Vec<String>,
    /// How many catalogue events there were up to the version it was read
    /// at (see [`Snapshot::updated`]).
    events: i64,
}

/// In [`Snapshot::text_rows`], a text whose practice has no entry.
const NO_ROW: u32 = u32::MAX;

/// The snapshot's key in the cache.
const SNAPSHOT: &str = "catalogue";

/// Gives facet values and tags their codes in a snapshot, adding the new ones.
struct Coder {
    values: [HashMap<String, u16>; FACETS],
    tags: HashMap<String, u32>,
    languages: HashMap<String, u16>,
}

impl Coder {
    /// A coder for the values and tags `s` has.
    fn new(s: &Snapshot) -> Self {
        Self {
            values: std::array::from_fn(|f| {
                s.values[f]
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v.clone(), u16::try_from(i + 1).unwrap_or(u16::MAX)))
                    .collect()
            }),
            tags: s
                .tags
                .iter()
                .enumerate()
                .map(|(i, t)| (t.clone(), u32::try_from(i).unwrap_or(u32::MAX)))
                .collect(),
            languages: s
                .languages
                .iter()
                .enumerate()
                .map(|(i, l)| (l.clone(), u16::try_from(i).unwrap_or(u16::MAX)))
                .collect(),
        }
    }

    /// Adds `e` to `s` with the facet codes and tags of `raw`, as codes of
    /// `s` (its tags added to `s.tagged`).
    fn add(&mut self, s: &mut Snapshot, mut e: Entry, raw: Raw) {
        let mut row = FacetRow {
            sdgs: raw.sdgs,
            ..FacetRow::default()
        };
        for (f, value) in raw.values.into_iter().enumerate() {
            let Some(value) = value else { continue };
            let next = s.values[f].len();
            row.codes[f] = *self.values[f].entry(value).or_insert_with_key(|v| {
                s.values[f].push(v.clone());
                u16::try_from(next + 1).unwrap_or(u16::MAX)
            });
        }
        let next = s.languages.len();
        e.language = *self.languages.entry(raw.language).or_insert_with_key(|l| {
            s.languages.push(l.clone());
            u16::try_from(next).unwrap_or(u16::MAX)
        });
        let from = s.tagged.len();
        for tag in raw.tags {
            let next = s.tags.len();
            s.tagged.push(*self.tags.entry(tag).or_insert_with_key(|t| {
                s.tags.push(t.clone());
                u32::try_from(next).unwrap_or(u32::MAX)
            }));
        }
        row.tags = (from as u32, s.tagged.len() as u32);
        s.entries.push(e);
        s.rows.push(row);
    }
}

/// Every published practice (`None`) or those of `ids` (sorted) that are
/// published, in the order of their ids, with their titles, SDGs and tags
/// (the tags as text; facet codes are left to [`Coder`]).
fn read_entries(conn: &mut DbConn, ids: Option<&[i32]>) -> AppResult<Vec<(Entry, Raw)>> {
    let heads: Vec<Head> = in_parts(ids, |part| {
        let mut query = practices::table
            .inner_join(organisations::table)
            .filter(practices::status.eq("published"))
            .order(practices::id.asc())
            .select((
                (
                    practices::id,
                    practices::level,
                    practices::policy_area,
                    practices::territory_code,
                ),
                (
                    practices::innovation_stage,
                    practices::licence,
                    organisations::kind,
                    practices::adoption_count,
                    practices::rating_sum,
                    practices::rating_count,
                ),
                (
                    practices::published_at,
                    practices::created_at,
                    practices::original_language,
                ),
            ))
            .into_boxed();
        if let Some(part) = part {
            query = query.filter(practices::id.eq_any(part));
        }
        query.load(conn)
    })?;
    let mut entries: Vec<(Entry, Raw)> = heads
        .into_iter()
        .map(|(a, b, c)| {
            let e = Entry {
                id: a.0,
                adoptions: b.3,
                rating_sum: b.4,
                rating_count: b.5,
                published_at: c.0,
                created_at: c.1,
                language: 0,
                title: Box::default(),
            };
            // In FACETS order.
            let values = [a.2, a.1, a.3, b.0, b.1, Some(b.2)];
            (
                e,
                Raw {
                    language: c.2,
                    sdgs: 0,
                    values,
                    tags: Vec::new(),
                },
            )
        })
        .collect();
    let position = |id: i32| entries.binary_search_by_key(&id, |(e, _)| e.id).ok();
    let titles: Vec<(i32, String, String)> = in_parts(ids, |part| {
        let mut query = practice_texts::table
            .inner_join(practices::table)
            .filter(practices::status.eq("published"))
            .select((
                practice_texts::practice_id,
                practice_texts::lang,
                practice_texts::title,
            ))
            .into_boxed();
        if let Some(part) = part {
            query = query.filter(practice_texts::practice_id.eq_any(part));
        }
        query.load(conn)
    })?;
    let tags: Vec<(i32, String)> = in_parts(ids, |part| {
        let mut query = practice_tags::table
            .inner_join(practices::table)
            .filter(practices::status.eq("published"))
            .select((practice_tags::practice_id, practice_tags::tag))
            .into_boxed();
        if let Some(part) = part {
            query = query.filter(practice_tags::practice_id.eq_any(part));
        }
        query.load(conn)
    })?;
    let sdgs: Vec<(i32, i32)> = in_parts(ids, |part| {
        let mut query = practice_sdgs::table
            .inner_join(practices::table)
            .filter(practices::status.eq("published"))
            .select((practice_sdgs::practice_id, practice_sdgs::sdg))
            .into_boxed();
        if let Some(part) = part {
            query = query.filter(practice_sdgs::practice_id.eq_any(part));
        }
        query.load(conn)
    })?;
    let titles: Vec<(usize, String, String)> = titles
        .into_iter()
        .filter_map(|(id, lang, title)| Some((position(id)?, lang, title)))
        .collect();
    let tags: Vec<(usize, String)> = tags
        .into_iter()
        .filter_map(|(id, tag)| Some((position(id)?, tag)))
        .collect();
    let sdgs: Vec<(usize, i32)> = sdgs
        .into_iter()
        .filter_map(|(id, sdg)| Some((position(id)?, sdg)))
        .collect();
    for (i, lang, title) in titles {
        let (e, raw) = &mut entries[i];
        // The original language's title wins; any title is better than none.
        if e.title.is_empty() || raw.language == lang {
            e.title = title.to_lowercase().into();
        }
    }
    for (i, tag) in tags {
        entries[i].1.tags.push(tag);
    }
    for (i, sdg) in sdgs {
        if (1..=31).contains(&sdg) {
            entries[i].1.sdgs |= 1 << sdg;
        }
    }
    Ok(entries)
}

/// `load` once for everything (`None`), or once per part of `ids` (short
/// enough for a query's parameters).
fn in_parts<R>(
    ids: Option<&[i32]>,
    mut load: impl FnMut(Option<&[i32]>) -> diesel::QueryResult<Vec<R>>,
) -> diesel::QueryResult<Vec<R>> {
    match ids {
        None => load(None),
        Some(ids) => crate::db::in_chunks(ids, |part| load(Some(part))),
    }
}

/// How many catalogue events there are up to `version`.
fn events_up_to(conn: &mut DbConn, version: i32) -> AppResult<i64> {
    Ok(audit_events::table
        .filter(audit_events::entity.eq_any(ENTITIES))
        .filter(audit_events::id.le(version))
        .count()
        .get_result(conn)?)
}

fn sorted_unique(mut ids: Vec<i32>) -> Vec<i32> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

type Head = (
    (i32, Option<String>, Option<String>, Option<String>),
    (Option<String>, Option<String>, String, i32, i32, i32),
    (Option<NaiveDateTime>, NaiveDateTime, String),
);

impl Snapshot {
    /// A row's tags (indexes into `tags`).
    fn tags_of(&self, r: &FacetRow) -> &[u32] {
        &self.tagged[r.tags.0 as usize..r.tags.1 as usize]
    }

    /// The position of text `t`'s practice's entry (and row), if it has one.
    fn text_row(&self, t: u32) -> Option<usize> {
        let at = *self.text_rows.get(t as usize)?;
        (at != NO_ROW).then_some(at as usize)
    }

    /// Fills [`Snapshot::text_rows`] and [`Snapshot::texts_with`] once the
    /// entries and words are in.
    fn index_facets(&mut self) {
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
    fn texts_wanted(&self, wanted: &[Option<u16>; FACETS]) -> Option<Vec<u64>> {
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
    fn value(&self, f: usize, code: u16) -> Option<String> {
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
    fn load(conn: &mut DbConn, cache: &Cache, v: i32) -> AppResult<Self> {
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
    fn updated(
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
    fn words(&self, conn: &mut DbConn, cache: &Cache, version: (i32, i64)) -> AppResult<Words> {
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
    fn load_words(&self, conn: &mut DbConn) -> AppResult<TextIndex> {
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
    fn wanted(&self, f: &Filter) -> [Option<u16>; FACETS] {
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
    fn keeps(
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
const TEXTS_WITH: usize = 64;

/// Practices whose texts are read at a time when their words are indexed.
const WORDS_PART: usize = 1_000;

/// The words' key in the cache.
const WORDS: &str = "catalogue-words";

/// Changed practices whose texts replace theirs in the kept words at most;
/// past this, every text is read again (an import, say).
const REPLACED_AT_MOST: usize = 5_000;

/// The words of the published practices' texts, and how many practice
/// events there were when they were read (see [`Snapshot::words`]).
#[derive(Debug, Default)]
struct Words {
    index: TextIndex,
    events: i64,
}

/// Which practices' texts [`add_texts`] reads.
enum Which<'a> {
    /// Those with ids from one to the other, both included.
    Between(i32, i32),
    Among(&'a [i32]),
}

/// Adds the texts of the published practices `which` names to `words`, in
/// the order of the practices.
fn add_texts(conn: &mut DbConn, words: &mut Builder, which: Which<'_>) -> AppResult<()> {
    let query = practice_texts::table
        .inner_join(practices::table)
        .filter(practices::status.eq("published"))
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
fn texts_version(conn: &mut DbConn) -> AppResult<(i32, i64)> {
    let (newest, events) = audit_events::table
        .filter(audit_events::entity.eq("practice"))
        .select((max(audit_events::id), diesel::dsl::count_star()))
        .first::<(Option<i32>, i64)>(conn)?;
    Ok((newest.unwrap_or(0), events))
}

/// The version of the catalogue's data: the newest audit event of a
/// practice, rating, adoption, practice link or organisation. A search's
/// result changes only when it does.
pub fn catalogue_version(conn: &mut DbConn) -> AppResult<i32> {
    Ok(AuditEvent::latest_on(conn, &ENTITIES)?)
}

/// Counts sorted by count (descending), then value.
fn sorted(map: HashMap<&str, i64>, limit: usize) -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = map.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(limit);
    v
}

/// The facets' counts over a search's matches, added one at a time.
struct Tally {
    /// Counts by code: index 0 counts practices without a value.
    by: [Vec<i64>; FACETS],
    tags: Vec<i64>,
    sdgs: [i64; 32],
    total: i64,
}

impl Tally {
    fn new(s: &Snapshot) -> Self {
        Self {
            by: std::array::from_fn(|f| vec![0; s.values[f].len() + 1]),
            tags: vec![0; s.tags.len()],
            sdgs: [0; 32],
            total: 0,
        }
    }

    /// Counts a match with row `r`.
    fn add(&mut self, s: &Snapshot, r: &FacetRow) {
        self.total += 1;
        for (counts, &code) in self.by.iter_mut().zip(&r.codes) {
            counts[usize::from(code)] += 1;
        }
        for t in s.tags_of(r) {
            if let Some(n) = self.tags.get_mut(*t as usize) {
                *n += 1;
            }
        }
        let mut bits = r.sdgs & !1;
        while bits != 0 {
            self.sdgs[bits.trailing_zeros() as usize] += 1;
            bits &= bits - 1;
        }
    }

    fn facets(&self, s: &Snapshot) -> Facets {
        let named = |f: usize| -> HashMap<&str, i64> {
            self.by[f]
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(_, n)| **n > 0)
                .map(|(code, n)| (s.values[f][code - 1].as_str(), *n))
                .collect()
        };
        let tag_counts: HashMap<&str, i64> = self
            .tags
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| (s.tags[i].as_str(), *n))
            .collect();
        Facets {
            policy_area: sorted(named(0), usize::MAX),
            level: sorted(named(1), usize::MAX),
            territory: sorted(named(2), 30),
            sdg: self
                .sdgs
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, n)| (i.to_string(), *n))
                .collect(),
            stage: sorted(named(3), usize::MAX),
            licence: sorted(named(4), usize::MAX),
            owner_kind: sorted(named(5), usize::MAX),
            tag: sorted(tag_counts, 30),
        }
    }
}

/// What a hit shows of a practice's text in one language.
struct Shown {
    lang: String,
    title: String,
    summary: String,
    owner: String,
}

impl InLanguage for Shown {
    fn lang(&self) -> &str {
        &self.lang
    }
}

/// Searches published practices: every filter must hold; facets count the result.
pub fn search(
    conn: &mut DbConn,
    cache: &Cache,
    params: &SearchParams,
    lang: &str,
) -> AppResult<SearchResult> {
    let v = catalogue_version(conn)?;
    search_at(conn, cache, params, lang, v)
}

/// [`search`] with the catalogue's version already known (`v`, from
/// [`catalogue_version`]): the snapshot is kept in `cache` at that version.
pub fn search_at(
    conn: &mut DbConn,
    cache: &Cache,
    params: &SearchParams,
    lang: &str,
    v: i32,
) -> AppResult<SearchResult> {
    let (f, sort, page) = Filter::check(params)?;
    let snapshot: Arc<Snapshot> =
        cache.get_or(SNAPSHOT.into(), v, || Snapshot::at(conn, cache, v))?;
    let s = snapshot.as_ref();
    let tag = f
        .tag
        .as_ref()
        .map(|t| s.tags.iter().position(|x| x == t).map(|i| i as u32));
    let wanted = s.wanted(&f);
    let rating = |e: &Entry| mean(e.rating_sum, e.rating_count).unwrap_or(0.0);
    // Matches by their positions in `entries` (the order of their ids),
    // with their scores: the relevance order reads no entry.
    let order = |&(i, x): &(usize, f64), &(j, y): &(usize, f64)| -> std::cmp::Ordering {
        if sort == "relevance" {
            return y.total_cmp(&x).then(i.cmp(&j));
        }
        let (a, b) = (&s.entries[i], &s.entries[j]);
        match sort {
            "most_adopted" => b.adoptions.cmp(&a.adoptions).then(b.id.cmp(&a.id)),
            "best_rated" => rating(b)
                .total_cmp(&rating(a))
                .then(b.rating_count.cmp(&a.rating_count))
                .then(b.id.cmp(&a.id)),
            "title" => a.title.cmp(&b.title).then(a.id.cmp(&b.id)),
            _ => b
                .published_at
                .cmp(&a.published_at)
                .then(b.created_at.cmp(&a.created_at))
                .then(b.id.cmp(&a.id)),
        }
    };
    let start = usize::try_from((page - 1).saturating_mul(PER_PAGE)).unwrap_or(usize::MAX);
    let end = start.saturating_add(PER_PAGE as usize);
    // Each match is counted in the facets as it is found, and only the
    // first `end` in order are kept (with its score, 0 without words):
    // a search holds a page's worth, not every match.
    let mut tally = Tally::new(s);
    let mut first: Vec<(usize, f64)> = Vec::new();
    let mut take = |at: usize, score: f64| {
        tally.add(s, &s.rows[at]);
        first.push((at, score));
        if first.len() >= end.saturating_mul(2).max(64) {
            first.select_nth_unstable_by(end - 1, order);
            first.truncate(end);
        }
    };
    if f.words.is_empty() {
        for (at, row) in s.rows.iter().enumerate() {
            if s.keeps(row, &wanted, &f, tag) {
                take(at, 0.0);
            }
        }
    } else {
        let only = s.texts_wanted(&wanted);
        let row = |t: u32| s.text_row(t).map(|at| &s.rows[at]);
        s.words.index.search(
            &f.words,
            only.as_deref(),
            // The candidates' rows are read ahead, up to 64 at a time, so
            // that their cache misses are waited for together, not one by one.
            |t| {
                if let Some(r) = row(t) {
                    std::hint::black_box(*r);
                }
            },
            |t| row(t).is_some_and(|r| s.keeps(r, &wanted, &f, tag)),
            // Only texts `keep` kept are found, and those have a row.
            |t, score| {
                if let Some(at) = s.text_row(t) {
                    take(at, score);
                }
            },
        );
    }
    let facets = tally.facets(s);
    let total = tally.total;
    let mut matching = first;
    if end < matching.len() {
        matching.select_nth_unstable_by(end - 1, order);
        matching.truncate(end);
    }
    matching.sort_by(order);
    let shown: Vec<(&Entry, &FacetRow)> = matching
        .into_iter()
        .skip(start)
        .map(|(at, _)| (&s.entries[at], &s.rows[at]))
        .collect();
    let ids: Vec<i32> = shown.iter().map(|(e, _)| e.id).collect();
    // A hit shows a title, a summary and its owner's name: the other texts
    // (most of a practice's words) are not read.
    let query = practice_texts::table
        .inner_join(practices::table.inner_join(organisations::table))
        .into_boxed();
    let query = match (&*conn, ids.first(), ids.last()) {
        // On SQLite the ids are asked for as `PER_PAGE` terms, the last one
        // repeated, not as an `IN` list: diesel keeps no prepared statement
        // with a list, and preparing it for every search costs. PostgreSQL's
        // `= ANY` binds one array, which diesel keeps.
        (DbConn::Sqlite(_), Some(&first_id), Some(&last_id)) => ids
            .iter()
            .copied()
            .chain(std::iter::repeat(last_id))
            .take(ids.len().max(PER_PAGE as usize))
            .skip(1)
            .fold(
                query.filter(practice_texts::practice_id.eq(first_id)),
                |query, id| query.or_filter(practice_texts::practice_id.eq(id)),
            ),
        _ => query.filter(practice_texts::practice_id.eq_any(&ids)),
    };
    let texts: Vec<(i32, Shown)> = query
        .select((
            practice_texts::practice_id,
            (
                practice_texts::lang,
                practice_texts::title,
                practice_texts::summary,
                organisations::name,
            ),
        ))
        .load::<(i32, (String, String, String, String))>(conn)?
        .into_iter()
        .map(|(id, (lang, title, summary, owner))| {
            (
                id,
                Shown {
                    lang,
                    title,
                    summary,
                    owner,
                },
            )
        })
        .collect();
    let practices = shown
        .iter()
        .filter_map(|&(e, row)| {
            let original = s.languages.get(usize::from(e.language))?;
            let (t, fallback) = pick(&texts, e.id, lang, original)?;
            let mut tags: Vec<String> = s
                .tags_of(row)
                .iter()
                .filter_map(|t| s.tags.get(*t as usize).cloned())
                .collect();
            tags.sort();
            Some(PracticeHit {
                id: e.id,
                title: t.title.clone(),
                summary: highlight(&t.summary, &f.words),
                lang: t.lang.clone(),
                fallback,
                owner: t.owner.clone(),
                level: s.value(LEVEL, row.codes[LEVEL]),
                policy_area: s.value(POLICY_AREA, row.codes[POLICY_AREA]),
                innovation_stage: s.value(STAGE, row.codes[STAGE]),
                territory_code: s.value(TERRITORY, row.codes[TERRITORY]),
                licence: s.value(LICENCE, row.codes[LICENCE]),
                tags,
                adoptions: i64::from(e.adoptions),
                rating: mean(e.rating_sum, e.rating_count),
                ratings: i64::from(e.rating_count),
                published_at: e.published_at,
            })
        })
        .collect();
    Ok(SearchResult {
        practices,
        total,
        page,
        per_page: PER_PAGE,
        facets,
    })
}
