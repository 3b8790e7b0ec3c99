//! Grants: attested milestones release locked shares; a missed critical
//! milestone lets the collective claw back what is unreleased.

use super::error::{MissionError, MissionResult};
use super::handlers::{collective, collective_mut, invalid, phase, steward, text};
use super::msg::*;
use super::state::*;
use crate::alliance::treasury_address;
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Lockup, Plan};
use crate::types::{Address, Amount, Timestamp};
use crate::vesting::{CreateVesting, GrantBook, RevokeVesting};

pub(super) fn grant(c: &Collective, mission: u64) -> MissionResult<&MissionGrant> {
    c.grants.get(&mission).ok_or_else(|| invalid("body.mission", format!("mission {mission} has no grant")))
}

/// `attest-milestone`: the milestone's share (the last takes the remainder) goes to the team, locked.
pub(crate) fn attest(
    m: &mut Missions,
    vesting: &mut GrantBook,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    cmd: &AttestMilestone,
) -> EngineResult<Vec<Event>> {
    let c = collective(m, &cmd.collective)?;
    steward(k, c, actor, true)?;
    let g = grant(c, cmd.mission)?;
    let p = &c.missions[&cmd.mission];
    if g.status != GrantStatus::Active {
        return Err(phase("body.mission", "the grant is no longer active").into());
    }
    p.milestones.get(cmd.milestone).ok_or_else(|| {
        invalid("body.milestone", format!("mission {} has {} milestones", p.id, p.milestones.len()))
    })?;
    if g.attested.contains(&cmd.milestone) {
        return Err(MissionError::Duplicate {
            field: "body.milestone",
            rule: format!("milestone {} is attested already", cmd.milestone),
        }
        .into());
    }
    let last = g.attested.len() + 1 == p.milestones.len();
    if g.stream.is_some() {
        // A streamed grant releases nothing here: the stream pays the team.
        let lock_until = g.lock_until;
        record_attested(collective_mut(m, &cmd.collective), cmd, Amount::ZERO, None, last);
        return Ok(vec![Event::MilestoneAttested(MilestoneAttested {
            collective: cmd.collective.clone(),
            mission: cmd.mission,
            milestone: cmd.milestone,
            released: Amount::ZERO,
            lock_until,
        })]);
    }
    let share = g.milestone_share(&p.milestones, cmd.milestone);
    let team = treasury_address(&g.alliance);
    let (token, lock_until) = (c.token, g.lock_until);
    let escrow = grant_account(&cmd.collective);
    let mut events = Vec::new();
    let mut split_event = None;
    match &p.plan {
        // No plan: the share goes to the team's treasury, locked.
        None => {
            if !share.is_zero() {
                events = k.transact(Plan::transfer_one(token, escrow, team, share), at)?;
                if lock_until > at {
                    k.add_lockup(team, token, Lockup { amount: share, unlock_at: lock_until }, at);
                }
            }
        }
        Some(plan) => {
            let leader = p.leader;
            let members = super::team::eligible(k, &g.alliance, &g.team);
            let split = super::team::split_release(plan, &g.team, &members, leader, share, at);
            // Each part vests from the release: never before the lock-up ends,
            // and by the plan's cliff and duration.
            let lock = lock_until.0.saturating_sub(at.0);
            let cliff = plan.vesting.map_or(lock, |v| v.cliff_secs.max(lock));
            let duration = plan.vesting.map_or(cliff, |v| v.duration_secs.max(cliff));
            let mut payouts = Vec::with_capacity(split.parts.len());
            for (member, entitled, paid) in split.parts {
                let mut vesting_id = None;
                if !paid.is_zero() {
                    if duration == 0 {
                        events.extend(k.transact(Plan::transfer_one(token, escrow, member, paid), at)?);
                    } else {
                        let create = CreateVesting {
                            beneficiary: member,
                            token,
                            total: paid,
                            start: at,
                            cliff_secs: cliff,
                            duration_secs: duration,
                            revocable: true,
                        };
                        events.extend(crate::vesting::create(vesting, k, escrow, at, &create)?);
                        vesting_id = Some(vesting.last_id);
                    }
                }
                payouts.push(Payout { member, entitled, paid, vesting: vesting_id });
            }
            if !split.to_team.is_zero() {
                events.extend(k.transact(Plan::transfer_one(token, escrow, team, split.to_team), at)?);
                if lock_until > at {
                    k.add_lockup(team, token, Lockup { amount: split.to_team, unlock_at: lock_until }, at);
                }
            }
            let epoch = Epoch {
                epoch: u32::try_from(g.attested.len()).unwrap_or(u32::MAX),
                start: g.team.epoch_start,
                end: at,
                milestone: cmd.milestone,
                released: share,
                payouts,
                to_team: split.to_team,
            };
            split_event = Some(epoch);
        }
    }
    record_attested(collective_mut(m, &cmd.collective), cmd, share, split_event.clone(), last);
    if let Some(epoch) = split_event {
        events.push(Event::RewardsSplit(RewardsSplit {
            collective: cmd.collective.clone(),
            mission: cmd.mission,
            epoch,
        }));
    }
    events.push(Event::MilestoneAttested(MilestoneAttested {
        collective: cmd.collective.clone(),
        mission: cmd.mission,
        milestone: cmd.milestone,
        released: share,
        lock_until,
    }));
    Ok(events)
}

