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

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use polars::prelude::*;

use crate::exprs::{checked, count_by, count_if, i64s, ratio, rows, scalar_f64, scalar_i64};
use crate::model::{
    Act, ActionRow, ContributionRow, Count, DailyParticipants, Participant, Participation,
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
    let people = participant_set(participants, acts);
    let people_df = checked(people_frame(&people), "participants frame");
    let acts_df = checked(acts_frame(acts), "acts frame");
    let per_person = checked(per_person(&acts_df), "acts per person");
    let contributions_df = checked(contributions_frame(contributions), "contributions frame");

    let (by_organisation_kind, by_level, by_age_band, by_gender) =
        checked(demographics(&people_df), "demographics");
    let (gini_value, top10) = {
        let per_author = checked(contributions_per_author(&contributions_df), "per author");
        (gini(&per_author), top_share(&per_author, 0.1))
    };
    let (representation, r) = representation(&people, population);
    let responses = checked(responses(&contributions_df), "responses");

    Participation {
        participants: people.len() as i64,
        daily: checked(daily(&acts_df, &per_person), "daily participants"),
        organisations: checked(organisations(&people_df), "organisations"),
        by_organisation_kind,
        by_level,
        by_kind: checked(by_kind(contributions, acts), "by kind"),
        contributions_daily: checked(
            contributions_daily(&contributions_df),
            "contributions daily",
        ),
        local_share: checked(local_share(&contributions_df, &people_df), "local share"),
        response_rate: responses.rate,
        median_days_to_response: responses.median_days,
        acceptance_rate: responses.acceptance,
        responses_by_status: responses.by_status,
        influence: checked(influence(actions), "influence"),
        gini: gini_value,
        top10_share: top10,
        r_score: r,
        representation,
        by_age_band,
        by_gender,
        retention: checked(retention(&per_person, people.len()), "retention"),
    }
}

// ------------------------------------------------------------ frames

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
/// `acts` without a row are included with no attributes. Borrowed and built by
/// sorting integer ids: no per-act map lookups and no cloned strings.
fn participant_set<'a>(participants: &'a [Participant], acts: &[Act]) -> Vec<Person<'a>> {
    let mut known: Vec<&Participant> = participants.iter().collect();
    known.sort_by_key(|p| p.user_id); // stable: the first row of an id stays first
    known.dedup_by_key(|p| p.user_id);
    let mut acting: Vec<i32> = acts.iter().map(|a| a.user_id).collect();
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

