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
    /// Plans' trees per plan version (see [`crate::services::plan_view::shared_tree`]).
    pub trees: Arc<crate::services::analytics::Cache>,
    /// The data version those caches are kept by.
    pub version: Arc<crate::services::analytics::DataVersion>,
    /// The version of plans' contents, which the trees are kept by.
    pub plans_version: Arc<crate::services::analytics::DataVersion>,
}

impl AppState {
    /// Builds the state from an open database and configuration.
    pub fn new(db: Db, config: Config) -> Self {
        Self {
            db,
            config: Arc::new(config),
            analytics: Arc::default(),
            pages: Arc::default(),
            trees: Arc::default(),
            version: Arc::default(),
            plans_version: Arc::new(crate::services::analytics::DataVersion::of(
                crate::services::plan_view::plans_version,
            )),
        }
    }
}
