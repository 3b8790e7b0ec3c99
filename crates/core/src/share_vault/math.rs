//! `convertToShares(a) = a · (supply + 10^offset) / (assets + 1)` and
//! `convertToAssets(s) = s · (assets + 1) / (supply + 10^offset)`, on 256
//! bits, rounded as EIP-4626 requires:
//!
//! | function | rounds | so that |
//! |---|---|---|
//! | `preview_deposit(assets)` → shares | down | a depositor gets no more shares than paid for |
//! | `preview_mint(shares)` → assets | up | minting costs at least its value |
//! | `preview_withdraw(assets)` → shares | up | a withdrawal burns at least its value |
//! | `preview_redeem(shares)` → assets | down | a redeemer gets no more than the shares are worth |

use alloy_primitives::U256;
use serde::{Deserialize, Serialize};

use crate::types::Amount;

/// The most `decimals_offset` (OpenZeppelin's `_decimalsOffset`).
pub const MAX_OFFSET: u8 = 18;

/// A share vault's totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareVault {
    /// Assets the vault holds (deposits plus compounded rewards, minus withdrawals).
    pub total_assets: Amount,
    /// Shares outstanding.
    pub total_supply: Amount,
    /// Virtual shares are `10^decimals_offset` (0 to 18).
    pub decimals_offset: u8,
}

/// Which way a division rounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Toward zero.
    Floor,
    /// Away from zero.
    Ceil,
}

fn mul_div(x: Amount, num: U256, den: U256, rounding: Rounding) -> Option<Amount> {
    let product = U256::from(x.0) * num;
    let (q, r) = product.div_rem(den);
    let q = if rounding == Rounding::Ceil && !r.is_zero() { q + U256::from(1u8) } else { q };
    u128::try_from(q).ok().map(Amount)
}

impl ShareVault {
    fn virtual_shares(&self) -> U256 {
        U256::from(self.total_supply.0)
            + U256::from(10u8).pow(U256::from(self.decimals_offset.min(MAX_OFFSET)))
    }

    fn virtual_assets(&self) -> U256 {
        U256::from(self.total_assets.0) + U256::from(1u8)
    }

    /// Shares for `assets`, rounded as asked; `None` past 128 bits.
    pub fn convert_to_shares(&self, assets: Amount, rounding: Rounding) -> Option<Amount> {
        mul_div(assets, self.virtual_shares(), self.virtual_assets(), rounding)
    }

    /// Assets for `shares`, rounded as asked; `None` past 128 bits.
    pub fn convert_to_assets(&self, shares: Amount, rounding: Rounding) -> Option<Amount> {
        mul_div(shares, self.virtual_assets(), self.virtual_shares(), rounding)
    }

    /// Shares a deposit of `assets` mints (rounded down).
    pub fn preview_deposit(&self, assets: Amount) -> Option<Amount> {
        self.convert_to_shares(assets, Rounding::Floor)
    }

    /// Assets minting `shares` costs (rounded up).
    pub fn preview_mint(&self, shares: Amount) -> Option<Amount> {
        self.convert_to_assets(shares, Rounding::Ceil)
    }

    /// Shares a withdrawal of `assets` burns (rounded up).
    pub fn preview_withdraw(&self, assets: Amount) -> Option<Amount> {
        self.convert_to_shares(assets, Rounding::Ceil)
    }

    /// Assets redeeming `shares` pays (rounded down).
    pub fn preview_redeem(&self, shares: Amount) -> Option<Amount> {
        self.convert_to_assets(shares, Rounding::Floor)
    }

    /// Deposits `assets`: the shares minted and the new totals (`None` on overflow).
    pub fn deposit(&self, assets: Amount) -> Option<(Amount, Self)> {
        let shares = self.preview_deposit(assets)?;
        Some((
            shares,
            self.with(self.total_assets.checked_add(assets)?, self.total_supply.checked_add(shares)?),
        ))
    }

    /// Redeems `shares` (at most the supply): the assets paid and the new totals.
    pub fn redeem(&self, shares: Amount) -> Option<(Amount, Self)> {
        let assets = self.preview_redeem(shares)?;
        Some((
            assets,
            self.with(self.total_assets.checked_sub(assets)?, self.total_supply.checked_sub(shares)?),
        ))
    }

    /// Rewards in the asset arrive (or a donation): shares appreciate.
    pub fn compound(&self, assets: Amount) -> Option<Self> {
        Some(self.with(self.total_assets.checked_add(assets)?, self.total_supply))
    }

    fn with(&self, total_assets: Amount, total_supply: Amount) -> Self {
        Self { total_assets, total_supply, decimals_offset: self.decimals_offset }
    }
}
