//! Tokenomics compatibility read from the hub's own state: each member
//! community's supply, emission schedules, vesting cliffs, lock-ups and
//! reward programs, checked against a candidate's tokenomics from its cards.

use serde::Serialize;

use super::{QueryError, QueryResult};
use crate::alliance::{Alliance, MemberKind, MemberStatus};
use crate::engine::State;
use crate::partner::compat::{self, Check, CompatRules, MemberTokenomics, Program, Tokenomics, Unlock};
use crate::types::{AllianceId, Amount, Timestamp, TokenId};

const DAY: u64 = 86_400;
/// Epochs in a year of weekly emission epochs (the yearly figure sums them).
const EPOCHS_PER_YEAR: u64 = 52;

/// A candidate's compatibility with the alliance's members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompatibilityView {
    /// The alliance.
    pub alliance: AllianceId,
    /// The candidate.
    pub candidate: String,
    /// Its tokenomics (from its scorers' cards).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub tokenomics: Tokenomics,
    /// Each member community's tokenomics as the hub holds them.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub members: Vec<MemberTokenomics>,
    /// Every check, with its figures.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub checks: Vec<Check>,
}

/// Day of `t` counted from the alliance's formation (floor).
fn day_of(a: &Alliance, t: Timestamp) -> u32 {
    u32::try_from(t.0.saturating_sub(a.formed_at.0) / DAY).unwrap_or(u32::MAX)
}

/// What `token`'s emission schedules mint over the next year (52 weekly
/// epochs from each schedule's next one, within its sunset and cap).
fn emission_per_year(state: &State, token: TokenId) -> Amount {
    let mut total = Amount::ZERO;
    for e in state.emissions.emissions.values().filter(|e| e.token == token) {
        let (mut amount, mut minted) = (e.next_amount, e.minted);
        for epoch in e.next_epoch..e.next_epoch + EPOCHS_PER_YEAR {
            if e.sunset_epoch.is_some_and(|s| epoch >= s) || minted >= e.cap || amount.is_zero() {
                break;
            }
            let paid = amount.min(e.cap.checked_sub(minted).unwrap_or(Amount::ZERO));
            minted = minted.checked_add(paid).unwrap_or(Amount::MAX);
            total = total.checked_add(paid).unwrap_or(Amount::MAX);
            amount = e.schedule.next(epoch - e.start_epoch, amount);
        }
    }
    total
}

/// `token`'s unlock calendar: vesting cliffs (what vests at the cliff,
/// `⌊total · cliff / duration⌋`) and lock-up releases still ahead.
fn unlocks(state: &State, a: &Alliance, token: TokenId) -> Vec<Unlock> {
    let now = state.clock;
    let mut out: Vec<Unlock> = Vec::new();
    for g in state.vesting.grants.by_id.values() {
        let cliff = Timestamp(g.start.0.saturating_add(g.cliff_secs));
        if g.token != token || g.cliff_secs == 0 || g.revoked.is_some() || cliff <= now {
            continue;
        }
        let amount = g.total.mul_div_floor(u128::from(g.cliff_secs), u128::from(g.duration_secs.max(1)));
        out.push(Unlock {
            day: day_of(a, cliff),
            amount: amount.unwrap_or(g.total).min(g.total),
            what: format!("vesting grant {} cliff", g.id),
        });
    }
    for (account, tokens) in &state.vesting.lockups.0 {
        for l in tokens.get(&token).into_iter().flatten().filter(|l| l.unlock_at > now) {
            out.push(Unlock {
                day: day_of(a, l.unlock_at),
                amount: l.amount,
                what: format!("lock-up of {account}"),
            });
        }
    }
    out.sort_by(|x, y| (x.day, &x.what).cmp(&(y.day, &y.what)));
    out
}

/// Staking programs paying in `token`.
fn programs(state: &State, token: TokenId) -> Vec<Program> {
    state
        .vaults
        .vaults
        .values()
        .filter(|v| v.rewards.contains_key(&token))
        .map(|v| Program { stake: v.stake_token.to_string(), reward: token.to_string() })
        .collect()
}

/// Each accepted community member's tokenomics, read from the hub.
pub fn members_tokenomics(state: &State, a: &Alliance) -> Vec<MemberTokenomics> {
    a.spec
        .members
        .iter()
        .filter(|m| m.status == MemberStatus::Member && m.kind == MemberKind::Community)
        .filter_map(|m| {
            let token = m.community.as_ref()?.token;
            Some(MemberTokenomics {
                id: token.to_string(),
                tokenomics: Tokenomics {
                    governance: a.spec.decision_model,
                    supply: state.ledger.tokens.get(&token).map_or(Amount::ZERO, |e| e.supply.total.latest()),
                    emission_per_year: emission_per_year(state, token),
                    unlocks: unlocks(state, a, token),
                    programs: programs(state, token),
                },
            })
        })
        .collect()
}

/// The compatibility of `candidate` (its tokenomics from the first of its
/// cards that has them) with `id`'s members, under the default rules.
pub fn compatibility(state: &State, id: &AllianceId, candidate: &str) -> QueryResult<CompatibilityView> {
    let a = state.alliances.get(id).ok_or_else(|| QueryError::unknown("alliance", "alliance", id))?;
    let cards = state
        .partners
        .vetting
        .get(id)
        .and_then(|v| v.candidates.get(candidate))
        .ok_or_else(|| QueryError::unknown("candidate", "candidate", candidate))?;
    let tokenomics =
        cards.cards.values().find_map(|c| c.tokenomics.clone()).ok_or_else(|| QueryError::Invalid {
            field: "candidate",
            rule: format!("no card of `{candidate}` states its tokenomics"),
        })?;
    let members = members_tokenomics(state, a);
    let checks = compat::check(&tokenomics, a.spec.decision_model, &members, CompatRules::default());
    Ok(CompatibilityView {
        alliance: id.clone(),
        candidate: candidate.to_owned(),
        tokenomics,
        members,
        checks,
    })
}
