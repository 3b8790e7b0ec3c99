//! Mission proposals, the sponsor gate, budget ballots, the tally and the close.

use std::collections::{BTreeMap, BTreeSet};

use super::budget::{Allocation, Entry, Verdict, allocate};
use super::error::{MissionError, MissionResult};
use super::handlers::{MAX_ITEMS, collective, collective_mut, invalid, phase, text, texts};
use super::msg::*;
use super::state::*;
use crate::alliance::treasury_address;
use crate::command::Event;
use crate::error::EngineResult;
use crate::governance::{Governments, PowerSources, exceeds_share};
use crate::kernel::{Kernel, Plan, VePower};
use crate::types::{Address, Amount, IntentId, Timestamp};

use super::handlers::season;

fn check_milestones(milestones: &[super::state::Milestone], at: Timestamp) -> MissionResult<()> {
    if milestones.is_empty() || milestones.len() > MAX_ITEMS {
        return Err(invalid("body.milestones", format!("must list 1 to {MAX_ITEMS} milestones")));
    }
    let mut sum = 0u32;
    for ms in milestones {
        text("body.milestones", &ms.title, true)?;
        if ms.due <= at {
            return Err(invalid("body.milestones", format!("milestone `{}` is due in the past", ms.title)));
        }
        sum += u32::from(ms.share_bps.0);
    }
    if sum != 10_000 {
        return Err(invalid("body.milestones", format!("shares must sum to exactly 10000 bps, got {sum}")));
    }
    Ok(())
}

/// `propose-mission`: by the team's leader, before the budget vote opens.
pub(crate) fn propose(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    at: Timestamp,
    cmd: &ProposeMission,
) -> EngineResult<Vec<Event>> {
    let c = collective(m, &cmd.collective)?;
    let (s, _) = season(c, cmd.season, &cmd.intent)?;
    if at >= s.vote_start {
        return Err(phase(
            "body.season",
            format!("proposals close when the budget vote opens at {}", s.vote_start),
        )
        .into());
    }
    let team = k
        .alliances()
        .get(&cmd.alliance)
        .ok_or_else(|| invalid("body.alliance", format!("unknown alliance `{}`", cmd.alliance)))?;
    if team.spec.leader != actor {
        return Err(MissionError::NotAllowed {
            rule: format!("only the team's leader {} proposes its missions", team.spec.leader),
        }
        .into());
    }
    if cmd.alliance == cmd.collective {
        return Err(invalid("body.alliance", "the collective cannot propose a mission to itself").into());
    }
    text("body.title", &cmd.title, true)?;
    text("body.impact", &cmd.impact, true)?;
    texts("body.deliverables", &cmd.deliverables)?;
    if cmd.deliverables.is_empty() {
        return Err(invalid("body.deliverables", "must list at least one deliverable").into());
    }
    check_milestones(&cmd.milestones, at)?;
    if let Some(plan) = &cmd.plan {
        if cmd.stream {
            return Err(MissionError::Plan {
                path: "body.plan".into(),
                rule: "a streamed grant goes to the team's treasury; a reward plan splits milestone releases"
                    .into(),
            }
            .into());
        }
        check_plan(plan, team, &cmd.alliance)?;
    }
    if cmd.requested.is_zero() {
        return Err(invalid("body.requested", "must be greater than zero").into());
    }
    // An alliance's tier is its leader's tier.
    let tier = c.tier_of(actor);
    if let Some(cap) = tier.max_request
        && cmd.requested > cap
    {
        let needs = c
            .tiers
            .iter()
            .find(|t| t.max_request.is_none_or(|m| cmd.requested <= m))
            .map_or("none", |t| t.name.as_str());
        return Err(MissionError::AboveTier {
            tier: tier.name.clone(),
            cap,
            requested: cmd.requested,
            needs: needs.into(),
        }
        .into());
    }
    if let Some(rfp_id) = cmd.rfp {
        let rfp = c.rfps.get(&rfp_id).ok_or_else(|| invalid("body.rfp", format!("no RFP {rfp_id}")))?;
        if rfp.season != cmd.season || rfp.intent != cmd.intent {
            return Err(invalid(
                "body.rfp",
                format!("RFP {rfp_id} belongs to season {} intent `{}`", rfp.season, rfp.intent),
            )
            .into());
        }
        if c.rank(&tier.name) < c.rank(&rfp.min_tier) {
            return Err(MissionError::RfpTier {
                rfp: rfp_id,
                needs: rfp.min_tier.clone(),
                tier: tier.name.clone(),
            }
            .into());
        }
        if cmd.requested > rfp.budget_cap {
            return Err(invalid(
                "body.requested",
                format!("RFP {rfp_id} caps requests at {}, got {}", rfp.budget_cap, cmd.requested),
            )
            .into());
        }
    }
    let tier = tier.name.clone();
    let c = collective_mut(m, &cmd.collective);
    if c.missions.len() >= 4_096 {
        return Err(invalid("body.collective", "holds the most mission proposals (4096)").into());
    }
    c.last_id += 1;
    let id = c.last_id;
    c.missions.insert(
        id,
        MissionProposal {
            id,
            alliance: cmd.alliance.clone(),
            leader: actor,
            season: cmd.season,
            intent: cmd.intent.clone(),
            rfp: cmd.rfp,
            title: cmd.title.clone(),
            deliverables: cmd.deliverables.clone(),
            milestones: cmd.milestones.clone(),
            requested: cmd.requested,
            impact: cmd.impact.clone(),
            plan: cmd.plan.clone(),
            stream: cmd.stream,
            tier: tier.clone(),
            approvals: BTreeSet::new(),
            status: MissionStatus::Proposed,
        },
    );
    Ok(vec![Event::MissionProposed(MissionProposed {
        collective: cmd.collective.clone(),
        id,
        alliance: cmd.alliance.clone(),
        requested: cmd.requested,
        tier,
    })])
}

