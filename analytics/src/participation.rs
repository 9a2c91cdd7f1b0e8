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
//! How: a national consultation brings millions of acts and contributions.
//! A [`Gatherer`] reduces them as they go by, one row at a time, so they are
//! never held: a table by user id keeps each person's first day, first
//! consultation and contributions, each day keeps its distinct people
//! (delta-coded) and contributions, and everything else is a count; the
//! people's rows come last and are counted as they come. The backend feeds
//! it straight from the database (bench/LOAD.md); [`participation`] feeds it
//! slices of rows. polars builds the other dashboards' tables; its distinct
//! counts over strings are too slow at this scale (bench/ANALYTICS.md).

use chrono::NaiveDate;

use crate::activity::{Acts, Contributions};
use crate::model::{Act, ActionRow, ContributionRow, Participant, Participation, Population};

mod gather;
mod measures;

pub use crate::activity::is_accepted;
pub use crate::counts::{K, suppress, suppressed};
pub use gather::{Gathered, Gatherer};
pub use measures::{gini, r_score, top_share};

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

#[cfg(test)]
mod tests;
