//! The hash-chained command log, as pure logic: sealing accepted commands into
//! entries and replaying entries to rebuild and prove the state.
//!
//! `hash = keccak256(prev_hash ‖ canonical(seq, at, actor, envelope))`; the
//! first entry links to the genesis hash of the charter. Storage lives in
//! concord-store; this module decides what an entry *is*.

use serde::{Deserialize, Serialize};

use crate::charter::Charter;
use crate::command::{Command, Event};
use crate::engine::Engine;
use crate::envelope::{Domain, EnvelopeError, Opened, SignedEnvelope};
use crate::error::EngineError;
use crate::hash::{canonical_bytes, keccak};
use crate::types::{Address, B256, Timestamp};

/// One accepted command in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Position, from 1.
    pub seq: u64,
    /// The hub's sequencing time.
    pub at: Timestamp,
    /// The recovered signer.
    pub actor: Address,
    /// The signed command, exactly as received.
    pub envelope: SignedEnvelope,
    /// The previous entry's hash (the genesis hash for seq 1).
    pub prev_hash: B256,
    /// This entry's hash.
    pub hash: B256,
}

#[derive(Serialize)]
struct EntryContent<'a> {
    seq: u64,
    at: Timestamp,
    actor: Address,
    envelope: &'a SignedEnvelope,
}

/// `keccak256(prev_hash ‖ canonical(seq, at, actor, envelope))`.
pub fn entry_hash(
    prev_hash: B256,
    seq: u64,
    at: Timestamp,
    actor: Address,
    envelope: &SignedEnvelope,
) -> B256 {
    keccak(&[prev_hash.as_slice(), &canonical_bytes(&EntryContent { seq, at, actor, envelope })])
}

/// Why a log does not replay.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// An entry is missing (or out of order).
    #[error("seq {expected}: missing entry (next entry found has seq {found})")]
    Missing {
        /// The seq that should come next.
        expected: u64,
        /// The seq found instead.
        found: u64,
    },
    /// The entry does not link to the previous entry's hash.
    #[error("seq {seq}: prev_hash {got} does not match the previous entry's hash {expected}")]
    BrokenLink {
        /// The entry.
        seq: u64,
        /// The previous entry's hash.
        expected: B256,
        /// The stored prev_hash.
        got: B256,
    },
    /// The entry's content does not match its hash.
    #[error("seq {seq}: content does not match its hash (tampered); stored {stored}, computed {computed}")]
    Tampered {
        /// The entry.
        seq: u64,
        /// The stored hash.
        stored: B256,
        /// The hash of the stored content.
        computed: B256,
    },
    /// The envelope does not verify.
    #[error("seq {seq}: {error}")]
    BadEnvelope {
        /// The entry.
        seq: u64,
        /// Why.
        error: EnvelopeError,
    },
    /// The recorded actor is not the signer.
    #[error("seq {seq}: recorded actor {recorded} is not the signer {signer}")]
    WrongActor {
        /// The entry.
        seq: u64,
        /// The stored actor.
        recorded: Address,
        /// The recovered signer.
        signer: Address,
    },
    /// The engine rejects the command on replay.
    #[error("seq {seq}: the engine rejects it on replay: {error}")]
    Rejected {
        /// The entry.
        seq: u64,
        /// Why (boxed: engine errors are large, replay errors travel far).
        error: Box<EngineError>,
    },
}

impl ReplayError {
    /// The seq of the offending entry.
    pub fn seq(&self) -> u64 {
        match self {
            Self::Missing { expected, .. } => *expected,
            Self::BrokenLink { seq, .. }
            | Self::Tampered { seq, .. }
            | Self::BadEnvelope { seq, .. }
            | Self::WrongActor { seq, .. }
            | Self::Rejected { seq, .. } => *seq,
        }
    }
}

/// Why a submitted envelope was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmitError {
    /// The envelope does not verify.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    /// The engine rejects the command.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// The envelope as the log keeps it. A vote is signed over its typed fields
