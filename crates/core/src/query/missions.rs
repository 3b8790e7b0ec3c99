//! Mission reads: a collective, an account's tier, mission proposals, the
//! live allocation preview of a budget vote (with a ballot a voter is about
//! to sign), and a grant.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{QueryError, QueryResult};
use crate::engine::State;
use crate::mission::{
    Allocation, Collective, MissionGrant, MissionProposal, Season, Tier, TrackRecord, tally,
};
use crate::types::{Address, AllianceId, IntentId, Timestamp, TokenId};

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
    /// The state's clock.
    pub at: Timestamp,
}

/// The grant of mission `mission`.
pub fn mission_grant(state: &State, id: &AllianceId, mission: u64) -> QueryResult<GrantStateView> {
    let c = find(state, id)?;
    let g = c.grants.get(&mission).ok_or_else(|| QueryError::unknown("grant", "mission", &mission))?;
    Ok(GrantStateView {
        grant: g.clone(),
        unreleased: crate::types::Amount(g.amount.0 - g.released.0 - g.clawed_back.0),
        locked: g.lock_until > state.clock,
        at: state.clock,
    })
}
