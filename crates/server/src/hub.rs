//! The hub: the engine and its log behind one lock, with a durable store.
//!
//! A command is acknowledged only after its entry is in the store. Signature
//! recovery (the expensive part) runs before taking the lock, so concurrent
//! requests verify in parallel and only sequencing is serial.

use std::sync::Arc;

use concord_core::charter::Charter;
use concord_core::command::Event;
use concord_core::engine::genesis_hash;
use concord_core::envelope::{Domain, SignedEnvelope};
use concord_core::log::{Chain, LogEntry};
use concord_core::problem::render;
use concord_core::{B256, Timestamp};
use concord_store::{Genesis, Store, VerifyError};
use tokio::sync::{Mutex, MutexGuard};

use crate::error::{ApiError, ApiResult};

/// A clock for sequencing time (the system clock in production, fixed in tests).
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// The system clock, in unix seconds.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        Timestamp(now.as_secs())
    })
}

/// Why a hub could not start.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// The charter is invalid.
    #[error("charter is invalid:\n{0}")]
    Charter(String),
    /// The store failed, or its log does not replay.
    #[error(transparent)]
    Log(#[from] VerifyError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] concord_store::StoreError),
}

/// An accepted command.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// Its log entry.
    pub entry: LogEntry,
    /// Its events.
    pub events: Vec<Event>,
}

/// The running hub.
pub struct Hub {
    chain: Mutex<Chain>,
    domain: Domain,
    store: Arc<dyn Store>,
    clock: Clock,
}

impl Hub {
    /// Opens a hub on `store` for the charter in `charter_toml`: records the
    /// genesis in a new store, or checks it and replays an existing log.
    pub async fn open(charter_toml: &str, store: Arc<dyn Store>, clock: Clock) -> Result<Self, HubError> {
        let charter = Charter::parse(charter_toml).map_err(|p| HubError::Charter(render(&p)))?;
        store.init(&Genesis { charter_toml: charter_toml.to_owned(), hash: genesis_hash(&charter) }).await?;
        let (chain, _) = concord_store::replay(store.as_ref()).await?;
        let domain = chain.domain().clone();
        Ok(Self { chain: Mutex::new(chain), domain, store, clock })
    }

    /// The EIP-712 domain clients sign for.
    pub fn domain(&self) -> &Domain {
        &self.domain
    }

    /// The hub's current time (its sequencing clock).
    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// The store.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Read access to the chain (engine state and head).
    pub async fn chain(&self) -> MutexGuard<'_, Chain> {
        self.chain.lock().await
    }

    /// Verifies, applies, and durably logs a signed command.
    pub async fn submit(&self, envelope: SignedEnvelope) -> ApiResult<Accepted> {
        let opened = envelope.open(&self.domain)?;
        let mut chain = self.chain.lock().await;
        let (entry, events) = chain.sequence((self.clock)(), envelope, opened)?;
        if let Err(error) = self.store.append(&entry).await {
            // The engine is ahead of the log: rebuild it from the log so the
            // unrecorded command is forgotten, then report the failure.
            tracing::error!(%error, seq = entry.seq, "store append failed; rebuilding from the log");
            match concord_store::replay(self.store.as_ref()).await {
                Ok((rebuilt, _)) => *chain = rebuilt,
                Err(replay) => {
                    tracing::error!(%replay, "rebuild failed; the hub keeps its in-memory state")
                }
            }
            return Err(ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "store_unavailable",
                "store",
                format!("store: the command was not recorded: {error}"),
            ));
        }
        Ok(Accepted { entry, events })
    }

    /// The chain head and state hash.
    pub async fn head(&self) -> (u64, B256, B256) {
        let chain = self.chain.lock().await;
        (chain.seq(), chain.head(), chain.engine().state_hash())
    }
}
