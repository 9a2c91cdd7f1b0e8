//! The catalogue's text search, in memory: the words of every published
//! practice and their posting lists, rebuilt when a practice changes.

pub mod text_index;
pub mod words;
