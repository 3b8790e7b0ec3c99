//! Vesting grants and lock-ups.
//!
//! * **Grants** follow OpenZeppelin `VestingWallet` (with `VestingWalletCliff`):
//!   `vested(t) = 0` before the cliff, `total` from `start + duration` on, and
//!   `⌊total · (t − start) / duration⌋` in between (floor: the unvested side
//!   keeps the fraction). The grantor's tokens sit in the grant's derived
//!   account `Address::derived("vesting:<id>")` until released to the
//!   beneficiary.
//! * **Revocable grants** follow Sablier's cancel: the beneficiary keeps what
//!   vested at the revocation time (still releasable afterwards), the unvested
//!   rest returns to the grantor at once.
//! * **Lock-ups**: `transfer-locked` gives tokens that the recipient cannot
//!   move before `unlock_at`. The lock-ups themselves are the kernel's
//!   ([`crate::kernel::Lockups`]): it checks them before every debit it commits,
//!   whichever mechanism planned it.

mod error;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use error::{VestingError, VestingResult};

use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Lockup, Lockups, MAX_ACTIVE_LOCKUPS, Plan};
use crate::types::{Address, Amount, Timestamp, TokenId};

/// A vesting grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// Sequential id, from 1.
    pub id: u64,
    /// Who funded it (and may revoke it if revocable).
    pub grantor: Address,
    /// Who receives the vested tokens.
    pub beneficiary: Address,
    /// The token.
    pub token: TokenId,
    /// Total granted, in base units.
    pub total: Amount,
    /// Vesting start.
    pub start: Timestamp,
    /// Seconds after `start` before which nothing vests.
    pub cliff_secs: u64,
    /// Seconds from `start` to full vesting.
    pub duration_secs: u64,
    /// Whether the grantor may revoke the unvested part.
    pub revocable: bool,
    /// Released to the beneficiary so far.
    pub released: Amount,
    /// Set when revoked.
    pub revoked: Option<Revocation>,
    /// The account holding the unreleased tokens.
    pub account: Address,
}

/// A grant's revocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    /// When.
    pub at: Timestamp,
    /// What had vested then (the beneficiary keeps it all).
    pub vested: Amount,
    /// What went back to the grantor.
    pub returned: Amount,
}

impl Grant {
    /// The cliff time, `start + cliff_secs`.
    pub fn cliff(&self) -> Timestamp {
        Timestamp(self.start.0.saturating_add(self.cliff_secs))
    }

    /// The end, `start + duration_secs` (checked at creation).
    pub fn end(&self) -> Timestamp {
        Timestamp(self.start.0.saturating_add(self.duration_secs))
    }

    /// OpenZeppelin `vestedAmount(t)` with a cliff; after a revocation, what
    /// had vested at revocation time.
    pub fn vested_at(&self, at: Timestamp) -> Amount {
        if let Some(r) = self.revoked {
            return r.vested;
        }
        schedule(self.total, self.start, self.cliff_secs, self.duration_secs, at)
    }

    /// Vested but not yet released.
    pub fn releasable_at(&self, at: Timestamp) -> Amount {
        // vested is non-decreasing and released ≤ vested at the last release.
        self.vested_at(at).checked_sub(self.released).unwrap_or(Amount::ZERO)
    }
}

/// The vesting curve: 0 before `start + cliff_secs`, `total` from
/// `start + duration_secs`, else `⌊total · (t − start) / duration_secs⌋`.
pub fn schedule(
    total: Amount,
    start: Timestamp,
    cliff_secs: u64,
    duration_secs: u64,
    at: Timestamp,
) -> Amount {
    if at.0 < start.0.saturating_add(cliff_secs) {
        return Amount::ZERO;
    }
    if at.0 >= start.0.saturating_add(duration_secs) {
        return total;
    }
    // start ≤ start + cliff ≤ at < start + duration, so duration > 0 and the
    // result is < total.
    total.mul_div_floor(u128::from(at.0 - start.0), u128::from(duration_secs)).unwrap_or(total)
}

/// Grants by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantBook {
    /// The last grant id used (0 before the first).
    pub last_id: u64,
    /// Grants by id.
    pub by_id: BTreeMap<u64, Grant>,
}

impl GrantBook {
    fn grant(&self, id: u64) -> VestingResult<&Grant> {
        self.by_id.get(&id).ok_or(VestingError::UnknownGrant { grant: id })
    }
}

