//! Consultations on the national plan, their contributions and the
//! responses to them.

use chrono::{Duration, NaiveDateTime};
use rand::Rng;

use super::Scale;
use super::loader::{Answerable, Loader, Window};
use super::sql::{Writer, max_id, opt, q, ts};
use super::words::{OPENINGS, sentence, skewed};
use crate::domain::{ContributionKind, ResponseStatus};
use crate::error::AppResult;

/// The share of `total` rows that goes to the `k`th consultation: later
/// consultations draw more people (weights from 1 to 2).
pub(super) fn per_consultation(scale: &Scale, k: usize, total: usize) -> usize {
    let weights: f64 = (0..scale.consultations)
        .map(|j| 1.0 + j as f64 / scale.consultations as f64)
        .sum();
    ((total as f64) * (1.0 + k as f64 / scale.consultations as f64) / weights) as usize
}

/// Answers by status, with the cumulative probability of drawing each.
const STATUSES: [(ResponseStatus, f64, &str); 5] = [
    (
        ResponseStatus::Accepted,
        0.25,
        "La proposta è accolta e entra nel piano.",
    ),
    (
        ResponseStatus::PartiallyAccepted,
        0.40,
        "Accolta in parte: la integriamo nell'azione indicata.",
    ),
    (
        ResponseStatus::Rejected,
        0.65,
        "Non accolta: non è compatibile con le risorse del piano.",
    ),
    (
        ResponseStatus::AlreadyPlanned,
        0.85,
        "È già prevista da un'azione del piano.",
    ),
    (
        ResponseStatus::OutOfScope,
        1.0,
        "Non riguarda le competenze di questo piano.",
    ),
];

