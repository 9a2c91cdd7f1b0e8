//! The application state, built once at start and shared by every handler.

use std::sync::Arc;

use crate::cache::{Cache, DataVersion};
use crate::config::Config;
use crate::db::{Db, Lease, Turns};
use crate::error::AppResult;
use crate::services::analytics::open_data::ArchiveFiles;
use crate::services::practices::catalogue;
use crate::services::practices::{SearchParams, SearchResult};

/// How many searches (results, and anonymous readers' rendered pages) are
/// kept: only those asked for at least twice ([`Cache::get_or_asked_again`]).
/// A shared link or a popular query comes back within seconds, so a few
/// dozen suffice, and more cost memory that the server's goal has not
/// (bench/LOAD.md).
pub const KEPT_SEARCHES: usize = 64;

/// Shared state: configuration and the database pool.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Database handle.
    pub db: Db,
    /// The threads new catalogue searches are taken on, in turn.
    pub turns: Turns,
    /// Configuration.
    pub config: Arc<Config>,
    /// Dashboard results per data version (and the catalogue's snapshot).
    pub analytics: Arc<Cache>,
    /// Rendered public pages per data version (kept apart from `analytics`,
    /// so neither evicts the other).
    pub pages: Arc<Cache>,
    /// Plans' trees per plan version (see [`crate::services::plans::view::shared_tree`]).
    pub trees: Arc<Cache>,
    /// Catalogue searches per catalogue version: results, and the pages
    /// rendered for anonymous readers ([`KEPT_SEARCHES`] at most).
    pub searches: Arc<Cache>,
    /// What consultations' summaries derive from their contributions, per
    /// consultation revision (see
    /// [`summaries_of_plan`](crate::services::consultations::summaries_of_plan)).
    pub summaries: Arc<Cache>,
    /// The data version those caches are kept by.
    pub version: Arc<DataVersion>,
    /// The version of plans' contents, which the trees are kept by.
    pub plans_version: Arc<DataVersion>,
    /// The version of people's names, which consultations' summaries are
    /// kept by too.
    pub names_version: Arc<DataVersion>,
    /// The version of the catalogue, which the searches are kept by.
    pub catalogue_version: Arc<DataVersion>,
    /// The open-data archive, built per data version in the background.
    pub open_data: Arc<ArchiveFiles>,
}

impl AppState {
    /// Builds the state from an open database and configuration; fails
    /// only when the search threads cannot be started.
    pub fn new(db: Db, config: Config) -> anyhow::Result<Self> {
        let analytics = Arc::<Cache>::default();
        analytics
            .pinned::<catalogue::IndexPlace>(catalogue::INDEX_PLACE)
            .set_dir(config.search_dir.clone());
        Ok(Self {
            db,
            turns: Turns::new(config.search_threads)?,
            open_data: Arc::new(ArchiveFiles::new(&config)),
            config: Arc::new(config),
            analytics,
            pages: Arc::default(),
            trees: Arc::default(),
            searches: Arc::new(Cache::bounded(KEPT_SEARCHES)),
            summaries: Arc::default(),
            version: Arc::default(),
            plans_version: Arc::new(DataVersion::of(crate::services::plans::view::plans_version)),
            names_version: Arc::new(DataVersion::of(
                crate::services::consultations::names_version,
            )),
            catalogue_version: Arc::new(DataVersion::of(catalogue::catalogue_version)),
        })
    }

    /// A catalogue search, kept per catalogue version, language and
    /// parameters once it is asked for again: a repeated search (a shared
    /// link, the next reader of a popular query) costs no database work. Searches do not depend on the
    /// reader: only published practices are found.
    pub async fn search_practices(
        &self,
        params: SearchParams,
        lang: String,
    ) -> AppResult<Arc<SearchResult>> {
        let version = self.catalogue_version.current(&self.db).await?;
        self.search_practices_at(version, params, lang).await
    }

    /// [`AppState::search_practices`] at a catalogue version already read.
    pub async fn search_practices_at(
        &self,
        version: i32,
        params: SearchParams,
        lang: String,
    ) -> AppResult<Arc<SearchResult>> {
        if let Some(hit) = self
            .searches
            .hit::<SearchResult>(&result_key(&params, &lang), version)
        {
            return Ok(hit);
        }
        let this = self.clone();
        self.db
            .run_in_turn(&self.turns, move |lease| {
                this.search_in_turn(lease, version, &params, &lang)
            })
            .await
    }

    /// The search of [`AppState::search_practices_at`], for work already on
    /// a thread of [`AppState::turns`] ([`Db::run_in_turn`]): the catalogue
    /// page searches and renders in one turn.
    pub fn search_in_turn(
        &self,
        lease: &Lease,
        version: i32,
        params: &SearchParams,
        lang: &str,
    ) -> AppResult<Arc<SearchResult>> {
        self.searches
            .get_or_asked_again(result_key(params, lang), version, || {
                catalogue::search_at(&mut *lease.conn()?, &self.analytics, params, lang, version)
            })
    }
}

/// A search's result's key in [`AppState::searches`].
fn result_key(params: &SearchParams, lang: &str) -> String {
    format!("result:{lang}:{params:?}")
}
