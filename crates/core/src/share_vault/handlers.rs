//! Share vault handlers: each validates everything, then writes through one
//! checked plan (assets in and shares minted, or shares burned and assets out).

use super::MAX_OFFSET;
use super::error::ShareVaultError;
use super::msg::{
    CreateShareVault, DepositAssets, MintShares, RedeemShares, ShareVaultCreated, SharesDeposited,
    SharesWithdrawn, WithdrawAssets,
};
use super::state::{ShareVaultDef, ShareVaults, share_vault_account};
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::Lockups;
use crate::kernel::{Kernel, Plan};
use crate::ledger::{Ledger, Token, TokenRole};
use crate::types::{Address, Amount, Timestamp, VaultId};

fn invalid(field: &'static str, rule: impl Into<String>) -> ShareVaultError {
    ShareVaultError::Invalid { field, rule: rule.into() }
}

fn vault<'v>(vaults: &'v ShareVaults, id: &VaultId) -> Result<&'v ShareVaultDef, ShareVaultError> {
    vaults.vaults.get(id).ok_or_else(|| ShareVaultError::UnknownVault { vault: id.clone() })
}

fn receiver(r: Option<Address>, actor: Address) -> Result<Address, ShareVaultError> {
    let r = r.unwrap_or(actor);
    if r.is_zero() { Err(invalid("body.receiver", "must not be the zero address")) } else { Ok(r) }
}

fn positive(field: &'static str, amount: Amount) -> Result<(), ShareVaultError> {
    if amount.is_zero() { Err(invalid(field, "must be greater than zero")) } else { Ok(()) }
}

fn overflow(field: &'static str) -> ShareVaultError {
    invalid(field, "the conversion exceeds 128 bits")
}

/// The shares `owner` may redeem now: its balance less what is locked (an
/// exit's unbonding tranches), EIP-4626 `maxRedeem`.
pub fn max_redeem(
    ledger: &Ledger,
    lockups: &Lockups,
    v: &ShareVaultDef,
    owner: Address,
    at: Timestamp,
) -> Amount {
    let balance = ledger.balance(owner, v.share_token);
    let (locked, _) = lockups.locked_at(owner, v.share_token, at);
    balance.checked_sub(locked).unwrap_or(Amount::ZERO)
}

/// `create-share-vault` (the alliance's leader or an admin).
pub(crate) fn create(
    vaults: &mut ShareVaults,
    k: &mut Kernel<'_>,
    actor: Address,
    c: &CreateShareVault,
) -> EngineResult<Vec<Event>> {
    if vaults.vaults.contains_key(&c.id) {
        return Err(ShareVaultError::DuplicateVault { vault: c.id.clone() }.into());
    }
    k.require_admin_or_leader(actor, &c.alliance)?;
    let asset = k.ledger().token(c.asset, "body.asset")?.token.clone();
    if k.ledger().tokens.contains_key(&c.share_token) {
        return Err(
            invalid("body.share_token", format!("token `{}` is already registered", c.share_token)).into()
        );
    }
    if c.decimals_offset > MAX_OFFSET {
        return Err(invalid(
            "body.decimals_offset",
            format!("must be 0 to {MAX_OFFSET}, got {}", c.decimals_offset),
        )
        .into());
    }
    let decimals = asset.decimals.saturating_add(c.decimals_offset);
    if decimals > Token::MAX_DECIMALS {
        return Err(invalid(
            "body.decimals_offset",
            format!(
                "the shares' decimals ({} of the asset + {}) must be at most {}",
                asset.decimals,
                c.decimals_offset,
                Token::MAX_DECIMALS
            ),
        )
        .into());
    }
    if c.symbol.is_empty() || c.symbol.len() > 16 || !c.symbol.is_ascii() {
        return Err(
            invalid("body.symbol", format!("must be 1 to 16 ASCII characters, got {:?}", c.symbol)).into()
        );
    }
    let account = share_vault_account(&c.id);
    let token = Token {
        id: c.share_token,
        symbol: c.symbol.clone(),
        decimals,
        chain_id: k.hub().chain_id,
        contract: None,
        role: TokenRole::Lp,
        minter: Some(account),
    };
    let registered = k.register_issued_token(token)?;
    vaults.vaults.insert(
        c.id.clone(),
        ShareVaultDef {
            id: c.id.clone(),
            alliance: c.alliance.clone(),
            asset: c.asset,
            share_token: c.share_token,
            account,
            decimals_offset: c.decimals_offset,
        },
    );
    Ok(vec![
        registered,
        Event::ShareVaultCreated(ShareVaultCreated {
            vault: c.id.clone(),
            alliance: c.alliance.clone(),
            asset: c.asset,
            share_token: c.share_token,
            account,
        }),
    ])
}

