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

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::db::DbConn;
use crate::domain::{InnovationStage, PolicyArea, ResponseStatus};
use crate::error::{AppError, AppResult};

/// Password of every generated participant and staff member (demo data only).
pub const PASSWORD: &str = "national-demo-2026";
/// Domain of the generated sign-ins.
pub const EMAIL_DOMAIN: &str = "national.pspm.example";
/// Seed of the generator: the same seed gives the same dataset.
pub const SEED: u64 = 2026;
/// Rows per multi-row INSERT.
const BATCH: usize = 1000;
/// INSERT statements per transaction.
const BATCHES_PER_TRANSACTION: usize = 50;

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

const WORDS: [&str; 48] = [
    "servizi",
    "digitali",
    "cittadini",
    "comuni",
    "dati",
    "piattaforma",
    "scuole",
    "sanità",
    "energia",
    "mobilità",
    "bilancio",
    "partecipazione",
    "formazione",
    "comunità",
    "accesso",
    "processi",
    "risultati",
    "progetto",
    "uffici",
    "cooperazione",
    "innovazione",
    "monitoraggio",
    "strategia",
    "appalti",
    "trasparenza",
    "inclusione",
    "casa",
    "turismo",
    "rifiuti",
    "acqua",
    "lavoro",
    "imprese",
    "territorio",
    "giovani",
    "anziani",
    "trasporti",
    "semplificazione",
    "identità",
    "pagamenti",
    "interoperabilità",
    "competenze",
    "connettività",
    "sostenibilità",
    "clima",
    "cultura",
    "giustizia",
    "ricerca",
    "sportelli",
];
const OPENINGS: [&str; 8] = [
    "Propongo di rafforzare",
    "Serve più attenzione a",
    "Chiediamo di semplificare",
    "Sarebbe utile misurare",
    "Nel nostro territorio mancano",
    "Suggerisco di collegare",
    "È prioritario finanziare",
    "Occorre coinvolgere di più",
];
const OFFICES: [&str; 12] = [
    "Dipartimento della Ragioneria generale dello Stato",
    "Dipartimento del Tesoro",
    "Dipartimento delle Finanze",
    "Dipartimento dell'Amministrazione generale",
    "Ufficio di Gabinetto",
    "Direzione sistemi informativi",
    "Direzione comunicazione",
    "Direzione personale",
    "Direzione bilancio",
    "Direzione appalti",
    "Direzione statistica",
    "Direzione valutazione",
];
const LICENCES: [&str; 4] = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "EUPL-1.2"];
const AGE_BANDS: [&str; 5] = ["16-24", "25-34", "35-49", "50-64", "65+"];
const GENDERS: [&str; 3] = ["female", "male", "other"];

/// Draws ranks 0..n with probability falling like a power of the rank: a few
/// ranks very often, most rarely (`u^skew`, skew > 1).
fn skewed(rng: &mut StdRng, n: usize, skew: f64) -> usize {
    ((rng.random::<f64>().powf(skew) * n as f64) as usize).min(n.saturating_sub(1))
}

fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn ts(t: NaiveDateTime) -> String {
    format!("'{}'", t.format("%Y-%m-%d %H:%M:%S"))
}

fn day(d: NaiveDate) -> String {
    format!("'{}'", d.format("%Y-%m-%d"))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
}

fn sentence(rng: &mut StdRng, words: usize) -> String {
    (0..words)
        .map(|_| WORDS[skewed(rng, WORDS.len(), 1.7)])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes rows of one table in multi-row INSERTs, committing every
/// [`BATCHES_PER_TRANSACTION`] statements.
struct Writer<'a> {
    conn: &'a mut DbConn,
    table: &'static str,
    columns: &'static str,
    rows: Vec<String>,
    statements: usize,
    written: u64,
    progress: &'a mut dyn Progress,
}

impl<'a> Writer<'a> {
    fn new(
        conn: &'a mut DbConn,
        progress: &'a mut dyn Progress,
        table: &'static str,
        columns: &'static str,
        total: usize,
    ) -> AppResult<Self> {
        progress.stage(table, total as u64);
        exec(conn, "BEGIN")?;
        Ok(Self {
            conn,
            table,
            columns,
            rows: Vec::with_capacity(BATCH),
            statements: 0,
            written: 0,
            progress,
        })
    }

