//! Governance command handlers. Each validates everything, then writes.

use std::collections::BTreeSet;

use super::ballot::{MAX_CHOICES, MAX_RANKED_CHOICES, Tally, VotingType, Weight, parse_ballot};
use super::msg::{
    ApproveProposal, CastVote, CreateProposal, Delegate, DelegateOverridden, Delegated, ProposalChanged,
    ProposalCreated, ProposalSponsored, VoteCast,
};
use super::power::{Power, Weighting};
use super::proposal::{Action, Proposal, ProposalState, Status, VoteRecord};
use super::{Governance, GovernanceError, GovernanceResult};
use crate::alliance::{Alliance, DecisionModel, MemberStatus};
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Plan, VePower};
use crate::ledger::Ledger;
use crate::types::{Address, AllianceId, Timestamp};

/// Every alliance's governance, by alliance id.
pub type Governments = std::collections::BTreeMap<AllianceId, Governance>;

const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 20_000;
const MAX_REASON: usize = 1_000;
/// Latest a proposal's voting may start after its creation: 90 days.
const MAX_START_DELAY_SECS: u64 = 90 * 86_400;
/// The longest choice text (32 weights of 2^64 - 1 take about 900 bytes).
const MAX_CHOICE: usize = 4_096;
const MAX_VOTING_SECS: u64 = 366 * 86_400;

/// Where voting power comes from: token balances (with delegation) and the
/// vote-escrow. Governance reads it; only the ledger and escrow write it.
#[derive(Clone, Copy)]
pub struct PowerSources<'a> {
    /// Balances and token decimals.
    pub ledger: &'a Ledger,
    /// Vote-escrow power.
    pub ve: &'a dyn VePower,
}

impl PowerSources<'_> {
    /// The weighted tokens of an alliance, with their decimals.
    pub fn weighting(&self, alliance: &Alliance) -> Vec<Weighting> {
        alliance
            .spec
            .governance
            .weights
            .iter()
            .filter_map(|w| {
                let decimals = self.ledger.tokens.get(&w.token)?.token.decimals;
                Some(Weighting { token: w.token, decimals, weight: w.weight_bps })
            })
            .collect()
    }

    /// Vote-escrow power of `account` at `t` counted by an alliance:
    /// `weighted(ve_balance_at(t), decimals of the locked token, ve_weight_bps)`.
    pub fn ve_power(&self, alliance: &Alliance, account: Address, t: Timestamp) -> u128 {
        self.ve_counted(alliance, self.ve.ve_balance_at(account, t))
    }

    /// Total vote-escrow power at `t` counted by an alliance.
    pub fn ve_total(&self, alliance: &Alliance, t: Timestamp) -> u128 {
        self.ve_counted(alliance, self.ve.ve_total_at(t))
    }

    fn ve_counted(&self, alliance: &Alliance, raw: u128) -> u128 {
        let weight = alliance.spec.governance.ve_weight_bps;
        let Some(token) = self.ve.ve_token() else { return 0 };
        let Some(entry) = self.ledger.tokens.get(&token) else { return 0 };
        if weight.0 == 0 {
            return 0;
        }
        super::power::weighted(crate::types::Amount(raw), entry.token.decimals, weight)
    }

    /// Total power at a proposal's snapshot (the quorum's base).
    pub fn total_power(&self, alliance: &Alliance, p: &Proposal) -> u128 {
        match &p.electorate {
            Some(electorate) => electorate.len() as u128,
            None => Power::total_at(self.ledger, &self.weighting(alliance), p.start)
                .saturating_add(self.ve_total(alliance, p.start)),
        }
    }

    /// A proposal's state at `now`.
    pub fn proposal_state(&self, alliance: &Alliance, p: &Proposal, now: Timestamp) -> ProposalState {
        // Totals matter only once voting has closed; skip the lookup before.
        let total = if now > p.end { self.total_power(alliance, p) } else { 0 };
        p.state(now, total)
    }

    /// The power `voter` would vote with on `p` (see the module docs of `power`).
    pub fn vote_weight(&self, alliance: &Alliance, gov: &Governance, p: &Proposal, voter: Address) -> Weight {
        if let Some(electorate) = &p.electorate {
            return Weight { total: u128::from(electorate.contains(&voter)), per_token: vec![] };
        }
        let weights = self.weighting(alliance);
        let mut per_token = gov.power.votes_vec_at(&weights, voter, p.start);
        if let Some(removed) = p.overridden.get(&voter) {
            for (v, r) in per_token.iter_mut().zip(removed) {
                *v = v.saturating_sub(*r);
            }
        }
        if gov.power.delegate_at(voter, p.start) != voter {
            let own = Power::own_at(self.ledger, &weights, voter, p.start);
            for (v, o) in per_token.iter_mut().zip(own) {
                *v = v.saturating_add(o);
            }
        }
        // Ve power counts for its holder only (not delegable, as in Curve).
        let ve = self.ve_power(alliance, voter, p.start);
        Weight { total: per_token.iter().fold(ve, |a, b| a.saturating_add(*b)), per_token }
    }

    /// `account`'s current voting power in a token-weighted alliance: its
    /// delegated votes at `at` plus its own ve power.
    /// The sponsor gate's figures, shared by governance proposals and mission
    /// proposals: `account`'s voting power now (delegated votes and ve) and the
    /// alliance's total voting power, both at `at`.
    pub fn sponsor_power(
        &self,
        alliance: &Alliance,
        gov: &Governance,
        account: Address,
        at: Timestamp,
    ) -> (u128, u128) {
        let power = self.power_now(alliance, gov, account, at);
        let total = Power::total_at(self.ledger, &self.weighting(alliance), at)
            .saturating_add(self.ve_total(alliance, at));
        (power, total)
    }

    /// Voting power (delegated votes and ve) of `account` at `at`.
    pub fn power_now(&self, alliance: &Alliance, gov: &Governance, account: Address, at: Timestamp) -> u128 {
        gov.power
            .votes_vec_at(&self.weighting(alliance), account, at)
            .iter()
            .fold(self.ve_power(alliance, account, at), |a, b| a.saturating_add(*b))
    }
}

