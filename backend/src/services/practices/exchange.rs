//! Import and export of good practices as JSON and CSV, for moving a catalogue
//! between installations and for editing many practices in a spreadsheet.
//!
//! **JSON** (format `pspm-practices/1`):
//! `{"format": "pspm-practices/1", "practices": [{"slug", "owner_organisation",
//! "status", "original_language", "level", "policy_area", "innovation_stage",
//! "launch_year", "licence", "country", "territory_code", "contact", "tags": […],
//! "sdgs": […], "links": […], "texts": [{"lang", "title", "summary", "problem",
//! "solution", "results", "lessons", "conditions"}]}]}`. The owner organisation is
//! named, not numbered; unknown keys are errors. Problems are named like
//! `practices.2.title` or `practices.2.texts.1.summary`.
//!
//! **CSV** (UTF-8, comma-separated, a header row with exactly the columns of
//! [`CSV_COLUMNS`] in any order): one row per practice and language. The
//! practice-level columns (`slug` … `links`) are repeated on every row of the
//! same slug and must agree; `tags`, `sdgs` and `links` are lists separated by
//! `;` (so a tag or link cannot itself contain `;`: use JSON for those). Empty
//! cells are "not given". Problems are named like `line 3: title` (line numbers
//! of the file, the header being line 1).
//!
//! **Import** checks every practice with the rules of the practice form, plus:
//! the slug is required and unique in the file, the owner organisation must
//! exist (by exact name), the status is draft, submitted, published or archived,
//! and the texts in the original language are present. Either every practice is
//! valid and all are stored in one transaction, or nothing is stored and every
//! problem is reported. Practices are matched by slug, so importing the same
//! file again changes nothing. Published (and archived) practices get a
//! publication date, submitted ones a submission date, when they have none.
//!
//! **Export** lists practices ordered by slug (byte order, the same on every
//! database) with the texts in every language ordered by language code.

use std::collections::HashMap;
use std::path::Path;

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::organisation::Organisation;
use crate::db::practice::{Practice, PracticeFields, PracticeText};
use crate::db::schema::{practice_sdgs, practice_tags, practice_texts, practices};
use crate::domain::limits;
use crate::error::{AppError, AppResult, ErrorItem};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::practices::edit::{
    self as practice_edit, LANGUAGES, PracticeInput, TextsInput,
};

/// The JSON document format name.
pub const FORMAT: &str = "pspm-practices/1";

/// Practice statuses an import accepts.
pub const STATUSES: [&str; 4] = ["draft", "submitted", "published", "archived"];

/// The practice-level CSV columns (repeated on each row of a practice).
const PRACTICE_COLUMNS: [&str; 15] = [
    "slug",
    "owner_organisation",
    "status",
    "original_language",
    "level",
    "policy_area",
    "innovation_stage",
    "launch_year",
    "licence",
    "country",
    "territory_code",
    "contact",
    "tags",
    "sdgs",
    "links",
];

/// The CSV header, in the order exports write it.
pub const CSV_COLUMNS: [&str; 23] = [
    "slug",
    "owner_organisation",
    "status",
    "original_language",
    "level",
    "policy_area",
    "innovation_stage",
    "launch_year",
    "licence",
    "country",
    "territory_code",
    "contact",
    "tags",
    "sdgs",
    "links",
    "lang",
    "title",
    "summary",
    "problem",
    "solution",
    "results",
    "lessons",
    "conditions",
];

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `pspm-practices/1` JSON.
    Json,
    /// CSV, one row per practice and language.
    Csv,
}

impl Format {
    /// `json` or `csv` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Some(Self::Json),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    /// The format a file name's extension (`.json`, `.csv`) says.
    pub fn of_path(path: &Path) -> Option<Self> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Self::parse)
    }

    /// `json` or `csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }
}

/// A file of practices.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PracticesDoc {
    /// Always `pspm-practices/1`.
    pub format: String,
    /// The practices, ordered by slug.
    pub practices: Vec<PracticeDoc>,
}

