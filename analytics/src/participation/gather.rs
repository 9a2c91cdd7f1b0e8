//! The participation and quality indicators gathered while the rows go by,
//! so that the rows are never held: what the indicators need of them is kept
//! per person, per day and as counts; the people's rows come after the acts
//! and are reduced to counts as they come too (bench/LOAD.md, "Memory at
//! national scale").

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::activity::{ActFacts, Written, from_day_key, is_accepted};
use crate::counts::{K, people, plain, suppress_rounded};
use crate::exprs::{checked, fraction};
use crate::model::{ActKind, ActionRow, Count, Participant, Participation, Population};
use crate::quality::Counts as QualityCounts;
use crate::rounding::Rounder;

use super::measures::{daily, gini, influence, representation, top_share};

mod days;
mod delays;
mod people;

use days::Days;
use delays::Delays;
use people::People;

/// Labels counted, owning their text (the rows they come from go).
#[derive(Default)]
struct Labels(Vec<(Box<str>, i64)>);

impl Labels {
    fn add(&mut self, label: &str, n: i64) {
        match self.0.iter_mut().find(|(l, _)| &**l == label) {
            Some((_, c)) => *c += n,
            None => self.0.push((label.into(), n)),
        }
    }

    fn sorted(mut self) -> Vec<(String, i64)> {
        self.0.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.0.into_iter().map(|(l, n)| (l.into(), n)).collect()
    }
}

/// Participation gathered one act, contribution and participant at a time:
/// the acts ([`Gatherer::act`]) and contributions
/// ([`Gatherer::contribution`]; a contribution is an act of its author too,
/// given to both) in any order, then the participants' rows
/// ([`Gatherer::person`]: a row counts its person's contributions, so it
/// comes after them), and [`Gatherer::finish`].
pub struct Gatherer {
    people: People,
    days: Days,
    kinds: [i64; ActKind::ALL.len()],
    top: i64,
    responded: i64,
    accepted: i64,
    by_status: BTreeMap<&'static str, i64>,
    days_to_response: Delays,
    quality: QualityCounts,
    /// Organisation kind, level, age band, gender of the rows.
    groups: [Labels; 4],
    organisations: HashSet<i32>,
    territories: Labels,
    local: i64,
    with_level: i64,
    /// The draws of the published counts' rounding, fixed by who is counted.
    rounder: Rounder,
}

/// What a [`Gatherer`] gives.
pub struct Gathered {
    /// The indicators.
    pub participation: Participation,
    /// The counts the quality scores need beside them.
    pub quality: QualityCounts,
}

impl Gatherer {
    /// `ids` (the lowest and highest user id, inclusive) when a table over
    /// them suits about `people` people (at most four slots each, plus a
    /// margin), else `None`: ids that far apart are counted in a map.
    pub fn dense(ids: Option<(i32, i32)>, people: usize) -> Option<(i32, i32)> {
        let most = i64::try_from(people)
            .unwrap_or(i64::MAX)
            .saturating_mul(4)
            .saturating_add(1024);
        ids.filter(|(lo, hi)| i64::from(*hi) - i64::from(*lo) < most)
    }

    /// A gatherer for users whose ids mostly lie in `ids` (inclusive; see
    /// [`Gatherer::dense`]): those are counted in a table, others in a map.
    pub fn new(ids: Option<(i32, i32)>) -> Self {
        Self {
            people: People::new(ids),
            days: Days::default(),
            kinds: [0; ActKind::ALL.len()],
            top: 0,
            responded: 0,
            accepted: 0,
            by_status: BTreeMap::new(),
            days_to_response: Delays::default(),
            quality: QualityCounts::default(),
            groups: Default::default(),
            organisations: HashSet::new(),
            territories: Labels::default(),
            local: 0,
            with_level: 0,
            rounder: Rounder::default(),
        }
    }

    /// An act (contributions included).
    pub fn act(&mut self, a: ActFacts) {
        let new_day = self.people.slot(a.user_id).act(a.consultation, a.day);
        if matches!(a.kind, ActKind::Support | ActKind::Priority) {
            self.kinds[a.kind as usize] += 1;
        }
        if new_day {
            // The user id's bits: only compared.
            self.days.day(a.day).active.insert(a.user_id as u32);
        }
    }

    /// A contribution (given to [`Gatherer::act`] as well).
    pub fn contribution(&mut self, c: Written) {
        self.people.slot(c.author_id).wrote();
        self.days.day(c.day).contributions += 1;
        self.kinds[c.kind as usize] += 1;
        self.quality.add(&c);
        if c.is_reply {
            return;
        }
        self.top += 1;
        if let Some(status) = c.status {
            self.responded += 1;
            self.accepted += i64::from(is_accepted(Some(status)));
            *self.by_status.entry(status).or_default() += 1;
            if let Some(days) = c.response_days {
                self.days_to_response.add(days);
            }
        }
    }

