//! The HTTP plumbing shared by the JSON API and the pages: extractors,
//! cookies, middleware, and the page machinery (errors as pages, kept pages).

pub mod cookies;
pub mod download;
pub mod extract;
pub mod files;
pub mod middleware;
pub mod page;

/// Largest request body accepted (bytes).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;
