//! The participation and quality indicators gathered while the rows go by:
//! a national consultation's 12 million acts are never held. What the
//! indicators need of them is kept per person (first day, first
//! consultation, contributions written: 16 bytes), per day (the distinct
//! people active, sorted and delta-coded in about a byte each, and the
//! contributions) and as counts; the people's rows come after the acts and
//! are reduced to counts as they come too (bench/LOAD.md, "Memory at
//! national scale").

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::activity::{ActFacts, Written};
use crate::exprs::{checked, fraction};
use crate::model::{ActKind, ActionRow, Count, Participant, Participation, Population};
use crate::quality::Counts as QualityCounts;

use super::{counts, daily, gini, influence, median, representation, suppress, top_share};

/// One person: what their acts, contributions and row left.
#[derive(Clone, Copy)]
struct Slot {
    /// Day of the first act ([`NONE`]: no act).
    first_day: i32,
    /// Day last put in the day sets (a repeat on the same day is skipped).
    last_day: i32,
    /// Consultation of the first act seen (any order).
    first_consultation: u32,
    /// Contributions written ([`WRITTEN`]'s bits), [`RETURNING`] and
    /// [`HAS_ROW`] (a million people: 16 MB, not 20).
    bits: u32,
}

const NONE: i32 = i32::MAX;
/// Acted in a second consultation.
const RETURNING: u32 = 1 << 31;
/// Their participant row has been seen (the first row of an id wins).
const HAS_ROW: u32 = 1 << 30;
/// The bits of [`Slot::bits`] that count contributions written.
const WRITTEN: u32 = HAS_ROW - 1;

impl Slot {
    const EMPTY: Slot = Slot {
        first_day: NONE,
        last_day: NONE,
        first_consultation: 0,
        bits: 0,
    };

    fn written(&self) -> u32 {
        self.bits & WRITTEN
    }

    fn acted(&self) -> bool {
        self.first_day != NONE
    }

    /// In the participant set: acted, or has a row.
    fn is_participant(&self) -> bool {
        self.acted() || self.bits & HAS_ROW != 0
    }
}

/// The slots by user id: a table for the ids in the range given at the
/// start (the users' ids), a map for any other id.
struct People {
    min: i32,
    dense: Vec<Slot>,
    sparse: HashMap<i32, Slot>,
}

/// The widest range of ids held as a table (16 bytes a slot).
const DENSE_MAX: i64 = 1 << 25;

impl People {
    fn new(ids: Option<(i32, i32)>) -> Self {
        let (min, span) = match ids {
            Some((lo, hi)) if hi >= lo && i64::from(hi) - i64::from(lo) < DENSE_MAX => {
                (lo, (i64::from(hi) - i64::from(lo) + 1) as usize)
            }
            _ => (0, 0),
        };
        Self {
            min,
            dense: vec![Slot::EMPTY; span],
            sparse: HashMap::new(),
        }
    }

    fn slot(&mut self, id: i32) -> &mut Slot {
        let at = i64::from(id) - i64::from(self.min);
        match usize::try_from(at).ok().filter(|&at| at < self.dense.len()) {
            Some(at) => &mut self.dense[at],
            None => self.sparse.entry(id).or_insert(Slot::EMPTY),
        }
    }

    fn each(&self) -> impl Iterator<Item = (i32, &Slot)> {
        let min = self.min;
        self.dense
            .iter()
            .enumerate()
            .map(move |(at, s)| (min + at as i32, s))
            .chain(self.sparse.iter().map(|(&id, s)| (id, s)))
    }
}

/// Days to a response, for their median: as whole seconds (4 bytes, not 8;
/// two million responses at national scale) when that gives the same days
/// back, as it does for a delay under 68 years; else as days.
#[derive(Default)]
struct Delays {
    seconds: Vec<i32>,
    days: Vec<f64>,
}

impl Delays {
    fn add(&mut self, days: f64) {
        let seconds = (days * 86_400.0).round();
        match i32::try_from(seconds as i64) {
            Ok(s) if (f64::from(s) / 86_400.0).to_bits() == days.to_bits() => {
                self.seconds.push(s);
            }
            _ => self.days.push(days),
        }
    }

