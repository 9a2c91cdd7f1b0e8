#![doc = include_str!("../README.md")]

pub mod activity;
pub mod charts;
pub mod counts;
pub mod csv_cells;
pub mod exprs;
pub mod frames;
pub mod impact;
pub mod model;
pub mod participation;
pub mod population;
pub mod quality;
pub mod reuse;
pub mod rounding;
pub mod territories;
pub mod utc;

/// Version of the indicator definitions (DESIGN.md "Indicators"); bumped when a formula changes.
pub const DEFINITIONS_VERSION: u32 = 1;
