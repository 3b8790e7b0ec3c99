//! A team's side of its grant: how a release is split among the members
//! (fixed shares, contribution weights, peer points), and the conflict
//! policy (a member who worked less, one absent through no fault, one who
//! leaves, decisions by the leader or by the members).
//!
//! A release is split in three exact steps (docs/missions.md):
//! 1. parts by the epoch's weights, `⌊share · wᵢ / Σw⌋`, the remainder to `dust_to`;
//! 2. each part reduced to `⌊partᵢ · keepᵢ · presentᵢ / (10000 · epoch)⌋`, where
//!    `keepᵢ` is a decided share reduction (bps, default 10 000) and `presentᵢ`
//!    the seconds of the epoch the member was not absent;
//! 3. what the reductions freed is split among the unreduced members by their
//!    weights (remainder to `dust_to`, or the first of them), or goes to the
//!    team's treasury when every member was reduced.

use std::collections::{BTreeMap, BTreeSet};

use super::error::{MissionError, MissionResult};
use super::handlers::{collective, collective_mut, invalid, phase, text};
use super::msg::*;
use super::state::*;
use crate::alliance::{DecisionModel, MemberStatus, treasury_address};
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Plan};
use crate::split::split_floor;
use crate::types::{Address, AllianceId, Amount, Timestamp};
use crate::vesting::{GrantBook, RevokeVesting};

/// Most members named in one decision or one set of gifts.
const MAX_NAMED: usize = 64;
/// Most decisions waiting for approvals per grant.
const MAX_PENDING: usize = 16;

/// How one release splits: each member's part, and what goes to the team's treasury.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseSplit {
    /// Member, part before reductions, part paid (members with neither are left out).
    pub parts: Vec<(Address, Amount, Amount)>,
    /// To the team's treasury (no member could take it).
    pub to_team: Amount,
}

/// The members a release is split among: accepted members of the team who
/// have not left, in the alliance's order.
pub fn eligible(k: &Kernel<'_>, team: &AllianceId, book: &TeamBook) -> Vec<Address> {
    eligible_in(k.alliances().get(team), book)
}

/// [`eligible`] for an alliance already looked up (the query layer's path).
pub fn eligible_in(team: Option<&crate::alliance::Alliance>, book: &TeamBook) -> Vec<Address> {
    team.map_or_else(Vec::new, |a| {
        a.spec
            .members
            .iter()
            .filter(|m| m.status == MemberStatus::Member && !book.left.contains_key(&m.account))
            .map(|m| m.account)
            .collect()
    })
}

/// Seconds of `[start, at]` a member was absent.
fn absent_secs(book: &TeamBook, member: Address, at: Timestamp) -> u64 {
    book.absences.get(&member).map_or(0, |a| {
        let from = a.since.0.max(book.epoch_start.0);
        let to = a.until.map_or(at.0, |u| u.0.min(at.0));
        to.saturating_sub(from)
    })
}

/// The epoch's weights, one per member (see the module's steps).
fn weights(plan: &RewardPlan, book: &TeamBook, members: &[Address]) -> Vec<u128> {
    let w: Vec<u128> = members
        .iter()
        .map(|m| match &plan.split {
            RewardSplit::Fixed { shares } => {
                shares.iter().find(|s| s.recipient == *m).map_or(0, |s| u128::from(s.bps.0))
            }
            RewardSplit::Contribution => book.contributions.get(m).map_or(0, |w| u128::from(*w)),
            RewardSplit::Peer { .. } => {
                book.gives.values().filter_map(|to| to.get(m)).map(|p| u128::from(*p)).sum()
            }
        })
        .collect();
    let none = w.iter().all(|x| *x == 0);
    // Nothing recorded or given: equal shares (a fixed plan has no such case
    // unless every named member left, and then the team's treasury takes it).
    if none && !matches!(plan.split, RewardSplit::Fixed { .. }) { vec![1; members.len()] } else { w }
}