/// The sponsor gate's rule: `power / total > min_bps / 10000`, compared on 256 bits.
pub fn exceeds_share(power: u128, total: u128, min_bps: u16) -> bool {
    alloy_primitives::U256::from(power) * alloy_primitives::U256::from(10_000u32)
        > alloy_primitives::U256::from(total) * alloy_primitives::U256::from(min_bps)
}

/// Moves voting power after the balance changes of the command just applied.
pub(crate) fn follow_balances(govs: &mut Governments, k: &mut Kernel<'_>, at: Timestamp) {
    let changes = k.take_changes();
    if changes.is_empty() {
        return;
    }
    for (id, gov) in govs.iter_mut() {
        let Some(alliance) = k.alliances().get(id) else { continue };
        if alliance.spec.governance.weights.is_empty() {
            continue;
        }
        for change in &changes {
            let Some(weight) = alliance.spec.governance.weight(change.token) else { continue };
            let Some(entry) = k.ledger().tokens.get(&change.token) else { continue };
            let w = Weighting { token: change.token, decimals: entry.token.decimals, weight };
            gov.power.on_balance_change(&w, change, at);
        }
    }
    k.return_changes(changes);
}

fn alliance_parts<'s>(
    k: &'s Kernel<'_>,
    govs: &'s Governments,
    id: &AllianceId,
) -> GovernanceResult<(&'s Alliance, &'s Governance)> {
    let unknown = || GovernanceError::UnknownAlliance { alliance: id.clone() };
    Ok((k.alliances().get(id).ok_or_else(unknown)?, govs.get(id).ok_or_else(unknown)?))
}

fn proposal<'g>(gov: &'g Governance, alliance: &AllianceId, id: u64) -> GovernanceResult<&'g Proposal> {
    gov.proposals.get(&id).ok_or(GovernanceError::UnknownProposal { alliance: alliance.clone(), id })
}

