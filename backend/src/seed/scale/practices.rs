//! Good practices of the organisations, with their texts, tags and SDGs, and
//! their adoptions by other organisations.

use std::collections::HashSet;

use chrono::{Duration, NaiveDateTime};
use rand::Rng;

use super::loader::Loader;
use super::sql::{Writer, day, max_id, q, ts};
use super::words::{LICENCES, WORDS, sentence, skewed};
use crate::domain::{AdoptionStatus, InnovationStage, PolicyArea};
use crate::error::AppResult;

/// An adoption, decided before any row is written.
struct Adoption {
    /// Index of the practice.
    practice: usize,
    /// Index of the adopting organisation.
    org: usize,
    status: AdoptionStatus,
}

/// What the practice tables share: where their ids start, who owns each
/// practice, when it was published, its adoptions.
struct Practices {
    base_practice: i32,
    base_text: i32,
    /// Index of each practice's owner organisation.
    owners: Vec<usize>,
    adoptions: Vec<Adoption>,
    /// Confirmed adoptions of each practice.
    confirmed: Vec<i32>,
    published: Vec<NaiveDateTime>,
}

impl Loader<'_> {
    /// Practices and their adoptions. The adoptions are decided first, so
    /// each practice's counter of confirmed adoptions is right when it is written.
    pub(super) fn practices(&mut self) -> AppResult<()> {
        let base_practice = max_id(self.conn, "practices")?;
        let base_text = max_id(self.conn, "practice_texts")?;
        let orgs = self.orgs.len();
        let mut owners: Vec<usize> = (0..self.scale.practices)
            .map(|_| skewed(&mut self.rng, orgs, 1.5))
            .collect();
        owners.iter_mut().for_each(|o| *o = (*o).min(orgs - 1));
        let mut p = Practices {
            base_practice,
            base_text,
            owners,
            adoptions: Vec::new(),
            confirmed: vec![0i32; self.scale.practices],
            published: Vec::with_capacity(self.scale.practices),
        };
        self.decide_adoptions(&mut p);
        self.practice_rows(&mut p)?;
        self.practice_texts(&p)?;
        self.practice_tags(&p)?;
        self.practice_sdgs(&p)?;
        self.adoption_rows(&p)
    }

    /// Adoptions of popular practices by organisations other than their
    /// owner; seven in ten confirmed.
    fn decide_adoptions(&mut self, p: &mut Practices) {
        let rng = &mut self.rng;
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        let mut attempts = 0;
        while p.adoptions.len() < self.scale.adoptions && attempts < self.scale.adoptions * 4 {
            attempts += 1;
            let practice = skewed(rng, self.scale.practices, 2.5);
            let org = rng.random_range(0..self.orgs.len());
            if p.owners[practice] == org || !seen.insert((practice, org)) {
                continue;
            }
            let x = rng.random::<f64>();
            let status = if x < 0.7 {
                p.confirmed[practice] += 1;
                AdoptionStatus::Confirmed
            } else if x < 0.9 {
                AdoptionStatus::Pending
            } else {
                AdoptionStatus::Rejected
            };
            p.adoptions.push(Adoption {
                practice,
                org,
                status,
            });
        }
    }

    /// The practices, published over six years in the owner's territory.
    fn practice_rows(&mut self, p: &mut Practices) -> AppResult<()> {
        let now = self.now;
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "practices",
            "id, slug, owner_organisation_id, status, original_language, level, policy_area, innovation_stage, launch_year, licence, country, territory_code, contact, links, created_at, updated_at, submitted_at, published_at, adoption_count, rating_count, rating_sum",
            self.scale.practices,
        )?;
        let rng = &mut self.rng;
        let areas = PolicyArea::ALL;
        let stages = InnovationStage::ALL;
        let levels = ["local", "regional", "national", "eu"];
        for i in 0..self.scale.practices {
            let id = p.base_practice + i as i32 + 1;
            let org = &self.orgs[p.owners[i]];
            let at = now - Duration::minutes(rng.random_range(60..(6 * 365 * 24 * 60)));
            p.published.push(at);
            w.push(format!(
                "({id}, 'scala-{id}', {}, 'published', '{}', '{}', '{}', '{}', {}, '{}', 'IT', {}, NULL, '[]', {}, {}, {}, {}, {}, 0, 0)",
                org.id,
                if rng.random::<f64>() < 0.75 { "it" } else { "en" },
                levels[skewed(rng, levels.len(), 1.3)],
                areas[skewed(rng, areas.len(), 1.6)].as_str(),
                stages[rng.random_range(0..stages.len())].as_str(),
                rng.random_range(2008..=2026),
                LICENCES[rng.random_range(0..LICENCES.len())],
                q(&org.territory),
                ts(at - Duration::days(20)),
                ts(at),
                ts(at - Duration::days(10)),
                ts(at),
                p.confirmed[i]
            ))?;
        }
        self.counts.push(w.finish()?);
        Ok(())
    }

    /// One Italian text per practice.
    fn practice_texts(&mut self, p: &Practices) -> AppResult<()> {
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "practice_texts",
            "id, practice_id, lang, title, summary, problem, solution, results, lessons, conditions",
            self.scale.practices,
        )?;
        let rng = &mut self.rng;
        for i in 0..self.scale.practices {
            let id = p.base_practice + i as i32 + 1;
            w.push(format!(
                "({}, {id}, 'it', {}, {}, {}, {}, {}, {}, {})",
                p.base_text + i as i32 + 1,
                q(&format!("Pratica {}: {}", i + 1, sentence(rng, 5))),
                q(&format!("{}.", sentence(rng, 25))),
                q(&format!("{}.", sentence(rng, 30))),
                q(&format!("{}.", sentence(rng, 40))),
                q(&format!("{}.", sentence(rng, 12))),
                q(&format!("{}.", sentence(rng, 10))),
                q(&format!("{}.", sentence(rng, 10)))
            ))?;
        }
        self.counts.push(w.finish()?);
        Ok(())
    }

    /// Two different tags per practice.
    fn practice_tags(&mut self, p: &Practices) -> AppResult<()> {
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "practice_tags",
            "practice_id, tag",
            self.scale.practices * 2,
        )?;
        let rng = &mut self.rng;
        for i in 0..self.scale.practices {
            let id = p.base_practice + i as i32 + 1;
            let a = skewed(rng, WORDS.len(), 1.5);
            let mut b = skewed(rng, WORDS.len(), 1.5);
            if b == a {
                b = (a + 1) % WORDS.len();
            }
            for t in [a, b] {
                w.push(format!("({id}, {})", q(WORDS[t])))?;
            }
        }
        self.counts.push(w.finish()?);
        Ok(())
    }

    /// One or two SDGs per practice, the second among those most cited.
    fn practice_sdgs(&mut self, p: &Practices) -> AppResult<()> {
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "practice_sdgs",
            "practice_id, sdg",
            self.scale.practices * 2,
        )?;
        let rng = &mut self.rng;
        for i in 0..self.scale.practices {
            let id = p.base_practice + i as i32 + 1;
            let a = rng.random_range(1..=17);
            let b = [9, 11, 16, 17, 8, 4][rng.random_range(0..6)];
            w.push(format!("({id}, {a})"))?;
            if b != a {
                w.push(format!("({id}, {b})"))?;
            }
        }
        self.counts.push(w.finish()?);
        Ok(())
    }

    /// The adoptions' rows: declared after the practice's publication by the
    /// adopter's first staff member, decided by the owner's within a month.
    fn adoption_rows(&mut self, p: &Practices) -> AppResult<()> {
        let now = self.now;
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "practice_adoptions",
            "practice_id, organisation_id, declared_by, adopted_on, context, outcome, status, decided_by, decided_at, created_at",
            p.adoptions.len(),
        )?;
        let rng = &mut self.rng;
        for a in &p.adoptions {
            let org = &self.orgs[a.org];
            let owner = &self.orgs[p.owners[a.practice]];
            let published = p.published[a.practice];
            let declared = published
                + Duration::minutes(rng.random_range(0..=(now - published).num_minutes().max(1)));
            let decided = (a.status != AdoptionStatus::Pending)
                .then(|| (declared + Duration::days(rng.random_range(1..30))).min(now));
            w.push(format!(
                "({}, {}, {}, {}, {}, {}, '{}', {}, {}, {})",
                p.base_practice + a.practice as i32 + 1,
                org.id,
                org.staff[0],
                day(declared.date()),
                q(&format!(
                    "Adottata da {} per {}.",
                    org.territory,
                    sentence(rng, 4)
                )),
                q(&format!("Risultato: {}.", sentence(rng, 6))),
                a.status,
                if decided.is_some() {
                    owner.staff[0].to_string()
                } else {
                    "NULL".into()
                },
                decided.map_or_else(|| "NULL".to_owned(), ts),
                ts(declared)
            ))?;
        }
        self.counts.push(w.finish()?);
        Ok(())
    }
}
