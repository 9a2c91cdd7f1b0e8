//! PostgreSQL test databases: each test gets a copy of a template database
//! migrated once per schema, which is much faster than migrating every copy.

use diesel::{Connection, PgConnection, RunQueryDsl};
use pspm_backend::db::Db;

/// Creates the PostgreSQL database `name` as a copy of the migrated template
/// ([`pg_template`]): a copy takes a fraction of running the migrations.
pub(crate) fn create_from_template(base: &str, name: &str) {
    let template = pg_template(base);
    let mut admin = PgConnection::establish(base).expect("connect to PSPM_TEST_POSTGRES_URL");
    // PostgreSQL refuses a copy while anyone is connected to the template:
    // the pool that migrated it may still be closing its connections.
    let mut tries = 0;
    loop {
        match diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .execute(&mut admin)
        {
            Ok(_) => return,
            Err(e) if tries < 200 && e.to_string().contains("being accessed by other users") => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            Err(e) => panic!("create test database from {template}: {e}"),
        }
    }
}

/// The name of a PostgreSQL database migrated to the schema of this build,
/// made once and kept between runs: its name carries a hash of the
/// migrations, so a changed schema gets a template of its own.
fn pg_template(base: &str) -> &'static str {
    static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("pspm_tpl_{:016x}", migrations_hash());
        let mut admin = PgConnection::establish(base).expect("connect to PSPM_TEST_POSTGRES_URL");
        let exists: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
            "(SELECT count(*) FROM pg_database WHERE datname = '{name}')"
        )))
        .get_result(&mut admin)
        .expect("look up the template database");
        if exists == 0 {
            // Built under a temporary name and renamed when complete, so an
            // interrupted run never leaves a half-migrated template behind.
            let building = format!("pspm_t_build_{:016x}", rand::random::<u64>());
            diesel::sql_query(format!("CREATE DATABASE {building}"))
                .execute(&mut admin)
                .expect("create template database");
            {
                let db = Db::connect(
                    &replace_db_name(base, &building),
                    1,
                    std::time::Duration::from_secs(5),
                )
                .expect("connect template database");
                db.migrate().expect("migrate template database");
            }
            let renamed = diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {name}"))
                .execute(&mut admin);
            if renamed.is_err() {
                // Another test process made it first.
                let _ =
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
                        .execute(&mut admin);
            }
        }
        name
    })
}

/// A hash of the PostgreSQL migrations' files (names and contents).
fn migrations_hash() -> u64 {
    use std::hash::{Hash, Hasher};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/postgres");
    let mut files: Vec<_> = walk(&dir);
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for f in files {
        f.strip_prefix(&dir).unwrap_or(&f).hash(&mut hasher);
        std::fs::read(&f)
            .expect("read a migration")
            .hash(&mut hasher);
    }
    hasher.finish()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the migrations folder") {
        let path = entry.expect("a migration entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

pub(crate) fn replace_db_name(url: &str, name: &str) -> String {
    let (without_query, query) = match url.split_once('?') {
        Some((a, q)) => (a, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = without_query.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match without_query[scheme_end..].find('/') {
        Some(i) => &without_query[..scheme_end + i],
        None => without_query,
    };
    format!("{base}/{name}{query}")
}

/// Drops the test database `name`, on a thread of its own because a
/// `Drop` may run inside the async runtime.
pub(crate) fn drop_database(base: String, name: String) {
    // Best effort: a leftover database is harmless and named pspm_t_*.
    std::thread::spawn(move || {
        if let Ok(mut admin) = PgConnection::establish(&base) {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin);
        }
    })
    .join()
    .ok();
}

#[cfg(test)]
mod unit {
    use super::replace_db_name;

    #[test]
    fn db_name_is_replaced() {
        assert_eq!(
            replace_db_name("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_db_name("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(replace_db_name("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
