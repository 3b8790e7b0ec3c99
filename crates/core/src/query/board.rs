//! Forming-board reads: profiles found by skill, intent and timezone, and a
//! team's daily overlap of working hours.

use serde::Serialize;

use super::{QueryError, QueryResult};
use crate::alliance::MemberStatus;
use crate::board::{Profile, overlap};
use crate::engine::State;
use crate::types::{Address, AllianceId};

/// Most profiles in one page.
pub const MAX_BOARD_PAGE: u32 = 200;

/// A profile found on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileView {
    /// The contributor.
    pub account: Address,
    /// Their profile.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub profile: Profile,
}

/// A page of profiles, by account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardView {
    /// The page.
    pub profiles: Vec<ProfileView>,
    /// Pass as `after` for the next page (`null`: last page).
    pub next_after: Option<Address>,
}

/// Filters of a board search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardFilter {
    /// Has this skill (case-insensitive).
    pub skill: Option<String>,
    /// Cares about this intent.
    pub intent: Option<String>,
    /// Timezone at least this many minutes east of UTC.
    pub tz_min: Option<i16>,
    /// Timezone at most this many minutes east of UTC.
    pub tz_max: Option<i16>,
}

/// Profiles matching `filter`, after account `after`, at most `limit` (1 to 200, default 50).
pub fn board_search(
    state: &State,
    filter: &BoardFilter,
    after: Option<Address>,
    limit: Option<u32>,
) -> QueryResult<BoardView> {
    let limit = limit.unwrap_or(50);
    if !(1..=MAX_BOARD_PAGE).contains(&limit) {
        return Err(QueryError::Invalid {
            field: "limit",
            rule: format!("must be between 1 and {MAX_BOARD_PAGE}, got {limit}"),
        });
    }
    let matches = |p: &Profile| {
        filter.skill.as_ref().is_none_or(|s| p.skills.iter().any(|x| x.eq_ignore_ascii_case(s)))
            && filter.intent.as_ref().is_none_or(|i| p.intents.iter().any(|x| x == i))
            && filter.tz_min.is_none_or(|m| p.timezone.minutes >= m)
            && filter.tz_max.is_none_or(|m| p.timezone.minutes <= m)
    };
    let range = match after {
        Some(a) => state.board.profiles.range((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)),
        None => state.board.profiles.range(..),
    };
    let profiles: Vec<ProfileView> = range
        .filter(|(_, p)| matches(p))
        .take(limit as usize)
        .map(|(a, p)| ProfileView { account: *a, profile: p.clone() })
        .collect();
    let next_after = (profiles.len() == limit as usize).then(|| profiles.last().map(|p| p.account)).flatten();
    Ok(BoardView { profiles, next_after })
}

/// A team's daily overlap of working hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverlapView {
    /// The alliance.
    pub alliance: AllianceId,
    /// Members counted (accepted members with a profile).
    pub counted: Vec<Address>,
    /// Accepted members without a profile (not counted).
    pub without_profile: Vec<Address>,
    /// UTC minute ranges `[start, end)` when all counted members work.
    pub ranges: Vec<(u16, u16)>,
    /// Total minutes a day.
    pub minutes: u32,
    /// The minimum asked for, in hours.
    pub min_hours: u32,
    /// Whether the overlap is below it.
    pub below_minimum: bool,
}

/// The hours of the UTC day when every accepted member of `alliance` with a profile works.
pub fn team_overlap(
    state: &State,
    alliance: &AllianceId,
    min_hours: Option<u32>,
) -> QueryResult<OverlapView> {
    let a =
        state.alliances.get(alliance).ok_or_else(|| QueryError::unknown("alliance", "alliance", alliance))?;
    let min_hours = min_hours.unwrap_or(2);
    if min_hours > 24 {
        return Err(QueryError::Invalid {
            field: "min_hours",
            rule: format!("must be 0 to 24, got {min_hours}"),
        });
    }
    let mut counted = Vec::new();
    let mut without_profile = Vec::new();
    let mut profiles = Vec::new();
    for m in a.spec.members.iter().filter(|m| m.status == MemberStatus::Member) {
        match state.board.profiles.get(&m.account) {
            Some(p) => {
                counted.push(m.account);
                profiles.push(p);
            }
            None => without_profile.push(m.account),
        }
    }
    let (ranges, minutes) = overlap(&profiles);
    Ok(OverlapView {
        alliance: alliance.clone(),
        counted,
        without_profile,
        ranges,
        minutes,
        min_hours,
        below_minimum: minutes < min_hours * 60,
    })
}
