//! Proposals: scope, actions, voting window, sponsors, votes and the
//! OpenZeppelin Governor lifecycle.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::ballot::{Ballot, Tally, VotingType, Weight};
use super::config::{RevotePolicy, Scope, ScopeRules};
use crate::alliance::{Agreement, DecisionModel, Member};
use crate::types::{Address, AllianceId, Amount, Timestamp, TokenId};

/// What runs when a proposal executes. Each action is allowed only in
/// certain scopes ([`Action::allowed_in`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    /// Pay from the alliance treasury.
    TreasuryTransfer {
        /// Token paid.
        token: TokenId,
        /// Recipient.
        to: Address,
        /// Amount in base units.
        amount: Amount,
    },
    /// Replace the rules of a scope.
    SetScopeRules {
        /// The scope.
        scope: Scope,
        /// Its new rules.
        rules: ScopeRules,
    },
    /// Change how the alliance decides.
    SetDecisionModel {
        /// The new model.
        model: DecisionModel,
    },
    /// Admit a member. A community comes in as a vetted candidate: its
    /// scorecard id, whose cards must exist and raise no red flag.
    AdmitMember {
        /// The member.
        member: Box<Member>,
        /// The partner candidate's id in the alliance's vetting (required for a community).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        candidate: Option<String>,
    },
    /// Replace the Alliance Agreement (duration, commitments, KPIs, exit clauses).
    AmendAgreement {
        /// The new agreement.
        agreement: Box<Agreement>,
    },
    /// Enter the roadmap's next phase (its retrospective recorded first).
    AdvancePhase {
        /// The phase entered.
        phase: u32,
    },
    /// Remove a member (status becomes `exited`).
    RemoveMember {
        /// The member's account.
        account: Address,
    },
    /// Claw back a grant of the collective this alliance is, for a missed
    /// critical milestone (or an open dispute flagged as defrauding it):
    /// the unreleased part and every unvested reward return to the fund.
    ClawbackGrant {
        /// The mission.
        mission: u64,
        /// The missed critical milestone.
        milestone: usize,
        /// Why.
        reason: String,
        /// Instead of a milestone: an open dispute of the team flagged as defrauding the collective.
        #[serde(default)]
        dispute: Option<u64>,
    },
}

impl Action {
    /// The action's kebab-case name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::TreasuryTransfer { .. } => "treasury-transfer",
            Self::SetScopeRules { .. } => "set-scope-rules",
            Self::SetDecisionModel { .. } => "set-decision-model",
            Self::AdmitMember { .. } => "admit-member",
            Self::RemoveMember { .. } => "remove-member",
            Self::AmendAgreement { .. } => "amend-agreement",
            Self::AdvancePhase { .. } => "advance-phase",
            Self::ClawbackGrant { .. } => "clawback-grant",
        }
    }

    /// Whether the action may run under `scope`.
    pub fn allowed_in(&self, scope: Scope) -> bool {
        use Scope as S;
        match self {
            Self::TreasuryTransfer { .. } => {
                matches!(scope, S::TreasuryAllocation | S::JointLiquidity | S::MissionFunding)
            }
            Self::SetScopeRules { .. } | Self::SetDecisionModel { .. } | Self::AmendAgreement { .. } => {
                scope == S::GovernanceParameters
            }
            Self::AdvancePhase { .. } => scope == S::RoadmapRatification,
            Self::AdmitMember { .. } => scope == S::MemberAdmission,
            Self::RemoveMember { .. } => scope == S::MemberRemoval,
            Self::ClawbackGrant { .. } => scope == S::MissionFunding,
        }
    }
}

/// Where a proposal is in its lifecycle (OpenZeppelin Governor's states).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProposalState {
    /// Before voting (at or before the snapshot, or awaiting sponsors).
    Pending,
    /// Voting.
    Active,
    /// Voting ended without quorum or approval.
    Defeated,
    /// Voting ended with quorum and approval.
    Succeeded,
    /// Waiting out the timelock.
    Queued,
    /// Actions applied.
    Executed,
    /// Canceled by the proposer or the council.
    Canceled,
    /// Queued past the grace period.
    Expired,
}

impl fmt::Display for ProposalState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Defeated => "defeated",
            Self::Succeeded => "succeeded",
            Self::Queued => "queued",
            Self::Executed => "executed",
            Self::Canceled => "canceled",
            Self::Expired => "expired",
        })
    }
}

/// The stored part of the lifecycle; the rest is derived from time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Status {
    /// Created; pending, active, defeated or succeeded depending on time and votes.
    Open,
    /// Queued; executable from `eta`.
    Queued {
        /// Earliest execution time.
        eta: Timestamp,
    },
    /// Executed.
    Executed {
        /// When.
        at: Timestamp,
    },
    /// Canceled.
    Canceled {
        /// When.
        at: Timestamp,
        /// By whom (the proposer, or the council for an emergency cancel).
        by: Address,
        /// Whether the council canceled it.
        emergency: bool,
    },
}

