//! Progress bars and status badges.

use dioxus::prelude::*;

use crate::i18n::Tr;

/// A progress bar with its value as visible text.
#[component]
pub fn ProgressBar(tr: Tr, value: Option<f64>) -> Element {
    match value {
        Some(v) => {
            let pct = v.clamp(0.0, 100.0);
            rsx! {
                span { class: "progress",
                    span { class: "progress-track", aria_hidden: "true",
                        span { class: "progress-fill progress-{(pct / 10.0).round() as i64 * 10}" }
                    }
                    span { class: "progress-text", {tr.ta("progress-value", &[("value", format!("{pct:.0}"))])} }
                }
            }
        }
        None => rsx! { span { class: "progress progress-none", {tr.t("progress-none")} } },
    }
}

/// A badge for a status code, translated with `prefix`.
#[component]
pub fn StatusBadge(tr: Tr, prefix: String, status: String) -> Element {
    rsx! { span { class: "badge badge-{status}", {tr.label(&prefix, &status)} } }
}
