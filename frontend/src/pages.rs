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

/// A territory as a reader knows it: its name with the code ("Bologna
/// (ITH55)"), since a province and its chief town share a name; an unknown
/// code as written.
pub fn territory_label(code: &str) -> String {
    match pspm_analytics::territories::territory_name(code) {
        Some(name) => format!("{name} ({})", code.trim()),
        None => code.to_owned(),
    }
}