/// A proposal already looked up by the caller, for writing.
fn proposal_mut<'s>(govs: &'s mut Governments, alliance: &AllianceId, id: u64) -> &'s mut Proposal {
    govs.get_mut(alliance)
        .and_then(|g| g.proposals.get_mut(&id))
        .expect("the caller checked that the proposal exists")
}

fn not_paused(gov: &Governance, alliance: &AllianceId) -> GovernanceResult<()> {
    if gov.paused { Err(GovernanceError::Paused { alliance: alliance.clone() }) } else { Ok(()) }
}

fn electorate(alliance: &Alliance, gov: &Governance) -> Option<BTreeSet<Address>> {
    match alliance.spec.decision_model {
        DecisionModel::TokenWeighted => None,
        DecisionModel::Leader => Some(BTreeSet::from([alliance.spec.leader])),
        DecisionModel::Members => Some(
            alliance
                .spec
                .members
                .iter()
                .filter(|m| m.status == MemberStatus::Member)
                .map(|m| m.account)
                .collect(),
        ),
        DecisionModel::Council => Some(gov.council.as_ref().map(|c| c.signers.clone()).unwrap_or_default()),
    }
}

/// `delegate`.
pub(crate) fn delegate(
    govs: &mut Governments,
    k: &mut Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &Delegate,
) -> EngineResult<Vec<Event>> {
    let src = PowerSources { ledger: k.ledger(), ve };
    let (alliance, gov) = alliance_parts(k, govs, &cmd.alliance)?;
    if alliance.spec.decision_model != DecisionModel::TokenWeighted {
        return Err(GovernanceError::NotTokenWeighted {
            alliance: cmd.alliance.clone(),
            model: alliance.spec.decision_model.name(),
        }
        .into());
    }
    let to = cmd.to.unwrap_or(actor);
    if to.is_zero() {
        return Err(invalid("body.to", "must not be the zero address").into());
    }
    let from = gov.power.delegate(actor);
    if from == to {
        return Err(GovernanceError::SameDelegate { delegator: actor, to }.into());
    }
    let weights = src.weighting(alliance);
    let gov = govs.get_mut(&cmd.alliance).expect("checked above");
    gov.power.delegate_to(k.ledger(), &weights, actor, to, at);
    Ok(vec![Event::Delegated(Delegated { alliance: cmd.alliance.clone(), delegator: actor, from, to })])
}

pub(super) fn invalid(field: impl Into<String>, rule: impl Into<String>) -> GovernanceError {
    GovernanceError::Invalid { field: field.into(), rule: rule.into() }
}

/// `create-proposal`.
pub(crate) fn create(
    govs: &mut Governments,
    k: &mut Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &CreateProposal,
) -> EngineResult<Vec<Event>> {
    Ok(vec![create_proposal(govs, k, ve, actor, at, cmd)?])
}

