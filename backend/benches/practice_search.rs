//! Benchmark of the good-practice catalogue search (issue 5): 100,000 published
//! practices, generated deterministically, searched through the real service
//! function `services::practices::search` on SQLite and on PostgreSQL.
//!
//! ```text
//! cargo bench -p pspm-backend --bench practice_search
//! ```
//!
//! Environment:
//! - `PSPM_BENCH_POSTGRES_URL` — administrative PostgreSQL URL (default
//!   `postgres://postgres@127.0.0.1:5432/postgres`); a fresh database
//!   `pspm_bench_<pid>` is created there and dropped at the end. Unreachable: skipped.
//! - `PSPM_BENCH_PRACTICES` — number of practices (default 100000).
//! - `PSPM_BENCH_ITERS` — measured searches per query kind (default 200).
//! - `PSPM_BENCH_BACKENDS` — `sqlite`, `postgres` or `sqlite,postgres` (default both).
//! - `PSPM_BENCH_KEEP=1` — keep the SQLite file and the PostgreSQL database
//!   (their names are printed) to study query plans afterwards.
//!
//! Results and the machine they were measured on: bench/RESULTS.md.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use pspm_backend::db::{Db, DbConn};
use pspm_backend::domain::{InnovationStage, OrgKind, OrgLevel, PolicyArea};
use pspm_backend::services::practices::{self, SearchParams};
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};

/// The p95 goal of issue 5, in milliseconds.
const GOAL_MS: f64 = 10.0;
/// Rows per multi-row INSERT.
const BATCH: usize = 500;
/// Words in the text vocabulary.
const VOCABULARY: usize = 4000;
/// Tags in the tag vocabulary.
const TAGS: usize = 300;
/// Searches run before measuring each kind.
const WARM_UP: usize = 20;

const LICENCES: [&str; 5] = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "EUPL-1.2", "MIT"];
const COUNTRIES: [&str; 10] = ["IT", "ES", "LV", "FR", "DE", "PT", "GR", "PL", "NL", "BE"];
/// Real words first: the most frequent ranks of the Zipf distribution.
const COMMON: [&str; 40] = [
    "public",
    "service",
    "citizens",
    "digital",
    "data",
    "platform",
    "local",
    "plan",
    "municipality",
    "region",
    "open",
    "online",
    "support",
    "network",
    "school",
    "health",
    "energy",
    "mobility",
    "budget",
    "participation",
    "training",
    "community",
    "access",
    "process",
    "results",
    "project",
    "users",
    "office",
    "cooperation",
    "innovation",
    "monitoring",
    "strategy",
    "procurement",
    "transparency",
    "inclusion",
    "housing",
    "tourism",
    "waste",
    "water",
    "employment",
];
const SYLLABLES: [&str; 32] = [
    "ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "tra",
    "pre", "sco", "lin", "mar", "ven", "tor", "cal", "der", "gen", "mis", "pol", "ran", "sil",
    "tan", "vel", "qua", "bri",
];

/// One generated practice.
struct Gen {
    owner: usize,
    lang: &'static str,
    level: &'static str,
    policy_area: &'static str,
    stage: &'static str,
    launch_year: i32,
    licence: &'static str,
    territory: String,
    published: String,
    adoption_count: i32,
    rating_count: i32,
    rating_sum: i32,
    sdgs: Vec<i32>,
    tags: Vec<usize>,
    title: String,
    summary: String,
    problem: String,
    solution: String,
    results: String,
}

/// Words drawn with probability ∝ 1/rank (Zipf, s = 1).
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect();
        Self { cumulative }
    }

    fn sample(&self, rng: &mut StdRng) -> usize {
        let x = rng.random::<f64>() * self.cumulative[self.cumulative.len() - 1];
        self.cumulative.partition_point(|c| *c < x)
    }
}

struct Vocabulary {
    words: Vec<String>,
    zipf: Zipf,
    tags: Vec<String>,
    tag_zipf: Zipf,
    territories: Vec<String>,
}

