//! Governance errors. Each names the field and the rule it broke.

use crate::errors_macro::error_codes;
use crate::problem::{Problem, render};
use crate::types::{Address, AllianceId, Timestamp};

use super::{ProposalState, Scope};

/// Why a governance command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GovernanceError {
    /// No such alliance.
    #[error("body.alliance: unknown alliance `{alliance}`")]
    UnknownAlliance {
        /// The id.
        alliance: AllianceId,
    },
    /// No such proposal.
    #[error("body.proposal: alliance `{alliance}` has no proposal {id}")]
    UnknownProposal {
        /// The alliance.
        alliance: AllianceId,
        /// The id.
        id: u64,
    },
    /// The council paused governance.
    #[error("body.alliance: governance of `{alliance}` is paused by its council")]
    Paused {
        /// The alliance.
        alliance: AllianceId,
    },
    /// The scope is not open yet (graduated rollout).
    #[error("body.scope: proposals of scope `{scope}` are not enabled in this alliance")]
    ScopeDisabled {
        /// The scope.
        scope: Scope,
    },
    /// The alliance's roadmap has not reached a phase that unlocks the scope.
    #[error(
        "body.scope: `{scope}` is not unlocked yet: the alliance is in roadmap phase {phase} ({phase_name}); {}",
        match .opens_in { Some(p) => format!("phase {p} unlocks it"), None => "no phase of its roadmap unlocks it".to_owned() }
    )]
    ScopeLocked {
        /// The scope.
        scope: Scope,
        /// The current phase.
        phase: u32,
        /// Its name.
        phase_name: String,
        /// The phase that unlocks the scope, if any.
        opens_in: Option<u32>,
    },
    /// An action that may not run under the proposal's scope.
    #[error("body.actions[{index}]: a `{action}` action is not allowed in scope `{scope}`")]
    ActionOutsideScope {
        /// Position of the action.
        index: usize,
        /// The action's name.
        action: &'static str,
        /// The scope.
        scope: Scope,
    },
    /// A vote's reason is too long.
    #[error("body.reason: must be at most {max} bytes, got {got}")]
    ReasonTooLong {
        /// The limit.
        max: usize,
        /// Its length.
        got: usize,
    },
    /// A proposal field breaks a rule.
    #[error("{field}: {rule}")]
    Invalid {
        /// The field.
        field: String,
        /// The rule.
        rule: String,
    },
    /// An action's content breaks rules (all listed).
    #[error("{}", render(.problems))]
    InvalidAction {
        /// Every broken rule.
        problems: Vec<Problem>,
    },
    /// The proposer holds too little power.
    #[error("actor: {proposer} holds {power} voting power; proposals of scope `{scope}` need {needed}")]
    BelowProposalThreshold {
        /// The proposer.
        proposer: Address,
        /// The scope.
        scope: Scope,
        /// Their power.
        power: u128,
        /// The threshold.
        needed: u128,
    },
    /// The actor may not vote or propose under the alliance's decision model.
    #[error("actor: {actor} is not in the electorate of `{alliance}` ({model})")]
    NotInElectorate {
        /// Who tried.
        actor: Address,
        /// The alliance.
        alliance: AllianceId,
        /// The decision model.
        model: &'static str,
    },
    /// The proposal is not in a state that allows this.
    #[error("body.proposal: proposal {id} is {state}; {rule}")]
    WrongState {
        /// The proposal.
        id: u64,
        /// Its state.
        state: ProposalState,
        /// What the command needs.
        rule: &'static str,
    },
    /// Voting has not opened because sponsors are missing.
    #[error(
        "body.proposal: proposal {id} has {have} of the {need} sponsor approvals it needs before voting opens"
    )]
    SponsorGateNotMet {
        /// The proposal.
        id: u64,
        /// Approvals so far.
        have: usize,
        /// Approvals needed.
        need: u8,
    },
    /// The proposal's scope has no sponsor gate, or it is already met.
    #[error("body.proposal: proposal {id} {rule}")]
    NoSponsorNeeded {
        /// The proposal.
        id: u64,
        /// Why.
        rule: &'static str,
    },
    /// The sponsor holds too little power, or belongs to the proposing alliance.
    #[error("actor: {sponsor} cannot sponsor proposal {id}: {rule}")]
    SponsorNotEligible {
        /// The proposal.
        id: u64,
        /// Who tried.
        sponsor: Address,
        /// Why.
        rule: String,
    },
    /// The sponsor already approved.
    #[error("actor: {sponsor} already approved proposal {id}")]
    AlreadyApproved {
        /// The proposal.
        id: u64,
        /// Who.
        sponsor: Address,
    },
    /// A voter with zero power cannot vote (the seed's `require(voterWeight > 0)`).
    #[error("actor: {voter} has no voting power at the snapshot ({snapshot}) of proposal {id}")]
    ZeroPower {
        /// The proposal.
        id: u64,
        /// The voter.
        voter: Address,
        /// The snapshot time.
        snapshot: Timestamp,
    },
    /// Re-voting is not allowed.
    #[error("actor: {voter} already voted on proposal {id} and votes are final in this alliance")]
    AlreadyVoted {
        /// The proposal.
        id: u64,
        /// The voter.
        voter: Address,
    },
    /// The choice does not fit the voting type.
    #[error("body.choice: {rule}")]
    BadChoice {
        /// The rule.
        rule: String,
    },
    /// Only the proposer may cancel.
    #[error("actor: only the proposer {proposer} may cancel proposal {id}")]
    NotProposer {
        /// The proposal.
        id: u64,
        /// The proposer.
        proposer: Address,
    },
    /// The timelock has not elapsed.
    #[error("body.proposal: proposal {id} is queued until {eta}; it cannot execute before then")]
    TimelockNotElapsed {
        /// The proposal.
        id: u64,
        /// When it may execute.
        eta: Timestamp,
    },
    /// An action failed on execution; nothing was applied.
    #[error("body.proposal: action {index} of proposal {id} failed, so none ran: {reason}")]
    ActionFailed {
        /// The proposal.
        id: u64,
        /// Position of the failing action.
        index: usize,
        /// Why it failed.
        reason: String,
    },
    /// Delegating to the current delegate.
    #[error("body.to: {delegator} already votes through {to}")]
    SameDelegate {
        /// The delegator.
        delegator: Address,
        /// The delegate.
        to: Address,
    },
    /// Delegation only applies under the token-weighted model.
    #[error("body.alliance: `{alliance}` decides by `{model}`; delegation applies to token-weighted voting")]
    NotTokenWeighted {
        /// The alliance.
        alliance: AllianceId,
        /// Its model.
        model: &'static str,
    },
}

