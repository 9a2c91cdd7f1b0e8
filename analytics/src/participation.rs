//! Participation indicators (DESIGN.md "Participation"): participants per
//! day, organisations, contributions by kind and day, responses, influence,
//! concentration (Gini, top-10 % share), representativeness (R-score) and
//! retention, with k = 5 suppression of every demographic breakdown.
//!
//! Choices where DESIGN.md is silent:
//! - The participants are the users of `participants` plus any user found in
//!   `acts` without a row there (counted with no organisation, i.e. `citizen`).
//! - Response indicators (rate, median days, acceptance, by status) count
//!   top-level contributions only; "responded" means a response status is set.
//! - `local_share` counts contributions whose author's organisation has level
//!   `local` over those whose author's organisation has any level.
//! - Breakdowns by level, age band and gender omit people without a value;
//!   `by_organisation_kind` lists people without an organisation as `citizen`.
//! - Suppression: a group of 1–4 people gets `None`; when exactly one group of
//!   a table is suppressed, the smallest other non-empty group is suppressed
//!   too, so the hidden count cannot be recovered by subtracting the visible
//!   ones from the published total. `representation` lists every territory of
//!   the population reference (0 is shown: it is not a small count).
//!
//! How: a national consultation brings millions of acts and contributions and
//! about a million people. A [`Gatherer`] reduces them as they go by, one
//! row at a time: a table by user id keeps each person's first day, first
//! consultation and contributions, each day keeps its distinct people
//! (delta-coded) and contributions, and everything else is a count; the
//! people's rows come last and are counted as they come. The backend feeds
//! it straight from the database, so the rows are never held (bench/LOAD.md);
//! [`participation`] feeds it slices of rows. polars group-bys with
//! `n_unique` and frames of strings took seconds for this on two cores
//! (bench/ANALYTICS.md); polars builds the other dashboards' tables.

use std::collections::HashMap;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::activity::{Acts, Contributions};
use crate::exprs::{count_if, ratio, rows, scalar_f64};
use crate::model::{
    Act, ActionRow, ContributionRow, Count, DailyParticipants, Participant, Participation,
    Population, Representation,
};

mod gather;

pub use gather::{Gathered, Gatherer};

/// Minimum group size that may be published (k-anonymity threshold).
pub const K: i64 = 5;

/// Participation indicators for the given selection. `today` is reserved
/// for period cuts and does not change the result today.
pub fn participation(
    participants: &[Participant],
    acts: &[Act],
    contributions: &[ContributionRow],
    actions: &[ActionRow],
    population: &[Population],
    today: NaiveDate,
) -> Participation {
    let _ = today;
    compute(participants, acts, contributions, actions, population).participation
}

fn compute(
    participants: &[Participant],
    acts: &(impl Acts + ?Sized),
    contributions: &(impl Contributions + ?Sized),
    actions: &[ActionRow],
    population: &[Population],
) -> Gathered {
    // The range of the ids, for the gatherer's table (a map when too wide).
    let mut range: Option<(i32, i32)> = None;
    let mut rows = participants.len();
    let mut widen = |id: i32| {
        range = Some(range.map_or((id, id), |(lo, hi)| (lo.min(id), hi.max(id))));
    };
    participants.iter().for_each(|p| widen(p.user_id));
    acts.each_act(|a| {
        widen(a.user_id);
        rows += 1;
    });
    contributions.each_contribution(|c| widen(c.author_id));
    let mut g = Gatherer::new(Gatherer::dense(range, rows));
    acts.each_act(|a| g.act(a));
    contributions.each_contribution(|c| g.contribution(c));
    participants.iter().for_each(|p| g.person(p));
    g.finish(actions, population)
}

fn from_day_key(key: i64) -> NaiveDate {
    i32::try_from(key)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or_default()
}

// ------------------------------------------------------------ responses

/// Whether a response status counts as accepted (fully or partially).
pub fn is_accepted(status: Option<&str>) -> bool {
    matches!(status, Some("accepted" | "partially_accepted"))
}

// ------------------------------------------------------------ indicators

/// Participants per day from `(day key, active, new)` by day: active, new,
/// and cumulative (the running sum of new).
fn daily(days: &[(i32, i64, i64)]) -> Vec<DailyParticipants> {
    let mut cumulative = 0;
    days.iter()
        .map(|&(day, active, new)| {
            cumulative += new;
            DailyParticipants {
                day: from_day_key(i64::from(day)),
                active,
                new,
                cumulative,
            }
        })
        .collect()
}

