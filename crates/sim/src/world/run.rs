//! One run: fork the subset's day-0 engine, put the agents in place, then
//! step day by day. Each step: prices move, events fire, the keeper emits,
//! due agents act, agents whose condition fired act, governance proceeds,
//! and one row of metrics is read back through the engine's queries.

use std::collections::BTreeSet;

use concord_core::command::{CommandBody, Event};
use concord_core::emission::{Emit, epoch_of};
use concord_core::error::EngineError;
use concord_core::governance::council::{CouncilAction, CouncilPropose, CouncilTxRef};
use concord_core::mission::LeaveAlliance;
use concord_core::testing::cmd;
use concord_core::types::{Address, Timestamp};
use concord_core::{Engine, query};

use super::agents::{Agent, spawn};
use super::gov::GovState;
use super::setup::{DAY_SECS, Prepared, base_units, whole};
use crate::SimResult;
use crate::agenda::{Action, Agenda};
use crate::index::ThresholdIndex;
use crate::market::Market;
use crate::metrics::col;
use crate::rng::{RunRngs, run_rngs};
use crate::scenario::{AgentKind, EventKind, Scenario};

/// Seconds in a 365-day year (APR's base).
pub const YEAR_SECS: f64 = 365.0 * 86_400.0;

/// The metric rows of one run: `(horizon + 1) × columns` values, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct RunOutput {
    /// The subset.
    pub subset: usize,
    /// The run (from 1, as cadCAD counts).
    pub run: u32,
    /// Columns per row.
    pub width: usize,
    /// The values; NaN where a metric is undefined (written empty).
    pub values: Vec<f64>,
}

impl RunOutput {
    /// The rows, timestep 0 first.
    pub fn rows(&self) -> impl Iterator<Item = &[f64]> {
        self.values.chunks(self.width)
    }
}

/// A run in progress.
pub(crate) struct Run<'p> {
    pub(crate) p: &'p Prepared,
    pub(crate) s: &'p Scenario,
    pub(crate) engine: Engine,
    pub(crate) market: Market,
    pub(crate) rngs: RunRngs,
    pub(crate) agents: Vec<Agent>,
    apr_index: Vec<ThresholdIndex>,
    price_index: Vec<ThresholdIndex>,
    pub(crate) arbitrageurs: Vec<usize>,
    pub(crate) agenda: Agenda,
    pub(crate) day: u32,
    pub(crate) now: u64,
    /// Quote value sold by agents this step.
    pub(crate) sold: f64,
    /// Agent commands the engine refused, so far.
    pub(crate) rejected: u64,
    initial_stakers: u64,
    pub(crate) still_staked: u64,
    last_minted: u128,
    pub(crate) gov: GovState,
    pub(crate) sybils: BTreeSet<Address>,
}

/// Runs run `run` (from 1) of a prepared subset.
pub fn run(p: &Prepared, s: &Scenario, seed: u64, subset: usize, run: u32) -> SimResult<RunOutput> {
    let mut rngs = run_rngs(seed, subset as u64, u64::from(run));
    let mut engine = p.base.clone();
    let mut agenda = Agenda::default();
    let spawned = spawn(p, s, &mut engine, &mut rngs.population, &mut agenda)?;
    let initial_stakers = spawned.agents.iter().filter(|a| a.initial).count() as u64;
    let sybils = spawned.agents.iter().filter(|a| a.kind == AgentKind::Sybil).map(|a| a.address).collect();
    let mut r = Run {
        p,
        s,
        engine,
        market: Market::new(&s.market),
        rngs,
        agents: spawned.agents,
        apr_index: spawned.apr_index,
        price_index: spawned.price_index,
        arbitrageurs: spawned.arbitrageurs,
        agenda,
        day: 0,
        now: s.start_unix,
        sold: 0.0,
        rejected: 0,
        initial_stakers,
        still_staked: initial_stakers,
        last_minted: 0,
        gov: GovState::default(),
        sybils,
    };
    let width = p.columns.len();
    let mut values = Vec::with_capacity(width * (s.horizon_days as usize + 1));
    r.keeper();
    r.metrics(&mut values)?;
    for day in 1..=s.horizon_days {
        r.step(day)?;
        r.metrics(&mut values)?;
    }
    Ok(RunOutput { subset, run, width, values })
}

