//! Results kept per data version: dashboards, rendered pages, plan trees,
//! searches. A version is read from the database (the latest audit event
//! of the kind that matters); a kept result of an older version is never served.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use moka::ops::compute::{CompResult, Op};

use crate::db::DbConn;
use crate::db::audit_event::AuditEvent;
use crate::error::{AppError, AppResult};

/// A kept result.
type Shared = Arc<dyn Any + Send + Sync>;

/// Keys remembered as asked for, per result kept ([`Cache::get_or_asked_again`]).
const ASKED_PER_KEPT: usize = 16;

/// At most this many results are kept (unless [`Cache::bounded`] says otherwise).
const MAX_ENTRIES: usize = 512;

/// Results kept per data version (moka, which evicts the least useful by
/// frequency and recency). One computation per key at a time: when many
/// requests ask for the same missing result (a busy dashboard after a
/// write), one computes it and the others wait for it instead of each
/// loading the same data.
pub struct Cache {
    /// Each key's latest version and result.
    entries: moka::sync::Cache<String, (i32, Shared)>,
    /// Hashes of the keys asked for by [`Cache::get_or_asked_again`] (at
    /// most [`ASKED_PER_KEPT`] × `max`, then forgotten all at once).
    asked: Mutex<HashSet<u64>>,
    /// At most this many results are kept.
    max: usize,
    /// State kept for as long as the cache, never evicted ([`Cache::pinned`]).
    pinned: Mutex<HashMap<&'static str, Shared>>,
}

impl Default for Cache {
    fn default() -> Self {
        Self::bounded(MAX_ENTRIES)
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cache")
    }
}

impl Cache {
    /// A cache that keeps at most `max` results (for results of many keys,
    /// such as pages of searches, whose memory must stay small).
    pub fn bounded(max: usize) -> Self {
        let max = max.max(1);
        Self {
            entries: moka::sync::Cache::new(max as u64),
            asked: Mutex::default(),
            max,
            pinned: Mutex::default(),
        }
    }

