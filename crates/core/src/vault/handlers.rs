//! Vault command handlers. Each validates and plans everything, then
//! commits through the kernel and writes the vault (see [`super::work`]).

use std::collections::BTreeMap;

use alloy_primitives::U256;

use super::accumulator::{add, overflow, restream, settle, sub};
use super::plan::plan_fund;
use super::work::{FORFEITED, Totals, Work, commit};
use super::{
    Claim, CreateVault, EmergencyWithdraw, EmergencyWithdrawn, ExitInstant, ExitedInstantly, FundVault, Kick,
    PRECISION, PauseVault, PenaltyTo, Position, RewardState, Stake, Staked, UnbondedWithdrawn,
    UnbondingStarted, Unstake, Unstaked, Vault, VaultCreated, VaultError, VaultOptions, VaultPauseSet,
    VaultResult, VaultState, WithdrawUnbonded, WorkingBalanceUpdated, vault_account, working_balance,
};
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::Kernel;
use crate::problem::Problems;
use crate::types::{Address, Amount, Timestamp};

/// A loyalty lock forbids unstaking and instant exit until it ends.
fn require_unlocked(v: &Vault, account: Address, position: &Position, at: Timestamp) -> VaultResult<()> {
    if at < position.lock_until {
        return Err(VaultError::Locked { vault: v.id.clone(), account, until: position.lock_until, at });
    }
    Ok(())
}

fn invalid(path: impl Into<String>, rule: impl Into<String>) -> VaultError {
    VaultError::InvalidOption { path: path.into(), rule: rule.into() }
}

/// `create-vault` (a hub admin or the alliance's leader).
pub(crate) fn create(
    vaults: &mut VaultState,
    k: &Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &CreateVault,
) -> EngineResult<Vec<Event>> {
    if vaults.vaults.contains_key(&c.id) {
        return Err(VaultError::DuplicateVault { vault: c.id.clone() }.into());
    }
    k.require_admin_or_leader(actor, &c.alliance)?;
    let treasury = k.alliance(&c.alliance)?.treasury;
    k.ledger().token(c.stake_token, "body.stake_token")?;
    for t in &c.reward_tokens {
        k.ledger().token(*t, "body.reward_tokens")?;
    }
    let mut problems = Problems::default();
    c.check("body", &mut problems);
    if let Some(p) = problems.into_vec().into_iter().next() {
        return Err(invalid(p.path, p.rule).into());
    }
    let tokens = c.all_reward_tokens();
    let options = VaultOptions {
        reward_duration_secs: c.reward_duration_secs,
        idle_rewards: c.idle_rewards,
        loyalty: c.loyalty,
        unbonding_secs: c.unbonding_secs,
        exit_penalty: c.exit_penalty,
    };
    let account = vault_account(&c.id);
    vaults.vaults.insert(
        c.id.clone(),
        Vault {
            id: c.id.clone(),
            alliance: c.alliance.clone(),
            treasury,
            account,
            stake_token: c.stake_token,
            options,
            paused: false,
            total_staked: Amount::ZERO,
            total_working: Amount::ZERO,
            total_unbonding: Amount::ZERO,
            rewards: tokens.iter().map(|t| (*t, RewardState::new(at))).collect(),
            positions: BTreeMap::new(),
        },
    );
    Ok(vec![Event::VaultCreated(VaultCreated {
        vault: c.id.clone(),
        alliance: c.alliance.clone(),
        account,
        stake_token: c.stake_token,
        reward_tokens: tokens,
        options,
    })])
}

/// `fund-vault` (a hub admin, the alliance's leader, or the emission module).
pub(crate) fn fund(
    vaults: &mut VaultState,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &FundVault,
) -> EngineResult<Vec<Event>> {
    let v = vaults.vault(&c.vault)?;
    if !(k.is_admin_or_leader(actor, &v.alliance)? || actor == crate::emission::module_account()) {
        return Err(
            VaultError::NotDistributor { actor, vault: v.id.clone(), alliance: v.alliance.clone() }.into()
        );
    }
    let account = v.account;
    let mut plan = plan_fund(vaults, k.ledger(), &c.vault, actor, c.token, c.amount, at)?;
    plan.add_move(c.token, actor, account, c.amount);
    let mut events = k.transact(plan.take_moves(), at)?;
    events.extend(plan.write(vaults));
    Ok(events)
}