/// One practice in a file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PracticeDoc {
    /// Stable key; an import updates the practice with this slug.
    pub slug: String,
    /// Owner organisation, by its exact name.
    pub owner_organisation: String,
    /// `draft`, `submitted`, `published` or `archived`.
    pub status: String,
    /// Language the practice was written in (its texts must be present).
    pub original_language: String,
    /// Level of government: eu, national, regional, local.
    pub level: Option<String>,
    /// Policy area.
    pub policy_area: Option<String>,
    /// Innovation stage.
    pub innovation_stage: Option<String>,
    /// Launch year.
    pub launch_year: Option<i32>,
    /// Licence.
    pub licence: Option<String>,
    /// Country, ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Territory code.
    pub territory_code: Option<String>,
    /// Contact.
    pub contact: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Sustainable Development Goals, 1–17.
    pub sdgs: Vec<i32>,
    /// Links (http or https).
    pub links: Vec<String>,
    /// Texts, one entry per language.
    pub texts: Vec<TextDoc>,
}

/// The texts of a practice in one language, in a file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TextDoc {
    /// Language: en, it, es or lv.
    pub lang: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Problem addressed.
    pub problem: String,
    /// Solution.
    pub solution: String,
    /// Results.
    pub results: String,
    /// Lessons learned.
    pub lessons: String,
    /// Conditions for replication.
    pub conditions: String,
}

impl From<PracticeText> for TextDoc {
    fn from(t: PracticeText) -> Self {
        Self {
            lang: t.lang,
            title: t.title,
            summary: t.summary,
            problem: t.problem,
            solution: t.solution,
            results: t.results,
            lessons: t.lessons,
            conditions: t.conditions,
        }
    }
}

impl From<&TextDoc> for TextsInput {
    fn from(t: &TextDoc) -> Self {
        Self {
            lang: t.lang.clone(),
            title: t.title.clone(),
            summary: t.summary.clone(),
            problem: t.problem.clone(),
            solution: t.solution.clone(),
            results: t.results.clone(),
            lessons: t.lessons.clone(),
            conditions: t.conditions.clone(),
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema, PartialEq, Eq)]
pub struct ImportReport {
    /// Practices created.
    pub created: usize,
    /// Practices changed.
    pub updated: usize,
    /// Practices already as in the file.
    pub unchanged: usize,
}

/// A practice read from a file, with where it and its texts were.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The practice.
    pub doc: PracticeDoc,
    /// Where the practice is: `practices.2` (JSON) or `line 3` (CSV, its first row).
    pub at: String,
    /// Where each of `doc.texts` is: `practices.2.texts.0` or `line 4`.
    pub texts_at: Vec<String>,
}

/// A file read into practices, and the problems found while reading it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// Practices read (possibly with problems found later by [`import`]).
    pub entries: Vec<Entry>,
    /// Rows or entries that could not be read.
    pub problems: Vec<ErrorItem>,
}

/// Names a field at a place in the file: `line 3: title` or `practices.2.title`.
fn field_at(at: &str, name: &str) -> String {
    if at.starts_with("line ") {
        format!("{at}: {name}")
    } else {
        format!("{at}.{name}")
    }
}

fn problem(field: String, code: &str, detail: impl Into<String>) -> ErrorItem {
    ErrorItem {
        code: code.to_owned(),
        detail: detail.into(),
        field: Some(field),
    }
}

fn file_error(field: Option<String>, code: &str, detail: impl Into<String>) -> AppError {
    AppError::Validation(vec![ErrorItem {
        code: code.to_owned(),
        detail: detail.into(),
        field,
    }])
}

/// The bytes as UTF-8 text (a leading byte-order mark is dropped), or an error
/// naming the line of the first byte that is not UTF-8.
fn utf8(bytes: &[u8]) -> AppResult<&str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = at - before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
        file_error(
            Some(format!("line {line}")),
            "invalid_encoding",
            format!(
                "The file is not UTF-8 text: byte 0x{:02X} at line {line}, position {column} is not valid UTF-8. Save the file as UTF-8 and try again.",
                bytes[at]
            ),
        )
    })
}

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
    let value: Value = serde_json::from_str(text).map_err(|e| {
        file_error(
            None,
            "invalid_json",
            format!("The file is not valid JSON: {e}."),
        )
    })?;
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
/// row per practice and language.
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
        .filter(|c| !header.iter().any(|h| h == c))
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
        .map(|c| (c, header.iter().position(|h| h == c).unwrap_or_default()))
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
        let cell = |c: &str| record.get(col[c]).unwrap_or_default().trim().to_owned();
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

