//! Consultation pages: the consultation (contribute, support, prioritise), the
//! form that opens one, the response queue, my contributions, "you said, we
//! did", notifications and moderation.
//!
//! Handlers take their path and query before [`SignedIn`](crate::http::page::SignedIn),
//! so a malformed address is refused alike whoever asks.

pub mod consultation;
pub mod lists;
pub mod notifications;
pub mod opening;

use serde::Deserialize;

/// Query of pages that show a notice after an action.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    /// Set after a successful action.
    pub done: Option<String>,
    /// Page of the contributions (from 1; anything else shows the first).
    pub page: Option<String>,
    /// The objective or action whose amendment form to show.
    pub amend: Option<String>,
}

impl DoneQuery {
    /// The page asked for; anything but a number is page 1.
    fn page_number(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(1)
    }
}
