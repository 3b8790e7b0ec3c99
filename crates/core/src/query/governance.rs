//! Governance reads: proposals with live tallies and final results (instant
//! runoff for ranked-choice, quadratic scores), votes, power, the council.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{QueryError, QueryResult, at_or_clock};
use crate::alliance::{Alliance, DecisionModel};
use crate::engine::State;
use crate::governance::council::Council;
use crate::governance::{
    Action, Governance, Outcome, Proposal, ProposalState, RevotePolicy, Scope, ScopeRules, Status, VotingType,
};
use crate::types::{Address, AllianceId, Amount, Timestamp, TokenId};

/// Most votes in one page.
pub const MAX_VOTES_PAGE: u32 = 1000;

fn parts<'s>(state: &'s State, id: &AllianceId) -> QueryResult<(&'s Alliance, &'s Governance)> {
    let missing = || QueryError::unknown("alliance", "alliance", id);
    Ok((state.alliances.get(id).ok_or_else(missing)?, state.governance.get(id).ok_or_else(missing)?))
}

fn find(gov: &Governance, id: u64) -> QueryResult<&Proposal> {
    gov.proposals.get(&id).ok_or_else(|| QueryError::unknown("proposal", "proposal", &id))
}

fn amounts(values: &[u128]) -> Vec<Amount> {
    values.iter().map(|v| Amount(*v)).collect()
}

/// A running tally's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TallyView {
    /// Scores per choice as the voting type counts them: the instant-runoff
    /// final round for ranked-choice, quadratic scores for quadratic, the
    /// power per choice otherwise.
    pub scores: Vec<Amount>,
    /// Total power of counted votes.
    pub participation: Amount,
    /// Number of counted votes.
    pub voters: u64,
}

/// A proposal with its state, live tally and (once closed) outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalSummary {
    /// Its id.
    pub id: u64,
    /// Title.
    pub title: String,
    /// Scope.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub scope: Scope,
    /// Proposer.
    pub proposer: Address,
    /// Voting type.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub voting: VotingType,
    /// Choices.
    pub choices: Vec<String>,
    /// Snapshot and voting start.
    pub start: Timestamp,
    /// Voting end.
    pub end: Timestamp,
    /// State at the time asked for.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub state: ProposalState,
    /// Stored lifecycle status.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub status: Status,
    /// Sponsor approvals so far.
    pub sponsors: usize,
    /// Sponsor approvals needed.
    pub sponsors_needed: u8,
    /// The tally.
    pub tally: TallyView,
    /// The verdict, once voting has closed: quorum, approval, final scores.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub outcome: Option<Outcome>,
}

fn summary(state: &State, alliance: &Alliance, p: &Proposal, now: Timestamp) -> ProposalSummary {
    let sources = state.power_sources();
    ProposalSummary {
        id: p.id,
        title: p.title.clone(),
        scope: p.scope,
        proposer: p.proposer,
        voting: p.voting,
        choices: p.choices.clone(),
        start: p.start,
        end: p.end,
        state: sources.proposal_state(alliance, p, now),
        status: p.status.clone(),
        sponsors: p.sponsors.len(),
        sponsors_needed: p.rules.sponsor_approvals,
        tally: TallyView {
            scores: amounts(&p.tally.results(p.voting)),
            participation: Amount(p.tally.participation),
            voters: p.tally.voters,
        },
        outcome: (now > p.end).then(|| p.outcome(sources.total_power(alliance, p))),
    }
}

/// An alliance's proposals, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalsView {
    /// The alliance.
    pub alliance: AllianceId,
    /// The time the states are for.
    pub now: Timestamp,
    /// Whether the council paused governance.
    pub paused: bool,
    /// Newest first.
    pub proposals: Vec<ProposalSummary>,
}

/// Proposals of an alliance as of `at` (default: the clock).
pub fn proposals(state: &State, id: &AllianceId, at: Option<Timestamp>) -> QueryResult<ProposalsView> {
    let now = at_or_clock(state, at);
    let (alliance, gov) = parts(state, id)?;
    Ok(ProposalsView {
        alliance: id.clone(),
        now,
        paused: gov.paused,
        proposals: gov.proposals.values().rev().map(|p| summary(state, alliance, p, now)).collect(),
    })
}

/// One proposal in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalView {
    /// State, tally and outcome.
    #[serde(flatten)]
    pub summary: ProposalSummary,
    /// The text.
    pub body: String,
    /// What it does if executed.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub actions: Vec<Action>,
    /// The scope's rules, fixed at creation.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub rules: ScopeRules,
    /// The decision model at creation.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub model: DecisionModel,
    /// Revote policy.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub revote: RevotePolicy,
    /// Whether each community must approve too.
    pub dual_majority: bool,
    /// Basic votes per weighted token: `[for, against, abstain]`.
    pub communities: Vec<[Amount; 3]>,
    /// Total power at the snapshot (the quorum's base).
    pub total_power: Amount,
}