/// `stake`.
pub(crate) fn stake(
    vaults: &mut VaultState,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &Stake,
) -> EngineResult<Vec<Event>> {
    let v = vaults.vault(&c.vault)?;
    v.require_open()?;
    if c.amount.is_zero() {
        return Err(VaultError::ZeroAmount.into());
    }
    match v.options.loyalty {
        None if c.lock_secs > 0 => {
            return Err(VaultError::LockWithoutLoyalty { vault: v.id.clone(), lock_secs: c.lock_secs }.into());
        }
        Some(l) if c.lock_secs > l.max_lock_secs => {
            return Err(
                VaultError::LockTooLong { lock_secs: c.lock_secs, max_lock_secs: l.max_lock_secs }.into()
            );
        }
        _ => {}
    }
    let mut work = Work::begin(v, at)?;
    let mut position = v.positions.get(&actor).cloned().unwrap_or_default();
    settle(&mut position, &work.rewards)?;
    let old_working = position.working;
    position.staked = add(position.staked, c.amount, "staked")?;
    let lock_end = Timestamp(at.0.saturating_add(c.lock_secs));
    position.lock_until = position.lock_until.max(lock_end);
    position.working = working_balance(position.staked, position.lock_until, at, v.options.loyalty);
    let totals = Totals {
        staked: add(v.total_staked, c.amount, "total staked")?,
        ..Totals::reworked(v, old_working, position.working)?
    };
    work.plan.transfer(v.stake_token, actor, v.account, c.amount);
    work.events.push(Event::Staked(Staked {
        vault: v.id.clone(),
        account: actor,
        amount: c.amount,
        staked: position.staked,
        working: position.working,
        lock_until: position.lock_until,
    }));
    commit(vaults, k, &c.vault, at, work, (actor, position), totals)
}

/// `unstake`: at once, or into unbonding.
pub(crate) fn unstake(
    vaults: &mut VaultState,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &Unstake,
) -> EngineResult<Vec<Event>> {
    let v = vaults.vault(&c.vault)?;
    v.require_open()?;
    if c.amount.is_zero() {
        return Err(VaultError::ZeroAmount.into());
    }
    let mut position = v.position(actor)?;
    if c.amount > position.staked {
        return Err(VaultError::InsufficientStake {
            vault: v.id.clone(),
            staked: position.staked,
            requested: c.amount,
        }
        .into());
    }
    require_unlocked(v, actor, &position, at)?;
    let mut work = Work::begin(v, at)?;
    settle(&mut position, &work.rewards)?;
    let old_working = position.working;
    position.staked = sub(position.staked, c.amount, "staked")?;
    position.working = working_balance(position.staked, position.lock_until, at, v.options.loyalty);
    let mut totals = Totals {
        staked: sub(v.total_staked, c.amount, "total staked")?,
        ..Totals::reworked(v, old_working, position.working)?
    };
    if v.options.unbonding_secs == 0 {
        work.plan.transfer(v.stake_token, v.account, actor, c.amount);
        work.events.push(Event::Unstaked(Unstaked { vault: v.id.clone(), account: actor, amount: c.amount }));
    } else {
        position.unbonding = add(position.unbonding, c.amount, "unbonding")?;
        position.unbonding_ready_at = Timestamp(at.0.saturating_add(v.options.unbonding_secs));
        totals.unbonding = add(totals.unbonding, c.amount, "total unbonding")?;
        work.events.push(Event::UnbondingStarted(UnbondingStarted {
            vault: v.id.clone(),
            account: actor,
            amount: c.amount,
            unbonding: position.unbonding,
            ready_at: position.unbonding_ready_at,
        }));
    }
    commit(vaults, k, &c.vault, at, work, (actor, position), totals)
}

