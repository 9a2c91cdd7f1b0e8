#![doc = include_str!("../README.md")]

pub mod impact;

/// Version of the indicator definitions (DESIGN.md "Indicators"); bumped when a formula changes.
pub const DEFINITIONS_VERSION: u32 = 1;