fn create_proposal(
    govs: &mut Governments,
    k: &Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &CreateProposal,
) -> GovernanceResult<Event> {
    let src = PowerSources { ledger: k.ledger(), ve };
    let (alliance, gov) = alliance_parts(k, govs, &cmd.alliance)?;
    not_paused(gov, &cmd.alliance)?;
    let rules = alliance.spec.governance.rules(cmd.scope);
    if !rules.enabled {
        return Err(GovernanceError::ScopeDisabled { scope: cmd.scope });
    }
    if let Some(roadmap) = &alliance.spec.roadmap {
        let phase = alliance.progress.phase;
        if !roadmap.unlocked(phase as usize).contains(&cmd.scope) {
            return Err(GovernanceError::ScopeLocked {
                scope: cmd.scope,
                phase,
                phase_name: roadmap.phases.get(phase as usize).map(|p| p.name.clone()).unwrap_or_default(),
                opens_in: roadmap.unlocked_by(cmd.scope).and_then(|p| u32::try_from(p).ok()),
            });
        }
    }
    if cmd.title.trim().is_empty() || cmd.title.len() > MAX_TITLE {
        return Err(invalid(
            "body.title",
            format!("must be 1 to {MAX_TITLE} bytes, got {}", cmd.title.len()),
        ));
    }
    if cmd.body.len() > MAX_BODY {
        return Err(invalid(
            "body.body",
            format!("must be at most {MAX_BODY} bytes, got {}", cmd.body.len()),
        ));
    }
    let choices = match cmd.voting {
        VotingType::Basic if cmd.choices.is_empty() => vec!["for".into(), "against".into(), "abstain".into()],
        VotingType::Basic => {
            return Err(invalid("body.choices", "basic voting has the fixed choices for, against, abstain"));
        }
        _ => {
            let max = if cmd.voting == VotingType::RankedChoice { MAX_RANKED_CHOICES } else { MAX_CHOICES };
            if cmd.choices.len() < 2 || cmd.choices.len() > max {
                return Err(invalid(
                    "body.choices",
                    format!("must offer 2 to {max} choices, got {}", cmd.choices.len()),
                ));
            }
            if let Some(i) = cmd.choices.iter().position(|c| c.trim().is_empty() || c.len() > 200) {
                return Err(invalid(format!("body.choices[{i}]"), "must be 1 to 200 bytes"));
            }
            cmd.choices.clone()
        }
    };
    if cmd.start < at {
        return Err(invalid("body.start", format!("must not be in the past (now {at}), got {}", cmd.start)));
    }
    if cmd.start.0 - at.0 > MAX_START_DELAY_SECS {
        return Err(invalid(
            "body.start",
            format!("must be within {MAX_START_DELAY_SECS} seconds (90 days) of now {at}, got {}", cmd.start),
        ));
    }
    if cmd.end <= cmd.start || cmd.end.0 - cmd.start.0 > MAX_VOTING_SECS {
        return Err(invalid(
            "body.end",
            format!("must be after start and within {MAX_VOTING_SECS} seconds of it"),
        ));
    }
    if let Some(p) = &cmd.proposing_alliance
        && !k.alliances().contains_key(p)
    {
        return Err(invalid("body.proposing_alliance", format!("unknown alliance `{p}`")));
    }
    super::actions::check_actions(k.ledger(), alliance, gov, cmd)?;
    let electorate = electorate(alliance, gov);
    match &electorate {
        Some(set) if !set.contains(&actor) => {
            return Err(GovernanceError::NotInElectorate {
                actor,
                alliance: cmd.alliance.clone(),
                model: alliance.spec.decision_model.name(),
            });
        }
        Some(_) => {}
        None => {
            let power = src.power_now(alliance, gov, actor, at);
            if power < rules.proposal_threshold.0 {
                return Err(GovernanceError::BelowProposalThreshold {
                    proposer: actor,
                    scope: cmd.scope,
                    power,
                    needed: rules.proposal_threshold.0,
                });
            }
        }
    }
    let tokens = if electorate.is_none() { alliance.spec.governance.weights.len() } else { 0 };
    let spec = &alliance.spec;
    let proposal = Proposal {
        id: gov.next_id,
        proposer: actor,
        scope: cmd.scope,
        title: cmd.title.clone(),
        body: cmd.body.clone(),
        actions: cmd.actions.clone(),
        voting: cmd.voting,
        tally: Tally::new(choices.len(), tokens),
        choices,
        start: cmd.start,
        end: cmd.end,
        created_at: at,
        proposing_alliance: cmd.proposing_alliance.clone(),
        rules,
        model: spec.decision_model,
        revote: spec.governance.revote,
        dual_majority: spec.governance.dual_majority,
        grace_period_secs: spec.governance.grace_period_secs,
        electorate,
        sponsors: BTreeSet::new(),
        votes: Default::default(),
        overridden: Default::default(),
        status: Status::Open,
    };
    let event = ProposalCreated {
        alliance: cmd.alliance.clone(),
        id: proposal.id,
        proposer: actor,
        scope: cmd.scope,
        start: cmd.start,
        end: cmd.end,
    };
    let gov = govs.get_mut(&cmd.alliance).expect("checked above");
    gov.next_id += 1;
    gov.proposals.insert(proposal.id, proposal);
    Ok(Event::ProposalCreated(event))
}

