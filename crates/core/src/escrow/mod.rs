//! Vote-escrow with Curve VotingEscrow semantics on the alliance token.
//!
//! A holder locks `amount` until `end = ⌊unlock_time / WEEK⌋ · WEEK`
//! (`now < end ≤ now + MAXTIME`). Their power decays linearly to zero:
//! `slope = ⌊amount / MAXTIME⌋` (floor: the remainder of the division is locked
//! but carries no power, in favour of the pool), `bias = slope · (end − now)`,
//! `power(t) = slope · (end − t)` for `t < end`, 0 after.
//!
//! Each holder has a point history (one point per change) and the escrow a
//! global one with `slope_changes` per week ([`Decay`]), so
//! [`ve_balance_at`] and [`ve_total_at`] at a past time are a binary search
//! plus a bounded weekly walk. Because powers are exact integer lines and the
//! global sum moves by the same integers, **`ve_total_at(t) = Σ ve_balance_at(a, t)`
//! exactly**, to the base unit (property-tested).
//!
//! Locked tokens sit in [`escrow_account`] and move only through the
//! kernel's commit, so ledger conservation and lock-ups hold.

mod decay;
mod error;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use decay::{Decay, Line, Point, WEEK, week_floor};
pub use error::{EscrowError, EscrowResult};

use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Plan, VePower};
use crate::ledger::TokenRole;
use crate::roles::Role;
use crate::types::{Address, Amount, Timestamp, TokenId};

/// Curve VotingEscrow `MAXTIME`: 4 years of 365 days, in seconds.
pub const DEFAULT_MAX_LOCK_SECS: u64 = 4 * 365 * 86_400;
/// Longest `max_lock_secs` accepted: 10 years.
pub const MAX_MAX_LOCK_SECS: u64 = 10 * 365 * 86_400;

/// The account that holds locked tokens.
pub fn escrow_account() -> Address {
    Address::derived("escrow")
}

/// Escrow settings, fixed by `create-escrow`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowConfig {
    /// The locked token (the alliance token).
    pub token: TokenId,
    /// MAXTIME in seconds.
    pub max_lock_secs: u64,
}

/// One holder's lock (Curve `LockedBalance`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// Locked amount in base units.
    pub amount: Amount,
    /// Unlock time, a week boundary.
    pub end: Timestamp,
}

/// The escrow's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escrow {
    /// Settings; `None` until `create-escrow`.
    pub config: Option<EscrowConfig>,
    /// Current locks by holder (removed on withdrawal).
    pub locks: BTreeMap<Address, Lock>,
    /// Each holder's power line after every change (Curve `user_point_history`).
    pub user_points: BTreeMap<Address, Vec<Point>>,
    /// The total power (Curve `point_history` + `slope_changes`).
    pub supply: Decay,
}

impl Escrow {
    /// A holder's line for a lock: `slope = ⌊amount / MAXTIME⌋` (floor).
    pub fn line(&self, lock: &Lock) -> Line {
        let max = self.config.as_ref().map_or(DEFAULT_MAX_LOCK_SECS, |c| c.max_lock_secs);
        Line { slope: lock.amount.0 / u128::from(max), end: lock.end }
    }

    /// A holder's current power line, if they hold a lock.
    pub fn user_line(&self, account: Address) -> Option<Line> {
        self.locks.get(&account).map(|l| self.line(l))
    }

    fn config(&self) -> EscrowResult<&EscrowConfig> {
        self.config.as_ref().ok_or(EscrowError::NotCreated)
    }

    /// Writes a holder's new lock (or none) and checkpoints both histories.
    fn checkpoint(&mut self, account: Address, at: Timestamp, new: Option<Lock>) {
        let old_line = self.user_line(account);
        let new_line = new.map(|l| self.line(&l));
        self.supply.change(at, old_line, new_line);
        let point = new_line.map_or(Point { ts: at, bias: 0, slope: 0 }, |l| Point {
            ts: at,
            bias: l.bias_at(at),
            slope: if l.end > at { l.slope } else { 0 },
        });
        let history = self.user_points.entry(account).or_default();
        if history.last().is_some_and(|p| p.ts == at) {
            history.pop();
        }
        history.push(point);
        match new {
            Some(lock) => self.locks.insert(account, lock),
            None => self.locks.remove(&account),
        };
    }
}

/// A holder's ve power at `t` (Curve `balanceOf(addr, t)`): the last point at
/// or before `t`, decayed to `t`. O(log n) in the holder's changes.
pub fn ve_balance_at(escrow: &Escrow, account: Address, t: Timestamp) -> u128 {
    let Some(history) = escrow.user_points.get(&account) else { return 0 };
    let after = history.partition_point(|p| p.ts <= t);
    after.checked_sub(1).map_or(0, |i| history[i].value_at(t))
}

/// The total ve power at `t` (Curve `totalSupply(t)`).
pub fn ve_total_at(escrow: &Escrow, t: Timestamp) -> u128 {
    escrow.supply.at(t)
}

impl VePower for Escrow {
    fn ve_token(&self) -> Option<TokenId> {
        self.config.as_ref().map(|c| c.token)
    }

    fn ve_balance_at(&self, account: Address, t: Timestamp) -> u128 {
        ve_balance_at(self, account, t)
    }

    fn ve_total_at(&self, t: Timestamp) -> u128 {
        ve_total_at(self, t)
    }

    fn ve_lock(&self, account: Address) -> Option<(u128, Timestamp)> {
        self.user_line(account).map(|l| (l.slope, l.end))
    }
}

// ---------------------------------------------------------------- commands

/// Create the vote-escrow (admin, once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateEscrow {
    /// The alliance token to lock.
    pub token: TokenId,
    /// MAXTIME in seconds (default 4 years, Curve's).
    #[serde(default = "default_max_lock")]
    pub max_lock_secs: u64,
}

fn default_max_lock() -> u64 {
    DEFAULT_MAX_LOCK_SECS
}

/// Lock tokens until `unlock_time` rounded down to a week (Curve `create_lock`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateLock {
    /// Amount to lock.
    pub amount: Amount,
    /// Requested unlock time (rounded down to a week).
    pub unlock_time: Timestamp,
}

/// Add tokens to an unexpired lock, same end (Curve `increase_amount`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncreaseLockAmount {
    /// Amount to add.
    pub amount: Amount,
}

/// Move an unexpired lock's end later (Curve `increase_unlock_time`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendLock {
    /// New unlock time (rounded down to a week).
    pub unlock_time: Timestamp,
}

/// Withdraw an expired lock (Curve `withdraw`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawLock {}

// ---------------------------------------------------------------- events

/// The escrow was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowCreated {
    /// Settings.
    pub config: EscrowConfig,
}

/// A lock was created or changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockChanged {
    /// The holder.
    pub account: Address,
    /// Total locked after the change.
    pub amount: Amount,
    /// Unlock time after the change.
    pub end: Timestamp,
    /// The holder's power right after the change.
    pub power: Amount,
}

/// An expired lock was withdrawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockWithdrawn {
    /// The holder.
    pub account: Address,
    /// Amount returned.
    pub amount: Amount,
}

// ---------------------------------------------------------------- handlers

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
