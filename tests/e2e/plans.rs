//! Strategic plans: the tree and its roll-up, editing and conflicts, the
//! lifecycle with versions, indicators and milestones, who reads and edits,
//! alignment between plans, import and export, large plans, kept pages.

mod alignment;
mod attachments;
mod editing;
mod import_export;
mod indicators;
mod kept_pages;
mod large_plans;
mod lifecycle;
mod milestones;
mod progress;
mod visibility;
