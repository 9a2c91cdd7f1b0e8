//! The national plan and its tree, and the regional plans aligned to it.

use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use super::loader::{Loader, Node, Org};
use super::sql::{Writer, day, max_id, opt, q, ts};
use super::words::{OFFICES, sentence};
use crate::domain::NodeStatus;
use crate::error::AppResult;

/// Areas of the national plan, each with three strategic objectives.
const AREAS: usize = 10;

impl Loader<'_> {
    /// The national plan, owned by the demo's ministry and in consultation,
    /// and the regional plans aligned to it (one in three in monitoring).
    pub(super) fn plans(&mut self) -> AppResult<()> {
        let base_plan = max_id(self.conn, "plans")?;
        let national = base_plan + 1;
        let mut w = Writer::new(
            self.conn,
            self.progress,
            "plans",
            "id, title, summary, owner_organisation_id, period_start, period_end, status, parent_plan_id, lock_version, created_at, updated_at",
            1 + self.scale.regional_plans,
        )?;
        let created = ts(self.now - Duration::days(1100));
        w.push(format!(
            "({national}, 'Piano strategico nazionale 2024–2028 (scala nazionale)', {}, {}, '2024-01-01', '2028-12-31', 'consultation', NULL, 0, {created}, {created})",
            q("Il piano strategico del Ministero su scala nazionale: 10 aree, 500 azioni, 300 indicatori, 20 consultazioni e 20 piani regionali allineati."),
            self.ministry
        ))?;
        let regions = &self.regions.list;
        for k in 0..self.scale.regional_plans {
            let r = k % regions.len();
            w.push(format!(
                "({}, {}, 'Piano regionale allineato al piano nazionale.', {}, '2024-01-01', '2028-12-31', '{}', {national}, 0, {created}, {created})",
                national + 1 + k as i32,
                q(&format!("Piano strategico regionale — {}", regions[r].name)),
                self.orgs[r].id,
                if k % 3 == 0 { "monitoring" } else { "adopted" }
            ))?;
        }
        self.counts.push(w.finish()?);
        self.national = national;
        Ok(())
    }

    /// The plans' nodes: the national tree (10 areas, 3 strategic objectives
    /// each, operational objectives of about five actions), then each
    /// regional plan's.
    pub(super) fn plan_nodes(&mut self) -> AppResult<()> {
        let base_node = max_id(self.conn, "plan_nodes")?;
        let strategic = AREAS * 3;
        let operational = self.scale.actions.div_ceil(5).max(strategic);
        let regional_nodes = self.scale.regional_plans * 24;
        let w = Writer::new(
            self.conn,
            self.progress,
            "plan_nodes",
            "id, plan_id, parent_id, kind, code, title, description, responsible_office, responsible_organisation_id, weight, planned_start, planned_end, actual_start, actual_end, budget, status, progress, position, aligned_node_id, lock_version, created_at, updated_at",
            AREAS + strategic + operational + self.scale.actions + regional_nodes,
        )?;
        let mut tree = Tree {
            w,
            next: base_node,
            today: self.now.date(),
            created: ts(self.now - Duration::days(1100)),
            orgs: &self.orgs,
            nodes: Vec::new(),
            actions: Vec::new(),
        };
        let rng = &mut self.rng;
        tree.national(rng, self.national, operational, self.scale.actions)?;
        for k in 0..self.scale.regional_plans {
            tree.regional(rng, self.national + 1 + k as i32)?;
        }
        let Tree {
            w, nodes, actions, ..
        } = tree;
        self.counts.push(w.finish()?);
        self.nodes = nodes;
        self.actions = actions;
        Ok(())
    }
}

/// Where a node goes in its plan.
struct Place {
    plan: i32,
    parent: Option<i32>,
    /// 0 area, 1 strategic objective, 2 operational objective, 3 action.
    kind: usize,
    code: String,
    position: usize,
    /// The national node it is aligned to.
    aligned: Option<i32>,
}

/// Writes plan nodes with consecutive ids and remembers the national ones.
struct Tree<'a, 'o> {
    w: Writer<'a>,
    /// The last id written.
    next: i32,
    today: NaiveDate,
    created: String,
    orgs: &'o [Org],
    nodes: Vec<Node>,
    actions: Vec<i32>,
}