/// (EIP-712 `Vote`), not over its JSON text, so any equivalent text (keys
/// reordered, escapes, whitespace) carries the same signature; the log keeps
/// the engine's own encoding of the fields, so one signed vote gives one entry
/// hash whatever text carried it. Every other kind signs its exact text.
fn canonical(envelope: SignedEnvelope, body: &crate::command::CommandBody) -> SignedEnvelope {
    match body {
        crate::command::CommandBody::CastVote(vote) if envelope.kind == crate::envelope::VOTE_KIND => {
            let text = serde_json::to_string(vote).expect("a vote's fields are strings and integers");
            SignedEnvelope { body: text, ..envelope }
        }
        _ => envelope,
    }
}

/// The engine together with the head of its log.
#[derive(Clone, Debug)]
pub struct Chain {
    engine: Engine,
    domain: Domain,
    seq: u64,
    head: B256,
}

impl Chain {
    /// A chain at genesis.
    pub fn genesis(charter: &Charter) -> Self {
        let engine = Engine::genesis(charter);
        let hub = &engine.state().hub;
        let domain = Domain::new(hub.chain_id, hub.verifying_contract);
        let head = hub.genesis_hash;
        Self { engine, domain, seq: 0, head }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The hub's EIP-712 domain.
    pub fn domain(&self) -> &Domain {
        &self.domain
    }

    /// Seq of the last entry (0 at genesis).
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Hash of the last entry (the genesis hash at genesis).
    pub fn head(&self) -> B256 {
        self.head
    }

    /// Applies an opened envelope at `at` (raised to the engine's clock if
    /// earlier) and seals it into the next entry.
    pub fn sequence(
        &mut self,
        at: Timestamp,
        envelope: SignedEnvelope,
        opened: Opened,
    ) -> Result<(LogEntry, Vec<Event>), EngineError> {
        let at = at.max(self.engine.state().clock);
        let command = Command { actor: opened.actor, at, nonce: Some(opened.nonce), body: opened.body };
        let events = self.engine.apply(&command)?;
        let envelope = canonical(envelope, &command.body);
        let seq = self.seq + 1;
        let hash = entry_hash(self.head, seq, at, opened.actor, &envelope);
        let entry = LogEntry { seq, at, actor: opened.actor, envelope, prev_hash: self.head, hash };
        self.seq = seq;
        self.head = hash;
        Ok((entry, events))
    }

    /// Verifies and sequences an envelope.
    pub fn submit(
        &mut self,
        at: Timestamp,
        envelope: SignedEnvelope,
    ) -> Result<(LogEntry, Vec<Event>), SubmitError> {
        let opened = envelope.open(&self.domain)?;
        Ok(self.sequence(at, envelope, opened)?)
    }

    /// Replays a stored entry: checks order, link, hash and signature, then
    /// applies it. On error nothing changes.
    pub fn replay(&mut self, entry: &LogEntry) -> Result<Vec<Event>, ReplayError> {
        let seq = self.seq + 1;
        if entry.seq != seq {
            return Err(ReplayError::Missing { expected: seq, found: entry.seq });
        }
        if entry.prev_hash != self.head {
            return Err(ReplayError::BrokenLink { seq, expected: self.head, got: entry.prev_hash });
        }
        let computed = entry_hash(entry.prev_hash, seq, entry.at, entry.actor, &entry.envelope);
        if computed != entry.hash {
            return Err(ReplayError::Tampered { seq, stored: entry.hash, computed });
        }
        let opened =
            entry.envelope.open(&self.domain).map_err(|error| ReplayError::BadEnvelope { seq, error })?;
        if opened.actor != entry.actor {
            return Err(ReplayError::WrongActor { seq, recorded: entry.actor, signer: opened.actor });
        }
        let command =
            Command { actor: opened.actor, at: entry.at, nonce: Some(opened.nonce), body: opened.body };
        let events = self
            .engine
            .apply(&command)
            .map_err(|error| ReplayError::Rejected { seq, error: Box::new(error) })?;
        self.seq = seq;
        self.head = entry.hash;
        Ok(events)
    }
}
