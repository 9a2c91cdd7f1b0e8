//! The state the national-scale generator carries from one phase to the next,
//! and the order of the phases.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use pspm_analytics::model::Population;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::sql::{exec, first_id, q, ts};
use super::words::skewed;
use super::{Counts, Progress, SEED, Scale};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};

/// An organisation as the generator remembers it.
pub(super) struct Org {
    /// Its id.
    pub(super) id: i32,
    /// Its territory code.
    pub(super) territory: String,
    /// Its two staff members (user ids).
    pub(super) staff: Vec<i32>,
}

/// A consultation's window.
pub(super) struct Window {
    /// The consultation's id.
    pub(super) id: i32,
    /// When it opens.
    pub(super) opens: NaiveDateTime,
    /// When it closes.
    pub(super) closes: NaiveDateTime,
    /// Whether it is open at the time of the load.
    pub(super) open_now: bool,
}

/// A node of the national plan as the generator remembers it.
#[derive(Clone, Copy)]
pub(super) struct Node {
    /// Its id.
    pub(super) id: i32,
    /// Its depth: 0 area, 1 strategic objective, 2 operational objective, 3 action.
    pub(super) kind: usize,
}

/// The Italian regions, drawn in proportion to their population.
pub(super) struct Regions {
    /// The regions, in file order.
    pub(super) list: Vec<Population>,
    weights: Vec<f64>,
    total: f64,
}

impl Regions {
    fn new() -> Self {
        let list = pspm_analytics::population::population();
        let weights: Vec<f64> = list.iter().map(|r| r.population as f64).collect();
        let total = weights.iter().sum();
        Self {
            list,
            weights,
            total,
        }
    }

    /// The index of a region, a populous one more often.
    pub(super) fn pick(&self, rng: &mut StdRng) -> usize {
        let mut x = rng.random::<f64>() * self.total;
        for (i, w) in self.weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        self.weights.len() - 1
    }
}

/// The generated participants: consecutive user ids after the staff.
#[derive(Clone, Copy, Default)]
pub(super) struct Participants {
    /// The largest user id before the load.
    pub(super) base_user: i32,
    /// Staff members, written before the participants.
    pub(super) staff_total: usize,
    /// How many participants.
    pub(super) count: usize,
}

impl Participants {
    /// A participant drawn so that a few are very active and most are occasional.
    pub(super) fn active(&self, rng: &mut StdRng) -> i32 {
        self.base_user + (self.staff_total + 1 + skewed(rng, self.count, 3.0)) as i32
    }

    /// A participant, each as likely as the others.
    pub(super) fn any(&self, rng: &mut StdRng) -> i32 {
        self.base_user + (self.staff_total + 1 + rng.random_range(0..self.count)) as i32
    }
}

/// Contributions waiting for a response: (id, created, kind index, node).
pub(super) type Answerable = Vec<(i32, NaiveDateTime, u8, Option<i32>)>;

/// The generator: where it writes, its draws, and what each phase leaves for
/// the later ones (empty until that phase has run).
pub(super) struct Loader<'a> {
    pub(super) conn: &'a mut DbConn,
    pub(super) progress: &'a mut dyn Progress,
    pub(super) scale: &'a Scale,
    /// The time of the load: windows, ages and "open now" are relative to it.
    pub(super) now: NaiveDateTime,
    /// The one generator of every draw, seeded with [`SEED`].
    pub(super) rng: StdRng,
    /// Rows written, by table, in the order of the phases.
    pub(super) counts: Counts,
    pub(super) regions: Regions,
    /// The demo's first administrator, who records and answers.
    pub(super) admin: Option<i32>,
    /// The demo's ministry, owner of the national plan.
    pub(super) ministry: i32,
    /// Organisations, with their staff once the users are written.
    pub(super) orgs: Vec<Org>,
    pub(super) participants: Participants,
    /// The national plan's id.
    pub(super) national: i32,
    /// The national plan's nodes, in the order written.
    pub(super) nodes: Vec<Node>,
    /// The national plan's actions.
    pub(super) actions: Vec<i32>,
    /// The consultations, in the order written.
    pub(super) windows: Vec<Window>,
    /// Visible proposals of each consultation: (id, created).
    pub(super) proposals: Vec<Vec<(i32, NaiveDateTime)>>,
}

/// The rows of [`super::load`], phase by phase. The phases draw from one
/// seeded generator, so their order is part of the data.
pub(super) fn load_rows(
    conn: &mut DbConn,
    scale: &Scale,
    now: NaiveDateTime,
    progress: &mut dyn Progress,
) -> AppResult<Counts> {
    let mut loader = Loader::new(conn, scale, now, progress)?;
    loader.organisations()?;
    loader.users()?;
    loader.plans()?;
    loader.plan_nodes()?;
    loader.indicators()?;
    loader.consultations()?;
    let answerable = loader.contributions()?;
    loader.responses(answerable)?;
    loader.supports()?;
    loader.allocations()?;
    loader.practices()?;
    loader.finish()
}

impl<'a> Loader<'a> {
    /// A generator writing on `conn`, after the small demo's rows.
    fn new(
        conn: &'a mut DbConn,
        scale: &'a Scale,
        now: NaiveDateTime,
        progress: &'a mut dyn Progress,
    ) -> AppResult<Self> {
        let rng = StdRng::seed_from_u64(SEED);
        let regions = Regions::new();
        let admin = first_id(
            conn,
            "SELECT id FROM users WHERE role = 'admin' ORDER BY id",
        )?;
        let Some(ministry) = first_id(
            conn,
            "SELECT id FROM organisations WHERE kind = 'ministry' ORDER BY id",
        )?
        else {
            return Err(AppError::Conflict {
                code: "no_ministry",
                detail: "Load the small demo first: its ministry owns the national plan.".into(),
                field: None,
            });
        };
        Ok(Self {
            conn,
            progress,
            scale,
            now,
            rng,
            counts: Counts::new(),
            regions,
            admin,
            ministry,
            orgs: Vec::new(),
            participants: Participants::default(),
            national: 0,
            nodes: Vec::new(),
            actions: Vec::new(),
            windows: Vec::new(),
            proposals: Vec::new(),
        })
    }

    /// One audit event for the whole load, then fresh planner statistics;
    /// the rows written.
    fn finish(self) -> AppResult<Counts> {
        // Caches keyed on the audit trail refresh after the load.
        let changes = serde_json::json!({
            "rows": self.counts.iter().map(|(t, n)| (t.to_string(), *n)).collect::<HashMap<_, _>>(),
            "seed": SEED,
        });
        exec(
            self.conn,
            &format!(
                "INSERT INTO audit_events (actor_id, action, entity, entity_id, changes, created_at) VALUES (NULL, 'demo.national_scale', 'practice', NULL, {}, {})",
                q(&changes.to_string()),
                ts(self.now)
            ),
        )?;
        match self.conn {
            DbConn::Pg(_) => exec(self.conn, "ANALYZE")?,
            // Table and index sizes only (sqlite_stat1): with STAT4's samples
            // a statement's plan depends on its bound values, and SQLite
            // prepares it again each time they change.
            DbConn::Sqlite(_) => exec(
                self.conn,
                "ANALYZE; DELETE FROM sqlite_stat4; ANALYZE sqlite_schema",
            )?,
        }
        Ok(self.counts)
    }
}
