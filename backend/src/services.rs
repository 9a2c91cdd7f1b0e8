//! Services: the rules of the domain and the caller's rights. Every write goes
//! through a service, which checks the actor and records an audit event in the
//! same transaction.

pub mod accounts;
pub mod analytics;
pub mod attachments;
pub mod consultations;
pub mod mail;
pub mod plans;
pub mod practices;
pub mod validate;

use crate::domain::Role;
use crate::error::{AppError, AppResult};

/// The signed-in caller, as services see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// User id.
    pub user_id: i32,
    /// Role.
    pub role: Role,
    /// Organisation on whose behalf the user acts.
    pub organisation_id: Option<i32>,
    /// Display name (for the page header; never logged).
    pub display_name: String,
}

impl Actor {
    /// Whether the caller is an administrator.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Refuses anyone but administrators.
    pub fn require_admin(&self) -> AppResult<()> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Refuses anonymous callers.
pub fn require_actor(actor: Option<&Actor>) -> AppResult<&Actor> {
    actor.ok_or(AppError::Unauthenticated)
}

/// Page and size from query parameters, clamped to sane values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// 1-based page number.
    pub page: i64,
    /// Items per page (1–100).
    pub per_page: i64,
}

impl Paging {
    /// Builds paging from optional query values (defaults: page 1, 25 per page).
    pub fn new(page: Option<i64>, per_page: Option<i64>) -> AppResult<Self> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(25);
        if page < 1 {
            return Err(AppError::field(
                "page",
                "out_of_range",
                "page must be 1 or more",
            ));
        }
        if !(1..=100).contains(&per_page) {
            return Err(AppError::field(
                "per_page",
                "out_of_range",
                "per_page must be between 1 and 100",
            ));
        }
        Ok(Self { page, per_page })
    }

    /// Rows to skip.
    pub fn offset(self) -> i64 {
        // Saturating: a page number near i64::MAX is an empty page, not an overflow.
        (self.page - 1).saturating_mul(self.per_page)
    }
}