/// Who takes a rounding remainder among `candidates` (indices with weight):
/// `dust_to`, else the leader, else the first.
fn dust_slot(members: &[Address], candidates: &[usize], dust_to: Address, leader: Address) -> Option<usize> {
    let find = |a: Address| candidates.iter().copied().find(|i| members[*i] == a);
    find(dust_to).or_else(|| find(leader)).or_else(|| candidates.first().copied())
}

/// Splits `share`, released at `at`, by the plan and the team's book (pure).
pub fn split_release(
    plan: &RewardPlan,
    book: &TeamBook,
    members: &[Address],
    leader: Address,
    share: Amount,
    at: Timestamp,
) -> ReleaseSplit {
    let w = weights(plan, book, members);
    let Some((mut parts, dust)) = split_floor(share, &w) else {
        return ReleaseSplit { parts: Vec::new(), to_team: share };
    };
    let weighted: Vec<usize> = (0..members.len()).filter(|i| w[*i] > 0).collect();
    if let Some(i) = dust_slot(members, &weighted, plan.dust_to, leader) {
        parts[i].0 += dust.0;
    }
    let epoch = at.0.saturating_sub(book.epoch_start.0);
    let mut paid = parts.clone();
    let mut freed = Amount::ZERO;
    let mut full = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let keep = book.adjustments.get(m).map_or(10_000, |a| u128::from(a.keep_bps.0));
        let present = epoch.saturating_sub(absent_secs(book, *m, at));
        let whole = keep == 10_000 && present == epoch;
        if whole {
            if w[i] > 0 {
                full.push(i);
            }
            continue;
        }
        // ⌊part · keep · present / (10000 · epoch)⌋, floor (an epoch of 0 s counts as present).
        let (num, den) = if epoch == 0 {
            (keep, 10_000)
        } else {
            (keep * u128::from(present), 10_000 * u128::from(epoch))
        };
        paid[i] = parts[i].mul_div_floor(num, den).unwrap_or(Amount::ZERO);
        freed.0 += parts[i].0 - paid[i].0;
    }
    let mut to_team = Amount::ZERO;
    if !freed.is_zero() {
        let fw: Vec<u128> = full.iter().map(|i| w[*i]).collect();
        match split_floor(freed, &fw) {
            Some((extra, dust)) => {
                for (slot, x) in full.iter().zip(extra) {
                    paid[*slot].0 += x.0;
                }
                if let Some(i) = dust_slot(members, &full, plan.dust_to, leader) {
                    paid[i].0 += dust.0;
                }
            }
            None => to_team = freed,
        }
    }
    // Members with no part and no pay (outside a fixed plan) are left out.
    let parts = members
        .iter()
        .zip(parts)
        .zip(paid)
        .map(|((m, e), p)| (*m, e, p))
        .filter(|(_, e, p)| !e.is_zero() || !p.is_zero())
        .collect();
    ReleaseSplit { parts, to_team }
}

/// The grant (active) and its plan, for a team command.
fn team_grant<'m>(
    m: &'m Missions,
    collective_id: &AllianceId,
    mission: u64,
) -> MissionResult<(&'m MissionGrant, &'m RewardPlan)> {
    let c = collective(m, collective_id)?;
    let g = super::grants::grant(c, mission)?;
    if g.status != GrantStatus::Active {
        return Err(phase("body.mission", "the grant is no longer active"));
    }
    let plan = c.missions[&mission]
        .plan
        .as_ref()
        .ok_or_else(|| invalid("body.mission", format!("mission {mission} has no reward plan")))?;
    Ok((g, plan))
}

fn book_mut<'m>(m: &'m mut Missions, collective_id: &AllianceId, mission: u64) -> &'m mut TeamBook {
    &mut collective_mut(m, collective_id).grants.get_mut(&mission).expect("checked").team
}

fn not_member(who: Address, team: &AllianceId) -> MissionError {
    MissionError::NotAllowed { rule: format!("{who} is not an accepted member of `{team}` who has not left") }
}

fn changed(cmd_c: &AllianceId, mission: u64, member: Option<Address>, change: &str) -> Event {
    Event::TeamChanged(TeamChanged {
        collective: cmd_c.clone(),
        mission,
        member,
        change: change.into(),
        amount: None,
    })
}

