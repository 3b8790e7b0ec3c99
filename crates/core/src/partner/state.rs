//! What the hub keeps of partner vetting: each alliance's scorecard and, per
//! candidate, every scorer's card (who scored what).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::scorecard::{Candidate, Scorecard};
use crate::types::{Address, AllianceId};

/// One candidate's cards, by scorer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateCards {
    /// Display name (the latest card's).
    pub name: String,
    /// Each scorer's card.
    pub cards: BTreeMap<Address, Candidate>,
}

/// An alliance's vetting: its scorecard and the candidates scored with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vetting {
    /// The scorecard (the default template until one is set).
    pub scorecard: Scorecard,
    /// Candidates by id.
    pub candidates: BTreeMap<String, CandidateCards>,
}

/// Every alliance's vetting.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partners {
    /// By alliance.
    pub vetting: BTreeMap<AllianceId, Vetting>,
}

impl Partners {
    /// Whether nothing is recorded (then the state encodes to nothing).
    pub fn is_empty(&self) -> bool {
        self.vetting.is_empty()
    }
}

impl Partners {
    /// Whether `candidate` may be admitted to `alliance`: scored by at least
    /// one member and no card raises a red flag. The broken rule otherwise.
    pub fn admissible(&self, alliance: &AllianceId, candidate: &str) -> Result<(), String> {
        let cards = self
            .vetting
            .get(alliance)
            .and_then(|v| v.candidates.get(candidate))
            .filter(|c| !c.cards.is_empty())
            .ok_or_else(|| {
                format!("candidate `{candidate}` has no scorecard in `{alliance}`: members score it (score-candidate) before it can be admitted")
            })?;
        let flags: std::collections::BTreeSet<&str> =
            cards.cards.values().flat_map(|c| c.flags.iter().map(|f| f.flag.as_str())).collect();
        if flags.is_empty() {
            Ok(())
        } else {
            let list: Vec<&str> = flags.into_iter().collect();
            Err(format!(
                "candidate `{candidate}` is vetoed by a red flag ({}): it cannot be admitted",
                list.join(", ")
            ))
        }
    }
}