/// A practice ready to store.
struct Valid {
    fields: PracticeFields,
    texts: Vec<PracticeText>,
    tags: Vec<String>,
    sdgs: Vec<i32>,
}

const TEXT_FIELDS: [&str; 8] = [
    "lang",
    "title",
    "summary",
    "problem",
    "solution",
    "results",
    "lessons",
    "conditions",
];

/// Renames a form error's field to its place in the file (`None`: drop it).
fn place(item: ErrorItem, at: &str, text_at: Option<&str>) -> Option<ErrorItem> {
    let name = item.field.clone().unwrap_or_default();
    let field = if TEXT_FIELDS.contains(&name.as_str()) {
        field_at(text_at?, &name)
    } else if name == "owner_organisation_id" {
        // The owner is checked by name before.
        return None;
    } else {
        field_at(at, &name)
    };
    Some(ErrorItem {
        field: Some(field),
        ..item
    })
}

fn validation_items(e: AppError) -> Vec<ErrorItem> {
    match e {
        AppError::Validation(items) => items,
        other => other.items(),
    }
}

/// Checks one practice; `slugs` holds the slugs seen so far and where.
fn check_entry(
    conn: &mut DbConn,
    orgs: &HashMap<String, i32>,
    slugs: &mut HashMap<String, String>,
    e: &Entry,
) -> AppResult<Result<Valid, Vec<ErrorItem>>> {
    let d = &e.doc;
    let at = e.at.as_str();
    let mut items = Vec::new();
    let slug = d.slug.trim().to_owned();
    if slug.is_empty() {
        items.push(problem(
            field_at(at, "slug"),
            "required",
            "slug is required",
        ));
    } else if slug.chars().count() > limits::NAME
        || slug.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        items.push(problem(
            field_at(at, "slug"),
            "invalid_format",
            format!("slug is at most {} characters without spaces", limits::NAME),
        ));
    } else if let Some(first) = slugs.get(&slug) {
        items.push(problem(
            field_at(at, "slug"),
            "duplicate",
            format!("slug {slug} is already used by {first}"),
        ));
    } else {
        slugs.insert(slug.clone(), at.to_owned());
    }
    let owner_name = d.owner_organisation.trim();
    let owner = orgs.get(owner_name).copied();
    if owner_name.is_empty() {
        items.push(problem(
            field_at(at, "owner_organisation"),
            "required",
            "owner_organisation is required",
        ));
    } else if owner.is_none() {
        items.push(problem(
            field_at(at, "owner_organisation"),
            "organisation_not_found",
            format!("no organisation is named {owner_name:?}: create it first"),
        ));
    }
    let status = d.status.trim().to_owned();
    if status.is_empty() {
        items.push(problem(
            field_at(at, "status"),
            "required",
            "status is required",
        ));
    } else if !STATUSES.contains(&status.as_str()) {
        items.push(problem(
            field_at(at, "status"),
            "invalid_choice",
            "status must be draft, submitted, published or archived",
        ));
    }
    let original = d.original_language.trim().to_owned();
    let mut original_text = None;
    if original.is_empty() {
        items.push(problem(
            field_at(at, "original_language"),
            "required",
            "original_language is required",
        ));
    } else if !LANGUAGES.contains(&original.as_str()) {
        items.push(problem(
            field_at(at, "original_language"),
            "invalid_choice",
            "original_language must be en, it, es or lv",
        ));
    } else {
        original_text = d.texts.iter().position(|t| t.lang.trim() == original);
        if original_text.is_none() {
            items.push(problem(
                field_at(
                    at,
                    if d.texts.is_empty() {
                        "texts"
                    } else {
                        "original_language"
                    },
                ),
                "required",
                format!("the texts in the original language ({original}) are missing"),
            ));
        }
    }
    // The practice-level fields and the original texts, with the form's rules.
    let input = PracticeInput {
        owner_organisation_id: None,
        texts: original_text.map_or_else(
            || TextsInput {
                lang: "en".into(),
                ..TextsInput::default()
            },
            |k| (&d.texts[k]).into(),
        ),
        contact: d.contact.clone(),
        country: d.country.clone(),
        territory_code: d.territory_code.clone(),
        level: d.level.clone(),
        policy_area: d.policy_area.clone(),
        innovation_stage: d.innovation_stage.clone(),
        launch_year: d.launch_year,
        licence: d.licence.clone(),
        tags: d.tags.clone(),
        sdgs: d.sdgs.clone(),
        links: d.links.clone(),
    };
    let text_at = |k: usize| e.texts_at.get(k).map_or(at, String::as_str);
    let checked = match practice_edit::validate(conn, owner.unwrap_or_default(), &input) {
        Ok(v) => Some(v),
        Err(err @ AppError::Validation(_)) => {
            let original_at = original_text.map(text_at);
            items.extend(
                validation_items(err)
                    .into_iter()
                    .filter_map(|i| place(i, at, original_at)),
            );
            None
        }
        Err(other) => return Err(other),
    };
    let mut texts = Vec::new();
    for (k, t) in d.texts.iter().enumerate() {
        if Some(k) == original_text {
            continue;
        }
        let lang = t.lang.trim();
        if let Some(j) = d.texts[..k].iter().position(|o| o.lang.trim() == lang) {
            items.push(problem(
                field_at(text_at(k), "lang"),
                "duplicate",
                format!("the texts in {lang} are already given at {}", text_at(j)),
            ));
            continue;
        }
        match practice_edit::validate_texts(&t.into()) {
            Ok(text) => texts.push(text),
            Err(err) => items.extend(
                validation_items(err)
                    .into_iter()
                    .filter_map(|i| place(i, at, Some(text_at(k)))),
            ),
        }
    }
    match checked {
        Some(v) if items.is_empty() => {
            texts.push(v.text);
            texts.sort_by(|a, b| a.lang.cmp(&b.lang));
            let mut fields = v.fields;
            fields.slug = slug;
            fields.status = status;
            fields.original_language = original;
            Ok(Ok(Valid {
                fields,
                texts,
                tags: v.tags,
                sdgs: v.sdgs,
            }))
        }
        _ => Ok(Err(items)),
    }
}

