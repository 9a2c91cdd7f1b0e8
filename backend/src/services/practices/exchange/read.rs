//! Reading a practices file (JSON or CSV) into entries, collecting the
//! problems of single rows or entries.

use std::collections::HashMap;

use pspm_analytics::csv_cells;
use serde_json::Value;

use super::{
    CSV_COLUMNS, Entry, FORMAT, Format, PRACTICE_COLUMNS, Parsed, PracticeDoc, TextDoc, field_at,
    file_error, problem, utf8,
};
use crate::error::{AppResult, ErrorItem};

/// Reads a file in `format`. File-level problems (encoding, columns, broken
/// JSON, wrong format name) are errors; problems of single rows or entries are
/// collected in [`Parsed::problems`].
pub fn read(format: Format, bytes: &[u8]) -> AppResult<Parsed> {
    match format {
        Format::Json => read_json(bytes),
        Format::Csv => read_csv(bytes),
    }
}

/// Reads a `pspm-practices/1` JSON document.
pub fn read_json(bytes: &[u8]) -> AppResult<Parsed> {
    let text = utf8(bytes)?;
    let mut value: Value = serde_json::from_str(text).map_err(|e| {
        file_error(
            None,
            "invalid_json",
            format!("The file is not valid JSON: {e}."),
        )
    })?;
    crate::error::integral(&mut value);
    let Some(obj) = value.as_object() else {
        return Err(file_error(
            None,
            "invalid_json",
            format!(
                "The file must be a JSON object with \"format\": \"{FORMAT}\" and \"practices\"."
            ),
        ));
    };
    if obj.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(file_error(
            Some("format".into()),
            "format_unknown",
            format!("format must be {FORMAT}"),
        ));
    }
    let mut parsed = Parsed::default();
    for key in obj.keys().filter(|k| *k != "format" && *k != "practices") {
        parsed.problems.push(problem(
            key.clone(),
            "unknown_field",
            format!("unknown field {key:?}: expected format and practices"),
        ));
    }
    let Some(list) = obj.get("practices").and_then(Value::as_array) else {
        return Err(file_error(
            Some("practices".into()),
            "required",
            "practices must be a list",
        ));
    };
    for (i, v) in list.iter().enumerate() {
        let at = format!("practices.{i}");
        match serde_path_to_error::deserialize::<_, PracticeDoc>(v) {
            Ok(doc) => parsed.entries.push(Entry {
                texts_at: (0..doc.texts.len())
                    .map(|k| format!("{at}.texts.{k}"))
                    .collect(),
                at,
                doc,
            }),
            Err(e) => {
                let path = e.path().to_string().replace('[', ".").replace(']', "");
                let field = if path == "." {
                    at
                } else {
                    format!("{at}.{path}")
                };
                parsed
                    .problems
                    .push(problem(field, "invalid_type", e.into_inner().to_string()));
            }
        }
    }
    Ok(parsed)
}

