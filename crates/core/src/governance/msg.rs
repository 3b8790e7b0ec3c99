//! Governance commands and events.

use serde::{Deserialize, Serialize};

use super::ballot::VotingType;
use super::config::Scope;
use super::proposal::Action;
use crate::alliance::{DecisionModel, Member};
use crate::types::{Address, AllianceId, Timestamp};

/// Vote through `to` in an alliance (`null` or yourself: vote for yourself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegate {
    /// The alliance.
    pub alliance: AllianceId,
    /// The delegate.
    pub to: Option<Address>,
}

/// Create a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateProposal {
    /// The alliance deciding.
    pub alliance: AllianceId,
    /// The scope.
    pub scope: Scope,
    /// Title (1 to 200 bytes).
    pub title: String,
    /// Description (up to 20000 bytes).
    #[serde(default)]
    pub body: String,
    /// Actions executed on success (basic voting only).
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Voting type.
    pub voting: VotingType,
    /// Choice labels (not for basic voting, which is for/against/abstain).
    #[serde(default)]
    pub choices: Vec<String>,
    /// Snapshot and opening time: voting is open for `start < t ≤ end`.
    pub start: Timestamp,
    /// Close of voting.
    pub end: Timestamp,
    /// The alliance proposing it, whose members may not sponsor it.
    #[serde(default)]
    pub proposing_alliance: Option<AllianceId>,
}

/// Sponsor a proposal (the sponsor gate).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproveProposal {
    /// The alliance.
    pub alliance: AllianceId,
    /// The proposal id.
    pub proposal: u64,
}

/// Cast a vote. Signed as its own EIP-712 `Vote` type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CastVote {
    /// The alliance.
    pub alliance: AllianceId,
    /// The proposal id.
    pub proposal: u64,
    /// The choice as JSON text: `1`, `[1,3]`, `[2,1,3]` or `{"1":2,"3":1}`.
    pub choice: String,
    /// An optional reason (up to 1000 bytes).
    #[serde(default)]
    pub reason: String,
}

/// Queue a succeeded proposal, or execute a queued one, or cancel a pending
/// one (the proposer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalRef {
    /// The alliance.
    pub alliance: AllianceId,
    /// The proposal id.
    pub proposal: u64,
}

/// Someone changed delegate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegated {
    /// The alliance.
    pub alliance: AllianceId,
    /// The delegator.
    pub delegator: Address,
    /// Previous delegate.
    pub from: Address,
    /// New delegate.
    pub to: Address,
}

/// A proposal was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalCreated {
    /// The alliance.
    pub alliance: AllianceId,
    /// The id.
    pub id: u64,
    /// The proposer.
    pub proposer: Address,
    /// The scope.
    pub scope: Scope,
    /// Opening (snapshot).
    pub start: Timestamp,
    /// Close.
    pub end: Timestamp,
}

/// A sponsor approved a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalSponsored {
    /// The alliance.
    pub alliance: AllianceId,
    /// The id.
    pub id: u64,
    /// The sponsor.
    pub sponsor: Address,
    /// Approvals so far.
    pub approvals: usize,
    /// Approvals needed.
    pub needed: u8,
}

/// A vote was counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteCast {
    /// The alliance.
    pub alliance: AllianceId,
    /// The proposal.
    pub id: u64,
    /// The voter.
    pub voter: Address,
    /// The choice as signed.
    pub choice: String,
    /// The counted power.
    #[serde(with = "crate::types::dec")]
    pub weight: u128,
    /// The reason.
    pub reason: String,
    /// Whether it replaced an earlier vote.
    pub replaced: bool,
}

/// A delegator voted directly, so their power left their delegate's vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegateOverridden {
    /// The alliance.
    pub alliance: AllianceId,
    /// The proposal.
    pub id: u64,
    /// The delegate.
    pub delegate: Address,
    /// The delegator who voted directly.
    pub delegator: Address,
    /// Power removed from the delegate on this proposal.
    #[serde(with = "crate::types::dec")]
    pub power: u128,
}

/// A proposal was queued, executed or canceled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalChanged {
    /// The alliance.
    pub alliance: AllianceId,
    /// The proposal.
    pub id: u64,
    /// Earliest execution time (queued only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eta: Option<Timestamp>,
}

/// A scope's rules changed by proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeRulesSet {
    /// The alliance.
    pub alliance: AllianceId,
    /// The scope.
    pub scope: Scope,
}

/// The decision model changed by proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionModelSet {
    /// The alliance.
    pub alliance: AllianceId,
    /// The model.
    pub model: DecisionModel,
}

/// A member was admitted by proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberAdmitted {
    /// The alliance.
    pub alliance: AllianceId,
    /// The member.
    pub member: Box<Member>,
}

/// A member was removed by proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRemoved {
    /// The alliance.
    pub alliance: AllianceId,
    /// The member's account.
    pub account: Address,
}

/// The Alliance Agreement was amended by a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementAmended {
    /// The alliance.
    pub alliance: AllianceId,
    /// The new duration.
    pub duration_days: u32,
    /// Its commitments.
    pub commitments: usize,
    /// Its KPI targets.
    pub kpis: usize,
}

/// The alliance entered a roadmap phase by a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseAdvanced {
    /// The alliance.
    pub alliance: AllianceId,
    /// The phase entered.
    pub phase: u32,
    /// The scopes it unlocks.
    pub unlocked: Vec<super::Scope>,
}
