//! Count tables as published: counts of people with k = 5 suppression
//! (DESIGN.md "Participation"), counts of things as they are.

use crate::model::Count;
use crate::rounding::Rounder;

/// Minimum group size that may be published (k-anonymity threshold).
pub const K: i64 = 5;

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

/// A count of people as published: `None` for 1–4.
pub fn people(n: i64) -> Option<i64> {
    (n == 0 || n >= K).then_some(n)
}

/// [`suppress`], the counts shown randomly rounded to a multiple of 5 for
/// the selection `rounder` stands for ([`crate::rounding`]).
pub fn suppress_rounded(groups: Vec<(String, i64)>, rounder: Rounder) -> Vec<Count> {
    suppress(groups)
        .into_iter()
        .map(|c| Count {
            count: c.count.map(|n| rounder.round(&c.label, n)),
            label: c.label,
        })
        .collect()
}

/// A count table that needs no suppression (it counts things, not people).
pub(crate) fn plain(groups: Vec<(String, i64)>) -> Vec<Count> {
    groups
        .into_iter()
        .map(|(label, n)| Count {
            label,
            count: Some(n),
        })
        .collect()
}
