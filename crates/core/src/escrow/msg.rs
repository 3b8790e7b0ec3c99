//! Vote-escrow commands and events.

use serde::{Deserialize, Serialize};

use super::{DEFAULT_MAX_LOCK_SECS, EscrowConfig};
use crate::types::{Address, Amount, Timestamp, TokenId};

// ---------------------------------------------------------------- commands

/// Create the vote-escrow (admin, once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateEscrow {
    /// The alliance token to lock.
    pub token: TokenId,
    /// MAXTIME in seconds (default 4 years, Curve's).
    #[serde(default = "default_max_lock")]
    pub max_lock_secs: u64,
}

fn default_max_lock() -> u64 {
    DEFAULT_MAX_LOCK_SECS
}

/// Lock tokens until `unlock_time` rounded down to a week (Curve `create_lock`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateLock {
    /// Amount to lock.
    pub amount: Amount,
    /// Requested unlock time (rounded down to a week).
    pub unlock_time: Timestamp,
}

/// Add tokens to an unexpired lock, same end (Curve `increase_amount`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncreaseLockAmount {
    /// Amount to add.
    pub amount: Amount,
}

/// Move an unexpired lock's end later (Curve `increase_unlock_time`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendLock {
    /// New unlock time (rounded down to a week).
    pub unlock_time: Timestamp,
}

/// Withdraw an expired lock (Curve `withdraw`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawLock {}

// ---------------------------------------------------------------- events

/// The escrow was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowCreated {
    /// Settings.
    pub config: EscrowConfig,
}

/// A lock was created or changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockChanged {
    /// The holder.
    pub account: Address,
    /// Total locked after the change.
    pub amount: Amount,
    /// Unlock time after the change.
    pub end: Timestamp,
    /// The holder's power right after the change.
    pub power: Amount,
}

/// An expired lock was withdrawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockWithdrawn {
    /// The holder.
    pub account: Address,
    /// Amount returned.
    pub amount: Amount,
}
