//! Browser tests in real headless Chromium against a real listener: what
//! people do through the pages, by role, each page checked with the axe-core
//! accessibility audit, and every page audited in every language.

mod accessibility;
mod account;
mod admin;
mod attachments;
mod charts;
mod consultations;
mod context;
mod dashboards;
mod lifecycle;
mod participation;
mod password;
mod plans;
mod practices;
mod printing;
mod reading;
mod refusals;