impl Tree<'_, '_> {
    /// Writes a node with drawn dates, budget, progress and status (those of
    /// an action follow its dates); returns its id.
    fn push(&mut self, rng: &mut StdRng, place: Place) -> AppResult<i32> {
        let Place {
            plan,
            parent,
            kind,
            code,
            position,
            aligned,
        } = place;
        let today = self.today;
        let created = &self.created;
        self.next += 1;
        let next = self.next;
        let kinds = [
            "area",
            "strategic_objective",
            "operational_objective",
            "action",
        ];
        let title = format!("{} {}", code, sentence(rng, 4));
        let action = kind == 3;
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
            + Duration::days(rng.random_range(0..700));
        let end = start + Duration::days(rng.random_range(180..1000));
        let started = action && start <= today && rng.random::<f64>() < 0.85;
        let progress_value = if started {
            let expected = (today - start).num_days() as f64 / (end - start).num_days() as f64;
            Some(
                (expected * rng.random_range(0.5..1.2) * 100.0)
                    .clamp(0.0, 100.0)
                    .round(),
            )
        } else if action {
            Some(0.0)
        } else {
            None
        };
        let status = if !action {
            NodeStatus::OnTrack
        } else if !started {
            NodeStatus::NotStarted
        } else if progress_value == Some(100.0) {
            NodeStatus::Done
        } else if end < today {
            NodeStatus::Late
        } else if rng.random::<f64>() < 0.2 {
            NodeStatus::AtRisk
        } else {
            NodeStatus::OnTrack
        };
        self.w.push(format!(
            "({next}, {plan}, {}, '{}', {}, {}, {}, {}, {}, 1.0, {}, {}, {}, {}, {}, '{status}', {}, {position}, {}, 0, {created}, {created})",
            opt(parent),
            kinds[kind],
            q(&code),
            q(&title),
            q(&format!("Descrizione: {}.", sentence(rng, 12))),
            q(OFFICES[rng.random_range(0..OFFICES.len())]),
            if action { self.orgs[rng.random_range(0..self.orgs.len())].id.to_string() } else { "NULL".into() },
            day(start),
            day(end),
            if started { day(start) } else { "NULL".into() },
            if status == NodeStatus::Done { day(end.min(today)) } else { "NULL".into() },
            if action { format!("{:.0}", rng.random_range(50_000.0..5_000_000.0)) } else { "NULL".into() },
            opt(progress_value),
            opt(aligned)
        ))?;
        Ok(next)
    }

    /// The national plan's tree, level by level, children spread over the
    /// parents in turn.
    fn national(
        &mut self,
        rng: &mut StdRng,
        plan: i32,
        operational: usize,
        actions: usize,
    ) -> AppResult<()> {
        let strategic = AREAS * 3;
        let place = |parent, kind, code, position| Place {
            plan,
            parent,
            kind,
            code,
            position,
            aligned: None,
        };
        let mut area_ids = Vec::new();
        for a in 0..AREAS {
            let id = self.push(rng, place(None, 0, format!("A{}", a + 1), a))?;
            area_ids.push(id);
            self.nodes.push(Node { id, kind: 0 });
        }
        let mut strategic_ids = Vec::new();
        for s in 0..strategic {
            let parent = area_ids[s % AREAS];
            let code = format!("A{}.S{}", s % AREAS + 1, s / AREAS + 1);
            let id = self.push(rng, place(Some(parent), 1, code, s / AREAS))?;
            strategic_ids.push((id, s % AREAS + 1, s / AREAS + 1));
            self.nodes.push(Node { id, kind: 1 });
        }
        let mut operational_ids = Vec::new();
        for o in 0..operational {
            let (parent, a, s) = strategic_ids[o % strategic];
            let code = format!("A{a}.S{s}.O{}", o / strategic + 1);
            let id = self.push(rng, place(Some(parent), 2, code.clone(), o / strategic))?;
            operational_ids.push((id, code));
            self.nodes.push(Node { id, kind: 2 });
        }
        for x in 0..actions {
            let (parent, code) = &operational_ids[x % operational];
            let code = format!("{code}.AZ{}", x / operational + 1);
            let id = self.push(rng, place(Some(*parent), 3, code, x / operational))?;
            self.actions.push(id);
            self.nodes.push(Node { id, kind: 3 });
        }
        Ok(())
    }

    /// A regional plan's tree: 3 areas, 6 objectives, 15 actions, each
    /// aligned to a national node of the same kind.
    fn regional(&mut self, rng: &mut StdRng, plan: i32) -> AppResult<()> {
        for a in 0..3 {
            let aligned = self.national_of(0, rng);
            let area = self.push(
                rng,
                Place {
                    plan,
                    parent: None,
                    kind: 0,
                    code: format!("R{}", a + 1),
                    position: a,
                    aligned,
                },
            )?;
            for o in 0..2 {
                let aligned = self.national_of(2, rng);
                let objective = self.push(
                    rng,
                    Place {
                        plan,
                        parent: Some(area),
                        kind: 2,
                        code: format!("R{}.O{}", a + 1, o + 1),
                        position: o,
                        aligned,
                    },
                )?;
                let n_actions = if o == 0 { 3 } else { 2 };
                for x in 0..n_actions {
                    let aligned = self.national_of(3, rng);
                    self.push(
                        rng,
                        Place {
                            plan,
                            parent: Some(objective),
                            kind: 3,
                            code: format!("R{}.O{}.AZ{}", a + 1, o + 1, x + 1),
                            position: x,
                            aligned,
                        },
                    )?;
                }
            }
        }
        Ok(())
    }

    /// A national node of `kind`, any of them as likely.
    fn national_of(&self, kind: usize, rng: &mut StdRng) -> Option<i32> {
        let same: Vec<&Node> = self.nodes.iter().filter(|n| n.kind == kind).collect();
        same.choose(rng).map(|n| n.id)
    }
}