/// `give-points`: a member's gifts for the current epoch (peer allocation).
pub(crate) fn give(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    cmd: &GivePoints,
) -> EngineResult<Vec<Event>> {
    let (g, plan) = team_grant(m, &cmd.collective, cmd.mission)?;
    let RewardSplit::Peer { points: budget } = plan.split else {
        return Err(invalid(
            "body.mission",
            format!("mission {}'s reward plan is not peer allocation", cmd.mission),
        )
        .into());
    };
    let members = eligible(k, &g.alliance, &g.team);
    if !members.contains(&actor) {
        return Err(not_member(actor, &g.alliance).into());
    }
    let plan_error = |path: String, rule: String| MissionError::Plan { path, rule };
    if cmd.gifts.len() > MAX_NAMED {
        return Err(plan_error(
            "body.gifts".into(),
            format!("at most {MAX_NAMED} gifts, got {}", cmd.gifts.len()),
        )
        .into());
    }
    let mut to = BTreeMap::new();
    let mut sum: u64 = 0;
    for (i, gift) in cmd.gifts.iter().enumerate() {
        let path = |f: &str| format!("body.gifts[{i}].{f}");
        if gift.to == actor {
            return Err(plan_error(path("to"), "a member cannot give points to themselves".into()).into());
        }
        if !members.contains(&gift.to) {
            return Err(plan_error(path("to"), format!("{} is not a member of the team", gift.to)).into());
        }
        if gift.points == 0 {
            return Err(plan_error(path("points"), "must be greater than zero".into()).into());
        }
        if to.insert(gift.to, gift.points).is_some() {
            return Err(plan_error(path("to"), format!("{} appears twice", gift.to)).into());
        }
        sum += u64::from(gift.points);
    }
    if sum > u64::from(budget) {
        return Err(
            plan_error("body.gifts".into(), format!("at most {budget} points per epoch, got {sum}")).into()
        );
    }
    let book = book_mut(m, &cmd.collective, cmd.mission);
    if to.is_empty() {
        book.gives.remove(&actor);
    } else {
        book.gives.insert(actor, to);
    }
    Ok(vec![changed(&cmd.collective, cmd.mission, Some(actor), "gave")])
}

fn check_action(action: &TeamAction, plan: &RewardPlan, members: &[Address]) -> MissionResult<()> {
    let plan_error = |path: String, rule: String| MissionError::Plan { path, rule };
    match action {
        TeamAction::RecordContributions { weights } => {
            if plan.split != RewardSplit::Contribution {
                return Err(invalid("body.action", "the mission's reward plan is not contribution weights"));
            }
            if weights.is_empty() || weights.len() > MAX_NAMED {
                return Err(plan_error(
                    "body.action.weights".into(),
                    format!("must name 1 to {MAX_NAMED} members, got {}", weights.len()),
                ));
            }
            let mut seen = BTreeSet::new();
            for (i, w) in weights.iter().enumerate() {
                if !members.contains(&w.member) {
                    let rule = format!("{} is not a member of the team", w.member);
                    return Err(plan_error(format!("body.action.weights[{i}].member"), rule));
                }
                if !seen.insert(w.member) {
                    let rule = format!("{} appears twice", w.member);
                    return Err(plan_error(format!("body.action.weights[{i}].member"), rule));
                }
            }
            if weights.iter().all(|w| w.weight == 0) {
                return Err(plan_error(
                    "body.action.weights".into(),
                    "at least one weight must be positive".into(),
                ));
            }
        }
        TeamAction::AdjustShare { member, keep_bps, reason } => {
            if !members.contains(member) {
                return Err(invalid("body.action.member", format!("{member} is not a member of the team")));
            }
            if keep_bps.0 >= 10_000 {
                return Err(invalid(
                    "body.action.keep_bps",
                    format!("must be below 10000, got {}", keep_bps.0),
                ));
            }
            text("body.action.reason", reason, true)?;
        }
    }
    Ok(())
}

