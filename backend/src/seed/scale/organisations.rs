//! Organisations and users of the national-scale dataset: the 21 regions and
//! other bodies across Italy, two staff members each, and the participants.

use chrono::Duration;
use rand::Rng;
use rand::seq::IndexedRandom;

use super::loader::{Loader, Org, Participants};
use super::sql::{Writer, max_id, opt, q, ts};
use super::words::{AGE_BANDS, GENDERS};
use super::{EMAIL_DOMAIN, PASSWORD};
use crate::domain::{OrgKind, OrgLevel};
use crate::error::AppResult;

impl Loader<'_> {
    /// The 21 regions, then provinces, municipalities, agencies and others,
    /// each in a region drawn by population.
    pub(super) fn organisations(&mut self) -> AppResult<()> {
        let regions = &self.regions.list;
        let base_org = max_id(self.conn, "organisations")?;
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "organisations",
            "id, name, kind, level, territory_code, parent_id, created_at, updated_at",
            self.scale.organisations,
        )?;
        let created = ts(self.now - Duration::days(1200));
        let rng = &mut self.rng;
        for i in 0..self.scale.organisations {
            let id = base_org + i as i32 + 1;
            let (kind, level, region) = if i < regions.len() {
                (OrgKind::Region, OrgLevel::Regional, i)
            } else {
                let r = self.regions.pick(rng);
                let x = rng.random::<f64>();
                let (k, l) = if x < 0.10 {
                    (OrgKind::Province, OrgLevel::Regional)
                } else if x < 0.80 {
                    (OrgKind::Municipality, OrgLevel::Local)
                } else if x < 0.86 {
                    (OrgKind::Agency, OrgLevel::National)
                } else if x < 0.91 {
                    (OrgKind::Nonprofit, OrgLevel::Local)
                } else if x < 0.94 {
                    (OrgKind::University, OrgLevel::Regional)
                } else if x < 0.97 {
                    (OrgKind::Company, OrgLevel::National)
                } else {
                    (OrgKind::CitizenGroup, OrgLevel::Local)
                };
                (k, l, r)
            };
            let territory = if i < regions.len() {
                regions[region].territory.clone()
            } else {
                format!("{}{}", regions[region].territory, rng.random_range(1..=5))
            };
            let name = if i < regions.len() {
                format!("Regione {} (scala nazionale)", regions[region].name)
            } else {
                format!("Ente {kind} {i:04} — {}", regions[region].name)
            };
            let parent = (i >= regions.len() && kind != OrgKind::Agency)
                .then(|| base_org + region as i32 + 1);
            w.push(format!(
                "({id}, {}, '{kind}', '{level}', {}, {}, {created}, {created})",
                q(&name),
                q(&territory),
                opt(parent)
            ))?;
            self.orgs.push(Org {
                id,
                territory,
                staff: Vec::new(),
            });
        }
        self.counts.push(w.finish()?);
        Ok(())
    }

    /// Two staff members per organisation (the first of a region plans),
    /// then the participants, some with an empty profile.
    pub(super) fn users(&mut self) -> AppResult<()> {
        let hash = crate::services::accounts::auth::hash_password(PASSWORD)?;
        let base_user = max_id(self.conn, "users")?;
        let staff_total = self.orgs.len() * 2;
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "users",
            "id, email, display_name, password_hash, organisation_id, role, locale, age_band, gender, territory_code, created_at, updated_at",
            staff_total + self.scale.participants,
        )?;
        let hq = q(&hash);
        let now = self.now;
        for (i, o) in self.orgs.iter_mut().enumerate() {
            for k in 0..2 {
                let n = i * 2 + k + 1;
                let id = base_user + n as i32;
                let role = if k == 0 && i < self.regions.list.len() {
                    "planner"
                } else {
                    "member"
                };
                let created = ts(now - Duration::days(1100));
                w.push(format!(
                    "({id}, 's{n}@{EMAIL_DOMAIN}', 'Staff {n}', {hq}, {}, '{role}', 'it', NULL, NULL, {}, {created}, {created})",
                    o.id,
                    q(&o.territory)
                ))?;
                o.staff.push(id);
            }
        }
        let rng = &mut self.rng;
        let regions = &self.regions.list;
        for n in 1..=self.scale.participants {
            let id = base_user + (staff_total + n) as i32;
            let r = self.regions.pick(rng);
            let territory = format!("{}{}", regions[r].territory, rng.random_range(1..=5));
            // Some leave the profile empty.
            let age =
                (rng.random::<f64>() < 0.8).then(|| q(AGE_BANDS.choose(rng).unwrap_or(&"35-49")));
            let gender = (rng.random::<f64>() < 0.75).then(|| {
                q(GENDERS[usize::from(rng.random::<f64>() < 0.49)
                    + usize::from(rng.random::<f64>() < 0.02)])
            });
            let created = ts(now - Duration::minutes(rng.random_range(0..(1100 * 24 * 60))));
            w.push(format!(
                "({id}, 'p{n}@{EMAIL_DOMAIN}', 'Partecipante {n}', {hq}, NULL, 'citizen', 'it', {}, {}, {}, {created}, {created})",
                opt(age),
                opt(gender),
                q(&territory)
            ))?;
        }
        self.counts.push(w.finish()?);
        self.participants = Participants {
            base_user,
            staff_total,
            count: self.scale.participants,
        };
        Ok(())
    }
}
