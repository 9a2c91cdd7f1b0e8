//! Reading the plan editor's form fields: numbers, ids, optional texts and
//! the lock version, with a named error for each field that does not parse.

use crate::error::ErrorItem;
use crate::http::extract::FormData;

/// Parses an optional number field (accepting a decimal comma).
pub(super) fn number(form: &FormData, name: &str, bad: &mut Vec<ErrorItem>) -> Option<f64> {
    let raw = form.get(name);
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let normalised = if raw.contains('.') {
        raw.replace(',', "")
    } else {
        raw.replace(',', ".")
    };
    match normalised.replace(' ', "").parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
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

/// A text field, `None` when blank.
pub(super) fn opt_text(form: &FormData, name: &str) -> Option<String> {
    Some(form.get(name)).filter(|v| !v.trim().is_empty())
}

/// The version of the record the form was filled from (0 when absent).
pub(super) fn lock_version(form: &FormData) -> i32 {
    form.get("lock_version").trim().parse().unwrap_or(0)
}