/// `withdraw-unbonded`.
pub(crate) fn withdraw_unbonded(
    vaults: &mut VaultState,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &WithdrawUnbonded,
) -> EngineResult<Vec<Event>> {
    let v = vaults.vault(&c.vault)?;
    let mut position = v.position(actor)?;
    if position.unbonding.is_zero() {
        return Err(VaultError::NothingUnbonding { vault: v.id.clone(), account: actor }.into());
    }
    if at < position.unbonding_ready_at {
        return Err(VaultError::StillUnbonding {
            vault: v.id.clone(),
            amount: position.unbonding,
            ready_at: position.unbonding_ready_at,
            at,
        }
        .into());
    }
    // Unbonding stake earns nothing, so no checkpoint is needed.
    let amount = position.unbonding;
    let mut work = Work::without_checkpoint(v);
    work.plan.transfer(v.stake_token, v.account, actor, amount);
    work.events.push(Event::UnbondedWithdrawn(UnbondedWithdrawn {
        vault: v.id.clone(),
        account: actor,
        amount,
    }));
    position.unbonding = Amount::ZERO;
    let totals = Totals { unbonding: sub(v.total_unbonding, amount, "total unbonding")?, ..Totals::of(v) };
    commit(vaults, k, &c.vault, at, work, (actor, position), totals)
}

/// `claim`.
pub(crate) fn claim(
    vaults: &mut VaultState,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &Claim,
) -> EngineResult<Vec<Event>> {
    let v = vaults.vault(&c.vault)?;
    v.require_open()?;
    let mut position = v.position(actor)?;
    let mut work = Work::begin(v, at)?;
    settle(&mut position, &work.rewards)?;
    if position.rewards.values().all(|e| e.owed.is_zero()) {
        return Err(VaultError::NothingToClaim { vault: v.id.clone(), account: actor }.into());
    }
    work.pay_rewards(v, actor, &mut position)?;
    let old_working = position.working;
    position.working = working_balance(position.staked, position.lock_until, at, v.options.loyalty);
    let totals = Totals::reworked(v, old_working, position.working)?;
    commit(vaults, k, &c.vault, at, work, (actor, position), totals)
}

/// `kick` (anyone): recomputes a position's loyalty-boosted working balance.
pub(crate) fn kick(
    vaults: &mut VaultState,
    k: &mut Kernel<'_>,
    at: Timestamp,
    c: &Kick,
) -> EngineResult<Vec<Event>> {
    let v = vaults.vault(&c.vault)?;
    let mut position = v.position(c.account)?;
    let mut work = Work::begin(v, at)?;
    settle(&mut position, &work.rewards)?;
    let old_working = position.working;
    position.working = working_balance(position.staked, position.lock_until, at, v.options.loyalty);
    let totals = Totals::reworked(v, old_working, position.working)?;
    work.events.push(Event::WorkingBalanceUpdated(WorkingBalanceUpdated {
        vault: v.id.clone(),
        account: c.account,
        working: position.working,
    }));
    commit(vaults, k, &c.vault, at, work, (c.account, position), totals)
}