/// `team-decision`: the leader decides alone (`leader`), or each accepted
/// member signs the same decision and it applies once more than half have
/// (`members`; the member a share reduction is about does not take part).
pub(crate) fn decide(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    cmd: &TeamDecision,
) -> EngineResult<Vec<Event>> {
    let (g, plan) = team_grant(m, &cmd.collective, cmd.mission)?;
    let members = eligible(k, &g.alliance, &g.team);
    check_action(&cmd.action, plan, &members)?;
    let team = &k.alliances()[&g.alliance];
    let subject = match &cmd.action {
        TeamAction::AdjustShare { member, .. } => Some(*member),
        TeamAction::RecordContributions { .. } => None,
    };
    let electorate: Vec<Address> = match team.spec.decision_model {
        DecisionModel::Leader => vec![team.spec.leader],
        DecisionModel::Members => members.iter().copied().filter(|a| Some(*a) != subject).collect(),
        other => {
            return Err(MissionError::NotAllowed {
                rule: format!(
                    "team decisions follow the decision model `leader` or `members`; `{}` uses `{}`",
                    g.alliance,
                    other.name()
                ),
            }
            .into());
        }
    };
    if !electorate.contains(&actor) {
        return Err(MissionError::NotAllowed {
            rule: format!("{actor} does not take part in this decision of `{}`", g.alliance),
        }
        .into());
    }
    let book = &g.team;
    let index = book.pending.iter().position(|p| p.action == cmd.action);
    if index.is_some_and(|i| book.pending[i].approvals.contains(&actor)) {
        return Err(MissionError::Duplicate {
            field: "body.action",
            rule: format!("{actor} approved this decision already"),
        }
        .into());
    }
    if index.is_none() && book.pending.len() >= MAX_PENDING {
        return Err(invalid(
            "body.action",
            format!("at most {MAX_PENDING} decisions may wait for approvals"),
        )
        .into());
    }
    let needed = electorate.len() / 2 + 1;
    let book = book_mut(m, &cmd.collective, cmd.mission);
    let i = index.unwrap_or_else(|| {
        book.pending.push(PendingDecision { action: cmd.action.clone(), approvals: BTreeSet::new() });
        book.pending.len() - 1
    });
    book.pending[i].approvals.insert(actor);
    if book.pending[i].approvals.len() < needed {
        return Ok(vec![changed(&cmd.collective, cmd.mission, subject, "decision-approved")]);
    }
    match book.pending.remove(i).action {
        TeamAction::RecordContributions { weights } => {
            book.contributions = weights.iter().map(|w| (w.member, w.weight)).collect();
        }
        TeamAction::AdjustShare { member, keep_bps, reason } => {
            book.adjustments.insert(member, Adjustment { keep_bps, reason });
        }
    }
    Ok(vec![changed(&cmd.collective, cmd.mission, subject, "decided")])
}

fn member_or_leader(k: &Kernel<'_>, g: &MissionGrant, actor: Address, member: Address) -> MissionResult<()> {
    let members = eligible(k, &g.alliance, &g.team);
    if !members.contains(&member) {
        return Err(invalid("body.member", format!("{member} is not a member of the team")));
    }
    let leader = k.alliances()[&g.alliance].spec.leader;
    if actor != member && actor != leader {
        return Err(MissionError::NotAllowed {
            rule: format!("only {member} or the leader {leader} records this"),
        });
    }
    Ok(())
}

/// `mark-absent`.
pub(crate) fn mark_absent(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    at: Timestamp,
    cmd: &MarkAbsent,
) -> EngineResult<Vec<Event>> {
    let (g, _) = team_grant(m, &cmd.collective, cmd.mission)?;
    member_or_leader(k, g, actor, cmd.member)?;
    text("body.reason", &cmd.reason, true)?;
    if g.team.absences.get(&cmd.member).is_some_and(|a| a.until.is_none()) {
        return Err(phase("body.member", format!("{} is absent already", cmd.member)).into());
    }
    let book = book_mut(m, &cmd.collective, cmd.mission);
    book.absences.insert(cmd.member, Absence { since: at, until: None, reason: cmd.reason.clone() });
    Ok(vec![changed(&cmd.collective, cmd.mission, Some(cmd.member), "absent")])
}

