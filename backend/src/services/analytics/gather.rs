//! The participation rows of the reader's selection, read from the database
//! in parts and handed to the analytics crate's gatherer as they come.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use pspm_analytics::activity::{ActFacts, Written, day_key, days_between};
use pspm_analytics::model::{ActKind, ActionRow, Interner, Participant};
use pspm_analytics::participation::{Gathered, Gatherer};

use super::{Checked, scope};
use crate::db::schema::{
    contributions, indicators, organisations, plan_nodes, priority_allocations, responses,
    supports, users,
};
use crate::db::{DbConn, ID_CHUNK, PART_ROWS, by_parts};
use crate::domain::{NodeKind, ResponseStatus};
use crate::error::{AppError, AppResult};
use crate::services::Actor;

/// A contribution's kind as the analytics rows hold it (one byte); the
/// database holds only comments, proposals and amendments.
fn act_kind(kind: &str) -> ActKind {
    ActKind::parse(kind)
        .filter(|k| matches!(k, ActKind::Proposal | ActKind::Amendment))
        .unwrap_or(ActKind::Comment)
}

/// Rows per part when reading acts: a part's rows, with their strings, are
/// held while they are gathered, so parts are kept small.
const ACT_PART_ROWS: i64 = PART_ROWS / 5;

/// A set of users (those the people filters keep, those who allocated
/// points in a consultation): a bit per id of the users' range, and the ids
/// outside it.
struct UserSet {
    min: i32,
    bits: Vec<u64>,
    others: HashSet<i32>,
}

impl UserSet {
    /// An empty set with a bit for each id of `range` (from
    /// [`Gatherer::dense`]; `None`: none).
    fn new(range: Option<(i32, i32)>) -> Self {
        let (min, max) = range.unwrap_or((0, -1));
        let span = (i64::from(max) - i64::from(min) + 1).max(0) as usize;
        Self {
            min,
            bits: vec![0; span.div_ceil(64)],
            others: HashSet::new(),
        }
    }

    fn position(&self, id: i32) -> Option<usize> {
        usize::try_from(i64::from(id) - i64::from(self.min))
            .ok()
            .filter(|at| at / 64 < self.bits.len())
    }

    /// Adds `id`: whether it was not in the set.
    fn insert(&mut self, id: i32) -> bool {
        match self.position(id) {
            Some(at) => {
                let (block, bit) = (&mut self.bits[at / 64], 1u64 << (at % 64));
                let new = *block & bit == 0;
                *block |= bit;
                new
            }
            None => self.others.insert(id),
        }
    }

    fn contains(&self, id: i32) -> bool {
        match self.position(id) {
            Some(at) => self.bits[at / 64] & (1 << (at % 64)) != 0,
            None => self.others.contains(&id),
        }
    }
}

/// A user's row as the participation indicators read it.
type PersonRow = (
    i32,
    Option<i32>,
    Option<String>,
    Option<String>,
    (Option<String>, Option<String>),
    Option<String>,
    Option<String>,
);

/// [`PersonRow`]s: users with their organisation.
macro_rules! person_rows {
    () => {
        users::table.left_join(organisations::table).select((
            users::id,
            users::organisation_id,
            organisations::kind.nullable(),
            organisations::level.nullable(),
            (
                users::territory_code,
                organisations::territory_code.nullable(),
            ),
            users::age_band,
            users::gender,
        ))
    };
}

/// A [`PersonRow`] as a participant, with one shared copy of each value.
fn participant(values: &mut Interner, row: PersonRow) -> Participant {
    let (id, org, kind, level, (own, org_territory), age, gender) = row;
    Participant {
        user_id: id,
        organisation_kind: values.opt(kind.as_deref()),
        organisation_level: values.opt(level.as_deref()),
        organisation_id: org,
        territory: values.opt(own.or(org_territory).as_deref()),
        age_band: values.opt(age.as_deref()),
        gender: values.opt(gender.as_deref()),
    }
}

/// Who allocated points in each consultation (see [`gather_participation`]).
enum Seen {
    Bits(HashMap<i32, UserSet>),
    Pairs(HashSet<(i32, i32)>),
}

/// Bytes [`Seen::Bits`] may take at most.
const SEEN_BITS_AT_MOST: usize = 16 << 20;

