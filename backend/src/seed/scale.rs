//! The national-scale dataset (`pspm demo --scale national`): a deterministic,
//! seeded dataset of the size a ministry's national consultation and a shared
//! repository reach — 1,000 organisations, 1,000,000 participants, 5,000,000
//! contributions with supports and priority allocations across 20
//! consultations, a national plan with 500 actions and 300 indicators × 36
//! measurements plus 20 aligned regional plans, 100,000 good practices with
//! 50,000 adoptions. `fraction` scales every count down (for tests and quick
//! benchmarks).
//!
//! Distributions: a few very active participants and many occasional ones
//! (the participant of rank r is drawn with probability falling like a power
//! of r), more activity near a consultation's closing date, participants'
//! territories weighted by the ISTAT population of the Italian regions,
//! popular proposals and practices drawing most supports and adoptions.
//!
//! Rows go in as multi-row INSERTs in batched transactions, with explicit ids
//! after the rows already there (the small demo is loaded first, so its
//! sign-ins keep working). Counters kept on rows (a practice's confirmed
//! adoptions) are set consistently. Generated participants sign in as
//! `p<N>@national.pspm.example`, organisation staff as `s<N>@national.pspm.example`,
//! all with [`PASSWORD`]. One audit event records the load.

mod consultations;
mod indicators;
mod loader;
mod organisations;
mod plans;
mod practices;
mod sql;
mod supports;
mod words;

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use loader::load_rows;
use sql::{exec, first_id};

/// Password of every generated participant and staff member (demo data only).
pub const PASSWORD: &str = "national-demo-2026";
/// Domain of the generated sign-ins.
pub const EMAIL_DOMAIN: &str = "national.pspm.example";
/// Seed of the generator: the same seed gives the same dataset.
pub const SEED: u64 = 2026;

/// How many rows of each kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    /// Organisations (at least the 21 regions and some others).
    pub organisations: usize,
    /// Citizens taking part.
    pub participants: usize,
    /// Consultations on the national plan.
    pub consultations: usize,
    /// Contributions (proposals, amendments, comments).
    pub contributions: usize,
    /// Supports of proposals.
    pub supports: usize,
    /// Priority allocations (points on actions).
    pub allocations: usize,
    /// Actions of the national plan.
    pub actions: usize,
    /// Indicators of the national plan.
    pub indicators: usize,
    /// Monthly measurements per indicator.
    pub measurements: usize,
    /// Regional plans aligned to the national one.
    pub regional_plans: usize,
    /// Published good practices.
    pub practices: usize,
    /// Declared adoptions of practices.
    pub adoptions: usize,
}

impl Scale {
    /// The national scale times `fraction` (0 < fraction ≤ 1), with small
    /// floors so every part of the data exists.
    pub fn national(fraction: f64) -> AppResult<Self> {
        if !(fraction > 0.0 && fraction <= 1.0) {
            return Err(AppError::Internal(format!(
                "the fraction must be in (0, 1], not {fraction}"
            )));
        }
        let n = |full: f64, floor: usize| ((full * fraction).round() as usize).max(floor);
        Ok(Self {
            organisations: n(1_000.0, 40),
            participants: n(1_000_000.0, 200),
            consultations: 20,
            contributions: n(5_000_000.0, 400),
            supports: n(5_000_000.0, 400),
            allocations: n(2_000_000.0, 100),
            actions: n(500.0, 20),
            indicators: n(300.0, 6),
            measurements: 36,
            regional_plans: 20,
            practices: n(100_000.0, 50),
            adoptions: n(50_000.0, 25),
        })
    }
}

/// What the generator reports while it works.
pub trait Progress {
    /// A new stage with its number of rows.
    fn stage(&mut self, name: &str, rows: u64);
    /// Rows done in the current stage.
    fn advance(&mut self, rows: u64);
}

/// Progress that reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn stage(&mut self, _: &str, _: u64) {}
    fn advance(&mut self, _: u64) {}
}

/// Rows written, by table.
pub type Counts = Vec<(&'static str, u64)>;

/// Loads the national-scale dataset into a database that already holds the
/// small demo (its ministry owns the national plan). Returns rows written per table.
pub fn load(
    conn: &mut DbConn,
    scale: &Scale,
    now: NaiveDateTime,
    progress: &mut dyn Progress,
) -> AppResult<Counts> {
    if first_id(
        conn,
        &format!("SELECT id FROM users WHERE email = 'p1@{EMAIL_DOMAIN}'"),
    )?
    .is_some()
    {
        return Err(AppError::Conflict {
            code: "already_loaded",
            detail: "The national-scale data are already in this database.".into(),
            field: None,
        });
    }
    // On PostgreSQL each revision or running total a trigger raises is a new
    // row version, and a large batch would chain thousands on one hot row: the
    // triggers skip this session (`pspm.bulk_load`); totals and revisions are set at the end.
    let pg = matches!(conn, DbConn::Pg(_));
    if pg {
        exec(conn, "SET pspm.bulk_load = 'on'")?;
    }
    let loaded = load_rows(conn, scale, now, progress).and_then(|counts| {
        if pg {
            recount_totals(conn)?;
        }
        Ok(counts)
    });
    if pg {
        let reset = exec(conn, "RESET pspm.bulk_load");
        let counts = loaded?;
        reset?;
        exec(conn, "UPDATE consultations SET revision = revision + 1")?;
        return Ok(counts);
    }
    loaded
}

/// Sets the running totals that PostgreSQL's triggers keep (migration
/// 000013) from the rows they total, in one transaction: after a bulk load
/// whose triggers left them out. Still within the bulk load, so that the
/// updated contributions raise no revision one by one.
fn recount_totals(conn: &mut DbConn) -> AppResult<()> {
    exec(conn, "BEGIN")?;
    let recount = [
        "UPDATE consultations SET contribution_count = c.n \
         FROM (SELECT consultation_id, COUNT(*) AS n FROM contributions GROUP BY consultation_id) c \
         WHERE c.consultation_id = consultations.id AND consultations.contribution_count <> c.n",
        "UPDATE contributions SET support_count = s.n \
         FROM (SELECT contribution_id, COUNT(*) AS n FROM supports GROUP BY contribution_id) s \
         WHERE s.contribution_id = contributions.id AND contributions.support_count <> s.n",
        "DELETE FROM priority_tallies",
        "INSERT INTO priority_tallies (consultation_id, node_id, organisation_key, points, people) \
         SELECT consultation_id, node_id, COALESCE(organisation_id, 0), SUM(points), \
         SUM(CASE WHEN points > 0 THEN 1 ELSE 0 END) \
         FROM priority_allocations GROUP BY consultation_id, node_id, COALESCE(organisation_id, 0)",
    ];
    for sql in recount {
        if let Err(e) = exec(conn, sql) {
            let _ = exec(conn, "ROLLBACK");
            return Err(e);
        }
    }
    exec(conn, "COMMIT")
}
