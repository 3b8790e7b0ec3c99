//! Errors of an alliance's own life: its roadmap and its members' exits.
//! Each message starts with the field it is about.

use crate::errors_macro::error_codes;
use crate::types::{Address, AllianceId, Timestamp};

/// Why a roadmap or exit command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllianceError {
    /// The alliance follows no roadmap.
    #[error("body.alliance: `{alliance}` has no roadmap")]
    NoRoadmap {
        /// The alliance.
        alliance: AllianceId,
    },
    /// Only the current phase's checklist and retrospective can be recorded.
    #[error("body.phase: the alliance is in phase {current}, got {phase}")]
    NotCurrentPhase {
        /// Asked.
        phase: u32,
        /// Current.
        current: u32,
    },
    /// A field breaks a rule.
    #[error("{field}: {rule}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// The rule.
        rule: String,
    },
    /// Only the alliance's leader records its roadmap.
    #[error("actor: {actor} is not the leader of `{alliance}`")]
    NotLeader {
        /// The actor.
        actor: Address,
        /// The alliance.
        alliance: AllianceId,
    },
    /// Not a member who can leave.
    #[error("actor: {account} is not a member of `{alliance}`")]
    NotMember {
        /// The account.
        account: Address,
        /// The alliance.
        alliance: AllianceId,
    },
    /// The leader leaves only after handing over.
    #[error("actor: the leader cannot leave `{alliance}`; the alliance chooses another leader first")]
    LeaderCannotLeave {
        /// The alliance.
        alliance: AllianceId,
    },
    /// An exit happens once.
    #[error(
        "actor: {account} is already exiting `{alliance}` (since {started}; its shares unbond until {ends})"
    )]
    AlreadyExiting {
        /// The account.
        account: Address,
        /// The alliance.
        alliance: AllianceId,
        /// When the exit started.
        started: Timestamp,
        /// When it completes.
        ends: Timestamp,
    },
    /// An exit happens once.
    #[error("actor: {account} has already exited `{alliance}`")]
    AlreadyExited {
        /// The account.
        account: Address,
        /// The alliance.
        alliance: AllianceId,
    },
    /// The member is not exiting.
    #[error("body.member: {account} is not exiting `{alliance}`")]
    NotExiting {
        /// The account.
        account: Address,
        /// The alliance.
        alliance: AllianceId,
    },
    /// The unbonding has not finished.
    #[error("body.member: the exit completes at {ends}, not before (now {now})")]
    StillUnbonding {
        /// When it completes.
        ends: Timestamp,
        /// Now.
        now: Timestamp,
    },
}

error_codes! {
    AllianceError {
        NoRoadmap => "no_roadmap", "body.alliance";
        NotCurrentPhase => "not_current_phase", "body.phase";
        Invalid { field, .. } => "invalid_roadmap", field;
        NotLeader => "not_leader", "actor";
        NotMember => "not_member", "actor";
        LeaderCannotLeave => "leader_cannot_leave", "actor";
        AlreadyExiting => "already_exiting", "actor";
        AlreadyExited => "already_exited", "actor";
        NotExiting => "not_exiting", "body.member";
        StillUnbonding => "still_unbonding", "body.member";
    }
}