/// The vesting state: the mechanism's grants, and the lock-ups the kernel
/// checks (kept here so the state's encoding is unchanged).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VestingState {
    /// Grants.
    pub grants: GrantBook,
    /// Active lock-ups by account, then token (the kernel's).
    pub lockups: Lockups,
}

// ---------------------------------------------------------------- commands

/// Fund a vesting grant from the actor's balance (anyone; the actor is the grantor).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateVesting {
    /// Who receives the vested tokens.
    pub beneficiary: Address,
    /// The token.
    pub token: TokenId,
    /// Total, in base units.
    pub total: Amount,
    /// Vesting start (may be in the past or the future).
    pub start: Timestamp,
    /// Seconds after start before which nothing vests (≤ duration_secs).
    #[serde(default)]
    pub cliff_secs: u64,
    /// Seconds from start to full vesting.
    pub duration_secs: u64,
    /// Whether the grantor may revoke the unvested part.
    #[serde(default)]
    pub revocable: bool,
}

/// Pay a grant's releasable amount to its beneficiary (anyone may call, as with OpenZeppelin's `release`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseVesting {
    /// The grant.
    pub grant: u64,
}

/// Revoke a revocable grant (its grantor): the unvested part returns to the grantor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeVesting {
    /// The grant.
    pub grant: u64,
}

/// Transfer tokens that the recipient cannot move before `unlock_at` (anyone, from their own free balance).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferLocked {
    /// The token.
    pub token: TokenId,
    /// The recipient.
    pub to: Address,
    /// Amount in base units.
    pub amount: Amount,
    /// First second at which the recipient may move them.
    pub unlock_at: Timestamp,
}

// ---------------------------------------------------------------- events

/// A grant was funded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VestingCreated {
    /// The grant as created.
    pub grant: Grant,
}

/// Vested tokens were released.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VestingReleased {
    /// The grant.
    pub grant: u64,
    /// The beneficiary paid.
    pub beneficiary: Address,
    /// The token.
    pub token: TokenId,
    /// Paid now.
    pub amount: Amount,
    /// Released in total so far.
    pub released: Amount,
}

/// A grant was revoked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VestingRevoked {
    /// The grant.
    pub grant: u64,
    /// The grantor refunded.
    pub grantor: Address,
    /// The token.
    pub token: TokenId,
    /// What had vested (the beneficiary keeps it).
    pub vested: Amount,
    /// What returned to the grantor.
    pub returned: Amount,
}

/// Tokens were transferred under a lock-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedTransfer {
    /// The token.
    pub token: TokenId,
    /// Sender.
    pub from: Address,
    /// Recipient.
    pub to: Address,
    /// Amount.
    pub amount: Amount,
    /// First second at which the recipient may move them.
    pub unlock_at: Timestamp,
}

// ---------------------------------------------------------------- handlers

/// The derived account holding grant `id`'s tokens.
pub fn grant_account(id: u64) -> Address {
    Address::derived(&format!("vesting:{id}"))
}

/// `create-vesting`.
pub(crate) fn create(
    book: &mut GrantBook,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &CreateVesting,
) -> EngineResult<Vec<Event>> {
    k.ledger().token(c.token, "body.token")?;
    if c.total.is_zero() {
        return Err(VestingError::ZeroTotal.into());
    }
    if c.beneficiary.is_zero() {
        return Err(VestingError::ZeroBeneficiary.into());
    }
    if c.cliff_secs > c.duration_secs {
        return Err(
            VestingError::CliffAfterEnd { cliff_secs: c.cliff_secs, duration_secs: c.duration_secs }.into()
        );
    }
    if c.start.0.checked_add(c.duration_secs).is_none() {
        return Err(VestingError::EndOverflow.into());
    }
    let id = book.last_id + 1;
    let account = grant_account(id);
    let plan = Plan::transfer_one(c.token, actor, account, c.total);
    k.check(&plan, at)?;
    let grant = Grant {
        id,
        grantor: actor,
        beneficiary: c.beneficiary,
        token: c.token,
        total: c.total,
        start: c.start,
        cliff_secs: c.cliff_secs,
        duration_secs: c.duration_secs,
        revocable: c.revocable,
        released: Amount::ZERO,
        revoked: None,
        account,
    };
    let mut events = k.commit(plan, at);
    book.last_id = id;
    book.by_id.insert(id, grant.clone());
    events.push(Event::VestingCreated(VestingCreated { grant }));
    Ok(events)
}

