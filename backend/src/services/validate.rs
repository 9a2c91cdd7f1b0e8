//! Field validation helpers that collect every problem of a form at once.

use crate::error::{AppError, ErrorItem};

/// Collects field errors.
#[derive(Debug, Default)]
pub struct Checker {
    items: Vec<ErrorItem>,
}

impl Checker {
    /// Adds an error on `field`.
    pub fn add(&mut self, field: &str, code: &str, detail: impl Into<String>) {
        self.items.push(ErrorItem {
            code: code.to_owned(),
            detail: detail.into(),
            field: Some(field.to_owned()),
        });
    }

    /// Trims `value`, requires it non-empty and at most `max` characters
    /// as sent (the API's schema counts them so).
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.add(field, "required", format!("{field} is required"));
        } else {
            self.max(field, value, max);
        }
        v.to_owned()
    }

    /// Optional text: empty becomes `None`; at most `max` characters as sent.
    pub fn opt_text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let sent = value?;
        let v = Some(sent.trim()).filter(|v| !v.is_empty())?;
        self.max(field, sent, max);
        Some(v.to_owned())
    }

    fn max(&mut self, field: &str, v: &str, max: usize) {
        if v.chars().count() > max {
            self.add(
                field,
                "too_long",
                format!("{field} must be at most {max} characters"),
            );
        }
        if v.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            self.add(
                field,
                "invalid_characters",
                format!("{field} contains control characters"),
            );
        }
    }

    /// Parses one of a closed set of values.
    pub fn choice<T>(
        &mut self,
        field: &str,
        value: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = value.trim();
        if v.is_empty() {
            self.add(field, "required", format!("{field} is required"));
            return None;
        }
        let parsed = parse(v);
        if parsed.is_none() {
            self.add(
                field,
                "invalid_choice",
                format!("{field} has an unknown value"),
            );
        }
        parsed
    }

    /// Validates and normalises (lower-cases) an email address.
    pub fn email(&mut self, field: &str, value: &str) -> String {
        let v = value.trim().to_lowercase();
        if v.is_empty() {
            self.add(field, "required", format!("{field} is required"));
        } else if v.chars().count() > crate::domain::limits::EMAIL || !looks_like_email(&v) {
            self.add(
                field,
                "email_invalid",
                format!("{field} is not a valid email address"),
            );
        }
        v
    }

    /// Parses an optional ISO date (`YYYY-MM-DD`); empty is `None`.
    pub fn opt_date(&mut self, field: &str, value: Option<&str>) -> Option<chrono::NaiveDate> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        // ISO dates, and the day/month/year form Italian, Spanish and Latvian readers write.
        let parsed = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .or_else(|_| chrono::NaiveDate::parse_from_str(v, "%d/%m/%Y"))
            .or_else(|_| chrono::NaiveDate::parse_from_str(v, "%d.%m.%Y"));
        match parsed {
            Ok(d) => Some(d),

            Err(_) => {
                self.add(
                    field,
                    "date_invalid",
                    format!("{field} must be a date as YYYY-MM-DD"),
                );
                None
            }
        }
    }

    /// Parses a required ISO date.
    pub fn date(&mut self, field: &str, value: &str) -> Option<chrono::NaiveDate> {
        if value.trim().is_empty() {
            self.add(field, "required", format!("{field} is required"));
            return None;
        }
        self.opt_date(field, Some(value))
    }

    /// Requires `start <= end` when both are given.
    pub fn order(
        &mut self,
        end_field: &str,
        start: Option<chrono::NaiveDate>,
        end: Option<chrono::NaiveDate>,
    ) {
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            self.add(
                end_field,
                "end_before_start",
                format!("{end_field} must not be before the start"),
            );
        }
    }

    /// Checks an optional number lies in `min..=max` (and is finite).
    pub fn range(&mut self, field: &str, value: Option<f64>, min: f64, max: f64) -> Option<f64> {
        let v = value?;
        if !v.is_finite() || v < min || v > max {
            self.add(
                field,
                "out_of_range",
                format!("{field} must be between {min} and {max}"),
            );
        }
        Some(v)
    }

    /// Whether any error was found.
    pub fn is_ok(&self) -> bool {
        self.items.is_empty()
    }

    /// `Ok(())` or the collected validation error.
    pub fn finish(self) -> Result<(), AppError> {
        if self.items.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.items))
        }
    }
}

/// A value the checker required: present once [`Checker::finish`] passed.
pub fn required<T>(value: Option<T>) -> Result<T, AppError> {
    value.ok_or_else(|| AppError::Internal("a required value passed unchecked".into()))
}

fn looks_like_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',')
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_problem() {
        let mut c = Checker::default();
        assert_eq!(c.text("name", "  ", 10), "");
        c.text("title", "abcdefghijk", 10);
        assert_eq!(c.email("email", " A@B.it "), "a@b.it");
        c.email("email2", "not-an-email");
        let Err(AppError::Validation(items)) = c.finish() else {
            panic!("expected validation errors")
        };
        let codes: Vec<_> = items
            .iter()
            .map(|i| (i.field.clone().unwrap(), i.code.clone()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("name".into(), "required".into()),
                ("title".into(), "too_long".into()),
                ("email2".into(), "email_invalid".into())
            ]
        );
    }
}
