//! The SQLite backend: one file, no setup, WAL with full sync so an
//! acknowledged command survives a crash.

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::StoreResult;
use crate::backend::impl_store;

/// The log in a SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Nothing to wait for: SQLite's writers are in this process, and an
    /// append's transaction has ended (committed or rolled back) before the
    /// append returns.
    #[allow(clippy::unused_async)]
    async fn settle(&self) -> StoreResult<()> {
        Ok(())
    }

    /// Opens (creating if missing) the database file at `path`.
    pub async fn open(path: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full);
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        for statement in crate::row::SCHEMA {
            sqlx::query(statement).execute(&pool).await?;
        }
        Ok(Self { pool })
    }

    /// The connection pool (tests tamper with rows through it).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

impl_store!(SqliteStore, sqlx::Sqlite);
