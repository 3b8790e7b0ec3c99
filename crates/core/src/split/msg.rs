//! Fee split commands and events.

use serde::{Deserialize, Serialize};

use super::{Share, SplitId};
use crate::types::{Address, AllianceId, Amount, TokenId};

/// Create a fee split (a hub admin or the alliance's leader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSplit {
    /// New id.
    pub id: SplitId,
    /// The alliance it belongs to.
    pub alliance: AllianceId,
    /// 1 to 16 shares, distinct recipients, each > 0 bps, summing to exactly 10 000.
    pub shares: Vec<Share>,
    /// Who receives the rounding remainder.
    pub dust_recipient: Address,
}

/// Pay fees from the actor's balance through a split (anyone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributeFees {
    /// The split.
    pub split: SplitId,
    /// The fee token.
    pub token: TokenId,
    /// Amount in base units.
    pub amount: Amount,
}

/// A split was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitCreated {
    /// Its id.
    pub split: SplitId,
    /// Its alliance.
    pub alliance: AllianceId,
    /// The shares.
    pub shares: Vec<Share>,
    /// The dust recipient.
    pub dust_recipient: Address,
}

/// One payment of a distribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    /// Who was paid.
    pub recipient: Address,
    /// How much.
    pub amount: Amount,
}

/// Fees were distributed (a fee event: the volume KPI's input).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeesDistributed {
    /// The split.
    pub split: SplitId,
    /// The fee token.
    pub token: TokenId,
    /// Who paid.
    pub payer: Address,
    /// The whole fee.
    pub amount: Amount,
    /// One payout per share, in share order (floor of amount · bps / 10 000).
    pub payouts: Vec<Payout>,
    /// The remainder paid to the dust recipient.
    pub dust: Amount,
    /// The dust recipient.
    pub dust_recipient: Address,
}
