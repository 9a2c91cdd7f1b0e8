//! The connection type over both backends (diesel `MultiConnection`).

use diesel::connection::{AnsiTransactionManager, Connection, TransactionManager};
use diesel::result::Error;
use diesel::{PgConnection, SqliteConnection};

/// A connection to either supported database.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL.
    Pg(PgConnection),
    /// SQLite (embedded).
    Sqlite(SqliteConnection),
}

impl DbConn {
    /// Runs `f` in a transaction that writes.
    ///
    /// On SQLite the outermost one begins with `BEGIN IMMEDIATE`, which takes the
    /// write lock first: a concurrent writer then waits (busy timeout) instead of
    /// failing with "database is locked" when its read snapshot cannot be upgraded.
    /// Nested, it is a savepoint, as [`Connection::transaction`] is. On PostgreSQL
    /// it is [`Connection::transaction`].
    pub fn write<T, E, F>(&mut self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut Self) -> Result<T, E>,
        E: From<Error>,
    {
        let outermost_sqlite = match self {
            DbConn::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
                .transaction_depth()?
                .is_none(),
            DbConn::Pg(_) => false,
        };
        if !outermost_sqlite {
            return self.transaction(f);
        }
        self.sqlite(|c| AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"))?;
        match f(self) {
            Ok(value) => {
                self.sqlite(AnsiTransactionManager::commit_transaction)?;
                Ok(value)
            }
            Err(e) => {
                self.sqlite(AnsiTransactionManager::rollback_transaction)?;
                Err(e)
            }
        }
    }

    /// Applies `op` to the SQLite connection (only called when this is one).
    fn sqlite(
        &mut self,
        op: impl FnOnce(&mut SqliteConnection) -> diesel::QueryResult<()>,
    ) -> diesel::QueryResult<()> {
        match self {
            DbConn::Sqlite(c) => op(c),
            DbConn::Pg(_) => Err(Error::BrokenTransactionManager),
        }
    }
}
