//! Population reference data shipped with the application, for the
//! representativeness indicators: the 21 Italian NUTS 2 regions and
//! autonomous provinces with their resident population (ISTAT, popolazione
//! residente al 1° gennaio 2024), from `data/population-it.csv`.

use crate::model::Population;

const POPULATION_IT: &str = include_str!("../data/population-it.csv");

/// The Italian NUTS 2 territories and their residents, in file order.
/// Lines starting with `#`, the header and malformed lines are skipped.
pub fn population() -> Vec<Population> {
    parse(POPULATION_IT)
}

/// Reads `code,name,population` lines (names without commas).
fn parse(csv: &str) -> Vec<Population> {
    csv.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split(',');
            let (code, name, residents) = (fields.next()?, fields.next()?, fields.next()?);
            Some(Population {
                territory: code.trim().to_owned(),
                name: name.trim().to_owned(),
                population: residents.trim().parse().ok()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_one_italian_regions() {
        let p = population();
        assert_eq!(p.len(), 21);
        assert_eq!(p[0].territory, "ITC1");
        let lazio = p.iter().find(|r| r.territory == "ITI4").unwrap();
        assert_eq!(lazio.name, "Lazio");
        let total: i64 = p.iter().map(|r| r.population).sum();
        // ISTAT: 58,971,230 residents at 31 December 2023; within 0.1 %.
        assert!((total - 58_971_230).abs() < 60_000, "total {total}");
        let mut codes: Vec<&str> = p.iter().map(|r| r.territory.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 21);
    }

    #[test]
    fn skips_comments_header_and_bad_lines() {
        let p = parse("# note\ncode,name,population\nX1,Somewhere,10\nX2,Broken\n");
        assert_eq!(
            p,
            vec![Population {
                territory: "X1".into(),
                name: "Somewhere".into(),
                population: 10
            }]
        );
    }
}