    fn push(&mut self, row: String) -> AppResult<()> {
        self.rows.push(row);
        if self.rows.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> AppResult<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            self.table,
            self.columns,
            self.rows.join(", ")
        );
        exec(self.conn, &sql)?;
        let n = self.rows.len() as u64;
        self.written += n;
        self.progress.advance(n);
        self.rows.clear();
        self.statements += 1;
        if self.statements.is_multiple_of(BATCHES_PER_TRANSACTION) {
            exec(self.conn, "COMMIT")?;
            exec(self.conn, "BEGIN")?;
        }
        Ok(())
    }

    fn finish(mut self) -> AppResult<(&'static str, u64)> {
        self.flush()?;
        exec(self.conn, "COMMIT")?;
        if matches!(self.conn, DbConn::Pg(_)) {
            exec(
                self.conn,
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))",
                    t = self.table
                ),
            )?;
        }
        Ok((self.table, self.written))
    }
}

fn exec(conn: &mut DbConn, sql: &str) -> AppResult<()> {
    let r = match conn {
        DbConn::Sqlite(c) => c.batch_execute(sql),
        DbConn::Pg(c) => c.batch_execute(sql),
    };
    r.map_err(AppError::from)
}

#[derive(QueryableByName)]
struct MaxId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// The largest id of a table (0 when empty).
fn max_id(conn: &mut DbConn, table: &str) -> AppResult<i32> {
    let sql = format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS id FROM {table}");
    let rows: Vec<MaxId> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(sql).load(c)?,
        DbConn::Pg(c) => diesel::sql_query(sql).load(c)?,
    };
    Ok(rows.first().map_or(0, |r| r.id) as i32)
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Integer)]
    id: i32,
}

fn first_id(conn: &mut DbConn, sql: &str) -> AppResult<Option<i32>> {
    let rows: Vec<Id> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(sql).load(c)?,
        DbConn::Pg(c) => diesel::sql_query(sql).load(c)?,
    };
    Ok(rows.first().map(|r| r.id))
}

/// An organisation as the generator remembers it.
struct Org {
    id: i32,
    territory: String,
    staff: Vec<i32>,
}

/// A consultation's window.
struct Window {
    id: i32,
    opens: NaiveDateTime,
    closes: NaiveDateTime,
    open_now: bool,
}

/// A plan node as the generator remembers it.
#[derive(Clone, Copy)]
struct Node {
    id: i32,
    kind: usize,
}

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
    // On PostgreSQL every raise of a consultation's revision (migration
    // 000015) and of a running total (000013) is a new version of a row,
    // and a transaction of 50,000 contributions or supports would chain
    // thousands of them on a consultation or a popular proposal, each update
    // walking the chain. While the rows go in, this session's triggers leave
    // them out (they read `pspm.bulk_load`, migration 000016); the totals are
    // counted once at the end, and every consultation's revision is raised.
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
        "INSERT INTO priority_tallies (consultation_id, node_id, organisation_key, points) \
         SELECT consultation_id, node_id, COALESCE(organisation_id, 0), SUM(points) \
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

