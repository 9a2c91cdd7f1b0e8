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
//! about a million people. They are reduced in plain passes over borrowed
//! rows: each person gets a dense position (a table indexed by user id), acts
//! are counting-sorted by day, one pass over the people gives every people
//! table, and one pass over the contributions every response and
//! concentration figure. polars group-bys with `n_unique` and frames of
//! strings took seconds for this on two cores (bench/ANALYTICS.md); polars
//! builds the other dashboards' tables. The passes read acts and
//! contributions through [`Acts`] and [`Contributions`]: from slices of rows
//! ([`participation`]) or from the compact [`Activity`] the backend fills
//! ([`participation_of`]), with the same results.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use polars::prelude::*;

use crate::activity::{Activity, Acts, Contributions};
use crate::exprs::{checked, count_if, fraction, ratio, rows, scalar_f64};
use crate::model::{
    Act, ActKind, ActionRow, ContributionRow, Count, DailyParticipants, Participant, Participation,
    Population, Representation,
};

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
    compute(participants, acts, contributions, actions, population)
}

/// [`participation`] of the acts and contributions of an [`Activity`]
/// (where each contribution is also its author's act): the same indicators
/// from compact rows.
pub fn participation_of(
    participants: &[Participant],
    activity: &Activity,
    actions: &[ActionRow],
    population: &[Population],
    today: NaiveDate,
) -> Participation {
    let _ = today;
    compute(participants, activity, activity, actions, population)
}

fn compute(
    participants: &[Participant],
    acts: &(impl Acts + ?Sized),
    contributions: &(impl Contributions + ?Sized),
    actions: &[ActionRow],
    population: &[Population],
) -> Participation {
    let (people, index) = participant_set(participants, acts);
    let tables = people_tables(&people);
    let acting = act_stats(&people, &index, acts);
    let written = contribution_stats(&index, &tables.local, contributions);
    let (representation, r) = representation(&people, population);
    let [by_organisation_kind, by_level, by_age_band, by_gender] = tables.groups.map(suppress);

    Participation {
        participants: people.len() as i64,
        daily: daily(&acting),
        organisations: tables.organisations,
        by_organisation_kind,
        by_level,
        by_kind: by_kind(contributions, acts),
        contributions_daily: written.daily,
        local_share: written.local_share,
        response_rate: written.response_rate,
        median_days_to_response: written.median_days,
        acceptance_rate: written.acceptance,
        responses_by_status: counts(written.by_status),
        influence: checked(influence(actions), "influence"),
        gini: gini(&written.per_author),
        top10_share: top_share(&written.per_author, 0.1),
        r_score: r,
        representation,
        by_age_band,
        by_gender,
        retention: fraction(acting.returning, people.len() as i64),
    }
}

// ------------------------------------------------------------ people

/// A participant: their row, or only an id for a user of `acts` without one.
#[derive(Clone, Copy)]
enum Person<'a> {
    Known(&'a Participant),
    Unknown(i32),
}

impl<'a> Person<'a> {
    fn user_id(self) -> i32 {
        match self {
            Person::Known(p) => p.user_id,
            Person::Unknown(id) => id,
        }
    }

    fn row(self) -> Option<&'a Participant> {
        match self {
            Person::Known(p) => Some(p),
            Person::Unknown(_) => None,
        }
    }
}