/// A stored practice's fields, as an import would write them.
fn stored_fields(p: &Practice) -> PracticeFields {
    let links: Vec<String> = serde_json::from_str(&p.links).unwrap_or_default();
    PracticeFields {
        slug: p.slug.clone(),
        owner_organisation_id: p.owner_organisation_id,
        status: p.status.clone(),
        original_language: p.original_language.clone(),
        level: p.level.clone(),
        policy_area: p.policy_area.clone(),
        innovation_stage: p.innovation_stage.clone(),
        launch_year: p.launch_year,
        licence: p.licence.clone(),
        country: p.country.clone(),
        territory_code: p.territory_code.clone(),
        contact: p.contact.clone(),
        links: json!(links).to_string(),
    }
}

/// Whether a stored practice already is as `v` says.
fn unchanged(conn: &mut DbConn, p: &Practice, v: &Valid) -> AppResult<bool> {
    if stored_fields(p) != v.fields {
        return Ok(false);
    }
    let mut texts = Practice::texts(conn, p.id)?;
    texts.sort_by(|a, b| a.lang.cmp(&b.lang));
    let mut tags = Practice::tags(conn, p.id)?;
    tags.sort();
    let mut sdgs = Practice::sdgs(conn, p.id)?;
    sdgs.sort_unstable();
    Ok(texts == v.texts && tags == v.tags && sdgs == v.sdgs)
}

