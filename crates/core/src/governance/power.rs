//! Voting power: `vp(a, t) = Σ_k weight_k · norm_k(balance_k(a, t))`, plus
//! power delegated to `a`, minus power `a` delegated away, read from
//! checkpoints at a snapshot time (ERC20Votes-style, per token so that dual
//! majority can attribute power to each community).
//!
//! Invariant: for every token, Σ over accounts of `votes[a][k]` equals
//! Σ over accounts of `own_k(a)`: delegation moves power, never creates it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::history::History;
use crate::ledger::{BalanceChange, Ledger};
use crate::types::{Address, Amount, Bps, Timestamp, TokenId, mul_div};

/// One unit of voting power per whole token at weight 10000 bps is 10^18:
/// balances are normalised to 18 decimals, then weighted.
pub const POWER_DECIMALS: u8 = 18;

/// `floor(balance · 10^(18 − decimals) · weight / 10000)` (or `/ 10^(decimals − 18)`).
///
/// Rounds down (towards the pool: an individual never gets power it does not
/// hold). Saturates at `u128::MAX`, which only a normalised balance above
/// 3.4 · 10^20 whole tokens could reach.
pub fn weighted(balance: Amount, decimals: u8, weight: Bps) -> u128 {
    let (num, den) = if decimals <= POWER_DECIMALS {
        (10u128.pow(u32::from(POWER_DECIMALS - decimals)), 1u128)
    } else {
        (1u128, 10u128.pow(u32::from(decimals - POWER_DECIMALS)))
    };
    // weight ≤ 10000 and num ≤ 10^18: the product fits, and 256-bit
    // intermediates keep balance · num · weight exact.
    let factor = num * u128::from(weight.0);
    mul_div(balance.0, factor, den * 10_000, false).unwrap_or(u128::MAX)
}

/// A weighted token: id, decimals, weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weighting {
    /// The token.
    pub token: TokenId,
    /// Its decimals.
    pub decimals: u8,
    /// Its weight.
    pub weight: Bps,
}

/// Per-token power, in the order of the alliance's weights.
pub type PowerVec = Vec<u128>;

/// Voting power checkpoints and delegation of one alliance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Power {
    /// Power each account can vote with, per token: its own (unless
    /// delegated away) plus what was delegated to it.
    pub votes: BTreeMap<Address, BTreeMap<TokenId, History>>,
    /// Each delegator's delegate over time (`None`: votes for itself).
    pub delegates: BTreeMap<Address, History<Option<Address>>>,
}

impl Power {
    /// Whom `account` votes through at the end of time `at`.
    pub fn delegate_at(&self, account: Address, at: Timestamp) -> Address {
        self.delegates.get(&account).and_then(|h| h.at(at)).unwrap_or(account)
    }

    /// Current delegate.
    pub fn delegate(&self, account: Address) -> Address {
        self.delegates.get(&account).and_then(History::latest).unwrap_or(account)
    }

    /// Voting power checkpoint of `account` for `token` at `at`.
    pub fn votes_at(&self, account: Address, token: TokenId, at: Timestamp) -> u128 {
        self.votes.get(&account).and_then(|m| m.get(&token)).map_or(0, |h| h.at(at).0)
    }

    /// Moves power after a balance change of a weighted token.
    pub fn on_balance_change(&mut self, weighting: &Weighting, change: &BalanceChange, at: Timestamp) {
        let before = weighted(change.before, weighting.decimals, weighting.weight);
        let after = weighted(change.after, weighting.decimals, weighting.weight);
        if before == after {
            return;
        }
        let delegate = self.delegate(change.account);
        if after > before {
            self.add_unsigned(delegate, change.token, at, after - before, true);
        } else {
            self.add_unsigned(delegate, change.token, at, before - after, false);
        }
    }

    fn add_unsigned(&mut self, account: Address, token: TokenId, at: Timestamp, amount: u128, up: bool) {
        let history = self.votes.entry(account).or_default().entry(token).or_default();
        let current = history.latest().0;
        let next = if up { current.saturating_add(amount) } else { current.saturating_sub(amount) };
        history.record(at, Amount(next));
    }

    /// Re-points `delegator`'s own power from its current delegate to `to`
    /// (`to == delegator` means voting for itself).
    pub fn delegate_to(
        &mut self,
        ledger: &Ledger,
        weights: &[Weighting],
        delegator: Address,
        to: Address,
        at: Timestamp,
    ) -> Address {
        let from = self.delegate(delegator);
        for w in weights {
            let own = weighted(ledger.balance(delegator, w.token), w.decimals, w.weight);
            if own > 0 && from != to {
                self.add_unsigned(from, w.token, at, own, false);
                self.add_unsigned(to, w.token, at, own, true);
            }
        }
        let target = if to == delegator { None } else { Some(to) };
        self.delegates.entry(delegator).or_default().record(at, target);
        from
    }

    /// An account's own power per token at `at` (from balance checkpoints).
    pub fn own_at(ledger: &Ledger, weights: &[Weighting], account: Address, at: Timestamp) -> PowerVec {
        weights
            .iter()
            .map(|w| weighted(ledger.balance_at(account, w.token, at), w.decimals, w.weight))
            .collect()
    }

    /// An account's current own power per token.
    pub fn own(ledger: &Ledger, weights: &[Weighting], account: Address) -> PowerVec {
        weights.iter().map(|w| weighted(ledger.balance(account, w.token), w.decimals, w.weight)).collect()
    }

    /// Power checkpoints per token at `at`.
    pub fn votes_vec_at(&self, weights: &[Weighting], account: Address, at: Timestamp) -> PowerVec {
        weights.iter().map(|w| self.votes_at(account, w.token, at)).collect()
    }

    /// Total power at `at`: the weighted total supply of every weighted token.
    pub fn total_at(ledger: &Ledger, weights: &[Weighting], at: Timestamp) -> u128 {
        weights
            .iter()
            .map(|w| weighted(ledger.total_supply_at(w.token, at), w.decimals, w.weight))
            .fold(0u128, u128::saturating_add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_decimals_and_applies_weights() {
        // 1.5 tokens of a 6-decimal token at weight 10000 = 1.5e18 power.
        assert_eq!(weighted(Amount(1_500_000), 6, Bps(10_000)), 1_500_000_000_000_000_000);
        // 1 token of an 18-decimal token at weight 5000 = 0.5e18.
        assert_eq!(weighted(Amount(10u128.pow(18)), 18, Bps(5_000)), 5 * 10u128.pow(17));
        // 24 decimals: divide by 10^6, floor: 1_999_999 base units → 1 (then weight 1.0).
        assert_eq!(weighted(Amount(1_999_999), 24, Bps(10_000)), 1);
        // Weight 3333 of 3 base units (18 dec) = floor(0.9999) = 0: rounds down.
        assert_eq!(weighted(Amount(3), 18, Bps(3_333)), 0);
        assert_eq!(weighted(Amount(u128::MAX), 0, Bps(10_000)), u128::MAX);
    }
}
