//! The connection type over both backends (diesel `MultiConnection`).

use diesel::{PgConnection, SqliteConnection};

/// A connection to either supported database.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL.
    Pg(PgConnection),
    /// SQLite (embedded).
    Sqlite(SqliteConnection),
}
