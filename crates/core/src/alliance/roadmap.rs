//! The roadmap (the second seed's phased implementation): phases with an
//! objective, deliverables as a checklist and success metrics as KPI
//! targets, each unlocking proposal scopes (graduated rollout: narrow
//! scopes first). Advancing needs a recorded retrospective of the phase
//! and a passed `roadmap-ratification` proposal; the engine refuses a
//! proposal in a scope the current phase has not unlocked.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{KpiMetric, KpiTarget, TokenLookup};
use crate::governance::Scope;
use crate::problem::Problems;
use crate::types::{Address, Amount, Timestamp};

/// Most phases, and most deliverables or KPIs per phase.
pub const MAX_PHASES: usize = 16;
/// Most deliverables per phase.
pub const MAX_DELIVERABLES: usize = 32;

/// One phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Name.
    pub name: String,
    /// What the phase achieves.
    pub objective: String,
    /// The checklist.
    #[serde(default)]
    pub deliverables: Vec<String>,
    /// Success metrics.
    #[serde(default)]
    pub kpis: Vec<KpiTarget>,
    /// Proposal scopes this phase unlocks (they stay unlocked after it).
    #[serde(default)]
    pub unlocks: Vec<Scope>,
}

/// The phases, in order; the alliance starts in phase 0.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roadmap {
    /// Phase 0 first.
    pub phases: Vec<Phase>,
}

fn phase(
    name: &str,
    objective: &str,
    deliverables: &[&str],
    kpis: Vec<KpiTarget>,
    unlocks: &[Scope],
) -> Phase {
    Phase {
        name: name.into(),
        objective: objective.into(),
        deliverables: deliverables.iter().map(|d| (*d).into()).collect(),
        kpis,
        unlocks: unlocks.to_vec(),
    }
}

impl Roadmap {
    /// The seed's four phases for an agreement of `duration_days`: each
    /// phase's KPI falls due at the end of its quarter of the agreement.
    pub fn template(duration_days: u32) -> Self {
        let quarter = |i: u32| duration_days.saturating_mul(i) / 4;
        let kpi = |metric, target: u128, i| KpiTarget {
            metric,
            token: None,
            target: Amount(target),
            by_day: quarter(i),
        };
        Self {
            phases: vec![
                phase(
                    "Foundation and governance",
                    "Form the alliance: ratify the governance framework, vet and admit the founding partners",
                    &[
                        "governance framework ratified",
                        "shared communication channel open",
                        "partner scorecards published",
                    ],
                    vec![kpi(KpiMetric::Members, 2, 1)],
                    &[Scope::Signal, Scope::GovernanceParameters, Scope::MemberAdmission],
                ),
                phase(
                    "Core interoperability",
                    "Connect the communities' chains and treasuries",
                    &["cross-chain messaging integrated", "treasury multisig live"],
                    vec![kpi(KpiMetric::ParticipationBps, 1_000, 2)],
                    &[Scope::TreasuryAllocation, Scope::MemberRemoval],
                ),
                phase(
                    "Unified liquidity and staking",
                    "Pool liquidity and launch the joint staking vaults",
                    &["joint liquidity pool launched", "staking vault live"],
                    vec![kpi(KpiMetric::Members, 2, 3)],
                    &[Scope::JointLiquidity],
                ),
                phase(
                    "Advanced governance and expansion",
                    "Fund missions together and admit new partners",
                    &["cross-community governance live", "expansion partners vetted"],
                    vec![kpi(KpiMetric::ParticipationBps, 2_000, 4)],
                    &[Scope::MissionFunding, Scope::Clawback],
                ),
            ],
        }
    }

    /// The scopes open in phase `current`: what phases 0 to `current`
    /// unlock, and `roadmap-ratification` always (it is how a phase advances).
    pub fn unlocked(&self, current: usize) -> BTreeSet<Scope> {
        let mut open: BTreeSet<Scope> =
            self.phases.iter().take(current + 1).flat_map(|p| p.unlocks.iter().copied()).collect();
        open.insert(Scope::RoadmapRatification);
        open
    }

