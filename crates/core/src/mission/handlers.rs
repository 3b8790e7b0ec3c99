//! Mission handlers: each validates everything, then writes.

use std::collections::BTreeSet;

use super::error::{MissionError, MissionResult};
use super::msg::*;
use super::state::*;
use crate::alliance::treasury_address;
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::Kernel;
use crate::roles::Role;
use crate::types::{Address, AllianceId, Amount, IntentId, Timestamp};

const MAX_TEXT: usize = 4_000;
pub(super) const MAX_ITEMS: usize = 64;
const MAX_TIERS: usize = 8;

pub(super) fn invalid(field: &'static str, rule: impl Into<String>) -> MissionError {
    MissionError::Invalid { field, rule: rule.into() }
}

pub(super) fn phase(field: &'static str, rule: impl Into<String>) -> MissionError {
    MissionError::WrongPhase { field, rule: rule.into() }
}

pub(super) fn text(field: &'static str, value: &str, required: bool) -> MissionResult<()> {
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

pub(super) fn texts(field: &'static str, values: &[String]) -> MissionResult<()> {
    if values.len() > MAX_ITEMS {
        return Err(invalid(field, format!("at most {MAX_ITEMS} items, got {}", values.len())));
    }
    values.iter().try_for_each(|v| text(field, v, true))
}

pub(super) fn collective<'m>(m: &'m Missions, id: &AllianceId) -> MissionResult<&'m Collective> {
    m.collectives.get(id).ok_or_else(|| MissionError::UnknownCollective { collective: id.clone() })
}

pub(super) fn collective_mut<'m>(m: &'m mut Missions, id: &AllianceId) -> &'m mut Collective {
    m.collectives.get_mut(id).expect("checked before writing")
}

/// The collective's leader, an admin, or (for milestones) one of its attestors.
pub(super) fn steward(k: &Kernel<'_>, c: &Collective, actor: Address, attestors: bool) -> MissionResult<()> {
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
    if cmd.votable_supply.is_some_and(|v| v.is_zero()) {
        return Err(invalid("body.votable_supply", "must be greater than zero").into());
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
    collective_mut(m, &cmd.collective).seasons.insert(
        cmd.season,
        Season {
            intents,
            vote_start: cmd.vote_start,
            vote_end: cmd.vote_end,
            votable_supply: cmd.votable_supply,
        },
    );
    Ok(vec![Event::SeasonOpened(SeasonOpened {
        collective: cmd.collective.clone(),
        season: cmd.season,
        budget: total,
    })])
}

pub(super) fn season<'c>(
    c: &'c Collective,
    season: u64,
    intent: &IntentId,
) -> MissionResult<(&'c Season, &'c Intent)> {
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
