//! Gauge and vote-incentive errors. Each names the field and the rule it broke.

use crate::errors_macro::error_codes;
use crate::types::{Address, Amount, GaugeId, Timestamp, TokenId};

/// Why a gauge or bribe command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GaugeError {
    /// A gauge with this id exists.
    #[error("body.id: gauge `{id}` already exists")]
    DuplicateGauge {
        /// The id.
        id: GaugeId,
    },
    /// No gauge with this id.
    #[error("body.gauge: unknown gauge `{id}`")]
    UnknownGauge {
        /// The id.
        id: GaugeId,
    },
    /// A bps value above 100 %.
    #[error("{field}: must be ≤ 10000, got {got}")]
    BpsOutOfRange {
        /// The field.
        field: &'static str,
        /// The value.
        got: u16,
    },
    /// The vote delay is out of range.
    #[error("body.vote_delay_secs: must be ≤ {max} seconds, got {got}")]
    DelayOutOfRange {
        /// Largest allowed.
        max: u64,
        /// The value.
        got: u64,
    },
    /// The holder's allocations would exceed 100 % of their power.
    #[error(
        "body.weight_bps: {account} would allocate {total} bps in total (in use {used}, this gauge had {previous}); at most 10000"
    )]
    OverAllocated {
        /// The voter.
        account: Address,
        /// In use before this vote, all gauges.
        used: u16,
        /// This gauge's previous allocation.
        previous: u16,
        /// The total after this vote.
        total: u32,
    },
    /// Votes need a lock that outlives the next epoch (Curve: "Your token lock expires too soon").
    #[error(
        "actor: {account} needs a vote-escrow lock ending after the next epoch {next_epoch} (lock end: {end:?})"
    )]
    LockTooShort {
        /// The voter.
        account: Address,
        /// The lock's end, if any.
        end: Option<Timestamp>,
        /// The epoch the vote would apply from.
        next_epoch: Timestamp,
    },
    /// Voting again on the same gauge before the delay has passed.
    #[error("body.gauge: {account} voted on `{gauge}` at {last}; the next vote is allowed from {allowed}")]
    VoteTooSoon {
        /// The voter.
        account: Address,
        /// The gauge.
        gauge: GaugeId,
        /// Time of the last vote.
        last: Timestamp,
        /// Earliest next vote.
        allowed: Timestamp,
    },
    /// Epochs are week boundaries.
    #[error("body.epoch: must be a multiple of 604800 (a week boundary), got {got}")]
    EpochNotAligned {
        /// The value.
        got: Timestamp,
    },
    /// Deposits go to an epoch that has not ended.
    #[error(
        "body.epoch: epoch {epoch} ended at {ended}; deposit into the current or a later epoch (now {now})"
    )]
    EpochOver {
        /// The epoch.
        epoch: Timestamp,
        /// Its end.
        ended: Timestamp,
        /// The command's time.
        now: Timestamp,
    },
    /// Claims wait until the epoch has ended.
    #[error("body.epoch: epoch {epoch} ends at {ends}; bribes are paid after it (now {now})")]
    EpochNotOver {
        /// The epoch.
        epoch: Timestamp,
        /// Its end.
        ends: Timestamp,
        /// The command's time.
        now: Timestamp,
    },
    /// Zero deposits.
    #[error("body.amount: must be greater than zero")]
    ZeroAmount,
    /// Nothing deposited for (gauge, epoch, token).
    #[error("body.token: no {token} incentives for gauge `{gauge}` in epoch {epoch}")]
    NoBribe {
        /// The gauge.
        gauge: GaugeId,
        /// The epoch.
        epoch: Timestamp,
        /// The token.
        token: TokenId,
    },
    /// The claimant had no power voted on the gauge in the epoch.
    #[error("actor: {account} had no power voted for gauge `{gauge}` in epoch {epoch}")]
    NoVotePower {
        /// The claimant.
        account: Address,
        /// The gauge.
        gauge: GaugeId,
        /// The epoch.
        epoch: Timestamp,
    },
    /// A second claim.
    #[error(
        "body.token: {account} already claimed the {token} incentives of gauge `{gauge}` for epoch {epoch}"
    )]
    AlreadyClaimed {
        /// The claimant.
        account: Address,
        /// The gauge.
        gauge: GaugeId,
        /// The epoch.
        epoch: Timestamp,
        /// The token.
        token: TokenId,
    },
    /// A reclaim while someone voted (then voters are paid), or a second reclaim.
    #[error("body.epoch: {account} cannot reclaim: {reason}")]
    NoReclaim {
        /// The depositor.
        account: Address,
        /// Why.
        reason: &'static str,
    },
    /// Overflow of an incentive pool.
    #[error("body.amount: the {token} incentive pool would exceed 2^128 - 1 (holds {held})")]
    PoolOverflow {
        /// The token.
        token: TokenId,
        /// Held so far.
        held: Amount,
    },
}

error_codes! {
    GaugeError {
        DuplicateGauge => "duplicate_gauge", "body.id";
        UnknownGauge => "unknown_gauge", "body.gauge";
        BpsOutOfRange { field, .. } => "bps_out_of_range", field;
        DelayOutOfRange => "delay_out_of_range", "body.vote_delay_secs";
        OverAllocated => "over_allocated", "body.weight_bps";
        LockTooShort => "lock_too_short", "actor";
        VoteTooSoon => "vote_too_soon", "body.gauge";
        EpochNotAligned => "epoch_not_aligned", "body.epoch";
        EpochOver => "epoch_over", "body.epoch";
        EpochNotOver => "epoch_not_over", "body.epoch";
        ZeroAmount => "zero_amount", "body.amount";
        NoBribe => "no_bribe", "body.token";
        NoVotePower => "no_vote_power", "actor";
        AlreadyClaimed => "already_claimed", "body.token";
        NoReclaim => "no_reclaim", "body.epoch";
        PoolOverflow => "pool_overflow", "body.amount";
    }
}

/// Gauge result.
pub type GaugeResult<T> = Result<T, GaugeError>;
