//! The JSON API under `/api/v1` and `/health`, documented with utoipa.

pub mod analytics;
pub mod attachments;
pub mod audit;
pub mod consultations;
pub mod export;

pub mod health;
pub mod me;
pub mod nodes;
pub mod openapi;
pub mod organisations;
pub mod plans;
pub mod practices;

pub mod session;
pub mod tokens;
pub mod users;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Pagination metadata of every list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Meta {
    /// Total items matching.
    pub total: i64,
    /// Page number (1-based).
    pub page: i64,
    /// Items per page.
    pub per_page: i64,
}

impl Meta {
    /// A list served whole: one page holding all of it.
    pub fn whole(len: usize) -> Self {
        let total = i64::try_from(len).unwrap_or(i64::MAX);
        Self {
            total,
            page: 1,
            per_page: total,
        }
    }
}

/// Pagination parameters of every list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, from 1 (default 1).
    #[param(minimum = 1)]
    pub page: Option<i64>,
    /// Items per page, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
}