fn people_frame(people: &[Person<'_>]) -> PolarsResult<DataFrame> {
    let attr = |f: fn(&Participant) -> Option<&str>| -> Vec<Option<&str>> {
        people.iter().map(|p| p.row().and_then(f)).collect()
    };
    df!(
        "user_id" => people.iter().map(|p| p.user_id()).collect::<Vec<_>>(),
        "organisation_kind" => people.iter().map(|p| p.row().and_then(|r| r.organisation_kind.as_deref()).unwrap_or("citizen")).collect::<Vec<_>>(),
        "level" => attr(|r| r.organisation_level.as_deref()),
        "organisation_id" => people.iter().map(|p| p.row().and_then(|r| r.organisation_id)).collect::<Vec<_>>(),
        "age_band" => attr(|r| r.age_band.as_deref()),
        "gender" => attr(|r| r.gender.as_deref()),
    )
}

/// Days since 1 January of year 1 (a plain integer key for grouping by day).
fn day_key(at: NaiveDateTime) -> i32 {
    at.date().num_days_from_ce()
}

fn from_day_key(key: i64) -> NaiveDate {
    i32::try_from(key)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or_default()
}

fn acts_frame(acts: &[Act]) -> PolarsResult<DataFrame> {
    df!(
        "user_id" => acts.iter().map(|a| a.user_id).collect::<Vec<_>>(),
        "consultation_id" => acts.iter().map(|a| a.consultation_id).collect::<Vec<_>>(),
        "day" => acts.iter().map(|a| day_key(a.at)).collect::<Vec<_>>(),
    )
}

fn contributions_frame(cs: &[ContributionRow]) -> PolarsResult<DataFrame> {
    df!(
        "author_id" => cs.iter().map(|c| c.author_id).collect::<Vec<_>>(),
        "kind" => cs.iter().map(|c| c.kind.as_str()).collect::<Vec<_>>(),
        "top_level" => cs.iter().map(|c| !c.is_reply).collect::<Vec<_>>(),
        "day" => cs.iter().map(|c| day_key(c.created_at)).collect::<Vec<_>>(),
        "status" => cs.iter().map(|c| c.response_status.as_deref()).collect::<Vec<_>>(),
        "days_to_response" => cs.iter().map(|c| days_between(c.created_at, c.responded_at)).collect::<Vec<_>>(),
        "became_action" => cs.iter().map(|c| c.became_action).collect::<Vec<_>>(),
    )
}

/// Days (fractional) from `from` to `to`.
pub(crate) fn days_between(from: NaiveDateTime, to: Option<NaiveDateTime>) -> Option<f64> {
    to.map(|t| (t - from).num_seconds() as f64 / 86_400.0)
}

// ------------------------------------------------------------ expressions

/// Whether a response status counts as accepted (fully or partially).
pub fn is_accepted(status: Expr) -> Expr {
    status
        .clone()
        .eq(lit("accepted"))
        .or(status.eq(lit("partially_accepted")))
}

// ------------------------------------------------------------ indicators

/// One row per person who acted: the day of their first act and in how many
/// consultations they acted (one group-by over the acts serves both the new
/// participants per day and retention).
fn per_person(acts: &DataFrame) -> PolarsResult<DataFrame> {
    acts.clone()
        .lazy()
        .group_by([col("user_id")])
        .agg([
            col("day").min().alias("first_day"),
            col("consultation_id")
                .n_unique()
                .cast(DataType::Int64)
                .alias("consultations"),
        ])
        .collect()
}

fn daily(acts: &DataFrame, per_person: &DataFrame) -> PolarsResult<Vec<DailyParticipants>> {
    let active = acts
        .clone()
        .lazy()
        .group_by([col("day")])
        .agg([col("user_id")
            .n_unique()
            .cast(DataType::Int64)
            .alias("active")]);
    let new = per_person
        .clone()
        .lazy()
        .group_by([col("first_day").alias("day")])
        .agg([rows().alias("new")]);
    let df = active
        .left_join(new, col("day"), col("day"))
        .with_columns([col("new").fill_null(lit(0i64))])
        .sort(["day"], SortMultipleOptions::default())
        .with_columns([col("new").cum_sum(false).alias("cumulative")])
        .collect()?;
    let (days, active, new, cumulative) = (
        i64s(&df, "day")?,
        i64s(&df, "active")?,
        i64s(&df, "new")?,
        i64s(&df, "cumulative")?,
    );
    Ok((0..df.height())
        .map(|i| DailyParticipants {
            day: from_day_key(days[i].unwrap_or(0)),
            active: active[i].unwrap_or(0),
            new: new[i].unwrap_or(0),
            cumulative: cumulative[i].unwrap_or(0),
        })
        .collect())
}

fn organisations(people: &DataFrame) -> PolarsResult<i64> {
    let df = people
        .clone()
        .lazy()
        .select([col("organisation_id")
            .drop_nulls()
            .n_unique()
            .cast(DataType::Int64)
            .alias("n")])
        .collect()?;
    scalar_i64(&df, "n")
}

type Demographics = (Vec<Count>, Vec<Count>, Vec<Count>, Vec<Count>);

fn demographics(people: &DataFrame) -> PolarsResult<Demographics> {
    let table = |c: &str| count_by(people.clone().lazy(), c).map(suppress);
    Ok((
        table("organisation_kind")?,
        table("level")?,
        table("age_band")?,
        table("gender")?,
    ))
}

/// Contributions by kind, plus supports and priority allocations: a count of a
/// handful of labels over millions of rows, done in one pass without a frame.
fn by_kind(contributions: &[ContributionRow], acts: &[Act]) -> PolarsResult<Vec<Count>> {
    let mut n: BTreeMap<&str, i64> = BTreeMap::new();
    let kinds = contributions.iter().map(|c| c.kind.as_str()).chain(
        acts.iter()
            .map(|a| a.kind.as_str())
            .filter(|k| matches!(*k, "support" | "priority")),
    );
    for kind in kinds {
        *n.entry(kind).or_default() += 1;
    }
    Ok(counts(
        n.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    ))
}

fn contributions_daily(contributions: &DataFrame) -> PolarsResult<Vec<Count>> {
    let df = contributions
        .clone()
        .lazy()
        .group_by([col("day")])
        .agg([rows().alias("n")])
        .sort(["day"], SortMultipleOptions::default())
        .collect()?;
    Ok(i64s(&df, "day")?
        .into_iter()
        .zip(i64s(&df, "n")?)
        .map(|(day, n)| Count {
            label: from_day_key(day.unwrap_or(0)).to_string(),
            count: n,
        })
        .collect())
}

fn local_share(contributions: &DataFrame, people: &DataFrame) -> PolarsResult<Option<f64>> {
    let levels = people.clone().lazy().select([col("user_id"), col("level")]);
    let df = contributions
        .clone()
        .lazy()
        .left_join(levels, col("author_id"), col("user_id"))
        .select([ratio(
            count_if(col("level").eq(lit("local"))),
            count_if(col("level").is_not_null()),
        )
        .alias("share")])
        .collect()?;
    scalar_f64(&df, "share")
}

#[derive(Default)]
struct Responses {
    rate: Option<f64>,
    median_days: Option<f64>,
    acceptance: Option<f64>,
    by_status: Vec<Count>,
}

fn responses(contributions: &DataFrame) -> PolarsResult<Responses> {
    let top = contributions.clone().lazy().filter(col("top_level"));
    let responded = || col("status").is_not_null();
    let df = top
        .clone()
        .select([
            ratio(count_if(responded()), rows()).alias("rate"),
            col("days_to_response")
                .filter(responded())
                .median()
                .alias("median"),
            ratio(count_if(is_accepted(col("status"))), count_if(responded())).alias("acceptance"),
        ])
        .collect()?;
    Ok(Responses {
        rate: scalar_f64(&df, "rate")?,
        median_days: scalar_f64(&df, "median")?,
        acceptance: scalar_f64(&df, "acceptance")?,
        by_status: counts(count_by(top, "status")?),
    })
}

fn influence(actions: &[ActionRow]) -> PolarsResult<Option<f64>> {
    let df = df!("from_proposal" => actions.iter().map(|a| a.from_proposal).collect::<Vec<_>>())?;
    let out = df
        .lazy()
        .select([ratio(count_if(col("from_proposal")), rows()).alias("influence")])
        .collect()?;
    scalar_f64(&out, "influence")
}

fn contributions_per_author(contributions: &DataFrame) -> PolarsResult<Vec<i64>> {
    let df = contributions
        .clone()
        .lazy()
        .group_by([col("author_id")])
        .agg([rows().alias("n")])
        .collect()?;
    Ok(i64s(&df, "n")?.into_iter().flatten().collect())
}

fn retention(per_person: &DataFrame, participants: usize) -> PolarsResult<Option<f64>> {
    let df = per_person
        .clone()
        .lazy()
        .select([count_if(col("consultations").gt_eq(lit(2))).alias("n")])
        .collect()?;
    let returning = scalar_i64(&df, "n")?;
    Ok((participants > 0).then(|| returning as f64 / participants as f64))
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
    for t in people
        .iter()
        .filter_map(|p| p.row().and_then(|r| r.territory.as_deref()))
    {
        for end in (1..=t.len().min(longest)).filter(|e| t.is_char_boundary(*e)) {
            if let Some(&i) = index.get(&t[..end]) {
                counts[i] += 1;
            }
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
