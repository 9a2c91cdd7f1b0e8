//! The platform under every feature: the JSON API's conventions, the
//! database layer, the pages' layout and assets, their languages, and what a
//! new installation does at start.

mod api;
mod database;
mod instances;
mod languages;
mod pages;
mod start;
