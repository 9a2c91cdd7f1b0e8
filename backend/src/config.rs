//! Typed configuration, read once from environment variables (documented in the README).

use std::net::{IpAddr, SocketAddr};

/// Default SQLite database URL: a file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://pspm.db";

/// Application configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// `PSPM_ADDR`: address to listen on.
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://path`, a plain file path, or `postgres://…`.
    pub database_url: String,
    /// `PSPM_DEMO`: load demo data into a new (empty) database; unset, only
    /// for a trial on this machine ([`Config::loads_demo`]).
    pub demo: Option<bool>,
    /// `PSPM_LOG`: tracing filter directives.
    pub log: String,
    /// `PSPM_SECURE_COOKIES`: mark cookies `Secure` and send HSTS; by default
    /// on for any address but a loopback one.
    pub secure_cookies: bool,
    /// `PSPM_POOL_SIZE`: maximum database connections.
    pub pool_size: u32,
    /// `PSPM_SESSION_HOURS`: session lifetime in hours.
    pub session_hours: i64,
    /// `PSPM_SESSION_IDLE_MINUTES`: a session unused this long ends.
    pub session_idle_minutes: i64,
    /// `PSPM_DB_TIMEOUT_SECS`: how long a request waits for a database connection.
    pub db_timeout_secs: u64,
    /// `PSPM_SEARCH_THREADS`: threads that take new catalogue searches in
    /// turn ([`crate::db::Turns`]); by default two per core, so that a core
    /// has a search to work on while another waits for the database.
    pub search_threads: usize,
    /// `PSPM_TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For`
    /// names the client (none by default: the socket's peer is the client).
    pub trusted_proxies: TrustedProxies,
    /// `PSPM_OPEN_DATA_DIR`: where the open-data archive is built and kept
    /// (by default next to the SQLite database, or the system's temporary
    /// directory for PostgreSQL).
    pub open_data_dir: Option<std::path::PathBuf>,
    /// `PSPM_OPEN_DATA_REBUILD_SECS`: after a build of the open-data
    /// archive, how long the data may change before a newer one is built.
    pub open_data_rebuild_secs: u64,
    /// `PSPM_OPEN_DATA_WAIT_SECS`: how long a download waits for the first
    /// archive before it is answered 503 with `Retry-After`.
    pub open_data_wait_secs: u64,
    /// `PSPM_SEARCH_DIR`: where the catalogue's text index is kept (by
    /// default beside the SQLite database's file, or under the system's
    /// temporary directory for PostgreSQL).
    pub search_dir: Option<std::path::PathBuf>,
    /// `PSPM_SMTP_URL`: the mail server notifications are sent through,
    /// e.g. `smtp://relay.example.org:25` or
    /// `smtps://user:password@smtp.example.org` (unset: kept in the outbox).
    pub smtp_url: Option<Secret>,
    /// `PSPM_MAIL_FROM`: the sender of notifications' e-mails.
    pub mail_from: String,
    /// `PSPM_PUBLIC_URL`: the address people reach the site at, for the
    /// links in e-mails (by default `http://` and [`Config::addr`]).
    pub public_url: Option<String>,
    /// `PSPM_MAIL_INTERVAL_SECS`: how often the outbox is looked at.
    pub mail_interval_secs: u64,
    /// `PSPM_MAX_UPLOAD_MB`: the largest attachment, in megabytes.
    pub max_upload_mb: u64,
}

