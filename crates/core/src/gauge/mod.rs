//! Gauges and vote incentives, with Curve GaugeController semantics.
//!
//! An admin creates gauges, each pointing at a target (a vault id). A
//! vote-escrow holder allocates `weight_bps` of their power to a gauge
//! (Curve `vote_for_gauge_weights`): the vote's line is
//! `slope_vote = ⌊slope_user · bps / 10000⌋` (floor) ending at the lock's end,
//! and it applies from the **next** weekly epoch
//! `next = ⌊now / WEEK⌋ · WEEK + WEEK`. A holder's allocations sum to at most
//! 10000 bps; the same (holder, gauge) can vote again only after
//! `vote_delay_secs` (default 10 days, Curve's `WEIGHT_VOTE_DELAY`).
//!
//! A gauge's weight at epoch `T` is the sum of its votes' lines at `T`
//! (exact); `relative_weight(g, T) = ⌊10^18 · w_g(T) / Σ w(T)⌋` (floor, so the
//! relative weights sum to at most 10^18; the emission module owns the rest).
//!
//! **Vote incentives (bribes)**: anyone deposits any token for (gauge, epoch)
//! while the epoch has not ended. A fee `⌊amount · fee_bps / 10000⌋` (floor)
//! goes to the fee recipient at deposit; the rest is the pool. After the
//! epoch, each voter claims once `⌊pool · p / W⌋` (floor) where `p` is the power
//! they voted for the gauge at `T` and `W` the gauge's weight at `T`. When the
//! last voter has claimed (claimed power = `W`), the dust
//! `pool − Σ paid` goes to the fee recipient. If nobody voted (`W = 0`),
//! each depositor reclaims their own net deposit.

mod error;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use error::{GaugeError, GaugeResult};

use crate::command::Event;
use crate::error::EngineResult;
use crate::escrow::{Decay, Line, WEEK, week_floor};
use crate::kernel::{Kernel, Plan, VePower};
use crate::ledger::LedgerError;
use crate::roles::Role;
use crate::types::{Address, AllianceId, Amount, Bps, Timestamp, TokenId, mul_div};

/// Curve GaugeController `WEIGHT_VOTE_DELAY`: 10 days.
pub const DEFAULT_VOTE_DELAY_SECS: u64 = 10 * 86_400;
/// Longest vote delay accepted: one year.
pub const MAX_VOTE_DELAY_SECS: u64 = 365 * 86_400;
/// Fixed-point scale of relative weights: 10^18 = 100 %.
pub const WEIGHT_SCALE: u128 = 1_000_000_000_000_000_000;

/// The account that holds deposited vote incentives.
pub fn bribe_account() -> Address {
    Address::derived("bribes")
}

/// Controller settings (admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GaugeParams {
    /// Seconds between two votes of one holder on one gauge.
    pub vote_delay_secs: u64,
    /// Fee on incentive deposits, in bps.
    pub bribe_fee_bps: Bps,
    /// Receives fees and dust; `None` = the genesis alliance's treasury.
    pub fee_recipient: Option<Address>,
}

impl Default for GaugeParams {
    fn default() -> Self {
        Self { vote_delay_secs: DEFAULT_VOTE_DELAY_SECS, bribe_fee_bps: Bps(0), fee_recipient: None }
    }
}

/// A gauge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gauge {
    /// What it points at (a vault id).
    pub target: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// Its weight over time (Curve `points_weight` + `changes_weight`).
    pub weight: Decay,
}

/// One vote of a holder on a gauge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// When it was cast.
    pub cast_at: Timestamp,
    /// The epoch it applies from.
    pub from: Timestamp,
    /// Share of the holder's power.
    pub bps: u16,
    /// The power it gives the gauge: `slope · (end − t)`.
    pub line: Line,
}

/// The incentives deposited in one token for one (gauge, epoch).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BribePool {
    /// Net of fees, in total.
    pub deposited: Amount,
    /// Paid out so far (claims, dust, reclaims).
    pub paid: Amount,
    /// Sum of the vote power of voters who have claimed.
    #[serde(with = "crate::types::dec")]
    pub claimed_power: u128,
    /// Net deposits by depositor (reclaimable only if nobody voted).
    pub depositors: BTreeMap<Address, Amount>,
    /// Voters who have claimed.
    pub claimants: BTreeSet<Address>,
}

/// The gauge controller's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gauges {
    /// Settings.
    pub params: GaugeParams,
    /// Gauges by id.
    pub gauges: BTreeMap<String, Gauge>,
    /// Sum of all gauge weights over time.
    pub total: Decay,
    /// Vote history by holder, then gauge (the last one is current).
    pub votes: BTreeMap<Address, BTreeMap<String, Vec<Vote>>>,
    /// Bps in use per holder (Curve `vote_user_power`).
    pub power_used: BTreeMap<Address, u16>,
    /// Incentive pools by gauge, epoch and token.
    pub bribes: BTreeMap<String, BTreeMap<Timestamp, BTreeMap<TokenId, BribePool>>>,
}

impl Gauges {
    /// A gauge's weight at `t` (0 for an unknown gauge).
    pub fn gauge_weight_at(&self, gauge: &str, t: Timestamp) -> u128 {
        self.gauges.get(gauge).map_or(0, |g| g.weight.at(t))
    }

    /// The sum of all gauge weights at `t`.
    pub fn total_weight_at(&self, t: Timestamp) -> u128 {
        self.total.at(t)
    }

    /// `⌊10^18 · w_g(t) / Σ w(t)⌋` (floor), 0 when nobody voted (Curve
    /// `gauge_relative_weight`).
    pub fn relative_weight(&self, gauge: &str, t: Timestamp) -> u128 {
        let total = self.total_weight_at(t);
        // w_g ≤ total, so the quotient ≤ 10^18 and always fits.
        mul_div(self.gauge_weight_at(gauge, t), WEIGHT_SCALE, total, false).unwrap_or(0)
    }

