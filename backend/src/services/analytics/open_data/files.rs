//! The open-data archive as a file: built in the background, one build at a
//! time and at most once per data version, and served from the last complete
//! file while a newer one is built.
//!
//! A build writes a temporary file in this process's directory and renames
//! it when complete; the file it replaces is removed once the last download
//! that opened it has it open (an open file outlives its name). The directory
//! is removed when the process ends, and a later process removes those of
//! processes that died (each holds a lock on its own while it lives).

use std::fs::File;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, NaiveDateTime, Utc};
use sha2::{Digest, Sha256};

use super::write_snapshot;
use crate::cache::Cache;
use crate::config::Config;
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// The name of a process's directory of archives starts so.
const DIR_PREFIX: &str = "pspm-open-data-";

/// The lock file a live process holds in its directory.
const LOCK: &str = "lock";

/// What a download that finds no archive yet is told to wait (a national
/// archive takes about a minute).
const RETRY_AFTER_SECS: u64 = 30;

/// The archives of this process: the last complete one, and the build under way.
#[derive(Debug)]
pub struct ArchiveFiles {
    /// Where this process's directory is made.
    base: PathBuf,
    /// How long after a build the data may change before a newer one starts.
    rebuild_after: Duration,
    /// How long a download waits for the first archive.
    wait: Duration,
    state: Mutex<State>,
    /// Counts the builds that ended, well or not, so that waiters look again.
    ended: tokio::sync::watch::Sender<u64>,
}

#[derive(Debug, Default)]
struct State {
    /// This process's directory, made at the first build.
    dir: Option<Arc<ProcessDir>>,
    /// The last complete archive.
    current: Option<Arc<Built>>,
    /// The newest data version `current` was built from or found equal to.
    checked: i32,
    /// Whether a build is under way.
    building: bool,
    /// When the last build ended.
    last_end: Option<Instant>,
    /// Builds completed.
    builds: u64,
}

/// A complete archive file.
#[derive(Debug)]
pub struct Built {
    /// Its path (removed when the last holder lets go).
    pub path: PathBuf,
    /// Strong entity tag: a hash of the bytes, quoted.
    pub etag: String,
    /// Size in bytes.
    pub len: u64,
    /// When it was written (the file's modification time).
    pub modified: SystemTime,
    /// The data version it was built from.
    pub version: i32,
}

impl Built {
    /// When it was written, in UTC.
    pub fn built_at(&self) -> NaiveDateTime {
        DateTime::<Utc>::from(self.modified).naive_utc()
    }

    /// `Last-Modified` (IMF-fixdate).
    pub fn last_modified(&self) -> String {
        DateTime::<Utc>::from(self.modified)
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string()
    }
}

impl Drop for Built {
    fn drop(&mut self) {
        // Downloads under way keep reading the file they opened.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What the dashboards page says about the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ArchiveStatus {
    /// When the archive served now was built (UTC), if one was.
    pub built_at: Option<NaiveDateTime>,
    /// Whether a build is under way.
    pub building: bool,
}

impl ArchiveFiles {
    /// Archives kept where `config` says (`PSPM_OPEN_DATA_DIR`, else next to
    /// the SQLite database, else the system's temporary directory).
    pub fn new(config: &Config) -> Self {
        Self {
            base: config
                .open_data_dir
                .clone()
                .unwrap_or_else(|| default_base(&config.database_url)),
            rebuild_after: Duration::from_secs(config.open_data_rebuild_secs),
            wait: Duration::from_secs(config.open_data_wait_secs),
            state: Mutex::default(),
            ended: tokio::sync::watch::Sender::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held left the state whole: each change is one assignment.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The archive to serve to a reader who sees data `version`. When the
    /// archive is older, a newer one starts building (unless one is under
    /// way, or the last ended less than `PSPM_OPEN_DATA_REBUILD_SECS` ago)
    /// and the older one is served meanwhile. Before the first archive is
    /// complete, waits for it up to `PSPM_OPEN_DATA_WAIT_SECS`, then answers
    /// `open_data_not_ready` (503 with `Retry-After`).
    pub async fn latest(
        self: &Arc<Self>,
        db: &Db,
        cache: &Arc<Cache>,
        version: i32,
    ) -> AppResult<Arc<Built>> {
        let mut ended = self.ended.subscribe();
        if let Some(built) = self.current_or_build(db, cache, version)? {
            return Ok(built);
        }
        let deadline = tokio::time::Instant::now() + self.wait;
        while !self.wait.is_zero()
            && tokio::time::timeout_at(deadline, ended.changed())
                .await
                .is_ok_and(|changed| changed.is_ok())
        {
            let state = self.lock();
            if let Some(built) = &state.current {
                return Ok(built.clone());
            }
            if !state.building {
                return Err(AppError::Internal(
                    "open data: the archive could not be built (logged above)".into(),
                ));
            }
        }
        Err(AppError::NotReady {
            code: "open_data_not_ready",
            detail: "The open-data archive is being prepared for the first time; \
                     ask again after the number of seconds in Retry-After.",
            retry_after: RETRY_AFTER_SECS,
        })
    }

    /// The current archive, after starting a build if one is due.
    fn current_or_build(
        self: &Arc<Self>,
        db: &Db,
        cache: &Arc<Cache>,
        version: i32,
    ) -> AppResult<Option<Arc<Built>>> {
        let mut state = self.lock();
        let due = match &state.current {
            None => true,
            Some(_) => {
                state.checked < version
                    && state
                        .last_end
                        .is_none_or(|end| end.elapsed() >= self.rebuild_after)
            }
        };
        if due && !state.building {
            self.start(&mut state, db.clone(), cache.clone())?;
        }
        Ok(state.current.clone())
    }

    /// Starts a build on a thread of its own (a minute of work at national
    /// scale, which must hold neither a request nor a worker of the runtime).
    fn start(self: &Arc<Self>, state: &mut State, db: Db, cache: Arc<Cache>) -> AppResult<()> {
        // A directory removed under the server (a cleaner of old temporary
        // files, say) is made again.
        let dir = match state.dir.as_ref().filter(|d| d.path.is_dir()) {
            Some(dir) => dir.clone(),
            None => {
                let dir = Arc::new(ProcessDir::create(&self.base).map_err(|e| {
                    AppError::Internal(format!(
                        "open data: cannot make a directory in {}: {e}",
                        self.base.display()
                    ))
                })?);
                state.dir = Some(dir.clone());
                dir
            }
        };
        let this = self.clone();
        std::thread::Builder::new()
            .name("open-data".into())
            .spawn(move || {
                let started = Instant::now();
                let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    build(&db, &cache, &dir.path)
                }))
                .unwrap_or_else(|_| {
                    Err(AppError::Internal("open data: the build panicked".into()))
                });
                this.finish(built, started.elapsed());
            })
            .map_err(|e| AppError::Internal(format!("open data: cannot start a thread: {e}")))?;
        state.building = true;
        Ok(())
    }

