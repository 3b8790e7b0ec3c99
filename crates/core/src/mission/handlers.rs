//! Mission handlers: each validates everything, then writes.

use std::collections::BTreeSet;

use super::budget::{Allocation, Entry, Verdict, allocate};
use super::error::{MissionError, MissionResult};
use super::msg::*;
use super::state::*;
use crate::alliance::treasury_address;
use crate::command::Event;
use crate::error::EngineResult;
use crate::governance::{Governments, PowerSources, exceeds_share};
use crate::kernel::{Kernel, Lockup, Plan, VePower};
use crate::roles::Role;
use crate::types::{Address, AllianceId, Amount, IntentId, Timestamp};

const MAX_TEXT: usize = 4_000;
const MAX_ITEMS: usize = 64;
const MAX_TIERS: usize = 8;

fn invalid(field: &'static str, rule: impl Into<String>) -> MissionError {
    MissionError::Invalid { field, rule: rule.into() }
}

fn phase(field: &'static str, rule: impl Into<String>) -> MissionError {
    MissionError::WrongPhase { field, rule: rule.into() }
}

fn text(field: &'static str, value: &str, required: bool) -> MissionResult<()> {
    if required && value.trim().is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    if value.len() > MAX_TEXT {
        return Err(invalid(field, format!("must be at most {MAX_TEXT} bytes, got {}", value.len())));
    }
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        return Err(invalid(field, "must not contain control characters"));
    }
    Ok(())
}

fn texts(field: &'static str, values: &[String]) -> MissionResult<()> {
    if values.len() > MAX_ITEMS {
        return Err(invalid(field, format!("at most {MAX_ITEMS} items, got {}", values.len())));
    }
    values.iter().try_for_each(|v| text(field, v, true))
}

fn collective<'m>(m: &'m Missions, id: &AllianceId) -> MissionResult<&'m Collective> {
    m.collectives.get(id).ok_or_else(|| MissionError::UnknownCollective { collective: id.clone() })
}

fn collective_mut<'m>(m: &'m mut Missions, id: &AllianceId) -> &'m mut Collective {
    m.collectives.get_mut(id).expect("checked before writing")
}

/// The collective's leader, an admin, or (for milestones) one of its attestors.
fn steward(k: &Kernel<'_>, c: &Collective, actor: Address, attestors: bool) -> MissionResult<()> {
    let leader = k.alliances().get(&c.alliance).is_some_and(|a| a.spec.leader == actor);
    if leader || k.roles().has(Role::Admin, actor) || (attestors && c.attestors.contains(&actor)) {
        return Ok(());
    }
    let who = if attestors {
        "the collective's leader, an admin or an attestor"
    } else {
        "the collective's leader or an admin"
    };
    Err(MissionError::NotAllowed { rule: format!("{actor} is not {who}") })
}

/// The default trust tiers, in whole tokens scaled by `unit` (10^decimals).
pub fn default_tiers(unit: u128) -> Vec<Tier> {
    let t = |name: &str, requires: u128, max: Option<u128>| Tier {
        name: name.into(),
        requires_delivered: Amount(requires.saturating_mul(unit)),
        max_request: max.map(|m| Amount(m.saturating_mul(unit))),
    };
    vec![
        t("Ember", 0, Some(100_000)),
        t("Fledgling", 50_000, Some(350_000)),
        t("Eagle", 200_000, Some(1_000_000)),
        t("Phoenix", 1_000_000, None),
    ]
}

