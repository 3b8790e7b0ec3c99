//! Gauge and vote-incentive commands and events.

use serde::{Deserialize, Serialize};

use super::GaugeParams;
use crate::types::{Address, Amount, Bps, Timestamp, TokenId};
use crate::types::{GaugeId, VaultId};

// ---------------------------------------------------------------- commands

/// Create a gauge (admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateGauge {
    /// Its id (a slug).
    pub id: GaugeId,
    /// What it points at (a vault id).
    pub target: VaultId,
}

/// Change the controller's settings (admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetGaugeParams {
    /// Seconds between two votes of one holder on one gauge.
    pub vote_delay_secs: u64,
    /// Fee on incentive deposits, in bps.
    pub bribe_fee_bps: Bps,
    /// Receives fees and dust; omitted = the genesis alliance's treasury.
    #[serde(default)]
    pub fee_recipient: Option<Address>,
}

/// Allocate `weight_bps` of the actor's ve power to a gauge, from the next epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteGauge {
    /// The gauge.
    pub gauge: GaugeId,
    /// Share of the actor's power (0 removes the vote).
    pub weight_bps: u16,
}

/// Deposit vote incentives for (gauge, epoch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepositBribe {
    /// The gauge.
    pub gauge: GaugeId,
    /// The epoch's start (a week boundary).
    pub epoch: Timestamp,
    /// Token deposited.
    pub token: TokenId,
    /// Amount, fee included.
    pub amount: Amount,
}

/// Claim (voter) or reclaim (depositor, when nobody voted) incentives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimBribe {
    /// The gauge.
    pub gauge: GaugeId,
    /// The epoch's start.
    pub epoch: Timestamp,
    /// Token.
    pub token: TokenId,
}

// ---------------------------------------------------------------- events

/// A gauge was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GaugeCreated {
    /// Its id.
    pub id: GaugeId,
    /// Its target.
    pub target: VaultId,
}

/// The controller's settings changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GaugeParamsSet {
    /// The settings now in force.
    pub params: GaugeParams,
}

/// A holder voted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GaugeVoted {
    /// The voter.
    pub account: Address,
    /// The gauge.
    pub gauge: GaugeId,
    /// Share of their power.
    pub weight_bps: u16,
    /// The epoch it applies from.
    pub from_epoch: Timestamp,
    /// The power it gives the gauge at `from_epoch`.
    pub power: Amount,
}

/// Incentives were deposited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BribeDeposited {
    /// The depositor.
    pub depositor: Address,
    /// The gauge.
    pub gauge: GaugeId,
    /// The epoch.
    pub epoch: Timestamp,
    /// Token.
    pub token: TokenId,
    /// Into the pool (net of the fee).
    pub net: Amount,
    /// To the fee recipient.
    pub fee: Amount,
}

/// Incentives were paid out of a pool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BribePaid {
    /// Who received them.
    pub to: Address,
    /// Why: `claim`, `dust` or `reclaim`.
    pub reason: String,
    /// The gauge.
    pub gauge: GaugeId,
    /// The epoch.
    pub epoch: Timestamp,
    /// Token.
    pub token: TokenId,
    /// Amount paid.
    pub amount: Amount,
    /// The claimant's vote power (0 for dust and reclaims).
    pub power: Amount,
}