    /// As [`median`] over the days.
    fn median(self) -> Option<f64> {
        let days = |s: i32| f64::from(s) / 86_400.0;
        if !self.days.is_empty() {
            let mut all: Vec<f64> = self.seconds.into_iter().map(days).collect();
            all.extend(self.days);
            return median(&mut all);
        }
        // Seconds order as their days do.
        let mut s = self.seconds;
        let n = s.len();
        if n == 0 {
            return None;
        }
        let (_, &mut upper, _) = s.select_nth_unstable(n / 2);
        if n % 2 == 1 {
            return Some(days(upper));
        }
        let lower = s[..n / 2]
            .iter()
            .copied()
            .max()
            .map_or(f64::NEG_INFINITY, days);
        Some((lower + days(upper)) / 2.0)
    }
}

/// The distinct people of one day: sorted and stored as LEB128 deltas
/// (about a byte each when a day has many), plus those not merged in yet.
#[derive(Default)]
struct DaySet {
    packed: Vec<u8>,
    len: usize,
    fresh: Vec<u32>,
}

impl DaySet {
    fn insert(&mut self, key: u32) {
        self.fresh.push(key);
        // Merging costs the whole set: done when the new ones are a
        // quarter of it, so each key is rewritten a few times at most.
        if self.fresh.len() >= (self.len / 4).max(64) {
            self.merge();
        }
    }

    fn merge(&mut self) {
        if self.fresh.is_empty() {
            return;
        }
        self.fresh.sort_unstable();
        self.fresh.dedup();
        let mut out = Vec::with_capacity(self.packed.len() + self.fresh.len() * 2);
        let (mut len, mut prev) = (0, 0u32);
        let mut put = |key: u32| {
            let mut delta = key - prev;
            prev = key;
            len += 1;
            while delta >= 0x80 {
                out.push((delta as u8) | 0x80);
                delta >>= 7;
            }
            out.push(delta as u8);
        };
        let mut old = Keys::new(&self.packed).peekable();
        let mut new = self.fresh.iter().copied().peekable();
        loop {
            match (old.peek().copied(), new.peek().copied()) {
                (Some(a), Some(b)) => {
                    if a <= b {
                        old.next();
                    }
                    if b <= a {
                        new.next();
                    }
                    put(a.min(b));
                }
                (Some(a), None) => {
                    put(a);
                    old.next();
                }
                (None, Some(b)) => {
                    put(b);
                    new.next();
                }
                (None, None) => break,
            }
        }
        self.packed = out;
        self.len = len;
        // Freed, not kept: most days stop getting people (their acts are
        // read in order), and a kept buffer would cost them a byte or two
        // a person.
        self.fresh = Vec::new();
    }

    fn count(&mut self) -> usize {
        self.merge();
        self.len
    }
}

/// The keys of a packed [`DaySet`], ascending.
struct Keys<'a> {
    bytes: &'a [u8],
    prev: u32,
}

impl<'a> Keys<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, prev: 0 }
    }
}

impl Iterator for Keys<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let (mut delta, mut shift) = (0u32, 0);
        loop {
            let (&b, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            delta |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        self.prev += delta;
        Some(self.prev)
    }
}

/// One day: its distinct active people and its contributions.
#[derive(Default)]
struct Day {
    active: DaySet,
    contributions: i64,
}

/// The days by day key, from the earliest seen.
#[derive(Default)]
struct Days {
    first: i32,
    days: Vec<Option<Box<Day>>>,
}

impl Days {
    fn day(&mut self, key: i32) -> &mut Day {
        if self.days.is_empty() {
            self.first = key;
        } else if key < self.first {
            let more = (self.first - key) as usize;
            self.days
                .splice(0..0, std::iter::repeat_with(|| None).take(more));
            self.first = key;
        }
        let at = (key - self.first) as usize;
        if at >= self.days.len() {
            self.days.resize_with(at + 1, || None);
        }
        self.days[at].get_or_insert_with(Box::default)
    }

