//! Licences as SPDX identifiers (<https://spdx.org/licenses/>): what
//! practices store, the names readers see, and the free-text spellings
//! people and other catalogues write, mapped to an identifier.

/// The licences public bodies use for practices and their material:
/// identifier and name.
static SPDX: [(&str, &str); 24] = [
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
    (
        "CC-BY-NC-ND-4.0",
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0",
    ),
    ("CC-BY-3.0-IT", "Creative Commons Attribution 3.0 Italy"),
    ("EUPL-1.2", "European Union Public Licence 1.2"),
    ("EUPL-1.1", "European Union Public Licence 1.1"),
    ("IODL-2.0", "Italian Open Data Licence 2.0"),
    ("ODbL-1.0", "Open Data Commons Open Database License 1.0"),
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
    ("LGPL-2.1-only", "GNU Lesser General Public License 2.1"),
];

/// Kinds of licence that name no licence (the INTERLINK catalogue gives
/// only these), as SPDX `LicenseRef-` identifiers, with the message naming
/// each.
pub static KINDS: [(&str, &str); 4] = [
    ("LicenseRef-PublicDomain", "licence-public-domain"),
    ("LicenseRef-Permissive", "licence-permissive"),
    ("LicenseRef-Copyleft", "licence-copyleft"),
    ("LicenseRef-Proprietary", "licence-proprietary"),
];

/// Other spellings, after [`key`]: INTERLINK's kinds (it writes
/// "propietary") and deprecated SPDX identifiers.
static ALIASES: [(&str, &str); 12] = [
    ("PUBLIC-DOMAIN", "LicenseRef-PublicDomain"),
    ("PUBLICDOMAIN", "LicenseRef-PublicDomain"),
    ("PERMISSIVE", "LicenseRef-Permissive"),
    ("COPYLEFT", "LicenseRef-Copyleft"),
    ("PROPIETARY", "LicenseRef-Proprietary"),
    ("PROPRIETARY", "LicenseRef-Proprietary"),
    ("GPL-2.0", "GPL-2.0-only"),
    ("GPL-3.0", "GPL-3.0-only"),
    ("GPLV3", "GPL-3.0-only"),
    ("AGPL-3.0", "AGPL-3.0-only"),
    ("LGPL-3.0", "LGPL-3.0-only"),
    ("IODL-V2.0", "IODL-2.0"),
];

/// A spelling compared without case, with spaces and underscores as
/// hyphens and a trailing "license"/"licence" dropped: `cc by 4.0`,
/// `CC_BY_4.0` and `CC-BY-4.0` are one.
fn key(text: &str) -> String {
    let mut k = text.trim().to_ascii_uppercase().replace([' ', '_'], "-");
    for suffix in ["-LICENSE", "-LICENCE"] {
        if let Some(stripped) = k.strip_suffix(suffix) {
            k = stripped.to_owned();
        }
    }
    k
}

/// The SPDX identifier for a licence as written (an identifier in any
/// case, its name, or a known other spelling), if it is one we know.
pub fn spdx_id(text: &str) -> Option<&'static str> {
    // Stored values are identifiers already: every card and facet value of a
    // catalogue page comes here, so those are found without normalising.
    if let Some((id, _)) = SPDX.iter().chain(KINDS.iter()).find(|(id, _)| *id == text) {
        return Some(id);
    }
    let k = key(text);
    if k.is_empty() {
        return None;
    }
    SPDX.iter()
        .find(|(id, name)| key(id) == k || key(name) == k)
        .map(|(id, _)| *id)
        .or_else(|| KINDS.iter().find(|(id, _)| key(id) == k).map(|(id, _)| *id))
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == k).map(|(_, id)| *id))
}

/// What a practice stores: the SPDX identifier where the text names a known
/// licence, otherwise the text as written (shown as not recognised).
pub fn canonical(text: &str) -> String {
    spdx_id(text).map_or_else(|| text.trim().to_owned(), str::to_owned)
}

/// A licence's name: `Some((name, id))` for an SPDX licence, or the message
/// naming a kind of licence (`Err`), or `None` when not recognised.
pub fn describe(code: &str) -> Option<Result<(&'static str, &'static str), &'static str>> {
    let id = spdx_id(code)?;
    if let Some((_, message)) = KINDS.iter().find(|(k, _)| *k == id) {
        return Some(Err(message));
    }
    SPDX.iter()
        .find(|(k, _)| *k == id)
        .map(|(id, name)| Ok((*name, *id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_map_to_identifiers() {
        for (written, id) in [
            ("CC-BY-4.0", "CC-BY-4.0"),
            ("cc by 4.0", "CC-BY-4.0"),
            ("Creative Commons Attribution 4.0", "CC-BY-4.0"),
            ("public_domain", "LicenseRef-PublicDomain"),
            ("propietary", "LicenseRef-Proprietary"),
            ("permissive", "LicenseRef-Permissive"),
            ("copyleft", "LicenseRef-Copyleft"),
            ("MIT License", "MIT"),
            ("apache-2.0", "Apache-2.0"),
            ("GPL-3.0", "GPL-3.0-only"),
            ("EUPL 1.2", "EUPL-1.2"),
            ("licenseref-publicdomain", "LicenseRef-PublicDomain"),
        ] {
            assert_eq!(spdx_id(written), Some(id), "{written}");
        }
        assert_eq!(spdx_id("Our own terms"), None);
        assert_eq!(spdx_id("  "), None);
        assert_eq!(canonical(" Our own terms "), "Our own terms");
        assert_eq!(canonical("cc0 1.0"), "CC0-1.0");
    }

    #[test]
    fn identifiers_are_named() {
        assert_eq!(
            describe("CC-BY-SA-4.0"),
            Some(Ok((
                "Creative Commons Attribution-ShareAlike 4.0",
                "CC-BY-SA-4.0"
            )))
        );
        assert_eq!(
            describe("LicenseRef-Copyleft"),
            Some(Err("licence-copyleft"))
        );
        assert_eq!(describe("whatever"), None);
    }
}
