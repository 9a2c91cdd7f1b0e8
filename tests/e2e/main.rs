//! End-to-end tests of PSPM: the real router on real databases, and real Chromium.

mod accounts;
mod admin;
mod api;
mod browser;
mod consultations;
mod dashboards;
mod database;
mod pages;
mod plans;
mod practice_io;
mod practice_workflow;
mod practices;
mod scale;
