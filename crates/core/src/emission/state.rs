//! Emission state: emissions by id, their routes and counters.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Schedule;
use crate::types::{Address, Amount, Bps, Timestamp, TokenId};
use crate::vault::VaultId;

pub use crate::types::EmissionId;

/// Seconds per epoch: one week.
pub const EPOCH_SECS: u64 = 604_800;
/// Most epochs one `emit` catches up (bounds its cost; call again for more).
pub const MAX_EPOCHS_PER_EMIT: u64 = 52;
/// Most routes per emission.
pub const MAX_ROUTES: usize = 16;

/// The epoch containing `at`: `⌊at / 604800⌋`.
pub fn epoch_of(at: Timestamp) -> u64 {
    at.0 / EPOCH_SECS
}

/// The emission module's account: the minter of every emitted token.
pub fn module_account() -> Address {
    Address::derived("emission")
}

/// One route: a vault and its weight in bps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The vault (the emitted token must be one of its reward tokens).
    pub vault: VaultId,
    /// Its weight in bps; the weights sum to exactly 10000.
    pub weight_bps: Bps,
}

/// How an epoch's amount is split across vaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Routing {
    /// Fixed weights in bps summing to 10000.
    Fixed {
        /// The routes.
        routes: Vec<Route>,
    },
    /// Each epoch split by the gauge controller's relative weights (Curve
    /// `gauge_relative_weight` at the epoch's start), over gauges whose target
    /// is a vault paying the emitted token. A share with no such vault, or an
    /// epoch nobody voted in, goes to the dust recipient.
    Gauges {},
}

impl Routing {
    /// The fixed weights (empty for gauge routing, whose weights come from
    /// the gauge controller per epoch: see [`gauge_weights`](super::gauge_weights)).
    pub fn weights(&self, _epoch: u64) -> Vec<(VaultId, u128)> {
        match self {
            Self::Fixed { routes } => {
                routes.iter().map(|r| (r.vault.clone(), u128::from(r.weight_bps.0))).collect()
            }
            Self::Gauges {} => Vec::new(),
        }
    }
}

/// An emission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Emission {
    /// Its id.
    pub id: EmissionId,
    /// The token minted.
    pub token: TokenId,
    /// The schedule.
    pub schedule: Schedule,
    /// Routing.
    pub routing: Routing,
    /// First epoch.
    pub start_epoch: u64,
    /// First epoch that emits nothing, if any.
    pub sunset_epoch: Option<u64>,
    /// Most ever minted.
    pub cap: Amount,
    /// Who receives rounding remainders.
    pub dust_recipient: Address,
    /// Next epoch to emit.
    pub next_epoch: u64,
    /// Its scheduled amount (before the cap).
    pub next_amount: Amount,
    /// Minted so far.
    pub minted: Amount,
}

impl Emission {
    /// Whether no epoch will ever emit again: the cap is reached, the sunset
    /// passed, or the schedule reached 0 (every schedule is non-increasing).
    pub fn finished(&self) -> bool {
        self.minted >= self.cap
            || self.sunset_epoch.is_some_and(|s| self.next_epoch >= s)
            || self.next_amount.is_zero()
    }
}

/// Every emission.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmissionState {
    /// Emissions by id.
    pub emissions: BTreeMap<EmissionId, Emission>,
}
