//! Vote-escrow errors. Each names the field and the rule it broke.

use crate::errors_macro::error_codes;
use crate::types::{Address, Amount, Timestamp, TokenId};

/// Why an escrow command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EscrowError {
    /// `create-escrow` was already applied.
    #[error("kind: the vote-escrow already exists (on {token})")]
    AlreadyCreated {
        /// Its token.
        token: TokenId,
    },
    /// No `create-escrow` yet.
    #[error("kind: there is no vote-escrow yet (an admin creates it with create-escrow)")]
    NotCreated,
    /// The escrow locks the alliance token only.
    #[error("body.token: {token} is not an alliance token; the vote-escrow locks the alliance token")]
    NotAllianceToken {
        /// The token named.
        token: TokenId,
    },
    /// MAXTIME out of range.
    #[error("body.max_lock_secs: must be between {min} and {max} seconds, got {got}")]
    MaxLockOutOfRange {
        /// Smallest allowed (one week).
        min: u64,
        /// Largest allowed.
        max: u64,
        /// What was asked.
        got: u64,
    },
    /// Zero amounts lock nothing.
    #[error("body.amount: must be greater than zero")]
    ZeroAmount,
    /// `create-lock` while a lock (even an expired one) is held.
    #[error(
        "kind: {account} already has a lock of {amount} until {end}; withdraw it first (after its end) or increase it"
    )]
    LockExists {
        /// The holder.
        account: Address,
        /// Locked amount.
        amount: Amount,
        /// Its end.
        end: Timestamp,
    },
    /// No lock to change or withdraw.
    #[error("kind: {account} has no lock")]
    NoLock {
        /// The account.
        account: Address,
    },
    /// Increasing or extending a lock that has ended.
    #[error("kind: the lock of {account} ended at {end} (now {now}); withdraw it and lock again")]
    LockExpired {
        /// The holder.
        account: Address,
        /// Its end.
        end: Timestamp,
        /// The command's time.
        now: Timestamp,
    },
    /// The unlock time, rounded down to a week, is not in the future.
    #[error("body.unlock_time: rounded down to a week it is {rounded}, which must be later than now ({now})")]
    UnlockNotInFuture {
        /// `⌊unlock_time / WEEK⌋ · WEEK`.
        rounded: Timestamp,
        /// The command's time.
        now: Timestamp,
    },
    /// The unlock time is more than MAXTIME away.
    #[error("body.unlock_time: rounded down to a week it is {rounded}, beyond now + max lock ({latest})")]
    UnlockTooLate {
        /// `⌊unlock_time / WEEK⌋ · WEEK`.
        rounded: Timestamp,
        /// `now + max_lock_secs`.
        latest: Timestamp,
    },
    /// Extending must move the end later.
    #[error(
        "body.unlock_time: rounded down to a week it is {rounded}, which must be later than the current end {end}"
    )]
    UnlockNotLater {
        /// `⌊unlock_time / WEEK⌋ · WEEK`.
        rounded: Timestamp,
        /// The current end.
        end: Timestamp,
    },
    /// Withdrawing before the end.
    #[error("kind: the lock of {account} ends at {end}; it cannot be withdrawn before (now {now})")]
    StillLocked {
        /// The holder.
        account: Address,
        /// Its end.
        end: Timestamp,
        /// The command's time.
        now: Timestamp,
    },
}

error_codes! {
    EscrowError {
        AlreadyCreated => "escrow_exists", "kind";
        NotCreated => "no_escrow", "kind";
        NotAllianceToken => "not_alliance_token", "body.token";
        MaxLockOutOfRange => "max_lock_out_of_range", "body.max_lock_secs";
        ZeroAmount => "zero_amount", "body.amount";
        LockExists => "lock_exists", "kind";
        NoLock => "no_lock", "kind";
        LockExpired => "lock_expired", "kind";
        UnlockNotInFuture => "unlock_not_in_future", "body.unlock_time";
        UnlockTooLate => "unlock_too_late", "body.unlock_time";
        UnlockNotLater => "unlock_not_later", "body.unlock_time";
        StillLocked => "still_locked", "kind";
    }
}

/// Escrow result.
pub type EscrowResult<T> = Result<T, EscrowError>;