    /// The value kept for `key` at `version`, if any.
    pub fn hit<T: Send + Sync + 'static>(&self, key: &str, version: i32) -> Option<Arc<T>> {
        let (v, value) = self.entries.get(key)?;
        if v != version {
            return None;
        }
        value.downcast::<T>().ok()
    }

    /// The value kept for `key` at whatever version, with that version (a
    /// start for computing a newer one).
    pub fn kept<T: Send + Sync + 'static>(&self, key: &str) -> Option<(i32, Arc<T>)> {
        let (v, value) = self.entries.get(key)?;
        Some((v, value.downcast::<T>().ok()?))
    }

    /// The cached value for `key` at `version`, or computes and keeps it.
    pub fn get_or<T: Send + Sync + 'static>(
        &self,
        key: String,
        version: i32,
        compute: impl FnOnce() -> AppResult<T>,
    ) -> AppResult<Arc<T>> {
        if let Some(hit) = self.hit(&key, version) {
            return Ok(hit);
        }
        // Calls for one key run one after the other: a caller that waited
        // finds the value the one before it computed.
        let done = self.entries.entry(key).and_try_compute_with(|found| {
            if found.is_some_and(|e| e.value().0 == version) {
                return Ok(Op::Nop);
            }
            let value: Shared = Arc::new(compute()?);
            Ok::<_, AppError>(Op::Put((version, value)))
        })?;
        let value = match done {
            CompResult::Inserted(e) | CompResult::ReplacedWith(e) | CompResult::Unchanged(e) => {
                e.into_value().1
            }
            CompResult::StillNone(_) | CompResult::Removed(_) => {
                return Err(AppError::Internal("a kept result went missing".into()));
            }
        };
        value
            .downcast::<T>()
            .map_err(|_| AppError::Internal("a kept result of another type".into()))
    }

    /// As [`Cache::get_or`], but a result is kept only when its key is asked
    /// for again: one asked for once (one of a crawler's or a reader's many
    /// searches) is computed and given, and pushes out none of the results
    /// that are asked for again and again.
    pub fn get_or_asked_again<T: Send + Sync + 'static>(
        &self,
        key: String,
        version: i32,
        compute: impl FnOnce() -> AppResult<T>,
    ) -> AppResult<Arc<T>> {
        match self.kept::<T>(&key) {
            Some((v, hit)) if v == version => return Ok(hit),
            // Kept at an older version: asked for before.
            Some(_) => return self.get_or(key, version, compute),
            None => {}
        }
        let hash = std::hash::BuildHasher::hash_one(&foldhash::fast::FixedState::default(), &key);
        let first = self.asked.lock().is_ok_and(|mut asked| {
            if asked.len() >= ASKED_PER_KEPT * self.max && !asked.contains(&hash) {
                asked.clear();
            }
            asked.insert(hash)
        });
        if first {
            return compute().map(Arc::new);
        }
        self.get_or(key, version, compute)
    }

    /// The state kept under `key` for as long as the cache (made on first
    /// use): what results are computed from, which eviction must not drop.
    pub fn pinned<T: Default + Send + Sync + 'static>(&self, key: &'static str) -> Arc<T> {
        let mut pinned = self
            .pinned
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = pinned
            .entry(key)
            .or_insert_with(|| Arc::new(T::default()) as Shared);
        if let Ok(value) = Arc::clone(entry).downcast::<T>() {
            return value;
        }
        let value = Arc::new(T::default());
        *entry = Arc::clone(&value) as Shared;
        value
    }

    /// Number of kept results (for tests).
    pub fn len(&self) -> usize {
        self.entries.run_pending_tasks();
        usize::try_from(self.entries.entry_count()).unwrap_or(usize::MAX)
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How long [`DataVersion`] trusts its last reading when this process wrote
/// nothing since: the delay before another process's writes (a second
/// server, an import from the command line) show in cached pages.
pub const VERSION_RECHECK: Duration = Duration::from_secs(1);

/// A data version as this process knows it, so that a cached page costs no
/// database round trip: read again after any write of this process, and at
/// least every [`VERSION_RECHECK`].
#[derive(Debug)]
pub struct DataVersion {
    /// Reads the version from the database.
    read: fn(&mut DbConn) -> AppResult<i32>,
    /// The version read, the process's write count before reading it, and when.
    seen: Mutex<Option<(i32, u64, Instant)>>,
}

impl Default for DataVersion {
    /// The version of all data ([`AuditEvent::data_version`]).
    fn default() -> Self {
        Self::of(|c| Ok(AuditEvent::data_version(c)?))
    }
}

impl DataVersion {
    /// The version that `read` reads.
    pub fn of(read: fn(&mut DbConn) -> AppResult<i32>) -> Self {
        Self {
            read,
            seen: Mutex::default(),
        }
    }

    /// The current version.
    pub async fn current(&self, db: &crate::db::Db) -> AppResult<i32> {
        let writes = crate::db::writes();
        if let Ok(seen) = self.seen.lock()
            && let Some((version, w, at)) = *seen
            && w == writes
            && at.elapsed() < VERSION_RECHECK
        {
            return Ok(version);
        }
        let at = Instant::now();
        let version = db.run(self.read).await?;
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some((version, writes, at));
        }
        Ok(version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_kept_from_its_second_asking_and_one_offs_push_out_nothing() {
        let cache = Cache::bounded(4);
        let computed = std::cell::Cell::new(0);
        let ask = |key: &str, value: i32| {
            *cache
                .get_or_asked_again(key.to_owned(), 1, || {
                    computed.set(computed.get() + 1);
                    Ok(value)
                })
                .unwrap()
        };
        // Asked once: computed, given, not kept.
        assert_eq!(ask("popular", 7), 7);
        assert!(cache.is_empty());
        // Asked again: computed and kept; then given without computing.
        assert_eq!(ask("popular", 7), 7);
        assert_eq!((cache.len(), computed.get()), (1, 2));
        assert_eq!(ask("popular", 8), 7);
        assert_eq!(computed.get(), 2);
        // Many searches asked once each, far more than are kept.
        for i in 0..1_000 {
            assert_eq!(ask(&format!("once {i}"), i), i);
        }
        assert_eq!(computed.get(), 1_002);
        assert_eq!(cache.len(), 1);
        assert_eq!(ask("popular", 9), 7);
        // At a new version (the catalogue changed), a result kept before is
        // kept again at once.
        let v2 = cache
            .get_or_asked_again("popular".to_owned(), 2, || Ok(10))
            .unwrap();
        assert_eq!(*v2, 10);
        assert_eq!(cache.hit::<i32>("popular", 2).as_deref(), Some(&10));
    }
}
