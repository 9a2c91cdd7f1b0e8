//! How the generator writes: SQL literals, multi-row INSERTs in batched
//! transactions, and the few reads it needs (the largest id of a table).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer};

use super::Progress;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};

/// Rows per multi-row INSERT.
const BATCH: usize = 1000;
/// INSERT statements per transaction.
const BATCHES_PER_TRANSACTION: usize = 50;

/// A string literal, quotes doubled.
pub(super) fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A timestamp literal, to the second.
pub(super) fn ts(t: NaiveDateTime) -> String {
    format!("'{}'", t.format("%Y-%m-%d %H:%M:%S"))
}

/// A date literal.
pub(super) fn day(d: NaiveDate) -> String {
    format!("'{}'", d.format("%Y-%m-%d"))
}

/// A value or `NULL`.
pub(super) fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
}

/// Writes rows of one table in multi-row INSERTs, committing every
/// [`BATCHES_PER_TRANSACTION`] statements.
pub(super) struct Writer<'a> {
    conn: &'a mut DbConn,
    table: &'static str,
    columns: &'static str,
    rows: Vec<String>,
    statements: usize,
    written: u64,
    progress: &'a mut dyn Progress,
}

impl<'a> Writer<'a> {
    /// Starts writing `total` rows of `columns` into `table`.
    pub(super) fn new(
        conn: &'a mut DbConn,
        progress: &'a mut dyn Progress,
        table: &'static str,
        columns: &'static str,
        total: usize,
    ) -> AppResult<Self> {
        progress.stage(table, total as u64);
        exec(conn, "BEGIN")?;
        Ok(Self {
            conn,
            table,
            columns,
            rows: Vec::with_capacity(BATCH),
            statements: 0,
            written: 0,
            progress,
        })
    }

    /// Adds one row, `(…)` in the order of the columns.
    pub(super) fn push(&mut self, row: String) -> AppResult<()> {
        self.rows.push(row);
        if self.rows.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> AppResult<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            self.table,
            self.columns,
            self.rows.join(", ")
        );
        exec(self.conn, &sql)?;
        let n = self.rows.len() as u64;
        self.written += n;
        self.progress.advance(n);
        self.rows.clear();
        self.statements += 1;
        if self.statements.is_multiple_of(BATCHES_PER_TRANSACTION) {
            exec(self.conn, "COMMIT")?;
            exec(self.conn, "BEGIN")?;
        }
        Ok(())
    }

    /// Writes the last rows and commits; on PostgreSQL the id sequence moves
    /// past the explicit ids. Returns the table and its rows written.
    pub(super) fn finish(mut self) -> AppResult<(&'static str, u64)> {
        self.flush()?;
        exec(self.conn, "COMMIT")?;
        if matches!(self.conn, DbConn::Pg(_)) {
            exec(
                self.conn,
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))",
                    t = self.table
                ),
            )?;
        }
        Ok((self.table, self.written))
    }
}

/// Runs SQL statements that return nothing.
pub(super) fn exec(conn: &mut DbConn, sql: &str) -> AppResult<()> {
    let r = match conn {
        DbConn::Sqlite(c) => c.batch_execute(sql),
        DbConn::Pg(c) => c.batch_execute(sql),
    };
    r.map_err(AppError::from)
}

#[derive(QueryableByName)]
struct MaxId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// The largest id of a table (0 when empty).
pub(super) fn max_id(conn: &mut DbConn, table: &str) -> AppResult<i32> {
    let sql = format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS id FROM {table}");
    let rows: Vec<MaxId> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(sql).load(c)?,
        DbConn::Pg(c) => diesel::sql_query(sql).load(c)?,
    };
    Ok(rows.first().map_or(0, |r| r.id) as i32)
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Integer)]
    id: i32,
}

/// The `id` of the first row `sql` selects, if any.
pub(super) fn first_id(conn: &mut DbConn, sql: &str) -> AppResult<Option<i32>> {
    let rows: Vec<Id> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(sql).load(c)?,
        DbConn::Pg(c) => diesel::sql_query(sql).load(c)?,
    };
    Ok(rows.first().map(|r| r.id))
}