/// `approve-proposal`: a sponsor approval.
pub(crate) fn approve(
    govs: &mut Governments,
    k: &mut Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &ApproveProposal,
) -> EngineResult<Vec<Event>> {
    Ok(vec![approve_proposal(govs, k, ve, actor, at, cmd)?])
}

fn approve_proposal(
    govs: &mut Governments,
    k: &Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &ApproveProposal,
) -> GovernanceResult<Event> {
    let src = PowerSources { ledger: k.ledger(), ve };
    let (alliance, gov) = alliance_parts(k, govs, &cmd.alliance)?;
    not_paused(gov, &cmd.alliance)?;
    let p = proposal(gov, &cmd.alliance, cmd.proposal)?;
    let id = p.id;
    if p.rules.sponsor_approvals == 0 {
        return Err(GovernanceError::NoSponsorNeeded { id, rule: "has no sponsor gate" });
    }
    if p.sponsored() {
        return Err(GovernanceError::NoSponsorNeeded { id, rule: "already has all the sponsors it needs" });
    }
    let s = src.proposal_state(alliance, p, at);
    if s != ProposalState::Pending {
        return Err(GovernanceError::WrongState {
            id,
            state: s,
            rule: "sponsors approve before voting closes",
        });
    }
    if p.sponsors.contains(&actor) {
        return Err(GovernanceError::AlreadyApproved { id, sponsor: actor });
    }
    let not_eligible = |rule: String| GovernanceError::SponsorNotEligible { id, sponsor: actor, rule };
    if actor == p.proposer {
        return Err(not_eligible("the proposer cannot sponsor their own proposal".into()));
    }
    if let Some(proposing) = &p.proposing_alliance
        && k.alliances()[proposing].spec.member(actor).is_some_and(|m| m.status != MemberStatus::Exited)
    {
        return Err(not_eligible(format!("members of the proposing alliance `{proposing}` cannot sponsor")));
    }
    // One member, one vote models: a sponsor's power is its vote (1) out of
    // the proposal's electorate.
    let (power, total) = match &p.electorate {
        Some(electorate) => (u128::from(electorate.contains(&actor)), electorate.len() as u128),
        None => src.sponsor_power(alliance, gov, actor, at),
    };
    let min_bps = p.rules.sponsor_min_power_bps.0;
    if !exceeds_share(power, total, min_bps) {
        return Err(not_eligible(format!(
            "holds {power} of {total} voting power; sponsors need more than {min_bps} bps"
        )));
    }
    let needed = p.rules.sponsor_approvals;
    let p = proposal_mut(govs, &cmd.alliance, id);
    p.sponsors.insert(actor);
    Ok(Event::ProposalSponsored(ProposalSponsored {
        alliance: cmd.alliance.clone(),
        id,
        sponsor: actor,
        approvals: p.sponsors.len(),
        needed,
    }))
}

/// `cast-vote`.
pub(crate) fn vote(
    govs: &mut Governments,
    k: &mut Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &CastVote,
) -> EngineResult<Vec<Event>> {
    Ok(cast_vote(govs, k, ve, actor, at, cmd)?)
}

