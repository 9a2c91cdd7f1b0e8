//! Plan pages: the list, the plan with its tree, the editor's forms, the
//! import of a plan document, and the adopted versions.

pub mod confirm;
pub mod forms;
pub mod import;
pub mod indicators;
pub mod list;
pub mod plan;
pub mod tree;
pub mod versions;
