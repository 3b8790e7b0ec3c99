//! Vote-escrow handlers (Curve `create_lock`, `increase_amount`,
//! `increase_unlock_time`, `withdraw`): each validates everything, then writes.

use super::{
    CreateEscrow, CreateLock, Escrow, EscrowConfig, EscrowCreated, EscrowError, EscrowResult, ExtendLock,
    IncreaseLockAmount, Lock, LockChanged, LockWithdrawn, MAX_MAX_LOCK_SECS, WEEK, escrow_account,
    ve_balance_at, week_floor,
};
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Plan};
use crate::ledger::TokenRole;
use crate::roles::Role;
use crate::types::{Address, Amount, Timestamp};

fn check_unlock(rounded: Timestamp, now: Timestamp, max_lock_secs: u64) -> EscrowResult<()> {
    if rounded <= now {
        return Err(EscrowError::UnlockNotInFuture { rounded, now });
    }
    let latest = Timestamp(now.0.saturating_add(max_lock_secs));
    if rounded > latest {
        return Err(EscrowError::UnlockTooLate { rounded, latest });
    }
    Ok(())
}

fn changed(escrow: &Escrow, account: Address, at: Timestamp, mut events: Vec<Event>) -> Vec<Event> {
    let lock = escrow.locks[&account];
    events.push(Event::LockChanged(LockChanged {
        account,
        amount: lock.amount,
        end: lock.end,
        power: Amount(ve_balance_at(escrow, account, at)),
    }));
    events
}

/// `create-escrow` (admin).
pub fn create_escrow(
    escrow: &mut Escrow,
    k: &Kernel<'_>,
    actor: Address,
    c: &CreateEscrow,
) -> EngineResult<Vec<Event>> {
    k.require(Role::Admin, actor)?;
    if let Some(config) = &escrow.config {
        return Err(EscrowError::AlreadyCreated { token: config.token }.into());
    }
    let entry = k.ledger().token(c.token, "body.token")?;
    if entry.token.role != TokenRole::Alliance {
        return Err(EscrowError::NotAllianceToken { token: c.token }.into());
    }
    if !(WEEK..=MAX_MAX_LOCK_SECS).contains(&c.max_lock_secs) {
        return Err(EscrowError::MaxLockOutOfRange {
            min: WEEK,
            max: MAX_MAX_LOCK_SECS,
            got: c.max_lock_secs,
        }
        .into());
    }
    let config = EscrowConfig { token: c.token, max_lock_secs: c.max_lock_secs };
    escrow.config = Some(config.clone());
    Ok(vec![Event::EscrowCreated(EscrowCreated { config })])
}

/// `create-lock`.
pub fn create_lock(
    escrow: &mut Escrow,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &CreateLock,
) -> EngineResult<Vec<Event>> {
    let config = escrow.config()?.clone();
    if c.amount.is_zero() {
        return Err(EscrowError::ZeroAmount.into());
    }
    if let Some(lock) = escrow.locks.get(&actor) {
        return Err(EscrowError::LockExists { account: actor, amount: lock.amount, end: lock.end }.into());
    }
    let end = Timestamp(week_floor(c.unlock_time.0));
    check_unlock(end, at, config.max_lock_secs)?;
    // The kernel checks the balance and lock-ups before any write; the escrow's writes cannot fail.
    let moved = k.transact(Plan::transfer_one(config.token, actor, escrow_account(), c.amount), at)?;
    escrow.checkpoint(actor, at, Some(Lock { amount: c.amount, end }));
    Ok(changed(escrow, actor, at, moved))
}

fn live_lock(escrow: &Escrow, actor: Address, at: Timestamp) -> EscrowResult<Lock> {
    let lock = *escrow.locks.get(&actor).ok_or(EscrowError::NoLock { account: actor })?;
    if lock.end <= at {
        return Err(EscrowError::LockExpired { account: actor, end: lock.end, now: at });
    }
    Ok(lock)
}

/// `increase-lock-amount`.
pub fn increase_lock_amount(
    escrow: &mut Escrow,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &IncreaseLockAmount,
) -> EngineResult<Vec<Event>> {
    let config = escrow.config()?.clone();
    if c.amount.is_zero() {
        return Err(EscrowError::ZeroAmount.into());
    }
    let lock = live_lock(escrow, actor, at)?;
    // The new total is a sum of ledger balances, so it fits; checked anyway.
    let amount = lock
        .amount
        .checked_add(c.amount)
        .ok_or(crate::ledger::LedgerError::Overflow { what: "a lock", token: config.token })?;
    let moved = k.transact(Plan::transfer_one(config.token, actor, escrow_account(), c.amount), at)?;
    escrow.checkpoint(actor, at, Some(Lock { amount, end: lock.end }));
    Ok(changed(escrow, actor, at, moved))
}

/// `extend-lock`.
pub fn extend_lock(
    escrow: &mut Escrow,
    actor: Address,
    at: Timestamp,
    c: &ExtendLock,
) -> EngineResult<Vec<Event>> {
    let config = escrow.config()?.clone();
    let lock = live_lock(escrow, actor, at)?;
    let end = Timestamp(week_floor(c.unlock_time.0));
    if end <= lock.end {
        return Err(EscrowError::UnlockNotLater { rounded: end, end: lock.end }.into());
    }
    check_unlock(end, at, config.max_lock_secs)?;
    escrow.checkpoint(actor, at, Some(Lock { amount: lock.amount, end }));
    Ok(changed(escrow, actor, at, Vec::new()))
}

/// `withdraw-lock`: only at or after the end (Curve: `block.timestamp >= end`).
pub fn withdraw_lock(
    escrow: &mut Escrow,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
) -> EngineResult<Vec<Event>> {
    let config = escrow.config()?.clone();
    let lock = *escrow.locks.get(&actor).ok_or(EscrowError::NoLock { account: actor })?;
    if at < lock.end {
        return Err(EscrowError::StillLocked { account: actor, end: lock.end, now: at }.into());
    }
    let mut events =
        k.transact(Plan::transfer_one(config.token, escrow_account(), actor, lock.amount), at)?;
    escrow.checkpoint(actor, at, None);
    events.push(Event::LockWithdrawn(LockWithdrawn { account: actor, amount: lock.amount }));
    Ok(events)
}
