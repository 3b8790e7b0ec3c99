//! The PostgreSQL backend: the same schema and SQL as SQLite.

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::StoreResult;
use crate::backend::impl_store;

/// The log in a PostgreSQL database.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to a `postgres://` URL and creates the tables if missing.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options: PgConnectOptions = url.parse()?;
        Self::connect_with(options).await
    }

    /// Connects with explicit options (tests set a per-test `search_path`).
    pub async fn connect_with(options: PgConnectOptions) -> StoreResult<Self> {
        let pool = PgPoolOptions::new().max_connections(5).connect_with(options).await?;
        for statement in crate::row::SCHEMA {
            sqlx::query(statement).execute(&pool).await?;
        }
        Ok(Self { pool })
    }

    /// Waits until no transaction that wrote the log is open: `SHARE` mode
    /// conflicts with the `ROW EXCLUSIVE` lock an append holds until its
    /// transaction ends, including one whose session is being terminated.
    async fn settle(&self) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET LOCAL lock_timeout = '5s'").execute(&mut *tx).await?;
        sqlx::query("LOCK TABLE concord_log IN SHARE MODE").execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The connection pool (tests tamper with rows through it).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

impl_store!(PostgresStore, sqlx::Postgres);