fn cast_vote(
    govs: &mut Governments,
    k: &Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &CastVote,
) -> GovernanceResult<Vec<Event>> {
    let src = PowerSources { ledger: k.ledger(), ve };
    let (alliance, gov) = alliance_parts(k, govs, &cmd.alliance)?;
    not_paused(gov, &cmd.alliance)?;
    let p = proposal(gov, &cmd.alliance, cmd.proposal)?;
    let id = p.id;
    let s = src.proposal_state(alliance, p, at);
    if s == ProposalState::Pending && at > p.start && !p.sponsored() {
        return Err(GovernanceError::SponsorGateNotMet {
            id,
            have: p.sponsors.len(),
            need: p.rules.sponsor_approvals,
        });
    }
    if s != ProposalState::Active {
        return Err(GovernanceError::WrongState {
            id,
            state: s,
            rule: "votes are accepted while it is active",
        });
    }
    if cmd.reason.len() > MAX_REASON {
        return Err(GovernanceError::ReasonTooLong { max: MAX_REASON, got: cmd.reason.len() });
    }
    if cmd.choice.len() > MAX_CHOICE {
        return Err(GovernanceError::BadChoice {
            rule: format!("must be at most {MAX_CHOICE} bytes, got {}", cmd.choice.len()),
        });
    }
    let ballot = parse_ballot(p.voting, p.choices.len(), &cmd.choice)
        .map_err(|rule| GovernanceError::BadChoice { rule })?;
    let replaced = p.votes.contains_key(&actor);
    if replaced && p.revote == super::RevotePolicy::Final {
        return Err(GovernanceError::AlreadyVoted { id, voter: actor });
    }
    if p.electorate.as_ref().is_some_and(|e| !e.contains(&actor)) {
        return Err(GovernanceError::NotInElectorate {
            actor,
            alliance: cmd.alliance.clone(),
            model: p.model.name(),
        });
    }
    let weight = src.vote_weight(alliance, gov, p, actor);
    if weight.total == 0 {
        return Err(GovernanceError::ZeroPower { id, voter: actor, snapshot: p.start });
    }
    // A delegator voting directly for the first time takes its own power
    // back from its delegate on this proposal.
    let takeback = if p.electorate.is_none() && !replaced {
        let delegate = gov.power.delegate_at(actor, p.start);
        (delegate != actor)
            .then(|| (delegate, Power::own_at(k.ledger(), &src.weighting(alliance), actor, p.start)))
    } else {
        None
    };
    // Every running sum of the tally is at most its participation: refuse a
    // vote that would take participation past u128::MAX rather than panic.
    let mut base = p.tally.participation;
    if let Some(old) = p.votes.get(&actor) {
        base -= old.weight.total;
    }
    if let Some((delegate, own)) = &takeback
        && let Some(record) = p.votes.get(delegate)
    {
        let removed = own.iter().fold(0u128, |a, b| a.saturating_add(*b));
        base -= record.weight.total - record.weight.total.saturating_sub(removed);
    }
    if base.checked_add(weight.total).is_none() {
        return Err(invalid("actor", "the tally cannot count this much power"));
    }

    let p = proposal_mut(govs, &cmd.alliance, id);
    let mut events = Vec::new();
    if let Some((delegate, own)) = takeback {
        let removed = own.iter().fold(0u128, |a, b| a.saturating_add(*b));
        let slot = p.overridden.entry(delegate).or_insert_with(|| vec![0; own.len()]);
        for (s, o) in slot.iter_mut().zip(&own) {
            *s = s.saturating_add(*o);
        }
        if let Some(record) = p.votes.get_mut(&delegate) {
            p.tally.remove(&record.ballot, &record.weight);
            for (w, o) in record.weight.per_token.iter_mut().zip(&own) {
                *w = w.saturating_sub(*o);
            }
            record.weight.total = record.weight.total.saturating_sub(removed);
            p.tally.add(&record.ballot, &record.weight);
        }
        if removed > 0 {
            events.push(Event::DelegateOverridden(DelegateOverridden {
                alliance: cmd.alliance.clone(),
                id,
                delegate,
                delegator: actor,
                power: removed,
            }));
        }
    }
    if let Some(old) = p.votes.get(&actor) {
        p.tally.remove(&old.ballot, &old.weight);
    }
    p.tally.add(&ballot, &weight);
    let counted = weight.total;
    p.votes.insert(
        actor,
        VoteRecord { choice: cmd.choice.clone(), ballot, weight, reason: cmd.reason.clone(), at },
    );
    events.push(Event::VoteCast(VoteCast {
        alliance: cmd.alliance.clone(),
        id,
        voter: actor,
        choice: cmd.choice.clone(),
        weight: counted,
        reason: cmd.reason.clone(),
        replaced,
    }));
    Ok(events)
}

