//! The acts the participation and quality indicators read, kept in memory
//! as compact columns (a few integers a row) and brought up to date from the
//! audit events: acts are append-mostly and past days do not change, so a
//! dashboard after a write reads the rows added since, not the 12 million
//! rows of a national consultation again (bench/ANALYTICS.md).
//!
//! The store holds every consultation's acts; the reader's scope and the
//! filters are applied when they are gathered. Each kind of write that
//! changes what the indicators read names what to read again: new rows by
//! id, a withdrawn support, a person's allocation in a consultation, a
//! response, a person's row. A write of any other kind that is not known to
//! leave the acts alone makes the store load everything again.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard};

use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;
use pspm_analytics::activity::{ActFacts, Written, day_key};
use pspm_analytics::model::{ActKind, Participant};
use pspm_analytics::participation::Gatherer;

use super::Checked;
use crate::db::schema::{
    audit_events, contributions, organisations, priority_allocations, responses, supports, users,
};
use crate::db::{DbConn, ID_CHUNK, PART_ROWS, by_parts_after};
use crate::domain::ResponseStatus;
use crate::error::{AppError, AppResult};

/// Ids read again below the highest one seen: on PostgreSQL a transaction
/// can commit after one that took a later id, so a row or an event may appear
/// below the highest id already read.
const SLACK: i32 = 1_000;

/// Computations that may wait for their turn; more are refused (503), so a
/// client cycling filters cannot queue work without end.
const WAITING_AT_MOST: usize = 4;

/// Rows per part when loading: a part's strings are held while it is read.
const LOAD_PART_ROWS: i64 = PART_ROWS / 5;

/// Writes known to change nothing the participation and quality indicators
/// read (scope and plan nodes are read afresh for every computation).
fn leaves_acts_alone(action: &str) -> bool {
    const PREFIXES: [&str; 10] = [
        "plan.",
        "node.",
        "indicator.",
        "measurement.",
        "milestone.",
        "practice.",
        "rating.",
        "adoption.",
        "notifications.",
        "api_token.",
    ];
    PREFIXES.iter().any(|p| action.starts_with(p))
        || matches!(
            action,
            "consultation.create"
                | "contribution.report"
                | "contribution.hide"
                | "organisation.create"
                | "user.set_locale"
                | "demo.national_scale"
        )
}

/// A contribution's kind as the analytics rows hold it; the database holds
/// only comments, proposals and amendments.
fn act_kind(kind: &str) -> ActKind {
    ActKind::parse(kind)
        .filter(|k| matches!(k, ActKind::Proposal | ActKind::Amendment))
        .unwrap_or(ActKind::Comment)
}

/// Whether a contribution answers another, in the kind byte.
const REPLY: u8 = 0x80;

/// No date for a response ([`Contributions::delay`]).
const NO_DELAY: i32 = i32::MIN;

/// Puts `column` in `order` (positions of the old column).
fn permute<T: Copy>(column: &mut Vec<T>, order: &[u32]) {
    *column = order.iter().map(|&at| column[at as usize]).collect();
}

/// Rows kept in two parts: the first `based`, sorted by person (then id),
/// and the rows added since, sorted by id. Gathered in person order, a
/// person's acts come together, so the gatherer's table of people is read
/// in order rather than at random (the most of a gathering's time at
/// national scale; bench/ANALYTICS.md).
#[derive(Default)]
struct Parts {
    based: usize,
    max_id: i32,
}

