//! The pages, grouped by domain; each leaf module renders one route target
//! (or a few that share one view).

pub mod accounts;
pub mod admin;
pub mod consultations;
pub mod dashboards;
pub mod error;
pub mod home;
pub mod plans;
pub mod practices;
