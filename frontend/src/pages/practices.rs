//! Good-practice pages: the catalogue, the practice, its forms, the
//! management page and the adoptions awaiting a decision.

pub mod adoptions;
pub mod catalogue;
pub mod forms;
pub mod manage;
pub mod practice;
mod results;

use crate::i18n::Tr;

/// A licence as a reader knows it: an SPDX licence by its name (and the
/// identifier), a kind of licence that names none in words, any other text
/// as written and said to be unrecognised.
pub fn licence_name(tr: Tr, code: &str) -> String {
    match crate::licences::describe(code) {
        Some(Ok((name, id))) => format!("{name} ({id})"),
        Some(Err(kind)) => tr.t(kind),
        None => tr.ta(
            "licence-unrecognised",
            &[("licence", code.trim().to_owned())],
        ),
    }
}

/// A tag as a reader knows it: a problem profile by its name in the
/// reader's language, any other tag as written.
pub fn tag_label(tr: Tr, tag: &str) -> String {
    match crate::problems::problem_name(tag, tr.lang.code()) {
        Some(name) => tr.ta("tag-problem", &[("name", name.to_owned())]),
        None => tag.to_owned(),
    }
}

/// Mean stars as "4.5 ★ (2)" in words for screen readers too.
fn rating_text(tr: Tr, mean: Option<f64>, count: i64) -> String {
    match mean {
        Some(m) => tr.ta(
            "rating-mean",
            &[
                ("mean", crate::numbers::fixed(tr.lang, m, 1)),
                ("count", count.to_string()),
            ],
        ),
        None => tr.t("rating-none"),
    }
}