/// `mark-returned`.
pub(crate) fn mark_returned(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    at: Timestamp,
    cmd: &MarkReturned,
) -> EngineResult<Vec<Event>> {
    let (g, _) = team_grant(m, &cmd.collective, cmd.mission)?;
    member_or_leader(k, g, actor, cmd.member)?;
    if g.team.absences.get(&cmd.member).is_none_or(|a| a.until.is_some()) {
        return Err(phase("body.member", format!("{} is not absent", cmd.member)).into());
    }
    let book = book_mut(m, &cmd.collective, cmd.mission);
    book.absences.get_mut(&cmd.member).expect("checked").until = Some(at);
    Ok(vec![changed(&cmd.collective, cmd.mission, Some(cmd.member), "returned")])
}

/// Of the vesting grants `ids`, those not revoked and not fully vested at
/// `at` (what a leave or a clawback revokes), and what they have not vested.
pub(super) fn unvested(
    ids: impl Iterator<Item = u64>,
    vesting: &GrantBook,
    at: Timestamp,
) -> (Vec<u64>, Amount) {
    let mut open = Vec::new();
    let mut total = Amount::ZERO;
    for v in ids.filter_map(|id| vesting.by_id.get(&id)) {
        let left = v.total.0 - v.vested_at(at).0;
        if v.revoked.is_none() && left > 0 {
            open.push(v.id);
            total.0 += left;
        }
    }
    (open, total)
}

/// Closes the current epoch after a release: its gifts join the graph, its
/// weights, reductions and ended absences are cleared.
pub(super) fn close_epoch(book: &mut TeamBook, epoch: Epoch) {
    let number = epoch.epoch;
    for (from, to) in std::mem::take(&mut book.gives) {
        for (to, points) in to {
            book.given.push(Give { epoch: number, from, to, points });
        }
    }
    book.contributions.clear();
    book.adjustments.clear();
    book.pending.clear();
    book.absences.retain(|_, a| a.until.is_none());
    book.epoch_start = epoch.end;
    book.epochs.push(epoch);
}

/// A member leaving `alliance` forfeits, in every active grant of the team,
/// each of their reward vestings (what vested stays theirs; what had not
/// goes to the team's treasury). The exit itself is `crate::exit`'s.
pub(crate) fn forfeit_unvested(
    m: &mut Missions,
    vesting: &mut GrantBook,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    cmd: &LeaveAlliance,
) -> EngineResult<Vec<Event>> {
    // What each grant of the team forfeits: the member's unvested reward vestings.
    let mut forfeits: Vec<(AllianceId, u64, Vec<u64>, Amount)> = Vec::new();
    for (cid, c) in &m.collectives {
        for (mission, g) in &c.grants {
            if g.alliance != cmd.alliance || g.status == GrantStatus::ClawedBack {
                continue;
            }
            let theirs = g.team.epochs.iter().flat_map(|e| &e.payouts).filter(|p| p.member == actor);
            let (ids, total) = unvested(theirs.filter_map(|p| p.vesting), vesting, at);
            forfeits.push((cid.clone(), *mission, ids, total));
        }
    }
    let mut events = Vec::new();
    for (cid, mission, ids, total) in forfeits {
        let escrow = grant_account(&cid);
        for id in ids {
            events.extend(crate::vesting::revoke(vesting, k, escrow, at, &RevokeVesting { grant: id })?);
        }
        if !total.is_zero() {
            let token = m.collectives[&cid].token;
            events.extend(
                k.transact(Plan::transfer_one(token, escrow, treasury_address(&cmd.alliance), total), at)?,
            );
        }
        book_mut(m, &cid, mission).left.insert(actor, total);
        events.push(Event::TeamChanged(TeamChanged {
            collective: cid,
            mission,
            member: Some(actor),
            change: "left".into(),
            amount: Some(total),
        }));
    }
    Ok(events)
}