/// `approve-mission`: the governance sponsor gate's power rule, on the collective's governance.
pub(crate) fn approve(
    m: &mut Missions,
    govs: &Governments,
    k: &Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &ApproveMission,
) -> EngineResult<Vec<Event>> {
    let c = collective(m, &cmd.collective)?;
    let p = c
        .missions
        .get(&cmd.mission)
        .ok_or_else(|| invalid("body.mission", format!("no mission {}", cmd.mission)))?;
    let s = &c.seasons[&p.season];
    if at >= s.vote_start {
        return Err(phase(
            "body.mission",
            format!("approvals closed when the budget vote opened at {}", s.vote_start),
        )
        .into());
    }
    if p.approvals.contains(&actor) {
        return Err(MissionError::AlreadyApproved { mission: p.id }.into());
    }
    if p.approvals.len() >= usize::from(c.sponsor_approvals) {
        return Err(phase(
            "body.mission",
            format!("mission {} has all {} approvals it needs", p.id, c.sponsor_approvals),
        )
        .into());
    }
    let team = &k.alliances()[&p.alliance];
    if team.spec.member(actor).is_some() {
        return Err(MissionError::SponsorNotEligible {
            rule: format!("members of the proposing alliance `{}` cannot approve", p.alliance),
        }
        .into());
    }
    let alliance = &k.alliances()[&c.alliance];
    let gov = govs
        .get(&c.alliance)
        .ok_or_else(|| invalid("body.collective", "the collective has no governance"))?;
    let src = PowerSources { ledger: k.ledger(), ve };
    let (power, derived) = src.sponsor_power(alliance, gov, actor, at);
    let (total, of) = match s.votable_supply {
        Some(v) => (v.0, format!("the season's votable supply of {v}")),
        None => (derived, format!("{derived} voting power")),
    };
    let min = c.sponsor_min_power_bps.0;
    if !exceeds_share(power, total, min) {
        return Err(MissionError::SponsorNotEligible {
            rule: format!("holds {power} of {of}; sponsors need more than {min} bps"),
        }
        .into());
    }
    let c = collective_mut(m, &cmd.collective);
    let p = c.missions.get_mut(&cmd.mission).expect("checked");
    p.approvals.insert(actor);
    Ok(vec![Event::MissionApproved(MissionApproved {
        collective: cmd.collective.clone(),
        mission: cmd.mission,
        sponsor: actor,
        approvals: p.approvals.len(),
    })])
}

