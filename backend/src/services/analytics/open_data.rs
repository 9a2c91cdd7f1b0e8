//! Open data: every public table and every indicator table as CSV and
//! Parquet in one ZIP, with a README data dictionary and the licence.
//!
//! Personal data never leaves: no user ids, names, e-mails or demographic
//! fields; contributions carry their organisation (a public body) but not
//! their author; hidden contributions are left out; demographic breakdowns
//! keep the k = 5 suppression of the analytics crate (suppressed cells are empty).
//! Draft plans, their nodes, indicators and consultations are not public and
//! are left out; so are practices that are not published.

mod archive;
mod consultation_tables;
mod files;
mod plan_tables;
mod practice_tables;

pub use archive::{Archive, write_snapshot, write_zip};
pub use files::{ArchiveFiles, ArchiveStatus, Built};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use polars::prelude::*;
use pspm_analytics::frames;

use crate::cache::Cache;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::services::analytics::{self, AnalyticsFilters};

/// The licence of the open data.
pub const LICENCE: &str = "Creative Commons Attribution 4.0 International (CC BY 4.0)\n\
https://creativecommons.org/licenses/by/4.0/\n\n\
You may share and adapt these data for any purpose, provided you give appropriate credit \
(\"Source: PSPM, Participatory Strategic Planning Module\"), link to the licence and say if \
you made changes.\n";

pub(super) fn polars_err(e: PolarsError) -> AppError {
    AppError::Internal(format!("open data: {e}"))
}

pub(super) fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub(super) fn stamp(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// One public table: name, columns (name, explanation) and its frame.
pub struct Table {
    /// File stem.
    pub name: String,
    /// What a row is.
    pub about: String,
    /// Columns and their meaning.
    pub columns: Vec<(String, String)>,
    /// Data.
    pub frame: DataFrame,
}

pub(super) fn table(name: &str, about: &str, columns: &[(&str, &str)], frame: DataFrame) -> Table {
    Table {
        name: name.into(),
        about: about.into(),
        columns: columns
            .iter()
            .map(|(c, e)| ((*c).to_owned(), (*e).to_owned()))
            .collect(),
        frame,
    }
}

/// Where the archive's tables go, a part at a time: a national
/// consultation's contributions are read and written in parts of
/// [`PART_ROWS`], so the export holds one part in memory, not the table.
pub trait Sink {
    /// Starts a table: its file stem, what a row is, its columns and their meaning.
    fn begin(&mut self, name: &str, about: &str, columns: &[(String, String)]) -> AppResult<()>;
    /// Adds rows to the table begun last (every part has the same columns).
    fn rows(&mut self, frame: &mut DataFrame) -> AppResult<()>;
    /// Ends the table begun last.
    fn end(&mut self) -> AppResult<()>;
    /// A whole table at once.
    fn whole(&mut self, mut t: Table) -> AppResult<()> {
        self.begin(&t.name, &t.about, &t.columns)?;
        self.rows(&mut t.frame)?;
        self.end()
    }
}

/// Every public table, into `sink`; the contributions in parts of `chunk` rows.
pub fn public_tables(conn: &mut DbConn, sink: &mut dyn Sink, chunk: i64) -> AppResult<()> {
    let plan_ids = plan_tables::write(conn, sink)?;
    consultation_tables::write(conn, sink, chunk, &plan_ids)?;
    practice_tables::write(conn, sink)
}

/// The indicator tables, computed for the public (what an anonymous reader sees).
pub fn indicator_tables(conn: &mut DbConn, cache: &Cache) -> AppResult<Vec<Table>> {
    let all = AnalyticsFilters::default();
    let (participation, scores) = {
        let q = analytics::quality(conn, cache, None, &all)?;
        (q.0.clone(), q.1.clone())
    };
    let reuse = analytics::reuse(conn, cache, &all)?;
    let mut out = Vec::new();
    let dictionary = frames::dictionary();
    let describe = |name: &str, df: &DataFrame| -> Vec<(String, String)> {
        df.get_column_names()
            .iter()
            .map(|c| {
                let about = dictionary
                    .iter()
                    .find(|(t, col, _)| *t == name && *col == c.as_str())
                    .map(|(_, _, e)| (*e).to_owned())
                    .unwrap_or_default();
                (c.to_string(), about)
            })
            .collect()
    };
    for (name, df) in frames::tables(Some(&participation), &scores, None, Some(&reuse)) {
        out.push(Table {
            columns: describe(&name, &df),
            about: "Indicator table (DESIGN.md \"Indicators\"), platform-wide.".into(),
            name,
            frame: df,
        });
    }
    for plan in analytics::visible_plans(conn, None)? {
        let f = AnalyticsFilters {
            plan: Some(plan.id.to_string()),
            ..AnalyticsFilters::default()
        };
        let impact = analytics::impact(conn, cache, None, &f)?;
        for (name, df) in frames::tables(None, &[], Some(&impact), None) {
            out.push(Table {
                columns: describe(&name, &df),
                about: format!("Indicator table for plan {} “{}”.", plan.id, plan.title),
                name: format!("plan{}_{name}", plan.id),
                frame: df,
            });
        }
    }
    Ok(out)
}
