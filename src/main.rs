//! `pspm`: the command line — serve the application, migrate, create an
//! administrator, load demo data. Wiring only; everything else is in the crates.

use std::io::IsTerminal;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use pspm_backend::config::Config;
use pspm_backend::db::Db;
use pspm_backend::seed::demo;
use pspm_backend::services::accounts::auth;
use pspm_backend::services::accounts::users;
use pspm_backend::{AppState, router};
use tracing_subscriber::EnvFilter;

/// jemalloc instead of glibc's malloc: glibc's allocator, tuned for memory
/// ([`tune_allocator`]), made searches under load wait for its arenas; mimalloc
/// held far more memory (bench/LOAD.md).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read at its start: two arenas (two cores), and
/// freed pages given back to the system after a second, not ten, by a
/// thread of jemalloc's own: without it an idle server keeps what a large
/// computation freed until it allocates again.
/// `_RJEM_MALLOC_CONF` in the environment overrides them.
#[expect(
    unsafe_code,
    reason = "jemalloc reads its settings from this exported C symbol"
)]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_CONF: JemallocConf =
    JemallocConf(c"narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0,background_thread:true".as_ptr());

/// A C string pointer as jemalloc's `malloc_conf` symbol is declared.
#[repr(transparent)]
struct JemallocConf(*const std::ffi::c_char);

// SAFETY: it points to a string literal that is never written.
#[expect(
    unsafe_code,
    reason = "a pointer to a constant string is safe to share"
)]
unsafe impl Sync for JemallocConf {}

/// PSPM — Participatory Strategic Planning Module.
///
/// Configuration comes from environment variables (see the README):
/// PSPM_ADDR, DATABASE_URL, PSPM_DEMO, PSPM_LOG, PSPM_SECURE_COOKIES, PSPM_POOL_SIZE, PSPM_SESSION_HOURS, PSPM_SESSION_IDLE_MINUTES, PSPM_DB_TIMEOUT_SECS,
/// PSPM_SEARCH_THREADS, PSPM_TRUSTED_PROXIES, PSPM_OPEN_DATA_DIR, PSPM_OPEN_DATA_REBUILD_SECS,
/// PSPM_OPEN_DATA_WAIT_SECS, PSPM_SMTP_URL, PSPM_MAIL_FROM, PSPM_PUBLIC_URL, PSPM_MAIL_INTERVAL_SECS.
#[derive(Debug, Parser)]
#[command(name = "pspm", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web application and API (the default): applies migrations and,
    /// on a new database, loads the demo when PSPM_DEMO=true, or by default for a
    /// local trial (the default SQLite file served on a loopback address).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator. The password is read from PSPM_ADMIN_PASSWORD
    /// or asked for at the terminal — never taken from the command line.
    CreateAdmin {
        /// Email address of the new administrator.
        #[arg(long)]
        email: String,
        /// Display name of the new administrator.
        #[arg(long)]
        name: String,
    },
    /// Load the demo into an empty database; `--scale national` adds the
    /// national-scale dataset (1,000 organisations, 1,000,000 participants,
    /// 5,000,000 contributions, 100,000 practices…), deterministic and seeded.
    Demo {
        /// `small` (the demo, default) or `national`.
        #[arg(long, default_value = "small", value_parser = ["small", "national"])]
        scale: String,
        /// Share of the national scale to generate, in (0, 1] (e.g. 0.01 for a quick run).
        #[arg(long, default_value_t = 1.0)]
        fraction: f64,
    },
    /// Import data from another system.
    #[command(subcommand)]
    Import(Import),
    /// Export data for another system.
    #[command(subcommand)]
    Export(Export),
}