impl Run<'_> {
    /// Applies an agent's command; a refusal is counted, never fatal.
    pub(crate) fn submit(&mut self, actor: Address, body: CommandBody) -> Option<Vec<Event>> {
        self.submit_expecting(actor, body, |_| false)
    }

    /// [`Run::submit`], where a refusal for which `expected` holds (an agent
    /// finding nothing to do) is not counted as a rejection.
    pub(crate) fn submit_expecting(
        &mut self,
        actor: Address,
        body: CommandBody,
        expected: fn(&EngineError) -> bool,
    ) -> Option<Vec<Event>> {
        match self.engine.apply(&cmd(actor, self.now, body)) {
            Ok(events) => Some(events),
            Err(e) => {
                if !expected(&e) {
                    self.rejected += 1;
                }
                None
            }
        }
    }

    fn step(&mut self, day: u32) -> SimResult<()> {
        self.day = day;
        self.now = self.s.start_unix + u64::from(day) * DAY_SECS;
        self.sold = 0.0;
        self.market.step(&mut self.rngs.market);
        self.events();
        self.spend();
        self.keeper();
        while let Some(action) = self.agenda.next_due(day) {
            match action {
                Action::Claim(i) => self.claim(i, true),
                Action::WithdrawUnbonded(i) => self.withdraw_unbonded(i),
                Action::Leave(i) => self.leave(i),
                Action::Vote { agent, proposal } => self.vote(agent, proposal),
            }
        }
        for v in 0..self.p.vaults.len() {
            let (value, tvl) = self.vault_apr(v)?;
            let apr = if tvl > 0.0 { value / tvl } else { f64::NAN };
            let fired: Vec<usize> = self.apr_index[v].pop_above(apr).to_vec();
            for i in fired {
                self.leave(i);
            }
            let ratio = self.market.ratio(self.p.vaults[v].stake_token).unwrap_or(f64::NAN);
            let fired: Vec<usize> = self.price_index[v].pop_above(ratio).to_vec();
            for i in fired {
                self.leave(i);
            }
        }
        self.arbitrage();
        self.governance()
    }

    fn events(&mut self) {
        let exits: Vec<Address> = self
            .s
            .events
            .iter()
            .filter(|e| e.day == self.day && e.kind == EventKind::MemberExit)
            .filter_map(|e| e.member)
            .collect();
        for member in exits {
            let body = CommandBody::LeaveAlliance(LeaveAlliance { alliance: self.p.alliance.clone() });
            self.submit(member, body);
            for i in 0..self.agents.len() {
                let a = &self.agents[i];
                if a.kind == AgentKind::Community && a.member == Some(member) && a.active {
                    let spread = a.exit_over_days.max(1);
                    let offset = rand::RngExt::random_range(&mut self.rngs.behaviour, 0..spread);
                    self.agenda.at(self.day + offset, Action::Leave(i));
                }
            }
        }
    }

    /// Weekly treasury spending, paid by a council transaction.
    fn spend(&mut self) {
        let (Some(council), Some(token)) = (&self.p.council, self.p.spend_token) else { return };
        if !self.day.is_multiple_of(7) {
            return;
        }
        let price = self.market.price(token).unwrap_or(f64::NAN);
        let amount = base_units(self.s.treasury.spend_per_week / price, self.p.decimals[&token]);
        if amount.is_zero() {
            return;
        }
        let signers = council.signers.clone();
        let action = CouncilAction::TreasuryTransfer { token, to: self.p.payee, amount };
        let propose =
            CommandBody::CouncilPropose(CouncilPropose { alliance: self.p.alliance.clone(), action });
        let Some(events) = self.submit(signers[0], propose) else { return };
        let Some(nonce) = events.iter().find_map(|e| match e {
            Event::CouncilTxProposed(c) => Some(c.nonce),
            _ => None,
        }) else {
            return;
        };
        let tx = CouncilTxRef { alliance: self.p.alliance.clone(), nonce };
        for s in &signers[1..] {
            if self.submit(*s, CommandBody::CouncilApprove(tx.clone())).is_none() {
                return;
            }
        }
        self.submit(signers[0], CommandBody::CouncilExecute(tx));
    }

    /// Emits every due epoch (anyone may; the keeper asks the emission first).
    fn keeper(&mut self) {
        let Some(id) = &self.p.emission else { return };
        let Ok(view) = query::emission(self.engine.state(), id) else { return };
        if view.finished || view.emission.next_epoch > epoch_of(Timestamp(self.now)) {
            return;
        }
        let body = CommandBody::Emit(Emit { emission: id.clone() });
        self.submit(self.p.keeper, body);
    }

    /// A vault's reward value per year and its TVL, from the engine's streams
    /// (a stream counts while its period has not finished).
    pub(crate) fn vault_apr(&self, v: usize) -> SimResult<(f64, f64)> {
        let info = &self.p.vaults[v];
        let view = query::vault(self.engine.state(), &info.id, Some(Timestamp(self.now)))
            .map_err(|e| crate::SimError::Query { what: "vault", message: e.to_string() })?;
        let price = |t| self.market.price(t).unwrap_or(0.0);
        let tvl =
            whole(view.summary.total_staked.0, self.p.decimals[&info.stake_token]) * price(info.stake_token);
        let mut value = 0.0;
        for (token, stream) in &view.rewards {
            if stream.period_finish.0 > self.now {
                value += whole(stream.rate_per_sec, self.p.decimals[token]) * YEAR_SECS * price(*token);
            }
        }
        Ok((value, tvl))
    }

    fn metrics(&mut self, out: &mut Vec<f64>) -> SimResult<()> {
        let start = out.len();
        out.resize(start + self.p.columns.len(), f64::NAN);
        let row = &mut out[start..];
        let state = self.engine.state();
        let price = |t| self.market.price(t).unwrap_or(0.0);
        let (mut tvl, mut staked, mut stakers) = (0.0, 0.0, 0.0);
        for s in query::vaults(state).vaults {
            let d = self.p.decimals[&s.stake_token];
            staked += whole(s.total_staked.0, d);
            tvl += whole(s.total_staked.0, d) * price(s.stake_token);
            stakers += s.stakers as f64;
        }
        let mut reward_value = 0.0;
        for v in 0..self.p.vaults.len() {
            reward_value += self.vault_apr(v)?.0;
        }
        row[col::TVL] = tvl;
        row[col::APR] = if tvl > 0.0 { reward_value / tvl } else { f64::NAN };
        row[col::STAKED] = staked;
        row[col::STAKERS] = stakers;
        if self.initial_stakers > 0 {
            row[col::RETENTION] = self.still_staked as f64 / self.initial_stakers as f64;
        }
        if let Some(id) = &self.p.emission {
            let e = query::emission(state, id)
                .map_err(|e| crate::SimError::Query { what: "emission", message: e.to_string() })?;
            let minted = e.emission.minted.0;
            let emitted = whole(minted - self.last_minted, self.p.decimals[&e.emission.token]);
            self.last_minted = minted;
            row[col::EMITTED] = emitted;
            row[col::EMISSIONS_VALUE] = emitted * price(e.emission.token);
        }
        row[col::SELL] = self.sold;
        let treasury = query::balances(state, self.p.treasury, None);
        let mut value = 0.0;
        for (t, amount) in &treasury.balances {
            if let Some(pr) = self.market.price(*t) {
                value += whole(amount.0, self.p.decimals[t]) * pr;
            }
        }
        row[col::TREASURY] = value;
        if self.s.treasury.spend_per_week > 0.0 {
            row[col::RUNWAY] = value / (self.s.treasury.spend_per_week / 7.0);
        }
        self.gov.write(row);
        row[col::REJECTED] = self.rejected as f64;
        for (i, pr) in self.market.prices().iter().enumerate() {
            row[col::PRICES + i] = *pr;
        }
        Ok(())
    }
}
