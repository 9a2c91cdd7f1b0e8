//! Acts and contributions as the indicators read them: [`ActFacts`] and
//! [`Written`], the few integers of a row that the participation and
//! quality indicators need, given to a
//! [`Gatherer`](crate::participation::Gatherer) one at a time, and the
//! readings both indicators share (day keys, [`is_accepted`]). The backend
//! makes them from database rows as it reads them;
//! [`participation`](crate::participation::participation) from slices of
//! [`Act`] and [`ContributionRow`].

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::model::{Act, ActKind, ContributionRow};

/// Days since 1 January of year 1 (a plain integer key for grouping by day).
pub fn day_key(at: NaiveDateTime) -> i32 {
    at.date().num_days_from_ce()
}

/// The day of a [`day_key`] (the default date for a key out of range).
pub(crate) fn from_day_key(key: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(key).unwrap_or_default()
}

/// Days (fractional) from `from` to `to`.
pub fn days_between(from: NaiveDateTime, to: Option<NaiveDateTime>) -> Option<f64> {
    to.map(|t| (t - from).num_seconds() as f64 / 86_400.0)
}

/// An act as the indicators read it.
#[derive(Debug, Clone, Copy)]
pub struct ActFacts {
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
pub struct Written {
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

/// Whether a response status counts as accepted (fully or partially).
pub fn is_accepted(status: Option<&str>) -> bool {
    matches!(status, Some("accepted" | "partially_accepted"))
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