/// `exit-instant`: the whole position, less a penalty rounded up.
pub(crate) fn exit_instant(
    vaults: &mut VaultState,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &ExitInstant,
) -> EngineResult<Vec<Event>> {
    let v = vaults.vault(&c.vault)?;
    v.require_open()?;
    let penalty_rule =
        v.options.exit_penalty.ok_or_else(|| VaultError::NoInstantExit { vault: v.id.clone() })?;
    let mut position = v.position(actor)?;
    require_unlocked(v, actor, &position, at)?;
    let principal = add(position.staked, position.unbonding, "principal")?;
    let mut work = Work::begin(v, at)?;
    settle(&mut position, &work.rewards)?;
    work.pay_rewards(v, actor, &mut position)?;
    // Round up: the pool, not the leaver, keeps the fraction.
    let penalty =
        principal.mul_div_ceil(u128::from(penalty_rule.bps.0), 10_000).ok_or(overflow("penalty"))?;
    let paid = sub(principal, penalty, "principal − penalty")?;
    let totals = Totals::without(v, &position)?;
    work.plan.transfer(v.stake_token, v.account, actor, paid);
    let mut penalty_to = penalty_rule.to;
    let mut streamed_until = None;
    if penalty_to == PenaltyTo::RemainingStakers && totals.working.is_zero() {
        // Nobody remains to share it.
        penalty_to = PenaltyTo::Treasury;
    }
    match penalty_to {
        PenaltyTo::Treasury => work.plan.transfer(v.stake_token, v.account, v.treasury, penalty),
        PenaltyTo::RemainingStakers => {
            let r = work.rewards.get_mut(&v.stake_token).expect("the stake token is a reward token");
            r.funded = add(r.funded, penalty, "funded rewards")?;
            // Streamed over the reward duration like a funding (with leftover),
            // so joining just before an exit does not capture the penalty; a
            // penalty too small for a positive rate is shared at once instead.
            if restream(r, penalty, v.options.reward_duration_secs, at)?.is_some() {
                streamed_until = Some(r.period_finish);
            } else {
                // reward_per_token += ⌊penalty · 1e18 / total_working⌋ (floor).
                let increment = U256::from(penalty.0) * U256::from(PRECISION) / U256::from(totals.working.0);
                r.reward_per_token_stored =
                    r.reward_per_token_stored.checked_add(increment).ok_or(overflow("reward per token"))?;
                r.accrued = add(r.accrued, penalty, "accrued rewards")?;
            }
        }
    }
    work.events.push(Event::ExitedInstantly(ExitedInstantly {
        vault: v.id.clone(),
        account: actor,
        principal,
        penalty,
        paid,
        penalty_to,
        streamed_until,
    }));
    commit(vaults, k, &c.vault, at, work, (actor, Position::default()), totals)
}

/// `pause-vault` (a hub admin or the alliance's leader).
pub(crate) fn set_paused(
    vaults: &mut VaultState,
    k: &Kernel<'_>,
    actor: Address,
    c: &PauseVault,
) -> EngineResult<Vec<Event>> {
    let v = vaults.vault(&c.vault)?;
    k.require_admin_or_leader(actor, &v.alliance)?;
    if v.paused == c.paused {
        return Err(VaultError::PauseUnchanged { vault: v.id.clone(), paused: c.paused }.into());
    }
    vaults.vaults.get_mut(&c.vault).expect("checked above").paused = c.paused;
    Ok(vec![Event::VaultPauseSet(VaultPauseSet { vault: c.vault.clone(), paused: c.paused })])
}

/// `emergency-withdraw`: principal back from a paused vault, earned rewards forfeited to the treasury.
pub(crate) fn emergency_withdraw(
    vaults: &mut VaultState,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &EmergencyWithdraw,
) -> EngineResult<Vec<Event>> {
    let v = vaults.vault(&c.vault)?;
    if !v.paused {
        return Err(VaultError::NotPaused { vault: v.id.clone() }.into());
    }
    let mut position = v.position(actor)?;
    let principal = add(position.staked, position.unbonding, "principal")?;
    let mut work = Work::begin(v, at)?;
    settle(&mut position, &work.rewards)?;
    let totals = Totals::without(v, &position)?;
    let forfeited = work.take_owed(v, &mut position, v.treasury, FORFEITED)?;
    work.plan.transfer(v.stake_token, v.account, actor, principal);
    work.events.push(Event::EmergencyWithdrawn(EmergencyWithdrawn {
        vault: v.id.clone(),
        account: actor,
        principal,
        forfeited,
        treasury: v.treasury,
    }));
    commit(vaults, k, &c.vault, at, work, (actor, Position::default()), totals)
}
