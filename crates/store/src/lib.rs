//! # concord-store
//!
//! The append-only, hash-chained log of accepted commands, behind the
//! [`Store`] trait, with two implementations on one schema: SQLite (the
//! embedded default, no setup) and PostgreSQL (the scale path).
//!
//! Schema (identical on both; `$n` placeholders work on both):
//!
//! ```sql
//! concord_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
//! concord_log  (seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL,
//!               command TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)
//! ```
//!
//! `command` is the signed envelope as JSON, exactly as received; hashes are
//! 0x-hex. The store checks that each append extends the head (next seq,
//! matching prev_hash); what an entry's hash *is* and how to replay it is
//! concord-core's `log` module.

mod backend;
mod error;
mod postgres;
mod row;
mod sqlite;
mod verify;

use async_trait::async_trait;
use concord_core::B256;
use concord_core::log::LogEntry;

pub use error::{StoreError, StoreResult};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;
pub use verify::{Verified, VerifyError, replay, verify};

/// The charter a log starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Genesis {
    /// The charter's TOML text, as loaded.
    pub charter_toml: String,
    /// keccak256 of the charter's canonical encoding.
    pub hash: B256,
}

/// Most entries returned by one [`Store::entries`] call.
pub const MAX_PAGE: u32 = 1_000;

/// An append-only, hash-chained log.
#[async_trait]
pub trait Store: Send + Sync {
    /// The stored genesis, if the log was initialised.
    async fn genesis(&self) -> StoreResult<Option<Genesis>>;

    /// Records the genesis of a new log, or checks that an existing log has
    /// the same genesis hash.
    async fn init(&self, genesis: &Genesis) -> StoreResult<()>;

    /// Appends the next entry. It must have seq = head + 1 and link to the
    /// head's hash; otherwise nothing is written.
    async fn append(&self, entry: &LogEntry) -> StoreResult<()>;

    /// Up to `limit` (≤ [`MAX_PAGE`]) entries with seq > `after`, in order.
    async fn entries(&self, after: u64, limit: u32) -> StoreResult<Vec<LogEntry>>;

    /// The last entry's seq and hash, if any.
    async fn head(&self) -> StoreResult<Option<(u64, B256)>>;

    /// The head once every append still in flight against the store has
    /// finished, committed or not. After an append reported failure this is
    /// the answer to "was it recorded?": a plain [`Store::head`] can run
    /// while the failed append's server session is still ending.
    async fn settled_head(&self) -> StoreResult<Option<(u64, B256)>> {
        self.head().await
    }
}

/// Opens a store from a URL: `sqlite:PATH` (created if missing) or a
/// `postgres://` URL. A bare path is taken as a SQLite file.
pub async fn open(url: &str) -> StoreResult<Box<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Box::new(PostgresStore::connect(url).await?))
    } else {
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
        Ok(Box::new(SqliteStore::open(path).await?))
    }
}

/// Reads every entry after `after` in pages, calling `each` in order.
/// Stops at the first error `each` returns.
pub async fn for_each_entry<F, E>(store: &dyn Store, mut after: u64, mut each: F) -> Result<(), E>
where
    F: FnMut(LogEntry) -> Result<(), E>,
    E: From<StoreError>,
{
    loop {
        let page = store.entries(after, MAX_PAGE).await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.seq;
        for entry in page {
            each(entry)?;
        }
    }
}