/// The rows of [`load`].
fn load_rows(
    conn: &mut DbConn,
    scale: &Scale,
    now: NaiveDateTime,
    progress: &mut dyn Progress,
) -> AppResult<Counts> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut counts = Counts::new();
    let regions = pspm_analytics::population::population();
    let admin = first_id(
        conn,
        "SELECT id FROM users WHERE role = 'admin' ORDER BY id",
    )?;
    let ministry = match first_id(
        conn,
        "SELECT id FROM organisations WHERE kind = 'ministry' ORDER BY id",
    )? {
        Some(id) => id,
        None => {
            return Err(AppError::Conflict {
                code: "no_ministry",
                detail: "Load the small demo first: its ministry owns the national plan.".into(),
                field: None,
            });
        }
    };

    // Organisations: the 21 regions, then provinces, municipalities,
    // agencies and others, each in a region drawn by population.
    let region_weights: Vec<f64> = regions.iter().map(|r| r.population as f64).collect();
    let total_population: f64 = region_weights.iter().sum();
    let pick_region = |rng: &mut StdRng| -> usize {
        let mut x = rng.random::<f64>() * total_population;
        for (i, w) in region_weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        region_weights.len() - 1
    };
    let base_org = max_id(conn, "organisations")?;
    let mut orgs: Vec<Org> = Vec::new();
    {
        let mut w = Writer::new(
            conn,
            progress,
            "organisations",
            "id, name, kind, level, territory_code, parent_id, created_at, updated_at",
            scale.organisations,
        )?;
        let created = ts(now - Duration::days(1200));
        for i in 0..scale.organisations {
            let id = base_org + i as i32 + 1;
            let (kind, level, region) = if i < regions.len() {
                ("region", "regional", i)
            } else {
                let r = pick_region(&mut rng);
                let x = rng.random::<f64>();
                let (k, l) = if x < 0.10 {
                    ("province", "regional")
                } else if x < 0.80 {
                    ("municipality", "local")
                } else if x < 0.86 {
                    ("agency", "national")
                } else if x < 0.91 {
                    ("nonprofit", "local")
                } else if x < 0.94 {
                    ("university", "regional")
                } else if x < 0.97 {
                    ("company", "national")
                } else {
                    ("citizen_group", "local")
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
            let parent =
                (i >= regions.len() && kind != "agency").then(|| base_org + region as i32 + 1);
            w.push(format!(
                "({id}, {}, '{kind}', '{level}', {}, {}, {created}, {created})",
                q(&name),
                q(&territory),
                opt(parent)
            ))?;
            orgs.push(Org {
                id,
                territory,
                staff: Vec::new(),
            });
        }
        counts.push(w.finish()?);
    }

    // Users: two staff members per organisation, then the participants.
    let hash = crate::services::accounts::auth::hash_password(PASSWORD)?;
    let base_user = max_id(conn, "users")?;
    let staff_total = orgs.len() * 2;
    {
        let mut w = Writer::new(
            conn,
            progress,
            "users",
            "id, email, display_name, password_hash, organisation_id, role, locale, age_band, gender, territory_code, created_at, updated_at",
            staff_total + scale.participants,
        )?;
        let hq = q(&hash);
        for (i, o) in orgs.iter_mut().enumerate() {
            for k in 0..2 {
                let n = i * 2 + k + 1;
                let id = base_user + n as i32;
                let role = if k == 0 && i < regions.len() {
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
        for n in 1..=scale.participants {
            let id = base_user + (staff_total + n) as i32;
            let r = pick_region(&mut rng);
            let territory = format!("{}{}", regions[r].territory, rng.random_range(1..=5));
            // Some leave the profile empty.
            let age = (rng.random::<f64>() < 0.8)
                .then(|| q(AGE_BANDS.choose(&mut rng).unwrap_or(&"35-49")));
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
        counts.push(w.finish()?);
    }
    let participant = |rng: &mut StdRng| -> i32 {
        base_user + (staff_total + 1 + skewed(rng, scale.participants, 3.0)) as i32
    };

    // The national plan and its tree: 10 areas, 3 strategic objectives each,
    // operational objectives of about five actions.
    let today = now.date();
    let base_plan = max_id(conn, "plans")?;
    let national = base_plan + 1;
    {
        let mut w = Writer::new(
            conn,
            progress,
            "plans",
            "id, title, summary, owner_organisation_id, period_start, period_end, status, parent_plan_id, lock_version, created_at, updated_at",
            1 + scale.regional_plans,
        )?;
        let created = ts(now - Duration::days(1100));
        w.push(format!(
            "({national}, 'Piano strategico nazionale 2024–2028 (scala nazionale)', {}, {ministry}, '2024-01-01', '2028-12-31', 'consultation', NULL, 0, {created}, {created})",
            q("Il piano strategico del Ministero su scala nazionale: 10 aree, 500 azioni, 300 indicatori, 20 consultazioni e 20 piani regionali allineati.")
        ))?;
        for k in 0..scale.regional_plans {
            let r = k % regions.len();
            w.push(format!(
                "({}, {}, 'Piano regionale allineato al piano nazionale.', {}, '2024-01-01', '2028-12-31', '{}', {national}, 0, {created}, {created})",
                national + 1 + k as i32,
                q(&format!("Piano strategico regionale — {}", regions[r].name)),
                orgs[r].id,
                if k % 3 == 0 { "monitoring" } else { "adopted" }
            ))?;
        }
        counts.push(w.finish()?);
    }
    let base_node = max_id(conn, "plan_nodes")?;
    let mut nodes: Vec<Node> = Vec::new();
    let mut actions: Vec<i32> = Vec::new();
    {
        let areas = 10usize;
        let strategic = areas * 3;
        let operational = scale.actions.div_ceil(5).max(strategic);
        let regional_nodes = scale.regional_plans * 24;
        let mut w = Writer::new(
            conn,
            progress,
            "plan_nodes",
            "id, plan_id, parent_id, kind, code, title, description, responsible_office, responsible_organisation_id, weight, planned_start, planned_end, actual_start, actual_end, budget, status, progress, position, aligned_node_id, lock_version, created_at, updated_at",
            areas + strategic + operational + scale.actions + regional_nodes,
        )?;
        let created = ts(now - Duration::days(1100));
        let mut next = base_node;
        let mut push_node = |w: &mut Writer<'_>,
                             rng: &mut StdRng,
                             plan: i32,
                             parent: Option<i32>,
                             kind: usize,
                             code: String,
                             position: usize,
                             aligned: Option<i32>|
         -> AppResult<i32> {
            next += 1;
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
                "on_track"
            } else if !started {
                "not_started"
            } else if progress_value == Some(100.0) {
                "done"
            } else if end < today {
                "late"
            } else if rng.random::<f64>() < 0.2 {
                "at_risk"
            } else {
                "on_track"
            };
            w.push(format!(
                "({next}, {plan}, {}, '{}', {}, {}, {}, {}, {}, 1.0, {}, {}, {}, {}, {}, '{status}', {}, {position}, {}, 0, {created}, {created})",
                opt(parent),
                kinds[kind],
                q(&code),
                q(&title),
                q(&format!("Descrizione: {}.", sentence(rng, 12))),
                q(OFFICES[rng.random_range(0..OFFICES.len())]),
                if action { orgs[rng.random_range(0..orgs.len())].id.to_string() } else { "NULL".into() },
                day(start),
                day(end),
                if started { day(start) } else { "NULL".into() },
                if status == "done" { day(end.min(today)) } else { "NULL".into() },
                if action { format!("{:.0}", rng.random_range(50_000.0..5_000_000.0)) } else { "NULL".into() },
                opt(progress_value),
                opt(aligned)
            ))?;
            Ok(next)
        };
        let mut area_ids = Vec::new();
        for a in 0..areas {
            let id = push_node(
                &mut w,
                &mut rng,
                national,
                None,
                0,
                format!("A{}", a + 1),
                a,
                None,
            )?;
            area_ids.push(id);
            nodes.push(Node { id, kind: 0 });
        }
        let mut strategic_ids = Vec::new();
        for s in 0..strategic {
            let parent = area_ids[s % areas];
            let code = format!("A{}.S{}", s % areas + 1, s / areas + 1);
            let id = push_node(
                &mut w,
                &mut rng,
                national,
                Some(parent),
                1,
                code,
                s / areas,
                None,
            )?;
            strategic_ids.push((id, s % areas + 1, s / areas + 1));
            nodes.push(Node { id, kind: 1 });
        }
        let mut operational_ids = Vec::new();
        for o in 0..operational {
            let (parent, a, s) = strategic_ids[o % strategic];
            let code = format!("A{a}.S{s}.O{}", o / strategic + 1);
            let id = push_node(
                &mut w,
                &mut rng,
                national,
                Some(parent),
                2,
                code.clone(),
                o / strategic,
                None,
            )?;
            operational_ids.push((id, code));
            nodes.push(Node { id, kind: 2 });
        }
        for x in 0..scale.actions {
            let (parent, code) = &operational_ids[x % operational];
            let code = format!("{code}.AZ{}", x / operational + 1);
            let id = push_node(
                &mut w,
                &mut rng,
                national,
                Some(*parent),
                3,
                code,
                x / operational,
                None,
            )?;
            actions.push(id);
            nodes.push(Node { id, kind: 3 });
        }
        // Each regional plan: 3 areas, 6 objectives, 15 actions, aligned to
        // national nodes of the same kind.
        for k in 0..scale.regional_plans {
            let plan = national + 1 + k as i32;
            let national_of = |kind: usize, rng: &mut StdRng| -> Option<i32> {
                let same: Vec<&Node> = nodes.iter().filter(|n| n.kind == kind).collect();
                same.choose(rng).map(|n| n.id)
            };
            for a in 0..3 {
                let aligned = national_of(0, &mut rng);
                let area = push_node(
                    &mut w,
                    &mut rng,
                    plan,
                    None,
                    0,
                    format!("R{}", a + 1),
                    a,
                    aligned,
                )?;
                for o in 0..2 {
                    let aligned = national_of(2, &mut rng);
                    let objective = push_node(
                        &mut w,
                        &mut rng,
                        plan,
                        Some(area),
                        2,
                        format!("R{}.O{}", a + 1, o + 1),
                        o,
                        aligned,
                    )?;
                    let n_actions = if o == 0 { 3 } else { 2 };
                    for x in 0..n_actions {
                        let aligned = national_of(3, &mut rng);
                        push_node(
                            &mut w,
                            &mut rng,
                            plan,
                            Some(objective),
                            3,
                            format!("R{}.O{}.AZ{}", a + 1, o + 1, x + 1),
                            x,
                            aligned,
                        )?;
                    }
                }
            }
        }
        counts.push(w.finish()?);
    }

    // Indicators on actions and operational objectives, with yearly targets
    // and monthly measurements since the baseline.
    let base_indicator = max_id(conn, "indicators")?;
    let indicator_nodes: Vec<i32> = nodes.iter().filter(|n| n.kind >= 2).map(|n| n.id).collect();
    let baseline_date = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    let mut series = Vec::new();
    {
        let mut w = Writer::new(
            conn,
            progress,
            "indicators",
            "id, node_id, name, unit, direction, baseline_value, baseline_date, frequency, data_source, created_at, updated_at",
            scale.indicators,
        )?;
        let created = ts(now - Duration::days(1100));
        for i in 0..scale.indicators {
            let id = base_indicator + i as i32 + 1;
            let node = indicator_nodes[(i * 7) % indicator_nodes.len()];
            let x = rng.random::<f64>();
            let direction = if x < 0.7 {
                "increase"
            } else if x < 0.9 {
                "decrease"
            } else {
                "keep"
            };
            let (unit, baseline) = if i % 3 == 0 {
                ("%", rng.random_range(10.0..60.0f64).round())
            } else {
                ("numero", rng.random_range(100.0..10_000.0f64).round())
            };
            // Target in three years and how well each indicator keeps pace.
            let change = match direction {
                "increase" => baseline * rng.random_range(0.2..0.8),
                "decrease" => -baseline * rng.random_range(0.1..0.5),
                _ => 0.0,
            };
            let pace = rng.random_range(0.3..1.3);
            w.push(format!(
                "({id}, {node}, {}, '{unit}', '{direction}', {baseline}, {}, 'monthly', 'ISTAT e sistemi di monitoraggio interni', {created}, {created})",
                q(&format!("Indicatore {}: {}", i + 1, sentence(&mut rng, 3))),
                day(baseline_date)
            ))?;
            series.push((id, baseline, change, pace));
        }
        counts.push(w.finish()?);
    }
    {
        let mut w = Writer::new(
            conn,
            progress,
            "indicator_targets",
            "indicator_id, period, due_date, value",
            series.len() * 3,
        )?;
        for (id, baseline, change, _) in &series {
            for (k, year) in [2024, 2025, 2026].into_iter().enumerate() {
                let value = baseline + change * (k + 1) as f64 / 3.0;
                w.push(format!("({id}, '{year}', '{year}-12-31', {value:.2})"))?;
            }
        }
        counts.push(w.finish()?);
    }
    {
        let mut w = Writer::new(
            conn,
            progress,
            "measurements",
            "indicator_id, measured_on, value, note, recorded_by, created_at",
            series.len() * scale.measurements,
        )?;
        for (id, baseline, change, pace) in &series {
            for m in 1..=scale.measurements {
                let on = baseline_date
                    .checked_add_months(chrono::Months::new(m as u32))
                    .unwrap_or(baseline_date);
                if on > today {
                    break;
                }
                let t = m as f64 / 48.0;
                let noise = rng.random_range(-0.03..0.03) * baseline.abs().max(1.0);
                let value = baseline + change * t * pace + noise;
                w.push(format!(
                    "({id}, {}, {value:.2}, NULL, {}, {})",
                    day(on),
                    opt(admin),
                    ts(on.and_hms_opt(9, 0, 0).unwrap_or_default())
                ))?;
            }
        }
        counts.push(w.finish()?);
    }

    // Consultations: every 60 days on the national plan, the last two open now.
    let base_consultation = max_id(conn, "consultations")?;
    let mut windows = Vec::new();
    {
        let mut w = Writer::new(
            conn,
            progress,
            "consultations",
            "id, plan_id, title, description, opens_at, closes_at, audience, comments_enabled, proposals_enabled, supports_per_person, points_per_person, created_by, created_at, updated_at",
            scale.consultations,
        )?;
        let c = scale.consultations;
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
                "({id}, {national}, {}, 'Consultazione pubblica nazionale su un''area del piano.', {}, {}, 'public', TRUE, TRUE, 5, 100, {}, {}, {})",
                q(&format!("Consultazione nazionale {} — {}", k + 1, sentence(&mut rng, 2))),
                ts(opens),
                ts(closes),
                opt(admin),
                ts(opens - Duration::days(7)),
                ts(opens - Duration::days(7))
            ))?;
            windows.push(Window {
                id,
                opens,
                closes,
                open_now,
            });
        }
        counts.push(w.finish()?);
    }

    // Contributions, in time order per consultation, more of them near the
    // closing date; then responses, supports and priority allocations.
    let base_contribution = max_id(conn, "contributions")?;
    let per_consultation = |k: usize, total: usize| -> usize {
        // Later consultations draw more people: weights 1..=2.
        let weights: f64 = (0..scale.consultations)
            .map(|j| 1.0 + j as f64 / scale.consultations as f64)
            .sum();
        ((total as f64) * (1.0 + k as f64 / scale.consultations as f64) / weights) as usize
    };
    // (id, consultation index, created, kind) of proposals, for supports.
    let mut proposals: Vec<Vec<(i32, NaiveDateTime)>> = vec![Vec::new(); windows.len()];
    // Contributions waiting for a response: (id, created, kind index, node).
    let mut answerable: Vec<(i32, NaiveDateTime, u8, Option<i32>)> = Vec::new();
    {
        let mut w = Writer::new(
            conn,
            progress,
            "contributions",
            "id, consultation_id, kind, node_id, parent_id, author_id, organisation_id, title, body, hidden_reason, hidden_by, hidden_at, created_at",
            scale.contributions,
        )?;
        let mut id = base_contribution;
        for (k, win) in windows.iter().enumerate() {
            let n = per_consultation(k, scale.contributions);
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
                    let o = &orgs[skewed(&mut rng, orgs.len(), 2.0)];
                    (o.staff[rng.random_range(0..o.staff.len())], Some(o.id))
                } else {
                    (participant(&mut rng), None)
                };
                let x = rng.random::<f64>();
                let own = &proposals[k];
                let (kind, node, parent, title) = if x < 0.2 || own.is_empty() {
                    let node = nodes[rng.random_range(0..nodes.len())].id;
                    (
                        "proposal",
                        Some(node),
                        None,
                        Some(format!("Proposta: {}", sentence(&mut rng, 4))),
                    )
                } else if x < 0.3 {
                    (
                        "amendment",
                        Some(actions[rng.random_range(0..actions.len())]),
                        None,
                        None,
                    )
                } else if x < 0.65 {
                    let p = own[skewed(&mut rng, own.len(), 2.0)].0;
                    ("comment", None, Some(p), None)
                } else {
                    (
                        "comment",
                        Some(nodes[rng.random_range(0..nodes.len())].id),
                        None,
                        None,
                    )
                };
                let hidden = rng.random::<f64>() < 0.003;
                let body = format!(
                    "{} {}.",
                    OPENINGS[rng.random_range(0..OPENINGS.len())],
                    sentence(&mut rng, 8)
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
                if kind == "proposal" && !hidden {
                    proposals[k].push((id, t));
                }
                if !hidden && !win.open_now {
                    let wanted = if kind == "comment" { 0.3 } else { 0.85 };
                    if rng.random::<f64>() < wanted {
                        let kind_index = match kind {
                            "proposal" => 0,
                            "amendment" => 1,
                            _ => 2,
                        };
                        answerable.push((id, t, kind_index, node));
                    }
                }
            }
        }
        counts.push(w.finish()?);
    }
    {
        let mut w = Writer::new(
            conn,
            progress,
            "responses",
            "contribution_id, status, body, node_id, responder_id, created_at, updated_at",
            answerable.len(),
        )?;
        let statuses = [
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
        for (id, t, kind, node) in std::mem::take(&mut answerable) {
            let x = rng.random::<f64>();
            let (status, _, body) = statuses
                .iter()
                .find(|s| x < s.1)
                .copied()
                .unwrap_or(statuses[4]);
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
                opt(admin),
                ts(at),
                ts(at)
            ))?;
        }
        counts.push(w.finish()?);
    }
    {
        let mut w = Writer::new(
            conn,
            progress,
            "supports",
            "contribution_id, user_id, created_at",
            scale.supports,
        )?;
        for (k, win) in windows.iter().enumerate() {
            let own = &proposals[k];
            if own.is_empty() {
                continue;
            }
            let n = per_consultation(k, scale.supports);
            let mut given: HashSet<(i32, i32)> = HashSet::with_capacity(n);
            let mut per_user: HashMap<i32, u8> = HashMap::new();
            let end = if win.open_now { now } else { win.closes };
            let mut attempts = 0usize;
            while given.len() < n && attempts < n * 4 {
                attempts += 1;
                let (p, created) = own[skewed(&mut rng, own.len(), 2.5)];
                let user = participant(&mut rng);
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
        counts.push(w.finish()?);
    }
    {
        let mut w = Writer::new(
            conn,
            progress,
            "priority_allocations",
            "consultation_id, user_id, node_id, points, updated_at",
            scale.allocations,
        )?;
        for (k, win) in windows.iter().enumerate() {
            let n = per_consultation(k, scale.allocations);
            let mut people: HashSet<i32> = HashSet::new();
            let end = if win.open_now { now } else { win.closes };
            let span = (end - win.opens).num_seconds().max(1) as f64;
            let mut rows = 0usize;
            let mut attempts = 0usize;
            while rows < n && attempts < n * 4 {
                attempts += 1;
                let user =
                    base_user + (staff_total + 1 + rng.random_range(0..scale.participants)) as i32;
                if !people.insert(user) {
                    continue;
                }
                let at = win.opens + Duration::seconds((rng.random::<f64>().sqrt() * span) as i64);
                // 100 points over two to four actions, popular actions first.
                let parts = rng.random_range(2..=4usize).min(actions.len());
                let mut chosen: Vec<i32> = Vec::new();
                while chosen.len() < parts {
                    let a = actions[skewed(&mut rng, actions.len(), 2.0)];
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
        counts.push(w.finish()?);
    }

    // Good practices, their adoptions (decided first, so each practice's
    // counter of confirmed adoptions is right when it is written).
    let base_practice = max_id(conn, "practices")?;
    let base_text = max_id(conn, "practice_texts")?;
    struct Adoption {
        practice: usize,
        org: usize,
        status: &'static str,
    }
    let mut owners: Vec<usize> = (0..scale.practices)
        .map(|_| skewed(&mut rng, orgs.len(), 1.5))
        .collect();
    owners
        .iter_mut()
        .for_each(|o| *o = (*o).min(orgs.len() - 1));
    let mut adoptions: Vec<Adoption> = Vec::new();
    let mut confirmed = vec![0i32; scale.practices];
    {
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        let mut attempts = 0;
        while adoptions.len() < scale.adoptions && attempts < scale.adoptions * 4 {
            attempts += 1;
            let practice = skewed(&mut rng, scale.practices, 2.5);
            let org = rng.random_range(0..orgs.len());
            if owners[practice] == org || !seen.insert((practice, org)) {
                continue;
            }
            let x = rng.random::<f64>();
            let status = if x < 0.7 {
                confirmed[practice] += 1;
                "confirmed"
            } else if x < 0.9 {
                "pending"
            } else {
                "rejected"
            };
            adoptions.push(Adoption {
                practice,
                org,
                status,
            });
        }
    }
    let mut published: Vec<NaiveDateTime> = Vec::with_capacity(scale.practices);
    {
        let mut w = Writer::new(
            conn,
            progress,
            "practices",
            "id, slug, owner_organisation_id, status, original_language, level, policy_area, innovation_stage, launch_year, licence, country, territory_code, contact, links, created_at, updated_at, submitted_at, published_at, adoption_count, rating_count, rating_sum",
            scale.practices,
        )?;
        let areas = PolicyArea::ALL;
        let stages = InnovationStage::ALL;
        let levels = ["local", "regional", "national", "eu"];
        for i in 0..scale.practices {
            let id = base_practice + i as i32 + 1;
            let org = &orgs[owners[i]];
            let at = now - Duration::minutes(rng.random_range(60..(6 * 365 * 24 * 60)));
            published.push(at);
            w.push(format!(
                "({id}, 'scala-{id}', {}, 'published', '{}', '{}', '{}', '{}', {}, '{}', 'IT', {}, NULL, '[]', {}, {}, {}, {}, {}, 0, 0)",
                org.id,
                if rng.random::<f64>() < 0.75 { "it" } else { "en" },
                levels[skewed(&mut rng, levels.len(), 1.3)],
                areas[skewed(&mut rng, areas.len(), 1.6)].as_str(),
                stages[rng.random_range(0..stages.len())].as_str(),
                rng.random_range(2008..=2026),
                LICENCES[rng.random_range(0..LICENCES.len())],
                q(&org.territory),
                ts(at - Duration::days(20)),
                ts(at),
                ts(at - Duration::days(10)),
                ts(at),
                confirmed[i]
            ))?;
        }
        counts.push(w.finish()?);
    }
    {
        let mut w = Writer::new(
            conn,
            progress,
            "practice_texts",
            "id, practice_id, lang, title, summary, problem, solution, results, lessons, conditions",
            scale.practices,
        )?;
        for i in 0..scale.practices {
            let id = base_practice + i as i32 + 1;
            w.push(format!(
                "({}, {id}, 'it', {}, {}, {}, {}, {}, {}, {})",
                base_text + i as i32 + 1,
                q(&format!("Pratica {}: {}", i + 1, sentence(&mut rng, 5))),
                q(&format!("{}.", sentence(&mut rng, 25))),
                q(&format!("{}.", sentence(&mut rng, 30))),
                q(&format!("{}.", sentence(&mut rng, 40))),
                q(&format!("{}.", sentence(&mut rng, 12))),
                q(&format!("{}.", sentence(&mut rng, 10))),
                q(&format!("{}.", sentence(&mut rng, 10)))
            ))?;
        }
        counts.push(w.finish()?);
    }
    {
        let mut w = Writer::new(
            conn,
            progress,
            "practice_tags",
            "practice_id, tag",
            scale.practices * 2,
        )?;
        for i in 0..scale.practices {
            let id = base_practice + i as i32 + 1;
            let a = skewed(&mut rng, WORDS.len(), 1.5);
            let mut b = skewed(&mut rng, WORDS.len(), 1.5);
            if b == a {
                b = (a + 1) % WORDS.len();
            }
            for t in [a, b] {
                w.push(format!("({id}, {})", q(WORDS[t])))?;
            }
        }
        counts.push(w.finish()?);
    }
    {
        let mut w = Writer::new(
            conn,
            progress,
            "practice_sdgs",
            "practice_id, sdg",
            scale.practices * 2,
        )?;
        for i in 0..scale.practices {
            let id = base_practice + i as i32 + 1;
            let a = rng.random_range(1..=17);
            let b = [9, 11, 16, 17, 8, 4][rng.random_range(0..6)];
            w.push(format!("({id}, {a})"))?;
            if b != a {
                w.push(format!("({id}, {b})"))?;
            }
        }
        counts.push(w.finish()?);
    }
    {
        let mut w = Writer::new(
            conn,
            progress,
            "practice_adoptions",
            "practice_id, organisation_id, declared_by, adopted_on, context, outcome, status, decided_by, decided_at, created_at",
            adoptions.len(),
        )?;
        for a in &adoptions {
            let org = &orgs[a.org];
            let owner = &orgs[owners[a.practice]];
            let declared = published[a.practice]
                + Duration::minutes(
                    rng.random_range(0..=(now - published[a.practice]).num_minutes().max(1)),
                );
            let decided = (a.status != "pending")
                .then(|| (declared + Duration::days(rng.random_range(1..30))).min(now));
            w.push(format!(
                "({}, {}, {}, {}, {}, {}, '{}', {}, {}, {})",
                base_practice + a.practice as i32 + 1,
                org.id,
                org.staff[0],
                day(declared.date()),
                q(&format!(
                    "Adottata da {} per {}.",
                    org.territory,
                    sentence(&mut rng, 4)
                )),
                q(&format!("Risultato: {}.", sentence(&mut rng, 6))),
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
        counts.push(w.finish()?);
    }

    // One audit event for the whole load: caches keyed on the trail refresh.
    let changes = serde_json::json!({
        "rows": counts.iter().map(|(t, n)| (t.to_string(), *n)).collect::<HashMap<_, _>>(),
        "seed": SEED,
    });
    exec(
        conn,
        &format!(
            "INSERT INTO audit_events (actor_id, action, entity, entity_id, changes, created_at) VALUES (NULL, 'demo.national_scale', 'practice', NULL, {}, {})",
            q(&changes.to_string()),
            ts(now)
        ),
    )?;
    match conn {
        DbConn::Pg(_) => exec(conn, "ANALYZE")?,
        // Table and index sizes only (sqlite_stat1). With the samples of the
        // bundled SQLite's STAT4, a statement's plan depends on its bound
        // values, and SQLite prepares it again each time they change
        // (bench/LOAD.md).
        DbConn::Sqlite(_) => exec(
            conn,
            "ANALYZE; DELETE FROM sqlite_stat4; ANALYZE sqlite_schema",
        )?,
    }
    Ok(counts)
}
