//! Mission reads: a collective, an account's tier, mission proposals, the
//! live allocation preview of a budget vote (with a ballot a voter is about
//! to sign), a grant, its team's rewards, and the peer-allocation graph.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{QueryError, QueryResult};
use crate::engine::State;
use crate::mission::{
    Allocation, Collective, Give, GrantStatus, MissionGrant, MissionProposal, RewardPlan, Season, TeamBook,
    Tier, TrackRecord, eligible_in, split_release, tally,
};
use crate::types::{Address, AllianceId, Amount, IntentId, Timestamp, TokenId};

fn find<'s>(state: &'s State, id: &AllianceId) -> QueryResult<&'s Collective> {
    state.missions.collectives.get(id).ok_or_else(|| QueryError::unknown("collective", "collective", id))
}

/// A collective's settings and seasons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollectiveView {
    /// The collective's alliance.
    pub alliance: AllianceId,
    /// The grant token.
    pub token: TokenId,
    /// Trust tiers, lowest first.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub tiers: Vec<Tier>,
    /// Sponsor approvals a mission needs.
    pub sponsor_approvals: u8,
    /// Seasons by number.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub seasons: std::collections::BTreeMap<u64, Season>,
    /// Number of mission proposals.
    pub missions: usize,
    /// Number of grants.
    pub grants: usize,
}

/// One collective.
pub fn collective(state: &State, id: &AllianceId) -> QueryResult<CollectiveView> {
    let c = find(state, id)?;
    Ok(CollectiveView {
        alliance: c.alliance.clone(),
        token: c.token,
        tiers: c.tiers.clone(),
        sponsor_approvals: c.sponsor_approvals,
        seasons: c.seasons.clone(),
        missions: c.missions.len(),
        grants: c.grants.len(),
    })
}

/// An account's trust tier and track record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierView {
    /// The account.
    pub account: Address,
    /// Its tier.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub tier: Tier,
    /// Its track record (`null`: none recorded).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub track: Option<TrackRecord>,
}

/// `account`'s tier in collective `id`.
pub fn tier(state: &State, id: &AllianceId, account: Address) -> QueryResult<TierView> {
    let c = find(state, id)?;
    Ok(TierView { account, tier: c.tier_of(account).clone(), track: c.tracks.get(&account).cloned() })
}

/// Mission proposals of a collective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissionsView {
    /// The collective.
    pub collective: AllianceId,
    /// By id.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub missions: Vec<MissionProposal>,
}

/// Every mission proposal of a collective.
pub fn missions(state: &State, id: &AllianceId) -> QueryResult<MissionsView> {
    let c = find(state, id)?;
    Ok(MissionsView { collective: id.clone(), missions: c.missions.values().cloned().collect() })
}

/// Which missions the current ballots (and, optionally, one more) would fund.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewView {
    /// The collective.
    pub collective: AllianceId,
    /// The season.
    pub season: u64,
    /// The intent.
    pub intent: IntentId,
    /// The voter whose ballot is previewed, if any.
    pub voter: Option<Address>,
    /// The allocation the ballots give now.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub allocation: Allocation,
}

/// The live allocation of an intent's budget vote; with `voter` and
/// `approve`, as if that voter's ballot approved exactly `approve`.
pub fn budget_preview(
    state: &State,
    id: &AllianceId,
    season: u64,
    intent: &IntentId,
    voter: Option<Address>,
    approve: &[u64],
) -> QueryResult<PreviewView> {
    let c = find(state, id)?;
    let s = c.seasons.get(&season).ok_or_else(|| QueryError::unknown("season", "season", &season))?;
    if !s.intents.contains_key(intent) {
        return Err(QueryError::unknown("intent", "intent", intent));
    }
    let approve: BTreeSet<u64> = approve.iter().copied().collect();
    let allocation = match voter {
        None => tally(c, season, intent, None),
        Some(v) => {
            let alliance = state
                .alliances
                .get(&c.alliance)
                .ok_or_else(|| QueryError::unknown("alliance", "collective", id))?;
            let gov = state
                .governance
                .get(&c.alliance)
                .ok_or_else(|| QueryError::unknown("alliance", "collective", id))?;
            let power = state.power_sources().power_now(alliance, gov, v, s.vote_start);
            tally(c, season, intent, Some((v, &approve, power)))
        }
    };
    Ok(PreviewView { collective: id.clone(), season, intent: intent.clone(), voter, allocation })
}

/// A mission's grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantStateView {
    /// The grant.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub grant: MissionGrant,
    /// Still held by the collective's grant account.
    pub unreleased: crate::types::Amount,
    /// Whether released tokens are still locked at the state's clock.
    pub locked: bool,
    /// A streamed grant: what has streamed to the team by the state's clock
    /// (its vesting grant, `GET /v1/vesting/{grant.stream}`, has the rest).
    pub streamed: Option<crate::types::Amount>,
    /// The state's clock.
    pub at: Timestamp,
}

/// The grant of mission `mission`.
pub fn mission_grant(state: &State, id: &AllianceId, mission: u64) -> QueryResult<GrantStateView> {
    let c = find(state, id)?;
    let g = c.grants.get(&mission).ok_or_else(|| QueryError::unknown("grant", "mission", &mission))?;
    Ok(GrantStateView {
        grant: g.clone(),
        unreleased: g.unreleased(),
        streamed: g
            .stream
            .and_then(|id| state.vesting.grants.by_id.get(&id))
            .map(|v| v.vested_at(state.clock)),
        locked: g.lock_until > state.clock,
        at: state.clock,
    })
}

