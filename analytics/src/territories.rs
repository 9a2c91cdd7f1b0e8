//! Territory names shipped with the application, so that readers see
//! "Bologna", not `ITH55` or `037006`: the NUTS 2021 codes of Italy (country,
//! macro-regions, regions, provinces) and ISTAT's province and municipality
//! codes, from `data/territories-it.csv`.

use std::collections::HashMap;
use std::sync::OnceLock;

const TERRITORIES_IT: &str = include_str!("../data/territories-it.csv");

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| parse(TERRITORIES_IT))
}

/// The name of the territory with this code (NUTS or ISTAT), if known.
/// Codes are matched without regard to case and surrounding spaces.
pub fn territory_name(code: &str) -> Option<&'static str> {
    let code = code.trim();
    let table = table();
    table
        .get(code)
        .or_else(|| table.get(code.to_ascii_uppercase().as_str()))
        .copied()
}

/// Reads `code,name` lines (names without commas), skipping comments and
/// the header.
fn parse(csv: &str) -> HashMap<&str, &str> {
    csv.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("code,"))
        .filter_map(|l| l.split_once(','))
        .map(|(code, name)| (code.trim(), name.trim()))
        .filter(|(code, name)| !code.is_empty() && !name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nuts_and_istat_codes_have_names() {
        assert_eq!(territory_name("IT"), Some("Italia"));
        assert_eq!(territory_name("ITI4"), Some("Lazio"));
        assert_eq!(territory_name("ITH55"), Some("Bologna"));
        assert_eq!(territory_name("ith55 "), Some("Bologna"));
        assert_eq!(territory_name("ITI43"), Some("Roma"));
        assert_eq!(territory_name("037006"), Some("Bologna"));
        assert_eq!(territory_name("058091"), Some("Roma"));
        assert_eq!(territory_name("ITZZZ"), None);
        assert_eq!(territory_name(""), None);
        // 21 regions and autonomous provinces, 107 provinces, about 7,900 municipalities.
        let t = table();
        let nuts3 = t
            .keys()
            .filter(|c| c.starts_with("IT") && c.len() == 5)
            .count();
        assert_eq!(nuts3, 107);
        let municipalities = t
            .keys()
            .filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
            .count();
        assert!((7_800..8_100).contains(&municipalities), "{municipalities}");
    }
}
