//! `TestApp`: the real router over a fresh database with one organisation and
//! one user per role, and the clients that talk to it.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::Router;
use axum::http::StatusCode;
use pspm_backend::config::Config;
use pspm_backend::db::Db;
use pspm_backend::domain::Role;
use pspm_backend::services::accounts::organisations;
use pspm_backend::services::accounts::users;
use pspm_backend::{AppState, router};
use serde_json::Value;

use crate::postgres::{create_from_template, drop_database, replace_db_name};
use crate::{PASSWORD, TestClient, skip};

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

/// An application over its own fresh database.
pub struct TestApp {
    /// The router, as served.
    pub router: Router,
    /// The database handle (for direct checks).
    pub db: Db,
    /// The state the router serves (what it keeps, such as the open-data archive).
    pub state: AppState,
    /// Backend in use.
    pub backend: Backend,
    /// The seeded organisation.
    pub org_id: i32,
    /// Seeded users by role: (id, email).
    pub users: BTreeMap<&'static str, (i32, String)>,
    _dir: Option<tempfile::TempDir>,
    pg_drop: Option<(String, String)>,
}

impl TestApp {
    /// A fresh app on `backend`, or `None` (after a loud notice) when that backend is unavailable.
    pub async fn new(backend: Backend) -> Option<TestApp> {
        let mut app = Self::empty(backend).await?;
        app.seed().await;
        Some(app)
    }