fn check_tiers(tiers: &[Tier]) -> MissionResult<()> {
    if tiers.is_empty() || tiers.len() > MAX_TIERS {
        return Err(invalid("body.tiers", format!("must list 1 to {MAX_TIERS} tiers, got {}", tiers.len())));
    }
    if !tiers[0].requires_delivered.is_zero() {
        return Err(invalid(
            "body.tiers",
            "the first tier must require nothing delivered (every newcomer has a tier)",
        ));
    }
    for w in tiers.windows(2) {
        let caps_rise = match (w[0].max_request, w[1].max_request) {
            (Some(a), Some(b)) => a < b,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if w[0].requires_delivered >= w[1].requires_delivered || !caps_rise || w[0].name == w[1].name {
            return Err(invalid(
                "body.tiers",
                format!("tiers must rise: `{}` then `{}`", w[0].name, w[1].name),
            ));
        }
    }
    tiers.iter().try_for_each(|t| text("body.tiers", &t.name, true))
}

/// `create-collective`.
pub(crate) fn create_collective(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    cmd: &CreateCollective,
) -> EngineResult<Vec<Event>> {
    k.require_admin_or_leader(actor, &cmd.alliance)?;
    if m.collectives.contains_key(&cmd.alliance) {
        return Err(MissionError::Duplicate {
            field: "body.alliance",
            rule: format!("`{}` is a collective already", cmd.alliance),
        }
        .into());
    }
    let token = k
        .ledger()
        .tokens
        .get(&cmd.token)
        .ok_or_else(|| invalid("body.token", format!("unknown token `{}`", cmd.token)))?;
    let unit = 10u128.checked_pow(u32::from(token.token.decimals)).unwrap_or(u128::MAX);
    let tiers = cmd.tiers.clone().unwrap_or_else(|| default_tiers(unit));
    check_tiers(&tiers)?;
    if cmd.sponsor_approvals == 0 || cmd.sponsor_approvals > 32 {
        return Err(invalid(
            "body.sponsor_approvals",
            format!("must be 1 to 32, got {}", cmd.sponsor_approvals),
        )
        .into());
    }
    for (field, bps) in [
        ("body.sponsor_min_power_bps", cmd.sponsor_min_power_bps),
        ("body.approval_threshold_bps", cmd.approval_threshold_bps),
    ] {
        if !bps.is_valid() {
            return Err(invalid(field, format!("must be ≤ 10000, got {}", bps.0)).into());
        }
    }
    if cmd.quorum.is_zero() {
        return Err(invalid("body.quorum", "must be greater than zero").into());
    }
    if cmd.lockup_secs > 10 * 365 * 86_400 {
        return Err(invalid(
            "body.lockup_secs",
            format!("must be at most ten years, got {}", cmd.lockup_secs),
        )
        .into());
    }
    if cmd.attestors.len() > MAX_ITEMS {
        return Err(
            invalid("body.attestors", format!("at most {MAX_ITEMS}, got {}", cmd.attestors.len())).into()
        );
    }
    m.collectives.insert(
        cmd.alliance.clone(),
        Collective {
            alliance: cmd.alliance.clone(),
            token: cmd.token,
            tiers: tiers.clone(),
            sponsor_approvals: cmd.sponsor_approvals,
            sponsor_min_power_bps: cmd.sponsor_min_power_bps,
            quorum: cmd.quorum.0,
            approval_threshold_bps: cmd.approval_threshold_bps,
            overflow: cmd.overflow,
            lockup_secs: cmd.lockup_secs,
            attestors: cmd.attestors.iter().copied().collect(),
            tracks: Default::default(),
            seasons: Default::default(),
            rfps: Default::default(),
            missions: Default::default(),
            ballots: Default::default(),
            grants: Default::default(),
            last_id: 0,
        },
    );
    Ok(vec![Event::CollectiveCreated(CollectiveCreated {
        alliance: cmd.alliance.clone(),
        token: cmd.token,
        tiers,
    })])
}

/// `open-season`.
pub(crate) fn open_season(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    at: Timestamp,
    cmd: &OpenSeason,
) -> EngineResult<Vec<Event>> {
    let c = collective(m, &cmd.collective)?;
    steward(k, c, actor, false)?;
    if c.seasons.contains_key(&cmd.season)
        || c.seasons.keys().next_back().is_some_and(|last| *last > cmd.season)
    {
        return Err(MissionError::Duplicate {
            field: "body.season",
            rule: format!("season numbers increase; {} is taken or earlier than the last", cmd.season),
        }
        .into());
    }
    if cmd.intents.is_empty() || cmd.intents.len() > MAX_ITEMS {
        return Err(invalid("body.intents", format!("must list 1 to {MAX_ITEMS} intents")).into());
    }
    let mut seen = BTreeSet::new();
    let mut total = Amount::ZERO;
    for i in &cmd.intents {
        if !seen.insert(i.id.clone()) {
            return Err(invalid("body.intents", format!("intent `{}` is listed twice", i.id)).into());
        }
        text("body.intents", &i.title, true)?;
        if i.budget.is_zero() {
            return Err(invalid("body.intents", format!("intent `{}` needs a budget", i.id)).into());
        }
        total = total.checked_add(i.budget).ok_or_else(|| invalid("body.intents", "budgets overflow"))?;
    }
    if cmd.vote_start <= at
        || cmd.vote_end <= cmd.vote_start
        || cmd.vote_end.0 - cmd.vote_start.0 > 90 * 86_400
    {
        return Err(phase(
            "body.vote_start",
            "the vote must start after now and end after it starts, within 90 days",
        )
        .into());
    }
    let fund = k.ledger().balance(treasury_address(&cmd.collective), c.token);
    if total > fund {
        return Err(invalid(
            "body.intents",
            format!("budgets total {total}, the collective's treasury holds {fund} {}", c.token),
        )
        .into());
    }
    let intents = cmd
        .intents
        .iter()
        .map(|i| (i.id.clone(), Intent { title: i.title.clone(), budget: i.budget, closed: false }))
        .collect();
    collective_mut(m, &cmd.collective)
        .seasons
        .insert(cmd.season, Season { intents, vote_start: cmd.vote_start, vote_end: cmd.vote_end });
    Ok(vec![Event::SeasonOpened(SeasonOpened {
        collective: cmd.collective.clone(),
        season: cmd.season,
        budget: total,
    })])
}

fn season<'c>(c: &'c Collective, season: u64, intent: &IntentId) -> MissionResult<(&'c Season, &'c Intent)> {
    let s = c.seasons.get(&season).ok_or_else(|| invalid("body.season", format!("no season {season}")))?;
    let i = s
        .intents
        .get(intent)
        .ok_or_else(|| invalid("body.intent", format!("season {season} has no intent `{intent}`")))?;
    Ok((s, i))
}