    /// Every gauge's relative weight in the epoch containing `t` (floor; the
    /// values sum to at most 10^18). What the emission module splits by.
    pub fn relative_weights(&self, t: Timestamp) -> BTreeMap<String, u128> {
        let epoch = Timestamp(week_floor(t.0));
        self.gauges.keys().map(|g| (g.clone(), self.relative_weight(g, epoch))).collect()
    }

    /// The vote in force for (holder, gauge) at `t`.
    pub fn vote_at(&self, account: Address, gauge: &str, t: Timestamp) -> Option<Vote> {
        let history = self.votes.get(&account)?.get(gauge)?;
        let after = history.partition_point(|v| v.from <= t);
        after.checked_sub(1).map(|i| history[i])
    }

    /// The power a holder gave a gauge at `t`: their vote's line at `t`.
    pub fn vote_power_at(&self, account: Address, gauge: &str, t: Timestamp) -> u128 {
        self.vote_at(account, gauge, t).map_or(0, |v| v.line.bias_at(t))
    }

    fn gauge(&self, id: &str) -> GaugeResult<&Gauge> {
        self.gauges.get(id).ok_or_else(|| GaugeError::UnknownGauge { id: id.to_owned() })
    }

    fn pool(&self, gauge: &str, epoch: Timestamp, token: TokenId) -> GaugeResult<&BribePool> {
        self.bribes
            .get(gauge)
            .and_then(|e| e.get(&epoch))
            .and_then(|t| t.get(&token))
            .ok_or_else(|| GaugeError::NoBribe { gauge: gauge.to_owned(), epoch, token })
    }

    fn pool_mut(&mut self, gauge: &str, epoch: Timestamp, token: TokenId) -> &mut BribePool {
        self.bribes.entry(gauge.to_owned()).or_default().entry(epoch).or_default().entry(token).or_default()
    }
}

/// The fee and dust recipient in force: the one set, else the genesis alliance's treasury.
pub fn fee_recipient(gauges: &Gauges, genesis_alliance: &AllianceId) -> Address {
    gauges.params.fee_recipient.unwrap_or_else(|| crate::alliance::treasury_address(genesis_alliance))
}

// ---------------------------------------------------------------- commands

/// Create a gauge (admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateGauge {
    /// Its id (a slug).
    pub id: String,
    /// What it points at (a vault id).
    pub target: String,
}

/// Change the controller's settings (admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetGaugeParams {
    /// Seconds between two votes of one holder on one gauge.
    pub vote_delay_secs: u64,
    /// Fee on incentive deposits, in bps.
    pub bribe_fee_bps: Bps,
    /// Receives fees and dust; omitted = the genesis alliance's treasury.
    #[serde(default)]
    pub fee_recipient: Option<Address>,
}

/// Allocate `weight_bps` of the actor's ve power to a gauge, from the next epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteGauge {
    /// The gauge.
    pub gauge: String,
    /// Share of the actor's power (0 removes the vote).
    pub weight_bps: u16,
}

/// Deposit vote incentives for (gauge, epoch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepositBribe {
    /// The gauge.
    pub gauge: String,
    /// The epoch's start (a week boundary).
    pub epoch: Timestamp,
    /// Token deposited.
    pub token: TokenId,
    /// Amount, fee included.
    pub amount: Amount,
}

/// Claim (voter) or reclaim (depositor, when nobody voted) incentives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimBribe {
    /// The gauge.
    pub gauge: String,
    /// The epoch's start.
    pub epoch: Timestamp,
    /// Token.
    pub token: TokenId,
}

// ---------------------------------------------------------------- events

/// A gauge was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GaugeCreated {
    /// Its id.
    pub id: String,
    /// Its target.
    pub target: String,
}

/// The controller's settings changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GaugeParamsSet {
    /// The settings now in force.
    pub params: GaugeParams,
}

/// A holder voted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GaugeVoted {
    /// The voter.
    pub account: Address,
    /// The gauge.
    pub gauge: String,
    /// Share of their power.
    pub weight_bps: u16,
    /// The epoch it applies from.
    pub from_epoch: Timestamp,
    /// The power it gives the gauge at `from_epoch`.
    pub power: Amount,
}

/// Incentives were deposited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BribeDeposited {
    /// The depositor.
    pub depositor: Address,
    /// The gauge.
    pub gauge: String,
    /// The epoch.
    pub epoch: Timestamp,
    /// Token.
    pub token: TokenId,
    /// Into the pool (net of the fee).
    pub net: Amount,
    /// To the fee recipient.
    pub fee: Amount,
}

/// Incentives were paid out of a pool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BribePaid {
    /// Who received them.
    pub to: Address,
    /// Why: `claim`, `dust` or `reclaim`.
    pub reason: String,
    /// The gauge.
    pub gauge: String,
    /// The epoch.
    pub epoch: Timestamp,
    /// Token.
    pub token: TokenId,
    /// Amount paid.
    pub amount: Amount,
    /// The claimant's vote power (0 for dust and reclaims).
    pub power: Amount,
}

// ---------------------------------------------------------------- handlers

/// `create-gauge` (admin).
pub fn create_gauge(
    gauges: &mut Gauges,
    k: &Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &CreateGauge,
) -> EngineResult<Vec<Event>> {
    k.require(Role::Admin, actor)?;
    if c.id.parse::<AllianceId>().is_err() {
        return Err(GaugeError::BadId { got: c.id.chars().take(80).collect() }.into());
    }
    if c.target.is_empty() || c.target.len() > 128 {
        return Err(GaugeError::BadTarget { len: c.target.len() }.into());
    }
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
