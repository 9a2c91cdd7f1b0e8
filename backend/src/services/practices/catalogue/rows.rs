//! Reading the published practices' rows for a snapshot, and giving their
//! facet values and tags their codes.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::snapshot::{Entry, FacetRow, Raw, Snapshot};
use super::{ENTITIES, FACETS};
use crate::db::DbConn;
use crate::db::schema::{
    audit_events, organisations, practice_sdgs, practice_tags, practice_texts, practices,
};
use crate::domain::PracticeStatus;
use crate::error::AppResult;

/// Gives facet values and tags their codes in a snapshot, adding the new ones.
pub(super) struct Coder {
    pub(super) values: [HashMap<String, u16>; FACETS],
    pub(super) tags: HashMap<String, u32>,
    pub(super) languages: HashMap<String, u16>,
}

impl Coder {
    /// A coder for the values and tags `s` has.
    pub(super) fn new(s: &Snapshot) -> Self {
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
    pub(super) fn add(&mut self, s: &mut Snapshot, mut e: Entry, raw: Raw) {
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
pub(super) fn read_entries(conn: &mut DbConn, ids: Option<&[i32]>) -> AppResult<Vec<(Entry, Raw)>> {
    let heads: Vec<Head> = in_parts(ids, |part| {
        let mut query = practices::table
            .inner_join(organisations::table)
            .filter(practices::status.eq(PracticeStatus::Published))
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
            .filter(practices::status.eq(PracticeStatus::Published))
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
            .filter(practices::status.eq(PracticeStatus::Published))
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
            .filter(practices::status.eq(PracticeStatus::Published))
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
pub(super) fn in_parts<R>(
    ids: Option<&[i32]>,
    mut load: impl FnMut(Option<&[i32]>) -> diesel::QueryResult<Vec<R>>,
) -> diesel::QueryResult<Vec<R>> {
    match ids {
        None => load(None),
        Some(ids) => crate::db::in_chunks(ids, |part| load(Some(part))),
    }
}

/// How many catalogue events there are up to `version`.
pub(super) fn events_up_to(conn: &mut DbConn, version: i32) -> AppResult<i64> {
    Ok(audit_events::table
        .filter(audit_events::entity.eq_any(ENTITIES))
        .filter(audit_events::id.le(version))
        .count()
        .get_result(conn)?)
}

pub(super) fn sorted_unique(mut ids: Vec<i32>) -> Vec<i32> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

pub(super) type Head = (
    (i32, Option<String>, Option<String>, Option<String>),
    (Option<String>, Option<String>, String, i32, i32, i32),
    (Option<NaiveDateTime>, NaiveDateTime, String),
);