/// Every participant once, by user id (the first row of an id wins); users of
/// `acts` without a row are included with no attributes; sorted by user id,
/// with the index from user id to position. Borrowed: no cloned strings.
fn participant_set<'a>(
    participants: &'a [Participant],
    acts: &(impl Acts + ?Sized),
) -> (Vec<Person<'a>>, PersonIndex) {
    let mut range: Option<(i32, i32)> = None;
    let mut widen = |id: i32| {
        range = Some(range.map_or((id, id), |(lo, hi)| (lo.min(id), hi.max(id))));
    };
    participants.iter().for_each(|p| widen(p.user_id));
    let mut n_acts = 0;
    acts.each_act(|a| {
        widen(a.user_id);
        n_acts += 1;
    });
    let Some((min, max)) = range else {
        return (Vec::new(), PersonIndex::Sparse(HashMap::new()));
    };
    let span = (i64::from(max) - i64::from(min) + 1) as usize;
    if span > PersonIndex::dense_limit(participants.len() + n_acts) {
        let people = participant_set_sorted(participants, acts);
        let index = PersonIndex::Sparse(
            people
                .iter()
                .enumerate()
                .map(|(i, p)| (p.user_id(), i as u32))
                .collect(),
        );
        return (people, index);
    }
    // Dense ids: one table slot per id in range, holding the row (or
    // ACTING for a user known only from acts), then the person's position.
    const ACTING: u32 = u32::MAX - 1;
    let mut slots = vec![PersonIndex::NONE; span];
    for (row, p) in participants.iter().enumerate() {
        let slot = &mut slots[(p.user_id - min) as usize];
        if *slot == PersonIndex::NONE {
            *slot = row as u32;
        }
    }
    acts.each_act(|a| {
        let slot = &mut slots[(a.user_id - min) as usize];
        if *slot == PersonIndex::NONE {
            *slot = ACTING;
        }
    });
    let mut people = Vec::new();
    for (at, slot) in slots.iter_mut().enumerate() {
        match *slot {
            PersonIndex::NONE => continue,
            ACTING => people.push(Person::Unknown(min + at as i32)),
            row => people.push(Person::Known(&participants[row as usize])),
        }
        *slot = (people.len() - 1) as u32;
    }
    (people, PersonIndex::Dense { min, slots })
}

/// [`participant_set`] for ids too far apart for a table: by sorting ids.
fn participant_set_sorted<'a>(
    participants: &'a [Participant],
    acts: &(impl Acts + ?Sized),
) -> Vec<Person<'a>> {
    let mut known: Vec<&Participant> = participants.iter().collect();
    known.sort_by_key(|p| p.user_id); // stable: the first row of an id stays first
    known.dedup_by_key(|p| p.user_id);
    let mut acting: Vec<i32> = Vec::new();
    acts.each_act(|a| acting.push(a.user_id));
    acting.sort_unstable();
    acting.dedup();
    let mut people = Vec::with_capacity(known.len().max(acting.len()));
    let (mut k, mut a) = (known.into_iter().peekable(), acting.into_iter().peekable());
    loop {
        match (k.peek(), a.peek()) {
            (Some(p), Some(&id)) if id < p.user_id => {
                people.push(Person::Unknown(id));
                a.next();
            }
            (Some(p), Some(&id)) => {
                if id == p.user_id {
                    a.next();
                }
                people.push(Person::Known(p));
                k.next();
            }
            (Some(p), None) => {
                people.push(Person::Known(p));
                k.next();
            }
            (None, Some(&id)) => {
                people.push(Person::Unknown(id));
                a.next();
            }
            (None, None) => break,
        }
    }
    people
}

/// Counts of a handful of labels over millions of rows: a short list scanned
/// in place (no hashing, no tree), sorted by label at the end.
#[derive(Default)]
struct Tally<'a>(Vec<(&'a str, i64)>);

impl<'a> Tally<'a> {
    fn add(&mut self, label: &'a str) {
        match self.0.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => self.0.push((label, 1)),
        }
    }

    fn sorted(mut self) -> Vec<(String, i64)> {
        self.0.sort_unstable_by(|a, b| a.0.cmp(b.0));
        self.0.into_iter().map(|(l, n)| (l.to_owned(), n)).collect()
    }
}

/// What one pass over the people gives: the people counts by organisation
/// kind (people without one are `citizen`), level, age band and gender
/// (people without a value left out), the number of distinct organisations,
/// and for each person whether their organisation is local (`Some(true)`),
/// of another level (`Some(false)`) or has none (`None`).
struct PeopleTables {
    groups: [Vec<(String, i64)>; 4],
    organisations: i64,
    local: Vec<Option<bool>>,
}

