//! Good practices: the INTERLINK catalogue import, the review workflow and
//! who sees what, search with facets and sort orders, ratings, adoptions,
//! links to plan actions, texts in several languages, the forms, the kept
//! catalogue, and import and export between installations.

mod adoptions;
mod catalogue_import;
mod facets;
mod form;
mod import_export;
mod kept_catalogue;
mod links;
mod names;
mod ratings;
mod readers;
mod relevance;
mod search;
mod text_index;
mod text_review;
mod texts;
mod workflow;
