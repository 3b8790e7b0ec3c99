//! The gauge controller's state: settings, gauges with their weights over
//! time, votes, and vote-incentive pools.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{GaugeError, GaugeResult};
use crate::escrow::{Decay, Line, week_floor};
pub use crate::types::GaugeId;
use crate::types::{Address, AllianceId, Amount, Bps, Timestamp, TokenId, VaultId, mul_div};

/// Curve GaugeController `WEIGHT_VOTE_DELAY`: 10 days.
pub const DEFAULT_VOTE_DELAY_SECS: u64 = 10 * 86_400;
/// Longest vote delay accepted: one year.
pub const MAX_VOTE_DELAY_SECS: u64 = 365 * 86_400;
/// Fixed-point scale of relative weights: 10^18 = 100 %.
pub const WEIGHT_SCALE: u128 = 1_000_000_000_000_000_000;

/// The account that holds deposited vote incentives.
pub fn bribe_account() -> Address {
    Address::derived("bribes")
}

/// Controller settings (admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GaugeParams {
    /// Seconds between two votes of one holder on one gauge.
    pub vote_delay_secs: u64,
    /// Fee on incentive deposits, in bps.
    pub bribe_fee_bps: Bps,
    /// Receives fees and dust; `None` = the genesis alliance's treasury.
    pub fee_recipient: Option<Address>,
}

impl Default for GaugeParams {
    fn default() -> Self {
        Self { vote_delay_secs: DEFAULT_VOTE_DELAY_SECS, bribe_fee_bps: Bps(0), fee_recipient: None }
    }
}

/// A gauge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gauge {
    /// What it points at (a vault id).
    pub target: VaultId,
    /// When it was created.
    pub created_at: Timestamp,
    /// Its weight over time (Curve `points_weight` + `changes_weight`).
    pub weight: Decay,
}

/// One vote of a holder on a gauge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// When it was cast.
    pub cast_at: Timestamp,
    /// The epoch it applies from.
    pub from: Timestamp,
    /// Share of the holder's power.
    pub bps: u16,
    /// The power it gives the gauge: `slope · (end − t)`.
    pub line: Line,
}

/// The incentives deposited in one token for one (gauge, epoch).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BribePool {
    /// Net of fees, in total.
    pub deposited: Amount,
    /// Paid out so far (claims, dust, reclaims).
    pub paid: Amount,
    /// Sum of the vote power of voters who have claimed.
    #[serde(with = "crate::types::dec")]
    pub claimed_power: u128,
    /// Net deposits by depositor (reclaimable only if nobody voted).
    pub depositors: BTreeMap<Address, Amount>,
    /// Voters who have claimed.
    pub claimants: BTreeSet<Address>,
}

/// The gauge controller's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gauges {
    /// Settings.
    pub params: GaugeParams,
    /// Gauges by id.
    pub gauges: BTreeMap<GaugeId, Gauge>,
    /// Sum of all gauge weights over time.
    pub total: Decay,
    /// Vote history by holder, then gauge (the last one is current).
    pub votes: BTreeMap<Address, BTreeMap<GaugeId, Vec<Vote>>>,
    /// Bps in use per holder (Curve `vote_user_power`).
    pub power_used: BTreeMap<Address, u16>,
    /// Incentive pools by gauge, epoch and token.
    pub bribes: BTreeMap<GaugeId, BTreeMap<Timestamp, BTreeMap<TokenId, BribePool>>>,
}

impl Gauges {
    /// A gauge's weight at `t` (0 for an unknown gauge).
    pub fn gauge_weight_at(&self, gauge: &GaugeId, t: Timestamp) -> u128 {
        self.gauges.get(gauge).map_or(0, |g| g.weight.at(t))
    }

    /// The sum of all gauge weights at `t`.
    pub fn total_weight_at(&self, t: Timestamp) -> u128 {
        self.total.at(t)
    }

    /// `⌊10^18 · w_g(t) / Σ w(t)⌋` (floor), 0 when nobody voted (Curve
    /// `gauge_relative_weight`).
    pub fn relative_weight(&self, gauge: &GaugeId, t: Timestamp) -> u128 {
        let total = self.total_weight_at(t);
        // w_g ≤ total, so the quotient ≤ 10^18 and always fits.
        mul_div(self.gauge_weight_at(gauge, t), WEIGHT_SCALE, total, false).unwrap_or(0)
    }

    /// Every gauge's relative weight in the epoch containing `t` (floor; the
    /// values sum to at most 10^18). What the emission module splits by.
    pub fn relative_weights(&self, t: Timestamp) -> BTreeMap<GaugeId, u128> {
        let epoch = Timestamp(week_floor(t.0));
        self.gauges.keys().map(|g| (g.clone(), self.relative_weight(g, epoch))).collect()
    }

    /// The vote in force for (holder, gauge) at `t`.
    pub fn vote_at(&self, account: Address, gauge: &GaugeId, t: Timestamp) -> Option<Vote> {
        let history = self.votes.get(&account)?.get(gauge)?;
        let after = history.partition_point(|v| v.from <= t);
        after.checked_sub(1).map(|i| history[i])
    }

    /// The power a holder gave a gauge at `t`: their vote's line at `t`.
    pub fn vote_power_at(&self, account: Address, gauge: &GaugeId, t: Timestamp) -> u128 {
        self.vote_at(account, gauge, t).map_or(0, |v| v.line.bias_at(t))
    }

    pub(super) fn gauge(&self, id: &GaugeId) -> GaugeResult<&Gauge> {
        self.gauges.get(id).ok_or_else(|| GaugeError::UnknownGauge { id: id.clone() })
    }

    pub(super) fn pool(&self, gauge: &GaugeId, epoch: Timestamp, token: TokenId) -> GaugeResult<&BribePool> {
        self.bribes
            .get(gauge)
            .and_then(|e| e.get(&epoch))
            .and_then(|t| t.get(&token))
            .ok_or_else(|| GaugeError::NoBribe { gauge: gauge.clone(), epoch, token })
    }

    pub(super) fn pool_mut(&mut self, gauge: &GaugeId, epoch: Timestamp, token: TokenId) -> &mut BribePool {
        self.bribes.entry(gauge.clone()).or_default().entry(epoch).or_default().entry(token).or_default()
    }
}

/// The fee and dust recipient in force: the one set, else the genesis alliance's treasury.
pub fn fee_recipient(gauges: &Gauges, genesis_alliance: &AllianceId) -> Address {
    gauges.params.fee_recipient.unwrap_or_else(|| crate::alliance::treasury_address(genesis_alliance))
}
