//! Partner vetting commands and events.

use serde::{Deserialize, Serialize};

use super::scorecard::{Candidate, Scorecard};
use crate::types::{Address, AllianceId};

/// Set an alliance's scorecard (its leader or an admin), before any candidate is scored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetScorecard {
    /// The alliance.
    pub alliance: AllianceId,
    /// The scorecard.
    pub scorecard: Scorecard,
}

/// Score a candidate (an accepted member of the alliance); a second card by
/// the same scorer replaces the first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreCandidate {
    /// The alliance.
    pub alliance: AllianceId,
    /// The candidate and the scorer's scores.
    pub candidate: Candidate,
}

/// A scorecard was set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorecardSet {
    /// The alliance.
    pub alliance: AllianceId,
    /// Its dimensions.
    pub dimensions: usize,
}

/// A candidate was scored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateScored {
    /// The alliance.
    pub alliance: AllianceId,
    /// The candidate.
    pub candidate: String,
    /// The scorer.
    pub scorer: Address,
    /// This card's total in bps.
    pub total_bps: u32,
    /// Red flags this card raised.
    pub flags: Vec<String>,
}
