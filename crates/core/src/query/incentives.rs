//! Incentive reads: vaults and positions (Synthetix `earned`), emissions,
//! vesting grants and lock-ups, fee splits.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{QueryError, QueryResult, not_before_clock};
use crate::emission::{Emission, epoch_of};
use crate::engine::State;
use crate::kernel::Lockup;
use crate::split::Split;
use crate::types::{Address, AllianceId, Amount, EmissionId, SplitId, Timestamp, TokenId, VaultId};
use crate::vault::{RewardState, Vault, VaultError, VaultOptions};
use crate::vesting::Grant;

fn projection_failed(e: &VaultError) -> QueryError {
    QueryError::Failed { code: e.code(), field: e.field().to_string(), message: e.to_string() }
}

fn find_vault<'s>(state: &'s State, id: &VaultId) -> QueryResult<&'s Vault> {
    state.vaults.vaults.get(id).ok_or_else(|| QueryError::unknown("vault", "vault", id))
}

/// A vault in a list: its totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VaultSummary {
    /// Its id.
    pub id: VaultId,
    /// The alliance it belongs to.
    pub alliance: AllianceId,
    /// The account that holds its tokens.
    pub account: Address,
    /// The token staked.
    pub stake_token: TokenId,
    /// Tokens it streams as rewards.
    pub reward_tokens: Vec<TokenId>,
    /// Whether staking is paused.
    pub paused: bool,
    /// Σ staked.
    pub total_staked: Amount,
    /// Σ working balances (boosted).
    pub total_working: Amount,
    /// Σ unbonding.
    pub total_unbonding: Amount,
    /// Number of positions: accounts with stake, stake unbonding or rewards
    /// still to claim (a position that holds nothing is removed).
    pub stakers: usize,
}

impl VaultSummary {
    fn of(v: &Vault) -> Self {
        Self {
            id: v.id.clone(),
            alliance: v.alliance.clone(),
            account: v.account,
            stake_token: v.stake_token,
            reward_tokens: v.rewards.keys().copied().collect(),
            paused: v.paused,
            total_staked: v.total_staked,
            total_working: v.total_working,
            total_unbonding: v.total_unbonding,
            stakers: v.positions.len(),
        }
    }
}

/// Every vault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VaultsView {
    /// By id.
    pub vaults: Vec<VaultSummary>,
}

/// Every vault, summarised.
pub fn vaults(state: &State) -> VaultsView {
    VaultsView { vaults: state.vaults.vaults.values().map(VaultSummary::of).collect() }
}

/// One reward stream, advanced to a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamView {
    /// Base units of the reward token per second, rounded down from the
    /// funding over the duration (decimal string; not scaled).
    #[serde(with = "crate::types::dec")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rate_per_sec: u128,
    /// When the stream ends.
    pub period_finish: Timestamp,
    /// Accumulated reward per staked unit, scaled by 1e18 (decimal string).
    pub reward_per_token: String,
    /// Σ funded.
    pub funded: Amount,
    /// Σ paid to stakers.
    pub paid: Amount,
    /// Σ returned to the treasury (idle periods).
    pub returned_to_treasury: Amount,
    /// Σ forfeited to the treasury (exit penalties).
    pub forfeited_to_treasury: Amount,
    /// Σ accrued to stakers.
    pub accrued: Amount,
    /// Rounding remainder of funding kept in the vault.
    pub funding_dust: Amount,
    /// What the stream will still pay out.
    pub stream_remaining: Amount,
    /// Upper bound of what is owed and still to stream.
    pub outstanding_upper_bound: Amount,
}

impl StreamView {
    fn of(r: &RewardState) -> Self {
        Self {
            rate_per_sec: r.rate,
            period_finish: r.period_finish,
            reward_per_token: r.reward_per_token_stored.to_string(),
            funded: r.funded,
            paid: r.paid,
            returned_to_treasury: r.returned,
            forfeited_to_treasury: r.forfeited,
            accrued: r.accrued,
            funding_dust: r.dust,
            stream_remaining: r.stream_remaining(),
            outstanding_upper_bound: r.outstanding(),
        }
    }
}

/// A vault with its options and its streams at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VaultView {
    /// Totals.
    #[serde(flatten)]
    pub summary: VaultSummary,
    /// Options.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub options: VaultOptions,
    /// The treasury that funds it and receives returns.
    pub treasury: Address,
    /// The time the streams are advanced to.
    pub at: Timestamp,
    /// Streams by reward token.
    pub rewards: BTreeMap<TokenId, StreamView>,
}

/// A vault with its streams advanced to `at` (default: now; not before it).
pub fn vault(state: &State, id: &VaultId, at: Option<Timestamp>) -> QueryResult<VaultView> {
    let at = not_before_clock(state, at)?;
    let v = find_vault(state, id)?;
    let rewards = v.rewards_at(at).map_err(|e| projection_failed(&e))?;
    Ok(VaultView {
        summary: VaultSummary::of(v),
        options: v.options,
        treasury: v.treasury,
        at,
        rewards: rewards.iter().map(|(t, r)| (*t, StreamView::of(r))).collect(),
    })
}

