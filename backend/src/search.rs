//! The catalogue's text search: a tantivy index of the published
//! practices, and the queries people type.

pub mod engine;
pub mod typed;
