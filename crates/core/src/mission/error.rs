//! Mission errors. Each message starts with the field it is about.

use crate::errors_macro::error_codes;
use crate::types::{AllianceId, Amount};

/// Why a mission command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MissionError {
    /// No collective on this alliance.
    #[error("body.collective: `{collective}` is not a collective")]
    UnknownCollective {
        /// The id.
        collective: AllianceId,
    },
    /// Something with this id or number exists already.
    #[error("{field}: {rule}")]
    Duplicate {
        /// The field.
        field: &'static str,
        /// The rule.
        rule: String,
    },
    /// A field breaks a rule.
    #[error("{field}: {rule}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// The rule.
        rule: String,
    },
    /// A reward plan breaks a rule.
    #[error("{path}: {rule}")]
    Plan {
        /// The field.
        path: String,
        /// The rule.
        rule: String,
    },
    /// A request above the team's trust tier.
    #[error(
        "body.requested: the team's leader is {tier}, which may request at most {cap}, got {requested} (that needs {needs})"
    )]
    AboveTier {
        /// The leader's tier.
        tier: String,
        /// Its cap.
        cap: Amount,
        /// The request.
        requested: Amount,
        /// The lowest tier that allows it.
        needs: String,
    },
    /// An RFP that needs a higher tier.
    #[error("body.rfp: RFP {rfp} needs tier {needs} or above; the team's leader is {tier}")]
    RfpTier {
        /// The RFP.
        rfp: u64,
        /// What it needs.
        needs: String,
        /// The leader's tier.
        tier: String,
    },
    /// The command comes too early or too late.
    #[error("{field}: {rule}")]
    WrongPhase {
        /// The field.
        field: &'static str,
        /// The rule.
        rule: String,
    },
    /// The actor may not sponsor this mission.
    #[error("actor: {rule}")]
    SponsorNotEligible {
        /// Why.
        rule: String,
    },
    /// The actor has approved this mission already.
    #[error("actor: has already approved mission {mission}")]
    AlreadyApproved {
        /// The mission.
        mission: u64,
    },
    /// The actor may not do this (leader, admin or attestor only).
    #[error("actor: {rule}")]
    NotAllowed {
        /// The rule.
        rule: String,
    },
}

/// Mission result.
pub type MissionResult<T> = Result<T, MissionError>;

error_codes! {
    MissionError {
        UnknownCollective => "unknown_collective", "body.collective";
        Duplicate { field, .. } => "duplicate", field;
        Invalid { field, .. } => "invalid_mission", field;
        Plan { path, .. } => "invalid_plan", path;
        AboveTier => "above_tier", "body.requested";
        RfpTier => "rfp_tier", "body.rfp";
        WrongPhase { field, .. } => "wrong_phase", field;
        SponsorNotEligible => "sponsor_not_eligible", "actor";
        AlreadyApproved => "already_approved", "actor";
        NotAllowed => "not_allowed", "actor";
    }
}