/// Dates the practice's publication or submission when its status needs one it lacks.
fn stamp(conn: &mut DbConn, p: &Practice, now: chrono::NaiveDateTime) -> AppResult<()> {
    if matches!(p.status.as_str(), "published" | "archived") && p.published_at.is_none() {
        diesel::update(practices::table.find(p.id))
            .set(practices::published_at.eq(Some(now)))
            .execute(conn)?;
    }
    if p.status == "submitted" && p.submitted_at.is_none() {
        diesel::update(practices::table.find(p.id))
            .set(practices::submitted_at.eq(Some(now)))
            .execute(conn)?;
    }
    Ok(())
}

/// Checks every practice and, when all are valid, stores them in one
/// transaction; otherwise stores nothing and returns every problem (with the
/// reading problems first). With an actor, only administrators may import;
/// without (the command line), the system imports. `progress(done, total)`
/// is called after each stored practice.
pub fn import(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    parsed: Parsed,
    progress: &mut dyn FnMut(usize, usize),
) -> AppResult<ImportReport> {
    if let Some(a) = actor {
        a.require_admin()?;
    }
    conn.write(|conn| {
        let orgs: HashMap<String, i32> = Organisation::all(conn)?
            .into_iter()
            .map(|o| (o.name, o.id))
            .collect();
        let mut problems = parsed.problems;
        let mut slugs = HashMap::new();
        let mut valid = Vec::with_capacity(parsed.entries.len());
        for e in &parsed.entries {
            match check_entry(conn, &orgs, &mut slugs, e)? {
                Ok(v) => valid.push(v),
                Err(items) => problems.extend(items),
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Validation(problems));
        }
        let mut report = ImportReport::default();
        let now = crate::db::now();
        let total = valid.len();
        for (i, v) in valid.into_iter().enumerate() {
            match Practice::find_by_slug(conn, &v.fields.slug)? {
                None => {
                    let p = Practice::create(conn, &v.fields, now)?;
                    Practice::replace_content(conn, p.id, &v.texts, &v.tags)?;
                    Practice::replace_sdgs(conn, p.id, &v.sdgs)?;
                    stamp(conn, &p, now)?;
                    report.created += 1;
                }
                Some(p) if unchanged(conn, &p, &v)? => report.unchanged += 1,
                Some(p) => {
                    Practice::update(conn, p.id, &v.fields, now)?;
                    Practice::replace_content(conn, p.id, &v.texts, &v.tags)?;
                    Practice::replace_sdgs(conn, p.id, &v.sdgs)?;
                    stamp(
                        conn,
                        &Practice {
                            status: v.fields.status.clone(),
                            ..p
                        },
                        now,
                    )?;
                    report.updated += 1;
                }
            }
            progress(i + 1, total);
        }
        audit::record(
            conn,
            actor,
            "practice.import",
            "practice",
            None,
            json!({"created": report.created, "updated": report.updated, "unchanged": report.unchanged}),
        )?;
        Ok(report)
    })
}