    /// A participant's row, after every act and contribution: counted once
    /// per user id (the first row wins), with or without acts.
    pub fn person(&mut self, p: &Participant) {
        let Some(written) = self.people.slot(p.user_id).take_row() else {
            return;
        };
        self.rounder.add(p.user_id);
        let written = i64::from(written);
        let level = p.organisation_level.as_deref();
        if let Some(level) = level {
            self.with_level += written;
            self.local += if level == "local" { written } else { 0 };
        }
        let [kind, levels, ages, genders] = &mut self.groups;
        kind.add(p.organisation_kind.as_deref().unwrap_or("citizen"), 1);
        for (labels, value) in [
            (levels, level),
            (ages, p.age_band.as_deref()),
            (genders, p.gender.as_deref()),
        ] {
            if let Some(v) = value {
                labels.add(v, 1);
            }
        }
        self.organisations.extend(p.organisation_id);
        if let Some(t) = p.territory.as_deref() {
            self.territories.add(t, 1);
        }
    }

    /// At most `limit` of the users who acted, ascending, after `after`
    /// (from the first when `None`): whose rows to read, a part at a time
    /// (so that every participant's id is never listed at once).
    pub fn acting_users_after(&self, after: Option<i32>, limit: usize) -> Vec<i32> {
        self.people.acting_after(after, limit)
    }

    /// The indicators.
    pub fn finish(mut self, actions: &[ActionRow], population: &[Population]) -> Gathered {
        let mut participants = 0i64;
        let mut returning = 0i64;
        let mut without_row = 0i64;
        let mut per_author = Vec::new();
        let mut new_on: HashMap<i32, i64> = HashMap::new();
        for s in self.people.slots() {
            if s.written() > 0 {
                per_author.push(i64::from(s.written()));
            }
            if !s.is_participant() {
                continue;
            }
            participants += 1;
            returning += i64::from(s.returning());
            if !s.has_row() {
                without_row += 1;
            }
            if let Some(day) = s.first_day() {
                *new_on.entry(day).or_default() += 1;
            }
        }
        drop(self.people);
        // People known only from their acts count as citizens.
        if without_row > 0 {
            self.groups[0].add("citizen", without_row);
            self.rounder.add_unknown(without_row);
        }
        // Fewer than five people: nothing about them is broken down.
        let few = participants > 0 && participants < K;
        let mut active_days = Vec::new();
        let mut contributions_daily = Vec::new();
        for (key, day) in self.days.each() {
            let active = day.active.count();
            if active > 0 {
                active_days.push((key, active as i64, new_on.get(&key).copied().unwrap_or(0)));
            }
            if day.contributions > 0 {
                contributions_daily.push(Count {
                    label: from_day_key(key).to_string(),
                    count: Some(day.contributions),
                });
            }
        }
        drop(self.days);
        let territories: Vec<(&str, i64)> =
            self.territories.0.iter().map(|(t, n)| (&**t, *n)).collect();
        let (mut representation, mut r) = representation(&territories, population, self.rounder);
        let rounder = self.rounder;
        let mut groups = self.groups.map(|g| suppress_rounded(g.sorted(), rounder));
        if few {
            groups.iter_mut().for_each(Vec::clear);
            representation.clear();
            r = None;
        }
        let [by_organisation_kind, by_level, by_age_band, by_gender] = groups;
        let about_people = |v: Option<f64>| v.filter(|_| !few);
        let mut by_kind: Vec<(String, i64)> = ActKind::ALL
            .iter()
            .filter(|k| self.kinds[**k as usize] > 0)
            .map(|k| (k.as_str().to_owned(), self.kinds[*k as usize]))
            .collect();
        by_kind.sort_unstable();
        let participation = Participation {
            participants: people(participants),
            daily: daily(&active_days),
            organisations: self.organisations.len() as i64,
            by_organisation_kind,
            by_level,
            by_kind: plain(by_kind),
            contributions_daily,
            local_share: fraction(self.local, self.with_level),
            response_rate: fraction(self.responded, self.top),
            median_days_to_response: std::mem::take(&mut self.days_to_response).median(),
            acceptance_rate: fraction(self.accepted, self.responded),
            responses_by_status: plain(
                self.by_status
                    .into_iter()
                    .map(|(s, n)| (s.to_owned(), n))
                    .collect(),
            ),
            influence: checked(influence(actions), "influence"),
            gini: about_people(gini(&per_author)),
            top10_share: about_people(top_share(&per_author, 0.1)),
            r_score: r,
            representation,
            by_age_band,
            by_gender,
            retention: about_people(fraction(returning, participants)),
        };
        Gathered {
            participation,
            quality: self.quality,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Gatherer;
    use crate::activity::ActFacts;
    use crate::model::ActKind;

    #[test]
    fn acting_users_come_in_parts_ascending_each_once() {
        // Ids in the table (every third of 1..=120) and far from it, some
        // acting twice; the rows of people who did not act are not asked.
        let mut g = Gatherer::new(Some((1, 120)));
        let mut acting: Vec<i32> = (1..=120).step_by(3).collect();
        acting.extend([-2_000_000_000, -5, 0, 121, 1_000_000_000, i32::MAX]);
        for (i, &id) in acting.iter().chain(acting.iter().step_by(4)).enumerate() {
            g.act(ActFacts {
                user_id: id,
                consultation: 1,
                kind: ActKind::Support,
                day: i as i32,
            });
        }
        acting.sort_unstable();
        for limit in [1, 5, 7, 40, 100] {
            let (mut all, mut after) = (Vec::new(), None);
            loop {
                let part = g.acting_users_after(after, limit);
                assert!(part.len() <= limit);
                let Some(&last) = part.last() else { break };
                all.extend(part);
                after = Some(last);
            }
            assert_eq!(all, acting, "{limit}");
        }
    }
}