/// A recorded vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRecord {
    /// The choice as signed (JSON text).
    pub choice: String,
    /// The parsed ballot.
    pub ballot: Ballot,
    /// The counted power (reduced when a delegator votes directly).
    pub weight: Weight,
    /// The voter's reason, if any.
    pub reason: String,
    /// When it was cast.
    pub at: Timestamp,
}

/// A proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// Id within the alliance, from 1.
    pub id: u64,
    /// Who proposed it.
    pub proposer: Address,
    /// Its scope.
    pub scope: Scope,
    /// Title.
    pub title: String,
    /// Description.
    pub body: String,
    /// Actions executed on success, atomically.
    pub actions: Vec<Action>,
    /// Voting type.
    pub voting: VotingType,
    /// Choice labels (basic: for, against, abstain).
    pub choices: Vec<String>,
    /// Snapshot and opening: voting is open for `start < t ≤ end`.
    pub start: Timestamp,
    /// Close of voting.
    pub end: Timestamp,
    /// When it was created.
    pub created_at: Timestamp,
    /// The alliance proposing it, whose members may not sponsor it.
    pub proposing_alliance: Option<AllianceId>,
    /// The scope's rules when it was created.
    pub rules: ScopeRules,
    /// The decision model when it was created.
    pub model: DecisionModel,
    /// Re-vote policy when it was created.
    pub revote: RevotePolicy,
    /// Whether each community must approve too.
    pub dual_majority: bool,
    /// Grace period after the timelock.
    pub grace_period_secs: u64,
    /// One-member-one-vote electorate (leader, members or council models).
    pub electorate: Option<BTreeSet<Address>>,
    /// Sponsors who approved it.
    pub sponsors: BTreeSet<Address>,
    /// The running tally.
    pub tally: Tally,
    /// Votes by voter.
    pub votes: BTreeMap<Address, VoteRecord>,
    /// Power per token removed from a delegate because delegators voted directly.
    #[serde(with = "crate::types::dec::by_address")]
    pub overridden: BTreeMap<Address, Vec<u128>>,
    /// Stored lifecycle status.
    pub status: Status,
}

/// The verdict of a closed vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Total power at the snapshot (the quorum's base).
    #[serde(with = "crate::types::dec")]
    pub total_power: u128,
    /// Participation needed: `ceil(quorum_bps · total_power / 10000)`.
    #[serde(with = "crate::types::dec")]
    pub quorum: u128,
    /// Whether participation reached it.
    pub quorum_reached: bool,
    /// Whether the approval rule passed (basic: `for · 10000 > threshold · (for + against)`;
    /// other types: a winning choice with a positive score).
    pub approved: bool,
    /// Dual majority: whether every community approved (`None` when not required).
    pub communities_approved: Option<bool>,
    /// Final scores per choice.
    #[serde(with = "crate::types::dec::vec")]
    pub scores: Vec<u128>,
}

impl Proposal {
    /// Whether the sponsor gate is met.
    pub fn sponsored(&self) -> bool {
        self.sponsors.len() >= usize::from(self.rules.sponsor_approvals)
    }

    /// The verdict given the total power at the snapshot.
    pub fn outcome(&self, total_power: u128) -> Outcome {
        let quorum = crate::types::mul_div(total_power, u128::from(self.rules.quorum_bps.0), 10_000, true)
            .unwrap_or(u128::MAX);
        let quorum_reached = self.tally.participation >= quorum && self.tally.participation > 0;
        let scores = self.tally.results(self.voting);
        let threshold = u128::from(self.rules.threshold_bps.0);
        let passes = |f: u128, a: u128| {
            alloy_primitives::U256::from(f) * alloy_primitives::U256::from(10_000u32)
                > alloy_primitives::U256::from(threshold) * alloy_primitives::U256::from(f + a)
        };
        let approved = match self.voting {
            VotingType::Basic => passes(scores[0], scores[1]),
            _ => scores.iter().any(|s| *s > 0),
        };
        let communities_approved = (self.dual_majority && self.voting == VotingType::Basic)
            .then(|| self.tally.communities.iter().all(|c| passes(c[0], c[1])));
        Outcome { total_power, quorum, quorum_reached, approved, communities_approved, scores }
    }

    /// The state at `now`, given the total power at the snapshot.
    pub fn state(&self, now: Timestamp, total_power: u128) -> ProposalState {
        match &self.status {
            Status::Canceled { .. } => ProposalState::Canceled,
            Status::Executed { .. } => ProposalState::Executed,
            Status::Queued { eta } => {
                if now.0 >= eta.0.saturating_add(self.grace_period_secs) {
                    ProposalState::Expired
                } else {
                    ProposalState::Queued
                }
            }
            Status::Open => {
                if now <= self.start || (now <= self.end && !self.sponsored()) {
                    ProposalState::Pending
                } else if now <= self.end {
                    ProposalState::Active
                } else {
                    let o = self.outcome(total_power);
                    if self.sponsored()
                        && o.quorum_reached
                        && o.approved
                        && o.communities_approved != Some(false)
                    {
                        ProposalState::Succeeded
                    } else {
                        ProposalState::Defeated
                    }
                }
            }
        }
    }
}
