//! The acts and contributions of a selection in compact rows of 12 bytes,
//! filled one database row at a time: what the backend hands to
//! [`participation_of`](crate::participation::participation_of) and
//! [`quality_of`](crate::quality::quality_of).
//!
//! A national consultation brings millions of acts and contributions. As an
//! [`Act`] (24 bytes) per act plus a [`ContributionRow`] (56 bytes) per
//! contribution, the rows were most of what a dashboard's first view held
//! at its peak (bench/LOAD.md). Here a contribution is also its author's act,
//! so it is held once; what the indicators read of a row (who, which day,
//! consultation, kind, reply, response status, became an action) is packed
//! into three integers, and the days to a response are kept only for the
//! contributions that have one.
//!
//! The indicators read rows through [`Acts`] and [`Contributions`], which
//! the slices of [`Act`] and [`ContributionRow`] implement too, so both
//! inputs go through the same code.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDateTime};

use crate::model::{Act, ActKind, ContributionRow};

/// Days since 1 January of year 1 (a plain integer key for grouping by day).
pub(crate) fn day_key(at: NaiveDateTime) -> i32 {
    at.date().num_days_from_ce()
}

/// Days (fractional) from `from` to `to`.
pub(crate) fn days_between(from: NaiveDateTime, to: Option<NaiveDateTime>) -> Option<f64> {
    to.map(|t| (t - from).num_seconds() as f64 / 86_400.0)
}

/// An act as the indicators read it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActFacts {
    /// Who.
    pub user_id: i32,
    /// In which consultation (compared, never shown).
    pub consultation: u32,
    /// The kind.
    pub kind: ActKind,
    /// The day ([`day_key`]).
    pub day: i32,
}

/// A contribution as the indicators read it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Written {
    /// Author.
    pub author_id: i32,
    /// `Comment`, `Proposal` or `Amendment`.
    pub kind: ActKind,
    /// Whether it answers another contribution.
    pub is_reply: bool,
    /// The day it was written ([`day_key`]).
    pub day: i32,
    /// Response status.
    pub status: Option<&'static str>,
    /// Days from writing to the response, when answered with a date.
    pub response_days: Option<f64>,
    /// Whether an action records it as its origin.
    pub became_action: bool,
}

/// Acts, read in passes (each pass sees every act once, in any order).
pub(crate) trait Acts {
    /// Calls `f` with every act.
    fn each_act(&self, f: impl FnMut(ActFacts));
}

/// Contributions, read in passes.
pub(crate) trait Contributions {
    /// Calls `f` with every contribution.
    fn each_contribution(&self, f: impl FnMut(Written));
}

impl Acts for [Act] {
    fn each_act(&self, mut f: impl FnMut(ActFacts)) {
        for a in self {
            f(ActFacts {
                user_id: a.user_id,
                // Only compared for equality: the bits of the id will do.
                consultation: a.consultation_id as u32,
                kind: a.kind,
                day: day_key(a.at),
            });
        }
    }
}

impl Contributions for [ContributionRow] {
    fn each_contribution(&self, mut f: impl FnMut(Written)) {
        for c in self {
            f(Written {
                author_id: c.author_id,
                kind: c.kind,
                is_reply: c.is_reply,
                day: day_key(c.created_at),
                status: c.response_status,
                response_days: days_between(c.created_at, c.responded_at),
                became_action: c.became_action,
            });
        }
    }
}

/// One act or contribution: who, which day, and a tag packing the rest
/// (see the `TAG_*` constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    user_id: i32,
    /// [`day_key`].
    day: i32,
    tag: u32,
}

/// Bits 0–2: the kind (its position in [`ActKind::ALL`]).
const TAG_KIND: u32 = 0b111;
/// Bit 3: a reply.
const TAG_REPLY: u32 = 1 << 3;
/// Bit 4: became an action.
const TAG_BECAME: u32 = 1 << 4;
/// Bit 5: has a response date (its days are next in `response_days`).
const TAG_DATED: u32 = 1 << 5;
/// Bits 6–9: the response status, 0 for none, else its position in
/// `statuses` plus one.
const STATUS_SHIFT: u32 = 6;
const STATUS_BITS: u32 = 0b1111;
/// Bits 10–31: the consultation, its position in `consultation_at`.
const CONSULTATION_SHIFT: u32 = 10;

/// The acts and contributions of a selection, compactly. Every contribution
/// is also an act of its author (of the contribution's kind); the other acts
/// (supports, priority allocations) are added with [`Activity::push_act`].
///
/// Limits, far above any platform's: 15 distinct response statuses and
/// about four million consultations in one selection (adding more panics).
#[derive(Debug, Clone, Default)]
pub struct Activity {
    contributions: Vec<Row>,
    acts: Vec<Row>,
    /// Days to the response of each contribution with [`TAG_DATED`], in
    /// the order of `contributions`.
    response_days: Vec<f64>,
    /// Position of each consultation id (in the order first seen).
    consultation_at: HashMap<i32, u32>,
    statuses: Vec<&'static str>,
}