/// The median (the mean of the two middle values for an even count); `None`
/// when empty. Reorders `values`.
fn median(values: &mut [f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (_, &mut upper, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return Some(upper);
    }
    let lower = values[..n / 2]
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    Some((lower + upper) / 2.0)
}

fn influence(actions: &[ActionRow]) -> PolarsResult<Option<f64>> {
    let df = df!("from_proposal" => actions.iter().map(|a| a.from_proposal).collect::<Vec<_>>())?;
    let out = df
        .lazy()
        .select([ratio(count_if(col("from_proposal")), rows()).alias("influence")])
        .collect()?;
    scalar_f64(&out, "influence")
}

/// Per population territory: participants whose territory code starts with
/// the reference code (so NUTS 3 codes count in their NUTS 2 region), with
/// suppression; and the R-score over the territories with at least K people.
fn representation(
    territories: &[(&str, i64)],
    population: &[Population],
) -> (Vec<Representation>, Option<f64>) {
    let mut refs: Vec<&Population> = population.iter().collect();
    refs.sort_by(|a, b| a.territory.cmp(&b.territory));
    refs.dedup_by(|a, b| a.territory == b.territory);
    // One pass over the people: each prefix of a person's code is looked up
    // among the reference codes.
    let index: HashMap<&str, usize> = refs
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.territory.is_empty())
        .map(|(i, r)| (r.territory.as_str(), i))
        .collect();
    let longest = index.keys().map(|t| t.len()).max().unwrap_or(0);
    let mut counts = vec![0i64; refs.len()];
    // People share a few hundred codes, counted per code: each code's
    // reference territories are found once.
    for &(t, n) in territories {
        let within = (1..=t.len().min(longest))
            .filter(|e| t.is_char_boundary(*e))
            .filter_map(|end| index.get(&t[..end]).copied());
        for i in within {
            counts[i] += n;
        }
    }
    let hidden = suppressed(&counts);
    let rows = refs
        .iter()
        .zip(&counts)
        .zip(&hidden)
        .map(|((r, &n), &hide)| Representation {
            territory: r.territory.clone(),
            name: r.name.clone(),
            participants: (!hide).then_some(n),
            population: r.population,
            per_100k: (!hide && r.population > 0)
                .then(|| n as f64 * 100_000.0 / r.population as f64),
        })
        .collect();
    let pairs: Vec<(i64, i64)> = refs
        .iter()
        .zip(&counts)
        .map(|(r, &n)| (n, r.population))
        .collect();
    (rows, r_score(&pairs))
}

/// R-score: min over max of participants per resident, over the territories
/// `(participants, population)` with at least K participants and a
/// population; `None` with fewer than two such territories or a zero max.
pub fn r_score(territories: &[(i64, i64)]) -> Option<f64> {
    let rates: Vec<f64> = territories
        .iter()
        .filter(|(n, pop)| *n >= K && *pop > 0)
        .map(|(n, pop)| *n as f64 / *pop as f64)
        .collect();
    if rates.len() < 2 {
        return None;
    }
    let max = rates.iter().copied().fold(f64::MIN, f64::max);
    let min = rates.iter().copied().fold(f64::MAX, f64::min);
    (max > 0.0).then(|| min / max)
}

/// Gini coefficient of non-negative values: with the values sorted
/// ascending, G = (2 Σ i·x_i) / (n Σ x) − (n + 1) / n, i from 1.
/// `None` when there are no values or they sum to zero.
pub fn gini(values: &[i64]) -> Option<f64> {
    let n = values.len();
    let total: i64 = values.iter().sum();
    if n == 0 || total <= 0 {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, &x)| (i as f64 + 1.0) * x as f64)
        .sum();
    let n = n as f64;
    Some(2.0 * weighted / (n * total as f64) - (n + 1.0) / n)
}

/// Share of the total held by the top `fraction` of values (at least one
/// value: the top ⌈fraction · n⌉). `None` when empty or the total is zero.
pub fn top_share(values: &[i64], fraction: f64) -> Option<f64> {
    let total: i64 = values.iter().sum();
    if values.is_empty() || total <= 0 {
        return None;
    }
    let take = ((values.len() as f64 * fraction).ceil() as usize).clamp(1, values.len());
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let top: i64 = sorted.iter().take(take).sum();
    Some(top as f64 / total as f64)
}

// ------------------------------------------------------------ suppression

/// Which of the counts of one table must be hidden: every count of 1–4, and
/// when that hides exactly one, the smallest other non-zero count as well
/// (ties: the first), so the hidden one cannot be derived from a total.
pub fn suppressed(counts: &[i64]) -> Vec<bool> {
    let mut hide: Vec<bool> = counts.iter().map(|&n| n > 0 && n < K).collect();
    if hide.iter().filter(|h| **h).count() == 1 {
        let next = counts
            .iter()
            .enumerate()
            .filter(|(i, n)| !hide[*i] && **n > 0)
            .min_by_key(|(i, n)| (**n, *i))
            .map(|(i, _)| i);
        if let Some(i) = next {
            hide[i] = true;
        }
    }
    hide
}

/// A people-count table with [`suppressed`] counts set to `None`.
pub fn suppress(groups: Vec<(String, i64)>) -> Vec<Count> {
    let ns: Vec<i64> = groups.iter().map(|g| g.1).collect();
    groups
        .into_iter()
        .zip(suppressed(&ns))
        .map(|((label, n), hide)| Count {
            label,
            count: (!hide).then_some(n),
        })
        .collect()
}

/// A count table that needs no suppression (it counts things, not people).
fn counts(groups: Vec<(String, i64)>) -> Vec<Count> {
    groups
        .into_iter()
        .map(|(label, n)| Count {
            label,
            count: Some(n),
        })
        .collect()
}

#[cfg(test)]
mod tests;