/// Records an attestation: the share released, the epoch closed, and on the
/// last milestone the grant delivered and the leader's track record credited.
fn record_attested(
    c: &mut Collective,
    cmd: &AttestMilestone,
    share: Amount,
    epoch: Option<Epoch>,
    last: bool,
) {
    let g = c.grants.get_mut(&cmd.mission).expect("checked by the caller");
    g.released.0 += share.0;
    g.attested.insert(cmd.milestone);
    if let Some(epoch) = epoch {
        super::team::close_epoch(&mut g.team, epoch);
    }
    if last {
        g.status = GrantStatus::Delivered;
        let (leader, amount) = (c.missions[&cmd.mission].leader, g.amount);
        let t = c.tracks.entry(leader).or_default();
        t.delivered.0 = t.delivered.0.saturating_add(amount.0);
        t.completed += 1;
    }
}

/// `clawback-grant`: a critical milestone past due and not attested, while the lock-up runs.
/// Signed by the collective's leader, an admin or an attestor; a
/// `clawback-grant` action of a proposal of the collective runs the same
/// rules ([`check_clawback`] before it executes, [`apply_clawback`] after).
pub(crate) fn clawback(
    m: &mut Missions,
    vesting: &mut GrantBook,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    cmd: &ClawbackGrant,
) -> EngineResult<Vec<Event>> {
    steward(k, collective(m, &cmd.collective)?, actor, true)?;
    check_clawback(m, at, cmd)?;
    apply_clawback(m, vesting, k, at, cmd)
}

/// Whether `cmd` may claw back now (everything but who asks).
pub(crate) fn check_clawback(m: &Missions, at: Timestamp, cmd: &ClawbackGrant) -> EngineResult<()> {
    let c = collective(m, &cmd.collective)?;
    text("body.reason", &cmd.reason, true)?;
    let g = grant(c, cmd.mission)?;
    let p = &c.missions[&cmd.mission];
    if g.status != GrantStatus::Active {
        return Err(phase("body.mission", "the grant is no longer active").into());
    }
    if at >= g.lock_until {
        return Err(phase(
            "body.mission",
            format!("the lock-up ended at {}; a clawback must come before", g.lock_until),
        )
        .into());
    }
    match cmd.dispute {
        Some(d) => {
            let flagged = m
                .disputes
                .get(&g.alliance)
                .and_then(|log| log.get(usize::try_from(d).ok()?))
                .is_some_and(|x| x.defrauds.as_ref() == Some(&cmd.collective) && x.resolution.is_none());
            if !flagged {
                return Err(invalid(
                    "body.dispute",
                    format!(
                        "`{}` has no open dispute {d} flagged as defrauding `{}`",
                        g.alliance, cmd.collective
                    ),
                )
                .into());
            }
        }
        None => {
            let ms = p.milestones.get(cmd.milestone).ok_or_else(|| {
                invalid("body.milestone", format!("mission {} has {} milestones", p.id, p.milestones.len()))
            })?;
            if !ms.critical {
                return Err(invalid(
                    "body.milestone",
                    format!("milestone {} is not critical", cmd.milestone),
                )
                .into());
            }
            if g.attested.contains(&cmd.milestone) || at <= ms.due {
                return Err(phase(
                    "body.milestone",
                    format!(
                        "milestone {} is not missed (due {}, attested: {})",
                        cmd.milestone,
                        ms.due,
                        g.attested.contains(&cmd.milestone)
                    ),
                )
                .into());
            }
        }
    }
    Ok(())
}

