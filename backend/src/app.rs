//! The application state, built once at start and shared by every handler.

use std::sync::Arc;

use crate::config::Config;
use crate::db::Db;

/// Shared state: configuration and the database pool.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Database handle.
    pub db: Db,
    /// Configuration.
    pub config: Arc<Config>,
    /// Dashboard results per data version.
    pub analytics: Arc<crate::services::analytics::Cache>,
    /// Rendered public pages per data version (kept apart from `analytics`,
    /// so neither evicts the other).
    pub pages: Arc<crate::services::analytics::Cache>,
}

impl AppState {
    /// Builds the state from an open database and configuration.
    pub fn new(db: Db, config: Config) -> Self {
        Self {
            db,
            config: Arc::new(config),
            analytics: Arc::default(),
            pages: Arc::default(),
        }
    }
}