/// `cast-budget-ballot`: power at the season's snapshot (the vote's start).
pub(crate) fn ballot(
    m: &mut Missions,
    govs: &Governments,
    k: &Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &CastBudgetBallot,
) -> EngineResult<Vec<Event>> {
    let c = collective(m, &cmd.collective)?;
    let (s, _) = season(c, cmd.season, &cmd.intent)?;
    if at < s.vote_start || at > s.vote_end {
        return Err(phase(
            "body.season",
            format!("the budget vote runs from {} to {}", s.vote_start, s.vote_end),
        )
        .into());
    }
    let approve: BTreeSet<u64> = cmd.approve.iter().copied().collect();
    if approve.len() != cmd.approve.len() {
        return Err(invalid("body.approve", "lists a mission twice").into());
    }
    for id in &approve {
        let ok = c.missions.get(id).is_some_and(|p| {
            p.season == cmd.season
                && p.intent == cmd.intent
                && p.approvals.len() >= usize::from(c.sponsor_approvals)
        });
        if !ok {
            return Err(invalid(
                "body.approve",
                format!("mission {id} is not a sponsored mission of this intent"),
            )
            .into());
        }
    }
    let alliance = &k.alliances()[&c.alliance];
    let gov = govs
        .get(&c.alliance)
        .ok_or_else(|| invalid("body.collective", "the collective has no governance"))?;
    let power = PowerSources { ledger: k.ledger(), ve }.power_now(alliance, gov, actor, s.vote_start);
    if power == 0 {
        return Err(MissionError::NotAllowed {
            rule: format!("held no voting power at the snapshot {}", s.vote_start),
        }
        .into());
    }
    let c = collective_mut(m, &cmd.collective);
    let replaced = c
        .ballots
        .entry((cmd.season, cmd.intent.clone()))
        .or_default()
        .insert(actor, BudgetBallot { approve: approve.clone(), power, at })
        .is_some();
    Ok(vec![Event::BudgetBallotCast(BudgetBallotCast {
        collective: cmd.collective.clone(),
        season: cmd.season,
        intent: cmd.intent.clone(),
        voter: actor,
        power,
        approve: approve.into_iter().collect(),
        replaced,
    })])
}

/// The allocation an intent's ballots give (the live preview and the close use it).
pub fn tally(
    c: &Collective,
    season: u64,
    intent: &IntentId,
    extra: Option<(Address, &BTreeSet<u64>, u128)>,
) -> Allocation {
    let budget =
        c.seasons.get(&season).and_then(|s| s.intents.get(intent)).map_or(Amount::ZERO, |i| i.budget);
    // One pass over the ballots: each approval adds its voter's power to its mission.
    let mut approvals: BTreeMap<u64, u128> = BTreeMap::new();
    let mut add = |approve: &BTreeSet<u64>, power: u128| {
        for id in approve {
            let sum = approvals.entry(*id).or_default();
            *sum = sum.saturating_add(power);
        }
    };
    if let Some(all) = c.ballots.get(&(season, intent.clone())) {
        for (voter, b) in all {
            if extra.is_none_or(|(v, ..)| v != *voter) {
                add(&b.approve, b.power);
            }
        }
    }
    if let Some((_, approve, power)) = extra {
        add(approve, power);
    }
    let entries: Vec<Entry> = c
        .missions
        .values()
        .filter(|p| {
            p.season == season && &p.intent == intent && p.approvals.len() >= usize::from(c.sponsor_approvals)
        })
        .map(|p| Entry {
            id: p.id,
            requested: p.requested,
            approvals: approvals.get(&p.id).copied().unwrap_or(0),
        })
        .collect();
    allocate(budget, &entries, c.quorum, c.approval_threshold_bps.0, c.overflow)
}

