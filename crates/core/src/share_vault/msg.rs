//! Share vault commands and events (EIP-4626's `deposit`, `mint`,
//! `withdraw`, `redeem`, and its `Deposit` and `Withdraw` events).

use serde::{Deserialize, Serialize};

use crate::types::{Address, AllianceId, Amount, TokenId, VaultId};

fn default_offset() -> u8 {
    6
}

/// Create an auto-compounding share vault (the alliance's leader or an admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateShareVault {
    /// New id.
    pub id: VaultId,
    /// The alliance whose joint vault it is.
    pub alliance: AllianceId,
    /// The asset deposited (and in which rewards arrive).
    pub asset: TokenId,
    /// The share token it registers (minted and burned only by the vault).
    pub share_token: TokenId,
    /// The share token's ticker.
    pub symbol: String,
    /// `10^decimals_offset` virtual shares against the donation attack
    /// (OpenZeppelin's `_decimalsOffset`, 0 to 18; default 6).
    #[serde(default = "default_offset")]
    pub decimals_offset: u8,
}

/// Deposit exactly `assets`, receiving the shares `preview-deposit` gives (rounded down).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepositAssets {
    /// The vault.
    pub vault: VaultId,
    /// Assets paid in.
    pub assets: Amount,
    /// Who receives the shares (default: the actor).
    #[serde(default)]
    pub receiver: Option<Address>,
}

/// Mint exactly `shares`, paying the assets `preview-mint` asks (rounded up).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MintShares {
    /// The vault.
    pub vault: VaultId,
    /// Shares minted.
    pub shares: Amount,
    /// Who receives the shares (default: the actor).
    #[serde(default)]
    pub receiver: Option<Address>,
}

/// Withdraw exactly `assets`, burning the shares `preview-withdraw` asks (rounded up).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawAssets {
    /// The vault.
    pub vault: VaultId,
    /// Assets paid out.
    pub assets: Amount,
    /// Who receives the assets (default: the actor).
    #[serde(default)]
    pub receiver: Option<Address>,
}

/// Redeem exactly `shares`, receiving the assets `preview-redeem` gives (rounded down).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedeemShares {
    /// The vault.
    pub vault: VaultId,
    /// Shares burned.
    pub shares: Amount,
    /// Who receives the assets (default: the actor).
    #[serde(default)]
    pub receiver: Option<Address>,
}

/// A share vault was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareVaultCreated {
    /// The vault.
    pub vault: VaultId,
    /// Its alliance.
    pub alliance: AllianceId,
    /// The asset.
    pub asset: TokenId,
    /// The share token.
    pub share_token: TokenId,
    /// The custody account (holds the assets).
    pub account: Address,
}

/// EIP-4626 `Deposit` (from `deposit` or `mint`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharesDeposited {
    /// The vault.
    pub vault: VaultId,
    /// Who paid.
    pub sender: Address,
    /// Who received the shares.
    pub owner: Address,
    /// Assets paid in.
    pub assets: Amount,
    /// Shares minted.
    pub shares: Amount,
}

/// EIP-4626 `Withdraw` (from `withdraw` or `redeem`, or an exit's redemption).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharesWithdrawn {
    /// The vault.
    pub vault: VaultId,
    /// Who received the assets.
    pub receiver: Address,
    /// Whose shares were burned.
    pub owner: Address,
    /// Assets paid out.
    pub assets: Amount,
    /// Shares burned.
    pub shares: Amount,
}
