//! The good-practice catalogue pages: search with facets, a practice, its
//! form and review, adoptions.
//!
//! Handlers take their path and query before [`SignedIn`](crate::http::page::SignedIn),
//! so a malformed address is refused alike whoever asks.

pub mod adoptions;
pub mod editing;
pub mod practice;
pub mod search;

/// Query of pages that show a notice after an action.
#[derive(Debug, serde::Deserialize)]
pub struct DoneQuery {
    /// Set after a successful action: which one.
    pub done: Option<String>,
}
