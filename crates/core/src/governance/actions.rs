//! What a proposal's actions may do, checked when it is created and applied
//! when it executes: alliance changes (scope rules, decision model, members,
//! the agreement, the roadmap's phase). Treasury payments are planned by the
//! executor; clawbacks and admissions' vetting are checked by the router.

use super::ballot::VotingType;
use super::handlers::invalid;
use super::msg::CreateProposal;
use super::msg::{
    AgreementAmended, DecisionModelSet, MemberAdmitted, MemberRemoved, PhaseAdvanced, ScopeRulesSet,
};
use super::proposal::Action;
use super::{Governance, GovernanceError, GovernanceResult};
use crate::alliance::roadmap::PhaseAdvance;
use crate::alliance::{Alliance, DecisionModel, MemberKind, MemberStatus};
use crate::command::Event;
use crate::ledger::Ledger;
use crate::problem::Problems;
use crate::types::{AllianceId, Timestamp};

const MAX_REASON: usize = 1_000;
const MAX_ACTIONS: usize = 32;

pub(super) fn check_actions(
    ledger: &Ledger,
    alliance: &Alliance,
    gov: &Governance,
    cmd: &CreateProposal,
) -> GovernanceResult<()> {
    if cmd.actions.len() > MAX_ACTIONS {
        return Err(invalid(
            "body.actions",
            format!("at most {MAX_ACTIONS} actions, got {}", cmd.actions.len()),
        ));
    }
    if !cmd.actions.is_empty() && cmd.voting != VotingType::Basic {
        return Err(invalid("body.voting", "proposals with actions use basic (for/against/abstain) voting"));
    }
    for (index, action) in cmd.actions.iter().enumerate() {
        if !action.allowed_in(cmd.scope) {
            return Err(GovernanceError::ActionOutsideScope {
                index,
                action: action.name(),
                scope: cmd.scope,
            });
        }
    }
    let mut out = Problems::default();
    let tokens = &ledger.tokens;
    let lookup = |t| tokens.get(&t).map(|e| Some(e.token.chain_id));
    for (i, action) in cmd.actions.iter().enumerate() {
        let p = format!("body.actions[{i}]");
        match action {
            Action::TreasuryTransfer { token, to, amount } => {
                out.check(
                    tokens.contains_key(token),
                    format!("{p}.token"),
                    format!("unknown token `{token}`"),
                );
                out.check(!to.is_zero(), format!("{p}.to"), "must not be the zero address");
                out.check(!amount.is_zero(), format!("{p}.amount"), "must be greater than zero");
            }
            Action::SetScopeRules { rules, .. } => {
                for (field, bps) in [
                    ("quorum_bps", rules.quorum_bps),
                    ("threshold_bps", rules.threshold_bps),
                    ("sponsor_min_power_bps", rules.sponsor_min_power_bps),
                ] {
                    out.check(
                        bps.is_valid(),
                        format!("{p}.rules.{field}"),
                        format!("must be ≤ 10000, got {}", bps.0),
                    );
                }
            }
            Action::SetDecisionModel { model } => {
                out.check(
                    *model != DecisionModel::Council || gov.council.is_some(),
                    format!("{p}.model"),
                    "the council model needs a council",
                );
                let governance = &alliance.spec.governance;
                out.check(
                    *model != DecisionModel::TokenWeighted
                        || !governance.weights.is_empty()
                        || governance.ve_weight_bps.0 > 0,
                    format!("{p}.model"),
                    "the token-weighted model needs token weights (or ve_weight_bps)",
                );
            }
            Action::AdmitMember { member, candidate } => {
                member.check(&format!("{p}.member"), &lookup, &mut out);
                out.check(
                    member.kind != MemberKind::Community || candidate.is_some(),
                    format!("{p}.candidate"),
                    "a community is admitted as a vetted candidate: name its scorecard's candidate id",
                );
                let existing = alliance.spec.member(member.account);
                out.check(
                    existing.is_none_or(|m| m.status == MemberStatus::Exited),
                    format!("{p}.member.account"),
                    format!("{} is already a member", member.account),
                );
            }
            Action::RemoveMember { account } => {
                let existing = alliance.spec.member(*account);
                out.check(
                    existing.is_some_and(|m| m.status != MemberStatus::Exited),
                    format!("{p}.account"),
                    format!("{account} is not a current member"),
                );
                out.check(
                    *account != alliance.spec.leader,
                    format!("{p}.account"),
                    "the leader cannot be removed",
                );
            }
            Action::AmendAgreement { agreement } => {
                let members = &alliance.spec.members;
                agreement.check(&format!("{p}.agreement"), members, &lookup, &mut out);
                crate::alliance::check_exit_for_model(
                    alliance.spec.model,
                    &agreement.exit,
                    &format!("{p}.agreement.exit"),
                    &mut out,
                );
            }
            Action::AdvancePhase { phase } => {
                if let Err(rule) = check_advance(alliance, *phase) {
                    out.push(format!("{p}.phase"), rule);
                }
            }
            Action::ClawbackGrant { mission, reason, .. } => {
                out.check(
                    !reason.trim().is_empty() && reason.len() <= MAX_REASON,
                    format!("{p}.reason"),
                    format!("must be 1 to {MAX_REASON} bytes of text"),
                );
                let twice = cmd.actions[..i]
                    .iter()
                    .any(|a| matches!(a, Action::ClawbackGrant { mission: m, .. } if m == mission));
                out.check(!twice, format!("{p}.mission"), format!("mission {mission} is clawed back twice"));
            }
        }
    }
    if out.is_empty() { Ok(()) } else { Err(GovernanceError::InvalidAction { problems: out.into_vec() }) }
}

