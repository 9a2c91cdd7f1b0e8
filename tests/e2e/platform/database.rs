//! The database layer: schema.rs matches what the migrations create on both
//! backends, and a database that goes away is reported, not hidden.

use axum::http::StatusCode;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use pspm_backend::db::DbConn;
use pspm_tests::{Backend, TestApp, both};

/// (table, column, nullable) as declared in `schema.rs`.
fn declared_columns() -> Vec<(String, String, bool)> {
    let source = include_str!("../../../backend/src/db/schema.rs");
    let mut out = Vec::new();
    let mut table = None;
    for line in source.lines().map(str::trim) {
        if let Some(name) = line.strip_suffix("(id) {") {
            table = Some(name.trim().to_owned());
        } else if line == "}" {
            table = None;
        } else if let (Some(t), Some((col, ty))) = (&table, line.split_once("->")) {
            out.push((
                t.clone(),
                col.trim().to_owned(),
                ty.trim().starts_with("Nullable<"),
            ));
        }
    }
    out.sort();
    out
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
}

/// (table, column, nullable) of `tables` as the migrated database has them.
fn actual_columns(conn: &mut DbConn, tables: &[String]) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for t in tables {
        let rows: Vec<Column> = match conn {
            DbConn::Sqlite(c) => diesel::sql_query(format!(
                "SELECT '{t}' AS table_name, name AS column_name, \
                 CASE WHEN \"notnull\" = 1 OR pk = 1 THEN 0 ELSE 1 END AS nullable FROM pragma_table_info('{t}')"
            ))
            .load(c),
            DbConn::Pg(c) => diesel::sql_query(format!(
                "SELECT table_name::text, column_name::text, CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable \
                 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{t}'"
            ))
            .load(c),
        }
        .expect("read columns");
        out.extend(
            rows.into_iter()
                .map(|r| (r.table_name, r.column_name, r.nullable == 1)),
        );
    }
    out.sort();
    out
}

both!(schema_rs_matches_the_migrated_database, |app| async move {
    let declared = declared_columns();
    assert!(declared.len() > 30, "parsed schema.rs");
    let mut tables: Vec<String> = declared.iter().map(|c| c.0.clone()).collect();
    tables.dedup();
    let actual = app
        .db
        .run(move |c| Ok(actual_columns(c, &tables)))
        .await
        .unwrap();
    assert_eq!(declared, actual);
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_goes_away_is_reported_as_unavailable() {
    let Some(app) = TestApp::new(Backend::Postgres).await else {
        return;
    };
    let client = app.client();
    assert_eq!(client.get("/health").await.status, StatusCode::OK);
    let base = std::env::var("PSPM_TEST_POSTGRES_URL").unwrap();
    let name: String = app
        .db
        .run(|c| {
            #[derive(QueryableByName)]
            struct Name {
                #[diesel(sql_type = Text)]
                name: String,
            }
            let n: Name =
                diesel::sql_query("SELECT current_database()::text AS name").get_result(c)?;
            Ok(n.name)
        })
        .await
        .unwrap();
    tokio::task::spawn_blocking(move || {
        let mut admin = diesel::PgConnection::establish(&base).unwrap();
        diesel::sql_query(format!("DROP DATABASE {name} WITH (FORCE)"))
            .execute(&mut admin)
            .unwrap();
    })
    .await
    .unwrap();
    let health = client.get("/health").await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(health.json()["database"], "unreachable");
    let api = client.get("/api/v1/organisations").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.error_code(), "service_unavailable");
    let page = client.get("/admin/organisations").await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "anonymous: sign in first"
    );
    let page = client
        .post_form(
            "/sign-in",
            &[
                ("email", "admin@test.example"),
                ("password", pspm_tests::PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        page.text().contains("temporarily unavailable"),
        "{}",
        page.text()
    );
}

// National-scale id lists are longer than the 32,766 values SQLite binds in
// one statement: lookups by id go in chunks and still return every row.
both!(
    id_lists_longer_than_sqlite_allows_are_chunked,
    |app| async move {
        let known: Vec<i32> = app.users.values().map(|(id, _)| *id).collect();
        let expected = known.len();
        let rows = app
            .db
            .run(move |c| {
                let mut ids: Vec<i32> = (1_000_000..1_040_000).collect();
                ids.extend(&known);
                ids.sort_unstable();
                // In one statement SQLite would refuse this: "too many SQL variables".
                Ok(pspm_backend::db::user::User::display_names(c, &ids)?)
            })
            .await
            .expect("names of 40,000 ids");
        assert_eq!(rows.len(), expected);
        assert!(rows.iter().all(|(_, name)| name.starts_with("Test ")));
    }
);

both!(
    sqlite_is_built_with_the_options_the_server_relies_on,
    |app| async move {
        if app.backend != pspm_tests::Backend::Sqlite {
            return;
        }
        #[derive(diesel::QueryableByName)]
        struct Used {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            qpsg: i32,
            #[diesel(sql_type = diesel::sql_types::Integer)]
            threads: i32,
        }
        let used = app
            .db
            .run(|c| {
                use diesel::RunQueryDsl;
                Ok(diesel::sql_query(
                    "SELECT sqlite_compileoption_used('ENABLE_QPSG') AS qpsg, \
                     sqlite_compileoption_used('THREADSAFE=2') AS threads",
                )
                .get_result::<Used>(c)?)
            })
            .await
            .unwrap();
        // Plans do not depend on bound values (no statement is prepared again).
        assert_eq!(
            used.qpsg, 1,
            "SQLite built without SQLITE_ENABLE_QPSG (.cargo/config.toml)"
        );
        // Multi-threaded: no lock around each call on a connection.
        assert_eq!(
            used.threads, 1,
            "SQLite built without SQLITE_THREADSAFE=2 (.cargo/config.toml)"
        );
    }
);