/// `close-budget-vote`: after the vote ends, fund the winners from the treasury into the grant account.
pub(crate) fn close(
    m: &mut Missions,
    vesting: &mut crate::vesting::GrantBook,
    k: &mut Kernel<'_>,
    at: Timestamp,
    cmd: &CloseBudgetVote,
) -> EngineResult<Vec<Event>> {
    let c = collective(m, &cmd.collective)?;
    let (s, i) = season(c, cmd.season, &cmd.intent)?;
    if at <= s.vote_end {
        return Err(phase("body.intent", format!("the budget vote ends at {}", s.vote_end)).into());
    }
    if i.closed {
        return Err(phase("body.intent", "this intent's budget vote is closed already").into());
    }
    let allocation = tally(c, cmd.season, &cmd.intent, None);
    let treasury = treasury_address(&cmd.collective);
    let account = grant_account(&cmd.collective);
    let plan = Plan::transfer_one(c.token, treasury, account, allocation.funded);
    let mut events = if allocation.funded.is_zero() { Vec::new() } else { k.transact(plan, at)? };
    // A streamed grant becomes a revocable vesting grant from the grant account
    // to the team's treasury, linear from now until its last milestone is due.
    let mut streams = BTreeMap::new();
    for r in allocation.ranked.iter().filter(|r| r.verdict == Verdict::Funded) {
        let p = &c.missions[&r.id];
        if !p.stream {
            continue;
        }
        let last_due = p.milestones.iter().map(|x| x.due.0).max().unwrap_or(at.0);
        let create = crate::vesting::CreateVesting {
            beneficiary: treasury_address(&p.alliance),
            token: c.token,
            total: r.requested,
            start: at,
            cliff_secs: 0,
            duration_secs: last_due.saturating_sub(at.0).max(1),
            revocable: true,
        };
        events.extend(crate::vesting::create(vesting, k, account, at, &create)?);
        streams.insert(r.id, vesting.last_id);
    }
    let lock_until = Timestamp(at.0.saturating_add(c.lockup_secs));
    let c = collective_mut(m, &cmd.collective);
    c.seasons.get_mut(&cmd.season).and_then(|s| s.intents.get_mut(&cmd.intent)).expect("checked").closed =
        true;
    for r in &allocation.ranked {
        let p = c.missions.get_mut(&r.id).expect("tallied");
        if r.verdict == Verdict::Funded {
            p.status = MissionStatus::Funded;
            c.tracks.entry(p.leader).or_default().received.0 += r.requested.0;
            c.grants.insert(
                r.id,
                MissionGrant {
                    mission: r.id,
                    alliance: p.alliance.clone(),
                    amount: r.requested,
                    released: Amount::ZERO,
                    clawed_back: Amount::ZERO,
                    lock_until,
                    attested: BTreeSet::new(),
                    status: GrantStatus::Active,
                    team: TeamBook { epoch_start: at, ..TeamBook::default() },
                    stream: streams.get(&r.id).copied(),
                },
            );
        } else {
            p.status = MissionStatus::NotFunded;
        }
    }
    events.push(Event::BudgetVoteClosed(BudgetVoteClosed {
        collective: cmd.collective.clone(),
        season: cmd.season,
        intent: cmd.intent.clone(),
        allocation,
    }));
    Ok(events)
}

/// A reward plan's rules: fixed shares by the fee split's rules, to accepted
/// members; a positive points budget; a vesting whose cliff is within its
/// duration; `dust_to` an accepted member (of the plan, for fixed shares).
fn check_plan(
    plan: &RewardPlan,
    team: &crate::alliance::Alliance,
    id: &crate::types::AllianceId,
) -> MissionResult<()> {
    let plan_error = |path: &str, rule: String| MissionError::Plan { path: path.into(), rule };
    let accepted =
        |a: Address| team.spec.member(a).is_some_and(|m| m.status == crate::alliance::MemberStatus::Member);
    match &plan.split {
        RewardSplit::Fixed { shares } => {
            crate::split::check_shares(shares, "body.plan.split.shares")
                .map_err(|(path, rule)| MissionError::Plan { path, rule })?;
            for (i, s) in shares.iter().enumerate() {
                if !accepted(s.recipient) {
                    let rule = format!("{} is not an accepted member of `{id}`", s.recipient);
                    return Err(plan_error(&format!("body.plan.split.shares[{i}].recipient"), rule));
                }
            }
            if !shares.iter().any(|s| s.recipient == plan.dust_to) {
                return Err(plan_error("body.plan.dust_to", "must be one of the plan's members".into()));
            }
        }
        RewardSplit::Peer { points } => {
            if *points == 0 || *points > 1_000_000 {
                return Err(plan_error(
                    "body.plan.split.points",
                    format!("must be 1 to 1000000, got {points}"),
                ));
            }
        }
        RewardSplit::Contribution => {}
    }
    if !accepted(plan.dust_to) {
        return Err(plan_error(
            "body.plan.dust_to",
            format!("{} is not an accepted member of `{id}`", plan.dust_to),
        ));
    }
    if let Some(v) = plan.vesting {
        if v.cliff_secs > v.duration_secs {
            let rule =
                format!("the cliff ({} s) must not be after the end ({} s)", v.cliff_secs, v.duration_secs);
            return Err(plan_error("body.plan.vesting.cliff_secs", rule));
        }
        if v.duration_secs > 10 * 365 * 86_400 {
            return Err(plan_error("body.plan.vesting.duration_secs", "must be at most ten years".into()));
        }
    }
    Ok(())
}
