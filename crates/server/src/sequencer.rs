//! The hub's in-memory chain and what it needs to stay equal to the log.
//!
//! The live chain runs ahead of the log only while one command is between
//! `Chain::sequence` and its durable append. If the append fails (or the
//! engine panics), [`Sequencer::rollback`] restores the last durable state
//! from a checkpoint and the durable entries after it, without the store, so
//! the hub never holds a change the log does not hold. When the store's state
//! is unknown (the append failed and the store could not be asked), the
//! sequencer is marked for [`Sequencer::resync`] and refuses commands until it
//! has compared its head with the store's.

use concord_core::log::{Chain, LogEntry};
use concord_store::{Store, VerifyError};

/// Durable entries kept in memory after the checkpoint before a new checkpoint is taken.
pub(crate) const CHECKPOINT_EVERY: usize = 1024;

/// The live chain, a durable checkpoint, and the durable entries after it.
pub(crate) struct Sequencer {
    pub(crate) chain: Chain,
    checkpoint: Chain,
    tail: Vec<LogEntry>,
    /// The store may hold more than the chain (an append failed and could not be checked).
    pub(crate) needs_resync: bool,
}

impl Sequencer {
    /// A sequencer whose chain is durable (just replayed from the store).
    pub(crate) fn new(chain: Chain) -> Self {
        Self { checkpoint: chain.clone(), chain, tail: Vec::new(), needs_resync: false }
    }

    /// Records that `entry` (the chain's last) is durable.
    pub(crate) fn durable(&mut self, entry: LogEntry) {
        self.tail.push(entry);
        if self.tail.len() >= CHECKPOINT_EVERY {
            self.checkpoint = self.chain.clone();
            self.tail.clear();
        }
    }

    /// Restores the last durable state: the checkpoint and the durable tail
    /// replayed onto it. The tail replayed once already, so this cannot fail
    /// unless memory is corrupted, which the panic message then reports.
    pub(crate) fn rollback(&mut self) {
        let mut chain = self.checkpoint.clone();
        for entry in &self.tail {
            chain.replay(entry).expect("a durable entry replays onto its checkpoint");
        }
        self.chain = chain;
    }

    /// Brings the chain level with the store: nothing to do when the heads
    /// agree; the store's next entry is replayed when it holds one more (an
    /// append that failed after its commit); otherwise the whole log is replayed.
    pub(crate) async fn resync(&mut self, store: &dyn Store) -> Result<(), VerifyError> {
        let head = store.head().await?;
        let (seq, hash) = head.unwrap_or((0, self.chain.head()));
        if seq == self.chain.seq() && hash == self.chain.head() {
            self.needs_resync = false;
            return Ok(());
        }
        if seq == self.chain.seq() + 1 {
            let next = store.entries(self.chain.seq(), 1).await?;
            if let Some(entry) = next.into_iter().next()
                && entry.hash == hash
            {
                tracing::warn!(seq, "the store holds an entry whose append reported failure; adopting it");
                self.chain.replay(&entry)?;
                self.durable(entry);
                self.needs_resync = false;
                return Ok(());
            }
        }
        tracing::warn!(
            store_seq = seq,
            hub_seq = self.chain.seq(),
            "hub and store differ; replaying the log"
        );
        let (chain, _) = concord_store::replay(store).await?;
        *self = Self::new(chain);
        Ok(())
    }
}