    /// Makes a finished build the current archive, unless its bytes are the
    /// current one's: then that one stays (and keeps its date), found
    /// current at a newer version.
    fn finish(&self, fresh: AppResult<Fresh>, took: Duration) {
        let current = self.lock().current.clone();
        let built = fresh.and_then(|fresh| {
            let version = fresh.version;
            if current.as_ref().is_some_and(|c| c.etag == fresh.etag) {
                return Ok((version, None));
            }
            fresh.persist().map(|b| (version, Some(b)))
        });
        let replaced = {
            let mut state = self.lock();
            state.building = false;
            state.last_end = Some(Instant::now());
            match built {
                Ok((version, built)) => {
                    state.builds += 1;
                    state.checked = state.checked.max(version);
                    tracing::info!(
                        open_data.version = version,
                        open_data.changed = built.is_some(),
                        open_data.seconds = took.as_secs_f64(),
                        "open-data archive built"
                    );
                    built.and_then(|b| state.current.replace(Arc::new(b)))
                }
                Err(e) => {
                    tracing::error!(error.cause = %e, "open-data archive build failed");
                    None
                }
            }
        };
        // The file let go of is removed outside the lock.
        drop((replaced, current));
        self.ended.send_modify(|n| *n += 1);
    }

    /// What the dashboards page says about the archive.
    pub fn status(&self) -> ArchiveStatus {
        let state = self.lock();
        ArchiveStatus {
            built_at: state.current.as_ref().map(|b| b.built_at()),
            building: state.building,
        }
    }

    /// Forgets `built`, whose file is gone (removed under the server): the
    /// next download builds the archive again.
    pub fn lost(&self, built: &Arc<Built>) {
        let lost = {
            let mut state = self.lock();
            if !state
                .current
                .as_ref()
                .is_some_and(|c| Arc::ptr_eq(c, built))
            {
                return;
            }
            state.checked = 0;
            state.current.take()
        };
        drop(lost);
    }

    /// Where this process keeps its archives, once it made its directory.
    pub fn directory(&self) -> Option<PathBuf> {
        self.lock().dir.as_ref().map(|d| d.path.clone())
    }

    /// Builds completed by this process (for tests and operators).
    pub fn builds(&self) -> u64 {
        self.lock().builds
    }

    /// Waits until no build is under way.
    pub async fn idle(&self) {
        let mut ended = self.ended.subscribe();
        while self.lock().building {
            if ended.changed().await.is_err() {
                return;
            }
        }
    }
}

/// Where archives go by default: next to the SQLite database (whose disk
/// has room for data; the temporary directory may be memory), else the
/// system's temporary directory.
fn default_base(database_url: &str) -> PathBuf {
    if crate::db::backend_of(database_url) == crate::db::BackendKind::Sqlite {
        let path = database_url
            .strip_prefix("sqlite://")
            .or_else(|| database_url.strip_prefix("sqlite:"))
            .or_else(|| database_url.strip_prefix("file:"))
            .unwrap_or(database_url);
        let path = path.split('?').next().unwrap_or_default();
        if !path.is_empty() && path != ":memory:" {
            return match Path::new(path).parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
                _ => PathBuf::from("."),
            };
        }
    }
    std::env::temp_dir()
}

