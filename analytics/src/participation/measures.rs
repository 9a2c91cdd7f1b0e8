//! The participation formulas applied to what the gatherer counted:
//! participants per day, influence, representation and the R-score, Gini
//! and top-10 % share.

use std::collections::HashMap;

use polars::prelude::PolarsResult;

use crate::activity::from_day_key;
use crate::counts::{K, people, suppressed};
use crate::exprs::share_true;
use crate::model::{ActionRow, DailyParticipants, Population, Representation};
use crate::rounding::Rounder;

/// Participants per day from `(day key, active, new)` by day: active, new,
/// and cumulative (the running sum of new).
pub(super) fn daily(days: &[(i32, i64, i64)]) -> Vec<DailyParticipants> {
    let mut cumulative = 0;
    days.iter()
        .map(|&(day, active, new)| {
            cumulative += new;
            DailyParticipants {
                day: from_day_key(day),
                active: people(active),
                new: people(new),
                cumulative: people(cumulative),
            }
        })
        .collect()
}

/// Actions whose origin is a proposal / actions.
pub(super) fn influence(actions: &[ActionRow]) -> PolarsResult<Option<f64>> {
    share_true(actions.iter().map(|a| a.from_proposal).collect())
}

/// Per population territory: participants whose territory code starts with
/// the reference code (so NUTS 3 codes count in their NUTS 2 region), with
/// suppression and random rounding (per 100,000 from the rounded count);
/// and the R-score over the territories with at least K people.
pub(super) fn representation(
    territories: &[(&str, i64)],
    population: &[Population],
    rounder: Rounder,
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
        .map(|((r, &n), &hide)| {
            let shown = (!hide).then(|| rounder.round(&r.territory, n));
            Representation {
                territory: r.territory.clone(),
                name: r.name.clone(),
                participants: shown,
                population: r.population,
                per_100k: shown
                    .filter(|_| r.population > 0)
                    .map(|n| n as f64 * 100_000.0 / r.population as f64),
            }
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