impl Vocabulary {
    fn new(rng: &mut StdRng) -> Self {
        let mut words: Vec<String> = COMMON.iter().map(|w| (*w).to_owned()).collect();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < VOCABULARY {
            let n = rng.random_range(2..=4);
            let w: String = (0..n).map(|_| *SYLLABLES.choose(rng).unwrap()).collect();
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        // Keep the real words on top; shuffle the made-up ones' ranks.
        words[COMMON.len()..].shuffle(rng);
        let mut tags = Vec::new();
        let mut seen_tags = std::collections::HashSet::new();
        while tags.len() < TAGS {
            let a = &words[rng.random_range(0..400)];
            let b = &words[rng.random_range(0..2000)];
            let t = format!("{a}-{b}");
            if a != b && seen_tags.insert(t.clone()) {
                tags.push(t);
            }
        }
        let territories = COUNTRIES
            .iter()
            .flat_map(|c| {
                (1..=10).map(move |i| format!("{c}{}{}", (b'A' + (i % 5) as u8) as char, i))
            })
            .collect();
        Self {
            words,
            zipf: Zipf::new(VOCABULARY),
            tags,
            tag_zipf: Zipf::new(TAGS),
            territories,
        }
    }

    fn sentence(&self, rng: &mut StdRng, min: usize, max: usize) -> String {
        let n = rng.random_range(min..=max);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&self.words[self.zipf.sample(rng)]);
        }
        // A few apostrophes and capitals, so the escaping and the tokenizers work.
        if rng.random_bool(0.1) {
            s.push_str(" l'unione");
        }
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
            None => s,
        }
    }
}

/// Ten owner organisations of different kinds and levels.
const ORGS: [(&str, OrgKind, OrgLevel); 10] = [
    (
        "Bench Ministry of Digital Affairs",
        OrgKind::Ministry,
        OrgLevel::National,
    ),
    (
        "Bench Region of the North",
        OrgKind::Region,
        OrgLevel::Regional,
    ),
    (
        "Bench Province of the Lakes",
        OrgKind::Province,
        OrgLevel::Regional,
    ),
    (
        "Bench City of the River",
        OrgKind::Municipality,
        OrgLevel::Local,
    ),
    ("Bench Digital Agency", OrgKind::Agency, OrgLevel::National),
    ("Bench European Network", OrgKind::OtherPublic, OrgLevel::Eu),
    (
        "Bench Civic Foundation",
        OrgKind::Nonprofit,
        OrgLevel::Local,
    ),
    (
        "Bench Technical University",
        OrgKind::University,
        OrgLevel::Regional,
    ),
    (
        "Bench Software Company",
        OrgKind::Company,
        OrgLevel::National,
    ),
    (
        "Bench Neighbourhood Group",
        OrgKind::CitizenGroup,
        OrgLevel::Local,
    ),
];