/// `queue-proposal`: start the timelock of a succeeded proposal.
pub(crate) fn queue(
    govs: &mut Governments,
    k: &mut Kernel<'_>,
    ve: &dyn VePower,
    at: Timestamp,
    cmd: &super::msg::ProposalRef,
) -> EngineResult<Vec<Event>> {
    let src = PowerSources { ledger: k.ledger(), ve };
    let (alliance, gov) = alliance_parts(k, govs, &cmd.alliance)?;
    not_paused(gov, &cmd.alliance)?;
    let p = proposal(gov, &cmd.alliance, cmd.proposal)?;
    let s = src.proposal_state(alliance, p, at);
    if s != ProposalState::Succeeded {
        return Err(GovernanceError::WrongState {
            id: p.id,
            state: s,
            rule: "only a succeeded proposal can be queued",
        }
        .into());
    }
    let eta = Timestamp(at.0.saturating_add(p.rules.timelock_secs));
    let id = p.id;
    proposal_mut(govs, &cmd.alliance, id).status = Status::Queued { eta };
    Ok(vec![Event::ProposalQueued(ProposalChanged { alliance: cmd.alliance.clone(), id, eta: Some(eta) })])
}

/// `execute-proposal`: apply every action atomically once the timelock has passed.
///
/// All or nothing: alliance changes run on a copy of the alliance and the
/// treasury payments are checked together as one plan; nothing is written
/// unless every action succeeds.
pub(crate) fn execute(
    govs: &mut Governments,
    k: &mut Kernel<'_>,
    ve: &dyn VePower,
    at: Timestamp,
    cmd: &super::msg::ProposalRef,
) -> EngineResult<Vec<Event>> {
    let src = PowerSources { ledger: k.ledger(), ve };
    let (alliance, gov) = alliance_parts(k, govs, &cmd.alliance)?;
    not_paused(gov, &cmd.alliance)?;
    let p = proposal(gov, &cmd.alliance, cmd.proposal)?;
    let id = p.id;
    let s = src.proposal_state(alliance, p, at);
    if s != ProposalState::Queued {
        return Err(GovernanceError::WrongState {
            id,
            state: s,
            rule: "only a queued proposal can be executed",
        }
        .into());
    }
    if let Status::Queued { eta } = p.status
        && at < eta
    {
        return Err(GovernanceError::TimelockNotElapsed { id, eta }.into());
    }
    let mut next = alliance.clone();
    let mut plan = Plan::default();
    // Each action's event; `None` marks a treasury payment, whose journal
    // event comes from the committed plan.
    let mut events: Vec<Option<Event>> = Vec::with_capacity(p.actions.len());
    for (index, action) in p.actions.iter().enumerate() {
        let failed = |reason: String| GovernanceError::ActionFailed { id, index, reason };
        match action {
            Action::TreasuryTransfer { token, to, amount } => {
                plan.transfer(*token, next.treasury, *to, *amount);
                // The payments so far, checked together: the first that cannot be paid fails.
                k.check(&plan, at).map_err(|e| failed(e.to_string()))?;
                events.push(None);
            }
            // Applied by the mission mechanism after this commits (checked before, by the router).
            Action::ClawbackGrant { .. } => {}
            other => events.push(Some(
                super::actions::apply_action(&mut next, &cmd.alliance, other, at).map_err(failed)?,
            )),
        }
    }
    let mut paid = k.commit(plan, at).into_iter();
    let mut events: Vec<Event> = events
        .into_iter()
        .map(|e| e.unwrap_or_else(|| paid.next().expect("one event per payment")))
        .collect();
    *k.alliance_mut(&cmd.alliance).expect("checked above") = next;
    proposal_mut(govs, &cmd.alliance, id).status = Status::Executed { at };
    events.push(Event::ProposalExecuted(ProposalChanged { alliance: cmd.alliance.clone(), id, eta: None }));
    Ok(events)
}