/// `publish-rfp`.
pub(crate) fn publish_rfp(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    cmd: &PublishRfp,
) -> EngineResult<Vec<Event>> {
    let c = collective(m, &cmd.collective)?;
    steward(k, c, actor, false)?;
    season(c, cmd.season, &cmd.intent)?;
    text("body.title", &cmd.title, true)?;
    texts("body.deliverables", &cmd.deliverables)?;
    if c.rank(&cmd.min_tier).is_none() {
        let names: Vec<&str> = c.tiers.iter().map(|t| t.name.as_str()).collect();
        return Err(invalid(
            "body.min_tier",
            format!("must be one of {}, got `{}`", names.join(", "), cmd.min_tier),
        )
        .into());
    }
    if cmd.budget_cap.is_zero() {
        return Err(invalid("body.budget_cap", "must be greater than zero").into());
    }
    let c = collective_mut(m, &cmd.collective);
    c.last_id += 1;
    let id = c.last_id;
    c.rfps.insert(
        id,
        Rfp {
            season: cmd.season,
            intent: cmd.intent.clone(),
            title: cmd.title.clone(),
            deliverables: cmd.deliverables.clone(),
            min_tier: cmd.min_tier.clone(),
            budget_cap: cmd.budget_cap,
        },
    );
    Ok(vec![Event::RfpPublished(RfpPublished { collective: cmd.collective.clone(), id })])
}

/// `record-track`.
pub(crate) fn record_track(
    m: &mut Missions,
    k: &Kernel<'_>,
    actor: Address,
    cmd: &RecordTrack,
) -> EngineResult<Vec<Event>> {
    let c = collective(m, &cmd.collective)?;
    steward(k, c, actor, true)?;
    text("body.note", &cmd.note, true)?;
    let old = c.tracks.get(&cmd.account).cloned().unwrap_or_default();
    if old.notes.len() >= MAX_ITEMS {
        return Err(invalid("body.note", format!("a track keeps at most {MAX_ITEMS} notes")).into());
    }
    let received =
        old.received.checked_add(cmd.received).ok_or_else(|| invalid("body.received", "overflows"))?;
    let delivered =
        old.delivered.checked_add(cmd.delivered).ok_or_else(|| invalid("body.delivered", "overflows"))?;
    let c = collective_mut(m, &cmd.collective);
    let t = c.tracks.entry(cmd.account).or_default();
    t.received = received;
    t.delivered = delivered;
    t.notes.push(cmd.note.clone());
    let tier = c.tier_of(cmd.account).name.clone();
    Ok(vec![Event::TrackRecorded(TrackRecorded {
        collective: cmd.collective.clone(),
        account: cmd.account,
        delivered,
        tier,
    })])
}

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
    let (power, total) = src.sponsor_power(alliance, gov, actor, at);
    let min = c.sponsor_min_power_bps.0;
    if !exceeds_share(power, total, min) {
        return Err(MissionError::SponsorNotEligible {
            rule: format!("holds {power} of {total} voting power; sponsors need more than {min} bps"),
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
    let mut ballots: Vec<(&BTreeSet<u64>, u128)> = Vec::new();
    let key = (season, intent.clone());
    if let Some(all) = c.ballots.get(&key) {
        for (voter, b) in all {
            if extra.is_some_and(|(v, ..)| v == *voter) {
                continue;
            }
            ballots.push((&b.approve, b.power));
        }
    }
    if let Some((_, approve, power)) = extra {
        ballots.push((approve, power));
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
            approvals: ballots
                .iter()
                .filter(|(a, _)| a.contains(&p.id))
                .fold(0u128, |s, (_, w)| s.saturating_add(*w)),
        })
        .collect();
    allocate(budget, &entries, c.quorum, c.approval_threshold_bps.0, c.overflow)
}

/// `close-budget-vote`: after the vote ends, fund the winners from the treasury into the grant account.
pub(crate) fn close(
    m: &mut Missions,
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

fn grant<'c>(c: &'c Collective, mission: u64) -> MissionResult<&'c MissionGrant> {
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
    let mut events = if share.is_zero() {
        Vec::new()
    } else {
        k.transact(Plan::transfer_one(token, grant_account(&cmd.collective), team, share), at)?
    };
    if !share.is_zero() && lock_until > at {
        k.add_lockup(team, token, Lockup { amount: share, unlock_at: lock_until }, at);
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
    let ms = p.milestones.get(cmd.milestone).ok_or_else(|| {
        invalid("body.milestone", format!("mission {} has {} milestones", p.id, p.milestones.len()))
    })?;
    if !ms.critical {
        return Err(invalid("body.milestone", format!("milestone {} is not critical", cmd.milestone)).into());
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
