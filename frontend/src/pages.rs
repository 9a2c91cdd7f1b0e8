//! One module per page (route target).

pub mod account;
pub mod admin_organisations;
pub mod admin_users;
pub mod consultations;
pub mod dashboards;

pub mod error;
pub mod home;
pub mod plan_forms;
pub mod plan_versions;
pub mod plans;
pub mod practice_forms;
pub mod practices;

pub mod sign_in;
