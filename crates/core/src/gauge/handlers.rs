//! Gauge and vote-incentive handlers: each validates everything, then writes.

use super::{
    BribeDeposited, BribePaid, ClaimBribe, CreateGauge, DepositBribe, Gauge, GaugeCreated, GaugeError,
    GaugeParams, GaugeParamsSet, GaugeResult, GaugeVoted, Gauges, MAX_VOTE_DELAY_SECS, SetGaugeParams, Vote,
    VoteGauge, bribe_account, fee_recipient,
};
use crate::command::Event;
use crate::error::EngineResult;
use crate::escrow::{Decay, Line, WEEK, week_floor};
use crate::kernel::{Kernel, Plan, VePower};
use crate::ledger::LedgerError;
use crate::roles::Role;
use crate::types::{Address, Amount, Timestamp, mul_div};

/// `create-gauge` (admin).
pub fn create_gauge(
    gauges: &mut Gauges,
    k: &Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &CreateGauge,
) -> EngineResult<Vec<Event>> {
    k.require(Role::Admin, actor)?;
    // The id and the target are slugs by type (checked when the body is read).
    if gauges.gauges.contains_key(&c.id) {
        return Err(GaugeError::DuplicateGauge { id: c.id.clone() }.into());
    }
    gauges
        .gauges
        .insert(c.id.clone(), Gauge { target: c.target.clone(), created_at: at, weight: Decay::default() });
    Ok(vec![Event::GaugeCreated(GaugeCreated { id: c.id.clone(), target: c.target.clone() })])
}

/// `set-gauge-params` (admin).
pub fn set_gauge_params(
    gauges: &mut Gauges,
    k: &Kernel<'_>,
    actor: Address,
    c: &SetGaugeParams,
) -> EngineResult<Vec<Event>> {
    k.require(Role::Admin, actor)?;
    if c.vote_delay_secs > MAX_VOTE_DELAY_SECS {
        return Err(GaugeError::DelayOutOfRange { max: MAX_VOTE_DELAY_SECS, got: c.vote_delay_secs }.into());
    }
    if !c.bribe_fee_bps.is_valid() {
        return Err(GaugeError::BpsOutOfRange { field: "body.bribe_fee_bps", got: c.bribe_fee_bps.0 }.into());
    }
    if c.fee_recipient.is_some_and(|a| a.is_zero()) {
        return Err(LedgerError::ZeroAddress { field: "body.fee_recipient" }.into());
    }
    let params = GaugeParams {
        vote_delay_secs: c.vote_delay_secs,
        bribe_fee_bps: c.bribe_fee_bps,
        fee_recipient: c.fee_recipient,
    };
    gauges.params = params.clone();
    Ok(vec![Event::GaugeParamsSet(GaugeParamsSet { params })])
}

