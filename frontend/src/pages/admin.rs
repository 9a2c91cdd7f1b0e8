//! Administration (administrators only): organisations and users.

pub mod organisations;
pub mod users;