fn people_tables(people: &[Person<'_>]) -> PeopleTables {
    let mut tallies: [Tally<'_>; 4] = Default::default();
    let mut organisations = Vec::new();
    let mut local = Vec::with_capacity(people.len());
    for p in people {
        let row = p.row();
        let field = |f: fn(&Participant) -> Option<&str>| row.and_then(f);
        tallies[0].add(field(|r| r.organisation_kind.as_deref()).unwrap_or("citizen"));
        let level = field(|r| r.organisation_level.as_deref());
        for (tally, value) in tallies[1..].iter_mut().zip([
            level,
            field(|r| r.age_band.as_deref()),
            field(|r| r.gender.as_deref()),
        ]) {
            if let Some(v) = value {
                tally.add(v);
            }
        }
        organisations.extend(row.and_then(|r| r.organisation_id));
        local.push(level.map(|l| l == "local"));
    }
    organisations.sort_unstable();
    organisations.dedup();
    PeopleTables {
        groups: tallies.map(Tally::sorted),
        organisations: organisations.len() as i64,
        local,
    }
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

/// Position of a person in the participant set (sorted by user id) by user
/// id: a direct table when the ids are dense enough, else a hash map.
enum PersonIndex {
    Dense { min: i32, slots: Vec<u32> },
    Sparse(HashMap<i32, u32>),
}

impl PersonIndex {
    const NONE: u32 = u32::MAX;

    /// The widest id range kept as a table for `rows` rows (4 bytes a slot).
    fn dense_limit(rows: usize) -> usize {
        rows.saturating_mul(4).saturating_add(1024).min(1 << 28)
    }

    fn get(&self, user_id: i32) -> Option<usize> {
        match self {
            PersonIndex::Dense { min, slots } => {
                let at = i64::from(user_id) - i64::from(*min);
                usize::try_from(at)
                    .ok()
                    .and_then(|at| slots.get(at))
                    .filter(|&&i| i != Self::NONE)
                    .map(|&i| i as usize)
            }
            PersonIndex::Sparse(map) => map.get(&user_id).map(|&i| i as usize),
        }
    }
}

/// What the acts give, from integer passes over them (no per-act strings or
/// maps): for each day with an act, the distinct people active that day and
/// the people whose first act it was; and how many people acted in two or
/// more consultations (retention).
#[derive(Default)]
struct ActStats {
    /// `(day key, active, new)`, by day.
    days: Vec<(i32, i64, i64)>,
    returning: i64,
}

fn act_stats(people: &[Person<'_>], index: &PersonIndex, acts: &(impl Acts + ?Sized)) -> ActStats {
    let mut range: Option<(i32, i32)> = None;
    acts.each_act(|a| {
        range = Some(range.map_or((a.day, a.day), |(lo, hi)| (lo.min(a.day), hi.max(a.day))));
    });
    let Some((lo, hi)) = range else {
        return ActStats::default();
    };
    let n_days = (hi - lo + 1) as usize;
    let mut first_day = vec![u32::MAX; people.len()];
    let mut first_consultation: Vec<Option<u32>> = vec![None; people.len()];
    let mut returning = vec![false; people.len()];
    // Acts counted per day, then person positions placed by day in a second
    // pass (a counting sort), so that each day's distinct people are found
    // with one "last day seen" stamp per person.
    let mut starts = vec![0usize; n_days + 1];
    acts.each_act(|a| {
        // Every user of `acts` is in the participant set.
        let Some(p) = index.get(a.user_id) else {
            return;
        };
        let day = (a.day - lo) as u32;
        first_day[p] = first_day[p].min(day);
        match first_consultation[p] {
            None => first_consultation[p] = Some(a.consultation),
            Some(c) if c != a.consultation => returning[p] = true,
            Some(_) => {}
        }
        starts[day as usize + 1] += 1;
    });
    drop(first_consultation);
    for d in 1..=n_days {
        starts[d] += starts[d - 1];
    }
    let mut by_day = vec![0u32; starts[n_days]];
    let mut next = starts.clone();
    acts.each_act(|a| {
        if let Some(p) = index.get(a.user_id) {
            let day = (a.day - lo) as usize;
            by_day[next[day]] = p as u32;
            next[day] += 1;
        }
    });
    drop(next);
    let mut new = vec![0i64; n_days];
    for &day in first_day.iter().filter(|&&d| d != u32::MAX) {
        new[day as usize] += 1;
    }
    let mut seen = vec![u32::MAX; people.len()];
    let mut days = Vec::new();
    for day in 0..n_days {
        let todays = &by_day[starts[day]..starts[day + 1]];
        if todays.is_empty() {
            continue;
        }
        let mut active = 0i64;
        for &p in todays {
            if seen[p as usize] != day as u32 {
                seen[p as usize] = day as u32;
                active += 1;
            }
        }
        days.push((lo + day as i32, active, new[day]));
    }
    ActStats {
        days,
        returning: returning.iter().filter(|r| **r).count() as i64,
    }
}

/// Participants per day: active, new, and cumulative (the running sum of new).
fn daily(acting: &ActStats) -> Vec<DailyParticipants> {
    let mut cumulative = 0;
    acting
        .days
        .iter()
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

/// What the contributions give, from one pass over them.
#[derive(Default)]
struct ContributionStats {
    /// Contributions of each author who wrote any (for the concentration).
    per_author: Vec<i64>,
    daily: Vec<Count>,
    local_share: Option<f64>,
    response_rate: Option<f64>,
    median_days: Option<f64>,
    acceptance: Option<f64>,
    by_status: Vec<(String, i64)>,
}

fn contribution_stats(
    index: &PersonIndex,
    local_people: &[Option<bool>],
    contributions: &(impl Contributions + ?Sized),
) -> ContributionStats {
    let mut written = vec![0i64; local_people.len()];
    let mut strangers: HashMap<i32, i64> = HashMap::new();
    let (mut local, mut with_level) = (0i64, 0i64);
    let (mut top, mut responded, mut accepted) = (0i64, 0i64, 0i64);
    let mut days_to_response = Vec::new();
    let mut by_status: BTreeMap<&str, i64> = BTreeMap::new();
    let mut range: Option<(i32, i32)> = None;
    contributions.each_contribution(|c| {
        range = Some(range.map_or((c.day, c.day), |(lo, hi)| (lo.min(c.day), hi.max(c.day))));
        let author = index.get(c.author_id);
        match author {
            Some(p) => written[p] += 1,
            None => *strangers.entry(c.author_id).or_default() += 1,
        }
        if let Some(is_local) = author.and_then(|p| local_people[p]) {
            with_level += 1;
            local += i64::from(is_local);
        }
        if c.is_reply {
            return;
        }
        top += 1;
        if let Some(status) = c.status {
            responded += 1;
            accepted += i64::from(is_accepted(Some(status)));
            *by_status.entry(status).or_default() += 1;
            days_to_response.extend(c.response_days);
        }
    });
    // How many contributions fall on each day, for the days that have any,
    // in order: a count per day offset, not a map lookup per row.
    let mut daily = Vec::new();
    if let Some((lo, hi)) = range {
        let mut n = vec![0i64; (hi - lo + 1) as usize];
        contributions.each_contribution(|c| n[(c.day - lo) as usize] += 1);
        daily = (lo..=hi)
            .zip(n)
            .filter(|(_, n)| *n > 0)
            .map(|(day, n)| Count {
                label: from_day_key(i64::from(day)).to_string(),
                count: Some(n),
            })
            .collect();
    }
    ContributionStats {
        per_author: written
            .into_iter()
            .filter(|n| *n > 0)
            .chain(strangers.into_values())
            .collect(),
        daily,
        local_share: fraction(local, with_level),
        response_rate: fraction(responded, top),
        median_days: median(&mut days_to_response),
        acceptance: fraction(accepted, responded),
        by_status: by_status
            .into_iter()
            .map(|(s, n)| (s.to_owned(), n))
            .collect(),
    }
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

/// Contributions by kind, plus supports and priority allocations: a count of a
/// handful of labels over millions of rows, done in one pass without a frame.
fn by_kind(
    contributions: &(impl Contributions + ?Sized),
    acts: &(impl Acts + ?Sized),
) -> Vec<Count> {
    let mut n = Tally::default();
    contributions.each_contribution(|c| n.add(c.kind.as_str()));
    acts.each_act(|a| {
        if matches!(a.kind, ActKind::Support | ActKind::Priority) {
            n.add(a.kind.as_str());
        }
    });
    counts(n.sorted())
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
    people: &[Person<'_>],
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
    // People share a few hundred codes: each code's reference territories
    // are found once.
    let mut within: HashMap<&str, Vec<usize>> = HashMap::new();
    for t in people
        .iter()
        .filter_map(|p| p.row().and_then(|r| r.territory.as_deref()))
    {
        let found = within.entry(t).or_insert_with(|| {
            (1..=t.len().min(longest))
                .filter(|e| t.is_char_boundary(*e))
                .filter_map(|end| index.get(&t[..end]).copied())
                .collect()
        });
        for &i in found.iter() {
            counts[i] += 1;
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
