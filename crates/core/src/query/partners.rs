//! Partner vetting reads: an alliance's candidates ranked side by side.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{QueryError, QueryResult};
use crate::engine::State;
use crate::partner::{Candidate, CandidateResult, Scorecard};
use crate::types::{Address, AllianceId};

/// An alliance's candidates, ranked with the mean of their scorers' cards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidatesView {
    /// The alliance.
    pub alliance: AllianceId,
    /// Its scorecard.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub scorecard: Scorecard,
    /// The ranking (vetoed candidates last).
    pub ranking: Vec<CandidateResult>,
    /// Who scored each candidate.
    pub scorers: BTreeMap<String, Vec<Address>>,
}

/// The candidates of `id`.
pub fn candidates(state: &State, id: &AllianceId) -> QueryResult<CandidatesView> {
    if !state.alliances.contains_key(id) {
        return Err(QueryError::unknown("alliance", "alliance", id));
    }
    let Some(v) = state.partners.vetting.get(id) else {
        return Ok(CandidatesView {
            alliance: id.clone(),
            scorecard: Scorecard::default_template(),
            ranking: Vec::new(),
            scorers: BTreeMap::new(),
        });
    };
    let cards: Vec<(String, String, Vec<Candidate>)> = v
        .candidates
        .iter()
        .map(|(cid, c)| (cid.clone(), c.name.clone(), c.cards.values().cloned().collect()))
        .collect();
    Ok(CandidatesView {
        alliance: id.clone(),
        scorecard: v.scorecard.clone(),
        ranking: v.scorecard.rank_cards(&cards),
        scorers: v
            .candidates
            .iter()
            .map(|(cid, c)| (cid.clone(), c.cards.keys().copied().collect()))
            .collect(),
    })
}