impl Seen {
    /// Notes that `user` allocated points in `consultation`: whether for the
    /// first time.
    fn insert(&mut self, consultation: i32, user: i32, range: Option<(i32, i32)>) -> bool {
        match self {
            Seen::Bits(by) => by
                .entry(consultation)
                .or_insert_with(|| UserSet::new(range))
                .insert(user),
            Seen::Pairs(pairs) => pairs.insert((consultation, user)),
        }
    }
}

/// The users the people filters keep, when a filter is set.
fn kept_users(
    conn: &mut DbConn,
    f: &Checked,
    range: Option<(i32, i32)>,
) -> AppResult<Option<UserSet>> {
    if f.territory.is_none() && f.organisation_kind.is_none() && f.level.is_none() {
        return Ok(None);
    }
    let mut kept = UserSet::new(range);
    let mut values = Interner::default();
    by_parts::<_, AppError>(
        PART_ROWS,
        |after, limit| {
            person_rows!()
                .filter(users::id.gt(after))
                .order(users::id.asc())
                .limit(limit)
                .load::<PersonRow>(conn)
        },
        |row| row.0,
        |part| {
            for row in part {
                let p = participant(&mut values, row);
                if f.keeps(&p) {
                    kept.insert(p.user_id);
                }
            }
            Ok(())
        },
    )?;
    Ok(Some(kept))
}

