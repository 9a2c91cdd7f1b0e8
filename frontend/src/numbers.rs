//! Numbers, money and dates as the reader's language writes them, and
//! numbers typed that way read back: grouping and decimal signs from CLDR
//! (ICU4X), so "1.500.000,50" in Italian and "1,500,000.50" in English.

use chrono::NaiveDate;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::locale;

use crate::i18n::Lang;

thread_local! {
    /// One formatter per language, built once per thread from the
    /// compiled-in data (a formatter is not shared between threads).
    static FORMATTERS: [DecimalFormatter; 4] = {
        let make = |l: icu_locale_core::Locale| {
            DecimalFormatter::try_new(l.into(), Default::default()).expect("compiled CLDR data")
        };
        [
            make(locale!("en")),
            make(locale!("it")),
            make(locale!("es")),
            make(locale!("lv")),
        ]
    };
}

/// `d` written by `lang`'s formatter.
fn write(lang: Lang, d: &Decimal) -> String {
    let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    FORMATTERS.with(|f| f[i].format(d).to_string())
}

/// `v` with at most `decimals` digits after the sign, trailing zeros dropped
/// unless `keep` asks for exactly that many.
fn decimal(v: f64, decimals: usize, keep: bool) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    let mut d = Decimal::try_from_str(&format!("{v:.decimals$}")).ok()?;
    if keep {
        d.absolute.pad_end(-(decimals as i16));
    } else {
        d.absolute.trim_end();
    }
    // "-0" reads as a mistake.
    if d.absolute.is_zero() {
        return Some(Decimal::from(0u8));
    }
    Some(d)
}

/// A number for people: at most two decimals, no trailing zeros.
pub fn number(lang: Lang, v: f64) -> String {
    decimals(lang, v, 2)
}

/// A number with at most `places` decimals, no trailing zeros.
pub fn decimals(lang: Lang, v: f64, places: usize) -> String {
    match decimal(v, places, false) {
        Some(d) => write(lang, &d),
        None => "—".into(),
    }
}

/// A number with exactly `places` decimals ("4,0" for a mean of ratings).
pub fn fixed(lang: Lang, v: f64, places: usize) -> String {
    match decimal(v, places, true) {
        Some(d) => write(lang, &d),
        None => "—".into(),
    }
}

/// A whole count with the language's grouping ("12.500" in Italian).
pub fn count(lang: Lang, n: i64) -> String {
    write(lang, &Decimal::from(n))
}

/// An amount in euros: cents shown when there are any, the sign where the
/// language puts it ("€1,500,000.50"; "1.500.000,50 €").
pub fn money(lang: Lang, v: f64) -> String {
    let whole = v.fract() == 0.0;
    let Some(d) = decimal(v, 2, !whole) else {
        return "—".into();
    };
    let n = write(lang, &d);
    match lang {
        Lang::En => format!("€{n}"),
        _ => format!("{n}\u{a0}€"),
    }
}

/// A percentage ("42 %" or "42%" as the language writes it).
pub fn percent(lang: Lang, v: f64) -> String {
    let n = decimals(lang, v, 1);
    match lang {
        Lang::En => format!("{n}%"),
        _ => format!("{n}\u{a0}%"),
    }
}

/// A date as CLDR's numeric day-month-year pattern writes it in the
/// language (English as in the United Kingdom): 5/12/2026, 05.12.2026.,
/// 05/12/2026.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    let pattern = match lang {
        Lang::It | Lang::Es => "%-d/%-m/%Y",
        Lang::Lv => "%d.%m.%Y.",
        Lang::En => "%d/%m/%Y",
    };
    d.format(pattern).to_string()
}

/// A month and year, written as the language writes them in dates: 12/2026, 12.2026.
pub fn month_year(lang: Lang, d: NaiveDate) -> String {
    let pattern = match lang {
        Lang::It | Lang::Es => "%-m/%Y",
        Lang::Lv => "%m.%Y.",
        Lang::En => "%m/%Y",
    };
    d.format(pattern).to_string()
}

