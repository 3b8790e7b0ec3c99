//! What agents do, each as ordinary engine commands: claim (and sell a share
//! of what the engine paid), leave a vault, withdraw unbonded stake, vote.
//! Amounts come from the engine's events and queries, never from formulas here.

use concord_core::command::{CommandBody, Event};
use concord_core::error::EngineError;
use concord_core::governance::CastVote;
use concord_core::ledger::Transfer;
use concord_core::types::{Amount, TokenId};
use concord_core::vault::{Claim, Unstake, VaultError, WithdrawUnbonded};
use rand::RngExt;

use super::run::Run;
use super::setup::{DAY_SECS, whole};
use crate::agenda::Action;

impl Run<'_> {
    /// Sells `share` of `amount` of `token` held by agent `i` (a transfer to
    /// the market's account); the quote value counts as sell pressure and is
    /// returned (0 when nothing was sold).
    pub(crate) fn sell(&mut self, i: usize, token: TokenId, amount: Amount, share: f64) -> f64 {
        if share <= 0.0 || amount.is_zero() {
            return 0.0;
        }
        let part = if share >= 1.0 { amount } else { Amount((amount.0 as f64 * share) as u128) };
        if part.is_zero() {
            return 0.0;
        }
        let body = CommandBody::Transfer(Transfer { token, to: self.p.market_account, amount: part });
        if self.submit(self.agents[i].address, body).is_none() {
            return 0.0;
        }
        let value = whole(part.0, self.p.decimals[&token]) * self.market.price(token).unwrap_or(0.0);
        self.sold += value;
        self.market.record_sale(token, value);
        value
    }

    /// Claims what the engine says agent `i` has earned, if anything, and sells its share.
    pub(crate) fn claim(&mut self, i: usize, reschedule: bool) {
        let a = &self.agents[i];
        let vault = self.p.vaults[a.vault].id.clone();
        if reschedule && a.active {
            self.agenda.at(self.day + a.claim_every, Action::Claim(i));
        }
        // The claim itself settles what is owed; the engine refusing it with
        // `nothing_to_claim` (or `no_position`, once a leaver has been paid
        // everything) is an agent finding nothing, not a rejection.
        let nothing = |e: &EngineError| {
            matches!(e, EngineError::Vault(VaultError::NothingToClaim { .. } | VaultError::NoPosition { .. }))
        };
        let Some(events) = self.submit_expecting(a.address, CommandBody::Claim(Claim { vault }), nothing)
        else {
            return;
        };
        let share = self.agents[i].sell_rewards;
        for e in events {
            if let Event::RewardPaid(r) = e {
                self.sell(i, r.token, r.amount, share);
            }
        }
    }

    /// Agent `i` leaves its vault: unstakes everything, claims, and sells
    /// its share of the principal once paid (at once, or after unbonding).
    pub(crate) fn leave(&mut self, i: usize) {
        let a = &self.agents[i];
        if !a.active {
            return;
        }
        let vault = self.p.vaults[a.vault].id.clone();
        let body = CommandBody::Unstake(Unstake { vault, amount: a.staked });
        let Some(events) = self.submit(a.address, body) else { return };
        let a = &mut self.agents[i];
        a.active = false;
        a.staked = Amount::ZERO;
        if a.initial {
            self.still_staked -= 1;
        }
        let (token, share) = (a.token, a.sell_on_exit);
        for e in events {
            match e {
                Event::Unstaked(u) => {
                    self.sell(i, token, u.amount, share);
                }
                Event::UnbondingStarted(u) => {
                    let ready_day =
                        (u.ready_at.0.saturating_sub(self.s.start_unix)).div_ceil(DAY_SECS) as u32;
                    self.agenda.at(ready_day.max(self.day + 1), Action::WithdrawUnbonded(i));
                }
                _ => {}
            }
        }
        self.claim(i, false);
    }

    /// Withdraws agent `i`'s unbonded stake and sells its share.
    pub(crate) fn withdraw_unbonded(&mut self, i: usize) {
        let a = &self.agents[i];
        let vault = self.p.vaults[a.vault].id.clone();
        let (address, token, share) = (a.address, a.token, a.sell_on_exit);
        let body = CommandBody::WithdrawUnbonded(WithdrawUnbonded { vault });
        let Some(events) = self.submit(address, body) else { return };
        for e in events {
            if let Event::UnbondedWithdrawn(u) = e {
                self.sell(i, token, u.amount, share);
            }
        }
    }

    /// Agent `i` votes on `proposal`: a sybil its fixed choice, a voter `for`
    /// with its probability, else `against` (basic ballots number the
    /// choices from 1: for, against, abstain).
    pub(crate) fn vote(&mut self, i: usize, proposal: u64) {
        let a = &self.agents[i];
        let choice = match a.choice {
            Some(c) => c,
            None if self.rngs.behaviour.random_bool(a.for_probability) => "for",
            None => "against",
        };
        let body = CommandBody::CastVote(CastVote {
            alliance: self.p.alliance.clone(),
            proposal,
            choice: match choice {
                "for" => "1",
                "against" => "2",
                _ => "3",
            }
            .to_owned(),
            reason: String::new(),
        });
        self.submit(self.agents[i].address, body);
    }
}
