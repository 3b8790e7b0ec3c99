//! Plans other mechanisms use: funding a vault (emissions route into vaults)
//! and settling every position (Merkle reward roots). Each is computed
//! without writing; the caller checks its moves with its own, then writes.

use std::collections::BTreeMap;

use super::accumulator::{add, restream, settle};
use super::work::{PAID, Work};
use super::{Position, RewardState, VaultError, VaultFunded, VaultId, VaultResult, VaultState};
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Plan};
use crate::ledger::Ledger;
use crate::types::{Address, Amount, Timestamp, TokenId};

/// A planned funding of one vault: new streams, idle returns and events.
pub(crate) struct FundPlan {
    vault: VaultId,
    work: Work,
}

/// Plans funding `amount` of `token` into vault `id` at `at` (the tokens
/// arrive by the caller's move or mint). Checks Synthetix's coverage rule
/// against the vault's balance before the arrival.
pub(crate) fn plan_fund(
    vaults: &VaultState,
    ledger: &Ledger,
    id: &VaultId,
    funder: Address,
    token: TokenId,
    amount: Amount,
    at: Timestamp,
) -> VaultResult<FundPlan> {
    let v = vaults.vault(id)?;
    if !v.rewards.contains_key(&token) {
        return Err(VaultError::NotRewardToken { vault: v.id.clone(), token });
    }
    if amount.is_zero() {
        return Err(VaultError::ZeroAmount);
    }
    let mut work = Work::begin(v, at)?;
    let duration = v.options.reward_duration_secs;
    let returned: Amount = work
        .events
        .iter()
        .filter_map(|e| match e {
            Event::IdleRewardsReturned(r) if r.token == token => Some(r.amount),
            _ => None,
        })
        .fold(Amount::ZERO, |s, a| Amount(s.0.saturating_add(a.0)));
    let r = work.rewards.get_mut(&token).expect("checked above");
    // Synthetix: rate · duration ≤ balance held that nobody is owed yet
    // (measured before this funding's dust is counted).
    let mut held = ledger.balance(v.account, token);
    held = add(held, amount, "vault balance")?;
    held = Amount(held.0.saturating_sub(returned.0));
    if token == v.stake_token {
        held = Amount(held.0.saturating_sub(v.principal_held().0));
    }
    let available = Amount(held.0.saturating_sub(r.outstanding().0).saturating_sub(r.dust.0));
    // After the checkpoint last_update = at, so the leftover is rate · (finish − at).
    let leftover = r.stream_remaining();
    let Some(dust) = restream(r, amount, duration, at)? else {
        let total = add(amount, leftover, "amount + leftover")?;
        return Err(VaultError::RateZero { total, duration_secs: duration });
    };
    let streamed = Amount(r.rate * u128::from(duration));
    if streamed > available {
        return Err(VaultError::RateNotCovered {
            token,
            rate: r.rate,
            duration_secs: duration,
            needed: streamed,
            available,
        });
    }
    r.funded = add(r.funded, amount, "funded rewards")?;
    let (rate, period_finish) = (r.rate, r.period_finish);
    work.events.push(Event::VaultFunded(VaultFunded {
        vault: v.id.clone(),
        token,
        funder,
        amount,
        leftover,
        rate,
        period_finish,
        dust,
    }));
    Ok(FundPlan { vault: id.clone(), work })
}

impl FundPlan {
    /// The moves the plan needs (idle returns), taken out to be checked and
    /// committed with the caller's own.
    pub(crate) fn take_moves(&mut self) -> Plan {
        std::mem::take(&mut self.work.plan)
    }

    /// Adds a move the funding needs (the funder's payment into the vault).
    pub(crate) fn add_move(&mut self, token: TokenId, from: Address, to: Address, amount: Amount) {
        self.work.plan.transfer(token, from, to, amount);
    }

    /// Writes the plan's streams; its events. The caller commits the moves.
    pub(crate) fn write(self, vaults: &mut VaultState) -> Vec<Event> {
        let v = vaults.vaults.get_mut(&self.vault).expect("vault checked when planning");
        v.rewards = self.work.rewards;
        self.work.events
    }
}

/// Every position's owed rewards, settled at `at` and moved from the vault
/// to `to` (the Merkle distributor), planned without writing anything.
pub(crate) struct Settlement {
    vault: VaultId,
    rewards: BTreeMap<TokenId, RewardState>,
    positions: Vec<(Address, Position)>,
    /// The moves: vault → `to`, plus idle rewards returned to the treasury.
    pub(crate) plan: Plan,
    /// Settled amount per (account, token), only positive amounts.
    pub(crate) amounts: BTreeMap<(Address, TokenId), Amount>,
    events: Vec<Event>,
}

/// Plans a [`Settlement`] of every position of vault `id`. O(positions): an
/// epochal, admin-run settlement, never on a staker's path.
pub(crate) fn plan_settlement(
    vaults: &VaultState,
    id: &VaultId,
    at: Timestamp,
    to: Address,
) -> EngineResult<Settlement> {
    let v = vaults.vault(id)?;
    v.require_open()?;
    let mut work = Work::begin(v, at)?;
    let mut positions = Vec::new();
    let mut amounts = BTreeMap::new();
    for (account, position) in &v.positions {
        let mut position = position.clone();
        settle(&mut position, &work.rewards)?;
        for (token, amount) in work.take_owed(v, &mut position, to, PAID)? {
            amounts.insert((*account, token), amount);
        }
        positions.push((*account, position));
    }
    let Work { rewards, plan, events } = work;
    Ok(Settlement { vault: id.clone(), rewards, positions, plan, amounts, events })
}

/// Commits a planned settlement (checked by the caller) and writes the vault:
/// the journal events, then the settlement's.
pub(crate) fn apply_settlement(
    vaults: &mut VaultState,
    k: &mut Kernel<'_>,
    at: Timestamp,
    s: Settlement,
) -> Vec<Event> {
    let mut events = k.commit(s.plan, at);
    events.extend(s.events);
    let v = vaults.vaults.get_mut(&s.vault).expect("vault checked when planning");
    v.rewards = s.rewards;
    for (account, position) in s.positions {
        if position.is_empty() {
            v.positions.remove(&account);
        } else {
            v.positions.insert(account, position);
        }
    }
    events
}
