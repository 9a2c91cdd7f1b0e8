//! Supports of proposals and priority allocations in the consultations,
//! within the application's rules (one support per person and proposal, at
//! most five per consultation, 100 points).

use std::collections::{HashMap, HashSet};

use chrono::Duration;
use rand::Rng;

use super::consultations::per_consultation;
use super::loader::Loader;
use super::sql::{Writer, ts};
use super::words::skewed;
use crate::error::AppResult;

impl Loader<'_> {
    /// Supports of each consultation's proposals, popular ones most, given
    /// between the proposal and the close.
    pub(super) fn supports(&mut self) -> AppResult<()> {
        let now = self.now;
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "supports",
            "contribution_id, user_id, created_at",
            self.scale.supports,
        )?;
        let rng = &mut self.rng;
        for (k, win) in self.windows.iter().enumerate() {
            let own = &self.proposals[k];
            if own.is_empty() {
                continue;
            }
            let n = per_consultation(self.scale, k, self.scale.supports);
            let mut given: HashSet<(i32, i32)> = HashSet::with_capacity(n);
            let mut per_user: HashMap<i32, u8> = HashMap::new();
            let end = if win.open_now { now } else { win.closes };
            let mut attempts = 0usize;
            while given.len() < n && attempts < n * 4 {
                attempts += 1;
                let (p, created) = own[skewed(rng, own.len(), 2.5)];
                let user = self.participants.active(rng);
                let used = per_user.entry(user).or_default();
                if *used >= 5 || !given.insert((p, user)) {
                    continue;
                }
                *used += 1;
                let span = (end - created).num_seconds().max(1);
                let at = created + Duration::seconds(rng.random_range(0..span));
                w.push(format!("({p}, {user}, {})", ts(at)))?;
            }
        }
        self.counts.push(w.finish()?);
        Ok(())
    }

    /// Each participant's 100 points over two to four actions, popular
    /// actions first, at most once per consultation.
    pub(super) fn allocations(&mut self) -> AppResult<()> {
        let now = self.now;
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "priority_allocations",
            "consultation_id, user_id, node_id, points, updated_at",
            self.scale.allocations,
        )?;
        let rng = &mut self.rng;
        let actions = &self.actions;
        for (k, win) in self.windows.iter().enumerate() {
            let n = per_consultation(self.scale, k, self.scale.allocations);
            let mut people: HashSet<i32> = HashSet::new();
            let end = if win.open_now { now } else { win.closes };
            let span = (end - win.opens).num_seconds().max(1) as f64;
            let mut rows = 0usize;
            let mut attempts = 0usize;
            while rows < n && attempts < n * 4 {
                attempts += 1;
                let user = self.participants.any(rng);
                if !people.insert(user) {
                    continue;
                }
                let at = win.opens + Duration::seconds((rng.random::<f64>().sqrt() * span) as i64);
                let parts = rng.random_range(2..=4usize).min(actions.len());
                let mut chosen: Vec<i32> = Vec::new();
                while chosen.len() < parts {
                    let a = actions[skewed(rng, actions.len(), 2.0)];
                    if !chosen.contains(&a) {
                        chosen.push(a);
                    }
                }
                let mut left = 100;
                for (i, a) in chosen.iter().enumerate() {
                    let points = if i + 1 == chosen.len() {
                        left
                    } else {
                        let p = rng.random_range(1..=(left - (chosen.len() - i - 1) as i32));
                        left -= p;
                        p
                    };
                    w.push(format!("({}, {user}, {a}, {points}, {})", win.id, ts(at)))?;
                    rows += 1;
                }
            }
        }
        self.counts.push(w.finish()?);
        Ok(())
    }
}
