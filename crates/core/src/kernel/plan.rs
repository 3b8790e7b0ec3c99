//! The one way tokens move: a command's moves, mints and burns are planned
//! together, checked together before the first write, then committed, which
//! cannot fail and returns one `Transferred`, `Minted` or `Burned` event per
//! step — so the event stream is a full balance journal.
//!
//! The check: tokens registered, amounts positive, recipients not zero, each
//! debited account holding the sum of its debits *before* the command (credits
//! in the same plan never fund a debit, so any order of the writes succeeds),
//! every debit leaving the account's lock-ups covered, mints and burns by the
//! token's minter, and no balance or supply counter overflowing.

use std::collections::BTreeMap;

use crate::command::Event;
use crate::ledger::{Burn, Ledger, LedgerError, LedgerResult, Mint};
use crate::types::{Address, Amount, Timestamp, TokenId};

use super::lockups::Lockups;

/// Adds `amount` to `map[key]`, or `Overflow` naming `what`.
fn add<K: Ord>(
    map: &mut BTreeMap<K, Amount>,
    key: K,
    amount: Amount,
    what: &'static str,
    token: TokenId,
) -> LedgerResult<()> {
    let slot = map.entry(key).or_insert(Amount::ZERO);
    *slot = slot.checked_add(amount).ok_or(LedgerError::Overflow { what, token })?;
    Ok(())
}

/// One planned step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Move { token: TokenId, from: Address, to: Address, amount: Amount },
    Mint { token: TokenId, minter: Address, to: Address, amount: Amount },
    Burn { token: TokenId, minter: Address, from: Address, amount: Amount },
}

/// The token moves one command will make, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    steps: Vec<Step>,
}

impl Plan {
    /// A plan with one move.
    pub fn transfer_one(token: TokenId, from: Address, to: Address, amount: Amount) -> Self {
        let mut plan = Self::default();
        plan.transfer(token, from, to, amount);
        plan
    }

    /// Moves `amount` from `from` to `to`; a zero amount is skipped.
    pub fn transfer(&mut self, token: TokenId, from: Address, to: Address, amount: Amount) {
        if !amount.is_zero() {
            self.steps.push(Step::Move { token, from, to, amount });
        }
    }

    /// Mints `amount` to `to` by the token's minter `minter`; a zero amount is skipped.
    pub fn mint(&mut self, token: TokenId, minter: Address, to: Address, amount: Amount) {
        if !amount.is_zero() {
            self.steps.push(Step::Mint { token, minter, to, amount });
        }
    }

    /// Burns `amount` of the minter `from`'s own balance; a zero amount is skipped.
    pub fn burn(&mut self, token: TokenId, from: Address, amount: Amount) {
        self.burn_from(token, from, from, amount);
    }

    /// Burns `amount` of `from`'s balance by the token's minter `minter` (a
    /// share vault burning the shares it redeems); a zero amount is skipped.
    pub fn burn_from(&mut self, token: TokenId, minter: Address, from: Address, amount: Amount) {
        if !amount.is_zero() {
            self.steps.push(Step::Burn { token, minter, from, amount });
        }
    }

    /// Appends another plan's steps.
    pub fn extend(&mut self, other: Plan) {
        self.steps.extend(other.steps);
    }

    /// Whether nothing is planned.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Checks every step against the state before the command.
    pub(crate) fn check(&self, ledger: &Ledger, lockups: &Lockups, at: Timestamp) -> LedgerResult<()> {
        // One move (a transfer, a one-token claim): the same checks in the
        // same order, without the per-account sums.
        if let [Step::Move { token, from, to, amount }] = self.steps[..] {
            ledger.token(token, "body.token")?;
            if to.is_zero() {
                return Err(LedgerError::ZeroAddress { field: "body.to" });
            }
            let available = ledger.balance(from, token);
            let after = available.checked_sub(amount).ok_or(LedgerError::InsufficientBalance {
                account: from,
                token,
                needed: amount,
                available,
            })?;
            lockups.check(from, token, available, after, at)?;
            if from != to {
                ledger
                    .balance(to, token)
                    .checked_add(amount)
                    .ok_or(LedgerError::Overflow { what: "a balance", token })?;
            }
            return Ok(());
        }
        self.check_all(ledger, lockups, at)
    }