error_codes! {
    GovernanceError {
        UnknownAlliance => "unknown_alliance", "body.alliance";
        UnknownProposal => "unknown_proposal", "body.proposal";
        Paused => "paused", "body.alliance";
        ScopeDisabled => "scope_disabled", "body.scope";
        ScopeLocked => "scope_locked", "body.scope";
        ActionOutsideScope => "action_outside_scope", "body.actions";
        ReasonTooLong => "reason_too_long", "body.reason";
        Invalid { field, .. } => "invalid_proposal", field;
        InvalidAction { problems, .. }
            => "invalid_action", problems.first().map_or("body.actions", |p| &p.path);
        BelowProposalThreshold => "below_proposal_threshold", "actor";
        NotInElectorate => "not_in_electorate", "actor";
        WrongState => "wrong_state", "body.proposal";
        SponsorGateNotMet => "sponsor_gate_not_met", "body.proposal";
        NoSponsorNeeded => "no_sponsor_needed", "body.proposal";
        SponsorNotEligible => "sponsor_not_eligible", "actor";
        AlreadyApproved => "already_approved", "actor";
        ZeroPower => "zero_power", "actor";
        AlreadyVoted => "already_voted", "actor";
        BadChoice => "bad_choice", "body.choice";
        NotProposer => "not_proposer", "actor";
        TimelockNotElapsed => "timelock_not_elapsed", "body.proposal";
        ActionFailed => "action_failed", "body.proposal";
        SameDelegate => "same_delegate", "body.to";
        NotTokenWeighted => "not_token_weighted", "body.alliance";
    }
}

/// Governance result.
pub type GovernanceResult<T> = Result<T, GovernanceError>;
