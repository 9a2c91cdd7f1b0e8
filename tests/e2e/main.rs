//! End-to-end tests of PSPM: the real router on real databases, and real
//! Chromium. One folder per domain, one file per feature; the helpers they
//! share are in the `pspm_tests` library (`tests/src`).

mod accounts;
mod admin;
mod browser;
mod consultations;
mod dashboards;
mod plans;
mod platform;
mod practices;
mod scale;
