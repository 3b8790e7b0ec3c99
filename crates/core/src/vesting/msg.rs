//! Vesting and lock-up commands and events.

use serde::{Deserialize, Serialize};

use super::Grant;
use crate::types::{Address, Amount, Timestamp, TokenId};

// ---------------------------------------------------------------- commands

/// Fund a vesting grant from the actor's balance (anyone; the actor is the grantor).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateVesting {
    /// Who receives the vested tokens.
    pub beneficiary: Address,
    /// The token.
    pub token: TokenId,
    /// Total, in base units.
    pub total: Amount,
    /// Vesting start (may be in the past or the future).
    pub start: Timestamp,
    /// Seconds after start before which nothing vests (≤ duration_secs).
    #[serde(default)]
    pub cliff_secs: u64,
    /// Seconds from start to full vesting.
    pub duration_secs: u64,
    /// Whether the grantor may revoke the unvested part.
    #[serde(default)]
    pub revocable: bool,
}

/// Pay a grant's releasable amount to its beneficiary (anyone may call, as with OpenZeppelin's `release`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseVesting {
    /// The grant.
    pub grant: u64,
}

/// Revoke a revocable grant (its grantor): the unvested part returns to the grantor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeVesting {
    /// The grant.
    pub grant: u64,
}

/// Transfer tokens that the recipient cannot move before `unlock_at` (anyone, from their own free balance).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferLocked {
    /// The token.
    pub token: TokenId,
    /// The recipient.
    pub to: Address,
    /// Amount in base units.
    pub amount: Amount,
    /// First second at which the recipient may move them.
    pub unlock_at: Timestamp,
}

// ---------------------------------------------------------------- events

/// A grant was funded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VestingCreated {
    /// The grant as created.
    pub grant: Grant,
}

/// Vested tokens were released.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VestingReleased {
    /// The grant.
    pub grant: u64,
    /// The beneficiary paid.
    pub beneficiary: Address,
    /// The token.
    pub token: TokenId,
    /// Paid now.
    pub amount: Amount,
    /// Released in total so far.
    pub released: Amount,
}

/// A grant was revoked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VestingRevoked {
    /// The grant.
    pub grant: u64,
    /// The grantor refunded.
    pub grantor: Address,
    /// The token.
    pub token: TokenId,
    /// What had vested (the beneficiary keeps it).
    pub vested: Amount,
    /// What returned to the grantor.
    pub returned: Amount,
}

/// Tokens were transferred under a lock-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedTransfer {
    /// The token.
    pub token: TokenId,
    /// Sender.
    pub from: Address,
    /// Recipient.
    pub to: Address,
    /// Amount.
    pub amount: Amount,
    /// First second at which the recipient may move them.
    pub unlock_at: Timestamp,
}
