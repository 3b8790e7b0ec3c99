//! Gauge and vote-incentive errors. Each names the field and the rule it broke.

use crate::types::{Address, Amount, Timestamp, TokenId};

/// Why a gauge or bribe command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GaugeError {
    /// Gauge ids are slugs.
    #[error(
        "body.id: must be 1 to 64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit, got `{got}`"
    )]
    BadId {
        /// The rejected id.
        got: String,
    },
    /// Targets name something (a vault id).
    #[error("body.target: must be 1 to 128 characters, got {len}")]
    BadTarget {
        /// Its length.
        len: usize,
    },
    /// A gauge with this id exists.
    #[error("body.id: gauge `{id}` already exists")]
    DuplicateGauge {
        /// The id.
        id: String,
    },
    /// No gauge with this id.
    #[error("body.gauge: unknown gauge `{id}`")]
    UnknownGauge {
        /// The id.
        id: String,
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
        gauge: String,
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
        gauge: String,
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
        gauge: String,
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
        gauge: String,
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

impl GaugeError {
    /// The command field the error is about.
    pub fn field(&self) -> &str {
        match self {
            Self::BadId { .. } | Self::DuplicateGauge { .. } => "body.id",
            Self::BadTarget { .. } => "body.target",
            Self::UnknownGauge { .. } | Self::VoteTooSoon { .. } => "body.gauge",
            Self::BpsOutOfRange { field, .. } => field,
            Self::DelayOutOfRange { .. } => "body.vote_delay_secs",
            Self::OverAllocated { .. } => "body.weight_bps",
            Self::LockTooShort { .. } | Self::NoVotePower { .. } => "actor",
            Self::EpochNotAligned { .. }
            | Self::EpochOver { .. }
            | Self::EpochNotOver { .. }
            | Self::NoReclaim { .. } => "body.epoch",
            Self::ZeroAmount | Self::PoolOverflow { .. } => "body.amount",
            Self::NoBribe { .. } | Self::AlreadyClaimed { .. } => "body.token",
        }
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadId { .. } => "bad_gauge_id",
            Self::BadTarget { .. } => "bad_target",
            Self::DuplicateGauge { .. } => "duplicate_gauge",
            Self::UnknownGauge { .. } => "unknown_gauge",
            Self::BpsOutOfRange { .. } => "bps_out_of_range",
            Self::DelayOutOfRange { .. } => "delay_out_of_range",
            Self::OverAllocated { .. } => "over_allocated",
            Self::LockTooShort { .. } => "lock_too_short",
            Self::VoteTooSoon { .. } => "vote_too_soon",
            Self::EpochNotAligned { .. } => "epoch_not_aligned",
            Self::EpochOver { .. } => "epoch_over",
            Self::EpochNotOver { .. } => "epoch_not_over",
            Self::ZeroAmount => "zero_amount",
            Self::NoBribe { .. } => "no_bribe",
            Self::NoVotePower { .. } => "no_vote_power",
            Self::AlreadyClaimed { .. } => "already_claimed",
            Self::NoReclaim { .. } => "no_reclaim",
            Self::PoolOverflow { .. } => "pool_overflow",
        }
    }
}

/// Gauge result.
pub type GaugeResult<T> = Result<T, GaugeError>;