/// `release-vesting`.
pub(crate) fn release(
    book: &mut GrantBook,
    k: &mut Kernel<'_>,
    at: Timestamp,
    c: &ReleaseVesting,
) -> EngineResult<Vec<Event>> {
    let g = book.grant(c.grant)?;
    let amount = g.releasable_at(at);
    if amount.is_zero() {
        return Err(VestingError::NothingToRelease { grant: g.id, at, released: g.released }.into());
    }
    let released = g.released.checked_add(amount).ok_or(VestingError::Overflow { token: g.token })?;
    let (token, beneficiary, account) = (g.token, g.beneficiary, g.account);
    let mut events = k.transact(Plan::transfer_one(token, account, beneficiary, amount), at)?;
    book.by_id.get_mut(&c.grant).expect("grant checked above").released = released;
    events.push(Event::VestingReleased(VestingReleased {
        grant: c.grant,
        beneficiary,
        token,
        amount,
        released,
    }));
    Ok(events)
}

/// `revoke-vesting`.
pub(crate) fn revoke(
    book: &mut GrantBook,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &RevokeVesting,
) -> EngineResult<Vec<Event>> {
    let g = book.grant(c.grant)?;
    if g.grantor != actor {
        return Err(VestingError::NotGrantor { grant: g.id, actor, grantor: g.grantor }.into());
    }
    if !g.revocable {
        return Err(VestingError::NotRevocable { grant: g.id }.into());
    }
    if let Some(r) = g.revoked {
        return Err(VestingError::AlreadyRevoked { grant: g.id, at: r.at }.into());
    }
    let vested = g.vested_at(at);
    let returned = g.total.checked_sub(vested).unwrap_or(Amount::ZERO);
    if returned.is_zero() {
        return Err(VestingError::FullyVested { grant: g.id }.into());
    }
    let (token, grantor, account) = (g.token, g.grantor, g.account);
    let mut events = k.transact(Plan::transfer_one(token, account, grantor, returned), at)?;
    book.by_id.get_mut(&c.grant).expect("grant checked above").revoked =
        Some(Revocation { at, vested, returned });
    events.push(Event::VestingRevoked(VestingRevoked { grant: c.grant, grantor, token, vested, returned }));
    Ok(events)
}

/// `transfer-locked`.
pub(crate) fn transfer_locked(
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &TransferLocked,
) -> EngineResult<Vec<Event>> {
    if c.unlock_at <= at {
        return Err(VestingError::UnlockNotInFuture { at, unlock_at: c.unlock_at }.into());
    }
    if c.amount.is_zero() {
        return Err(crate::ledger::LedgerError::ZeroAmount { field: "body.amount" }.into());
    }
    let (locked, _) = k.lockups().locked_at(c.to, c.token, at);
    locked.checked_add(c.amount).ok_or(VestingError::Overflow { token: c.token })?;
    if k.lockups().active_count(c.to, c.token, at) >= MAX_ACTIVE_LOCKUPS {
        return Err(VestingError::TooManyLockups { token: c.token, limit: MAX_ACTIVE_LOCKUPS }.into());
    }
    let mut events = k.transact(Plan::transfer_one(c.token, actor, c.to, c.amount), at)?;
    k.add_lockup(c.to, c.token, Lockup { amount: c.amount, unlock_at: c.unlock_at }, at);
    events.push(Event::LockedTransfer(LockedTransfer {
        token: c.token,
        from: actor,
        to: c.to,
        amount: c.amount,
        unlock_at: c.unlock_at,
    }));
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_follows_openzeppelin_with_a_cliff() {
        let total = Amount(1_000);
        // start 100, cliff 10 s, duration 40 s.
        assert_eq!(schedule(total, Timestamp(100), 10, 40, Timestamp(109)), Amount(0));
        assert_eq!(schedule(total, Timestamp(100), 10, 40, Timestamp(110)), Amount(250));
        // 1000 · 13 / 40 = 325 exactly; 1000 · 11 / 40 = 275.
        assert_eq!(schedule(total, Timestamp(100), 10, 40, Timestamp(111)), Amount(275));
        assert_eq!(schedule(total, Timestamp(100), 10, 40, Timestamp(140)), total);
        // Zero duration: all at start.
        assert_eq!(schedule(total, Timestamp(100), 0, 0, Timestamp(100)), total);
        assert_eq!(schedule(total, Timestamp(100), 0, 0, Timestamp(99)), Amount(0));
    }
}
