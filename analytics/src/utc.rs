//! Timestamps in JSON as RFC 3339 with `Z`: the database stores UTC without an
//! offset, and a client must not take `2026-12-04T17:43:55` for its local time.
//!
//! Use with `#[serde(with = "pspm_analytics::utc")]` on a `NaiveDateTime`
//! field, or `pspm_analytics::utc::option` on an `Option<NaiveDateTime>`.
//! Reading accepts any offset (converted to UTC) and, for files written before
//! timestamps carried one, none at all.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// `2026-12-04T17:43:55.463813Z`: as many fraction digits as are stored.
pub fn format(at: &NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Reads RFC 3339 with any offset, or a timestamp without one taken as UTC.
pub fn parse(text: &str) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc).naive_utc())
        .ok()
        .or_else(|| text.parse::<NaiveDateTime>().ok())
}

/// Serializes as [`format`].
pub fn serialize<S: Serializer>(at: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(at))
}

/// Deserializes what [`parse`] reads.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let text = String::deserialize(d)?;
    parse(&text).ok_or_else(|| serde::de::Error::custom("expected an RFC 3339 timestamp"))
}

/// The same for `Option<NaiveDateTime>` (`null` when absent).
pub mod option {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serializes `Some` as [`super::format`], `None` as `null`.
    pub fn serialize<S: Serializer>(at: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => super::serialize(at, s),
            None => s.serialize_none(),
        }
    }

    /// Deserializes `null` or what [`super::parse`] reads.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) => super::parse(&text)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("expected an RFC 3339 timestamp")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_z_and_reads_offsets_and_old_files() {
        let at =
            NaiveDateTime::parse_from_str("2026-12-04 17:43:55.463813", "%Y-%m-%d %H:%M:%S%.f")
                .unwrap();
        assert_eq!(format(&at), "2026-12-04T17:43:55.463813Z");
        assert_eq!(parse("2026-12-04T17:43:55.463813Z"), Some(at));
        assert_eq!(parse("2026-12-04T18:43:55.463813+01:00"), Some(at));
        assert_eq!(parse("2026-12-04T17:43:55.463813"), Some(at));
        assert_eq!(parse("yesterday"), None);
        let whole = at.date().and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(format(&whole), "2026-12-04T09:00:00Z");
    }
}