/// Reads a number typed in `lang`'s way, also accepting the other common
/// way where it cannot be mistaken: "1.500.000,50" and "1500000.50" in
/// Italian, "1,500,000.50" in English; spaces and apostrophes group digits.
pub fn parse(lang: Lang, raw: &str) -> Option<f64> {
    let s: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’'))
        .collect();
    if s.is_empty() {
        return None;
    }
    let (dots, commas) = (s.matches('.').count(), s.matches(',').count());
    let decimal_sign = if dots > 0 && commas > 0 {
        // Both: the last one separates the decimals.
        if s.rfind('.') > s.rfind(',') {
            '.'
        } else {
            ','
        }
    } else if dots + commas == 0 {
        '.'
    } else {
        let sign = if dots > 0 { '.' } else { ',' };
        let after = s.len() - s.rfind(sign).unwrap_or(0) - 1;
        let own = if lang == Lang::En { '.' } else { ',' };
        if dots + commas > 1 {
            // Repeated: it groups thousands ("1.500.000").
            if sign == '.' { ',' } else { '.' }
        } else if sign == own || after != 3 {
            sign
        } else {
            // The other language's grouping sign before three digits: "1.500".
            if sign == '.' { ',' } else { '.' }
        }
    };
    let group = if decimal_sign == '.' { ',' } else { '.' };
    let mut parts = s.split(decimal_sign);
    let whole = parts.next().unwrap_or_default();
    if parts.count() > 1 {
        return None;
    }
    // Grouped digits come in threes after the first group.
    let groups: Vec<&str> = whole.trim_start_matches(['-', '+']).split(group).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let normal: String = s
        .chars()
        .filter(|c| *c != group)
        .map(|c| if c == decimal_sign { '.' } else { c })
        .collect();
    normal.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(money(Lang::It, 1_500_000.5), "1.500.000,50\u{a0}€");
        assert_eq!(money(Lang::En, 1_500_000.5), "€1,500,000.50");
        assert_eq!(money(Lang::Lv, 1_500_000.0), "1\u{a0}500\u{a0}000\u{a0}€");
        assert_eq!(number(Lang::It, 80.0), "80");
        assert_eq!(fixed(Lang::It, 5.0, 1), "5,0");
        assert_eq!(number(Lang::It, 39.5), "39,5");
        assert_eq!(number(Lang::En, -0.001), "0");
        // Spanish groups only from five digits (CLDR's minimum grouping).
        assert_eq!(count(Lang::Es, 1500), "1500");
        assert_eq!(count(Lang::Es, 15000), "15.000");
        assert_eq!(
            date(Lang::Lv, NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()),
            "05.12.2026."
        );
    }

    #[test]
    fn typed_numbers_are_read_the_language_s_way() {
        assert_eq!(parse(Lang::It, "1.500.000,50"), Some(1_500_000.5));
        assert_eq!(parse(Lang::It, "1500000.50"), Some(1_500_000.5));
        assert_eq!(parse(Lang::It, "1.500"), Some(1500.0));
        assert_eq!(parse(Lang::It, "39,5"), Some(39.5));
        assert_eq!(parse(Lang::En, "1,500,000.50"), Some(1_500_000.5));
        assert_eq!(parse(Lang::En, "39,5"), Some(39.5));
        assert_eq!(parse(Lang::En, "1,500"), Some(1500.0));
        assert_eq!(parse(Lang::Lv, "1 500 000,50"), Some(1_500_000.5));
        assert_eq!(parse(Lang::It, "-12,5"), Some(-12.5));
        assert_eq!(parse(Lang::It, "1,2,3"), None);
        assert_eq!(parse(Lang::It, "dodici"), None);
        assert_eq!(parse(Lang::It, ""), None);
    }
}