/// One member's rewards from a grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberRewardsView {
    /// The member.
    pub member: Address,
    /// Paid to them by every release so far.
    pub paid: Amount,
    /// Of that, vested at the state's clock (never decreases).
    pub vested: Amount,
    /// Forfeited on leaving (then `left` is true).
    pub forfeited: Amount,
    /// Whether they left.
    pub left: bool,
    /// Whether they are absent now.
    pub absent: bool,
}

/// What attesting the next milestone now would release, and to whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextReleaseView {
    /// The lowest milestone not attested.
    pub milestone: usize,
    /// Its share of the grant.
    pub share: Amount,
    /// Member, part by the epoch's weights, part after reductions.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub parts: Vec<(Address, Amount, Amount)>,
    /// To the team's treasury.
    pub to_team: Amount,
}

/// A team's rewards under its plan: the book, each member, and the next release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamView {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The team.
    pub alliance: AllianceId,
    /// The reward plan, if the proposal named one.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub plan: Option<RewardPlan>,
    /// How the team decides (`leader`, `members`, ...).
    pub decision_model: String,
    /// The current epoch (releases so far).
    pub epoch: usize,
    /// Members a release is split among now.
    pub eligible: Vec<Address>,
    /// Each member who was ever paid, is eligible, or left.
    pub members: Vec<MemberRewardsView>,
    /// The next release at `at` (while the grant is active and has a plan).
    pub next_release: Option<NextReleaseView>,
    /// The book: weights, gifts, reductions, absences, closed epochs.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub book: TeamBook,
    /// The time read (the state's clock, or a later `at`).
    pub at: Timestamp,
}

fn grant_parts<'s>(
    state: &'s State,
    id: &AllianceId,
    mission: u64,
) -> QueryResult<(&'s Collective, &'s MissionGrant)> {
    let c = find(state, id)?;
    let g = c.grants.get(&mission).ok_or_else(|| QueryError::unknown("grant", "mission", &mission))?;
    Ok((c, g))
}

/// A team's rewards for mission `mission`, at `at` (default: the state's
/// clock): vested amounts and the next release as if attested then.
pub fn team(state: &State, id: &AllianceId, mission: u64, at: Option<Timestamp>) -> QueryResult<TeamView> {
    let (c, g) = grant_parts(state, id, mission)?;
    let p = &c.missions[&mission];
    let at = at.unwrap_or(state.clock).max(state.clock);
    let eligible = eligible_in(state.alliances.get(&g.alliance), &g.team);
    let team = state.alliances.get(&g.alliance);
    let leader = team.map_or(p.leader, |a| a.spec.leader);
    let next_release = match (&p.plan, g.status) {
        (Some(plan), GrantStatus::Active) => {
            (0..p.milestones.len()).find(|i| !g.attested.contains(i)).map(|milestone| {
                let share = g.milestone_share(&p.milestones, milestone);
                let s = split_release(plan, &g.team, &eligible, leader, share, at);
                NextReleaseView { milestone, share, parts: s.parts, to_team: s.to_team }
            })
        }
        _ => None,
    };
    let mut accounts: BTreeSet<Address> = eligible.iter().copied().collect();
    accounts.extend(g.team.left.keys().copied());
    accounts.extend(g.team.epochs.iter().flat_map(|e| &e.payouts).map(|x| x.member));
    let members = accounts
        .into_iter()
        .map(|member| {
            let (mut paid, mut vested) = (Amount::ZERO, Amount::ZERO);
            for x in g.team.epochs.iter().flat_map(|e| &e.payouts).filter(|x| x.member == member) {
                paid.0 += x.paid.0;
                vested.0 += match x.vesting.and_then(|v| state.vesting.grants.by_id.get(&v)) {
                    Some(v) => v.vested_at(at).0,
                    None => x.paid.0,
                };
            }
            MemberRewardsView {
                member,
                paid,
                vested,
                forfeited: g.team.left.get(&member).copied().unwrap_or(Amount::ZERO),
                left: g.team.left.contains_key(&member),
                absent: g.team.absences.get(&member).is_some_and(|a| a.until.is_none()),
            }
        })
        .collect();
    Ok(TeamView {
        collective: id.clone(),
        mission,
        alliance: g.alliance.clone(),
        plan: p.plan.clone(),
        decision_model: team.map_or("", |a| a.spec.decision_model.name()).to_owned(),
        epoch: g.attested.len(),
        eligible,
        members,
        next_release,
        book: g.team.clone(),
        at,
    })
}

/// The peer-allocation graph of a grant: every gift, closed epochs first,
/// then the current epoch's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GivesView {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// Gifts, as giver → receiver edges.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub gives: Vec<Give>,
}

impl GivesView {
    /// The graph as CSV: `epoch,from,to,points`, one gift per line.
    pub fn csv(&self) -> String {
        let mut out = String::from("epoch,from,to,points\n");
        for g in &self.gives {
            out.push_str(&format!("{},{},{},{}\n", g.epoch, g.from, g.to, g.points));
        }
        out
    }
}

/// The gifts of mission `mission`'s team.
pub fn gives(state: &State, id: &AllianceId, mission: u64) -> QueryResult<GivesView> {
    let (_, g) = grant_parts(state, id, mission)?;
    let epoch = u32::try_from(g.attested.len()).unwrap_or(u32::MAX);
    let mut gives = g.team.given.clone();
    for (from, to) in &g.team.gives {
        for (to, points) in to {
            gives.push(Give { epoch, from: *from, to: *to, points: *points });
        }
    }
    Ok(GivesView { collective: id.clone(), mission, gives })
}