    fn each(&mut self) -> impl Iterator<Item = (i32, &mut Day)> {
        let first = self.first;
        self.days
            .iter_mut()
            .enumerate()
            .filter_map(move |(at, d)| d.as_deref_mut().map(|d| (first + at as i32, d)))
    }
}

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
        }
    }

    /// An act (contributions included).
    pub fn act(&mut self, a: ActFacts) {
        let s = self.people.slot(a.user_id);
        if s.first_day == NONE {
            s.first_consultation = a.consultation;
        } else if s.first_consultation != a.consultation {
            s.bits |= RETURNING;
        }
        s.first_day = s.first_day.min(a.day);
        let repeat = s.last_day == a.day;
        s.last_day = a.day;
        if matches!(a.kind, ActKind::Support | ActKind::Priority) {
            self.kinds[a.kind as usize] += 1;
        }
        if !repeat {
            // The user id's bits: only compared.
            self.days.day(a.day).active.insert(a.user_id as u32);
        }
    }

    /// A contribution (given to [`Gatherer::act`] as well).
    pub fn contribution(&mut self, c: Written) {
        let s = self.people.slot(c.author_id);
        if s.written() < WRITTEN {
            s.bits += 1;
        }
        self.days.day(c.day).contributions += 1;
        self.kinds[c.kind as usize] += 1;
        self.quality.add(&c);
        if c.is_reply {
            return;
        }
        self.top += 1;
        if let Some(status) = c.status {
            self.responded += 1;
            self.accepted += i64::from(super::is_accepted(Some(status)));
            *self.by_status.entry(status).or_default() += 1;
            if let Some(days) = c.response_days {
                self.days_to_response.add(days);
            }
        }
    }

    /// A participant's row, after every act and contribution: counted once
    /// per user id (the first row wins), with or without acts.
    pub fn person(&mut self, p: &Participant) {
        let s = self.people.slot(p.user_id);
        if s.bits & HAS_ROW != 0 {
            return;
        }
        s.bits |= HAS_ROW;
        let written = i64::from(s.written());
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
    /// (a million ids at national scale are not listed at once).
    pub fn acting_users_after(&self, after: Option<i32>, limit: usize) -> Vec<i32> {
        let p = &self.people;
        let from = after.map_or(i64::MIN, |a| i64::from(a) + 1);
        // Ids outside the table: few, unless the ids are far apart.
        let mut far: Vec<i32> = p
            .sparse
            .iter()
            .filter(|(id, s)| i64::from(**id) >= from && s.acted())
            .map(|(id, _)| *id)
            .collect();
        if far.len() > limit {
            far.select_nth_unstable(limit);
            far.truncate(limit);
        }
        far.sort_unstable();
        let start = usize::try_from(from.saturating_sub(i64::from(p.min))).unwrap_or(0);
        let table = p
            .dense
            .iter()
            .enumerate()
            .skip(start)
            .filter(|(_, s)| s.acted())
            .map(|(at, _)| p.min + at as i32)
            .take(limit);
        let mut ids: Vec<i32> = table.chain(far).collect();
        ids.sort_unstable();
        ids.truncate(limit);
        ids
    }

    /// The indicators.
    pub fn finish(mut self, actions: &[ActionRow], population: &[Population]) -> Gathered {
        let mut participants = 0i64;
        let mut returning = 0i64;
        let mut without_row = 0i64;
        let mut per_author = Vec::new();
        let mut new_on: HashMap<i32, i64> = HashMap::new();
        for (_, s) in self.people.each() {
            if s.written() > 0 {
                per_author.push(i64::from(s.written()));
            }
            if !s.is_participant() {
                continue;
            }
            participants += 1;
            returning += i64::from(s.bits & RETURNING != 0);
            if s.bits & HAS_ROW == 0 {
                without_row += 1;
            }
            if s.acted() {
                *new_on.entry(s.first_day).or_default() += 1;
            }
        }
        drop(self.people);
        // People known only from their acts count as citizens.
        if without_row > 0 {
            self.groups[0].add("citizen", without_row);
        }
        let mut active_days = Vec::new();
        let mut contributions_daily = Vec::new();
        for (key, day) in self.days.each() {
            let active = day.active.count();
            if active > 0 {
                active_days.push((key, active as i64, new_on.get(&key).copied().unwrap_or(0)));
            }
            if day.contributions > 0 {
                contributions_daily.push(Count {
                    label: super::from_day_key(i64::from(key)).to_string(),
                    count: Some(day.contributions),
                });
            }
        }
        drop(self.days);
        let territories: Vec<(&str, i64)> =
            self.territories.0.iter().map(|(t, n)| (&**t, *n)).collect();
        let (representation, r) = representation(&territories, population);
        let [by_organisation_kind, by_level, by_age_band, by_gender] =
            self.groups.map(|g| suppress(g.sorted()));
        let mut by_kind: Vec<(String, i64)> = ActKind::ALL
            .iter()
            .filter(|k| self.kinds[**k as usize] > 0)
            .map(|k| (k.as_str().to_owned(), self.kinds[*k as usize]))
            .collect();
        by_kind.sort_unstable();
        let participation = Participation {
            participants,
            daily: daily(&active_days),
            organisations: self.organisations.len() as i64,
            by_organisation_kind,
            by_level,
            by_kind: counts(by_kind),
            contributions_daily,
            local_share: fraction(self.local, self.with_level),
            response_rate: fraction(self.responded, self.top),
            median_days_to_response: std::mem::take(&mut self.days_to_response).median(),
            acceptance_rate: fraction(self.accepted, self.responded),
            responses_by_status: counts(
                self.by_status
                    .into_iter()
                    .map(|(s, n)| (s.to_owned(), n))
                    .collect(),
            ),
            influence: checked(influence(actions), "influence"),
            gini: gini(&per_author),
            top10_share: top_share(&per_author, 0.1),
            r_score: r,
            representation,
            by_age_band,
            by_gender,
            retention: fraction(returning, participants),
        };
        Gathered {
            participation,
            quality: self.quality,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{DaySet, Delays, Gatherer, median};
    use crate::activity::{ActFacts, days_between};
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

    #[test]
    fn delays_kept_as_seconds_give_the_median_of_the_days() {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let mut x: u64 = 11;
        for n in [0usize, 1, 2, 7, 1_000, 1_001] {
            for far in [false, true] {
                let mut delays = Delays::default();
                let mut all = Vec::new();
                for i in 0..n {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    // Seconds to 90 days, some before (bad data), and with
                    // `far`, one delay of 100 years (kept as days).
                    let seconds = (x >> 40) as i64 % 7_776_000 - 86_400;
                    let seconds = if far && i == n / 2 {
                        3_155_760_000
                    } else {
                        seconds
                    };
                    let days =
                        days_between(start, Some(start + chrono::Duration::seconds(seconds)))
                            .unwrap();
                    delays.add(days);
                    all.push(days);
                }
                assert_eq!(delays.days.is_empty(), !far || n == 0, "{n} {far}");
                let got = delays.median().map(f64::to_bits);
                assert_eq!(got, median(&mut all).map(f64::to_bits), "{n} {far}");
            }
        }
    }

    #[test]
    fn a_day_set_counts_each_key_once_in_any_order() {
        let mut set = DaySet::default();
        let mut expected = std::collections::BTreeSet::new();
        // A spread of small and large gaps, repeats, and u32's top bits
        // (negative user ids).
        let mut x: u64 = 7;
        for i in 0..20_000u32 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let key = match i % 4 {
                0 => (x >> 40) as u32 % 5_000,
                1 => (x >> 33) as u32,
                2 => i / 3,
                _ => u32::MAX - (i % 7),
            };
            set.insert(key);
            expected.insert(key);
        }
        assert_eq!(set.count(), expected.len());
        let keys: Vec<u32> = super::Keys::new(&set.packed).collect();
        assert_eq!(keys, expected.into_iter().collect::<Vec<_>>());
    }
}
