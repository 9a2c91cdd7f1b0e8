//! The cells of every CSV file the application writes, safe to open in a
//! spreadsheet: a text that begins like a formula (`=`, `+`, `-`, `@`, a tab
//! or a carriage return) is written after a single quote `'`, as OWASP advises
//! against CSV injection. Numbers are never changed; [`restore`] reads a
//! quoted text back as it was.

use std::borrow::Cow;
use std::io::Write;

use polars::prelude::*;

/// The characters a spreadsheet reads as the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The quote put before such a text.
const QUOTE: char = '\'';

/// Whether `text` is written after a quote: it begins like a formula, or
/// with quotes before such a beginning (quoted once more, so that
/// [`restore`] gives back every text exactly).
fn quoted(text: &str) -> bool {
    let unquoted = text.trim_start_matches(QUOTE);
    unquoted.starts_with(FORMULA_START)
}

/// A text cell as written to CSV.
pub fn text(cell: &str) -> Cow<'_, str> {
    if quoted(cell) {
        Cow::Owned(format!("{QUOTE}{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A text cell as read from a CSV file written with [`text`]: the text as it was.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix(QUOTE) {
        Some(rest) if quoted(rest) => rest,
        _ => cell,
    }
}

/// `frame` with every text column written with [`text`]; numbers, dates and
/// other columns are left as they are.
pub fn frame(frame: &DataFrame) -> PolarsResult<DataFrame> {
    let mut out = frame.clone();
    for column in frame.columns() {
        if column.dtype() != &DataType::String {
            continue;
        }
        let cells = column.str()?;
        if cells.iter().flatten().any(quoted) {
            out.with_column(cells.apply_values(text).into_column())?;
        }
    }
    Ok(out)
}

/// Writes `df` as CSV (UTF-8, comma-separated, the header row when
/// `header`), its text cells written with [`text`].
pub fn write<W: Write>(df: &DataFrame, out: &mut W, header: bool) -> PolarsResult<()> {
    CsvWriter::new(out)
        .include_header(header)
        .finish(&mut frame(df)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_that_begin_like_formulas_are_quoted_and_read_back() {
        for (written, cell) in [
            ("=1+2", "'=1+2"),
            ("+39 06 1234", "'+39 06 1234"),
            ("-30%", "'-30%"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("''-1", "'''-1"),
            ("'Ndrangheta", "'Ndrangheta"),
            ("a=1", "a=1"),
            ("", ""),
            ("'", "'"),
        ] {
            assert_eq!(text(written), cell, "{written:?}");
            assert_eq!(restore(cell), written, "{cell:?}");
        }
    }

    #[test]
    fn only_text_columns_change() {
        let df = df!(
            "name" => ["=HYPERLINK(\"https://evil/\")", "Roma"],
            "value" => [-1.5, 2.0],
            "note" => [Some("-2"), None],
        )
        .unwrap();
        let mut csv = Vec::new();
        write(&df, &mut csv, true).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "name,value,note\n\"'=HYPERLINK(\"\"https://evil/\"\")\",-1.5,'-2\nRoma,2.0,\n"
        );
        let mut rows = Vec::new();
        write(&df, &mut rows, false).unwrap();
        assert!(String::from_utf8(rows).unwrap().starts_with("\"'="));
    }
}