/// A setting that may hold a password: never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Addresses and networks of trusted reverse proxies, e.g. `10.0.0.0/8, ::1`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses addresses and networks (`address/prefix`) separated by commas
    /// or spaces.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                let (addr, prefix) = item.split_once('/').unwrap_or((item, ""));
                let addr: IpAddr = addr
                    .parse()
                    .map_err(|_| format!("{item:?} is not an IP address or network"))?;
                let addr = addr.to_canonical();
                let bits = if addr.is_ipv4() { 32 } else { 128 };
                let prefix = if prefix.is_empty() {
                    bits
                } else {
                    prefix
                        .parse::<u8>()
                        .ok()
                        .filter(|p| *p <= bits)
                        .ok_or_else(|| format!("{item:?} has an invalid prefix length"))?
                };
                Ok((addr, prefix))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// Whether `ip` is one of the proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|(net, prefix)| match (net, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => same_prefix(
                u128::from(net.to_bits()),
                u128::from(ip.to_bits()),
                *prefix,
                32,
            ),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                same_prefix(net.to_bits(), ip.to_bits(), *prefix, 128)
            }
            _ => false,
        })
    }
}

/// Whether the first `prefix` of the `bits` low bits of `a` and `b` agree.
fn same_prefix(a: u128, b: u128, prefix: u8, bits: u32) -> bool {
    let host_bits = bits - u32::from(prefix);
    a.checked_shr(host_bits).unwrap_or(0) == b.checked_shr(host_bits).unwrap_or(0)
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: DEFAULT_DATABASE_URL.to_owned(),
            demo: None,
            log: "info,tower_http=info".to_owned(),
            secure_cookies: false,
            pool_size: 8,
            session_hours: 12,
            session_idle_minutes: 30,
            db_timeout_secs: 10,
            search_threads: std::thread::available_parallelism().map_or(2, usize::from) * 2,
            trusted_proxies: TrustedProxies::default(),
            open_data_dir: None,
            open_data_rebuild_secs: 600,
            open_data_wait_secs: 15,
            search_dir: None,
            smtp_url: None,
            mail_from: "PSPM <no-reply@localhost>".to_owned(),
            public_url: None,
            mail_interval_secs: 30,
            max_upload_mb: 20,
        }
    }
}

