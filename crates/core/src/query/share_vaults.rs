//! Share vault reads: totals, the price of a share, an account's position
//! with what it may take out now, and the four EIP-4626 previews.

use serde::{Deserialize, Serialize};

use super::{QueryError, QueryResult};
use crate::engine::State;
use crate::share_vault::{ShareVaultDef, max_redeem};
use crate::types::{Address, AllianceId, Amount, TokenId, VaultId};

/// The four previews for one amount (`None` past 128 bits).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Previews {
    /// The amount previewed.
    pub amount: Amount,
    /// Shares a deposit of `amount` assets mints (rounded down).
    pub deposit: Option<Amount>,
    /// Assets minting `amount` shares costs (rounded up).
    pub mint: Option<Amount>,
    /// Shares a withdrawal of `amount` assets burns (rounded up).
    pub withdraw: Option<Amount>,
    /// Assets redeeming `amount` shares pays (rounded down).
    pub redeem: Option<Amount>,
}

/// An account's position in a share vault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharePosition {
    /// The account.
    pub account: Address,
    /// Shares held.
    pub shares: Amount,
    /// What they are worth (`convertToAssets`, rounded down).
    pub assets: Amount,
    /// EIP-4626 `maxRedeem`: shares not locked (an exit's unbonding tranches are).
    pub max_redeem: Amount,
    /// EIP-4626 `maxWithdraw`: what `max_redeem` pays.
    pub max_withdraw: Amount,
}

/// A share vault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareVaultView {
    /// The id.
    pub vault: VaultId,
    /// Its alliance.
    pub alliance: AllianceId,
    /// The asset.
    pub asset: TokenId,
    /// The share token.
    pub share_token: TokenId,
    /// Custody of the assets.
    pub account: Address,
    /// `totalAssets`: the custody account's balance (rewards paid to it compound).
    pub total_assets: Amount,
    /// Shares outstanding.
    pub total_supply: Amount,
    /// The virtual offset.
    pub decimals_offset: u8,
    /// What one whole share (10^share decimals base units) redeems for.
    pub assets_per_share: Option<Amount>,
    /// The account asked about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<SharePosition>,
    /// The previews of the amount asked about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previews: Option<Previews>,
}

/// Every share vault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareVaultsView {
    /// By id.
    pub vaults: Vec<ShareVaultView>,
}

fn view(
    state: &State,
    v: &ShareVaultDef,
    account: Option<Address>,
    amount: Option<Amount>,
) -> ShareVaultView {
    let totals = v.totals(&state.ledger);
    let decimals = state.ledger.tokens.get(&v.share_token).map_or(18, |e| e.token.decimals);
    let one = 10u128.checked_pow(u32::from(decimals)).map(Amount);
    ShareVaultView {
        vault: v.id.clone(),
        alliance: v.alliance.clone(),
        asset: v.asset,
        share_token: v.share_token,
        account: v.account,
        total_assets: totals.total_assets,
        total_supply: totals.total_supply,
        decimals_offset: v.decimals_offset,
        assets_per_share: one.and_then(|o| totals.preview_redeem(o)),
        position: account.map(|a| {
            let shares = state.ledger.balance(a, v.share_token);
            let free = max_redeem(&state.ledger, &state.vesting.lockups, v, a, state.clock);
            SharePosition {
                account: a,
                shares,
                assets: totals.preview_redeem(shares).unwrap_or(Amount::MAX),
                max_redeem: free,
                max_withdraw: totals.preview_redeem(free).unwrap_or(Amount::MAX),
            }
        }),
        previews: amount.map(|x| Previews {
            amount: x,
            deposit: totals.preview_deposit(x),
            mint: totals.preview_mint(x),
            withdraw: totals.preview_withdraw(x),
            redeem: totals.preview_redeem(x),
        }),
    }
}

/// One share vault, with an account's position and previews of an amount if asked.
pub fn share_vault(
    state: &State,
    id: &VaultId,
    account: Option<Address>,
    amount: Option<Amount>,
) -> QueryResult<ShareVaultView> {
    let v =
        state.share_vaults.vaults.get(id).ok_or_else(|| QueryError::unknown("share vault", "vault", id))?;
    Ok(view(state, v, account, amount))
}

/// Every share vault.
pub fn share_vaults(state: &State) -> ShareVaultsView {
    ShareVaultsView {
        vaults: state.share_vaults.vaults.values().map(|v| view(state, v, None, None)).collect(),
    }
}
