//! Store errors.

use concord_core::B256;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The log was made from a different charter.
    #[error("genesis: this log was made from a charter with genesis hash {stored}, not {given}")]
    GenesisMismatch {
        /// The stored genesis hash.
        stored: B256,
        /// The charter given now.
        given: B256,
    },
    /// An append does not extend the head.
    #[error("seq {seq}: does not extend the head (head seq {head_seq}); expected prev_hash {head_hash}")]
    NotNext {
        /// The rejected entry's seq.
        seq: u64,
        /// The head's seq.
        head_seq: u64,
        /// The head's hash.
        head_hash: B256,
    },
    /// A stored row cannot be read as an entry.
    #[error("seq {seq}: stored row is unreadable: {reason}")]
    Corrupt {
        /// The row's seq.
        seq: u64,
        /// What is wrong.
        reason: String,
    },
    /// The log holds no genesis.
    #[error("genesis: the database holds no Concord log (no genesis recorded)")]
    NoGenesis,
}

/// Store result.
pub type StoreResult<T> = Result<T, StoreError>;