/// A position and what it has earned at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PositionView {
    /// The vault.
    pub vault: VaultId,
    /// The staker.
    pub account: Address,
    /// The time asked for.
    pub at: Timestamp,
    /// Staked (`null`: no position).
    pub staked: Option<Amount>,
    /// Working balance (boosted).
    pub working: Option<Amount>,
    /// Locked until.
    pub lock_until: Option<Timestamp>,
    /// Unbonding.
    pub unbonding: Option<Amount>,
    /// When the unbonding amount may be withdrawn.
    pub unbonding_ready_at: Option<Timestamp>,
    /// Claimable per reward token at `at`.
    pub earned: BTreeMap<TokenId, Amount>,
}

/// `account`'s position in `vault` and what it could claim at `at`.
pub fn earned(
    state: &State,
    vault: &VaultId,
    account: Address,
    at: Option<Timestamp>,
) -> QueryResult<PositionView> {
    let at = not_before_clock(state, at)?;
    let v = find_vault(state, vault)?;
    let earned = v.earned_at(account, at).map_err(|e| projection_failed(&e))?;
    let p = v.positions.get(&account);
    Ok(PositionView {
        vault: vault.clone(),
        account,
        at,
        staked: p.map(|p| p.staked),
        working: p.map(|p| p.working),
        lock_until: p.map(|p| p.lock_until),
        unbonding: p.map(|p| p.unbonding),
        unbonding_ready_at: p.map(|p| p.unbonding_ready_at),
        earned,
    })
}

/// Every emission schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmissionsView {
    /// The epoch containing the state's clock.
    pub current_epoch: u64,
    /// By id.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub emissions: Vec<Emission>,
}

/// Every emission.
pub fn emissions(state: &State) -> EmissionsView {
    EmissionsView {
        current_epoch: epoch_of(state.clock),
        emissions: state.emissions.emissions.values().cloned().collect(),
    }
}

/// One emission schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmissionView {
    /// The epoch containing the state's clock.
    pub current_epoch: u64,
    /// Whether no epoch will emit again.
    pub finished: bool,
    /// The schedule and its counters.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub emission: Emission,
}

/// One emission.
pub fn emission(state: &State, id: &EmissionId) -> QueryResult<EmissionView> {
    let e =
        state.emissions.emissions.get(id).ok_or_else(|| QueryError::unknown("emission", "emission", id))?;
    Ok(EmissionView { current_epoch: epoch_of(state.clock), finished: e.finished(), emission: e.clone() })
}

/// A vesting grant at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantView {
    /// The grant.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub grant: Grant,
    /// The time asked for.
    pub at: Timestamp,
    /// End of the cliff.
    pub cliff: Timestamp,
    /// End of vesting.
    pub end: Timestamp,
    /// Vested at `at`.
    pub vested: Amount,
    /// Releasable at `at` (vested − released).
    pub releasable: Amount,
}

impl GrantView {
    fn of(g: &Grant, at: Timestamp) -> Self {
        Self {
            grant: g.clone(),
            at,
            cliff: g.cliff(),
            end: g.end(),
            vested: g.vested_at(at),
            releasable: g.releasable_at(at),
        }
    }
}

/// A grant's vested and releasable amounts at `at` (default: now; not before it).
pub fn grant(state: &State, id: u64, at: Option<Timestamp>) -> QueryResult<GrantView> {
    let at = not_before_clock(state, at)?;
    let g = state.vesting.grants.by_id.get(&id).ok_or_else(|| QueryError::unknown("grant", "grant", &id))?;
    Ok(GrantView::of(g, at))
}

/// An account's lock-ups in one token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenLockupsView {
    /// The token.
    pub token: TokenId,
    /// Locked at the time asked for.
    pub locked: Amount,
    /// The next unlock after it, if any is still locked.
    pub next_unlock: Option<Timestamp>,
    /// Every lock-up, expired ones included.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub lockups: Vec<Lockup>,
}

/// An account's grants and lock-ups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountVestingView {
    /// The account.
    pub account: Address,
    /// The time asked for.
    pub at: Timestamp,
    /// Grants where it is grantor or beneficiary.
    pub grants: Vec<GrantView>,
    /// Lock-ups by token.
    pub lockups: Vec<TokenLockupsView>,
}

/// `account`'s grants (as grantor or beneficiary) and lock-ups at `at`.
pub fn account_vesting(
    state: &State,
    account: Address,
    at: Option<Timestamp>,
) -> QueryResult<AccountVestingView> {
    let at = not_before_clock(state, at)?;
    let grants = state
        .vesting
        .grants
        .by_id
        .values()
        .filter(|g| g.beneficiary == account || g.grantor == account)
        .map(|g| GrantView::of(g, at))
        .collect();
    let book = &state.vesting.lockups;
    let lockups = book
        .tokens_of(account)
        .map(|(token, list)| {
            let (locked, next_unlock) = book.locked_at(account, token, at);
            TokenLockupsView { token, locked, next_unlock, lockups: list.to_vec() }
        })
        .collect();
    Ok(AccountVestingView { account, at, grants, lockups })
}

/// Every fee split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SplitsView {
    /// By id.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub splits: Vec<Split>,
}

/// Every split with its volume.
pub fn splits(state: &State) -> SplitsView {
    SplitsView { splits: state.splits.splits.values().cloned().collect() }
}

/// One fee split with its volume per token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SplitView {
    /// The split.
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub split: Split,
}

/// One split.
pub fn split(state: &State, id: &SplitId) -> QueryResult<SplitView> {
    let s = state.splits.splits.get(id).ok_or_else(|| QueryError::unknown("split", "split", id))?;
    Ok(SplitView { split: s.clone() })
}
