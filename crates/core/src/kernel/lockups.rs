//! Lock-ups: balances that cannot move before a date (`transfer-locked`).
//!
//! The kernel checks them before every debit it commits, whichever mechanism
//! planned it: a debit must leave the account at least its locked amount.
//! Module custody accounts never hold lock-ups of their own accounting, so
//! the check never blocks a module's payouts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ledger::LedgerError;
use crate::types::{Address, Amount, Timestamp, TokenId};

/// Most active lock-ups per (account, token): every debit of the account
/// sums them, so their number is bounded.
pub const MAX_ACTIVE_LOCKUPS: usize = 64;

/// A balance that cannot move before a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lockup {
    /// Locked amount.
    pub amount: Amount,
    /// First second at which it may move.
    pub unlock_at: Timestamp,
}

/// Active lock-ups by account, then token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Lockups(pub BTreeMap<Address, BTreeMap<TokenId, Vec<Lockup>>>);

impl Lockups {
    /// The lock-ups of `account` in `token`, expired ones included.
    pub fn of(&self, account: Address, token: TokenId) -> &[Lockup] {
        self.0.get(&account).and_then(|m| m.get(&token)).map_or(&[], Vec::as_slice)
    }

    /// Every token of `account` with lock-ups.
    pub fn tokens_of(&self, account: Address) -> impl Iterator<Item = (TokenId, &[Lockup])> {
        self.0.get(&account).into_iter().flat_map(|m| m.iter().map(|(t, l)| (*t, l.as_slice())))
    }

    /// How many lock-ups of `account` in `token` are still active at `at`.
    pub fn active_count(&self, account: Address, token: TokenId, at: Timestamp) -> usize {
        self.of(account, token).iter().filter(|l| l.unlock_at > at).count()
    }

    /// What of `account`'s `token` is locked at `at`, and the earliest unlock among active lock-ups.
    pub fn locked_at(&self, account: Address, token: TokenId, at: Timestamp) -> (Amount, Option<Timestamp>) {
        let mut locked = Amount::ZERO;
        let mut until: Option<Timestamp> = None;
        for l in self.of(account, token).iter().filter(|l| l.unlock_at > at) {
            // Each lock-up was credited to the balance, and the sum was checked at creation.
            locked = locked.checked_add(l.amount).unwrap_or(Amount::MAX);
            until = Some(until.map_or(l.unlock_at, |u| u.min(l.unlock_at)));
        }
        (locked, until)
    }

    /// Refuses a debit that would leave `account` with less than its locked
    /// balance: `after` (the balance after the command's debits) must be at
    /// least the amount locked at `at`.
    pub fn check(
        &self,
        account: Address,
        token: TokenId,
        balance: Amount,
        after: Amount,
        at: Timestamp,
    ) -> Result<(), LedgerError> {
        let (locked, until) = self.locked_at(account, token, at);
        match until {
            Some(until) if after < locked => Err(LedgerError::Locked {
                token,
                locked,
                free: balance.checked_sub(locked).unwrap_or(Amount::ZERO),
                until,
            }),
            _ => Ok(()),
        }
    }

    /// Adds a lock-up (its amount was just credited), dropping expired ones
    /// so the list stays short. The caller checked the limit and the sum.
    pub(crate) fn add(&mut self, account: Address, token: TokenId, lockup: Lockup, at: Timestamp) {
        let list = self.0.entry(account).or_default().entry(token).or_default();
        list.retain(|l| l.unlock_at > at);
        list.push(lockup);
    }
}
