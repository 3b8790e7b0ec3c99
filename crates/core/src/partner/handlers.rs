//! Partner vetting handlers: each validates everything, then writes.

use super::msg::{CandidateScored, ScoreCandidate, ScorecardSet, SetScorecard};
use super::scorecard::{MAX_CANDIDATES, Scorecard};
use super::state::{CandidateCards, Partners, Vetting};
use crate::alliance::MemberStatus;
use crate::command::Event;
use crate::error::{EngineError, EngineResult};
use crate::kernel::Kernel;
use crate::problem::{Problem, Problems};
use crate::roles::Role;
use crate::types::{Address, AllianceId};

fn refused(field: &str, rule: impl Into<String>) -> EngineError {
    EngineError::InvalidScorecard { problems: vec![Problem::new(field.to_owned(), rule.into())] }
}

fn problems(out: Problems) -> EngineResult<()> {
    if out.is_empty() { Ok(()) } else { Err(EngineError::InvalidScorecard { problems: out.into_vec() }) }
}

fn alliance_known(k: &Kernel<'_>, id: &AllianceId) -> EngineResult<()> {
    if k.alliances().contains_key(id) {
        Ok(())
    } else {
        Err(refused("body.alliance", format!("unknown alliance `{id}`")))
    }
}

/// `set-scorecard`.
pub(crate) fn set(
    p: &mut Partners,
    k: &Kernel<'_>,
    actor: Address,
    cmd: &SetScorecard,
) -> EngineResult<Vec<Event>> {
    alliance_known(k, &cmd.alliance)?;
    let leader = k.alliances()[&cmd.alliance].spec.leader;
    if actor != leader && !k.roles().has(Role::Admin, actor) {
        return Err(EngineError::NotAllowed {
            rule: format!("{actor} is not the leader of `{}` or an admin", cmd.alliance),
        });
    }
    if p.vetting.get(&cmd.alliance).is_some_and(|v| !v.candidates.is_empty()) {
        return Err(refused(
            "body.scorecard",
            "candidates are scored already: the scorecard is fixed once scoring starts",
        ));
    }
    let mut out = Problems::default();
    cmd.scorecard.check("body.scorecard", &mut out);
    problems(out)?;
    p.vetting.insert(
        cmd.alliance.clone(),
        Vetting { scorecard: cmd.scorecard.clone(), candidates: Default::default() },
    );
    Ok(vec![Event::ScorecardSet(ScorecardSet {
        alliance: cmd.alliance.clone(),
        dimensions: cmd.scorecard.dimensions.len(),
    })])
}

/// `score-candidate`.
pub(crate) fn score(
    p: &mut Partners,
    k: &Kernel<'_>,
    actor: Address,
    cmd: &ScoreCandidate,
) -> EngineResult<Vec<Event>> {
    alliance_known(k, &cmd.alliance)?;
    let member =
        k.alliances()[&cmd.alliance].spec.member(actor).is_some_and(|m| m.status == MemberStatus::Member);
    if !member {
        return Err(EngineError::NotAllowed {
            rule: format!("{actor} is not an accepted member of `{}`", cmd.alliance),
        });
    }
    let default = Scorecard::default_template();
    let vetting = p.vetting.get(&cmd.alliance);
    let card = vetting.map_or(&default, |v| &v.scorecard);
    let mut out = Problems::default();
    card.check_candidate(&cmd.candidate, "body.candidate", &mut out);
    problems(out)?;
    let known = vetting.is_some_and(|v| v.candidates.contains_key(&cmd.candidate.id));
    if !known && vetting.is_some_and(|v| v.candidates.len() >= MAX_CANDIDATES) {
        return Err(refused(
            "body.candidate.id",
            format!("at most {MAX_CANDIDATES} candidates per alliance"),
        ));
    }
    let (_, total_bps) = card.totals(&cmd.candidate);
    let vetting = p
        .vetting
        .entry(cmd.alliance.clone())
        .or_insert_with(|| Vetting { scorecard: default, candidates: Default::default() });
    let entry = vetting
        .candidates
        .entry(cmd.candidate.id.clone())
        .or_insert_with(|| CandidateCards { name: cmd.candidate.name.clone(), cards: Default::default() });
    entry.name = cmd.candidate.name.clone();
    entry.cards.insert(actor, cmd.candidate.clone());
    Ok(vec![Event::CandidateScored(CandidateScored {
        alliance: cmd.alliance.clone(),
        candidate: cmd.candidate.id.clone(),
        scorer: actor,
        total_bps,
        flags: cmd.candidate.flags.iter().map(|f| f.flag.clone()).collect(),
    })])
}
