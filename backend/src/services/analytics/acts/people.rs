//! People as the participation indicators read them: a row per user with
//! their organisation's kind and level, territory, age band and gender, the
//! values kept once as labels.

use std::collections::HashMap;
use std::sync::Arc;

use pspm_analytics::model::Participant;

use super::PersonRow;
use crate::services::analytics::Checked;

/// A person's row, with indexes into [`People::labels`] (0: none).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Person {
    pub(super) present: bool,
    pub(super) organisation: Option<i32>,
    pub(super) kind: u32,
    pub(super) level: u32,
    pub(super) territory: u32,
    pub(super) age: u32,
    pub(super) gender: u32,
}

/// People's rows by user id: a table over the ids from the lowest, and a
/// map for ids far beyond it.
#[derive(Default)]
pub(super) struct People {
    pub(super) base: i32,
    pub(super) dense: Vec<Person>,
    pub(super) others: HashMap<i32, Person>,
    /// Each distinct value once; index 0 stands for none.
    pub(super) labels: Vec<Arc<str>>,
    pub(super) index: HashMap<Arc<str>, u32>,
    pub(super) count: usize,
    pub(super) lowest: Option<i32>,
    pub(super) highest: Option<i32>,
}

impl People {
    pub(super) fn label(&mut self, value: Option<String>) -> u32 {
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

    pub(super) fn value(&self, i: u32) -> Option<&Arc<str>> {
        (i != 0).then(|| &self.labels[i as usize])
    }

    pub(super) fn get(&self, id: i32) -> Option<&Person> {
        usize::try_from(i64::from(id) - i64::from(self.base))
            .ok()
            .and_then(|at| self.dense.get(at))
            .filter(|p| p.present)
            .or_else(|| self.others.get(&id))
    }

    pub(super) fn set(&mut self, row: PersonRow) {
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

    pub(super) fn participant(&self, id: i32, p: &Person) -> Participant {
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
    pub(super) fn filter(&self, f: &Checked) -> Option<PeopleFilter> {
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
pub(super) struct PeopleFilter {
    pub(super) territory: Vec<bool>,
    pub(super) kind: Vec<bool>,
    pub(super) level: Vec<bool>,
}

impl PeopleFilter {
    pub(super) fn keeps(&self, p: Option<&Person>) -> bool {
        p.is_some_and(|p| {
            self.territory[p.territory as usize]
                && self.kind[p.kind as usize]
                && self.level[p.level as usize]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