    /// The first phase that unlocks `scope`, if any.
    pub fn unlocked_by(&self, scope: Scope) -> Option<usize> {
        self.phases.iter().position(|p| p.unlocks.contains(&scope))
    }

    /// Checks the roadmap, naming paths under `path`.
    pub fn check(&self, path: &str, duration_days: u32, token_chain: &TokenLookup<'_>, out: &mut Problems) {
        out.check(
            (1..=MAX_PHASES).contains(&self.phases.len()),
            format!("{path}.phases"),
            format!("must list 1 to {MAX_PHASES} phases, got {}", self.phases.len()),
        );
        for (i, p) in self.phases.iter().enumerate() {
            let pp = format!("{path}.phases[{i}]");
            out.check(
                !p.name.trim().is_empty() && p.name.len() <= 200,
                format!("{pp}.name"),
                "must be 1 to 200 bytes",
            );
            out.check(p.objective.len() <= 4_000, format!("{pp}.objective"), "must be at most 4000 bytes");
            out.check(
                p.deliverables.len() <= MAX_DELIVERABLES,
                format!("{pp}.deliverables"),
                format!("must list at most {MAX_DELIVERABLES}, got {}", p.deliverables.len()),
            );
            for (j, d) in p.deliverables.iter().enumerate() {
                out.check(
                    !d.trim().is_empty() && d.len() <= 500,
                    format!("{pp}.deliverables[{j}]"),
                    "must be 1 to 500 bytes",
                );
            }
            out.check(
                p.kpis.len() <= MAX_DELIVERABLES,
                format!("{pp}.kpis"),
                format!("must list at most {MAX_DELIVERABLES}, got {}", p.kpis.len()),
            );
            for (j, k) in p.kpis.iter().enumerate() {
                k.check(&format!("{pp}.kpis[{j}]"), duration_days, token_chain, out);
            }
            for (j, s) in p.unlocks.iter().enumerate() {
                let earlier =
                    self.phases[..i].iter().any(|q| q.unlocks.contains(s)) || p.unlocks[..j].contains(s);
                out.check(
                    !earlier,
                    format!("{pp}.unlocks[{j}]"),
                    format!("`{s}` is unlocked twice (a scope opens once and stays open)"),
                );
            }
        }
    }
}

/// One KPI's result in a retrospective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiResult {
    /// The target.
    pub kpi: KpiTarget,
    /// What the leader reported.
    pub reported: Amount,
    /// What the hub measured itself, where it holds the figure (members, TVL in share vaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<Amount>,
    /// Whether the target was met (on the measured figure when there is one).
    pub met: bool,
}

/// A phase's recorded retrospective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retrospective {
    /// When.
    pub at: Timestamp,
    /// Who recorded it (the leader).
    pub by: Address,
    /// What went well and what did not.
    pub summary: String,
    /// One result per KPI of the phase.
    pub results: Vec<KpiResult>,
    /// Deliverables checked off by then, of how many.
    pub deliverables_done: u32,
}

/// A phase advance ratified by a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseAdvance {
    /// The phase entered.
    pub phase: u32,
    /// When.
    pub at: Timestamp,
}

/// Where an alliance stands on its roadmap.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoadmapProgress {
    /// The current phase.
    pub phase: u32,
    /// Deliverables checked off, by phase (indices into its checklist).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub done: BTreeMap<u32, BTreeSet<u32>>,
    /// Retrospectives, by phase.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub retrospectives: BTreeMap<u32, Retrospective>,
    /// Every advance, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advances: Vec<PhaseAdvance>,
}

impl RoadmapProgress {
    /// Whether nothing has happened yet (then the alliance encodes without it).
    pub fn is_initial(&self) -> bool {
        *self == Self::default()
    }
}
