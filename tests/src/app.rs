#![doc = include_str!("../README.md")]

pub mod browser;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Mutex;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use diesel::{Connection, PgConnection, RunQueryDsl};
use http_body_util::BodyExt;
use pspm_backend::config::Config;
use pspm_backend::db::Db;
use pspm_backend::domain::Role;
use pspm_backend::services::accounts::organisations;
use pspm_backend::services::accounts::users;
use pspm_backend::{AppState, router};
use serde_json::Value;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

/// Whether skipping is forbidden (CI sets `PSPM_REQUIRE_ALL=1`).
pub fn require_all() -> bool {
    std::env::var("PSPM_REQUIRE_ALL").is_ok_and(|v| v == "1" || v == "true")
}

/// Prints a loud skip notice, or fails when skipping is forbidden.
pub fn skip(what: &str, why: &str) {
    assert!(
        !require_all(),
        "{what}: cannot run ({why}) and PSPM_REQUIRE_ALL is set"
    );
    eprintln!("\n*** SKIPPED {what}: {why} ***\n");
}

/// The password of every seeded user.
pub const PASSWORD: &str = "test-password-123";

/// An application over its own fresh database.
pub struct TestApp {
    /// The router, as served.
    pub router: Router,
    /// The database handle (for direct checks).
    pub db: Db,
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
            demo: false,
            ..Config::default()
        };
        let state = AppState::new(db.clone(), config).expect("search threads");
        let router = router::build(state);
        let mut app = TestApp {
            router,
            db,
            backend,
            org_id: 0,
            users: BTreeMap::new(),
            _dir: dir,
            pg_drop,
        };
        app.seed().await;
        Some(app)
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

    /// An anonymous client.
    pub fn client(&self) -> TestClient {
        TestClient::new(self.router.clone())
    }

    /// An anonymous client of a second server on the same database, with
    /// nothing kept yet: what another process, or this one restarted, would
    /// answer (to check what the first one keeps against).
    pub fn fresh_client(&self) -> TestClient {
        let config = Config {
            demo: false,
            ..Config::default()
        };
        TestClient::new(router::build(
            AppState::new(self.db.clone(), config).expect("search threads"),
        ))
    }

    /// A client signed in (through the API) as the seeded user of `role`.
    pub async fn client_as(&self, role: Role) -> TestClient {
        let client = self.client();
        let email = &self.users[role.as_str()].1;
        let r = client
            .post_json(
                "/api/v1/session",
                &serde_json::json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "sign in as {role}: {}", r.text());
        client
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

    /// Serves the app on a real listener (127.0.0.1, port 0); returns its base URL.
    pub async fn serve(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = self.router.clone();
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
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((base, name)) = self.pg_drop.take() {
            // Best effort: a leftover database is harmless and named pspm_t_*.
            std::thread::spawn(move || {
                if let Ok(mut admin) = PgConnection::establish(&base) {
                    let _ =
                        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut admin);
                }
            })
            .join()
            .ok();
        }
    }
}

/// Creates the PostgreSQL database `name` as a copy of the migrated template
/// ([`pg_template`]): a copy takes a fraction of running the migrations.
fn create_from_template(base: &str, name: &str) {
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

fn replace_db_name(url: &str, name: &str) -> String {
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

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl TestResponse {
    /// Body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Body as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The `code` of the first error in the error shape.
    pub fn error_code(&self) -> String {
        self.json()["errors"][0]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The `Location` header.
    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
}

/// A client with a cookie jar, sending requests through the router.
pub struct TestClient {
    router: Router,
    cookies: Mutex<BTreeMap<String, String>>,
    /// The client address the server sees.
    pub addr: SocketAddr,
    /// Extra headers sent with every request.
    pub headers: Mutex<HeaderMap>,
}

impl TestClient {
    fn new(router: Router) -> Self {
        Self {
            router,
            cookies: Mutex::new(BTreeMap::new()),
            addr: SocketAddr::from(([198, 51, 100, rand::random::<u8>()], 40000)),
            headers: Mutex::new(HeaderMap::new()),
        }
    }

    /// A cookie's current value.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().expect("jar").get(name).cloned()
    }

    /// Sends a request with the jar's cookies and stores the response's cookies.
    pub async fn send(&self, mut req: Request<Body>) -> TestResponse {
        use tower::ServiceExt;
        let cookie_header = {
            let jar = self.cookies.lock().expect("jar");
            jar.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !cookie_header.is_empty() {
            req.headers_mut().insert(
                header::COOKIE,
                cookie_header.parse().expect("cookie header"),
            );
        }
        for (k, v) in self.headers.lock().expect("headers").iter() {
            req.headers_mut().insert(k.clone(), v.clone());
        }
        req.extensions_mut().insert(ConnectInfo(self.addr));
        let response = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        {
            let mut jar = self.cookies.lock().expect("jar");
            for v in headers.get_all(header::SET_COOKIE) {
                let v = v.to_str().expect("cookie ascii");
                let first = v.split(';').next().unwrap_or_default();
                if let Some((k, val)) = first.split_once('=') {
                    if val.is_empty() || v.contains("Max-Age=0") {
                        jar.remove(k);
                    } else {
                        jar.insert(k.to_owned(), val.to_owned());
                    }
                }
            }
        }
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        TestResponse {
            status,
            headers,
            body,
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    /// A JSON request.
    pub async fn json(&self, method: Method, path: &str, body: &Value) -> TestResponse {
        self.send(
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .expect("request"),
        )
        .await
    }

    /// `POST path` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> TestResponse {
        self.json(Method::POST, path, body).await
    }

    /// `PUT path` with a JSON body.
    pub async fn put_json(&self, path: &str, body: &Value) -> TestResponse {
        self.json(Method::PUT, path, body).await
    }

    /// `PATCH path` with a JSON body.
    pub async fn patch_json(&self, path: &str, body: &Value) -> TestResponse {
        self.json(Method::PATCH, path, body).await
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str) -> TestResponse {
        self.send(Request::delete(path).body(Body::empty()).expect("request"))
            .await
    }

    /// `POST path` with a raw body and content type.
    pub async fn post_raw(&self, path: &str, content_type: &str, body: &str) -> TestResponse {
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body.to_owned()))
                .expect("request"),
        )
        .await
    }

    /// Submits a form as a browser would, with the CSRF token of the jar
    /// (fetching a page first to get one).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        if self.cookie("pspm_csrf").is_none() {
            self.get("/").await;
        }
        let token = self.cookie("pspm_csrf").expect("csrf cookie set by a page");
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// Submits a form exactly as given (no CSRF token added).
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.post_raw(path, "application/x-www-form-urlencoded", &body)
            .await
    }
}

/// Runs a test body on SQLite and on PostgreSQL: `both!(name, |app| async move { … });`
#[macro_export]
macro_rules! both {
    ($name:ident, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: $crate::TestApp) {
                $body.await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::TestApp::new($crate::Backend::Sqlite)
                    .await
                    .expect("sqlite always runs");
                run(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::TestApp::new($crate::Backend::Postgres).await {
                    run(app).await;
                }
            }
        }
    };
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