/// The participation indicators of the reader's selection, with the counts
/// and actions the quality scores need, gathered as the rows are read: at
/// national scale the rows are never all held in memory. A contribution
/// comes with its response (at most one: `responses_contribution_key`).
pub(super) fn gather_participation(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    f: &Checked,
) -> AppResult<(Gathered, Vec<ActionRow>)> {
    let (consultation_ids, plan_ids) = scope(conn, actor, f)?;
    let origins: HashSet<i32> = plan_nodes::table
        .filter(plan_nodes::origin_contribution_id.is_not_null())
        .select(plan_nodes::origin_contribution_id)
        .load::<Option<i32>>(conn)?
        .into_iter()
        .flatten()
        .collect();
    // The users' ids, for the gatherer's table (ids far apart go to a map).
    let (lo, hi, n): (Option<i32>, Option<i32>, i64) = users::table
        .select((
            diesel::dsl::min(users::id),
            diesel::dsl::max(users::id),
            diesel::dsl::count_star(),
        ))
        .first(conn)?;
    let range = Gatherer::dense(lo.zip(hi), usize::try_from(n).unwrap_or(0));
    // The acts of the people the filters leave out go too.
    let kept = kept_users(conn, f, range)?;
    let keeps = |id: i32| kept.as_ref().is_none_or(|k| k.contains(id));
    let mut g = Gatherer::new(range);
    by_parts::<_, AppError>(
        ACT_PART_ROWS,
        |after, limit| {
            // The join repeats the part's bound so that PostgreSQL reads
            // only the part's responses (a merge join otherwise starts at
            // the first response of all, for every part).
            contributions::table
                .left_join(
                    responses::table.on(responses::contribution_id
                        .eq(contributions::id)
                        .and(responses::contribution_id.gt(after))),
                )
                .filter(contributions::consultation_id.eq_any(&consultation_ids))
                .filter(contributions::id.gt(after))
                .order(contributions::id.asc())
                .limit(limit)
                .select((
                    contributions::id,
                    contributions::consultation_id,
                    contributions::author_id,
                    contributions::kind,
                    contributions::parent_id,
                    contributions::created_at,
                    (
                        responses::status.nullable(),
                        responses::created_at.nullable(),
                    ),
                ))
                .load::<(
                    i32,
                    i32,
                    i32,
                    String,
                    Option<i32>,
                    NaiveDateTime,
                    (Option<String>, Option<NaiveDateTime>),
                )>(conn)
        },
        |row| row.0,
        |part| {
            for (id, consultation_id, author_id, kind, parent, created_at, response) in part {
                if !f.in_period(created_at) || !keeps(author_id) {
                    continue;
                }
                let answer = match response {
                    (Some(status), Some(at)) => {
                        ResponseStatus::parse(&status).map(|s| (s.as_str(), at))
                    }
                    _ => None,
                };
                let kind = act_kind(&kind);
                let day = day_key(created_at);
                g.act(ActFacts {
                    user_id: author_id,
                    consultation: consultation_id as u32,
                    kind,
                    day,
                });
                g.contribution(Written {
                    author_id,
                    kind,
                    is_reply: parent.is_some(),
                    day,
                    status: answer.map(|a| a.0),
                    response_days: days_between(created_at, answer.map(|a| a.1)),
                    became_action: origins.contains(&id),
                });
            }
            Ok(())
        },
    )?;
    drop(origins);
    by_parts::<_, AppError>(
        ACT_PART_ROWS,
        |after, limit| {
            supports::table
                .inner_join(contributions::table)
                .filter(contributions::consultation_id.eq_any(&consultation_ids))
                .filter(supports::id.gt(after))
                .order(supports::id.asc())
                .limit(limit)
                .select((
                    supports::id,
                    supports::user_id,
                    contributions::consultation_id,
                    supports::created_at,
                ))
                .load::<(i32, i32, i32, NaiveDateTime)>(conn)
        },
        |row| row.0,
        |part| {
            for (_, user_id, consultation_id, at) in part {
                if f.in_period(at) && keeps(user_id) {
                    g.act(ActFacts {
                        user_id,
                        consultation: consultation_id as u32,
                        kind: ActKind::Support,
                        day: day_key(at),
                    });
                }
            }
            Ok(())
        },
    )?;
    // One priority act per person and consultation (the allocation as a
    // whole, dated by its first row), then kept if in the period. Who was
    // seen is a bit per user and consultation while that is small (a
    // quarter of a set of pairs' memory), else a set of pairs.
    let span = range.map_or(0, |(lo, hi)| (i64::from(hi) - i64::from(lo) + 1) as usize);
    let mut seen = if consultation_ids.len().saturating_mul(span / 8) <= SEEN_BITS_AT_MOST {
        Seen::Bits(HashMap::new())
    } else {
        Seen::Pairs(HashSet::new())
    };
    by_parts::<_, AppError>(
        ACT_PART_ROWS,
        |after, limit| {
            priority_allocations::table
                .filter(priority_allocations::consultation_id.eq_any(&consultation_ids))
                .filter(priority_allocations::points.gt(0))
                .filter(priority_allocations::id.gt(after))
                .order(priority_allocations::id.asc())
                .limit(limit)
                .select((
                    priority_allocations::id,
                    priority_allocations::user_id,
                    priority_allocations::consultation_id,
                    priority_allocations::updated_at,
                ))
                .load::<(i32, i32, i32, NaiveDateTime)>(conn)
        },
        |row| row.0,
        |part| {
            for (_, user_id, consultation_id, at) in part {
                if seen.insert(consultation_id, user_id, range) && f.in_period(at) && keeps(user_id)
                {
                    g.act(ActFacts {
                        user_id,
                        consultation: consultation_id as u32,
                        kind: ActKind::Priority,
                        day: day_key(at),
                    });
                }
            }
            Ok(())
        },
    )?;
    drop(seen);
    drop(kept);
    // The acting people's rows, a chunk at a time, each counted as it comes
    // (with one shared copy of each value).
    let mut values = Interner::default();
    let mut after = None;
    loop {
        let chunk = g.acting_users_after(after, ID_CHUNK);
        let Some(&last) = chunk.last() else { break };
        for row in person_rows!()
            .filter(users::id.eq_any(&chunk))
            .load::<PersonRow>(conn)?
        {
            g.person(&participant(&mut values, row));
        }
        after = Some(last);
    }
    let action_rows: Vec<(i32, Option<i32>)> = plan_nodes::table
        .filter(plan_nodes::plan_id.eq_any(&plan_ids))
        .filter(plan_nodes::kind.eq(NodeKind::Action))
        .select((plan_nodes::id, plan_nodes::origin_contribution_id))
        .load(conn)?;
    let with_indicator: HashSet<i32> = indicators::table
        .select(indicators::node_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    let actions: Vec<ActionRow> = action_rows
        .into_iter()
        .map(|(node_id, origin)| ActionRow {
            node_id,
            from_proposal: origin.is_some(),
            has_indicator: with_indicator.contains(&node_id),
        })
        .collect();
    let gathered = g.finish(&actions, &pspm_analytics::population::population());
    Ok((gathered, actions))
}
