//! Emission commands and events.

use serde::{Deserialize, Serialize};

use super::{Emission, EmissionId, Routing, Schedule};
use crate::types::{Address, Amount, TokenId};
use crate::vault::VaultId;

/// Create an emission (hub admins only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateEmission {
    /// New id.
    pub id: EmissionId,
    /// The token to mint (its minter must be the emission module).
    pub token: TokenId,
    /// The schedule.
    pub schedule: Schedule,
    /// Routing to vaults.
    pub routing: Routing,
    /// First epoch (≥ the current epoch).
    pub start_epoch: u64,
    /// First epoch that emits nothing (> start_epoch), if any.
    #[serde(default)]
    pub sunset_epoch: Option<u64>,
    /// Most ever minted (> 0).
    pub cap: Amount,
    /// Who receives rounding remainders.
    pub dust_recipient: Address,
}

/// Mint and route every due epoch, up to 52 at a time (anyone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emit {
    /// The emission.
    pub emission: EmissionId,
}

/// An emission was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmissionCreated {
    /// The emission as created.
    pub emission: Emission,
}

/// One epoch was emitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpochEmitted {
    /// The emission.
    pub emission: EmissionId,
    /// The epoch.
    pub epoch: u64,
    /// Minted for it (after the cap).
    pub amount: Amount,
    /// Per route, `⌊amount · weight / Σ weights⌋`.
    pub shares: Vec<(VaultId, Amount)>,
    /// The split's rounding remainder (minted to the dust recipient).
    pub dust: Amount,
    /// Minted in total so far.
    pub minted: Amount,
}

/// What an `emit` minted to the dust recipient: the split remainders of its
/// epochs plus any vault share too small to give a positive rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmissionDustPaid {
    /// The emission.
    pub emission: EmissionId,
    /// The dust recipient.
    pub recipient: Address,
    /// Amount minted to it.
    pub amount: Amount,
}
