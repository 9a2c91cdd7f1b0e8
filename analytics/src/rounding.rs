//! Random rounding to base 5 of published people counts, so that two
//! selections that differ by one person (a period one day longer, a
//! territory and its parent, today and tomorrow) cannot be subtracted to
//! learn that person's gender, age band, organisation or territory.
//!
//! Each count of a breakdown is rounded to a multiple of 5, up with
//! probability (n mod 5) / 5, so on average it is unchanged (Statistics
//! Canada's method). The draw is fixed by the selection's people and the
//! cell's label: asking the same thing twice gives the same answer (nothing to
//! average), and one more person in the selection draws every cell afresh,
//! so the cell that changed is not the one that grew.

/// Fixed key of one person: the user id spread over 64 bits (splitmix64).
pub fn person_key(user_id: i32) -> u64 {
    mix(u64::from(user_id as u32) ^ 0x5053_504d_6b35_0001)
}

/// The draws of one selection: its people's keys, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rounder(u64);

impl Rounder {
    /// Adds one person of the selection.
    pub fn add(&mut self, user_id: i32) {
        self.0 = self.0.wrapping_add(person_key(user_id));
    }

    /// Adds `n` people whose ids are not known here.
    pub fn add_unknown(&mut self, n: i64) {
        self.0 = self.0.wrapping_add(mix(n as u64 ^ 0x756e_6b6e_6f77_6e00));
    }

    /// `n` rounded to a multiple of 5 for the cell `label`.
    pub fn round(self, label: &str, n: i64) -> i64 {
        let rest = n.rem_euclid(5);
        if rest == 0 {
            return n;
        }
        let mut h = self.0;
        for b in label.bytes() {
            h = mix(h ^ u64::from(b));
        }
        let down = n - rest;
        if (mix(h) % 5) < rest as u64 {
            down + 5
        } else {
            down
        }
    }
}

fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiples_of_five_unbiased_and_fixed_per_selection() {
        let mut r = Rounder::default();
        (1..=40).for_each(|id| r.add(id));
        for n in [5, 10, 1_235] {
            assert_eq!(r.round("female", n), n);
        }
        assert_eq!(r.round("female", 23), r.round("female", 23));
        // Over many selections the mean stays the count.
        let (mut sum, draws) = (0i64, 10_000);
        for s in 0..draws {
            let mut r = Rounder::default();
            r.add(s);
            let v = r.round("f", 23);
            assert!(v == 20 || v == 25, "{v}");
            sum += v;
        }
        let mean = sum as f64 / f64::from(draws);
        assert!((mean - 23.0).abs() < 0.2, "{mean}");
    }
}
