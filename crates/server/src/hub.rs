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
use std::panic::AssertUnwindSafe;

use axum::http::StatusCode;
use concord_core::envelope::Opened;
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

use crate::limits::{Rate, SignerLimit};
use crate::sequencer::Sequencer;

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
    /// Its events as the JSON of the answer (built before the append).
    pub events_json: serde_json::Value,
}

/// The running hub.
pub struct Hub {
    sequencer: Mutex<Sequencer>,
    domain: Domain,
    store: Arc<dyn Store>,
    clock: Clock,
    signers: SignerLimit,
}

fn unavailable(code: &'static str, message: String) -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code, "store", message)
}

impl Hub {
    /// Opens a hub on `store` for the charter in `charter_toml`: records the
    /// genesis in a new store, or checks it and replays an existing log.
    pub async fn open(charter_toml: &str, store: Arc<dyn Store>, clock: Clock) -> Result<Self, HubError> {
        let charter = Charter::parse(charter_toml).map_err(|p| HubError::Charter(render(&p)))?;
        store.init(&Genesis { charter_toml: charter_toml.to_owned(), hash: genesis_hash(&charter) }).await?;
        let (chain, _) = concord_store::replay(store.as_ref()).await?;
        let domain = chain.domain().clone();
        Ok(Self {
            sequencer: Mutex::new(Sequencer::new(chain)),
            domain,
            store,
            clock,
            signers: SignerLimit::new(Rate::OFF),
        })
    }

    /// Limits the commands each signing address may send (429 with `Retry-After` beyond).
    #[must_use]
    pub fn with_signer_rate(mut self, rate: Rate) -> Self {
        self.signers = SignerLimit::new(rate);
        self
    }

    /// Forgets rate-limit state of idle signers (call now and then).
    pub fn sweep_limits(&self) {
        self.signers.sweep();
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

    /// Read access to the chain: always a state the log holds.
    pub async fn chain(&self) -> MappedMutexGuard<'_, Chain> {
        MutexGuard::map(self.sequencer.lock().await, |s| &mut s.chain)
    }

    /// Verifies, applies, and durably logs a signed command. The work after
    /// the signature check runs in a task of its own, so a client that goes
    /// away cannot abandon a command between its application and its append.
    pub async fn submit(self: &Arc<Self>, envelope: SignedEnvelope) -> ApiResult<Accepted> {
        let opened = envelope.open(&self.domain)?;
        self.signers.check(opened.actor)?;
        let hub = Arc::clone(self);
        let task = tokio::spawn(async move { hub.sequence(envelope, opened).await });
        task.await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "the sequencing task failed");
            Err(internal("the command was not recorded"))
        })
    }

    async fn sequence(&self, envelope: SignedEnvelope, opened: Opened) -> ApiResult<Accepted> {
        let mut seq = self.sequencer.lock().await;
        if seq.needs_resync {
            seq.resync(self.store.as_ref()).await.map_err(|e| {
                unavailable(
                    "hub_degraded",
                    format!("store: the hub is waiting for its store and accepts no command until it is back ({e}); reads serve the last recorded state"),
                )
            })?;
        }
        let at = (self.clock)();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| seq.chain.sequence(at, envelope, opened)));
        let (entry, events) = match outcome {
            Ok(result) => result?,
            Err(_) => {
                seq.rollback();
                return Err(internal("the engine failed on this command; nothing was recorded"));
            }
        };
        // Everything the answer needs is built before the append, so a
        // recorded command always gets its answer.
        let Ok(events_json) = serde_json::to_value(&events) else {
            seq.rollback();
            return Err(internal("the command's events cannot be written as JSON; nothing was recorded"));
        };
        let accepted = Accepted { entry: entry.clone(), events, events_json };
        match self.store.append(&entry).await {
            Ok(()) => {
                seq.durable(entry);
                Ok(accepted)
            }
            Err(error) => {
                tracing::error!(%error, seq = entry.seq, "store append failed");
                match self.recorded_head().await {
                    Ok(Some((s, h))) if s == entry.seq && h == entry.hash => {
                        // The append committed although it reported failure.
                        seq.durable(entry);
                        Ok(accepted)
                    }
                    Ok(_) => {
                        seq.rollback();
                        Err(unavailable(
                            "store_unavailable",
                            format!("store: the command was not recorded ({error}); retry the same envelope"),
                        ))
                    }
                    Err(check) => {
                        seq.rollback();
                        seq.needs_resync = true;
                        tracing::error!(%check, "the store cannot be checked; refusing commands until it is back");
                        Err(unavailable(
                            "outcome_unknown",
                            format!(
                                "store: the store failed while recording the command ({error}) and cannot be asked whether it was recorded ({check}); retry the same envelope once the store is back: it is applied at most once, and a 409 then means it was recorded"
                            ),
                        ))
                    }
                }
            }
        }
    }

    /// The store's settled head, asked up to four times over about 350 ms:
    /// after a failed append the store's connection is often being
    /// re-established.
    async fn recorded_head(&self) -> Result<Option<(u64, B256)>, concord_store::StoreError> {
        let mut wait = std::time::Duration::from_millis(50);
        for attempt in 1..=4 {
            match self.store.settled_head().await {
                Ok(head) => return Ok(head),
                Err(e) if attempt == 4 => return Err(e),
                Err(_) => {}
            }
            // 50, 100, then 200 ms between the four attempts.
            tokio::time::sleep(wait).await;
            wait *= 2;
        }
        unreachable!("the fourth attempt returns")
    }

    /// The chain head and state hash.
    pub async fn head(&self) -> (u64, B256, B256) {
        let chain = self.chain().await;
        (chain.seq(), chain.head(), chain.engine().state_hash())
    }
}

fn internal(what: &str) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "request", format!("request: {what}"))
}
