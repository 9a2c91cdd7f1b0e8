//! Data that is loaded rather than entered: the demo, the national-scale
//! dataset for benchmarks, and the import of the INTERLINK catalogue.

pub mod demo;
pub mod interlink;
pub mod scale;
