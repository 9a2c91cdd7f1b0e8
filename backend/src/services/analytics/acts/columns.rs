//! The acts' rows as columns: contributions and supports, each kept in
//! two parts (sorted by person, then the rows added since), and priorities.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use pspm_analytics::activity::day_key;
use pspm_analytics::model::ActKind;

use crate::domain::ResponseStatus;

/// A contribution's kind as the analytics rows hold it; the database holds
/// only comments, proposals and amendments.
pub(super) fn act_kind(kind: &str) -> ActKind {
    ActKind::parse(kind)
        .filter(|k| matches!(k, ActKind::Proposal | ActKind::Amendment))
        .unwrap_or(ActKind::Comment)
}

/// Whether a contribution answers another, in the kind byte.
pub(super) const REPLY: u8 = 0x80;

/// No date for a response ([`Contributions::delay`]).
pub(super) const NO_DELAY: i32 = i32::MIN;

/// Puts `column` in `order` (positions of the old column).
pub(super) fn permute<T: Copy>(column: &mut Vec<T>, order: &[u32]) {
    *column = order.iter().map(|&at| column[at as usize]).collect();
}

/// Rows kept in two parts: the first `based`, sorted by person (then id),
/// and the rows added since, sorted by id. Gathered in person order, a
/// person's acts come together, so the gatherer's table of people is read
/// in order rather than at random (the most of a gathering's time at
/// national scale; bench/ANALYTICS.md).
#[derive(Default)]
pub(super) struct Parts {
    pub(super) based: usize,
    pub(super) max_id: i32,
}

impl Parts {
    /// Where the row of `person` and `id` is, or where a new row goes (at
    /// its place by id among the added ones).
    pub(super) fn find(
        &self,
        person: &[i32],
        ids: &[i32],
        who: i32,
        id: i32,
    ) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.based);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if (person[mid], ids[mid]) < (who, id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo < self.based && person[lo] == who && ids[lo] == id {
            return Ok(lo);
        }
        ids[self.based..]
            .binary_search(&id)
            .map(|at| at + self.based)
            .map_err(|at| at + self.based)
    }

    /// The order that sorts every row by person and id, when the added rows
    /// have grown to a sixteenth of the sorted ones (and at least 65,536).
    pub(super) fn order(&self, person: &[i32], ids: &[i32], always: bool) -> Option<Vec<u32>> {
        let added = ids.len() - self.based;
        if !always && added < (self.based / 16).max(65_536) {
            return None;
        }
        let mut order: Vec<u32> = (0..ids.len() as u32).collect();
        order.sort_unstable_by_key(|&at| (person[at as usize], ids[at as usize]));
        Some(order)
    }

    /// The positions of the rows of `people` (sorted rows first).
    pub(super) fn of_people(&self, person: &[i32], people: &HashSet<i32>) -> Vec<usize> {
        let mut out = Vec::new();
        for &who in people {
            let lo = person[..self.based].partition_point(|&p| p < who);
            let hi = person[..self.based].partition_point(|&p| p <= who);
            out.extend(lo..hi);
        }
        out.extend((self.based..person.len()).filter(|&at| people.contains(&person[at])));
        out
    }
}

/// Contributions, a column per field ([`Parts`]: by author, then added).
#[derive(Default)]
pub(super) struct Contributions {
    pub(super) parts: Parts,
    pub(super) id: Vec<i32>,
    pub(super) consultation: Vec<u32>,
    pub(super) author: Vec<i32>,
    pub(super) day: Vec<i32>,
    /// [`ActKind`] as a byte, with [`REPLY`].
    pub(super) kind: Vec<u8>,
    pub(super) status: Vec<Option<ResponseStatus>>,
    /// Seconds from writing to the response ([`NO_DELAY`]: none).
    pub(super) delay: Vec<i32>,
}

/// A contribution row with its response.
pub(super) type ContributionRow = (
    i32,
    i32,
    i32,
    String,
    Option<i32>,
    NaiveDateTime,
    (Option<String>, Option<NaiveDateTime>),
);

/// A response's status and date, as a left join reads them.
pub(super) type ResponseRow = (Option<String>, Option<NaiveDateTime>);

/// A response as kept: status and delay (both or neither).
pub(super) fn answer(
    created_at: NaiveDateTime,
    response: ResponseRow,
) -> (Option<ResponseStatus>, i32) {
    match response {
        (Some(status), Some(at)) => match ResponseStatus::parse(&status) {
            Some(s) => {
                let secs = (at - created_at).num_seconds();
                (
                    Some(s),
                    i32::try_from(secs).unwrap_or(if secs < 0 { i32::MIN + 1 } else { i32::MAX }),
                )
            }
            None => (None, NO_DELAY),
        },
        _ => (None, NO_DELAY),
    }
}

impl Contributions {
    pub(super) fn len(&self) -> usize {
        self.id.len()
    }

    /// Adds a row (one already held is left as is).
    pub(super) fn add(&mut self, row: ContributionRow) {
        let (id, consultation, author, kind, parent, created_at, response) = row;
        let Err(at) = self.parts.find(&self.author, &self.id, author, id) else {
            return;
        };
        let (status, delay) = answer(created_at, response);
        let kind = act_kind(&kind) as u8 | if parent.is_some() { REPLY } else { 0 };
        self.id.insert(at, id);
        self.consultation.insert(at, consultation as u32);
        self.author.insert(at, author);
        self.day.insert(at, day_key(created_at));
        self.kind.insert(at, kind);
        self.status.insert(at, status);
        self.delay.insert(at, delay);
        self.parts.max_id = self.parts.max_id.max(id);
    }