/// One proposal as of `at` (default: the clock).
pub fn proposal(
    state: &State,
    id: &AllianceId,
    pid: u64,
    at: Option<Timestamp>,
) -> QueryResult<ProposalView> {
    let now = at_or_clock(state, at);
    let (alliance, gov) = parts(state, id)?;
    let p = find(gov, pid)?;
    Ok(ProposalView {
        summary: summary(state, alliance, p, now),
        body: p.body.clone(),
        actions: p.actions.clone(),
        rules: p.rules.clone(),
        model: p.model,
        revote: p.revote,
        dual_majority: p.dual_majority,
        communities: p.tally.communities.iter().map(|c| c.map(Amount)).collect(),
        total_power: Amount(state.power_sources().total_power(alliance, p)),
    })
}

/// One vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteView {
    /// The voter.
    pub voter: Address,
    /// The choice as signed.
    pub choice: String,
    /// The power counted.
    pub weight: Amount,
    /// The reason.
    pub reason: String,
    /// When.
    pub at: Timestamp,
}

/// A page of votes, by voter address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VotesView {
    /// The page.
    pub votes: Vec<VoteView>,
    /// Pass as `after` for the next page (`null`: last page).
    pub next_after: Option<Address>,
    /// Votes in all.
    pub total: usize,
}

/// Votes on a proposal after voter `after`, at most `limit` (1 to 1000, default 100).
pub fn votes(
    state: &State,
    id: &AllianceId,
    pid: u64,
    after: Option<Address>,
    limit: Option<u32>,
) -> QueryResult<VotesView> {
    let limit = limit.unwrap_or(100);
    if !(1..=MAX_VOTES_PAGE).contains(&limit) {
        return Err(QueryError::Invalid {
            field: "limit",
            rule: format!("must be between 1 and {MAX_VOTES_PAGE}, got {limit}"),
        });
    }
    let (_, gov) = parts(state, id)?;
    let p = find(gov, pid)?;
    let range = match after {
        Some(a) => p.votes.range((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)),
        None => p.votes.range(..),
    };
    let votes: Vec<VoteView> = range
        .take(limit as usize)
        .map(|(voter, r)| VoteView {
            voter: *voter,
            choice: r.choice.clone(),
            weight: Amount(r.weight.total),
            reason: r.reason.clone(),
            at: r.at,
        })
        .collect();
    let next_after = (votes.len() == limit as usize).then(|| votes.last().map(|v| v.voter)).flatten();
    Ok(VotesView { votes, next_after, total: p.votes.len() })
}

/// The power an account votes with on a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PowerView {
    /// The voter.
    pub address: Address,
    /// The proposal.
    pub proposal: u64,
    /// Its snapshot.
    pub snapshot: Timestamp,
    /// Total power (tokens, delegation and ve).
    pub power: Amount,
    /// The token part, per weighted token.
    pub per_token: BTreeMap<TokenId, Amount>,
    /// Its delegate at the snapshot.
    pub delegate: Address,
    /// Whether it has voted.
    pub voted: bool,
}

/// The power `account` votes with on proposal `pid`.
pub fn power(state: &State, id: &AllianceId, pid: u64, account: Address) -> QueryResult<PowerView> {
    let (alliance, gov) = parts(state, id)?;
    let p = find(gov, pid)?;
    let weight = state.power_sources().vote_weight(alliance, gov, p, account);
    let per_token = alliance
        .spec
        .governance
        .weights
        .iter()
        .zip(&weight.per_token)
        .map(|(w, v)| (w.token, Amount(*v)))
        .collect();
    Ok(PowerView {
        address: account,
        proposal: pid,
        snapshot: p.start,
        power: Amount(weight.total),
        per_token,
        delegate: gov.power.delegate_at(account, p.start),
        voted: p.votes.contains_key(&account),
    })
}

/// An account's voting power at a time, outside any proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PowerAtView {
    /// The account.
    pub address: Address,
    /// The time.
    pub at: Timestamp,
    /// Votes delegated to it plus its own ve power.
    pub power: Amount,
    /// Its vote-escrow part.
    pub ve: Amount,
    /// The alliance's total power at `at` (tokens and ve).
    pub total: Amount,
    /// Its delegate.
    pub delegate: Address,
}

/// `account`'s voting power in alliance `id` at `at` (default: the clock).
pub fn power_at(
    state: &State,
    id: &AllianceId,
    account: Address,
    at: Option<Timestamp>,
) -> QueryResult<PowerAtView> {
    let at = at_or_clock(state, at);
    let (alliance, gov) = parts(state, id)?;
    let sources = state.power_sources();
    let weights = sources.weighting(alliance);
    let ve = sources.ve_power(alliance, account, at);
    let power = gov.power.votes_vec_at(&weights, account, at).iter().fold(ve, |a, b| a.saturating_add(*b));
    let total = crate::governance::Power::total_at(&state.ledger, &weights, at)
        .saturating_add(sources.ve_total(alliance, at));
    Ok(PowerAtView {
        address: account,
        at,
        power: Amount(power),
        ve: Amount(ve),
        total: Amount(total),
        delegate: gov.power.delegate_at(account, at),
    })
}

/// An alliance's council and whether governance is paused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouncilStateView {
    /// Signers, threshold, limits, transactions.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub council: Council,
    /// Whether the council paused governance.
    pub paused: bool,
}

/// The council of alliance `id`.
pub fn council(state: &State, id: &AllianceId) -> QueryResult<CouncilStateView> {
    let (_, gov) = parts(state, id)?;
    let council = gov.council.clone().ok_or_else(|| QueryError::unknown("council", "alliance", id))?;
    Ok(CouncilStateView { council, paused: gov.paused })
}