/// `vote-gauge` (Curve `vote_for_gauge_weights`).
pub fn vote_gauge(
    gauges: &mut Gauges,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    c: &VoteGauge,
) -> EngineResult<Vec<Event>> {
    gauges.gauge(&c.gauge)?;
    if c.weight_bps > 10_000 {
        return Err(GaugeError::BpsOutOfRange { field: "body.weight_bps", got: c.weight_bps }.into());
    }
    let next_epoch = Timestamp(week_floor(at.0) + WEEK);
    let lock = ve.ve_lock(actor);
    let user_line = lock
        .filter(|(_, end)| *end > next_epoch)
        .map(|(slope, end)| Line { slope, end })
        .ok_or(GaugeError::LockTooShort { account: actor, end: lock.map(|(_, end)| end), next_epoch })?;
    let last = gauges.votes.get(&actor).and_then(|g| g.get(&c.gauge)).and_then(|h| h.last().copied());
    if let Some(last) = last {
        let allowed = Timestamp(last.cast_at.0.saturating_add(gauges.params.vote_delay_secs));
        if at < allowed {
            return Err(GaugeError::VoteTooSoon {
                account: actor,
                gauge: c.gauge.clone(),
                last: last.cast_at,
                allowed,
            }
            .into());
        }
    }
    let used = gauges.power_used.get(&actor).copied().unwrap_or(0);
    let previous = last.map_or(0, |v| v.bps);
    let total = u32::from(used) - u32::from(previous) + u32::from(c.weight_bps);
    if total > 10_000 {
        return Err(GaugeError::OverAllocated { account: actor, used, previous, total }.into());
    }
    // ⌊slope · bps / 10000⌋ ≤ slope: floor, and it always fits.
    let slope = mul_div(user_line.slope, u128::from(c.weight_bps), 10_000, false).unwrap_or(0);
    let line = Line { slope, end: user_line.end };
    let old = last.map(|v| v.line);

    let gauge = gauges.gauges.get_mut(&c.gauge).expect("checked above");
    gauge.weight.change(next_epoch, old, Some(line));
    gauges.total.change(next_epoch, old, Some(line));
    let history = gauges.votes.entry(actor).or_default().entry(c.gauge.clone()).or_default();
    if history.last().is_some_and(|v| v.from == next_epoch) {
        history.pop();
    }
    history.push(Vote { cast_at: at, from: next_epoch, bps: c.weight_bps, line });
    // total ≤ 10000 was checked, so it fits in u16.
    gauges.power_used.insert(actor, total as u16);
    Ok(vec![Event::GaugeVoted(GaugeVoted {
        account: actor,
        gauge: c.gauge.clone(),
        weight_bps: c.weight_bps,
        from_epoch: next_epoch,
        power: Amount(line.bias_at(next_epoch)),
    })])
}

fn check_epoch(epoch: Timestamp) -> GaugeResult<()> {
    if epoch.0.is_multiple_of(WEEK) { Ok(()) } else { Err(GaugeError::EpochNotAligned { got: epoch }) }
}

/// `deposit-bribe`.
pub fn deposit_bribe(
    gauges: &mut Gauges,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &DepositBribe,
) -> EngineResult<Vec<Event>> {
    gauges.gauge(&c.gauge)?;
    check_epoch(c.epoch)?;
    let ended = Timestamp(c.epoch.0.saturating_add(WEEK));
    if ended <= at {
        return Err(GaugeError::EpochOver { epoch: c.epoch, ended, now: at }.into());
    }
    if c.amount.is_zero() {
        return Err(GaugeError::ZeroAmount.into());
    }
    k.ledger().token(c.token, "body.token")?;
    // fee = ⌊amount · fee_bps / 10000⌋ (floor: the pool keeps the rounding).
    let fee =
        c.amount.mul_div_floor(u128::from(gauges.params.bribe_fee_bps.0), 10_000).unwrap_or(Amount::ZERO);
    let net = Amount(c.amount.0 - fee.0);
    let held = gauges.pool(&c.gauge, c.epoch, c.token).map_or(Amount::ZERO, |p| p.deposited);
    let deposited = held.checked_add(net).ok_or(GaugeError::PoolOverflow { token: c.token, held })?;
    let recipient = fee_recipient(gauges, &k.hub().genesis_alliance);
    let mut plan = Plan::default();
    plan.transfer(c.token, actor, recipient, fee);
    plan.transfer(c.token, actor, bribe_account(), net);
    // The kernel checks the balance and the depositor's lock-ups for both moves.
    let mut events = k.transact(plan, at)?;
    let pool = gauges.pool_mut(&c.gauge, c.epoch, c.token);
    pool.deposited = deposited;
    let mine = pool.depositors.entry(actor).or_default();
    *mine = Amount(mine.0.saturating_add(net.0));
    events.push(Event::BribeDeposited(BribeDeposited {
        depositor: actor,
        gauge: c.gauge.clone(),
        epoch: c.epoch,
        token: c.token,
        net,
        fee,
    }));
    Ok(events)
}

fn check_claimable(gauges: &Gauges, at: Timestamp, c: &ClaimBribe) -> GaugeResult<()> {
    gauges.gauge(&c.gauge)?;
    check_epoch(c.epoch)?;
    gauges.pool(&c.gauge, c.epoch, c.token)?;
    let ends = Timestamp(c.epoch.0.saturating_add(WEEK));
    if at < ends {
        return Err(GaugeError::EpochNotOver { epoch: c.epoch, ends, now: at });
    }
    Ok(())
}