impl Parts {
    /// Where the row of `person` and `id` is, or where a new row goes (at
    /// its place by id among the added ones).
    fn find(&self, person: &[i32], ids: &[i32], who: i32, id: i32) -> Result<usize, usize> {
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
    fn order(&self, person: &[i32], ids: &[i32], always: bool) -> Option<Vec<u32>> {
        let added = ids.len() - self.based;
        if !always && added < (self.based / 16).max(65_536) {
            return None;
        }
        let mut order: Vec<u32> = (0..ids.len() as u32).collect();
        order.sort_unstable_by_key(|&at| (person[at as usize], ids[at as usize]));
        Some(order)
    }

    /// The positions of the rows of `people` (sorted rows first).
    fn of_people(&self, person: &[i32], people: &HashSet<i32>) -> Vec<usize> {
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
struct Contributions {
    parts: Parts,
    id: Vec<i32>,
    consultation: Vec<u32>,
    author: Vec<i32>,
    day: Vec<i32>,
    /// [`ActKind`] as a byte, with [`REPLY`].
    kind: Vec<u8>,
    status: Vec<Option<ResponseStatus>>,
    /// Seconds from writing to the response ([`NO_DELAY`]: none).
    delay: Vec<i32>,
}

/// A contribution row with its response.
type ContributionRow = (
    i32,
    i32,
    i32,
    String,
    Option<i32>,
    NaiveDateTime,
    (Option<String>, Option<NaiveDateTime>),
);

/// A response's status and date, as a left join reads them.
type ResponseRow = (Option<String>, Option<NaiveDateTime>);

/// A response as kept: status and delay (both or neither).
fn answer(created_at: NaiveDateTime, response: ResponseRow) -> (Option<ResponseStatus>, i32) {
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
    fn len(&self) -> usize {
        self.id.len()
    }

    /// Adds a row (one already held is left as is).
    fn add(&mut self, row: ContributionRow) {
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
    fn sort(&mut self, always: bool) {
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
struct Supports {
    parts: Parts,
    id: Vec<i32>,
    user: Vec<i32>,
    consultation: Vec<u32>,
    day: Vec<i32>,
}

impl Supports {
    fn add(&mut self, (id, user, consultation, at): (i32, i32, i32, NaiveDateTime)) {
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
    fn keep_only(&mut self, users: &HashSet<i32>, kept: &HashSet<i32>) {
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
    fn sort(&mut self, always: bool) {
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
struct Priority {
    consultation: u32,
    user: i32,
    day: i32,
}

/// A person's row, with indexes into [`People::labels`] (0: none).
#[derive(Debug, Clone, Copy, Default)]
struct Person {
    present: bool,
    organisation: Option<i32>,
    kind: u32,
    level: u32,
    territory: u32,
    age: u32,
    gender: u32,
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

/// People's rows by user id: a table over the ids from the lowest, and a
/// map for ids far beyond it.
#[derive(Default)]
struct People {
    base: i32,
    dense: Vec<Person>,
    others: HashMap<i32, Person>,
    /// Each distinct value once; index 0 stands for none.
    labels: Vec<Arc<str>>,
    index: HashMap<Arc<str>, u32>,
    count: usize,
    lowest: Option<i32>,
    highest: Option<i32>,
}

impl People {
    fn label(&mut self, value: Option<String>) -> u32 {
        let Some(value) = value else { return 0 };
        if let Some(&i) = self.index.get(value.as_str()) {
            return i;
        }
        if self.labels.is_empty() {
            self.labels.push(Arc::from(""));
        }
        let v: Arc<str> = Arc::from(value);
        let i = self.labels.len() as u32;
        self.labels.push(Arc::clone(&v));
        self.index.insert(v, i);
        i
    }

    fn value(&self, i: u32) -> Option<&Arc<str>> {
        (i != 0).then(|| &self.labels[i as usize])
    }

    fn get(&self, id: i32) -> Option<&Person> {
        usize::try_from(i64::from(id) - i64::from(self.base))
            .ok()
            .and_then(|at| self.dense.get(at))
            .filter(|p| p.present)
            .or_else(|| self.others.get(&id))
    }

    fn set(&mut self, row: PersonRow) {
        let (id, organisation, kind, level, (own, org_territory), age, gender) = row;
        let person = Person {
            present: true,
            organisation,
            kind: self.label(kind),
            level: self.label(level),
            territory: self.label(own.or(org_territory)),
            age: self.label(age),
            gender: self.label(gender),
        };
        if self.get(id).is_none() {
            self.count += 1;
            self.lowest = Some(self.lowest.map_or(id, |l| l.min(id)));
            self.highest = Some(self.highest.map_or(id, |h| h.max(id)));
        }
        if self.dense.is_empty() && self.others.is_empty() {
            self.base = id;
        }
        // Ids follow each other; one far beyond the table (or below its
        // start) goes to the map rather than growing the table to it.
        let at = i64::from(id) - i64::from(self.base);
        let room = (self.dense.len() as i64).saturating_mul(2) + 4096;
        if let Some(kept) = self.others.get_mut(&id) {
            *kept = person;
        } else if (0..room).contains(&at) {
            let at = at as usize;
            if at >= self.dense.len() {
                self.dense.resize(at + 1, Person::default());
            }
            self.dense[at] = person;
        } else {
            self.others.insert(id, person);
        }
    }

    fn participant(&self, id: i32, p: &Person) -> Participant {
        Participant {
            user_id: id,
            organisation_kind: self.value(p.kind).cloned(),
            organisation_level: self.value(p.level).cloned(),
            organisation_id: p.organisation,
            territory: self.value(p.territory).cloned(),
            age_band: self.value(p.age).cloned(),
            gender: self.value(p.gender).cloned(),
        }
    }

    /// Whether each label passes the people filters, per field (`None`: no
    /// filter is set).
    fn filter(&self, f: &Checked) -> Option<PeopleFilter> {
        if f.territory.is_none() && f.organisation_kind.is_none() && f.level.is_none() {
            return None;
        }
        let each = |pass: &dyn Fn(Option<&str>) -> bool| -> Vec<bool> {
            (0..self.labels.len().max(1))
                .map(|i| pass(self.value(i as u32).map(|v| &**v)))
                .collect()
        };
        Some(PeopleFilter {
            territory: each(&|v| {
                f.territory
                    .as_ref()
                    .is_none_or(|t| v.is_some_and(|pt| pt.to_uppercase().starts_with(t.as_str())))
            }),
            kind: each(&|v| {
                f.organisation_kind
                    .as_ref()
                    .is_none_or(|k| v.unwrap_or("citizen") == k.as_str())
            }),
            level: each(&|v| f.level.as_ref().is_none_or(|l| v == Some(l.as_str()))),
        })
    }
}

/// [`People::filter`]'s answer per label.
struct PeopleFilter {
    territory: Vec<bool>,
    kind: Vec<bool>,
    level: Vec<bool>,
}

impl PeopleFilter {
    fn keeps(&self, p: Option<&Person>) -> bool {
        p.is_some_and(|p| {
            self.territory[p.territory as usize]
                && self.kind[p.kind as usize]
                && self.level[p.level as usize]
        })
    }
}

/// What the store holds.
#[derive(Default)]
pub(super) struct Acts {
    loaded: bool,
    /// The newest audit event taken into account.
    version: i32,
    /// Events taken into account within [`SLACK`] below `version`.
    recent: BTreeSet<i32>,
    contributions: Contributions,
    supports: Supports,
    /// Sorted by consultation and user.
    priorities: Vec<Priority>,
    max_allocation: i32,
    people: People,
}

/// What a catch-up must read again.
#[derive(Default)]
struct Changes {
    supporters: HashSet<i32>,
    allocations: BTreeSet<(i32, i32)>,
    answered: BTreeSet<i32>,
    users: BTreeSet<i32>,
    organisations: BTreeSet<i32>,
}

impl Acts {
    /// Everything, from the database.
    fn load(conn: &mut DbConn) -> AppResult<Self> {
        let mut acts = Acts {
            loaded: true,
            ..Acts::default()
        };
        // The events first: a write while the rows are read is read again.
        let events: Vec<i32> = audit_events::table
            .order(audit_events::id.desc())
            .select(audit_events::id)
            .limit(i64::from(SLACK))
            .load(conn)?;
        acts.version = events.first().copied().unwrap_or(0);
        acts.recent = events
            .into_iter()
            .filter(|&id| id > acts.version - SLACK)
            .collect();
        // Reserved at their size: columns grown by doubling would take up
        // to twice the memory at national scale.
        let rows = |n: i64| usize::try_from(n).unwrap_or(0);
        let n = rows(contributions::table.count().get_result(conn)?);
        let c = &mut acts.contributions;
        c.id.reserve_exact(n);
        c.consultation.reserve_exact(n);
        c.author.reserve_exact(n);
        c.day.reserve_exact(n);
        c.kind.reserve_exact(n);
        c.status.reserve_exact(n);
        c.delay.reserve_exact(n);
        let n = rows(supports::table.count().get_result(conn)?);
        let s = &mut acts.supports;
        s.id.reserve_exact(n);
        s.user.reserve_exact(n);
        s.consultation.reserve_exact(n);
        s.day.reserve_exact(n);
        acts.read_contributions(conn, i32::MIN)?;
        acts.read_supports(conn, i32::MIN)?;
        acts.read_allocations(conn)?;
        by_parts_after::<_, AppError>(
            i32::MIN,
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
                part.into_iter().for_each(|row| acts.people.set(row));
                Ok(())
            },
        )?;
        acts.contributions.sort(true);
        acts.supports.sort(true);
        acts.shrink();
        Ok(acts)
    }

    fn read_contributions(&mut self, conn: &mut DbConn, after: i32) -> AppResult<()> {
        by_parts_after::<_, AppError>(
            after,
            LOAD_PART_ROWS,
            |after, limit| {
                // The join repeats the part's bound so that PostgreSQL reads
                // only the part's responses.
                contributions::table
                    .left_join(
                        responses::table.on(responses::contribution_id
                            .eq(contributions::id)
                            .and(responses::contribution_id.gt(after))),
                    )
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
                    .load::<ContributionRow>(conn)
            },
            |row| row.0,
            |part| {
                part.into_iter().for_each(|row| self.contributions.add(row));
                Ok(())
            },
        )
    }

    fn read_supports(&mut self, conn: &mut DbConn, after: i32) -> AppResult<()> {
        by_parts_after::<_, AppError>(
            after,
            LOAD_PART_ROWS,
            |after, limit| {
                supports::table
                    .inner_join(contributions::table)
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
                part.into_iter().for_each(|row| self.supports.add(row));
                Ok(())
            },
        )
    }

    /// Every allocation: a person's act in a consultation is their first row
    /// with points, by id.
    fn read_allocations(&mut self, conn: &mut DbConn) -> AppResult<()> {
        let mut first: HashMap<(u32, i32), i32> = HashMap::new();
        let mut max = 0;
        by_parts_after::<_, AppError>(
            i32::MIN,
            LOAD_PART_ROWS,
            |after, limit| {
                priority_allocations::table
                    .filter(priority_allocations::id.gt(after))
                    .order(priority_allocations::id.asc())
                    .limit(limit)
                    .select((
                        priority_allocations::id,
                        priority_allocations::user_id,
                        priority_allocations::consultation_id,
                        priority_allocations::points,
                        priority_allocations::updated_at,
                    ))
                    .load::<(i32, i32, i32, i32, NaiveDateTime)>(conn)
            },
            |row| row.0,
            |part| {
                for (id, user, consultation, points, at) in part {
                    max = id;
                    if points > 0 {
                        first
                            .entry((consultation as u32, user))
                            .or_insert_with(|| day_key(at));
                    }
                }
                Ok(())
            },
        )?;
        self.max_allocation = max;
        self.priorities = first
            .into_iter()
            .map(|((consultation, user), day)| Priority {
                consultation,
                user,
                day,
            })
            .collect();
        self.priorities
            .sort_unstable_by_key(|p| (p.consultation, p.user));
        Ok(())
    }

    /// Reads again the allocations of these (consultation, user) pairs.
    fn reread_allocations(
        &mut self,
        conn: &mut DbConn,
        pairs: &BTreeSet<(i32, i32)>,
    ) -> AppResult<()> {
        for &(consultation, user) in pairs {
            let day = priority_allocations::table
                .filter(priority_allocations::consultation_id.eq(consultation))
                .filter(priority_allocations::user_id.eq(user))
                .filter(priority_allocations::points.gt(0))
                .order(priority_allocations::id.asc())
                .select(priority_allocations::updated_at)
                .first::<NaiveDateTime>(conn)
                .optional()?
                .map(day_key);
            let key = (consultation as u32, user);
            let found = self
                .priorities
                .binary_search_by_key(&key, |p| (p.consultation, p.user));
            match (found, day) {
                (Ok(at), Some(day)) => self.priorities[at].day = day,
                (Ok(at), None) => {
                    self.priorities.remove(at);
                }
                (Err(at), Some(day)) => self.priorities.insert(
                    at,
                    Priority {
                        consultation: key.0,
                        user,
                        day,
                    },
                ),
                (Err(_), None) => {}
            }
        }
        Ok(())
    }

    /// Takes in the writes since [`Acts::version`]; `false` when one of
    /// them is of a kind that needs everything read again.
    fn catch_up(&mut self, conn: &mut DbConn) -> AppResult<bool> {
        let events: Vec<(i32, Option<i32>, String, Option<i32>)> = audit_events::table
            .filter(audit_events::id.gt(self.version.saturating_sub(SLACK)))
            .filter(audit_events::action.not_like("session.%"))
            .order(audit_events::id.asc())
            .select((
                audit_events::id,
                audit_events::actor_id,
                audit_events::action,
                audit_events::entity_id,
            ))
            .load(conn)?;
        let mut ch = Changes::default();
        // Marked as taken in only once every row they name has been read:
        // a catch-up that fails half way is done again, and reading again
        // what was read changes nothing.
        let mut taken = Vec::new();
        for (id, actor, action, entity) in events {
            if id <= self.version && self.recent.contains(&id) {
                continue;
            }
            match (action.as_str(), actor, entity) {
                // New rows are read by id below.
                ("contribution.create" | "support.create", _, _) => {}
                ("support.delete", Some(user), _) => {
                    ch.supporters.insert(user);
                }
                ("priorities.set", Some(user), Some(consultation)) => {
                    ch.allocations.insert((consultation, user));
                }
                ("response.upsert", _, Some(contribution)) => {
                    ch.answered.insert(contribution);
                }
                ("user.create" | "user.update" | "user.delete", _, Some(user)) => {
                    ch.users.insert(user);
                }
                ("organisation.update", _, Some(organisation)) => {
                    ch.organisations.insert(organisation);
                }
                (a, _, _) if leaves_acts_alone(a) => {}
                _ => return Ok(false),
            }
            taken.push(id);
        }

        self.read_contributions(conn, self.contributions.parts.max_id.saturating_sub(SLACK))?;
        self.read_supports(conn, self.supports.parts.max_id.saturating_sub(SLACK))?;
        // Allocations written since (by this process or another).
        let fresh: Vec<(i32, i32, i32)> = priority_allocations::table
            .filter(priority_allocations::id.gt(self.max_allocation.saturating_sub(SLACK)))
            .select((
                priority_allocations::id,
                priority_allocations::consultation_id,
                priority_allocations::user_id,
            ))
            .load(conn)?;
        for (id, consultation, user) in fresh {
            self.max_allocation = self.max_allocation.max(id);
            ch.allocations.insert((consultation, user));
        }
        self.reread_allocations(conn, &ch.allocations)?;
        if !ch.supporters.is_empty() {
            let users: Vec<i32> = ch.supporters.iter().copied().collect();
            let mut kept = HashSet::new();
            for chunk in users.chunks(ID_CHUNK) {
                kept.extend(
                    supports::table
                        .filter(supports::user_id.eq_any(chunk))
                        .select(supports::id)
                        .load::<i32>(conn)?,
                );
            }
            self.supports.keep_only(&ch.supporters, &kept);
        }
        let answered: Vec<i32> = ch.answered.into_iter().collect();
        for chunk in answered.chunks(ID_CHUNK) {
            let rows: Vec<(i32, i32, NaiveDateTime, ResponseRow)> = contributions::table
                .left_join(responses::table)
                .filter(contributions::id.eq_any(chunk))
                .select((
                    contributions::id,
                    contributions::author_id,
                    contributions::created_at,
                    (
                        responses::status.nullable(),
                        responses::created_at.nullable(),
                    ),
                ))
                .load(conn)?;
            for (id, author, created_at, response) in rows {
                let c = &self.contributions;
                if let Ok(at) = c.parts.find(&c.author, &c.id, author, id) {
                    let (status, delay) = answer(created_at, response);
                    self.contributions.status[at] = status;
                    self.contributions.delay[at] = delay;
                }
            }
        }
        // People: new users, and those whose row or organisation changed.
        let newest = self.people.highest.unwrap_or(0).saturating_sub(SLACK);
        let mut rows: Vec<PersonRow> = person_rows!().filter(users::id.gt(newest)).load(conn)?;
        let named: Vec<i32> = ch.users.into_iter().collect();
        for chunk in named.chunks(ID_CHUNK) {
            rows.extend(
                person_rows!()
                    .filter(users::id.eq_any(chunk))
                    .load::<PersonRow>(conn)?,
            );
        }
        let organisations: Vec<i32> = ch.organisations.into_iter().collect();
        if !organisations.is_empty() {
            rows.extend(
                person_rows!()
                    .filter(users::organisation_id.eq_any(&organisations))
                    .load::<PersonRow>(conn)?,
            );
        }
        rows.into_iter().for_each(|row| self.people.set(row));
        self.contributions.sort(false);
        self.supports.sort(false);
        for id in taken {
            self.recent.insert(id);
            self.version = self.version.max(id);
        }
        let floor = self.version - SLACK;
        self.recent.retain(|&id| id > floor);
        Ok(true)
    }

    /// Gives back what the columns reserved while growing.
    fn shrink(&mut self) {
        let c = &mut self.contributions;
        c.id.shrink_to_fit();
        c.consultation.shrink_to_fit();
        c.author.shrink_to_fit();
        c.day.shrink_to_fit();
        c.kind.shrink_to_fit();
        c.status.shrink_to_fit();
        c.delay.shrink_to_fit();
        let s = &mut self.supports;
        s.id.shrink_to_fit();
        s.user.shrink_to_fit();
        s.consultation.shrink_to_fit();
        s.day.shrink_to_fit();
        self.priorities.shrink_to_fit();
        self.people.dense.shrink_to_fit();
    }

    /// The users' id range for a [`Gatherer`].
    pub(super) fn user_range(&self) -> Option<(i32, i32)> {
        Gatherer::dense(
            self.people.lowest.zip(self.people.highest),
            self.people.count,
        )
    }

    /// Gives `g` the acts in `consultations` that the filters keep, then the
    /// rows of the people who acted. `origins`: contributions that became
    /// actions, sorted.
    pub(super) fn gather(
        &self,
        g: &mut Gatherer,
        consultations: &[i32],
        f: &Checked,
        origins: &[i32],
    ) {
        let started = std::time::Instant::now();
        let top = consultations.iter().copied().max().unwrap_or(0).max(0) as usize;
        let mut in_scope = vec![false; top + 1];
        for &c in consultations {
            if let Ok(c) = usize::try_from(c) {
                in_scope[c] = true;
            }
        }
        let scoped = |c: u32| in_scope.get(c as usize).copied().unwrap_or(false);
        let from = f.from.map_or(i32::MIN, |d| d.num_days_from_ce());
        let to = f.to.map_or(i32::MAX, |d| d.num_days_from_ce());
        let people = self.people.filter(f);
        let keeps = |user: i32| {
            people
                .as_ref()
                .is_none_or(|p| p.keeps(self.people.get(user)))
        };
        let c = &self.contributions;
        for i in 0..c.len() {
            let (day, author) = (c.day[i], c.author[i]);
            if !scoped(c.consultation[i]) || day < from || day > to || !keeps(author) {
                continue;
            }
            let kind = ActKind::ALL[usize::from(c.kind[i] & !REPLY)];
            g.act(ActFacts {
                user_id: author,
                consultation: c.consultation[i],
                kind,
                day,
            });
            let status = c.status[i];
            g.contribution(Written {
                author_id: author,
                kind,
                is_reply: c.kind[i] & REPLY != 0,
                day,
                status: status.map(ResponseStatus::as_str),
                response_days: (status.is_some() && c.delay[i] != NO_DELAY)
                    .then(|| f64::from(c.delay[i]) / 86_400.0),
                became_action: origins.binary_search(&c.id[i]).is_ok(),
            });
        }
        let s = &self.supports;
        for i in 0..s.id.len() {
            let (day, user) = (s.day[i], s.user[i]);
            if scoped(s.consultation[i]) && day >= from && day <= to && keeps(user) {
                g.act(ActFacts {
                    user_id: user,
                    consultation: s.consultation[i],
                    kind: ActKind::Support,
                    day,
                });
            }
        }
        for p in &self.priorities {
            if scoped(p.consultation) && p.day >= from && p.day <= to && keeps(p.user) {
                g.act(ActFacts {
                    user_id: p.user,
                    consultation: p.consultation,
                    kind: ActKind::Priority,
                    day: p.day,
                });
            }
        }
        let acts_took = started.elapsed();
        let mut after = None;
        loop {
            let chunk = g.acting_users_after(after, ID_CHUNK);
            let Some(&last) = chunk.last() else { break };
            for id in chunk {
                if let Some(p) = self.people.get(id) {
                    g.person(&self.people.participant(id, p));
                }
            }
            after = Some(last);
        }
        tracing::debug!(
            acts_ms = acts_took.as_millis() as u64,
            people_ms = (started.elapsed() - acts_took).as_millis() as u64,
            "acts gathered"
        );
    }
}

/// The acts, kept for the process (see the module's notes), and the turn
/// that computations from them take one at a time.
#[derive(Default)]
pub struct ActStore {
    acts: RwLock<Acts>,
    /// One catch-up at a time.
    refreshing: Mutex<()>,
    /// One computation at a time: it takes one core, the other serves pages.
    turn: Mutex<()>,
    waiting: AtomicUsize,
}

impl std::fmt::Debug for ActStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ActStore")
    }
}

impl ActStore {
    fn read(&self) -> RwLockReadGuard<'_, Acts> {
        self.acts.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The acts, with every write up to audit event `version` taken in.
    pub(super) fn current(
        &self,
        conn: &mut DbConn,
        version: i32,
    ) -> AppResult<RwLockReadGuard<'_, Acts>> {
        {
            let acts = self.read();
            if acts.loaded && acts.version >= version {
                return Ok(acts);
            }
        }
        let _one = self
            .refreshing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let caught_up = {
            let acts = self.read();
            acts.loaded && acts.version >= version
        };
        if !caught_up {
            let mut acts = self.acts.write().unwrap_or_else(PoisonError::into_inner);
            let started = std::time::Instant::now();
            let done = acts.loaded && acts.catch_up(conn)?;
            tracing::debug!(ms = started.elapsed().as_millis() as u64, "acts caught up");
            if !done {
                *acts = Acts::default();
                drop(acts);
                let fresh = Acts::load(conn)?;
                tracing::info!(
                    ms = started.elapsed().as_millis() as u64,
                    contributions = fresh.contributions.len(),
                    supports = fresh.supports.id.len(),
                    "acts loaded"
                );
                *self.acts.write().unwrap_or_else(PoisonError::into_inner) = fresh;
            }
        }
        Ok(self.read())
    }

    /// Waits for the computations' turn; refused when too many wait.
    pub(super) fn turn(&self) -> AppResult<MutexGuard<'_, ()>> {
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= WAITING_AT_MOST {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(AppError::Unavailable(
                "dashboards are being computed for other readers; try again in a moment".into(),
            ));
        }
        let turn = self.turn.lock().unwrap_or_else(PoisonError::into_inner);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        Ok(turn)
    }
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
    fn computations_take_turns_and_one_more_than_may_wait_is_refused() {
        let store = ActStore::default();
        let first = store.turn().unwrap();
        std::thread::scope(|threads| {
            for _ in 0..WAITING_AT_MOST {
                threads.spawn(|| drop(store.turn().unwrap()));
            }
            while store.waiting.load(Ordering::SeqCst) < WAITING_AT_MOST {
                std::thread::yield_now();
            }
            assert!(matches!(store.turn(), Err(AppError::Unavailable(_))));
            drop(first);
        });
        // All waiting ones had their turn; the next is served at once.
        assert_eq!(store.waiting.load(Ordering::SeqCst), 0);
        drop(store.turn().unwrap());
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

    #[test]
    fn people_far_apart_go_to_the_map_and_are_found_with_their_labels() {
        let mut people = People::default();
        let row = |id: i32, kind: Option<&str>| -> PersonRow {
            (
                id,
                None,
                kind.map(Into::into),
                None,
                (Some("ITI43".into()), None),
                None,
                None,
            )
        };
        people.set(row(10, Some("region")));
        people.set(row(11, None));
        people.set(row(2_000_000_000, Some("agency")));
        assert_eq!(people.count, 3);
        assert!(people.others.contains_key(&2_000_000_000));
        assert!(people.get(12).is_none());
        let p = people.get(10).copied().unwrap();
        let participant = people.participant(10, &p);
        assert_eq!(participant.organisation_kind.as_deref(), Some("region"));
        assert_eq!(participant.territory.as_deref(), Some("ITI43"));
        // Set again: counted once.
        people.set(row(10, Some("agency")));
        assert_eq!(people.count, 3);
        let filter = people
            .filter(&Checked {
                organisation_kind: Some("citizen".into()),
                territory: Some("ITI4".into()),
                ..Checked::default()
            })
            .unwrap();
        assert!(filter.keeps(people.get(11)));
        assert!(!filter.keeps(people.get(10)));
        assert!(!filter.keeps(None));
    }
}
