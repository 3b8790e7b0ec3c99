//! Merkle reward root errors. Each names the field and the rule it broke.

use crate::errors_macro::error_codes;
use crate::types::{Amount, TokenId};

/// Why a Merkle command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MerkleError {
    /// This epoch already has a root.
    #[error("body.epoch: the root of epoch {epoch} is already published; roots cannot be replaced")]
    AlreadyPublished {
        /// The epoch.
        epoch: u64,
    },
    /// Epochs are published in increasing order.
    #[error("body.epoch: must be greater than the last published epoch {last}, got {got}")]
    EpochNotIncreasing {
        /// The last published epoch.
        last: u64,
        /// The epoch given.
        got: u64,
    },
    /// A root needs leaves.
    #[error("body.entries: must not be empty")]
    NoEntries,
    /// An entry breaks a rule.
    #[error("{path}: {rule}")]
    BadEntry {
        /// Path to the field (`body.entries[3].amount`).
        path: String,
        /// What is wrong.
        rule: String,
    },
    /// No root for this epoch.
    #[error("body.epoch: no root is published for epoch {epoch}")]
    UnknownEpoch {
        /// The epoch.
        epoch: u64,
    },
    /// A claim for an epoch at or before the account's last claimed one.
    #[error(
        "body.epoch: {token} was already claimed for epoch {claimed_epoch}; a claim for epoch {epoch} is not allowed again"
    )]
    AlreadyClaimed {
        /// The token.
        token: TokenId,
        /// The last epoch claimed.
        claimed_epoch: u64,
        /// The epoch given.
        epoch: u64,
    },
    /// The proof does not lead to the root.
    #[error("body.proof: does not prove (account, token, amount {amount}) under the root of epoch {epoch}")]
    InvalidProof {
        /// The epoch.
        epoch: u64,
        /// The amount claimed.
        amount: Amount,
    },
    /// The cumulative amount is not above what was already claimed.
    #[error("body.amount: cumulative {amount} is not above the {claimed} already claimed")]
    NothingToClaim {
        /// The cumulative amount.
        amount: Amount,
        /// Already claimed.
        claimed: Amount,
    },
    /// The token has no contract address, so no on-chain leaf.
    #[error(
        "body.token: {token} has no contract address on its home chain; Merkle leaves name a token contract"
    )]
    NoContract {
        /// The token.
        token: TokenId,
    },
}

error_codes! {
    MerkleError {
        AlreadyPublished => "root_already_published", "body.epoch";
        EpochNotIncreasing => "epoch_not_increasing", "body.epoch";
        NoEntries => "no_entries", "body.entries";
        BadEntry { path, .. } => "bad_entry", path;
        UnknownEpoch => "unknown_epoch", "body.epoch";
        AlreadyClaimed => "already_claimed", "body.epoch";
        InvalidProof => "invalid_proof", "body.proof";
        NothingToClaim => "nothing_to_claim", "body.amount";
        NoContract => "no_contract", "body.token";
    }
}

/// Merkle result.
pub type MerkleResult<T> = Result<T, MerkleError>;