/// Pays `assets` in from `sender` and mints `shares` to `owner`.
fn pay_in(
    k: &mut Kernel<'_>,
    v: &ShareVaultDef,
    sender: Address,
    owner: Address,
    assets: Amount,
    shares: Amount,
    at: Timestamp,
) -> EngineResult<Vec<Event>> {
    let mut plan = Plan::transfer_one(v.asset, sender, v.account, assets);
    plan.mint(v.share_token, v.account, owner, shares);
    let mut events = k.transact(plan, at)?;
    events.push(Event::SharesDeposited(SharesDeposited {
        vault: v.id.clone(),
        sender,
        owner,
        assets,
        shares,
    }));
    Ok(events)
}

/// Burns `shares` of `owner` and pays `assets` out to `to`.
pub(crate) fn pay_out(
    k: &mut Kernel<'_>,
    v: &ShareVaultDef,
    owner: Address,
    to: Address,
    assets: Amount,
    shares: Amount,
    at: Timestamp,
) -> EngineResult<Vec<Event>> {
    let mut plan = Plan::default();
    plan.burn_from(v.share_token, v.account, owner, shares);
    plan.transfer(v.asset, v.account, to, assets);
    let mut events = k.transact(plan, at)?;
    events.push(Event::SharesWithdrawn(SharesWithdrawn {
        vault: v.id.clone(),
        receiver: to,
        owner,
        assets,
        shares,
    }));
    Ok(events)
}

/// `deposit-assets`: exactly `assets` in, `⌊assets · (S + 10^o) / (A + 1)⌋` shares out.
pub(crate) fn deposit(
    vaults: &ShareVaults,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &DepositAssets,
) -> EngineResult<Vec<Event>> {
    let v = vault(vaults, &c.vault)?;
    positive("body.assets", c.assets)?;
    let owner = receiver(c.receiver, actor)?;
    let shares = v.totals(k.ledger()).preview_deposit(c.assets).ok_or(overflow("body.assets"))?;
    if shares.is_zero() {
        return Err(
            ShareVaultError::RoundsToZero { field: "body.assets", what: "shares", got: c.assets }.into()
        );
    }
    pay_in(k, v, actor, owner, c.assets, shares, at)
}

/// `mint-shares`: exactly `shares` out, `⌈shares · (A + 1) / (S + 10^o)⌉` assets in.
pub(crate) fn mint(
    vaults: &ShareVaults,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &MintShares,
) -> EngineResult<Vec<Event>> {
    let v = vault(vaults, &c.vault)?;
    positive("body.shares", c.shares)?;
    let owner = receiver(c.receiver, actor)?;
    let assets = v.totals(k.ledger()).preview_mint(c.shares).ok_or(overflow("body.shares"))?;
    pay_in(k, v, actor, owner, assets, c.shares, at)
}

/// `withdraw-assets`: exactly `assets` out, `⌈assets · (S + 10^o) / (A + 1)⌉` shares burned.
pub(crate) fn withdraw(
    vaults: &ShareVaults,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &WithdrawAssets,
) -> EngineResult<Vec<Event>> {
    let v = vault(vaults, &c.vault)?;
    positive("body.assets", c.assets)?;
    let to = receiver(c.receiver, actor)?;
    let totals = v.totals(k.ledger());
    let max =
        totals.preview_redeem(max_redeem(k.ledger(), k.lockups(), v, actor, at)).unwrap_or(Amount::ZERO);
    if c.assets > max {
        return Err(
            ShareVaultError::ExceedsMax { field: "body.assets", what: "assets", max, got: c.assets }.into()
        );
    }
    let shares = totals.preview_withdraw(c.assets).ok_or(overflow("body.assets"))?;
    pay_out(k, v, actor, to, c.assets, shares, at)
}

/// `redeem-shares`: exactly `shares` burned, `⌊shares · (A + 1) / (S + 10^o)⌋` assets out.
pub(crate) fn redeem(
    vaults: &ShareVaults,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &RedeemShares,
) -> EngineResult<Vec<Event>> {
    let v = vault(vaults, &c.vault)?;
    positive("body.shares", c.shares)?;
    let to = receiver(c.receiver, actor)?;
    let max = max_redeem(k.ledger(), k.lockups(), v, actor, at);
    if c.shares > max {
        return Err(
            ShareVaultError::ExceedsMax { field: "body.shares", what: "shares", max, got: c.shares }.into()
        );
    }
    let assets = v.totals(k.ledger()).preview_redeem(c.shares).ok_or(overflow("body.shares"))?;
    if assets.is_zero() {
        return Err(
            ShareVaultError::RoundsToZero { field: "body.shares", what: "assets", got: c.shares }.into()
        );
    }
    pay_out(k, v, actor, to, assets, c.shares, at)
}