fn paid(to: Address, reason: &str, c: &ClaimBribe, amount: Amount, power: u128) -> Event {
    Event::BribePaid(BribePaid {
        to,
        reason: reason.to_owned(),
        gauge: c.gauge.clone(),
        epoch: c.epoch,
        token: c.token,
        amount,
        power: Amount(power),
    })
}

/// `claim-bribe`: `⌊pool · p / W⌋` once per (voter, gauge, epoch, token); the
/// last claim also sends the dust to the fee recipient.
pub fn claim_bribe(
    gauges: &mut Gauges,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &ClaimBribe,
) -> EngineResult<Vec<Event>> {
    check_claimable(gauges, at, c)?;
    let pool = gauges.pool(&c.gauge, c.epoch, c.token)?;
    if pool.claimants.contains(&actor) {
        return Err(GaugeError::AlreadyClaimed {
            account: actor,
            gauge: c.gauge.clone(),
            epoch: c.epoch,
            token: c.token,
        }
        .into());
    }
    let power = gauges.vote_power_at(actor, &c.gauge, c.epoch);
    if power == 0 {
        return Err(GaugeError::NoVotePower { account: actor, gauge: c.gauge.clone(), epoch: c.epoch }.into());
    }
    let weight = gauges.gauge_weight_at(&c.gauge, c.epoch);
    // share = ⌊pool · p / W⌋ (floor); p ≤ W so share ≤ pool.
    let share = pool.deposited.mul_div_floor(power, weight).unwrap_or(Amount::ZERO);
    let claimed_power = pool.claimed_power.saturating_add(power);
    let paid_after = Amount(pool.paid.0.saturating_add(share.0));
    // The last voter to claim closes the pool: the dust goes to the fee recipient.
    let dust = if claimed_power == weight {
        Amount(pool.deposited.0.saturating_sub(paid_after.0))
    } else {
        Amount::ZERO
    };
    let recipient = fee_recipient(gauges, &k.hub().genesis_alliance);
    let mut plan = Plan::default();
    plan.transfer(c.token, bribe_account(), actor, share);
    plan.transfer(c.token, bribe_account(), recipient, dust);
    let mut moved = k.transact(plan, at)?.into_iter();
    let mut events = Vec::new();
    if !share.is_zero() {
        events.extend(moved.next());
    }
    events.push(paid(actor, "claim", c, share, power));
    if !dust.is_zero() {
        events.extend(moved.next());
        events.push(paid(recipient, "dust", c, dust, 0));
    }
    let pool = gauges.pool_mut(&c.gauge, c.epoch, c.token);
    pool.claimants.insert(actor);
    pool.claimed_power = claimed_power;
    pool.paid = Amount(paid_after.0 + dust.0);
    Ok(events)
}

/// `reclaim-bribe`: a depositor takes back their net deposit when nobody
/// voted for the gauge in that epoch.
pub fn reclaim_bribe(
    gauges: &mut Gauges,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &ClaimBribe,
) -> EngineResult<Vec<Event>> {
    check_claimable(gauges, at, c)?;
    if gauges.gauge_weight_at(&c.gauge, c.epoch) > 0 {
        return Err(GaugeError::NoReclaim {
            account: actor,
            reason: "voters hold power on this gauge in this epoch and are paid instead",
        }
        .into());
    }
    let pool = gauges.pool(&c.gauge, c.epoch, c.token)?;
    let amount = pool.depositors.get(&actor).copied().unwrap_or(Amount::ZERO);
    if amount.is_zero() {
        return Err(GaugeError::NoReclaim {
            account: actor,
            reason: "nothing deposited by this account, or already reclaimed",
        }
        .into());
    }
    let mut events = k.transact(Plan::transfer_one(c.token, bribe_account(), actor, amount), at)?;
    let pool = gauges.pool_mut(&c.gauge, c.epoch, c.token);
    pool.depositors.remove(&actor);
    pool.paid = Amount(pool.paid.0.saturating_add(amount.0));
    events.push(paid(actor, "reclaim", c, amount, 0));
    Ok(events)
}
