//! Vesting and lock-up errors. Each message starts with the field it is about.

use crate::errors_macro::error_codes;
use crate::types::{Address, Amount, Timestamp, TokenId};

/// Why a vesting or lock-up command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VestingError {
    /// No grant has this id.
    #[error("body.grant: unknown vesting grant {grant}")]
    UnknownGrant {
        /// The id.
        grant: u64,
    },
    /// A grant needs a positive total.
    #[error("body.total: must be greater than zero")]
    ZeroTotal,
    /// The beneficiary cannot be the zero address.
    #[error("body.beneficiary: must not be the zero address")]
    ZeroBeneficiary,
    /// OpenZeppelin VestingWalletCliff: the cliff cannot be after the end.
    #[error("body.cliff_secs: must be ≤ duration_secs ({duration_secs}), got {cliff_secs}")]
    CliffAfterEnd {
        /// The cliff, seconds after start.
        cliff_secs: u64,
        /// The duration.
        duration_secs: u64,
    },
    /// `start + duration_secs` must be a representable time.
    #[error("body.duration_secs: start + duration_secs exceeds the largest timestamp")]
    EndOverflow,
    /// Nothing vested is waiting to be released.
    #[error("body.grant: grant {grant} has nothing releasable at {at} (released {released})")]
    NothingToRelease {
        /// The grant.
        grant: u64,
        /// When.
        at: Timestamp,
        /// Released so far.
        released: Amount,
    },
    /// Only the grantor may revoke.
    #[error("actor: {actor} is not the grantor {grantor} of grant {grant}")]
    NotGrantor {
        /// The grant.
        grant: u64,
        /// Who tried.
        actor: Address,
        /// The grantor.
        grantor: Address,
    },
    /// The grant was created irrevocable.
    #[error("body.grant: grant {grant} is not revocable")]
    NotRevocable {
        /// The grant.
        grant: u64,
    },
    /// The grant was already revoked.
    #[error("body.grant: grant {grant} was already revoked at {at}")]
    AlreadyRevoked {
        /// The grant.
        grant: u64,
        /// When it was revoked.
        at: Timestamp,
    },
    /// Everything has vested; there is nothing left to revoke (Sablier: a settled stream cannot be cancelled).
    #[error("body.grant: grant {grant} has fully vested; nothing to revoke")]
    FullyVested {
        /// The grant.
        grant: u64,
    },
    /// A lock-up must end in the future.
    #[error("body.unlock_at: must be after the command's time {at}, got {unlock_at}")]
    UnlockNotInFuture {
        /// The command's time.
        at: Timestamp,
        /// The requested unlock time.
        unlock_at: Timestamp,
    },
    /// The recipient already has the most active lock-ups of this token.
    #[error("body.to: the recipient already has {limit} active lock-ups of {token} (the most allowed)")]
    TooManyLockups {
        /// The token.
        token: TokenId,
        /// The limit.
        limit: usize,
    },
    /// A sum would not fit in an amount.
    #[error("body.amount: the locked total of {token} would exceed 2^128 - 1")]
    Overflow {
        /// The token.
        token: TokenId,
    },
}

error_codes! {
    VestingError {
        UnknownGrant => "unknown_grant", "body.grant";
        ZeroTotal => "zero_amount", "body.total";
        ZeroBeneficiary => "zero_address", "body.beneficiary";
        CliffAfterEnd => "cliff_after_end", "body.cliff_secs";
        EndOverflow => "end_overflow", "body.duration_secs";
        NothingToRelease => "nothing_to_release", "body.grant";
        NotGrantor => "not_grantor", "actor";
        NotRevocable => "not_revocable", "body.grant";
        AlreadyRevoked => "already_revoked", "body.grant";
        FullyVested => "fully_vested", "body.grant";
        UnlockNotInFuture => "unlock_not_in_future", "body.unlock_at";
        TooManyLockups => "too_many_lockups", "body.to";
        Overflow => "overflow", "body.amount";
    }
}

/// Vesting result.
pub type VestingResult<T> = Result<T, VestingError>;
