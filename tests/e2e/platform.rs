//! The platform under every feature: the JSON API's conventions, the
//! database layer, the pages' layout and assets, and their languages.

mod api;
mod database;
mod languages;
mod pages;