    /// Sorts the added rows in when they are many (`always`: now).
    pub(super) fn sort(&mut self, always: bool) {
        let Some(order) = self.parts.order(&self.author, &self.id, always) else {
            return;
        };
        permute(&mut self.id, &order);
        permute(&mut self.consultation, &order);
        permute(&mut self.author, &order);
        permute(&mut self.day, &order);
        permute(&mut self.kind, &order);
        permute(&mut self.status, &order);
        permute(&mut self.delay, &order);
        self.parts.based = self.id.len();
    }
}

/// Supports, a column per field ([`Parts`]: by person, then added).
#[derive(Default)]
pub(super) struct Supports {
    pub(super) parts: Parts,
    pub(super) id: Vec<i32>,
    pub(super) user: Vec<i32>,
    pub(super) consultation: Vec<u32>,
    pub(super) day: Vec<i32>,
}

impl Supports {
    pub(super) fn add(&mut self, (id, user, consultation, at): (i32, i32, i32, NaiveDateTime)) {
        let Err(place) = self.parts.find(&self.user, &self.id, user, id) else {
            return;
        };
        self.id.insert(place, id);
        self.user.insert(place, user);
        self.consultation.insert(place, consultation as u32);
        self.day.insert(place, day_key(at));
        self.parts.max_id = self.parts.max_id.max(id);
    }

    /// Drops the supports of `users` whose ids are not in `kept`.
    pub(super) fn keep_only(&mut self, users: &HashSet<i32>, kept: &HashSet<i32>) {
        let mut gone: Vec<usize> = self
            .parts
            .of_people(&self.user, users)
            .into_iter()
            .filter(|&at| !kept.contains(&self.id[at]))
            .collect();
        gone.sort_unstable();
        for &at in gone.iter().rev() {
            self.id.remove(at);
            self.user.remove(at);
            self.consultation.remove(at);
            self.day.remove(at);
            if at < self.parts.based {
                self.parts.based -= 1;
            }
        }
    }

    /// Sorts the added rows in when they are many (`always`: now).
    pub(super) fn sort(&mut self, always: bool) {
        let Some(order) = self.parts.order(&self.user, &self.id, always) else {
            return;
        };
        permute(&mut self.id, &order);
        permute(&mut self.user, &order);
        permute(&mut self.consultation, &order);
        permute(&mut self.day, &order);
        self.parts.based = self.id.len();
    }
}

/// A person's priority act in a consultation: the day of their first
/// allocation row (by id) with points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Priority {
    pub(super) consultation: u32,
    pub(super) user: i32,
    pub(super) day: i32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_keeps_its_delay_in_whole_seconds_and_a_missing_date_keeps_none() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap();
        let written = at("2026-03-01 10:00:00.250");
        let (status, delay) = answer(
            written,
            (Some("accepted".into()), Some(at("2026-03-03 10:00:01.000"))),
        );
        assert_eq!(status, Some(ResponseStatus::Accepted));
        // As `days_between` reads it: whole seconds, truncated.
        assert_eq!(delay, 2 * 86_400);
        assert_eq!(
            answer(written, (Some("no such".into()), Some(written))),
            (None, NO_DELAY)
        );
        assert_eq!(answer(written, (None, None)), (None, NO_DELAY));
    }

    #[test]
    fn supports_are_found_kept_and_dropped_before_and_after_sorting() {
        let at = NaiveDateTime::parse_from_str("2026-03-01 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        let mut s = Supports::default();
        for (id, user) in [(1, 30), (2, 10), (3, 20), (4, 10)] {
            s.add((id, user, 7, at));
        }
        s.add((2, 10, 7, at));
        assert_eq!(s.id, [1, 2, 3, 4], "added in id order, once each");
        s.sort(true);
        assert_eq!(
            (s.user.as_slice(), s.id.as_slice()),
            ([10, 10, 20, 30].as_slice(), [2, 4, 3, 1].as_slice())
        );
        // Added after sorting: kept apart, by id; found in either part.
        s.add((6, 10, 7, at));
        s.add((5, 40, 7, at));
        s.add((4, 10, 7, at));
        assert_eq!(s.id, [2, 4, 3, 1, 5, 6]);
        assert_eq!(s.parts.find(&s.user, &s.id, 10, 4), Ok(1));
        assert_eq!(s.parts.find(&s.user, &s.id, 10, 6), Ok(5));
        assert!(s.parts.find(&s.user, &s.id, 20, 9).is_err());
        // User 10 withdrew support 2 (4 and 6 remain); user 20 all of theirs.
        s.keep_only(&HashSet::from([10, 20]), &HashSet::from([4, 6]));
        assert_eq!(s.id, [4, 1, 5, 6]);
        assert_eq!(s.parts.based, 2);
        assert_eq!(s.parts.find(&s.user, &s.id, 30, 1), Ok(1));
        assert_eq!(s.parts.max_id, 6);
    }
}
