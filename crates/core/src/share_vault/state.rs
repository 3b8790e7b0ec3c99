//! What the hub keeps of share vaults: their definitions. Totals are read
//! from the ledger: the assets are the custody account's balance (so a
//! reward or a donation paid to it compounds), the supply is the share
//! token's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::math::ShareVault;
use crate::ledger::Ledger;
use crate::types::{Address, AllianceId, Amount, TokenId, VaultId};

/// A share vault's definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareVaultDef {
    /// The id.
    pub id: VaultId,
    /// The alliance whose joint vault it is.
    pub alliance: AllianceId,
    /// The asset.
    pub asset: TokenId,
    /// The share token (minted and burned only by `account`).
    pub share_token: TokenId,
    /// Custody of the assets, and the share token's minter.
    pub account: Address,
    /// Virtual shares are `10^decimals_offset`.
    pub decimals_offset: u8,
}

impl ShareVaultDef {
    /// The vault's totals as the ledger holds them now.
    pub fn totals(&self, ledger: &Ledger) -> ShareVault {
        ShareVault {
            total_assets: ledger.balance(self.account, self.asset),
            total_supply: ledger
                .tokens
                .get(&self.share_token)
                .map_or(Amount::ZERO, |e| e.supply.total.latest()),
            decimals_offset: self.decimals_offset,
        }
    }
}

/// Every share vault, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareVaults {
    /// By id.
    pub vaults: BTreeMap<VaultId, ShareVaultDef>,
}

impl ShareVaults {
    /// Whether there are none (then the state encodes to nothing).
    pub fn is_empty(&self) -> bool {
        self.vaults.is_empty()
    }

    /// The vaults of an alliance.
    pub fn of_alliance<'s>(
        &'s self,
        alliance: &'s AllianceId,
    ) -> impl Iterator<Item = &'s ShareVaultDef> + 's {
        self.vaults.values().filter(move |v| &v.alliance == alliance)
    }
}

/// What an alliance's share vaults hold, by asset (its joint TVL).
pub fn alliance_tvl(
    vaults: &ShareVaults,
    ledger: &Ledger,
    alliance: &AllianceId,
) -> BTreeMap<TokenId, Amount> {
    let mut tvl: BTreeMap<TokenId, Amount> = BTreeMap::new();
    for v in vaults.of_alliance(alliance) {
        let slot = tvl.entry(v.asset).or_default();
        *slot = slot.checked_add(ledger.balance(v.account, v.asset)).unwrap_or(Amount::MAX);
    }
    tvl
}

/// A share vault's custody account: `Address::derived("share-vault:<id>")`.
pub fn share_vault_account(id: &VaultId) -> Address {
    Address::derived(&format!("share-vault:{id}"))
}