    /// [`Plan::check`] for any number of steps: debits and credits summed per
    /// account and token before any balance is compared.
    fn check_all(&self, ledger: &Ledger, lockups: &Lockups, at: Timestamp) -> LedgerResult<()> {
        let mut debits: BTreeMap<(Address, TokenId), Amount> = BTreeMap::new();
        let mut credits: BTreeMap<(Address, TokenId), Amount> = BTreeMap::new();
        let mut minted: BTreeMap<TokenId, Amount> = BTreeMap::new();
        let mut burned: BTreeMap<TokenId, Amount> = BTreeMap::new();
        for step in &self.steps {
            match *step {
                Step::Move { token, from, to, amount } => {
                    ledger.token(token, "body.token")?;
                    if to.is_zero() {
                        return Err(LedgerError::ZeroAddress { field: "body.to" });
                    }
                    add(&mut debits, (from, token), amount, "a balance", token)?;
                    // A move to oneself needs the balance, and changes nothing.
                    if from != to {
                        add(&mut credits, (to, token), amount, "a balance", token)?;
                    }
                }
                Step::Mint { token, minter, to, amount } => {
                    ledger.require_minter(token, minter)?;
                    if to.is_zero() {
                        return Err(LedgerError::ZeroAddress { field: "body.to" });
                    }
                    add(&mut credits, (to, token), amount, "a balance", token)?;
                    add(&mut minted, token, amount, "cumulative minted", token)?;
                }
                Step::Burn { token, minter, from, amount } => {
                    ledger.require_minter(token, minter)?;
                    add(&mut debits, (from, token), amount, "a balance", token)?;
                    add(&mut burned, token, amount, "cumulative burned", token)?;
                }
            }
        }
        // Supply first, as the ledger's own mint does.
        for (&token, &amount) in &minted {
            let supply = &ledger.token(token, "body.token")?.supply;
            let overflow = |what| LedgerError::Overflow { what, token };
            supply.total.latest().checked_add(amount).ok_or(overflow("total supply"))?;
            supply.minted.checked_add(amount).ok_or(overflow("cumulative minted"))?;
        }
        for (&(account, token), &needed) in &debits {
            let available = ledger.balance(account, token);
            let after = available.checked_sub(needed).ok_or(LedgerError::InsufficientBalance {
                account,
                token,
                needed,
                available,
            })?;
            lockups.check(account, token, available, after, at)?;
        }
        for (&(account, token), &credit) in &credits {
            ledger
                .balance(account, token)
                .checked_add(credit)
                .ok_or(LedgerError::Overflow { what: "a balance", token })?;
        }
        for (&token, &amount) in &burned {
            let supply = &ledger.token(token, "body.token")?.supply;
            supply
                .burned
                .checked_add(amount)
                .ok_or(LedgerError::Overflow { what: "cumulative burned", token })?;
        }
        Ok(())
    }

    /// Applies a checked plan, returning one journal event per step.
    ///
    /// # Panics
    /// If called without a successful [`Plan::check`] on the same state.
    pub(crate) fn commit(self, ledger: &mut Ledger, at: Timestamp) -> Vec<Event> {
        const CHECKED: &str = "the plan was checked before writing";
        self.steps
            .into_iter()
            .map(|step| match step {
                Step::Move { token, from, to, amount } => {
                    Event::Transferred(ledger.move_checked(token, from, to, amount, at))
                }
                Step::Mint { token, minter, to, amount } => {
                    Event::Minted(ledger.mint(minter, at, &Mint { token, to, amount }).expect(CHECKED))
                }
                Step::Burn { token, minter, from, amount } => {
                    Event::Burned(ledger.burn_from(minter, from, at, &Burn { token, amount }).expect(CHECKED))
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::lockups::Lockup;
    use crate::ledger::{RegisterToken, Token, TokenRole};
    use crate::types::ChainId;

    fn addr(n: u8) -> Address {
        Address::from_bytes([n; 20])
    }

    #[test]
    fn the_one_move_path_answers_as_the_general_check_does() {
        let ally: TokenId = "ALLY".parse().unwrap();
        let other: TokenId = "NOPE".parse().unwrap();
        let mut ledger = Ledger::default();
        let token = Token {
            id: ally,
            symbol: "ALLY".into(),
            decimals: 18,
            chain_id: ChainId(1),
            contract: None,
            role: TokenRole::Alliance,
            minter: Some(addr(9)),
        };
        ledger.register_token(&RegisterToken { token }).unwrap();
        ledger.mint(addr(9), Timestamp(1), &Mint { token: ally, to: addr(1), amount: Amount(100) }).unwrap();
        let mut lockups = Lockups::default();
        lockups.add(addr(1), ally, Lockup { amount: Amount(60), unlock_at: Timestamp(50) }, Timestamp(1));
        let at = Timestamp(10);
        let cases = [
            (ally, addr(1), addr(2), 40, true),   // exactly what is not locked
            (ally, addr(1), addr(2), 41, false),  // into the lock-up
            (ally, addr(1), addr(2), 101, false), // more than held
            (ally, addr(3), addr(2), 1, false),   // holds nothing
            (ally, addr(1), Address::ZERO, 1, false),
            (other, addr(1), addr(2), 1, false),
            (ally, addr(1), addr(1), 40, true), // to oneself
        ];
        for (token, from, to, amount, ok) in cases {
            let plan = Plan::transfer_one(token, from, to, Amount(amount));
            let fast = plan.check(&ledger, &lockups, at);
            assert_eq!(fast, plan.check_all(&ledger, &lockups, at), "{token} {from} → {to}: {amount}");
            assert_eq!(fast.is_ok(), ok, "{token} {from} → {to}: {amount}: {fast:?}");
        }
        // After the unlock the whole balance may move.
        let plan = Plan::transfer_one(ally, addr(1), addr(2), Amount(100));
        assert_eq!(plan.check(&ledger, &lockups, Timestamp(50)), Ok(()));
    }
}
