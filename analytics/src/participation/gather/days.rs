//! What the gatherer keeps of each day: its distinct active people, sorted
//! and delta-coded, and its contributions.

/// The distinct people of one day: sorted and stored as LEB128 deltas
/// (about a byte each when a day has many), plus those not merged in yet.
#[derive(Default)]
pub(super) struct DaySet {
    packed: Vec<u8>,
    len: usize,
    fresh: Vec<u32>,
}

impl DaySet {
    pub(super) fn insert(&mut self, key: u32) {
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

    pub(super) fn count(&mut self) -> usize {
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
pub(super) struct Day {
    pub(super) active: DaySet,
    pub(super) contributions: i64,
}

/// The days by day key, from the earliest seen.
#[derive(Default)]
pub(super) struct Days {
    first: i32,
    days: Vec<Option<Box<Day>>>,
}

impl Days {
    pub(super) fn day(&mut self, key: i32) -> &mut Day {
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

    pub(super) fn each(&mut self) -> impl Iterator<Item = (i32, &mut Day)> {
        let first = self.first;
        self.days
            .iter_mut()
            .enumerate()
            .filter_map(move |(at, d)| d.as_deref_mut().map(|d| (first + at as i32, d)))
    }
}

#[cfg(test)]
mod tests {
    use super::{DaySet, Keys};

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
        let keys: Vec<u32> = Keys::new(&set.packed).collect();
        assert_eq!(keys, expected.into_iter().collect::<Vec<_>>());
    }
}
