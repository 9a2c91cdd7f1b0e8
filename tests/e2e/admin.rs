//! Administration of organisations and users: rights of every role, forms,
//! validation, audit events.

mod organisations;
mod permissions;
mod users;