/// Takes back what [`check_clawback`] allowed.
pub(crate) fn apply_clawback(
    m: &mut Missions,
    vesting: &mut GrantBook,
    k: &mut Kernel<'_>,
    at: Timestamp,
    cmd: &ClawbackGrant,
) -> EngineResult<Vec<Event>> {
    let c = collective(m, &cmd.collective)?;
    let g = grant(c, cmd.mission)?;
    // What is taken back: the unreleased part, and every member's reward
    // vesting that has not vested (revoked back to the grant account).
    // A streamed grant: stop the stream (what has streamed stays the team's);
    // otherwise the unreleased part returns.
    let unreleased = if g.stream.is_some() { Amount::ZERO } else { Amount(g.amount.0 - g.released.0) };
    let rewards = g.team.epochs.iter().flat_map(|e| &e.payouts).filter_map(|p| p.vesting);
    let (revoke, unvested) = super::team::unvested(g.stream.into_iter().chain(rewards), vesting, at);
    let amount = Amount(unreleased.0 + unvested.0);
    let (token, escrow) = (c.token, grant_account(&cmd.collective));
    let mut events = Vec::new();
    for id in revoke {
        events.extend(crate::vesting::revoke(vesting, k, escrow, at, &RevokeVesting { grant: id })?);
    }
    if !amount.is_zero() {
        events.extend(
            k.transact(Plan::transfer_one(token, escrow, treasury_address(&cmd.collective), amount), at)?,
        );
    }
    let g = collective_mut(m, &cmd.collective).grants.get_mut(&cmd.mission).expect("checked");
    g.clawed_back = amount;
    g.status = GrantStatus::ClawedBack;
    events.push(Event::GrantClawedBack(GrantClawedBack {
        collective: cmd.collective.clone(),
        mission: cmd.mission,
        milestone: cmd.milestone,
        amount,
        reason: cmd.reason.clone(),
    }));
    Ok(events)
}

/// `record-dispute`: an accepted member of the alliance records a dispute.
pub(crate) fn record_dispute(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    at: Timestamp,
    cmd: &RecordDispute,
) -> EngineResult<Vec<Event>> {
    let a = k
        .alliances()
        .get(&cmd.alliance)
        .ok_or_else(|| invalid("body.alliance", format!("unknown alliance `{}`", cmd.alliance)))?;
    let member =
        |x: Address| a.spec.member(x).is_some_and(|m| m.status == crate::alliance::MemberStatus::Member);
    if !member(actor) {
        return Err(MissionError::NotAllowed {
            rule: format!("{actor} is not an accepted member of `{}`", cmd.alliance),
        }
        .into());
    }
    if let Some(about) = cmd.about
        && a.spec.member(about).is_none()
    {
        return Err(invalid("body.about", format!("{about} is not a member of `{}`", cmd.alliance)).into());
    }
    if let Some(c) = &cmd.defrauds
        && !m.collectives.contains_key(c)
    {
        return Err(invalid("body.defrauds", format!("`{c}` is not a collective")).into());
    }
    text("body.description", &cmd.description, true)?;
    let log = m.disputes.entry(cmd.alliance.clone()).or_default();
    if log.len() >= 1_024 {
        return Err(invalid("body.alliance", "keeps at most 1024 disputes").into());
    }
    let id = log.len() as u64;
    log.push(Dispute {
        id,
        by: actor,
        about: cmd.about,
        description: cmd.description.clone(),
        defrauds: cmd.defrauds.clone(),
        at,
        resolution: None,
    });
    Ok(vec![Event::DisputeChanged(DisputeChanged {
        alliance: cmd.alliance.clone(),
        dispute: id,
        change: "recorded".into(),
        defrauds: cmd.defrauds.clone(),
    })])
}

/// `resolve-dispute`: the alliance's leader records the resolution.
pub(crate) fn resolve_dispute(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    cmd: &ResolveDispute,
) -> EngineResult<Vec<Event>> {
    let a = k
        .alliances()
        .get(&cmd.alliance)
        .ok_or_else(|| invalid("body.alliance", format!("unknown alliance `{}`", cmd.alliance)))?;
    if a.spec.leader != actor {
        return Err(MissionError::NotAllowed {
            rule: format!("only the leader {} resolves disputes", a.spec.leader),
        }
        .into());
    }
    text("body.resolution", &cmd.resolution, true)?;
    let d = m
        .disputes
        .get_mut(&cmd.alliance)
        .and_then(|log| log.get_mut(usize::try_from(cmd.dispute).ok()?))
        .ok_or_else(|| {
            invalid("body.dispute", format!("`{}` has no dispute {}", cmd.alliance, cmd.dispute))
        })?;
    if d.resolution.is_some() {
        return Err(phase("body.dispute", format!("dispute {} is resolved already", cmd.dispute)).into());
    }
    d.resolution = Some(cmd.resolution.clone());
    Ok(vec![Event::DisputeChanged(DisputeChanged {
        alliance: cmd.alliance.clone(),
        dispute: cmd.dispute,
        change: "resolved".into(),
        defrauds: d.defrauds.clone(),
    })])
}
