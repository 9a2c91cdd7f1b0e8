//! The open-data ZIP: each table as CSV and Parquet, and a README with the
//! data dictionary, the row counts and the licence.

use std::io::{Seek, Write};

use diesel::RunQueryDsl;
use diesel::connection::Connection;
use polars::io::parquet::write::BatchedWriter;
use polars::prelude::*;
use pspm_analytics::csv_cells;

use super::{LICENCE, Sink, indicator_tables, polars_err, public_tables};
use crate::cache::Cache;
use crate::db::audit_event::AuditEvent;
use crate::db::{DbConn, PART_ROWS};
use crate::error::{AppError, AppResult};

/// The archive being written: each table's CSV goes into it part by part,
/// its Parquet into a temporary file copied in when the table ends (a ZIP
/// takes one file at a time); the README, with every table's row count,
/// comes last.
pub struct Archive<W: Write + Seek> {
    zip: ::zip::ZipWriter<W>,
    options: ::zip::write::SimpleFileOptions,
    readme: String,
    open: Option<OpenTable>,
}

/// The table being written.
struct OpenTable {
    name: String,
    about: String,
    /// The README's rows for the columns.
    columns: String,
    rows: usize,
    parquet: Option<(std::fs::File, BatchedWriter<std::fs::File>)>,
}

fn io_err(e: std::io::Error) -> AppError {
    AppError::Internal(format!("open data: {e}"))
}

fn zip_err(e: ::zip::result::ZipError) -> AppError {
    AppError::Internal(format!("open data: {e}"))
}

impl<W: Write + Seek> Archive<W> {
    /// An archive written to `out`.
    pub fn new(out: W) -> Self {
        Self {
            zip: ::zip::ZipWriter::new(out),
            options: ::zip::write::SimpleFileOptions::default()
                .compression_method(::zip::CompressionMethod::Deflated)
                // A fixed time keeps the archive byte-identical for the same data.
                .last_modified_time(::zip::DateTime::default()),
            readme: String::from(README_HEAD),
            open: None,
        }
    }

    /// Writes the README and the licence and closes the archive.
    pub fn finish(mut self) -> AppResult<W> {
        self.zip
            .start_file("README.md", self.options)
            .map_err(zip_err)?;
        self.zip.write_all(self.readme.as_bytes()).map_err(io_err)?;
        self.zip
            .start_file("LICENSE.txt", self.options)
            .map_err(zip_err)?;
        self.zip.write_all(LICENCE.as_bytes()).map_err(io_err)?;
        self.zip.finish().map_err(zip_err)
    }
}

impl<W: Write + Seek> Sink for Archive<W> {
    fn begin(&mut self, name: &str, about: &str, columns: &[(String, String)]) -> AppResult<()> {
        self.zip
            .start_file(format!("{name}.csv"), self.options)
            .map_err(zip_err)?;
        self.open = Some(OpenTable {
            name: name.to_owned(),
            about: about.to_owned(),
            columns: columns
                .iter()
                .map(|(c, e)| format!("| {c} | {e} |\n"))
                .collect(),
            rows: 0,
            parquet: None,
        });
        Ok(())
    }

    fn rows(&mut self, frame: &mut DataFrame) -> AppResult<()> {
        let t = self
            .open
            .as_mut()
            .ok_or_else(|| AppError::Internal("open data: rows outside a table".into()))?;
        csv_cells::write(frame, &mut self.zip, t.parquet.is_none()).map_err(polars_err)?;
        if t.parquet.is_none() {
            let file = tempfile::tempfile().map_err(io_err)?;
            let writer = ParquetWriter::new(file.try_clone().map_err(io_err)?)
                .batched(frame.schema())
                .map_err(polars_err)?;
            t.parquet = Some((file, writer));
        }
        if let Some((_, writer)) = t.parquet.as_mut() {
            writer.write_batch(frame).map_err(polars_err)?;
        }
        t.rows += frame.height();
        Ok(())
    }

    fn end(&mut self) -> AppResult<()> {
        let t = self
            .open
            .take()
            .ok_or_else(|| AppError::Internal("open data: no table to end".into()))?;
        let name = &t.name;
        if let Some((mut file, writer)) = t.parquet {
            writer.finish().map_err(polars_err)?;
            drop(writer);
            file.rewind().map_err(io_err)?;
            self.zip
                .start_file(format!("{name}.parquet"), self.options)
                .map_err(zip_err)?;
            std::io::copy(&mut file, &mut self.zip).map_err(io_err)?;
        }
        self.readme.push_str(&format!(
            "## {name}.csv, {name}.parquet\n\n{about} Rows: {rows}.\n\n| column | meaning |\n|---|---|\n{columns}\n",
            about = t.about,
            rows = t.rows,
            columns = t.columns,
        ));
        Ok(())
    }
}

/// The start of the archive's README; a section per table follows.
const README_HEAD: &str = "# PSPM open data\n\n\
     Every public table of the Participatory Strategic Planning Module and every indicator \
     table, each as CSV (UTF-8, comma-separated, header row) and as Parquet.\n\n\
     In the CSV files, a text cell that begins with =, +, -, @, a tab or a carriage return \
     is written after a single quote (') so that spreadsheets do not run it as a formula \
     (a text that begins with quotes before such a character gets one more); remove that \
     first quote to read the text as written. Number columns are never changed \
     (negative numbers stay numbers), and the Parquet files hold every text as written.\n\n\
     Personal data are not included: no names, e-mail addresses or user ids; contributions \
     do not name their authors; demographic groups of fewer than 5 people are suppressed \
     (empty cells). Licence: see LICENSE.txt (CC BY 4.0).\n\n";

/// Writes the whole archive to `out`, table by table (large tables in parts
/// of `chunk` rows); what it holds in memory is one part, not the data.
pub fn write_zip<W: Write + Seek>(
    conn: &mut DbConn,
    cache: &Cache,
    out: W,
    chunk: i64,
) -> AppResult<W> {
    let mut archive = Archive::new(out);
    public_tables(conn, &mut archive, chunk)?;
    for t in indicator_tables(conn, cache)? {
        archive.whole(t)?;
    }
    archive.finish()
}

/// The whole archive written to `out` from one snapshot of the database,
/// with the data version that snapshot holds: rows written while it is
/// built (a minute at national scale) neither tear its tables apart nor
/// go unnoticed, since the next build's version is newer.
pub fn write_snapshot<W: Write + Seek>(
    conn: &mut DbConn,
    cache: &Cache,
    out: W,
) -> AppResult<(i32, W)> {
    conn.transaction(|c| {
        if let DbConn::Pg(_) = c {
            // SQLite's read transaction is a snapshot already (WAL).
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute(c)?;
        }
        let version = AuditEvent::data_version(c)?;
        let out = write_zip(c, cache, out, PART_ROWS)?;
        Ok((version, out))
    })
}