fn opt(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

fn list(v: &str) -> Vec<String> {
    v.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A practice being assembled from CSV rows.
struct CsvPractice {
    /// Index in `Parsed::entries`.
    index: usize,
    /// Line of its first row.
    line: u64,
    /// Its practice-level cells on that row (trimmed).
    head: Vec<String>,
}

/// Reads CSV: a header row naming every column of [`CSV_COLUMNS`], then one
/// row per practice and language; a text quoted on export comes back as written.
pub fn read_csv(bytes: &[u8]) -> AppResult<Parsed> {
    let text = utf8(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| file_error(Some("line 1".into()), "invalid_csv", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if header.iter().all(String::is_empty) {
        return Err(file_error(
            None,
            "file_empty",
            format!(
                "The file is empty: it needs a header row with the columns {}.",
                CSV_COLUMNS.join(",")
            ),
        ));
    }
    let missing: Vec<&str> = CSV_COLUMNS
        .into_iter()
        .filter(|c| *c != "how_to_use" && !header.iter().any(|h| h == c))
        .collect();
    let mut unknown: Vec<&str> = Vec::new();
    let mut repeated: Vec<&str> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if !CSV_COLUMNS.contains(&h.as_str()) {
            unknown.push(h);
        } else if header[..i].contains(h) {
            repeated.push(h);
        }
    }
    if !(missing.is_empty() && unknown.is_empty() && repeated.is_empty()) {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("missing columns: {}", missing.join(", ")));
        }
        if !unknown.is_empty() {
            let shown: Vec<String> = unknown.iter().map(|u| format!("{u:?}")).collect();
            parts.push(format!("unknown columns: {}", shown.join(", ")));
        }
        if !repeated.is_empty() {
            parts.push(format!("repeated columns: {}", repeated.join(", ")));
        }
        return Err(file_error(
            Some("line 1".into()),
            "columns_invalid",
            format!(
                "The header row does not match: {}. The columns are {}.",
                parts.join("; "),
                CSV_COLUMNS.join(",")
            ),
        ));
    }
    let col: HashMap<&str, usize> = CSV_COLUMNS
        .into_iter()
        .filter_map(|c| header.iter().position(|h| h == c).map(|i| (c, i)))
        .collect();
    let mut parsed = Parsed::default();
    let mut seen: HashMap<String, CsvPractice> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                parsed.problems.push(record_problem(&e));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let at = format!("line {line}");
        let cell = |c: &str| {
            let raw = col
                .get(c)
                .and_then(|i| record.get(*i))
                .unwrap_or_default()
                .trim();
            csv_cells::restore(raw).to_owned()
        };
        let slug = cell("slug");
        if slug.is_empty() {
            parsed.problems.push(problem(
                field_at(&at, "slug"),
                "required",
                "slug is required on every row",
            ));
            continue;
        }
        let head: Vec<String> = PRACTICE_COLUMNS.into_iter().map(cell).collect();
        let index = match seen.get(&slug) {
            Some(first) => {
                for (k, c) in PRACTICE_COLUMNS.into_iter().enumerate() {
                    if head[k] != first.head[k] {
                        parsed.problems.push(problem(
                            field_at(&at, c),
                            "inconsistent",
                            format!(
                                "{c} differs from line {}, the first row of practice {slug}; rows of one practice must agree",
                                first.line
                            ),
                        ));
                    }
                }
                first.index
            }
            None => {
                let doc = csv_practice(&head, &at, &mut parsed.problems);
                parsed.entries.push(Entry {
                    doc,
                    at: at.clone(),
                    texts_at: Vec::new(),
                });
                let index = parsed.entries.len() - 1;
                seen.insert(slug.clone(), CsvPractice { index, line, head });
                index
            }
        };
        let text = TextDoc {
            lang: cell("lang"),
            title: cell("title"),
            summary: cell("summary"),
            problem: cell("problem"),
            solution: cell("solution"),
            results: cell("results"),
            lessons: cell("lessons"),
            conditions: cell("conditions"),
            how_to_use: cell("how_to_use"),
        };
        let entry = &mut parsed.entries[index];
        if let Some(k) = entry
            .doc
            .texts
            .iter()
            .position(|t| !text.lang.is_empty() && t.lang == text.lang)
        {
            parsed.problems.push(problem(
                field_at(&at, "lang"),
                "duplicate",
                format!(
                    "practice {slug} already has texts in {} ({})",
                    text.lang, entry.texts_at[k]
                ),
            ));
            continue;
        }
        entry.doc.texts.push(text);
        entry.texts_at.push(at);
    }
    Ok(parsed)
}

/// The practice-level cells of a row (in [`PRACTICE_COLUMNS`] order) as a practice.
fn csv_practice(head: &[String], at: &str, problems: &mut Vec<ErrorItem>) -> PracticeDoc {
    let launch_year = match head[7].as_str() {
        "" => None,
        y => y.parse().map(Some).unwrap_or_else(|_| {
            problems.push(problem(
                field_at(at, "launch_year"),
                "invalid_type",
                format!("launch_year must be a year such as 2021, not {y:?}"),
            ));
            None
        }),
    };
    let mut sdgs = Vec::new();
    for s in list(&head[13]) {
        match s.parse() {
            Ok(n) => sdgs.push(n),
            Err(_) => problems.push(problem(
                field_at(at, "sdgs"),
                "invalid_type",
                format!("sdgs are numbers from 1 to 17 separated by ;, not {s:?}"),
            )),
        }
    }
    PracticeDoc {
        slug: head[0].clone(),
        owner_organisation: head[1].clone(),
        status: head[2].clone(),
        original_language: head[3].clone(),
        level: opt(&head[4]),
        policy_area: opt(&head[5]),
        innovation_stage: opt(&head[6]),
        launch_year,
        licence: opt(&head[8]),
        country: opt(&head[9]),
        territory_code: opt(&head[10]),
        contact: opt(&head[11]),
        tags: list(&head[12]),
        sdgs,
        links: list(&head[14]),
        texts: Vec::new(),
    }
}

fn record_problem(e: &csv::Error) -> ErrorItem {
    let line = e.position().map_or(0, csv::Position::line);
    let detail = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} fields; the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "the row is not UTF-8 text".to_owned(),
        _ => format!("the row cannot be read: {e}"),
    };
    problem(format!("line {line}"), "invalid_row", detail)
}