fn generate(n: usize, rng: &mut StdRng, v: &Vocabulary) -> Vec<Gen> {
    let levels = OrgLevel::ALL;
    let areas = PolicyArea::ALL;
    let stages = InnovationStage::ALL;
    (0..n)
        .map(|_| {
            let owner = rng.random_range(0..ORGS.len());
            // Mostly the owner's level, sometimes another one.
            let level = if rng.random_bool(0.8) {
                ORGS[owner].2
            } else {
                *levels.choose(rng).unwrap()
            };
            // Uneven policy areas: the first ones are more frequent.
            let area = areas[(rng.random::<f64>().powf(1.6) * areas.len() as f64) as usize];
            let n_sdgs = rng.random_range(1..=4);
            let mut sdgs: Vec<i32> = Vec::new();
            while sdgs.len() < n_sdgs {
                let s = if rng.random_bool(0.5) {
                    rng.random_range(1..=17)
                } else {
                    *[9, 11, 16, 17, 8, 4].choose(rng).unwrap()
                };
                if !sdgs.contains(&s) {
                    sdgs.push(s);
                }
            }
            let n_tags = rng.random_range(2..=5);
            let mut tags: Vec<usize> = Vec::new();
            while tags.len() < n_tags {
                let t = v.tag_zipf.sample(rng);
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            let day = rng.random_range(0..(365 * 6));
            let date =
                chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(day);
            let published = format!(
                "{} {:02}:{:02}:{:02}",
                date.format("%Y-%m-%d"),
                rng.random_range(0..24),
                rng.random_range(0..60),
                rng.random_range(0..60)
            );
            let rating_count = rng.random_range(0..6);
            Gen {
                owner,
                lang: if rng.random_bool(0.65) { "en" } else { "it" },
                level: level.as_str(),
                policy_area: area.as_str(),
                stage: stages.choose(rng).unwrap().as_str(),
                launch_year: rng.random_range(2005..=2026),
                licence: LICENCES.choose(rng).unwrap(),
                territory: v.territories[v.zipf.sample(rng) % v.territories.len()].clone(),
                published,
                adoption_count: rng.random_range(0..4),
                rating_count,
                rating_sum: (0..rating_count).map(|_| rng.random_range(1..=5)).sum(),
                sdgs,
                tags,
                title: v.sentence(rng, 4, 9).trim_end_matches('.').to_owned(),
                summary: v.sentence(rng, 15, 35),
                problem: v.sentence(rng, 20, 45),
                solution: v.sentence(rng, 25, 55),
                results: if rng.random_bool(0.5) {
                    v.sentence(rng, 5, 15)
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn exec(conn: &mut DbConn, sql: &str) {
    let r = match conn {
        DbConn::Sqlite(c) => c.batch_execute(sql),
        DbConn::Pg(c) => c.batch_execute(sql),
    };
    if let Err(e) = r {
        panic!("{e}: {}", &sql[..sql.len().min(300)]);
    }
}

#[derive(QueryableByName)]
struct OrgRow {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Text)]
    name: String,
}

/// Inserts the organisations and practices, in multi-row INSERTs inside one transaction.
fn insert(conn: &mut DbConn, data: &[Gen], v: &Vocabulary) {
    let pg = matches!(conn, DbConn::Pg(_));
    let now = "'2026-01-01 00:00:00'";
    exec(conn, "BEGIN");
    let orgs: Vec<String> = ORGS
        .iter()
        .enumerate()
        .map(|(i, (name, kind, level))| {
            format!(
                "({}, {}, {}, {}, {now}, {now})",
                q(name),
                q(kind.as_str()),
                q(level.as_str()),
                q(&v.territories[i * 10])
            )
        })
        .collect();
    exec(
        conn,
        &format!(
            "INSERT INTO organisations (name, kind, level, territory_code, created_at, updated_at) VALUES {}",
            orgs.join(", ")
        ),
    );
    let rows: Vec<OrgRow> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query("SELECT id, name FROM organisations").load(c),
        DbConn::Pg(c) => diesel::sql_query("SELECT id, name FROM organisations").load(c),
    }
    .expect("organisations");
    let org_id: Vec<i32> = ORGS
        .iter()
        .map(|(name, ..)| rows.iter().find(|r| r.name == *name).expect("org").id)
        .collect();

    let mut tag_id = 0usize;
    for (chunk_no, chunk) in data.chunks(BATCH).enumerate() {
        let base = chunk_no * BATCH;
        let mut p = Vec::with_capacity(chunk.len());
        let mut t = Vec::with_capacity(chunk.len());
        let mut s = Vec::new();
        let mut g = Vec::new();
        for (i, x) in chunk.iter().enumerate() {
            let id = base + i + 1;
            let published = q(&x.published);
            p.push(format!(
                "({id}, 'bench-{id}', {}, 'published', {}, {}, {}, {}, {}, {}, {}, {}, 'contact-{id}@example.invalid', '[]', {published}, {published}, {published}, {published}, {}, {}, {})",
                org_id[x.owner],
                q(x.lang),
                q(x.level),
                q(x.policy_area),
                q(x.stage),
                x.launch_year,
                q(x.licence),
                q(&x.territory[..2]),
                q(&x.territory),
                x.adoption_count,
                x.rating_count,
                x.rating_sum,
            ));
            t.push(format!(
                "({id}, {id}, {}, {}, {}, {}, {}, {}, '', '')",
                q(x.lang),
                q(&x.title),
                q(&x.summary),
                q(&x.problem),
                q(&x.solution),
                q(&x.results)
            ));
            for sdg in &x.sdgs {
                s.push(format!("({id}, {sdg})"));
            }
            for tag in &x.tags {
                tag_id += 1;
                g.push(format!("({tag_id}, {id}, {})", q(&v.tags[*tag])));
            }
        }
        exec(
            conn,
            &format!(
                "INSERT INTO practices (id, slug, owner_organisation_id, status, original_language, level, policy_area, innovation_stage, launch_year, licence, country, territory_code, contact, links, created_at, updated_at, submitted_at, published_at, adoption_count, rating_count, rating_sum) VALUES {}",
                p.join(", ")
            ),
        );
        exec(
            conn,
            &format!(
                "INSERT INTO practice_texts (id, practice_id, lang, title, summary, problem, solution, results, lessons, conditions) VALUES {}",
                t.join(", ")
            ),
        );
        exec(
            conn,
            &format!(
                "INSERT INTO practice_sdgs (practice_id, sdg) VALUES {}",
                s.join(", ")
            ),
        );
        exec(
            conn,
            &format!(
                "INSERT INTO practice_tags (id, practice_id, tag) VALUES {}",
                g.join(", ")
            ),
        );
    }
    if pg {
        for table in ["practices", "practice_texts", "practice_tags"] {
            exec(
                conn,
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                ),
            );
        }
    }
    exec(conn, "COMMIT");
    if pg {
        exec(conn, "VACUUM ANALYZE");
    } else {
        exec(conn, "ANALYZE");
    }
}

/// Prints the index's files' size and this process's resident memory.
fn report_memory(backend: &str, conn: &mut DbConn) {
    let dir = pspm_backend::services::practices::catalogue::default_dir(conn)
        .expect("index place")
        .expect("an index on disk")
        .join(pspm_backend::search::engine::INDEX_FOLDER);
    let bytes: u64 = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.trim_start_matches("VmRSS:").trim().to_owned())
        })
        .unwrap_or_default();
    println!(
        "{backend}: index files {:.1} MB in {}; process RSS {rss} (mapped index pages included)",
        bytes as f64 / 1e6,
        dir.display()
    );
}

