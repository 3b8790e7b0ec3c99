//! The roadmap's records (the alliance's leader): deliverables checked off
//! and a phase's retrospective with its KPI results. Advancing is a
//! `roadmap-ratification` proposal (`governance::actions`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Kernel;
use crate::alliance::roadmap::{KpiResult, Phase, Retrospective};
use crate::alliance::{AllianceError, KpiMetric, MemberStatus};
use crate::command::Event;
use crate::error::EngineResult;
use crate::types::{Address, AllianceId, Amount, Timestamp, TokenId};

/// Most bytes of a retrospective's summary or a deliverable's evidence.
const MAX_TEXT: usize = 4_000;

/// Check off a deliverable of the current phase (the leader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDeliverable {
    /// The alliance.
    pub alliance: AllianceId,
    /// The current phase.
    pub phase: u32,
    /// The deliverable's index in the phase's checklist.
    pub deliverable: u32,
    /// Evidence (a link).
    #[serde(default)]
    pub evidence: String,
}

/// Record the current phase's retrospective (the leader), with one
/// reported figure per KPI of the phase, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordRetrospective {
    /// The alliance.
    pub alliance: AllianceId,
    /// The current phase.
    pub phase: u32,
    /// What went well and what did not.
    pub summary: String,
    /// One figure per KPI of the phase.
    #[serde(default)]
    pub results: Vec<Amount>,
}

/// A roadmap record changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoadmapRecorded {
    /// The alliance.
    pub alliance: AllianceId,
    /// The phase.
    pub phase: u32,
    /// `deliverable` or `retrospective`.
    pub record: String,
    /// The deliverable checked, or the KPIs met.
    pub detail: String,
}

fn invalid(field: &'static str, rule: impl Into<String>) -> AllianceError {
    AllianceError::Invalid { field, rule: rule.into() }
}

impl Kernel<'_> {
    /// The current phase of `id`'s roadmap, checked against `phase`, with the
    /// leader as actor.
    fn current_phase(&self, actor: Address, id: &AllianceId, phase: u32) -> Result<&Phase, AllianceError> {
        let a =
            self.alliance(id).map_err(|_| invalid("body.alliance", format!("unknown alliance `{id}`")))?;
        let roadmap =
            a.spec.roadmap.as_ref().ok_or_else(|| AllianceError::NoRoadmap { alliance: id.clone() })?;
        if a.spec.leader != actor {
            return Err(AllianceError::NotLeader { actor, alliance: id.clone() });
        }
        let current = a.progress.phase;
        if phase != current {
            return Err(AllianceError::NotCurrentPhase { phase, current });
        }
        Ok(&roadmap.phases[current as usize])
    }

    /// `check-deliverable`.
    pub(crate) fn check_deliverable(
        &mut self,
        actor: Address,
        c: &CheckDeliverable,
    ) -> EngineResult<Vec<Event>> {
        let phase = self.current_phase(actor, &c.alliance, c.phase)?;
        let Some(name) = phase.deliverables.get(c.deliverable as usize).cloned() else {
            return Err(invalid(
                "body.deliverable",
                format!(
                    "phase {} has {} deliverables (0 to {}), got {}",
                    c.phase,
                    phase.deliverables.len(),
                    phase.deliverables.len().saturating_sub(1),
                    c.deliverable
                ),
            )
            .into());
        };
        if c.evidence.len() > MAX_TEXT {
            return Err(invalid("body.evidence", format!("must be at most {MAX_TEXT} bytes")).into());
        }
        let a = self.alliance_mut(&c.alliance).expect("checked");
        if !a.progress.done.entry(c.phase).or_default().insert(c.deliverable) {
            return Err(invalid("body.deliverable", format!("`{name}` is checked off already")).into());
        }
        Ok(vec![Event::RoadmapRecorded(RoadmapRecorded {
            alliance: c.alliance.clone(),
            phase: c.phase,
            record: "deliverable".into(),
            detail: name,
        })])
    }

    /// `record-retrospective`: `tvl` is what the alliance's joint vaults
    /// hold by token (measured, not reported).
    pub(crate) fn record_retrospective(
        &mut self,
        actor: Address,
        at: Timestamp,
        c: &RecordRetrospective,
        tvl: &BTreeMap<TokenId, Amount>,
    ) -> EngineResult<Vec<Event>> {
        let phase = self.current_phase(actor, &c.alliance, c.phase)?;
        if c.summary.trim().is_empty() || c.summary.len() > MAX_TEXT {
            return Err(invalid("body.summary", format!("must be 1 to {MAX_TEXT} bytes")).into());
        }
        if c.results.len() != phase.kpis.len() {
            return Err(invalid(
                "body.results",
                format!(
                    "give one figure per KPI of phase {} ({} KPIs), got {}",
                    c.phase,
                    phase.kpis.len(),
                    c.results.len()
                ),
            )
            .into());
        }
        let a = self.alliance(&c.alliance).expect("checked");
        if a.progress.retrospectives.contains_key(&c.phase) {
            return Err(invalid(
                "body.phase",
                format!("phase {}'s retrospective is recorded already", c.phase),
            )
            .into());
        }
        let members = a.spec.members.iter().filter(|m| m.status == MemberStatus::Member).count();
        let results: Vec<KpiResult> = phase
            .kpis
            .iter()
            .zip(&c.results)
            .map(|(kpi, reported)| {
                let measured = match (kpi.metric, kpi.token) {
                    (KpiMetric::Members, _) => Some(Amount(members as u128)),
                    (KpiMetric::Tvl, Some(t)) => Some(tvl.get(&t).copied().unwrap_or(Amount::ZERO)),
                    _ => None,
                };
                KpiResult {
                    kpi: kpi.clone(),
                    reported: *reported,
                    measured,
                    met: measured.unwrap_or(*reported) >= kpi.target,
                }
            })
            .collect();
        let met = results.iter().filter(|r| r.met).count();
        let detail = format!("{met} of {} KPIs met", results.len());
        let deliverables_done = a.progress.done.get(&c.phase).map_or(0, |d| d.len() as u32);
        let a = self.alliance_mut(&c.alliance).expect("checked");
        a.progress.retrospectives.insert(
            c.phase,
            Retrospective { at, by: actor, summary: c.summary.clone(), results, deliverables_done },
        );
        Ok(vec![Event::RoadmapRecorded(RoadmapRecorded {
            alliance: c.alliance.clone(),
            phase: c.phase,
            record: "retrospective".into(),
            detail,
        })])
    }
}