/// The practices as a document, ordered by slug; `only_published` leaves out
/// drafts, submissions and archived practices. No permission check: the
/// published catalogue is public and the command line is the system.
pub fn export_doc(conn: &mut DbConn, only_published: bool) -> AppResult<PracticesDoc> {
    let mut list: Vec<Practice> = practices::table.select(Practice::as_select()).load(conn)?;
    list.retain(|p| !only_published || p.status == "published");
    list.sort_by(|a, b| a.slug.cmp(&b.slug));
    let orgs: HashMap<i32, String> = Organisation::all(conn)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut texts: HashMap<i32, Vec<PracticeText>> = HashMap::new();
    for (id, t) in practice_texts::table
        .select((practice_texts::practice_id, PracticeText::as_select()))
        .load::<(i32, PracticeText)>(conn)?
    {
        texts.entry(id).or_default().push(t);
    }
    let mut tags: HashMap<i32, Vec<String>> = HashMap::new();
    for (id, t) in practice_tags::table
        .select((practice_tags::practice_id, practice_tags::tag))
        .load::<(i32, String)>(conn)?
    {
        tags.entry(id).or_default().push(t);
    }
    let mut sdgs: HashMap<i32, Vec<i32>> = HashMap::new();
    for (id, s) in practice_sdgs::table
        .select((practice_sdgs::practice_id, practice_sdgs::sdg))
        .load::<(i32, i32)>(conn)?
    {
        sdgs.entry(id).or_default().push(s);
    }
    let practices = list
        .into_iter()
        .map(|p| {
            let mut t = texts.remove(&p.id).unwrap_or_default();
            t.sort_by(|a, b| a.lang.cmp(&b.lang));
            let mut tg = tags.remove(&p.id).unwrap_or_default();
            tg.sort();
            let mut sd = sdgs.remove(&p.id).unwrap_or_default();
            sd.sort_unstable();
            PracticeDoc {
                owner_organisation: orgs
                    .get(&p.owner_organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                links: serde_json::from_str(&p.links).unwrap_or_default(),
                slug: p.slug,
                status: p.status,
                original_language: p.original_language,
                level: p.level,
                policy_area: p.policy_area,
                innovation_stage: p.innovation_stage,
                launch_year: p.launch_year,
                licence: p.licence,
                country: p.country,
                territory_code: p.territory_code,
                contact: p.contact,
                tags: tg,
                sdgs: sd,
                texts: t.into_iter().map(TextDoc::from).collect(),
            }
        })
        .collect();
    Ok(PracticesDoc {
        format: FORMAT.into(),
        practices,
    })
}

/// The document as indented JSON (ending with a line break).
pub fn to_json(doc: &PracticesDoc) -> AppResult<String> {
    let mut s = serde_json::to_string_pretty(doc).map_err(|e| AppError::Internal(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// The document as CSV: one row per practice and language (a practice without
/// texts gets one row with empty text columns).
pub fn to_csv(doc: &PracticesDoc) -> AppResult<String> {
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS).map_err(err)?;
    for p in &doc.practices {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let head = [
            p.slug.clone(),
            p.owner_organisation.clone(),
            p.status.clone(),
            p.original_language.clone(),
            o(&p.level),
            o(&p.policy_area),
            o(&p.innovation_stage),
            p.launch_year.map(|y| y.to_string()).unwrap_or_default(),
            o(&p.licence),
            o(&p.country),
            o(&p.territory_code),
            o(&p.contact),
            p.tags.join(";"),
            p.sdgs
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            p.links.join(";"),
        ];
        let empty = [TextDoc {
            lang: p.original_language.clone(),
            ..TextDoc::default()
        }];
        let texts = if p.texts.is_empty() {
            &empty[..]
        } else {
            &p.texts[..]
        };
        for t in texts {
            let row = head.iter().map(String::as_str).chain([
                t.lang.as_str(),
                &t.title,
                &t.summary,
                &t.problem,
                &t.solution,
                &t.results,
                &t.lessons,
                &t.conditions,
            ]);
            w.write_record(row).map_err(err)?;
        }
    }
    String::from_utf8(
        w.into_inner()
            .map_err(|e| AppError::Internal(e.to_string()))?,
    )
    .map_err(|e| AppError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> String {
        CSV_COLUMNS.join(",")
    }

    fn row(slug: &str, level: &str, lang: &str, title: &str) -> String {
        format!(
            "{slug},Comune,published,it,{level},digital,,2021,,IT,,,a; b,3;11,https://a.example;https://b.example,{lang},\"{title}\",Sintesi,Problema,Soluzione,,,"
        )
    }

    fn fields(e: AppError) -> Vec<(String, String)> {
        e.items()
            .into_iter()
            .map(|i| (i.field.unwrap_or_default(), i.code))
            .collect()
    }

    #[test]
    fn csv_rows_of_one_slug_make_one_practice() {
        let file = format!(
            "{}\n{}\n{}\n{}\n",
            header(),
            row("x:1", "local", "it", "Titolo, con virgola"),
            row("x:2", "regional", "it", "Altro"),
            row("x:1", "local", "en", "Title \"\"quoted\"\"\non two lines"),
        );
        let p = read_csv(file.as_bytes()).unwrap();
        assert_eq!(p.problems, []);
        assert_eq!(p.entries.len(), 2);
        let first = &p.entries[0];
        assert_eq!(first.at, "line 2");
        assert_eq!(first.texts_at, ["line 2", "line 4"]);
        assert_eq!(first.doc.tags, ["a", "b"]);
        assert_eq!(first.doc.sdgs, [3, 11]);
        assert_eq!(first.doc.links.len(), 2);
        assert_eq!(first.doc.launch_year, Some(2021));
        assert_eq!(first.doc.innovation_stage, None);
        assert_eq!(first.doc.texts[0].title, "Titolo, con virgola");
        assert_eq!(first.doc.texts[1].title, "Title \"quoted\"\non two lines");
    }

    #[test]
    fn csv_problems_name_the_line() {
        let file = format!(
            "\u{feff}{}\n{}\n{}\n{}\n{}\n",
            header(),
            row("x:1", "local", "it", "Uno"),
            row("x:1", "regional", "en", "One"),
            row("x:1", "local", "it", "Di nuovo"),
            "x:3,too,few",
        );
        let p = read_csv(file.as_bytes()).unwrap();
        let got: Vec<(String, String)> = p
            .problems
            .into_iter()
            .map(|i| (i.field.unwrap_or_default(), i.code))
            .collect();
        assert_eq!(
            got,
            [
                ("line 3: level".to_owned(), "inconsistent".to_owned()),
                ("line 4: lang".to_owned(), "duplicate".to_owned()),
                ("line 5".to_owned(), "invalid_row".to_owned()),
            ]
        );
    }

    #[test]
    fn bad_files_are_refused_whole() {
        let e = read_csv(b"slug,title,colour\nx,y,z\n").unwrap_err();
        assert_eq!(
            fields(e),
            [("line 1".to_owned(), "columns_invalid".to_owned())]
        );
        let e = read_csv(b"").unwrap_err();
        assert_eq!(fields(e), [(String::new(), "file_empty".to_owned())]);
        let mut bytes =
            format!("{}\n{}\n", header(), row("x:1", "local", "it", "Uno")).into_bytes();
        bytes.extend_from_slice(b"x:2,Comune,\xff\n");
        let e = read_csv(&bytes).unwrap_err();
        assert_eq!(
            fields(e),
            [("line 3".to_owned(), "invalid_encoding".to_owned())]
        );
        let e = read_json(br#"{"format": "pspm-practices/1", "practices": [}"#).unwrap_err();
        assert_eq!(fields(e), [(String::new(), "invalid_json".to_owned())]);
        let e = read_json(br#"{"format": "other", "practices": []}"#).unwrap_err();
        assert_eq!(
            fields(e),
            [("format".to_owned(), "format_unknown".to_owned())]
        );
    }

    #[test]
    fn json_entry_problems_name_the_entry() {
        let p = read_json(
            br#"{"format": "pspm-practices/1", "practices": [
                {"slug": "a", "texts": [{"lang": "it", "title": 3}]},
                {"slug": "b", "sdgs": ["x"]},
                {"slug": "c", "colour": "red"}]}"#,
        )
        .unwrap();
        assert!(p.entries.is_empty());
        let got: Vec<String> = p
            .problems
            .into_iter()
            .map(|i| i.field.unwrap_or_default())
            .collect();
        assert_eq!(
            got,
            [
                "practices.0.texts.0.title",
                "practices.1.sdgs.0",
                "practices.2.colour"
            ]
        );
    }

    #[test]
    fn csv_export_reads_back() {
        let file = format!(
            "{}\n{}\n{}\n",
            header(),
            row("x:1", "local", "en", "One"),
            row("x:1", "local", "it", "Uno"),
        );
        let p = read_csv(file.as_bytes()).unwrap();
        let doc = PracticesDoc {
            format: FORMAT.into(),
            practices: p.entries.iter().map(|e| e.doc.clone()).collect(),
        };
        let again = read_csv(to_csv(&doc).unwrap().as_bytes()).unwrap();
        assert_eq!(again.entries[0].doc, doc.practices[0]);
    }
}
