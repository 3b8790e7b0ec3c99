//! Simulated governance: the leader opens a signalling proposal every
//! `every_days`; voters decide whether and when to vote; when a proposal
//! closes its participation and the concentration of the power that voted
//! (Gini, Nakamoto, the sybil cluster's share) are read from the engine's
//! proposal and votes queries.

use concord_core::command::{CommandBody, Event};
use concord_core::governance::{CreateProposal, Scope, VotingType};
use concord_core::query;
use concord_core::types::{Address, Timestamp};
use rand::RngExt;

use super::run::Run;
use super::setup::DAY_SECS;
use crate::agenda::Action;
use crate::metrics::{col, gini, nakamoto};
use crate::scenario::AgentKind;
use crate::{SimError, SimResult};

/// Proposals in flight and the figures of the last one closed.
#[derive(Clone, Debug, Default)]
pub(crate) struct GovState {
    /// `(proposal id, last voting day)`.
    open: Vec<(u64, u32)>,
    last: Option<[f64; 4]>,
    opened: u64,
}

impl GovState {
    /// Writes the last closed proposal's figures (NaN before the first closes).
    pub(crate) fn write(&self, row: &mut [f64]) {
        if let Some([p, g, n, s]) = self.last {
            row[col::PARTICIPATION] = p;
            row[col::GINI] = g;
            row[col::NAKAMOTO] = n;
            row[col::SYBIL_SHARE] = s;
        }
    }
}

impl Run<'_> {
    pub(crate) fn governance(&mut self) -> SimResult<()> {
        let Some(plan) = self.s.governance.clone() else { return Ok(()) };
        let closing: Vec<u64> =
            self.gov.open.iter().filter(|(_, last)| *last < self.day).map(|(id, _)| *id).collect();
        self.gov.open.retain(|(_, last)| *last >= self.day);
        for id in closing {
            self.close(id)?;
        }
        if self.day < plan.first_day || !(self.day - plan.first_day).is_multiple_of(plan.every_days) {
            return Ok(());
        }
        self.gov.opened += 1;
        let body = CommandBody::CreateProposal(Box::new(CreateProposal {
            alliance: self.p.alliance.clone(),
            scope: Scope::TreasuryAllocation,
            title: format!("Simulated proposal {}", self.gov.opened),
            body: String::new(),
            actions: Vec::new(),
            voting: VotingType::Basic,
            choices: Vec::new(),
            start: Timestamp(self.now),
            end: Timestamp(self.now + u64::from(plan.voting_days) * DAY_SECS),
            proposing_alliance: None,
        }));
        let Some(events) = self.submit(self.p.leader, body) else { return Ok(()) };
        let Some(id) = events.iter().find_map(|e| match e {
            Event::ProposalCreated(c) => Some(c.id),
            _ => None,
        }) else {
            return Ok(());
        };
        self.gov.open.push((id, self.day + plan.voting_days));
        // Each voter decides once per proposal; sybils always vote on the first day.
        for i in 0..self.agents.len() {
            let a = &self.agents[i];
            match a.kind {
                AgentKind::Sybil => self.agenda.at(self.day + 1, Action::Vote { agent: i, proposal: id }),
                AgentKind::Voter => {
                    let p = a.participation;
                    if self.rngs.behaviour.random_bool(p) {
                        let offset = self.rngs.behaviour.random_range(1..=plan.voting_days);
                        self.agenda.at(self.day + offset, Action::Vote { agent: i, proposal: id });
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn close(&mut self, id: u64) -> SimResult<()> {
        let q =
            |e: concord_core::query::QueryError| SimError::Query { what: "proposal", message: e.to_string() };
        let state = self.engine.state();
        let view = query::proposal(state, &self.p.alliance, id, Some(Timestamp(self.now))).map_err(q)?;
        let participation = view.summary.tally.participation.0;
        let total = view.total_power.0;
        let mut weights = Vec::new();
        let mut sybil = 0u128;
        let mut after: Option<Address> = None;
        loop {
            let page = query::votes(state, &self.p.alliance, id, after, Some(1000)).map_err(q)?;
            for v in &page.votes {
                weights.push(v.weight.0);
                if self.sybils.contains(&v.voter) {
                    sybil += v.weight.0;
                }
            }
            match page.next_after {
                Some(a) => after = Some(a),
                None => break,
            }
        }
        let ratio = |a: u128, b: u128| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
        self.gov.last = Some([
            ratio(participation, total),
            gini(&weights).unwrap_or(f64::NAN),
            nakamoto(&weights).map_or(f64::NAN, |n| n as f64),
            ratio(sybil, participation),
        ]);
        Ok(())
    }
}