impl Loader<'_> {
    /// A consultation every 60 days on the national plan, the last two open now.
    pub(super) fn consultations(&mut self) -> AppResult<()> {
        let now = self.now;
        let base_consultation = max_id(self.conn, "consultations")?;
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "consultations",
            "id, plan_id, title, description, opens_at, closes_at, audience, comments_enabled, proposals_enabled, supports_per_person, points_per_person, created_by, created_at, updated_at",
            self.scale.consultations,
        )?;
        let c = self.scale.consultations;
        for k in 0..c {
            let id = base_consultation + k as i32 + 1;
            let open_now = k + 2 >= c;
            let opens = if open_now {
                now - Duration::days(30 + 5 * (c - 1 - k) as i64)
            } else {
                now - Duration::days(60 * (c - k) as i64 + 30)
            };
            let closes = if open_now {
                now + Duration::days(30)
            } else {
                opens + Duration::days(45)
            };
            w.push(format!(
                "({id}, {}, {}, 'Consultazione pubblica nazionale su un''area del piano.', {}, {}, 'public', TRUE, TRUE, 5, 100, {}, {}, {})",
                self.national,
                q(&format!("Consultazione nazionale {} — {}", k + 1, sentence(&mut self.rng, 2))),
                ts(opens),
                ts(closes),
                opt(self.admin),
                ts(opens - Duration::days(7)),
                ts(opens - Duration::days(7))
            ))?;
            self.windows.push(Window {
                id,
                opens,
                closes,
                open_now,
            });
        }
        self.counts.push(w.finish()?);
        Ok(())
    }

    /// Contributions in time order per consultation, more of them near the
    /// closing date: proposals, amendments, comments on nodes and on
    /// proposals, a few hidden. Returns those of closed consultations that
    /// will be answered.
    pub(super) fn contributions(&mut self) -> AppResult<Answerable> {
        let now = self.now;
        let admin = self.admin;
        let base_contribution = max_id(self.conn, "contributions")?;
        self.proposals = vec![Vec::new(); self.windows.len()];
        let mut answerable = Answerable::new();
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "contributions",
            "id, consultation_id, kind, node_id, parent_id, author_id, organisation_id, title, body, hidden_reason, hidden_by, hidden_at, created_at",
            self.scale.contributions,
        )?;
        let rng = &mut self.rng;
        let (orgs, nodes, actions) = (&self.orgs, &self.nodes, &self.actions);
        let mut id = base_contribution;
        for (k, win) in self.windows.iter().enumerate() {
            let n = per_consultation(self.scale, k, self.scale.contributions);
            let end = if win.open_now { now } else { win.closes };
            let span = (end - win.opens).num_seconds().max(1) as f64;
            let mut times: Vec<NaiveDateTime> = (0..n)
                .map(|_| win.opens + Duration::seconds((rng.random::<f64>().sqrt() * span) as i64))
                .collect();
            times.sort();
            for t in times {
                id += 1;
                let staff = rng.random::<f64>() < 0.1;
                let (author, org) = if staff {
                    let o = &orgs[skewed(rng, orgs.len(), 2.0)];
                    (o.staff[rng.random_range(0..o.staff.len())], Some(o.id))
                } else {
                    (self.participants.active(rng), None)
                };
                let x = rng.random::<f64>();
                let own = &self.proposals[k];
                let (kind, node, parent, title) = if x < 0.2 || own.is_empty() {
                    let node = nodes[rng.random_range(0..nodes.len())].id;
                    (
                        ContributionKind::Proposal,
                        Some(node),
                        None,
                        Some(format!("Proposta: {}", sentence(rng, 4))),
                    )
                } else if x < 0.3 {
                    (
                        ContributionKind::Amendment,
                        Some(actions[rng.random_range(0..actions.len())]),
                        None,
                        None,
                    )
                } else if x < 0.65 {
                    let p = own[skewed(rng, own.len(), 2.0)].0;
                    (ContributionKind::Comment, None, Some(p), None)
                } else {
                    (
                        ContributionKind::Comment,
                        Some(nodes[rng.random_range(0..nodes.len())].id),
                        None,
                        None,
                    )
                };
                let hidden = rng.random::<f64>() < 0.003;
                let body = format!(
                    "{} {}.",
                    OPENINGS[rng.random_range(0..OPENINGS.len())],
                    sentence(rng, 8)
                );
                w.push(format!(
                    "({id}, {}, '{kind}', {}, {}, {author}, {}, {}, {}, {}, {}, {}, {})",
                    win.id,
                    opt(node),
                    opt(parent),
                    opt(org),
                    title.as_deref().map_or_else(|| "NULL".to_owned(), q),
                    q(&body),
                    if hidden {
                        "'Fuori tema'".to_owned()
                    } else {
                        "NULL".into()
                    },
                    if hidden { opt(admin) } else { "NULL".into() },
                    if hidden {
                        ts(t + Duration::hours(6))
                    } else {
                        "NULL".into()
                    },
                    ts(t)
                ))?;
                if kind == ContributionKind::Proposal && !hidden {
                    self.proposals[k].push((id, t));
                }
                if !hidden && !win.open_now {
                    let wanted = if kind == ContributionKind::Comment {
                        0.3
                    } else {
                        0.85
                    };
                    if rng.random::<f64>() < wanted {
                        let kind_index = match kind {
                            ContributionKind::Proposal => 0,
                            ContributionKind::Amendment => 1,
                            ContributionKind::Comment => 2,
                        };
                        answerable.push((id, t, kind_index, node));
                    }
                }
            }
        }
        self.counts.push(w.finish()?);
        Ok(answerable)
    }

    /// The administrator's responses, most within weeks; accepted proposals
    /// and amendments linked to their node.
    pub(super) fn responses(&mut self, answerable: Answerable) -> AppResult<()> {
        let now = self.now;
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "responses",
            "contribution_id, status, body, node_id, responder_id, created_at, updated_at",
            answerable.len(),
        )?;
        let rng = &mut self.rng;
        for (id, t, kind, node) in answerable {
            let x = rng.random::<f64>();
            let (status, _, body) = STATUSES
                .iter()
                .find(|s| x < s.1)
                .copied()
                .unwrap_or(STATUSES[4]);
            // Most answered within weeks, some after months.
            let days = (-(1.0 - rng.random::<f64>()).ln() * 20.0) as i64;
            let at = t + Duration::days(days) + Duration::hours(rng.random_range(1..48));
            let at = at.min(now);
            let linked = matches!(
                status,
                ResponseStatus::Accepted | ResponseStatus::PartiallyAccepted
            ) && kind < 2;
            w.push(format!(
                "({id}, '{}', {}, {}, {}, {}, {})",
                status.as_str(),
                q(body),
                if linked { opt(node) } else { "NULL".into() },
                opt(self.admin),
                ts(at),
                ts(at)
            ))?;
        }
        self.counts.push(w.finish()?);
        Ok(())
    }
}
