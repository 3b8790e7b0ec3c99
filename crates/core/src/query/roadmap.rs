//! The roadmap read: each phase with its checklist, KPIs, unlocked scopes
//! and retrospective, the current phase and the scopes open now.

use serde::Serialize;

use super::{QueryError, QueryResult};
use crate::alliance::roadmap::{Phase, PhaseAdvance, Retrospective};
use crate::engine::State;
use crate::governance::Scope;
use crate::types::AllianceId;

/// One phase and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhaseView {
    /// Its index.
    pub index: u32,
    /// The phase.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub phase: Phase,
    /// Which deliverables are checked off (one flag per deliverable).
    pub done: Vec<bool>,
    /// Its retrospective, once recorded.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub retrospective: Option<Retrospective>,
    /// `done`, `current` or `ahead`.
    pub status: &'static str,
}

/// An alliance's roadmap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoadmapView {
    /// The alliance.
    pub alliance: AllianceId,
    /// The current phase.
    pub current: u32,
    /// Scopes open now (what phases up to the current one unlock, and `roadmap-ratification`).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub open_scopes: Vec<Scope>,
    /// Every phase.
    pub phases: Vec<PhaseView>,
    /// Every advance, in order.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub advances: Vec<PhaseAdvance>,
}

/// The roadmap of `id`.
pub fn roadmap(state: &State, id: &AllianceId) -> QueryResult<RoadmapView> {
    let a = state.alliances.get(id).ok_or_else(|| QueryError::unknown("alliance", "alliance", id))?;
    let r = a
        .spec
        .roadmap
        .as_ref()
        .ok_or_else(|| QueryError::Invalid { field: "alliance", rule: format!("`{id}` has no roadmap") })?;
    let p = &a.progress;
    let phases = r
        .phases
        .iter()
        .enumerate()
        .map(|(i, ph)| {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            let done = p.done.get(&i);
            PhaseView {
                index: i,
                phase: ph.clone(),
                done: (0..ph.deliverables.len())
                    .map(|j| done.is_some_and(|d| d.contains(&(j as u32))))
                    .collect(),
                retrospective: p.retrospectives.get(&i).cloned(),
                status: match i.cmp(&p.phase) {
                    std::cmp::Ordering::Less => "done",
                    std::cmp::Ordering::Equal => "current",
                    std::cmp::Ordering::Greater => "ahead",
                },
            }
        })
        .collect();
    Ok(RoadmapView {
        alliance: id.clone(),
        current: p.phase,
        open_scopes: r.unlocked(p.phase as usize).into_iter().collect(),
        phases,
        advances: p.advances.clone(),
    })
}
