//! Governance: multi-token voting power with delegation and snapshots,
//! proposals by scope with typed actions, signed votes of six voting types
//! with incremental tallies, a sponsor gate, and the OpenZeppelin Governor
//! lifecycle with a timelock.

mod actions;
mod ballot;
mod config;
pub mod council;
mod error;
mod handlers;
mod msg;
mod power;
mod proposal;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use ballot::{Ballot, MAX_CHOICES, MAX_RANKED_CHOICES, Tally, VotingType, Weight, parse_ballot, split};
pub use config::{GovernanceSpec, RevotePolicy, Scope, ScopeRules, TokenWeight};
pub use error::{GovernanceError, GovernanceResult};
pub use handlers::{
    Governments, PowerSources, admission_candidates, clawback_actions, exceeds_share, proposal_actions,
};
pub(crate) use handlers::{
    approve, cancel, create, delegate, execute, follow_balances, queue, seed_power, vote, withdraw_delegation,
};
pub use msg::{
    AgreementAmended, ApproveProposal, CastVote, CreateProposal, DecisionModelSet, Delegate,
    DelegateOverridden, Delegated, MemberAdmitted, MemberRemoved, PhaseAdvanced, ProposalChanged,
    ProposalCreated, ProposalRef, ProposalSponsored, ScopeRulesSet, VoteCast,
};
pub use power::{POWER_DECIMALS, Power, PowerVec, Weighting, weighted};
pub use proposal::{Action, Outcome, Proposal, ProposalState, Status, VoteRecord};

use council::Council;

/// The governance state of one alliance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Governance {
    /// Voting power checkpoints and delegation.
    pub power: Power,
    /// Proposals by id.
    pub proposals: BTreeMap<u64, Proposal>,
    /// The next proposal id.
    pub next_id: u64,
    /// Whether the council paused governance.
    pub paused: bool,
    /// The council, if any.
    pub council: Option<Council>,
}

impl Governance {
    /// A new alliance's governance.
    pub fn new(spec: &crate::alliance::AllianceSpec) -> Self {
        Self {
            power: Power::default(),
            proposals: BTreeMap::new(),
            next_id: 1,
            paused: false,
            council: spec.council.as_ref().map(Council::from_spec),
        }
    }
}
