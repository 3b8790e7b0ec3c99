//! A checkpoint in progress: streams advanced to the command's time, the
//! token moves planned, the events so far — nothing written until [`commit`].

use std::collections::BTreeMap;

use super::accumulator::{Accrued, add, sub};
use super::{
    IdleRewardsReturned, Position, RewardPaid, RewardState, Vault, VaultId, VaultResult, VaultState,
};
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Plan};
use crate::types::{Address, Amount, Timestamp, TokenId};

/// Owed rewards paid out (to the staker or the Merkle distributor).
pub(super) const PAID: (fn(&mut RewardState) -> &mut Amount, &str) = (|r| &mut r.paid, "paid rewards");
/// Owed rewards forfeited to the treasury (emergency withdrawal).
pub(super) const FORFEITED: (fn(&mut RewardState) -> &mut Amount, &str) =
    (|r| &mut r.forfeited, "forfeited rewards");

/// Streams, moves and events of one command on one vault.
pub(super) struct Work {
    pub(super) rewards: BTreeMap<TokenId, RewardState>,
    pub(super) plan: Plan,
    pub(super) events: Vec<Event>,
}

impl Work {
    /// Advances every stream of `v` to `at`, planning the idle returns to the treasury.
    pub(super) fn begin(v: &Vault, at: Timestamp) -> VaultResult<Self> {
        let Accrued { rewards, returns } = v.accrue(at)?;
        let mut plan = Plan::default();
        let mut events = Vec::new();
        for (token, amount) in returns {
            plan.transfer(token, v.account, v.treasury, amount);
            events.push(Event::IdleRewardsReturned(IdleRewardsReturned {
                vault: v.id.clone(),
                token,
                amount,
                treasury: v.treasury,
            }));
        }
        Ok(Self { rewards, plan, events })
    }

    /// No checkpoint: the streams as they stand (unbonding stake earns nothing).
    pub(super) fn without_checkpoint(v: &Vault) -> Self {
        Self { rewards: v.rewards.clone(), plan: Plan::default(), events: Vec::new() }
    }

    /// Moves every owed reward of `position` from the vault to `to`, adding
    /// it to the stream's `counter` (paid, or forfeited); the amounts taken.
    pub(super) fn take_owed(
        &mut self,
        v: &Vault,
        position: &mut Position,
        to: Address,
        (counter, what): (fn(&mut RewardState) -> &mut Amount, &'static str),
    ) -> VaultResult<Vec<(TokenId, Amount)>> {
        let mut taken = Vec::new();
        for (token, e) in &mut position.rewards {
            if e.owed.is_zero() {
                continue;
            }
            let r = self.rewards.get_mut(token).expect("positions only hold the vault's reward tokens");
            let slot = counter(r);
            *slot = add(*slot, e.owed, what)?;
            self.plan.transfer(*token, v.account, to, e.owed);
            taken.push((*token, e.owed));
            e.owed = Amount::ZERO;
        }
        Ok(taken)
    }

    /// Pays every owed reward of `position` to `account`, with a `RewardPaid` each.
    pub(super) fn pay_rewards(
        &mut self,
        v: &Vault,
        account: Address,
        position: &mut Position,
    ) -> VaultResult<()> {
        for (token, amount) in self.take_owed(v, position, account, PAID)? {
            self.events.push(Event::RewardPaid(RewardPaid { vault: v.id.clone(), account, token, amount }));
        }
        Ok(())
    }
}

/// New vault totals after a command.
#[derive(Clone, Copy)]
pub(super) struct Totals {
    pub(super) staked: Amount,
    pub(super) working: Amount,
    pub(super) unbonding: Amount,
}

impl Totals {
    pub(super) fn of(v: &Vault) -> Self {
        Self { staked: v.total_staked, working: v.total_working, unbonding: v.total_unbonding }
    }

    /// The totals with one position's working balance replaced: `total − old + new`.
    pub(super) fn reworked(v: &Vault, old: Amount, new: Amount) -> VaultResult<Self> {
        let working = add(sub(v.total_working, old, "total working")?, new, "total working")?;
        Ok(Self { working, ..Self::of(v) })
    }

    /// The totals without a whole position (it leaves the vault).
    pub(super) fn without(v: &Vault, p: &Position) -> VaultResult<Self> {
        Ok(Self {
            staked: sub(v.total_staked, p.staked, "total staked")?,
            working: sub(v.total_working, p.working, "total working")?,
            unbonding: sub(v.total_unbonding, p.unbonding, "total unbonding")?,
        })
    }
}

/// Checks and commits the moves, then writes the vault. Nothing before this
/// writes; the events are the journal's, then the vault's.
pub(super) fn commit(
    vaults: &mut VaultState,
    k: &mut Kernel<'_>,
    id: &VaultId,
    at: Timestamp,
    work: Work,
    (account, position): (Address, Position),
    totals: Totals,
) -> EngineResult<Vec<Event>> {
    let mut events = k.transact(work.plan, at)?;
    events.extend(work.events);
    let v = vaults.vaults.get_mut(id).expect("vault checked by the caller");
    v.rewards = work.rewards;
    v.total_staked = totals.staked;
    v.total_working = totals.working;
    v.total_unbonding = totals.unbonding;
    if position.is_empty() {
        v.positions.remove(&account);
    } else {
        v.positions.insert(account, position);
    }
    Ok(events)
}
