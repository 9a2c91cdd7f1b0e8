//! Accounts: sign-in and sessions, users, organisations, a user's own data
//! (GDPR rights) and the audit trail every write leaves.

pub mod account;
pub mod audit;
pub mod auth;
pub mod organisations;
pub mod reset;
pub mod users;
