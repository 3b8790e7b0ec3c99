//! Vesting and lock-up handlers: each validates everything, then writes.

use super::{
    CreateVesting, Grant, GrantBook, LockedTransfer, ReleaseVesting, Revocation, RevokeVesting,
    TransferLocked, VestingCreated, VestingError, VestingReleased, VestingRevoked, grant_account,
};
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Lockup, MAX_ACTIVE_LOCKUPS, Plan};
use crate::types::{Address, Amount, Timestamp};

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
