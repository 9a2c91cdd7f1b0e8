//! Good-practice pages: the catalogue, the practice, its forms, the
//! management page and the adoptions awaiting a decision.

pub mod adoptions;
pub mod catalogue;
pub mod forms;
pub mod manage;
pub mod practice;
mod results;

use crate::i18n::Tr;

/// A licence as a reader knows it: an SPDX identifier by its name (and the
/// identifier), the INTERLINK catalogue's kinds of licence in words, any
/// other text as written.
pub fn licence_name(tr: Tr, code: &str) -> String {
    const SPDX: [(&str, &str); 20] = [
        ("CC0-1.0", "Creative Commons Zero 1.0"),
        ("CC-BY-4.0", "Creative Commons Attribution 4.0"),
        (
            "CC-BY-SA-4.0",
            "Creative Commons Attribution-ShareAlike 4.0",
        ),
        (
            "CC-BY-NC-4.0",
            "Creative Commons Attribution-NonCommercial 4.0",
        ),
        (
            "CC-BY-ND-4.0",
            "Creative Commons Attribution-NoDerivatives 4.0",
        ),
        (
            "CC-BY-NC-SA-4.0",
            "Creative Commons Attribution-NonCommercial-ShareAlike 4.0",
        ),
        ("EUPL-1.2", "European Union Public Licence 1.2"),
        ("EUPL-1.1", "European Union Public Licence 1.1"),
        ("IODL-2.0", "Italian Open Data Licence 2.0"),
        ("MIT", "MIT License"),
        ("Apache-2.0", "Apache License 2.0"),
        ("BSD-2-Clause", "BSD 2-Clause License"),
        ("BSD-3-Clause", "BSD 3-Clause License"),
        ("MPL-2.0", "Mozilla Public License 2.0"),
        ("GPL-2.0-only", "GNU General Public License 2.0"),
        ("GPL-3.0-only", "GNU General Public License 3.0"),
        (
            "GPL-3.0-or-later",
            "GNU General Public License 3.0 or later",
        ),
        ("AGPL-3.0-only", "GNU Affero General Public License 3.0"),
        (
            "AGPL-3.0-or-later",
            "GNU Affero General Public License 3.0 or later",
        ),
        ("LGPL-3.0-only", "GNU Lesser General Public License 3.0"),
    ];
    if let Some((id, name)) = SPDX.iter().find(|(id, _)| id.eq_ignore_ascii_case(code)) {
        return format!("{name} ({id})");
    }
    // INTERLINK names kinds, not licences (and spells "propietary" so).
    let kind = match code {
        "public_domain" => "licence-public-domain",
        "permissive" => "licence-permissive",
        "copyleft" => "licence-copyleft",
        "propietary" | "proprietary" => "licence-proprietary",
        _ => return code.to_owned(),
    };
    tr.t(kind)
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