/// Applies an alliance-changing action to `alliance` (treasury payments are planned by the caller).
pub(super) fn apply_action(
    alliance: &mut Alliance,
    id: &AllianceId,
    action: &Action,
    at: Timestamp,
) -> Result<Event, String> {
    match action {
        Action::TreasuryTransfer { .. } | Action::ClawbackGrant { .. } => {
            unreachable!("treasury payments and clawbacks are not alliance changes")
        }
        Action::SetScopeRules { scope, rules } => {
            alliance.spec.governance.scopes.insert(*scope, rules.clone());
            Ok(Event::ScopeRulesSet(ScopeRulesSet { alliance: id.clone(), scope: *scope }))
        }
        Action::SetDecisionModel { model } => {
            alliance.spec.decision_model = *model;
            Ok(Event::DecisionModelSet(DecisionModelSet { alliance: id.clone(), model: *model }))
        }
        Action::AdmitMember { member, .. } => {
            if alliance.spec.member(member.account).is_some_and(|m| m.status != MemberStatus::Exited) {
                return Err(format!("{} is already a member", member.account));
            }
            let mut admitted = (**member).clone();
            admitted.status = MemberStatus::Member;
            alliance.spec.members.retain(|m| m.account != admitted.account);
            alliance.spec.members.push(admitted.clone());
            Ok(Event::MemberAdmitted(MemberAdmitted { alliance: id.clone(), member: Box::new(admitted) }))
        }
        Action::RemoveMember { account } => {
            if *account == alliance.spec.leader {
                return Err("the leader cannot be removed".into());
            }
            let member = alliance
                .spec
                .members
                .iter_mut()
                .find(|m| m.account == *account && m.status != MemberStatus::Exited)
                .ok_or_else(|| format!("{account} is not a current member"))?;
            member.status = MemberStatus::Exited;
            Ok(Event::MemberRemoved(MemberRemoved { alliance: id.clone(), account: *account }))
        }
        Action::AmendAgreement { agreement } => {
            alliance.spec.agreement = (**agreement).clone();
            Ok(Event::AgreementAmended(AgreementAmended {
                alliance: id.clone(),
                duration_days: agreement.duration_days,
                commitments: agreement.commitments.len(),
                kpis: agreement.kpis.len(),
            }))
        }
        Action::AdvancePhase { phase } => {
            check_advance(alliance, *phase)?;
            alliance.progress.phase = *phase;
            alliance.progress.advances.push(PhaseAdvance { phase: *phase, at });
            let unlocked = alliance
                .spec
                .roadmap
                .as_ref()
                .and_then(|r| r.phases.get(*phase as usize))
                .map(|p| p.unlocks.clone())
                .unwrap_or_default();
            Ok(Event::PhaseAdvanced(PhaseAdvanced { alliance: id.clone(), phase: *phase, unlocked }))
        }
    }
}

/// Whether the alliance may advance to `phase` now: it follows a roadmap,
/// `phase` is the next one, and the current phase's retrospective is recorded.
pub(crate) fn check_advance(alliance: &Alliance, phase: u32) -> Result<(), String> {
    let Some(roadmap) = &alliance.spec.roadmap else {
        return Err(format!("`{}` has no roadmap", alliance.spec.id));
    };
    let current = alliance.progress.phase;
    if phase != current + 1 {
        return Err(format!(
            "the alliance is in phase {current}: only phase {} can be next, got {phase}",
            current + 1
        ));
    }
    if phase as usize >= roadmap.phases.len() {
        return Err(format!("phase {current} is the roadmap's last ({} phases)", roadmap.phases.len()));
    }
    if !alliance.progress.retrospectives.contains_key(&current) {
        return Err(format!(
            "phase {current} ({}) has no recorded retrospective: record one (record-retrospective) before advancing",
            roadmap.phases[current as usize].name
        ));
    }
    Ok(())
}