impl Activity {
    /// An empty activity.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a contribution (and with it its author's act). Its `id` is not
    /// kept.
    pub fn push_contribution(&mut self, c: &ContributionRow) {
        let mut tag = self.tag(c.consultation_id, c.kind);
        if c.is_reply {
            tag |= TAG_REPLY;
        }
        if c.became_action {
            tag |= TAG_BECAME;
        }
        if let Some(days) = days_between(c.created_at, c.responded_at) {
            tag |= TAG_DATED;
            self.response_days.push(days);
        }
        if let Some(status) = c.response_status {
            tag |= self.status_code(status) << STATUS_SHIFT;
        }
        self.contributions.push(Row {
            user_id: c.author_id,
            day: day_key(c.created_at),
            tag,
        });
    }

    /// Adds an act other than a contribution (a support, a priority
    /// allocation). An act of a contribution's kind counts as an act only:
    /// contributions are added with [`Activity::push_contribution`].
    pub fn push_act(&mut self, a: &Act) {
        let tag = self.tag(a.consultation_id, a.kind);
        self.acts.push(Row {
            user_id: a.user_id,
            day: day_key(a.at),
            tag,
        });
    }

    /// Number of acts, contributions included.
    pub fn len(&self) -> usize {
        self.contributions.len() + self.acts.len()
    }

    /// Whether there is no act at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The users of the acts (authors included), each once, ascending.
    pub fn user_ids(&self) -> Vec<i32> {
        let rows = || self.contributions.iter().chain(&self.acts);
        let (Some(min), Some(max)) = (
            rows().map(|r| r.user_id).min(),
            rows().map(|r| r.user_id).max(),
        ) else {
            return Vec::new();
        };
        let span = (i64::from(max) - i64::from(min) + 1) as u64;
        // A bit per id in range when that is smaller than sorting the ids.
        if span / 8 <= 4 * self.len() as u64 {
            let mut bits = vec![0u64; span.div_ceil(64) as usize];
            for r in rows() {
                let at = (i64::from(r.user_id) - i64::from(min)) as usize;
                bits[at / 64] |= 1u64 << (at % 64);
            }
            let mut ids = Vec::new();
            for (word_at, &word) in bits.iter().enumerate() {
                let mut word = word;
                while word != 0 {
                    let bit = word.trailing_zeros() as usize;
                    ids.push((i64::from(min) + (word_at * 64 + bit) as i64) as i32);
                    word &= word - 1;
                }
            }
            return ids;
        }
        let mut ids: Vec<i32> = rows().map(|r| r.user_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.shrink_to_fit();
        ids
    }

    /// Keeps the acts and contributions of the users `keep` accepts.
    pub fn retain_users(&mut self, mut keep: impl FnMut(i32) -> bool) {
        let days = &mut self.response_days;
        let (mut read, mut write) = (0, 0);
        self.contributions.retain(|r| {
            let kept = keep(r.user_id);
            if r.tag & TAG_DATED != 0 {
                if kept {
                    days[write] = days[read];
                    write += 1;
                }
                read += 1;
            }
            kept
        });
        days.truncate(write);
        self.acts.retain(|r| keep(r.user_id));
    }

    /// Gives back the room left over from filling.
    pub fn shrink_to_fit(&mut self) {
        self.contributions.shrink_to_fit();
        self.acts.shrink_to_fit();
        self.response_days.shrink_to_fit();
    }

    fn tag(&mut self, consultation_id: i32, kind: ActKind) -> u32 {
        let next = self.consultation_at.len() as u32;
        let at = *self.consultation_at.entry(consultation_id).or_insert(next);
        assert!(
            at < 1 << (32 - CONSULTATION_SHIFT),
            "too many consultations in one selection"
        );
        (at << CONSULTATION_SHIFT) | kind as u32
    }

    fn status_code(&mut self, status: &'static str) -> u32 {
        let at = match self.statuses.iter().position(|s| *s == status) {
            Some(at) => at,
            None => {
                self.statuses.push(status);
                self.statuses.len() - 1
            }
        };
        let code = at as u32 + 1;
        assert!(code <= STATUS_BITS, "too many response statuses");
        code
    }
}

fn kind_of(tag: u32) -> ActKind {
    ActKind::ALL[(tag & TAG_KIND) as usize]
}

impl Acts for Activity {
    fn each_act(&self, mut f: impl FnMut(ActFacts)) {
        for r in self.contributions.iter().chain(&self.acts) {
            f(ActFacts {
                user_id: r.user_id,
                consultation: r.tag >> CONSULTATION_SHIFT,
                kind: kind_of(r.tag),
                day: r.day,
            });
        }
    }
}

impl Contributions for Activity {
    fn each_contribution(&self, mut f: impl FnMut(Written)) {
        let mut dated = self.response_days.iter();
        for r in &self.contributions {
            let status = (r.tag >> STATUS_SHIFT) & STATUS_BITS;
            f(Written {
                author_id: r.user_id,
                kind: kind_of(r.tag),
                is_reply: r.tag & TAG_REPLY != 0,
                day: r.day,
                status: (status > 0).then(|| self.statuses[status as usize - 1]),
                response_days: if r.tag & TAG_DATED != 0 {
                    dated.next().copied()
                } else {
                    None
                },
                became_action: r.tag & TAG_BECAME != 0,
            });
        }
    }
}