/// An archive just written, under its temporary name.
struct Fresh {
    part: tempfile::NamedTempFile,
    version: i32,
    etag: String,
    len: u64,
}

impl Fresh {
    /// Gives the archive its name (`open-data-<version>-<hash>.zip`): the
    /// rename is atomic, so no one sees it incomplete.
    fn persist(self) -> AppResult<Built> {
        let dir = self.part.path().parent().unwrap_or(Path::new("."));
        let hash = self.etag.trim_matches('"');
        let path = dir.join(format!("open-data-{}-{}.zip", self.version, &hash[..12]));
        let file = self.part.persist(&path).map_err(|e| io_error(e.error))?;
        let modified = file
            .metadata()
            .and_then(|m| m.modified())
            .map_err(io_error)?;
        Ok(Built {
            path,
            etag: self.etag,
            len: self.len,
            modified,
            version: self.version,
        })
    }
}

fn io_error(e: std::io::Error) -> AppError {
    AppError::Internal(format!("open data: {e}"))
}

/// Writes an archive in `dir` under a temporary name and hashes it.
fn build(db: &Db, cache: &Cache, dir: &Path) -> AppResult<Fresh> {
    let part = tempfile::Builder::new()
        .prefix(".building-")
        .suffix(".zip")
        .tempfile_in(dir)
        .map_err(io_error)?;
    let (version, mut file) = {
        let mut conn = db.get()?;
        let out = part.reopen().map_err(io_error)?;
        write_snapshot(&mut conn, cache, out)?
    };
    file.rewind().map_err(io_error)?;
    let (len, digest) = digest(&mut file).map_err(io_error)?;
    Ok(Fresh {
        part,
        version,
        etag: format!("\"{digest}\""),
        len,
    })
}

/// The file's length and the hex SHA-256 of its bytes (the first 128 bits).
fn digest(file: &mut File) -> std::io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    let mut len = 0;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    let hash = hasher.finalize();
    Ok((len, hash[..16].iter().map(|b| format!("{b:02x}")).collect()))
}

/// A process's directory of archives, removed with it; its lock file is
/// held locked while the process lives.
#[derive(Debug)]
struct ProcessDir {
    path: PathBuf,
    _dir: tempfile::TempDir,
    _lock: File,
}

impl ProcessDir {
    /// Removes the directories of dead processes in `base` and makes this one's.
    fn create(base: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(base)?;
        remove_abandoned(base);
        let dir = tempfile::Builder::new()
            .prefix(DIR_PREFIX)
            .tempdir_in(base)?;
        // Locked before it has its name, so no one finds it unlocked.
        let path = dir.path().to_owned();
        let lock = File::create(path.join(".lock"))?;
        fs4::FileExt::try_lock(&lock).map_err(std::io::Error::other)?;
        std::fs::rename(path.join(".lock"), path.join(LOCK))?;
        Ok(Self {
            path,
            _dir: dir,
            _lock: lock,
        })
    }
}

/// Removes the directories in `base` whose process died: their lock file
/// can be locked.
fn remove_abandoned(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(DIR_PREFIX) {
            continue;
        }
        let path = entry.path();
        let Ok(lock) = File::open(path.join(LOCK)) else {
            continue;
        };
        if fs4::FileExt::try_lock(&lock).is_ok() {
            drop(lock);
            if std::fs::remove_dir_all(&path).is_ok() {
                tracing::info!(open_data.dir = %path.display(), "removed a dead process's open-data files");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_go_next_to_the_sqlite_database_else_to_the_temporary_directory() {
        assert_eq!(
            default_base("sqlite:///srv/pspm/pspm.db"),
            PathBuf::from("/srv/pspm")
        );
        assert_eq!(default_base("sqlite://pspm.db"), PathBuf::from("."));
        assert_eq!(default_base("data/pspm.db"), PathBuf::from("data"));
        assert_eq!(default_base(":memory:"), std::env::temp_dir());
        assert_eq!(
            default_base("postgres://pspm@db/pspm"),
            std::env::temp_dir()
        );
    }

    #[test]
    fn a_dead_process_directory_is_removed_and_a_live_one_kept() {
        let base = tempfile::tempdir().unwrap();
        let live = ProcessDir::create(base.path()).unwrap();
        // A process that died: its lock file is there, unlocked.
        let dead = base.path().join(format!("{DIR_PREFIX}dead"));
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join(LOCK), b"").unwrap();
        std::fs::write(dead.join("open-data-7-abc.zip"), b"old").unwrap();
        // One being made: no lock file yet.
        let making = base.path().join(format!("{DIR_PREFIX}making"));
        std::fs::create_dir(&making).unwrap();
        let other = ProcessDir::create(base.path()).unwrap();
        assert!(!dead.exists());
        assert!(live.path.exists() && other.path.exists() && making.exists());
        let path = live.path.clone();
        drop(live);
        assert!(!path.exists(), "removed with its process");
    }
}
