//! Good-practice pages: the catalogue, the practice, its forms, the
//! management page and the adoptions awaiting a decision.

pub mod adoptions;
pub mod catalogue;
pub mod forms;
pub mod manage;
pub mod practice;
mod results;

use crate::i18n::Tr;

/// Mean stars as "4.5 ★ (2)" in words for screen readers too.
fn rating_text(tr: Tr, mean: Option<f64>, count: i64) -> String {
    match mean {
        Some(m) => tr.ta(
            "rating-mean",
            &[("mean", format!("{m:.1}")), ("count", count.to_string())],
        ),
        None => tr.t("rating-none"),
    }
}