/// The query kinds measured.
const KINDS: [&str; 7] = [
    "a) words+3 facets",
    "b) words only",
    "c) 3 facets only",
    "d) browse, newest",
    "e) rare word+3 facets",
    "f) words+3 facets, p.2",
    "g) misspelt word",
];

/// The searches of each kind, the same on every backend.
fn queries(rng: &mut StdRng, v: &Vocabulary, iters: usize) -> Vec<Vec<SearchParams>> {
    let total = WARM_UP + iters;
    let common = |rng: &mut StdRng| v.words[rng.random_range(3..40)].clone();
    let mid = |rng: &mut StdRng| v.words[rng.random_range(150..600)].clone();
    let rare = |rng: &mut StdRng| v.words[rng.random_range(1500..VOCABULARY)].clone();
    let facets = |rng: &mut StdRng, p: &mut SearchParams| {
        p.level = Some(OrgLevel::ALL.choose(rng).unwrap().as_str().to_owned());
        p.policy_area = Some(PolicyArea::ALL.choose(rng).unwrap().as_str().to_owned());
        p.sdg = Some(rng.random_range(1..=17).to_string());
    };
    KINDS
        .iter()
        .map(|kind| {
            (0..total)
                .map(|_| {
                    let mut p = SearchParams::default();
                    match &kind[..1] {
                        "a" | "f" => {
                            p.q = Some(format!("{} {}", common(rng), mid(rng)));
                            facets(rng, &mut p);
                            if kind.starts_with('f') {
                                p.page = Some(2);
                            }
                        }
                        "b" => p.q = Some(format!("{} {}", common(rng), mid(rng))),
                        "c" => facets(rng, &mut p),
                        "d" => p.sort = Some("newest".to_owned()),
                        // A letter dropped from a word of 5 letters or more:
                        // found by the correction, not the word as typed.
                        "g" => {
                            let mut w = mid(rng);
                            while w.chars().count() < 5 {
                                w = mid(rng);
                            }
                            let at = w.char_indices().nth(w.chars().count() / 2).unwrap().0;
                            w.remove(at);
                            p.q = Some(w);
                        }
                        _ => {
                            p.q = Some(rare(rng));
                            facets(rng, &mut p);
                        }
                    }
                    p
                })
                .collect()
        })
        .collect()
}