/// `cancel-proposal`: the proposer, while it is pending.
pub(crate) fn cancel(
    govs: &mut Governments,
    k: &mut Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &super::msg::ProposalRef,
) -> EngineResult<Vec<Event>> {
    let src = PowerSources { ledger: k.ledger(), ve };
    let (alliance, gov) = alliance_parts(k, govs, &cmd.alliance)?;
    let p = proposal(gov, &cmd.alliance, cmd.proposal)?;
    if p.proposer != actor {
        return Err(GovernanceError::NotProposer { id: p.id, proposer: p.proposer }.into());
    }
    let s = src.proposal_state(alliance, p, at);
    if s != ProposalState::Pending {
        return Err(GovernanceError::WrongState {
            id: p.id,
            state: s,
            rule: "the proposer may cancel only while it is pending",
        }
        .into());
    }
    let id = p.id;
    proposal_mut(govs, &cmd.alliance, id).status = Status::Canceled { at, by: actor, emergency: false };
    Ok(vec![Event::ProposalCanceled(ProposalChanged { alliance: cmd.alliance.clone(), id, eta: None })])
}

/// A leaving member's delegation is withdrawn at once (a governance
/// syndicate's exit): its own power returns to itself.
pub(crate) fn withdraw_delegation(
    govs: &mut Governments,
    k: &Kernel<'_>,
    ve: &dyn VePower,
    alliance: &AllianceId,
    account: Address,
    at: Timestamp,
) -> Option<Event> {
    let a = k.alliances().get(alliance)?;
    let gov = govs.get_mut(alliance)?;
    let from = gov.power.delegate(account);
    if a.spec.decision_model != DecisionModel::TokenWeighted || from == account {
        return None;
    }
    let weights = PowerSources { ledger: k.ledger(), ve }.weighting(a);
    gov.power.delegate_to(k.ledger(), &weights, account, account, at);
    Some(Event::Delegated(Delegated { alliance: alliance.clone(), delegator: account, from, to: account }))
}

/// The admissions of vetted candidates a proposal asks for (action index,
/// candidate id), for the router to check against partner vetting.
pub fn admission_candidates(actions: &[Action]) -> Vec<(usize, String)> {
    actions
        .iter()
        .enumerate()
        .filter_map(|(i, a)| match a {
            Action::AdmitMember { candidate: Some(c), .. } => Some((i, c.clone())),
            _ => None,
        })
        .collect()
}

/// The actions of a stored proposal (empty when it does not exist).
pub fn proposal_actions<'g>(govs: &'g Governments, cmd: &super::msg::ProposalRef) -> &'g [Action] {
    govs.get(&cmd.alliance).and_then(|g| g.proposals.get(&cmd.proposal)).map_or(&[], |p| p.actions.as_slice())
}

/// The clawbacks a proposal will run when executed (mission, milestone,
/// reason, dispute), for the router to check before and apply after.
pub fn clawback_actions(
    govs: &Governments,
    cmd: &super::msg::ProposalRef,
) -> Vec<(u64, usize, String, Option<u64>)> {
    let Some(p) = govs.get(&cmd.alliance).and_then(|g| g.proposals.get(&cmd.proposal)) else {
        return Vec::new();
    };
    p.actions
        .iter()
        .filter_map(|a| match a {
            Action::ClawbackGrant { mission, milestone, reason, dispute } => {
                Some((*mission, *milestone, reason.clone(), *dispute))
            }
            _ => None,
        })
        .collect()
}

/// Gives a new alliance's governance the voting power of balances that
/// existed before it: every current holder of a weighted token starts with
/// its balance (self-delegated), as if it had arrived at `at`.
pub(crate) fn seed_power(gov: &mut Governance, k: &Kernel<'_>, alliance: &AllianceId, at: Timestamp) {
    let Some(a) = k.alliances().get(alliance) else { return };
    let ledger = k.ledger();
    for w in &a.spec.governance.weights {
        let Some(entry) = ledger.tokens.get(&w.token) else { continue };
        let weighting = Weighting { token: w.token, decimals: entry.token.decimals, weight: w.weight_bps };
        for account in ledger.balances.keys() {
            let balance = ledger.balance(*account, w.token);
            if balance.is_zero() {
                continue;
            }
            let change = crate::ledger::BalanceChange {
                account: *account,
                token: w.token,
                before: crate::types::Amount::ZERO,
                after: balance,
            };
            gov.power.on_balance_change(&weighting, &change, at);
        }
    }
}
