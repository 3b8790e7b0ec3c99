//! Merkle reward commands and events.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Entry;
use crate::types::{Address, Amount, B256, TokenId};
use crate::vault::VaultId;

// ---------------------------------------------------------------- commands

/// Publish an epoch's cumulative claimable amounts (admin, once per epoch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishMerkleRoot {
    /// The epoch number (increasing).
    pub epoch: u64,
    /// One entry per (account, token).
    pub entries: Vec<Entry>,
}

/// Claim a cumulative amount with a proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimMerkleReward {
    /// The epoch whose root proves the claim.
    pub epoch: u64,
    /// The token.
    pub token: TokenId,
    /// The cumulative amount in the leaf.
    pub amount: Amount,
    /// Sibling hashes from the leaf up.
    pub proof: Vec<B256>,
}

/// Settle a vault's rewards into the distributor and publish the epoch's
/// cumulative amounts (admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishVaultRewards {
    /// The vault whose positions are settled.
    pub vault: VaultId,
    /// The epoch number (increasing).
    pub epoch: u64,
}

// ---------------------------------------------------------------- events

/// An epoch's root was published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerkleRootPublished {
    /// The epoch.
    pub epoch: u64,
    /// The root.
    pub root: B256,
    /// Number of leaves.
    pub leaves: u64,
}

/// A Merkle claim was paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerkleRewardClaimed {
    /// The claimant.
    pub account: Address,
    /// The epoch.
    pub epoch: u64,
    /// The token.
    pub token: TokenId,
    /// Cumulative amount proven.
    pub cumulative: Amount,
    /// Paid now (`cumulative − claimed before`).
    pub paid: Amount,
}

/// Rewards of a vault were settled into the distributor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultRewardsSettled {
    /// The vault.
    pub vault: VaultId,
    /// The epoch published with them.
    pub epoch: u64,
    /// Accounts with newly settled rewards.
    pub accounts: u64,
    /// Total settled per token.
    pub totals: BTreeMap<TokenId, Amount>,
}