struct Row {
    kind: &'static str,
    p50: f64,
    p95: f64,
    p99: f64,
    mean: f64,
    max: f64,
    mean_total: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn measure(conn: &mut DbConn, all: &[Vec<SearchParams>]) -> Vec<Row> {
    KINDS
        .iter()
        .zip(all)
        .map(|(kind, params)| {
            // One cache, as in the server: the catalogue snapshot is built by
            // the first (warm-up) search and reused while the data do not change.
            let cache = pspm_backend::cache::Cache::default();
            let mut ms = Vec::new();
            let mut totals = 0i64;
            for (i, p) in params.iter().enumerate() {
                let start = Instant::now();
                let r = practices::search(conn, &cache, p, "en").expect("search");
                let took = start.elapsed();
                std::hint::black_box(&r);
                if i >= WARM_UP {
                    ms.push(took.as_secs_f64() * 1000.0);
                    totals += r.total;
                }
            }
            let mean = ms.iter().sum::<f64>() / ms.len() as f64;
            let n = ms.len();
            ms.sort_by(f64::total_cmp);
            Row {
                kind,
                p50: percentile(&ms, 50.0),
                p95: percentile(&ms, 95.0),
                p99: percentile(&ms, 99.0),
                mean,
                max: ms[n - 1],
                mean_total: totals as f64 / n as f64,
            }
        })
        .collect()
}

fn print_table(backend: &str, rows: &[Row], iters: usize) {
    println!("\n{backend}: {iters} searches per kind after {WARM_UP} warm-up (ms)");
    println!(
        "| {:<24} | {:>8} | {:>8} | {:>8} | {:>8} | {:>8} | {:>10} |",
        "kind", "p50", "p95", "p99", "mean", "max", "mean total"
    );
    println!(
        "|{:-<26}|{:->10}|{:->10}|{:->10}|{:->10}|{:->10}|{:->12}|",
        "", "", "", "", "", "", ""
    );
    for r in rows {
        println!(
            "| {:<24} | {:>8.2} | {:>8.2} | {:>8.2} | {:>8.2} | {:>8.2} | {:>10.0} |",
            r.kind, r.p50, r.p95, r.p99, r.mean, r.max, r.mean_total
        );
    }
    let goal = &rows[0];
    println!(
        "{backend}: goal (a) p95 = {:.2} ms {} {GOAL_MS} ms -> {}",
        goal.p95,
        if goal.p95 <= GOAL_MS { "<=" } else { ">" },
        if goal.p95 <= GOAL_MS { "MET" } else { "MISSED" }
    );
}

fn run(
    backend: &str,
    url: &str,
    data: &[Gen],
    v: &Vocabulary,
    all: &[Vec<SearchParams>],
    iters: usize,
) -> Vec<Row> {
    let db = Db::connect(url, 1, Duration::from_secs(30)).expect("connect");
    db.migrate().expect("migrate");
    let mut conn = db.get().expect("connection");
    let start = Instant::now();
    insert(&mut conn, data, v);
    println!(
        "{backend}: inserted {} practices (+ texts, SDGs, tags; analysed) in {:.1} s",
        data.len(),
        start.elapsed().as_secs_f64()
    );
    // The first search builds the catalogue's snapshot and its words.
    let cache = pspm_backend::cache::Cache::default();
    let start = Instant::now();
    practices::search(&mut conn, &cache, &all[0][0], "en").expect("search");
    println!(
        "{backend}: first search (snapshot and words built) took {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    report_memory(backend, &mut conn);
    // A server started again: the index is on disk, only the snapshot is read.
    drop(cache);
    let cache = pspm_backend::cache::Cache::default();
    let start = Instant::now();
    practices::search(&mut conn, &cache, &all[0][0], "en").expect("search");
    println!(
        "{backend}: first search of a server started again (index kept on disk) took {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    // An edit of one practice (its title and audit event, as the service
    // writes them): the next search reads only that practice's texts again.
    let edits = 5;
    let mut took = Vec::new();
    for k in 0..edits {
        let id = 1 + k * (data.len() / edits);
        exec(
            &mut conn,
            &format!(
                "UPDATE practice_texts SET title = title || ' edited' WHERE practice_id = {id}; \
                 INSERT INTO audit_events (actor_id, action, entity, entity_id, changes, created_at) \
                 VALUES (NULL, 'practice.update', 'practice', {id}, '{{}}', CURRENT_TIMESTAMP)"
            ),
        );
        let start = Instant::now();
        practices::search(&mut conn, &cache, &all[0][0], "en").expect("search");
        took.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{backend}: first search after an edit of one practice took {:.0} ms (mean of {edits}; {:.0}–{:.0})",
        took.iter().sum::<f64>() / edits as f64,
        took.iter().copied().fold(f64::INFINITY, f64::min),
        took.iter().copied().fold(0.0, f64::max),
    );
    drop(cache);
    let start = Instant::now();
    let rows = measure(&mut conn, all);
    println!(
        "{backend}: searches took {:.1} s",
        start.elapsed().as_secs_f64()
    );
    print_table(backend, &rows, iters);
    rows
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (without_query, query) = match url.split_once('?') {
        Some((a, q)) => (a, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = without_query.find("://").map_or(0, |i| i + 3);
    let base = match without_query[scheme_end..].find('/') {
        Some(i) => &without_query[..scheme_end + i],
        None => without_query,
    };
    format!("{base}/{name}{query}")
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is ignored.
    let n = env_usize("PSPM_BENCH_PRACTICES", 100_000);
    let iters = env_usize("PSPM_BENCH_ITERS", 200).max(1);
    let backends =
        std::env::var("PSPM_BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    let keep = std::env::var("PSPM_BENCH_KEEP").is_ok_and(|v| v == "1");
    println!("practice_search: {n} published practices, seed 5");

    let mut rng = StdRng::seed_from_u64(5);
    let start = Instant::now();
    let v = Vocabulary::new(&mut rng);
    let data = generate(n, &mut rng, &v);
    let all = queries(&mut rng, &v, iters);
    println!(
        "generated {} practices, {} SDG rows, {} tag rows, {:.1} MB of text in {:.1} s",
        data.len(),
        data.iter().map(|g| g.sdgs.len()).sum::<usize>(),
        data.iter().map(|g| g.tags.len()).sum::<usize>(),
        data.iter()
            .map(|g| g.title.len()
                + g.summary.len()
                + g.problem.len()
                + g.solution.len()
                + g.results.len())
            .sum::<usize>() as f64
            / 1e6,
        start.elapsed().as_secs_f64()
    );

    let mut verdicts = Vec::new();
    if backends.contains("sqlite") {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bench.db");
        let rows = run(
            "SQLite",
            &format!("sqlite://{}", path.display()),
            &data,
            &v,
            &all,
            iters,
        );
        verdicts.push(("SQLite", rows[0].p95));
        if keep {
            let kept = dir.keep();
            println!("SQLite database kept: {}", kept.join("bench.db").display());
        }
    }
    if backends.contains("postgres") {
        let admin_url = std::env::var("PSPM_BENCH_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        match PgConnection::establish(&admin_url) {
            Err(e) => println!("\nPostgreSQL skipped: cannot connect to {admin_url}: {e}"),
            Ok(mut admin) => {
                let name = format!("pspm_bench_{}", std::process::id());
                // One statement per call: PostgreSQL runs several in one
                // implicit transaction, where (DROP|CREATE) DATABASE is refused.
                admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                    .expect("drop leftover bench database");
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create bench database");
                let url = replace_db_name(&admin_url, &name);
                let rows = run("PostgreSQL", &url, &data, &v, &all, iters);
                verdicts.push(("PostgreSQL", rows[0].p95));
                if keep {
                    println!("PostgreSQL database kept: {url}");
                } else {
                    admin
                        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .expect("drop bench database");
                    let _ = std::fs::remove_dir_all(
                        pspm_backend::services::practices::catalogue::postgres_dir(&name),
                    );
                }
            }
        }
    }
    println!("\nGoal (issue 5): full text + three facets, p95 <= {GOAL_MS} ms at {n} practices");
    for (backend, p95) in verdicts {
        println!(
            "  {backend:<10} p95 {p95:>8.2} ms  {}",
            if p95 <= GOAL_MS { "MET" } else { "MISSED" }
        );
    }
}