    /// A fresh app on `backend` whose database has no organisation and no
    /// user yet (as a new installation starts), or `None` as for [`TestApp::new`].
    pub async fn empty(backend: Backend) -> Option<TestApp> {
        let (url, dir, pg_drop) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                (url, Some(dir), None)
            }
            Backend::Postgres => {
                let Ok(base) = std::env::var("PSPM_TEST_POSTGRES_URL") else {
                    skip("PostgreSQL test", "PSPM_TEST_POSTGRES_URL is not set");
                    return None;
                };
                let name = format!("pspm_t_{:016x}", rand::random::<u64>());
                let base2 = base.clone();
                let name2 = name.clone();
                tokio::task::spawn_blocking(move || create_from_template(&base2, &name2))
                    .await
                    .expect("create database task");
                let url = replace_db_name(&base, &name);
                (url, None, Some((base, name)))
            }
        };
        let db =
            Db::connect(&url, 4, std::time::Duration::from_secs(2)).expect("connect test database");
        // A PostgreSQL clone of the template is migrated already: this finds nothing to do.
        db.migrate().expect("migrate");
        let config = Config {
            demo: Some(false),
            ..Config::default()
        };
        let state = AppState::new(db.clone(), config).expect("search threads");
        let router = router::build(state.clone());
        Some(TestApp {
            router,
            db,
            state,
            backend,
            org_id: 0,
            users: BTreeMap::new(),
            _dir: dir,
            pg_drop,
        })
    }

    async fn seed(&mut self) {
        let db = self.db.clone();
        let (org_id, users) = db
            .run(|c| {
                let org = organisations::create_system(
                    c,
                    &organisations::OrganisationInput {
                        name: "Ministero di Prova".into(),
                        kind: "ministry".into(),
                        level: "national".into(),
                        territory_code: Some("IT".into()),
                        parent_id: None,
                        time_zone: None,
                    },
                )?;
                let mut out = BTreeMap::new();
                for role in Role::ALL {
                    let email = format!("{}@test.example", role.as_str());
                    let u = users::create_system(
                        c,
                        &users::UserInput {
                            email: email.clone(),
                            display_name: format!("Test {}", role.as_str()),
                            organisation_id: Some(org.id),
                            role: role.as_str().into(),
                            password: Some(PASSWORD.into()),
                        },
                    )?;
                    out.insert(role.as_str(), (u.id, email));
                }
                Ok((org.id, out))
            })
            .await
            .expect("seed");
        self.org_id = org_id;
        self.users = users;
    }

    /// Loads the demo data set (`pspm demo`): plans, a consultation, practices.
    pub async fn load_demo(&self) {
        self.db
            .run(pspm_backend::seed::demo::load)
            .await
            .expect("demo loads");
    }

    /// An anonymous client.
    pub fn client(&self) -> TestClient {
        TestClient::new(self.router.clone())
    }

    /// An anonymous client of a second server on the same database, with
    /// nothing kept yet: what another process, or this one restarted, would
    /// answer (to check what the first one keeps against).
    pub fn fresh_client(&self) -> TestClient {
        self.client_with(Config {
            demo: Some(false),
            ..Config::default()
        })
    }

    /// An anonymous client of a second server on the same database, run
    /// with `config` (its address, say) and nothing kept yet.
    pub fn client_with(&self, config: Config) -> TestClient {
        self.server_with(config).1
    }

    /// A second server on the same database, run with `config`: its state
    /// and an anonymous client of it.
    pub fn server_with(&self, config: Config) -> (AppState, TestClient) {
        let state = AppState::new(self.db.clone(), config).expect("search threads");
        (state.clone(), TestClient::new(router::build(state)))
    }

    /// A client signed in (through the API) as the seeded user of `role`.
    pub async fn client_as(&self, role: Role) -> TestClient {
        self.signed_in(&self.users[role.as_str()].1, PASSWORD).await
    }

    /// A new client signed in through the API as `email`.
    pub async fn signed_in(&self, email: &str, password: &str) -> TestClient {
        let client = self.client();
        let r = client.sign_in(email, password).await;
        assert_eq!(r.status, StatusCode::OK, "sign in as {email}: {}", r.text());
        client
    }

    /// Creates `user` (a body of `POST /api/v1/users`, with its `email` and
    /// `password`) through `admin`, and signs them in on a new client.
    pub async fn new_user(&self, admin: &TestClient, user: Value) -> TestClient {
        admin.create("/api/v1/users", &user).await;
        let field = |name: &str| {
            user[name]
                .as_str()
                .unwrap_or_else(|| panic!("the user's {name}"))
                .to_owned()
        };
        self.signed_in(&field("email"), &field("password")).await
    }

    /// Number of audit events with this action.
    pub async fn audit_count(&self, action: &str) -> i64 {
        use diesel::prelude::*;
        use pspm_backend::db::schema::audit_events;
        let action = action.to_owned();
        self.db
            .run(move |c| {
                Ok(audit_events::table
                    .filter(audit_events::action.eq(action))
                    .count()
                    .get_result(c)?)
            })
            .await
            .expect("count audit events")
    }

    /// The `n` of the first row of `SELECT <bigint> AS n …`, counted straight
    /// from the tables to check what the application shows against.
    pub async fn count(&self, sql: impl Into<String>) -> i64 {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let sql = sql.into();
        let query = sql.clone();
        self.db
            .run(move |c| Ok(diesel::sql_query(query).load::<N>(c)?))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
            .first()
            .unwrap_or_else(|| panic!("{sql}: no row"))
            .n
    }

    /// Waits (up to 30 s) until `sql`'s count is `n`, for what a background
    /// worker writes after the event a test can see (an e-mail received).
    pub async fn count_reaches(&self, sql: impl Into<String>, n: i64) -> i64 {
        let sql = sql.into();
        for _ in 0..300 {
            if self.count(sql.clone()).await == n {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.count(sql).await
    }

    /// Runs `sql` straight on the database, to leave rows as time passing
    /// would (a token past its end, a session unused for an hour).
    pub async fn exec(&self, sql: impl Into<String>) {
        use diesel::RunQueryDsl;
        let sql = sql.into();
        let query = sql.clone();
        self.db
            .run(move |c| Ok(diesel::sql_query(query).execute(c)?))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    }

    /// Writes to the database as another process would (a second server,
    /// the command line): runs `sql` and records its audit event
    /// (`action`, `entity`, `entity_id`) without this process knowing.
    pub async fn write_elsewhere(&self, sql: String, action: &str, entity: &str, id: i64) {
        use diesel::RunQueryDsl;
        let event = format!(
            "INSERT INTO audit_events (actor_id, action, entity, entity_id, changes, created_at) \
             VALUES (NULL, '{action}', '{entity}', {id}, '{{}}', CURRENT_TIMESTAMP)"
        );
        self.db
            .run(move |c| {
                diesel::sql_query(sql).execute(c)?;
                diesel::sql_query(event).execute(c)?;
                Ok(())
            })
            .await
            .expect("write as another process");
    }

    /// A second instance on the same database (its own caches and kept
    /// state, as another process behind a load balancer would have).
    pub fn instance(&self) -> Instance {
        let state = AppState::new(self.db.clone(), Config::default()).expect("search threads");
        Instance {
            router: router::build(state),
        }
    }

    /// Serves the app on a real listener (127.0.0.1, port 0); returns its base URL.
    pub async fn serve(&self) -> String {
        serve_router(self.router.clone()).await
    }

    /// Serves a second server on the same database, run with `config`, on a
    /// real listener; returns its base URL.
    pub async fn serve_with(&self, config: Config) -> String {
        let state = AppState::new(self.db.clone(), config).expect("search threads");
        serve_router(router::build(state)).await
    }
}

/// Another instance of the application on the test's database.
pub struct Instance {
    router: Router,
}

impl Instance {
    /// An anonymous client of this instance.
    pub fn client(&self) -> TestClient {
        TestClient::new(self.router.clone())
    }

    /// A client of this instance holding `other`'s cookies: the same browser
    /// sent to this instance by the load balancer.
    pub fn client_like(&self, other: &TestClient) -> TestClient {
        let c = self.client();
        for name in ["pspm_session", "pspm_csrf", "pspm_lang"] {
            if let Some(v) = other.cookie(name) {
                c.set_cookie(name, &v);
            }
        }
        c
    }
}

/// Serves `app` on a real listener (127.0.0.1, port 0); its base URL.
async fn serve_router(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    format!("http://{addr}")
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((base, name)) = self.pg_drop.take() {
            // The catalogue's index of a PostgreSQL database is kept apart from it.
            let _ = std::fs::remove_dir_all(
                pspm_backend::services::practices::catalogue::postgres_dir(&name),
            );
            drop_database(base, name);
        }
    }
}