#[derive(Debug, Subcommand)]
enum Import {
    /// Import the INTERLINK catalogue (a folder with interlinkers/*/*/metadata.json)
    /// as published good practices. Importing the same files again changes nothing.
    Interlink {
        /// The catalogue folder, e.g. ../shared/data/interlink-catalogue.
        dir: std::path::PathBuf,
        /// Import the valid entries even when some cannot be read (default: import nothing then).
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Import good practices from CSV or JSON (format pspm-practices/1), matched
    /// by slug: either every row is valid and all are stored, or nothing is.
    /// The owner organisations must exist (by name).
    Practices {
        /// The file (`-` for standard input).
        file: std::path::PathBuf,
        /// `csv` or `json` (default: from the file's extension; JSON for `-`).
        #[arg(long, value_parser = ["csv", "json"])]
        format: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum Export {
    /// Export good practices, ordered by slug, with their texts in every language.
    Practices {
        /// The file to write (`-` for standard output).
        file: std::path::PathBuf,
        /// `csv` or `json` (default: from the file's extension; JSON for `-`).
        #[arg(long, value_parser = ["csv", "json"])]
        format: Option<String>,
        /// Also export drafts, submissions and archived practices (default: published only).
        #[arg(long)]
        all: bool,
    },
    /// Write the open-data archive: every public table and every indicator table as CSV
    /// and Parquet, with a README data dictionary and the licence (no personal data).
    OpenData {
        /// The ZIP file to write.
        file: std::path::PathBuf,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::from_env()?;
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&config.log).context("PSPM_LOG is not a valid filter")?)
        .init();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::Migrate => {
            let db = open(&config)?;
            let n = db.migrate()?;
            println!("Applied {n} migration(s).");
            Ok(())
        }
        Command::CreateAdmin { email, name } => create_admin(&config, &email, &name),
        Command::Import(Import::Interlink { dir, skip_invalid }) => {
            import_interlink(&config, &dir, skip_invalid)
        }
        Command::Import(Import::Practices { file, format }) => {
            import_practices(&config, &file, format.as_deref())
        }
        Command::Export(Export::Practices { file, format, all }) => {
            export_practices(&config, &file, format.as_deref(), all)
        }
        Command::Export(Export::OpenData { file }) => {
            let db = open(&config)?;
            db.migrate()?;
            let mut conn = db.get()?;
            let cache = pspm_backend::cache::Cache::default();
            let out = std::fs::File::create(&file)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", file.display()))?;
            let (_, out) = pspm_backend::services::analytics::open_data::write_snapshot(
                &mut conn, &cache, out,
            )
            .map_err(|e| anyhow::anyhow!("export failed: {e}"))?;
            let bytes = out.metadata().map(|m| m.len()).unwrap_or(0);
            println!("Wrote {} ({bytes} bytes).", file.display());
            Ok(())
        }
        Command::Demo { scale, fraction } => demo_command(&config, &scale, fraction),
    }
}

/// `pspm demo`: the small demo into an empty database, then, with `--scale
/// national`, the national-scale dataset on top of it.
fn demo_command(config: &Config, scale: &str, fraction: f64) -> anyhow::Result<()> {
    let db = open(config)?;
    db.migrate()?;
    let mut conn = db.get()?;
    let loaded = demo::load_if_empty(&mut conn)?;
    if loaded {
        print_demo_logins();
    }
    if scale != "national" {
        if !loaded {
            bail!("the database already has users; the demo is only loaded into an empty database");
        }
        return Ok(());
    }
    let sizes =
        pspm_backend::seed::scale::Scale::national(fraction).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("Generating the national-scale dataset ({fraction} of full scale): {sizes:?}");
    let started = std::time::Instant::now();
    let mut bar = Bar(None);
    let counts = pspm_backend::seed::scale::load(
        &mut conn,
        &sizes,
        chrono::Utc::now().naive_utc(),
        &mut bar,
    )
    .map_err(|e| anyhow::anyhow!("national-scale data not loaded: {e}"))?;
    if let Some(b) = bar.0.take() {
        b.finish();
    }
    for (table, rows) in &counts {
        println!("  {table:<22} {rows:>10}");
    }
    println!(
        "National-scale data loaded in {:.1} s. Participants sign in as p<N>@{} and staff as s<N>@{}, password {}.",
        started.elapsed().as_secs_f64(),
        pspm_backend::seed::scale::EMAIL_DOMAIN,
        pspm_backend::seed::scale::EMAIL_DOMAIN,
        pspm_backend::seed::scale::PASSWORD
    );
    Ok(())
}

/// One progress bar per table being written.
struct Bar(Option<indicatif::ProgressBar>);

impl pspm_backend::seed::scale::Progress for Bar {
    fn stage(&mut self, name: &str, rows: u64) {
        if let Some(b) = self.0.take() {
            b.finish();
        }
        let b = indicatif::ProgressBar::new(rows);
        b.set_style(
            indicatif::ProgressStyle::with_template("{msg:22} {bar:40} {pos}/{len} rows {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b.set_message(name.to_owned());
        self.0 = Some(b);
    }

    fn advance(&mut self, rows: u64) {
        if let Some(b) = &self.0 {
            b.inc(rows);
        }
    }
}

fn open(config: &Config) -> anyhow::Result<Db> {
    Db::connect(
        &config.database_url,
        config.pool_size,
        std::time::Duration::from_secs(config.db_timeout_secs),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Says, as loudly as a terminal and the log allow, that anyone who read the
/// README can sign in as the demo's administrator on this server.
fn warn_demo_exposed(addr: std::net::SocketAddr) {
    tracing::warn!(
        listen.addr = %addr,
        "demo accounts exist on a server other machines can reach; their passwords are published"
    );
    let rule = "!".repeat(78);
    eprintln!(
        "{rule}\n\
         !! WARNING: the demo's accounts exist in this database, and PSPM listens on {addr},\n\
         !! beyond this machine. Their passwords are published in the README: anyone can\n\
         !! sign in as the demo's administrator. Delete those accounts, or serve a\n\
         !! database without the demo (the demo loads only with PSPM_DEMO=true or `pspm demo`).\n\
         {rule}"
    );
}

fn print_demo_logins() {
    println!("Demo sign-ins (demo data only):");
    for login in demo::DEMO_LOGINS {
        println!(
            "  {:<10} {:<30} {}",
            login.role.as_str(),
            login.email,
            login.password
        );
    }
}

fn import_interlink(
    config: &Config,
    dir: &std::path::Path,
    skip_invalid: bool,
) -> anyhow::Result<()> {
    use pspm_backend::seed::interlink;
    let db = open(config)?;
    db.migrate()?;
    let entries = interlink::read(dir).map_err(|e| anyhow::anyhow!("{}", e.items()[0].detail))?;
    let bar = indicatif::ProgressBar::new(entries.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} entries")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut conn = db.get()?;
    let report = interlink::import(&mut conn, entries, skip_invalid, &mut |done, _| {
        bar.set_position(done as u64)
    })
    .map_err(|e| anyhow::anyhow!("import failed: {:?}", e.items()))?;
    bar.finish_and_clear();
    for p in &report.problems {
        eprintln!("{}: {}", p.entry, p.reason);
    }
    if !report.problems.is_empty() && !skip_invalid {
        bail!(
            "{} entries cannot be read; nothing was imported (use --skip-invalid to import the others)",
            report.problems.len()
        );
    }
    println!(
        "INTERLINK catalogue: {} created, {} updated, {} unchanged, {} skipped.",
        report.created,
        report.updated,
        report.unchanged,
        report.problems.len()
    );
    Ok(())
}

/// The format named by `--format`, else by the file's extension (JSON for `-`).
fn practice_format(
    file: &std::path::Path,
    format: Option<&str>,
) -> anyhow::Result<pspm_backend::services::practices::exchange::Format> {
    use pspm_backend::services::practices::exchange::Format;
    match format {
        Some(f) => Format::parse(f).context("--format must be csv or json"),
        None if file.as_os_str() == "-" => Ok(Format::Json),
        None => Format::of_path(file).with_context(|| {
            format!(
                "cannot tell the format of {} from its extension: name it .csv or .json, or give --format",
                file.display()
            )
        }),
    }
}

fn import_practices(
    config: &Config,
    file: &std::path::Path,
    format: Option<&str>,
) -> anyhow::Result<()> {
    use pspm_backend::services::practices::exchange as practice_io;
    let format = practice_format(file, format)?;
    let bytes = if file.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b)?;
        b
    } else {
        std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    let refused = |e: pspm_backend::AppError| match e {
        pspm_backend::AppError::Validation(items) => {
            for i in &items {
                eprintln!("{}: {}", i.field.as_deref().unwrap_or("file"), i.detail);
            }
            anyhow::anyhow!("{} problem(s) found; nothing was imported", items.len())
        }
        other => anyhow::anyhow!("import failed: {other}"),
    };
    let parsed = practice_io::read(format, &bytes).map_err(refused)?;
    let db = open(config)?;
    db.migrate()?;
    let mut conn = db.get()?;
    let bar = indicatif::ProgressBar::new(parsed.entries.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} practices")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let result = practice_io::import(&mut conn, None, parsed, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let report = result.map_err(refused)?;
    println!(
        "Practices ({}): {} created, {} updated, {} unchanged.",
        format.as_str(),
        report.created,
        report.updated,
        report.unchanged
    );
    Ok(())
}

fn export_practices(
    config: &Config,
    file: &std::path::Path,
    format: Option<&str>,
    all: bool,
) -> anyhow::Result<()> {
    use pspm_backend::services::practices::exchange::{self as practice_io, Format};
    let format = practice_format(file, format)?;
    let db = open(config)?;
    db.migrate()?;
    let mut conn = db.get()?;
    let failed = |e: pspm_backend::AppError| anyhow::anyhow!("export failed: {e}");
    let doc = practice_io::export_doc(&mut conn, !all).map_err(failed)?;
    let text = match format {
        Format::Json => practice_io::to_json(&doc),
        Format::Csv => practice_io::to_csv(&doc),
    }
    .map_err(failed)?;
    if file.as_os_str() == "-" {
        std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes())?;
    } else {
        std::fs::write(file, text).with_context(|| format!("cannot write {}", file.display()))?;
    }
    eprintln!("{} practice(s) exported.", doc.practices.len());
    Ok(())
}

fn create_admin(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    let password = match std::env::var("PSPM_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ if std::io::stdin().is_terminal() => {
            let p = rpassword::prompt_password("Password for the new administrator: ")?;
            let again = rpassword::prompt_password("Repeat the password: ")?;
            if p != again {
                bail!("the passwords do not match");
            }
            p
        }
        _ => bail!("set PSPM_ADMIN_PASSWORD or run at a terminal to be asked for the password"),
    };
    let db = open(config)?;
    db.migrate()?;
    let mut conn = db.get()?;
    let input = users::UserInput {
        email: email.to_owned(),
        display_name: name.to_owned(),
        organisation_id: None,
        role: "admin".to_owned(),
        password: Some(password),
    };
    match users::create_system(&mut conn, &input) {
        Ok(user) => {
            println!("Administrator created (user id {}).", user.id);
            Ok(())
        }
        Err(pspm_backend::AppError::Validation(items)) => {
            for i in items {
                eprintln!("{}: {}", i.field.unwrap_or_default(), i.detail);
            }
            bail!("the administrator was not created")
        }
        Err(e) => Err(anyhow::anyhow!("{:?}", e.items())),
    }
}

/// Runs the server on a multi-threaded runtime whose blocking pool (where
/// every database call runs) is sized to the connection pool: a thread per
/// connection plus as many waiting for one, not tokio's default of 512. Extra
/// work queues for a thread and still gets its 503 within
/// `PSPM_DB_TIMEOUT_SECS`, and the process does not grow a thread stack and
/// an allocator arena per waiting request under load.
fn serve(config: Config) -> anyhow::Result<()> {
    tune_allocator();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(blocking_threads(config.pool_size))
        .build()
        .context("cannot start the async runtime")?
        .block_on(serve_on(config))
}

/// Keeps glibc's allocator (now used only by the C libraries: SQLite,
/// libpq) from holding on to freed memory: the defaults (an arena per
/// thread, and a dynamic mmap threshold that moves large buffers onto a
/// heap that is rarely trimmed) hold several times the memory under many
/// connections (bench/RESULTS-resilience.md). Called first in `serve`, before the
/// runtime's threads start. Settings given by the environment
/// (`GLIBC_TUNABLES`, `MALLOC_*`) win: then nothing is changed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[expect(
    unsafe_code,
    reason = "mallopt is a C call; it only sets allocator parameters"
)]
fn tune_allocator() {
    let configured = std::env::vars_os().any(|(k, _)| {
        let k = k.to_string_lossy();
        k == "GLIBC_TUNABLES" || k.starts_with("MALLOC_")
    });
    if configured {
        return;
    }
    // Not M_TRIM_THRESHOLD: a 1 MiB (or 8 MiB) trim threshold made glibc
    // shrink and regrow its heap around every large page, and a dashboard
    // at national scale served 57 instead of 283 pages/s.
    for (param, value) in [(libc::M_ARENA_MAX, 2), (libc::M_MMAP_THRESHOLD, 128 * 1024)] {
        // SAFETY: mallopt takes two integers and changes only the
        // allocator's tuning; it is called before the runtime's threads
        // exist. A refused value (return 0) leaves glibc's default.
        unsafe {
            libc::mallopt(param, value);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

/// Blocking threads for a connection pool of `pool_size`.
fn blocking_threads(pool_size: u32) -> usize {
    (pool_size as usize).saturating_mul(2).saturating_add(4)
}

async fn serve_on(config: Config) -> anyhow::Result<()> {
    let db = open(&config)?;
    let migrations = db.migrate()?;
    tracing::info!(migrations.applied = migrations, "database ready");
    let mut conn = db.get()?;
    auth::purge_expired(&mut conn, config.session_idle_minutes)?;
    let start = demo::at_start(&mut conn, &config)?;
    drop(conn);

    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let addr = listener.local_addr()?;
    let state = AppState::new(db, config)?;
    pspm_backend::services::mail::start(&state)?;
    auth::start_housekeeping(state.db.clone(), state.config.session_idle_minutes);
    let app = router::build(state);
    println!("PSPM is running at http://{addr}/");
    if start.loaded {
        print_demo_logins();
    }
    if start.no_users {
        println!(
            "The database has no users: `pspm create-admin` creates an administrator, \
             `pspm demo` (or PSPM_DEMO=true) loads the demo."
        );
    }
    if start.exposed {
        warn_demo_exposed(addr);
    }
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    println!("PSPM stopped.");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