/// A configuration variable that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("environment variable {name} has an invalid value: {reason}")]
pub struct ConfigError {
    /// Variable name.
    pub name: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut config = Self::default();
        if let Some(addr) = lookup("PSPM_ADDR") {
            config.addr = addr.parse().map_err(|e| ConfigError {
                name: "PSPM_ADDR",
                reason: format!("{e}"),
            })?;
        }
        if let Some(url) = lookup("DATABASE_URL").filter(|u| !u.is_empty()) {
            config.database_url = url;
        }
        if let Some(v) = lookup("PSPM_DEMO") {
            config.demo = Some(parse_bool("PSPM_DEMO", &v)?);
        }
        if let Some(v) = lookup("PSPM_LOG") {
            config.log = v;
        }
        // Reached by others, the site is served over HTTPS (a proxy in
        // front): cookies are Secure and HSTS is sent unless told otherwise.
        config.secure_cookies = match lookup("PSPM_SECURE_COOKIES") {
            Some(v) => parse_bool("PSPM_SECURE_COOKIES", &v)?,
            None => !config.addr.ip().is_loopback(),
        };
        if let Some(v) = lookup("PSPM_POOL_SIZE") {
            config.pool_size = v.parse().ok().filter(|n| *n > 0).ok_or(ConfigError {
                name: "PSPM_POOL_SIZE",
                reason: "expected a positive integer".into(),
            })?;
        }
        if let Some(v) = lookup("PSPM_SESSION_HOURS") {
            config.session_hours = v.parse().ok().filter(|n| *n > 0).ok_or(ConfigError {
                name: "PSPM_SESSION_HOURS",
                reason: "expected a positive integer".into(),
            })?;
        }
        if let Some(v) = lookup("PSPM_SESSION_IDLE_MINUTES") {
            config.session_idle_minutes = v.parse().ok().filter(|n| *n > 0).ok_or(ConfigError {
                name: "PSPM_SESSION_IDLE_MINUTES",
                reason: "expected a positive integer".into(),
            })?;
        }
        if let Some(v) = lookup("PSPM_DB_TIMEOUT_SECS") {
            config.db_timeout_secs = v.parse().ok().filter(|n| *n > 0).ok_or(ConfigError {
                name: "PSPM_DB_TIMEOUT_SECS",
                reason: "expected a positive integer".into(),
            })?;
        }
        if let Some(v) = lookup("PSPM_SEARCH_THREADS") {
            config.search_threads = v.parse().ok().filter(|n| *n > 0).ok_or(ConfigError {
                name: "PSPM_SEARCH_THREADS",
                reason: "expected a positive integer".into(),
            })?;
        }
        if let Some(v) = lookup("PSPM_TRUSTED_PROXIES") {
            config.trusted_proxies = TrustedProxies::parse(&v).map_err(|reason| ConfigError {
                name: "PSPM_TRUSTED_PROXIES",
                reason,
            })?;
        }
        if let Some(v) = lookup("PSPM_OPEN_DATA_DIR").filter(|v| !v.is_empty()) {
            config.open_data_dir = Some(v.into());
        }
        if let Some(v) = lookup("PSPM_SEARCH_DIR").filter(|v| !v.is_empty()) {
            config.search_dir = Some(v.into());
        }
        if let Some(v) = lookup("PSPM_SMTP_URL").filter(|v| !v.is_empty()) {
            config.smtp_url = Some(Secret(v));
        }
        if let Some(v) = lookup("PSPM_MAIL_FROM").filter(|v| !v.is_empty()) {
            config.mail_from = v;
        }
        if let Some(v) = lookup("PSPM_PUBLIC_URL").filter(|v| !v.is_empty()) {
            config.public_url = Some(v.trim_end_matches('/').to_owned());
        }
        for (name, slot) in [
            ("PSPM_MAIL_INTERVAL_SECS", &mut config.mail_interval_secs),
            ("PSPM_MAX_UPLOAD_MB", &mut config.max_upload_mb),
            (
                "PSPM_OPEN_DATA_REBUILD_SECS",
                &mut config.open_data_rebuild_secs,
            ),
            ("PSPM_OPEN_DATA_WAIT_SECS", &mut config.open_data_wait_secs),
        ] {
            if let Some(v) = lookup(name) {
                *slot = v.trim().parse().map_err(|_| ConfigError {
                    name,
                    reason: "expected a whole number".into(),
                })?;
            }
        }
        Ok(config)
    }

    /// Whether the server listens on a loopback address, reachable from this
    /// machine only.
    pub fn is_loopback(&self) -> bool {
        self.addr.ip().is_loopback()
    }

    /// Whether an empty database gets the demo: as `PSPM_DEMO` says, else only
    /// on the default SQLite file served on a loopback address, so that a
    /// server others can reach never starts with the demo's published passwords.
    pub fn loads_demo(&self) -> bool {
        self.demo
            .unwrap_or_else(|| self.database_url == DEFAULT_DATABASE_URL && self.is_loopback())
    }
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError {
            name,
            reason: format!("expected true or false, got {value:?}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert!(c.loads_demo(), "a fresh clone serves the demo");
        let c = Config::from_lookup(|n| match n {
            "PSPM_DEMO" => Some("off".into()),
            "PSPM_ADDR" => Some("0.0.0.0:9000".into()),
            _ => None,
        })
        .unwrap();
        assert!(!c.loads_demo());
        assert_eq!(c.addr.port(), 9000);
        let err = Config::from_lookup(|n| (n == "PSPM_DEMO").then(|| "maybe".into())).unwrap_err();
        assert_eq!(err.name, "PSPM_DEMO");
        let c = Config::from_lookup(|n| (n == "PSPM_SEARCH_THREADS").then(|| "3".into())).unwrap();
        assert_eq!(c.search_threads, 3);
        let err =
            Config::from_lookup(|n| (n == "PSPM_SEARCH_THREADS").then(|| "0".into())).unwrap_err();
        assert_eq!(err.name, "PSPM_SEARCH_THREADS");
        let c = Config::from_lookup(|n| match n {
            "PSPM_OPEN_DATA_DIR" => Some("/srv/pspm/open-data".into()),
            "PSPM_OPEN_DATA_REBUILD_SECS" => Some("0".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            c.open_data_dir.as_deref(),
            Some(std::path::Path::new("/srv/pspm/open-data"))
        );
        assert_eq!((c.open_data_rebuild_secs, c.open_data_wait_secs), (0, 15));
        let err = Config::from_lookup(|n| (n == "PSPM_OPEN_DATA_WAIT_SECS").then(|| "soon".into()))
            .unwrap_err();
        assert_eq!(err.name, "PSPM_OPEN_DATA_WAIT_SECS");
    }

    #[test]
    fn cookies_are_secure_by_default_beyond_loopback() {
        let secure = |vars: &[(&str, &str)]| {
            Config::from_lookup(|n| {
                vars.iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| (*v).to_owned())
            })
            .unwrap()
            .secure_cookies
        };
        assert!(!secure(&[]));
        assert!(!secure(&[("PSPM_ADDR", "[::1]:8080")]));
        assert!(secure(&[("PSPM_ADDR", "0.0.0.0:8080")]));
        assert!(secure(&[("PSPM_ADDR", "192.0.2.7:443")]));
        assert!(!secure(&[
            ("PSPM_ADDR", "0.0.0.0:8080"),
            ("PSPM_SECURE_COOKIES", "false")
        ]));
        assert!(secure(&[("PSPM_SECURE_COOKIES", "true")]));
    }

    #[test]
    fn the_demo_loads_by_default_only_for_a_local_trial() {
        let with = |vars: &[(&str, &str)]| {
            Config::from_lookup(|n| {
                vars.iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| (*v).to_owned())
            })
            .unwrap()
            .loads_demo()
        };
        assert!(with(&[]));
        assert!(with(&[("PSPM_ADDR", "[::1]:8080")]));
        assert!(with(&[("DATABASE_URL", DEFAULT_DATABASE_URL)]));
        assert!(!with(&[("PSPM_ADDR", "0.0.0.0:8080")]));
        assert!(!with(&[("PSPM_ADDR", "192.0.2.7:8080")]));
        assert!(!with(&[("DATABASE_URL", "postgres://pspm@localhost/pspm")]));
        assert!(!with(&[("DATABASE_URL", "sqlite:///srv/pspm/pspm.db")]));
        assert!(!with(&[("PSPM_DEMO", "false")]));
        assert!(with(&[
            ("PSPM_DEMO", "true"),
            ("PSPM_ADDR", "0.0.0.0:8080"),
            ("DATABASE_URL", "postgres://pspm@db/pspm"),
        ]));
    }

    #[test]
    fn trusted_proxies_are_addresses_and_networks() {
        let p = TrustedProxies::parse("10.0.0.0/8, 192.0.2.7 ::1,2001:db8::/32").unwrap();
        for yes in [
            "10.1.2.3",
            "192.0.2.7",
            "::1",
            "2001:db8::5",
            "::ffff:10.9.9.9",
        ] {
            assert!(p.contains(yes.parse().unwrap()), "{yes}");
        }
        for no in ["11.0.0.1", "192.0.2.8", "::2", "2001:db9::5", "127.0.0.1"] {
            assert!(!p.contains(no.parse().unwrap()), "{no}");
        }
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap()
                .contains("203.0.113.1".parse().unwrap())
        );
        assert!(!TrustedProxies::default().contains("127.0.0.1".parse().unwrap()));
        for bad in ["10.0.0.0/33", "localhost", "10.0.0.0/x", "::/129"] {
            let err = Config::from_lookup(|n| (n == "PSPM_TRUSTED_PROXIES").then(|| bad.into()))
                .unwrap_err();
            assert_eq!(err.name, "PSPM_TRUSTED_PROXIES", "{bad}");
        }
    }
}
