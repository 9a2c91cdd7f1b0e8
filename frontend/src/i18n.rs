//! Translation catalogue (Project Fluent files under `frontend/locales/`, one
//! folder per language) and language negotiation: a cookie, else the browser's
//! `Accept-Language`, else English.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

thread_local! {
    /// The messages without arguments this thread has looked up, by
    /// language and key: only those the catalogue has, so at most its size
    /// (a missing key, say from a facet value in a URL, is not kept).
    static FOUND: RefCell<HashMap<Lang, HashMap<String, String>>> = RefCell::new(HashMap::new());
}

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Italian.
    It,
    /// Spanish.
    Es,
    /// Latvian.
    Lv,
}

impl Lang {
    /// Every supported language, in the order of the switcher.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::It, Lang::Es, Lang::Lv];

    /// BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
            Lang::Es => "es",
            Lang::Lv => "lv",
        }
    }

    /// The language's own name (shown in the switcher, untranslated by design).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italiano",
            Lang::Es => "Español",
            Lang::Lv => "Latviešu",
        }
    }

    /// Parses a code such as `it` or `it-IT`.
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::En => langid!("en"),
            Lang::It => langid!("it"),
            Lang::Es => langid!("es"),
            Lang::Lv => langid!("lv"),
        }
    }
}

/// Chooses the language: the cookie's if valid, else the best `Accept-Language` match, else English.
pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
    if let Some(lang) = cookie.and_then(Lang::parse) {
        return lang;
    }
    let Some(header) = accept_language else {
        return Lang::En;
    };
    let mut ranked: Vec<(f32, usize, Lang)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let lang = Lang::parse(pieces.next()?)?;
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, i, lang))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|r| r.2).unwrap_or_default()
}

/// Translator for one language, passed to every page and component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    /// The language.
    pub lang: Lang,
}

impl Tr {
    /// A translator for `lang`.
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// The message `key`; a missing key shows as `⟦key⟧` so tests can catch it.
    /// Messages found are kept per thread and language (a page asks for the
    /// same labels again and again: a catalogue page for a hundred).
    pub fn t(&self, key: &str) -> String {
        FOUND.with_borrow_mut(|found| {
            let found = found.entry(self.lang).or_default();
            if let Some(message) = found.get(key) {
                return message.clone();
            }
            match LOCALES.try_lookup(&self.lang.langid(), key) {
                Some(message) => {
                    found.insert(key.to_owned(), message.clone());
                    message
                }
                None => format!("⟦{key}⟧"),
            }
        })
    }

    /// The message `key` with named arguments.
    pub fn ta(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| {
                // Whole numbers go in as numbers so plural selectors work.
                let value = match v.parse::<i64>() {
                    Ok(n) => FluentValue::from(n),
                    Err(_) => FluentValue::from(v.clone()),
                };
                (Cow::Borrowed(*k), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(&self.lang.langid(), key, &map)
            .unwrap_or_else(|| format!("⟦{key}⟧"))
    }

    /// A number in the reader's language (at most two decimals).
    pub fn number(&self, v: f64) -> String {
        crate::numbers::number(self.lang, v)
    }

    /// A whole count in the reader's language.
    pub fn count(&self, n: i64) -> String {
        crate::numbers::count(self.lang, n)
    }

    /// A percentage (of 100) in the reader's language.
    pub fn percent(&self, v: f64) -> String {
        crate::numbers::percent(self.lang, v)
    }

    /// An amount in euros in the reader's language.
    pub fn money(&self, v: f64) -> String {
        crate::numbers::money(self.lang, v)
    }

    /// A date in the reader's language.
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        crate::numbers::date(self.lang, d)
    }

    /// The message for `prefix-value` (enum labels such as `org-kind-region`).
    pub fn label(&self, prefix: &str, value: &str) -> String {
        self.t(&format!("{prefix}-{}", value.replace('_', "-")))
    }

    /// The message of an error `code` about a field labelled `field_label`:
    /// the field's own (`error-<code>-<subject>`) when it has one, else [`Tr::error`].
    pub fn field_error(&self, code: &str, field_label: &str, subject: Option<&str>) -> String {
        if let Some(subject) = subject {
            let own = self.t(&format!("error-{}-{subject}", code.replace('_', "-")));
            if !own.contains('⟦') {
                return own;
            }
        }
        self.error(code, field_label)
    }

    /// The translated message of an error `code` about a field labelled `field_label`.
    pub fn error(&self, code: &str, field_label: &str) -> String {
        let key = format!("error-{}", code.replace('_', "-"));
        let args = [("field", field_label.to_owned())];
        let text = self.ta(&key, &args);
        if text.contains('⟦') {
            self.ta("error-generic", &args)
        } else {
            text
        }
    }
}

/// Message ids defined in a Fluent source (for catalogue completeness checks).
pub fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_prefers_cookie_then_quality() {
        assert_eq!(negotiate(Some("lv"), Some("it")), Lang::Lv);
        assert_eq!(
            negotiate(Some("xx"), Some("fr, es;q=0.8, it;q=0.9")),
            Lang::It
        );
        assert_eq!(negotiate(None, Some("it-IT,it;q=0.9,en;q=0.8")), Lang::It);
        assert_eq!(negotiate(None, Some("de")), Lang::En);
        assert_eq!(negotiate(None, None), Lang::En);
        assert_eq!(negotiate(None, Some("es;q=0, lv")), Lang::Lv);
    }

    #[test]
    fn every_language_has_every_message() {
        let sources = [
            ("en", include_str!("../locales/en/main.ftl")),
            ("it", include_str!("../locales/it/main.ftl")),
            ("es", include_str!("../locales/es/main.ftl")),
            ("lv", include_str!("../locales/lv/main.ftl")),
        ];
        let mut en = message_ids(sources[0].1);
        en.sort();
        assert!(en.len() > 50, "the English catalogue looks truncated");
        for (code, src) in &sources[1..] {
            let mut ids = message_ids(src);
            ids.sort();
            let missing: Vec<_> = en.iter().filter(|k| !ids.contains(k)).collect();
            let extra: Vec<_> = ids.iter().filter(|k| !en.contains(k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{code}: missing {missing:?}, extra {extra:?}"
            );
        }
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            // Every variable any English message uses, so each message can be formatted.
            let names: Vec<&'static str> = {
                let src: &'static str = sources[0].1;
                let mut names: Vec<&'static str> = src
                    .match_indices('$')
                    .map(|(i, _)| {
                        let rest = &src[i + 1..];
                        let end = rest
                            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                            .unwrap_or(rest.len());
                        &rest[..end]
                    })
                    .collect();
                names.sort();
                names.dedup();
                names
            };
            let args: Vec<(&'static str, String)> =
                names.into_iter().map(|k| (k, "1".to_owned())).collect();
            for key in &en {
                let text = tr.ta(key, &args);
                assert!(
                    !text.contains('⟦') && !text.trim().is_empty(),
                    "{key} in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn translations_differ_from_english() {
        // Guards against a catalogue copied from English and left untranslated.
        for lang in [Lang::It, Lang::Es, Lang::Lv] {
            let tr = Tr::new(lang);
            assert_ne!(tr.t("nav-home"), Tr::new(Lang::En).t("nav-home"));
            assert_ne!(tr.t("sign-in-title"), Tr::new(Lang::En).t("sign-in-title"));
        }
    }
}
