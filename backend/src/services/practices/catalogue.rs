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

use diesel::prelude::*;

use crate::cache::Cache;
use crate::db::DbConn;
use crate::db::audit_event::AuditEvent;
use crate::db::schema::{organisations, practice_texts, practices};
use crate::error::AppResult;
use crate::search::typed::{Typed, highlight};
use crate::services::practices::{Filter, InLanguage, PER_PAGE, SearchParams, mean, pick};

mod rows;
mod similar;
mod snapshot;
mod words;

pub use similar::similar;
use snapshot::{Entry, FacetRow, SNAPSHOT, Snapshot};
pub use words::{INDEX_PLACE, IndexPlace, default_dir, postgres_dir};

pub use pspm_frontend::model::{Facets, PracticeHit, SearchResult};

/// Audit entities whose changes alter the catalogue.
const ENTITIES: [&str; 5] = [
    "practice",
    "practice_adoption",
    "practice_rating",
    "practice_node_link",
    "organisation",
];

/// Facets kept as codes: policy area, level, territory, innovation stage,
/// licence and owner organisation kind, at the positions below.
const FACETS: usize = 6;
const POLICY_AREA: usize = 0;
const LEVEL: usize = 1;
const TERRITORY: usize = 2;
const STAGE: usize = 3;
const LICENCE: usize = 4;

/// Fewer exact matches than this, and the words nothing has are corrected.
const FEW: usize = 3;
/// Matches of a corrected query rank below every exact match.
const NEAR_BELOW: f64 = 1e9;

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

    fn facets(&self, s: &Snapshot, all: Option<&str>) -> Facets {
        let shown = |facet: &str| if all == Some(facet) { usize::MAX } else { 30 };
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
        let territories = named(2);
        let (territory_values, tag_values) = (territories.len() as i64, tag_counts.len() as i64);
        Facets {
            policy_area: sorted(named(0), usize::MAX),
            level: sorted(named(1), usize::MAX),
            territory: sorted(territories, shown("territory")),
            territory_values,
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
            tag: sorted(tag_counts, shown("tag")),
            tag_values,
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
    let mut suggestion = None;
    let mut marked = Vec::new();
    if f.words.is_empty() {
        for (at, row) in s.rows.iter().enumerate() {
            if s.keeps(row, &wanted, &f, tag) {
                take(at, 0.0);
            }
        }
    } else if let Some(words) = s.words.as_deref() {
        let typed = Typed::new(params.q.as_deref().unwrap_or_default());
        let found = |typed: &Typed| -> AppResult<Vec<(usize, f64)>> {
            let query = words.engine.parse(&typed.to_query());
            Ok(words
                .engine
                .matches(&words.searcher, &*query)?
                .into_iter()
                .filter_map(|(id, score)| {
                    let at = s.row_of(id)?;
                    s.keeps(&s.rows[at], &wanted, &f, tag)
                        .then_some((at, f64::from(score)))
                })
                .collect())
        };
        let exact = found(&typed)?;
        marked = typed.wanted();
        // Few matches: the words nothing has are taken as typos of the
        // nearest words the catalogue has, and what those find comes after.
        let mut near = Vec::new();
        if exact.len() < FEW
            && let Some(better) = typed.corrected(&words.engine, &words.searcher)
        {
            near = found(&better)?;
            near.retain(|(at, _)| !exact.iter().any(|(x, _)| x == at));
            if !near.is_empty() {
                suggestion = Some(better.to_query());
                marked.extend(better.wanted());
            }
        }
        for (at, score) in exact {
            take(at, score);
        }
        for (at, score) in near {
            take(at, score - NEAR_BELOW);
        }
    }
    let facets = tally.facets(s, f.all);
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
    let texts = texts_of(conn, &ids)?;
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
                summary: highlight(&t.summary, &t.lang, &marked),
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
        suggestion,
    })
}

/// The texts of practices `ids` that a hit shows (title, summary, owner),
/// in every language they have.
fn texts_of(conn: &mut DbConn, ids: &[i32]) -> AppResult<Vec<(i32, Shown)>> {
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
        _ => query.filter(practice_texts::practice_id.eq_any(ids)),
    };
    Ok(query
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
        .collect())
}
