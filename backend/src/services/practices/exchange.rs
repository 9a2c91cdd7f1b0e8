//! Import and export of good practices as JSON and CSV, for moving a catalogue
//! between installations and for editing many practices in a spreadsheet.
//!
//! **JSON** (format `pspm-practices/1`):
//! `{"format": "pspm-practices/1", "practices": [{"slug", "owner_organisation",
//! "status", "original_language", "level", "policy_area", "innovation_stage",
//! "launch_year", "licence", "country", "territory_code", "contact", "tags": […],
//! "sdgs": […], "links": […], "texts": [{"lang", "title", "summary", "problem",
//! "solution", "results", "lessons", "conditions", "how_to_use"}]}]}`. The owner organisation is
//! named, not numbered; unknown keys are errors. Problems are named like
//! `practices.2.title` or `practices.2.texts.1.summary`.
//!
//! **CSV** (UTF-8, comma-separated, a header row with exactly the columns of
//! [`CSV_COLUMNS`] in any order; `how_to_use` may be left out, as files
//! exported before it were): one row per practice and language. The
//! practice-level columns (`slug` … `links`) are repeated on every row of the
//! same slug and must agree; `tags`, `sdgs` and `links` are lists separated by
//! `;` (so a tag or link cannot itself contain `;`: use JSON for those). Empty
//! cells are "not given". Problems are named like `line 3: title` (line numbers
//! of the file, the header being line 1). A text cell that begins like a
//! formula is written after a quote and read back without it ([`csv_cells`]).
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

mod import;
mod read;

pub use import::import;
pub use read::{read, read_csv, read_json};

use std::collections::HashMap;
use std::path::Path;

use diesel::prelude::*;
use pspm_analytics::csv_cells;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::organisation::Organisation;
use crate::db::practice::{Practice, PracticeText};
use crate::db::schema::{practice_sdgs, practice_tags, practice_texts, practices};
use crate::domain::PracticeStatus;
use crate::error::{AppError, AppResult, ErrorItem};
use crate::services::practices::edit::TextsInput;

/// The JSON document format name.
pub const FORMAT: &str = "pspm-practices/1";

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
pub const CSV_COLUMNS: [&str; 24] = [
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
    "how_to_use",
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
    #[schema(pattern = "^pspm-practices/1$")]
    pub format: String,
    /// The practices, ordered by slug.
    pub practices: Vec<PracticeDoc>,
}

/// One practice in a file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PracticeDoc {
    /// Stable key; an import updates the practice with this slug.
    #[schema(required = true, pattern = "pspm:slug")]
    pub slug: String,
    /// Owner organisation, by its exact name.
    #[schema(required = true, pattern = "pspm:text")]
    pub owner_organisation: String,
    /// `draft`, `submitted`, `published` or `archived`.
    #[schema(required = true, value_type = crate::domain::PracticeStatus)]
    pub status: String,
    /// Language the practice was written in (its texts must be present).
    #[schema(required = true, pattern = "^(en|it|es|lv)$")]
    pub original_language: String,
    /// Level of government: eu, national, regional, local.
    #[schema(value_type = Option<String>, pattern = "pspm:choice-or-empty:OrgLevel")]
    pub level: Option<String>,
    /// Policy area.
    #[schema(value_type = Option<String>, pattern = "pspm:choice-or-empty:PolicyArea")]
    pub policy_area: Option<String>,
    /// Innovation stage.
    #[schema(value_type = Option<String>, pattern = "pspm:choice-or-empty:InnovationStage")]
    pub innovation_stage: Option<String>,
    /// Launch year.
    #[schema(minimum = 1950)]
    pub launch_year: Option<i32>,
    /// Licence.
    #[schema(pattern = "pspm:optional-text", max_length = 60)]
    pub licence: Option<String>,
    /// Country, ISO 3166-1 alpha-2.
    #[schema(pattern = "^([A-Za-z]{2})?$")]
    pub country: Option<String>,
    /// Territory code.
    #[schema(pattern = "pspm:optional-text", max_length = 16)]
    pub territory_code: Option<String>,
    /// Contact.
    #[schema(pattern = "pspm:optional-text", max_length = 200)]
    pub contact: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Sustainable Development Goals, 1–17.
    pub sdgs: Vec<i32>,
    /// Links (http or https).
    pub links: Vec<String>,
    /// Texts, one entry per language.
    #[schema(min_items = 1)]
    pub texts: Vec<TextDoc>,
}

/// The texts of a practice in one language, in a file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TextDoc {
    /// Language: en, it, es or lv.
    #[schema(required = true, pattern = "^(en|it|es|lv)$")]
    pub lang: String,
    /// Title.
    #[schema(required = true, pattern = "pspm:text", max_length = 200)]
    pub title: String,
    /// Summary.
    #[schema(required = true, pattern = "pspm:text", max_length = 5000)]
    pub summary: String,
    /// Problem addressed.
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub problem: String,
    /// Solution.
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub solution: String,
    /// Results.
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub results: String,
    /// Lessons learned.
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub lessons: String,
    /// Conditions for replication.
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub conditions: String,
    /// How to use it.
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub how_to_use: String,
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
            how_to_use: t.how_to_use,
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
            how_to_use: t.how_to_use.clone(),
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

/// The practices as a document, ordered by slug; `only_published` leaves out
/// drafts, submissions and archived practices. No permission check: the
/// published catalogue is public and the command line is the system.
pub fn export_doc(conn: &mut DbConn, only_published: bool) -> AppResult<PracticesDoc> {
    let mut list: Vec<Practice> = practices::table.select(Practice::as_select()).load(conn)?;
    list.retain(|p| !only_published || p.status == PracticeStatus::Published);
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
                status: p.status.to_string(),
                original_language: p.original_language,
                level: p.level.map(|v| v.to_string()),
                policy_area: p.policy_area.map(|v| v.to_string()),
                innovation_stage: p.innovation_stage.map(|v| v.to_string()),
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
    let text = |t: &str| csv_cells::text(t).into_owned();
    for p in &doc.practices {
        let o = |v: &Option<String>| text(v.as_deref().unwrap_or_default());
        let head = [
            text(&p.slug),
            text(&p.owner_organisation),
            text(&p.status),
            text(&p.original_language),
            o(&p.level),
            o(&p.policy_area),
            o(&p.innovation_stage),
            p.launch_year.map(|y| y.to_string()).unwrap_or_default(),
            o(&p.licence),
            o(&p.country),
            o(&p.territory_code),
            o(&p.contact),
            text(&p.tags.join(";")),
            p.sdgs
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            text(&p.links.join(";")),
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
            let row = head.iter().cloned().chain(
                [
                    &t.lang,
                    &t.title,
                    &t.summary,
                    &t.problem,
                    &t.solution,
                    &t.results,
                    &t.lessons,
                    &t.conditions,
                    &t.how_to_use,
                ]
                .map(|cell| text(cell)),
            );
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
mod tests;
