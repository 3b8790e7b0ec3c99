//! The vote-escrow's state: settings, locks and the power histories.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Decay, EscrowError, EscrowResult, Line, Point};
use crate::kernel::VePower;
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

    pub(super) fn config(&self) -> EscrowResult<&EscrowConfig> {
        self.config.as_ref().ok_or(EscrowError::NotCreated)
    }

    /// Writes a holder's new lock (or none) and checkpoints both histories.
    pub(super) fn checkpoint(&mut self, account: Address, at: Timestamp, new: Option<Lock>) {
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
