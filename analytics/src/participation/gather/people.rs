//! What the gatherer keeps of each person, by user id: a table over the
//! users' range of ids, a map for any id outside it.

use std::collections::HashMap;

/// One person: what their acts, contributions and row left.
#[derive(Clone, Copy)]
pub(super) struct Slot {
    /// Day of the first act ([`NONE`]: no act).
    first_day: i32,
    /// Day last put in the day sets (a repeat on the same day is skipped).
    last_day: i32,
    /// Consultation of the first act seen (any order).
    first_consultation: u32,
    /// Contributions written ([`WRITTEN`]'s bits), [`RETURNING`] and
    /// [`HAS_ROW`], in one word to keep a slot small.
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

    /// Records an act; `false` when the person's last act was on the same
    /// day (they are in that day's set already).
    pub(super) fn act(&mut self, consultation: u32, day: i32) -> bool {
        if self.first_day == NONE {
            self.first_consultation = consultation;
        } else if self.first_consultation != consultation {
            self.bits |= RETURNING;
        }
        self.first_day = self.first_day.min(day);
        let repeat = self.last_day == day;
        self.last_day = day;
        !repeat
    }

    /// Records a contribution written (the count stops at its largest value).
    pub(super) fn wrote(&mut self) {
        if self.written() < WRITTEN {
            self.bits += 1;
        }
    }

    /// Records the person's row: the contributions they wrote, or `None`
    /// when a row of theirs was seen before.
    pub(super) fn take_row(&mut self) -> Option<u32> {
        if self.has_row() {
            return None;
        }
        self.bits |= HAS_ROW;
        Some(self.written())
    }

    /// Contributions written.
    pub(super) fn written(&self) -> u32 {
        self.bits & WRITTEN
    }

    /// Day of the first act, if any.
    pub(super) fn first_day(&self) -> Option<i32> {
        (self.first_day != NONE).then_some(self.first_day)
    }

    pub(super) fn acted(&self) -> bool {
        self.first_day != NONE
    }

    pub(super) fn has_row(&self) -> bool {
        self.bits & HAS_ROW != 0
    }

    /// Acted in at least two consultations.
    pub(super) fn returning(&self) -> bool {
        self.bits & RETURNING != 0
    }

    /// In the participant set: acted, or has a row.
    pub(super) fn is_participant(&self) -> bool {
        self.acted() || self.has_row()
    }
}

/// The slots by user id: a table for the ids in the range given at the
/// start (the users' ids), a map for any other id.
pub(super) struct People {
    min: i32,
    dense: Vec<Slot>,
    sparse: HashMap<i32, Slot>,
}

/// The widest range of ids held as a table, which bounds its memory.
const DENSE_MAX: i64 = 1 << 25;

impl People {
    pub(super) fn new(ids: Option<(i32, i32)>) -> Self {
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

    pub(super) fn slot(&mut self, id: i32) -> &mut Slot {
        let at = i64::from(id) - i64::from(self.min);
        match usize::try_from(at).ok().filter(|&at| at < self.dense.len()) {
            Some(at) => &mut self.dense[at],
            None => self.sparse.entry(id).or_insert(Slot::EMPTY),
        }
    }

    /// Every slot, the table's first.
    pub(super) fn slots(&self) -> impl Iterator<Item = &Slot> {
        self.dense.iter().chain(self.sparse.values())
    }

    /// At most `limit` of the ids that acted, ascending, after `after` (from
    /// the first when `None`).
    pub(super) fn acting_after(&self, after: Option<i32>, limit: usize) -> Vec<i32> {
        let from = after.map_or(i64::MIN, |a| i64::from(a) + 1);
        // Ids outside the table: few, unless the ids are far apart.
        let mut far: Vec<i32> = self
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
        let start = usize::try_from(from.saturating_sub(i64::from(self.min))).unwrap_or(0);
        let table = self
            .dense
            .iter()
            .enumerate()
            .skip(start)
            .filter(|(_, s)| s.acted())
            .map(|(at, _)| self.min + at as i32)
            .take(limit);
        let mut ids: Vec<i32> = table.chain(far).collect();
        ids.sort_unstable();
        ids.truncate(limit);
        ids
    }
}
