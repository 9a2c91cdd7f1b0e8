//! Reading the plan editor's form fields: numbers, ids, optional texts and
//! the lock version, with a named error for each field that does not parse.

use pspm_frontend::i18n::Lang;

use crate::error::ErrorItem;
use crate::http::extract::FormData;

/// Parses an optional number field as the reader's language writes numbers
/// ("1.500.000,50" in Italian), also accepting a plain "1500000.50".
pub(super) fn number(
    lang: Lang,
    form: &FormData,
    name: &str,
    bad: &mut Vec<ErrorItem>,
) -> Option<f64> {
    let raw = form.get(name);
    if raw.trim().is_empty() {
        return None;
    }
    match pspm_frontend::numbers::parse(lang, &raw) {
        Some(v) => Some(v),
        None => {
            bad.push(ErrorItem {
                code: "number_invalid".into(),
                detail: format!("{name} must be a number"),
                field: Some(name.into()),
            });
            None
        }
    }
}

/// Parses an optional id field (a choice in a list).
pub(super) fn id_field(form: &FormData, name: &str, bad: &mut Vec<ErrorItem>) -> Option<i32> {
    match form.opt_id(name) {
        Ok(v) => v,
        Err(_) => {
            bad.push(ErrorItem {
                code: "invalid_choice".into(),
                detail: format!("{name} is not valid"),
                field: Some(name.into()),
            });
            None
        }
    }
}

/// A whole number of days, `None` when blank; anything else is refused
/// next to its field.
pub(super) fn whole_days(form: &FormData, name: &str, bad: &mut Vec<ErrorItem>) -> Option<i32> {
    let v = form.get(name);
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse() {
        Ok(n) => Some(n),
        Err(_) => {
            bad.push(ErrorItem {
                code: "number_invalid".into(),
                detail: format!("{name} must be a whole number of days"),
                field: Some(name.into()),
            });
            None
        }
    }
}

/// A text field, `None` when blank.
pub(super) fn opt_text(form: &FormData, name: &str) -> Option<String> {
    Some(form.get(name)).filter(|v| !v.trim().is_empty())
}

/// The version of the record the form was filled from (0 when absent).
pub(super) fn lock_version(form: &FormData) -> i32 {
    form.get("lock_version").trim().parse().unwrap_or(0)
}
