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

fn grant(c: &Collective, mission: u64) -> MissionResult<&MissionGrant> {
    c.grants.get(&mission).ok_or_else(|| invalid("body.mission", format!("mission {mission} has no grant")))
}

/// `attest-milestone`: the milestone's share (the last takes the remainder) goes to the team, locked.
pub(crate) fn attest(
    m: &mut Missions,
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
    let ms = p.milestones.get(cmd.milestone).ok_or_else(|| {
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
    // share = ⌊amount · bps / 10000⌋ (floor); the last milestone releases what is left (the dust).
    let share = if last {
        Amount(g.amount.0 - g.released.0)
    } else {
        g.amount.mul_div_floor(u128::from(ms.share_bps.0), 10_000).unwrap_or(Amount::ZERO)
    };
    let team = treasury_address(&g.alliance);
    let (token, lock_until) = (c.token, g.lock_until);
    // Where the share goes: the team's treasury, or its members by the reward plan
    // (`⌊share · bpsᵢ / 10000⌋` each, the remainder to `dust_to`).
    let mut payees: Vec<(Address, Amount)> = match &p.plan {
        None => vec![(team, share)],
        Some(plan) => {
            let weights: Vec<u128> = plan.shares.iter().map(|s| u128::from(s.bps.0)).collect();
            let (parts, dust) = crate::split::split_floor(share, &weights)
                .unwrap_or((vec![Amount::ZERO; weights.len()], share));
            let mut payees: Vec<(Address, Amount)> =
                plan.shares.iter().map(|s| s.recipient).zip(parts).collect();
            if let Some(slot) = payees.iter_mut().find(|(a, _)| *a == plan.dust_to) {
                slot.1 = Amount(slot.1.0 + dust.0);
            }
            payees
        }
    };
    payees.retain(|(_, amount)| !amount.is_zero());
    let mut plan = Plan::default();
    for (to, amount) in &payees {
        plan.transfer(token, grant_account(&cmd.collective), *to, *amount);
    }
    let mut events = if payees.is_empty() { Vec::new() } else { k.transact(plan, at)? };
    if lock_until > at {
        for (to, amount) in &payees {
            k.add_lockup(*to, token, Lockup { amount: *amount, unlock_at: lock_until }, at);
        }
    }
    let c = collective_mut(m, &cmd.collective);
    let g = c.grants.get_mut(&cmd.mission).expect("checked");
    g.released.0 += share.0;
    g.attested.insert(cmd.milestone);
    if last {
        g.status = GrantStatus::Delivered;
        let leader = c.missions[&cmd.mission].leader;
        let t = c.tracks.entry(leader).or_default();
        t.delivered.0 = t.delivered.0.saturating_add(g.amount.0);
        t.completed += 1;
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

/// `clawback-grant`: a critical milestone past due and not attested, while the lock-up runs.
pub(crate) fn clawback(
    m: &mut Missions,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    cmd: &ClawbackGrant,
) -> EngineResult<Vec<Event>> {
    let c = collective(m, &cmd.collective)?;
    steward(k, c, actor, true)?;
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
    let amount = Amount(g.amount.0 - g.released.0);
    let mut events = if amount.is_zero() {
        Vec::new()
    } else {
        k.transact(
            Plan::transfer_one(
                c.token,
                grant_account(&cmd.collective),
                treasury_address(&cmd.collective),
                amount,
            ),
            at,
        )?
    };
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
