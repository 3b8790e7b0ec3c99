//! Planned token moves for modules that move several amounts in one command.
//!
//! A handler collects its moves in [`Moves`], checks them all together with
//! [`Moves::check`] before its first write (tokens registered, recipients not
//! zero, every debited account holding the sum of its debits, and — for
//! accounts that pay in of their own accord — the lock-ups of
//! [`crate::vesting`]), then applies them with [`Moves::apply`], which cannot
//! fail. Every move goes through [`Ledger::move_tokens`], so ledger
//! conservation holds across modules.

use std::collections::BTreeMap;

use crate::engine::State;
use crate::error::EngineResult;
use crate::ledger::{Ledger, LedgerError};
use crate::types::{Address, Amount, Timestamp, TokenId};

/// One planned move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Move {
    token: TokenId,
    from: Address,
    to: Address,
    amount: Amount,
    /// The debited account pays of its own accord: its lock-ups apply.
    own_funds: bool,
}

/// The moves one command will make, checked together before any is made.
#[derive(Clone, Debug, Default)]
pub(crate) struct Moves {
    list: Vec<Move>,
}

impl Moves {
    /// A move out of a module account (a vault, a vesting grant); zero amounts are skipped.
    pub(crate) fn module(&mut self, token: TokenId, from: Address, to: Address, amount: Amount) {
        if !amount.is_zero() {
            self.list.push(Move { token, from, to, amount, own_funds: false });
        }
    }

    /// A move out of the actor's own balance (lock-ups apply); zero amounts are skipped.
    pub(crate) fn own(&mut self, token: TokenId, from: Address, to: Address, amount: Amount) {
        if !amount.is_zero() {
            self.list.push(Move { token, from, to, amount, own_funds: true });
        }
    }

    /// Adds another plan's moves.
    pub(crate) fn extend_from(&mut self, other: &Moves) {
        self.list.extend_from_slice(&other.list);
    }

    /// Checks every move against the current state. Debits are summed per
    /// (account, token) and compared with the balance before the command, so
    /// the moves succeed in any order.
    pub(crate) fn check(&self, state: &State, at: Timestamp) -> EngineResult<()> {
        let ledger = &state.ledger;
        let mut debits: BTreeMap<(Address, TokenId), (Amount, bool)> = BTreeMap::new();
        let mut credits: BTreeMap<(Address, TokenId), Amount> = BTreeMap::new();
        for m in &self.list {
            ledger.token(m.token, "body.token")?;
            if m.to.is_zero() {
                return Err(LedgerError::ZeroAddress { field: "body.to" }.into());
            }
            let overflow = LedgerError::Overflow { what: "a balance", token: m.token };
            let debit = debits.entry((m.from, m.token)).or_insert((Amount::ZERO, false));
            debit.0 = debit.0.checked_add(m.amount).ok_or(overflow.clone())?;
            debit.1 |= m.own_funds;
            let credit = credits.entry((m.to, m.token)).or_insert(Amount::ZERO);
            *credit = credit.checked_add(m.amount).ok_or(overflow)?;
        }
        for (&(account, token), &(needed, own_funds)) in &debits {
            let available = ledger.balance(account, token);
            let after = available.checked_sub(needed).ok_or(LedgerError::InsufficientBalance {
                account,
                token,
                needed,
                available,
            })?;
            if own_funds {
                crate::vesting::check_unlocked(&state.vesting, account, token, available, after, at)?;
            }
        }
        for (&(account, token), &credit) in &credits {
            ledger
                .balance(account, token)
                .checked_add(credit)
                .ok_or(LedgerError::Overflow { what: "a balance", token })?;
        }
        Ok(())
    }

    /// Applies checked moves.
    ///
    /// # Panics
    /// If called without a successful [`Moves::check`] on the same state.
    pub(crate) fn apply(self, ledger: &mut Ledger, at: Timestamp) {
        for m in self.list {
            ledger
                .move_tokens(m.token, m.from, m.to, m.amount, at)
                .expect("moves were checked before writing");
        }
    }
}
