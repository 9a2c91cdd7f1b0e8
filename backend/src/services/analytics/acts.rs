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

use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard};

use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;
use pspm_analytics::activity::{ActFacts, Written};
use pspm_analytics::model::ActKind;
use pspm_analytics::participation::Gatherer;

use super::Checked;
use crate::db::schema::{
    audit_events, contributions, organisations, priority_allocations, responses, supports, users,
};
use crate::db::{DbConn, ID_CHUNK, PART_ROWS};
use crate::domain::ResponseStatus;
use crate::error::{AppError, AppResult};
use columns::{Contributions, NO_DELAY, Priority, REPLY, ResponseRow, Supports, answer};
use people::People;

mod columns;
mod people;

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
                | "user.set_email_frequency"
                | "user.unsubscribe"
                | "user.password_change"
                | "user.password_reset"
                | "demo.national_scale"
        )
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

mod read;

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
}
