//! Staking vaults with one or more reward tokens ("dual farming").
//!
//! Per reward token, the **Synthetix StakingRewards accumulator**:
//!
//! * `reward_per_token += ⌊dt · rate · 1e18 / total_working⌋` (floor: the
//!   fraction stays in the vault) at every checkpoint;
//! * `earned(a) = ⌊working(a) · (reward_per_token − paid(a)) / 1e18⌋ + owed(a)`
//!   (floor);
//! * funding with leftover: `rate = ⌊(amount + remaining · rate) / duration⌋`
//!   (floor); the dust `amount + leftover − rate · duration` stays in the vault,
//!   counted in [`RewardState::dust`]; and Synthetix's check
//!   `rate · duration ≤ unallocated reward tokens held`.
//!
//! **The known bug, fixed**: in Synthetix, time with `total_supply = 0` still
//! advances `lastUpdateTime`, so the rewards of that time are stranded in the
//! contract forever. Here each vault chooses ([`IdleRewards`]): `carry-forward`
//! pauses the stream while nothing is staked (the period's end moves later by
//! the idle time, so the same rate pays the same total later), or
//! `return-to-treasury` sends `dt · rate` of each idle stretch to the
//! alliance treasury at the next checkpoint.
//!
//! Options: a loyalty multiplier (see [`working_balance`]), an unbonding period
//! (unbonding stake earns nothing), instant exit with a penalty in bps (to the
//! remaining stakers or the treasury), and pause with emergency withdraw
//! (earned rewards forfeited to the alliance treasury).
//!
//! Cost: stake, unstake, claim, exit and kick touch the vault's reward tokens
//! (at most [`MAX_REWARD_TOKENS`]) and one position: O(reward tokens · log
//! stakers), independent of the number of stakers in every other respect.
//!
//! Custody: staked and reward tokens sit in `Address::derived("vault:<id>")`
//! and move only through [`crate::ledger::Ledger::move_tokens`].

mod error;

use std::collections::{BTreeMap, BTreeSet};

use alloy_primitives::U256;
use serde::{Deserialize, Serialize};

pub use error::{VaultError, VaultResult};

use crate::command::Event;
use crate::custody::Moves;
use crate::engine::State;
use crate::error::EngineResult;
use crate::problem::Problems;
use crate::types::{Address, AllianceId, Amount, Bps, Timestamp, TokenId};

/// A vault's id: a slug with the same rules as an alliance id.
pub type VaultId = AllianceId;

/// The accumulator's fixed-point scale (Synthetix: 1e18).
pub const PRECISION: u128 = 1_000_000_000_000_000_000;
/// Most reward tokens per vault (bounds the cost of every checkpoint).
pub const MAX_REWARD_TOKENS: usize = 8;
/// Largest loyalty boost: 5× (Curve's gauge boost is 2.5×).
pub const MAX_BOOST_BPS: u32 = 50_000;
/// Longest reward duration and unbonding period: 4 years (Curve VotingEscrow MAXTIME).
pub const MAX_PERIOD_SECS: u64 = 4 * 365 * 86_400;
/// Largest instant-exit penalty: 50 %.
pub const MAX_PENALTY_BPS: u16 = 5_000;

/// What happens to rewards streamed while nothing is staked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdleRewards {
    /// The stream pauses: the period's end moves later by the idle time.
    #[default]
    CarryForward,
    /// `dt · rate` of each idle stretch goes to the alliance treasury.
    ReturnToTreasury,
}

/// Loyalty multiplier: working balance boosted by the remaining lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Loyalty {
    /// The boost of a lock of `max_lock_secs` or more, in bps (10 001 to 50 000; Curve: 25 000).
    pub max_boost_bps: u32,
    /// The lock length that earns the full boost.
    pub max_lock_secs: u64,
}

/// Where an instant-exit penalty goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PenaltyTo {
    /// Paid to the remaining stakers as a reward in the stake token, streamed
    /// over the reward duration (added to that stream's leftover), or shared at
    /// once if too small for a positive rate; to the treasury if nobody remains.
    RemainingStakers,
    /// The alliance treasury.
    Treasury,
}

/// Instant exit with a penalty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitPenalty {
    /// Penalty in bps of the principal, rounded up (1 to 5 000).
    pub bps: Bps,
    /// Where it goes.
    pub to: PenaltyTo,
}

/// A vault's options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultOptions {
    /// Length of each funded reward period.
    pub reward_duration_secs: u64,
    /// Rewards streamed while nothing is staked.
    pub idle_rewards: IdleRewards,
    /// Loyalty multiplier, if any.
    pub loyalty: Option<Loyalty>,
    /// Unbonding period (0: unstake pays at once).
    pub unbonding_secs: u64,
    /// Instant exit, if offered.
    pub exit_penalty: Option<ExitPenalty>,
}

/// One reward token's stream and accumulator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardState {
    /// Base units per second.
    pub rate: u128,
    /// End of the current period.
    pub period_finish: Timestamp,
    /// Last checkpoint.
    pub last_update: Timestamp,
    /// Σ reward per unit of working balance, scaled by 1e18.
    pub reward_per_token_stored: U256,
    /// Σ tokens put in (funding, emissions, instant-exit penalties to stakers).
    pub funded: Amount,
    /// Σ tokens paid to stakers.
    pub paid: Amount,
    /// Σ idle rewards returned to the treasury.
    pub returned: Amount,
    /// Σ earned rewards forfeited by emergency withdrawals (sent to the treasury).
    pub forfeited: Amount,
    /// Σ tokens moved into the accumulator (`dt · rate` with stakers, penalties).
    pub accrued: Amount,
    /// Σ funding dust: `amount + leftover − rate · duration` of each funding.
    pub dust: Amount,
}

impl RewardState {
    fn new(at: Timestamp) -> Self {
        Self {
            rate: 0,
            period_finish: at,
            last_update: at,
            reward_per_token_stored: U256::ZERO,
            funded: Amount::ZERO,
            paid: Amount::ZERO,
            returned: Amount::ZERO,
            forfeited: Amount::ZERO,
            accrued: Amount::ZERO,
            dust: Amount::ZERO,
        }
    }

    /// Tokens still to stream: `rate · (period_finish − last_update)`.
    pub fn stream_remaining(&self) -> Amount {
        Amount(self.rate.saturating_mul(u128::from(self.period_finish.0.saturating_sub(self.last_update.0))))
    }

    /// Upper bound of what stakers can still claim: `accrued − paid − forfeited`.
    /// Σ earned over positions is at most this; the difference is rounding dust.
    pub fn outstanding(&self) -> Amount {
        Amount(self.accrued.0.saturating_sub(self.paid.0).saturating_sub(self.forfeited.0))
    }
}

/// One account's rewards bookkeeping for one token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionReward {
    /// `reward_per_token` at the position's last checkpoint.
    pub paid_per_token: U256,
    /// Earned and not yet claimed at the last checkpoint.
    pub owed: Amount,
}

/// One account's position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Staked (earning).
    pub staked: Amount,
    /// Working balance (staked × loyalty boost), what earns.
    pub working: Amount,
    /// Loyalty lock end (no unstake or instant exit before).
    pub lock_until: Timestamp,
    /// Unbonding (not earning).
    pub unbonding: Amount,
    /// When the unbonding amount can be withdrawn.
    pub unbonding_ready_at: Timestamp,
    /// Per reward token.
    pub rewards: BTreeMap<TokenId, PositionReward>,
}

impl Position {
    fn is_empty(&self) -> bool {
        self.staked.is_zero() && self.unbonding.is_zero() && self.rewards.values().all(|r| r.owed.is_zero())
    }
}

/// A staking vault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vault {
    /// Its id.
    pub id: VaultId,
    /// The alliance it belongs to (its treasury receives returns and penalties).
    pub alliance: AllianceId,
    /// The alliance's treasury.
    pub treasury: Address,
    /// The vault's custody account, `Address::derived("vault:<id>")`.
    pub account: Address,
    /// The token staked.
    pub stake_token: TokenId,
    /// Options.
    pub options: VaultOptions,
    /// Paused: only emergency-withdraw, withdraw-unbonded and funding are open.
    pub paused: bool,
    /// Σ staked.
    pub total_staked: Amount,
    /// Σ working balances.
    pub total_working: Amount,
    /// Σ unbonding.
    pub total_unbonding: Amount,
    /// Reward streams by token.
    pub rewards: BTreeMap<TokenId, RewardState>,
    /// Positions by account.
    pub positions: BTreeMap<Address, Position>,
}

/// Every vault.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultState {
    /// Vaults by id.
    pub vaults: BTreeMap<VaultId, Vault>,
}

/// The custody account of vault `id`.
pub fn vault_account(id: &VaultId) -> Address {
    Address::derived(&format!("vault:{id}"))
}

/// The loyalty multiplier, Curve-style: with `remaining = min(lock_until − now, max_lock_secs)`
/// (0 once the lock has ended),
/// `boost_bps = 10000 + ⌊(max_boost_bps − 10000) · remaining / max_lock_secs⌋` and
/// `working = ⌊staked · boost_bps / 10000⌋` (both floor: the pool keeps the fraction).
/// It is recomputed at each checkpoint of the position (stake, unstake, claim,
/// kick), so it steps down as the lock runs out; anyone may `kick` a position.
pub fn working_balance(
    staked: Amount,
    lock_until: Timestamp,
    at: Timestamp,
    loyalty: Option<Loyalty>,
) -> Amount {
    let Some(l) = loyalty else { return staked };
    let remaining = lock_until.0.saturating_sub(at.0).min(l.max_lock_secs);
    let extra = u128::from(l.max_boost_bps - 10_000) * u128::from(remaining) / u128::from(l.max_lock_secs);
    // boost ≤ 5×, so working ≤ 5 · staked; staked ≤ total supply. Saturates rather than fail.
    staked.mul_div_floor(10_000 + extra, 10_000).unwrap_or(Amount::MAX)
}

fn overflow(what: &'static str) -> VaultError {
    VaultError::Overflow { what }
}

fn add(a: Amount, b: Amount, what: &'static str) -> VaultResult<Amount> {
    a.checked_add(b).ok_or(overflow(what))
}

fn sub(a: Amount, b: Amount, what: &'static str) -> VaultResult<Amount> {
    a.checked_sub(b).ok_or(overflow(what))
}

/// Advances one reward stream to `at` (Synthetix `updateReward`, with the
/// idle-time fix). Returns the new state and the amount to return to the
/// treasury (return-to-treasury vaults with nothing staked).
fn accrue_token(
    r: &RewardState,
    total_working: Amount,
    idle: IdleRewards,
    at: Timestamp,
) -> VaultResult<(RewardState, Amount)> {
    let mut r = r.clone();
    let mut returned = Amount::ZERO;
    let applicable = at.min(r.period_finish);
    if applicable > r.last_update && r.rate > 0 {
        let dt = u128::from(applicable.0 - r.last_update.0);
        let amount = Amount(r.rate.checked_mul(dt).ok_or(overflow("rate · dt"))?);
        if total_working.is_zero() {
            match idle {
                IdleRewards::CarryForward => {
                    // The stream pauses: what was left at last_update is left at `at`.
                    let left = r.period_finish.0 - r.last_update.0;
                    r.period_finish = Timestamp(at.0.checked_add(left).ok_or(overflow("period end"))?);
                }
                IdleRewards::ReturnToTreasury => {
                    r.returned = add(r.returned, amount, "returned rewards")?;
                    returned = amount;
                }
            }
        } else {
            let increment = U256::from(amount.0) * U256::from(PRECISION) / U256::from(total_working.0);
            r.reward_per_token_stored =
                r.reward_per_token_stored.checked_add(increment).ok_or(overflow("reward per token"))?;
            r.accrued = add(r.accrued, amount, "accrued rewards")?;
        }
    }
    if at > r.last_update {
        r.last_update = at;
    }
    Ok((r, returned))
}

/// Brings `position`'s rewards up to the streams' accumulators:
/// `owed += ⌊working · (reward_per_token − paid) / 1e18⌋` (floor).
fn settle(position: &mut Position, rewards: &BTreeMap<TokenId, RewardState>) -> VaultResult<()> {
    for (token, r) in rewards {
        let e = position.rewards.entry(*token).or_default();
        let delta = r.reward_per_token_stored.saturating_sub(e.paid_per_token);
        let earned = U256::from(position.working.0) * delta / U256::from(PRECISION);
        let earned = u128::try_from(earned).map_err(|_| overflow("earned rewards"))?;
        e.owed = add(e.owed, Amount(earned), "earned rewards")?;
        e.paid_per_token = r.reward_per_token_stored;
    }
    Ok(())
}

/// Streams advanced to a time, with the treasury returns they imply.
struct Accrued {
    rewards: BTreeMap<TokenId, RewardState>,
    returns: Vec<(TokenId, Amount)>,
}

impl Vault {
    fn accrue(&self, at: Timestamp) -> VaultResult<Accrued> {
        let mut rewards = BTreeMap::new();
        let mut returns = Vec::new();
        for (token, r) in &self.rewards {
            let (r, returned) = accrue_token(r, self.total_working, self.options.idle_rewards, at)?;
            if !returned.is_zero() {
                returns.push((*token, returned));
            }
            rewards.insert(*token, r);
        }
        Ok(Accrued { rewards, returns })
    }

    /// The streams as they would be after a checkpoint at `at` (a read: nothing changes).
    pub fn rewards_at(&self, at: Timestamp) -> VaultResult<BTreeMap<TokenId, RewardState>> {
        Ok(self.accrue(at)?.rewards)
    }

    /// What `account` could claim at `at`, per reward token (Synthetix `earned`, a read).
    pub fn earned_at(&self, account: Address, at: Timestamp) -> VaultResult<BTreeMap<TokenId, Amount>> {
        let rewards = self.rewards_at(at)?;
        let mut position = self.positions.get(&account).cloned().unwrap_or_default();
        settle(&mut position, &rewards)?;
        Ok(rewards.keys().map(|t| (*t, position.rewards.get(t).map_or(Amount::ZERO, |r| r.owed))).collect())
    }

    /// Stake-token principal held (staked + unbonding).
    pub fn principal_held(&self) -> Amount {
        Amount(self.total_staked.0.saturating_add(self.total_unbonding.0))
    }

    fn position(&self, account: Address) -> VaultResult<Position> {
        self.positions
            .get(&account)
            .cloned()
            .ok_or_else(|| VaultError::NoPosition { vault: self.id.clone(), account })
    }

    fn require_open(&self) -> VaultResult<()> {
        if self.paused { Err(VaultError::Paused { vault: self.id.clone() }) } else { Ok(()) }
    }
}

// ---------------------------------------------------------------- commands

/// Create a vault (a hub admin or the leader of `alliance`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateVault {
    /// New id.
    pub id: VaultId,
    /// The alliance it belongs to.
    pub alliance: AllianceId,
    /// The token staked.
    pub stake_token: TokenId,
    /// 1 to 8 distinct reward tokens (the stake token is added when penalties go to stakers).
    pub reward_tokens: Vec<TokenId>,
    /// Length of each funded period (1 s to 4 years).
    pub reward_duration_secs: u64,
    /// Rewards streamed while nothing is staked (default `carry-forward`).
    #[serde(default)]
    pub idle_rewards: IdleRewards,
    /// Loyalty multiplier.
    #[serde(default)]
    pub loyalty: Option<Loyalty>,
    /// Unbonding period in seconds (default 0: unstake pays at once; at most 4 years).
    #[serde(default)]
    pub unbonding_secs: u64,
    /// Instant exit with a penalty.
    #[serde(default)]
    pub exit_penalty: Option<ExitPenalty>,
}

impl CreateVault {
    /// The reward tokens the vault will pay: `reward_tokens`, plus the stake
    /// token when instant-exit penalties go to the remaining stakers.
    pub fn all_reward_tokens(&self) -> Vec<TokenId> {
        let mut tokens = self.reward_tokens.clone();
        let to_stakers = self.exit_penalty.is_some_and(|p| p.to == PenaltyTo::RemainingStakers);
        if to_stakers && !tokens.contains(&self.stake_token) {
            tokens.push(self.stake_token);
        }
        tokens
    }

    /// Checks the options' own rules (not token registration, authorisation
    /// or id uniqueness), every problem with its path under `prefix`. Shared
    /// by `create-vault` and the charter's `[[vaults]]`.
    pub fn check(&self, prefix: &str, out: &mut Problems) {
        let mut seen = BTreeSet::new();
        for (i, t) in self.reward_tokens.iter().enumerate() {
            out.check(
                seen.insert(*t),
                format!("{prefix}.reward_tokens[{i}]"),
                format!("`{t}` appears twice"),
            );
        }
        let count = self.all_reward_tokens().len();
        out.check(
            (1..=MAX_REWARD_TOKENS).contains(&count),
            format!("{prefix}.reward_tokens"),
            format!(
                "must name 1 to {MAX_REWARD_TOKENS} tokens (with the stake token when penalties go to stakers), got {count}"
            ),
        );
        out.check(
            (1..=MAX_PERIOD_SECS).contains(&self.reward_duration_secs),
            format!("{prefix}.reward_duration_secs"),
            format!("must be 1 to {MAX_PERIOD_SECS}, got {}", self.reward_duration_secs),
        );
        out.check(
            self.unbonding_secs <= MAX_PERIOD_SECS,
            format!("{prefix}.unbonding_secs"),
            format!("must be ≤ {MAX_PERIOD_SECS}, got {}", self.unbonding_secs),
        );
        if let Some(p) = self.exit_penalty {
            out.check(
                (1..=MAX_PENALTY_BPS).contains(&p.bps.0),
                format!("{prefix}.exit_penalty.bps"),
                format!("must be 1 to {MAX_PENALTY_BPS}, got {}", p.bps.0),
            );
        }
        if let Some(l) = self.loyalty {
            out.check(
                l.max_boost_bps > 10_000 && l.max_boost_bps <= MAX_BOOST_BPS,
                format!("{prefix}.loyalty.max_boost_bps"),
                format!("must be 10001 to {MAX_BOOST_BPS}, got {}", l.max_boost_bps),
            );
            out.check(
                (1..=MAX_PERIOD_SECS).contains(&l.max_lock_secs),
                format!("{prefix}.loyalty.max_lock_secs"),
                format!("must be 1 to {MAX_PERIOD_SECS}, got {}", l.max_lock_secs),
            );
        }
    }
}

/// Add rewards to a vault (its distributors: hub admins, the alliance leader, the emission module).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundVault {
    /// The vault.
    pub vault: VaultId,
    /// A reward token of the vault.
    pub token: TokenId,
    /// Amount in base units, from the actor's balance.
    pub amount: Amount,
}

/// Stake the actor's tokens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stake {
    /// The vault.
    pub vault: VaultId,
    /// Amount in base units.
    pub amount: Amount,
    /// Loyalty lock from now (vaults with a loyalty multiplier; the position's
    /// lock end becomes the later of the current one and `now + lock_secs`).
    #[serde(default)]
    pub lock_secs: u64,
}

/// Unstake: paid at once, or starts unbonding if the vault has an unbonding period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unstake {
    /// The vault.
    pub vault: VaultId,
    /// Amount in base units.
    pub amount: Amount,
}

/// Withdraw the whole unbonding amount once the period has passed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawUnbonded {
    /// The vault.
    pub vault: VaultId,
}

/// Claim every reward token earned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The vault.
    pub vault: VaultId,
}

/// Leave at once: staked and unbonding principal minus the penalty, plus every reward earned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitInstant {
    /// The vault.
    pub vault: VaultId,
}

/// Pause or unpause (a hub admin or the alliance's leader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PauseVault {
    /// The vault.
    pub vault: VaultId,
    /// The new flag.
    pub paused: bool,
}

/// While paused: take back all principal, forfeiting every earned reward (to the treasury).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmergencyWithdraw {
    /// The vault.
    pub vault: VaultId,
}

/// Checkpoint someone's position so its loyalty boost reflects the remaining lock (anyone, as Curve's `kick`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kick {
    /// The vault.
    pub vault: VaultId,
    /// The position's owner.
    pub account: Address,
}

// ---------------------------------------------------------------- events

/// A vault was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultCreated {
    /// Its id.
    pub vault: VaultId,
    /// Its alliance.
    pub alliance: AllianceId,
    /// Its custody account.
    pub account: Address,
    /// The stake token.
    pub stake_token: TokenId,
    /// Its reward tokens.
    pub reward_tokens: Vec<TokenId>,
    /// Its options.
    pub options: VaultOptions,
}

/// Rewards were added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultFunded {
    /// The vault.
    pub vault: VaultId,
    /// The token.
    pub token: TokenId,
    /// Who funded it.
    pub funder: Address,
    /// The amount added.
    pub amount: Amount,
    /// What the previous period had left: `rate · (period_finish − now)`.
    pub leftover: Amount,
    /// The new rate per second, `⌊(amount + leftover) / duration⌋`.
    pub rate: u128,
    /// The new period's end.
    pub period_finish: Timestamp,
    /// `amount + leftover − rate · duration`, kept by the vault.
    pub dust: Amount,
}

/// Tokens were staked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staked {
    /// The vault.
    pub vault: VaultId,
    /// The staker.
    pub account: Address,
    /// Amount.
    pub amount: Amount,
    /// The position's stake after.
    pub staked: Amount,
    /// Its working balance after.
    pub working: Amount,
    /// Its lock end.
    pub lock_until: Timestamp,
}

/// Stake was paid back at once (no unbonding period).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unstaked {
    /// The vault.
    pub vault: VaultId,
    /// The staker.
    pub account: Address,
    /// Amount.
    pub amount: Amount,
}

/// Stake started unbonding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnbondingStarted {
    /// The vault.
    pub vault: VaultId,
    /// The staker.
    pub account: Address,
    /// Amount added to unbonding.
    pub amount: Amount,
    /// Total unbonding for the account.
    pub unbonding: Amount,
    /// When all of it can be withdrawn (restarts with each unstake).
    pub ready_at: Timestamp,
}

/// Unbonded stake was withdrawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnbondedWithdrawn {
    /// The vault.
    pub vault: VaultId,
    /// The staker.
    pub account: Address,
    /// Amount.
    pub amount: Amount,
}

/// A reward was paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardPaid {
    /// The vault.
    pub vault: VaultId,
    /// The staker.
    pub account: Address,
    /// The reward token.
    pub token: TokenId,
    /// Amount.
    pub amount: Amount,
}

/// Someone left at once, paying the penalty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitedInstantly {
    /// The vault.
    pub vault: VaultId,
    /// The staker.
    pub account: Address,
    /// Staked + unbonding.
    pub principal: Amount,
    /// `⌈principal · bps / 10000⌉`.
    pub penalty: Amount,
    /// What was paid back: principal − penalty.
    pub paid: Amount,
    /// Where the penalty went (the vault's stakers as a reward, or the treasury).
    pub penalty_to: PenaltyTo,
    /// For stakers: the end of the stake-token stream that now pays it
    /// (none when it was too small for a positive rate and was shared at once).
    pub streamed_until: Option<Timestamp>,
}

/// Idle rewards went back to the treasury.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdleRewardsReturned {
    /// The vault.
    pub vault: VaultId,
    /// The token.
    pub token: TokenId,
    /// Amount.
    pub amount: Amount,
    /// The treasury credited.
    pub treasury: Address,
}

/// A vault was paused or unpaused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultPauseSet {
    /// The vault.
    pub vault: VaultId,
    /// The new flag.
    pub paused: bool,
}

/// Someone withdrew in an emergency, forfeiting rewards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyWithdrawn {
    /// The vault.
    pub vault: VaultId,
    /// The staker.
    pub account: Address,
    /// Principal paid back (staked + unbonding).
    pub principal: Amount,
    /// Earned rewards forfeited to the treasury, per token (non-zero only).
    pub forfeited: Vec<(TokenId, Amount)>,
    /// The treasury credited.
    pub treasury: Address,
}

/// A position's working balance was recomputed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingBalanceUpdated {
    /// The vault.
    pub vault: VaultId,
    /// The account.
    pub account: Address,
    /// The new working balance.
    pub working: Amount,
}

// ---------------------------------------------------------------- handlers

fn vault<'a>(state: &'a State, id: &VaultId) -> VaultResult<&'a Vault> {
    state.vaults.vaults.get(id).ok_or_else(|| VaultError::UnknownVault { vault: id.clone() })
}

fn is_admin_or_leader(state: &State, actor: Address, alliance: &AllianceId) -> VaultResult<bool> {
    state
        .is_admin_or_leader(actor, alliance)
        .ok_or_else(|| VaultError::UnknownAlliance { alliance: alliance.clone() })
}

/// A loyalty lock forbids unstaking and instant exit until it ends.
fn require_unlocked(v: &Vault, account: Address, position: &Position, at: Timestamp) -> VaultResult<()> {
    if at < position.lock_until {
        return Err(VaultError::Locked { vault: v.id.clone(), account, until: position.lock_until, at });
    }
    Ok(())
}

fn invalid(path: impl Into<String>, rule: impl Into<String>) -> VaultError {
    VaultError::InvalidOption { path: path.into(), rule: rule.into() }
}

/// A checkpoint in progress: advanced streams, planned moves and events.
struct Work {
    rewards: BTreeMap<TokenId, RewardState>,
    moves: Moves,
    events: Vec<Event>,
}

impl Work {
    fn begin(v: &Vault, at: Timestamp) -> VaultResult<Self> {
        let Accrued { rewards, returns } = v.accrue(at)?;
        let mut moves = Moves::default();
        let mut events = Vec::new();
        for (token, amount) in returns {
            moves.module(token, v.account, v.treasury, amount);
            events.push(Event::IdleRewardsReturned(IdleRewardsReturned {
                vault: v.id.clone(),
                token,
                amount,
                treasury: v.treasury,
            }));
        }
        Ok(Self { rewards, moves, events })
    }

    /// Pays every owed reward of `position` to `account`.
    fn pay_rewards(&mut self, v: &Vault, account: Address, position: &mut Position) -> VaultResult<()> {
        for (token, e) in &mut position.rewards {
            if e.owed.is_zero() {
                continue;
            }
            let r = self.rewards.get_mut(token).expect("positions only hold the vault's reward tokens");
            r.paid = add(r.paid, e.owed, "paid rewards")?;
            self.moves.module(*token, v.account, account, e.owed);
            self.events.push(Event::RewardPaid(RewardPaid {
                vault: v.id.clone(),
                account,
                token: *token,
                amount: e.owed,
            }));
            e.owed = Amount::ZERO;
        }
        Ok(())
    }
}

/// New vault totals after a command.
#[derive(Clone, Copy)]
struct Totals {
    staked: Amount,
    working: Amount,
    unbonding: Amount,
}

impl Totals {
    fn of(v: &Vault) -> Self {
        Self { staked: v.total_staked, working: v.total_working, unbonding: v.total_unbonding }
    }
}

/// Checks the moves, then writes everything. Nothing before this writes.
fn commit(
    state: &mut State,
    id: &VaultId,
    at: Timestamp,
    work: Work,
    account: Address,
    position: Position,
    totals: Totals,
) -> EngineResult<Vec<Event>> {
    work.moves.check(state, at)?;
    work.moves.apply(&mut state.ledger, at);
    let v = state.vaults.vaults.get_mut(id).expect("vault checked by the caller");
    v.rewards = work.rewards;
    v.total_staked = totals.staked;
    v.total_working = totals.working;
    v.total_unbonding = totals.unbonding;
    if position.is_empty() {
        v.positions.remove(&account);
    } else {
        v.positions.insert(account, position);
    }
    Ok(work.events)
}

/// `create-vault`.
pub(crate) fn create(
    state: &mut State,
    actor: Address,
    at: Timestamp,
    c: &CreateVault,
) -> EngineResult<Vec<Event>> {
    if state.vaults.vaults.contains_key(&c.id) {
        return Err(VaultError::DuplicateVault { vault: c.id.clone() }.into());
    }
    if !is_admin_or_leader(state, actor, &c.alliance)? {
        return Err(VaultError::NotAdminOrLeader { actor, alliance: c.alliance.clone() }.into());
    }
    let treasury = state.alliances[&c.alliance].treasury;
    state.ledger.token(c.stake_token, "body.stake_token")?;
    for t in &c.reward_tokens {
        state.ledger.token(*t, "body.reward_tokens")?;
    }
    let mut problems = Problems::default();
    c.check("body", &mut problems);
    if let Some(p) = problems.into_vec().into_iter().next() {
        return Err(invalid(p.path, p.rule).into());
    }
    let tokens = c.all_reward_tokens();
    let options = VaultOptions {
        reward_duration_secs: c.reward_duration_secs,
        idle_rewards: c.idle_rewards,
        loyalty: c.loyalty,
        unbonding_secs: c.unbonding_secs,
        exit_penalty: c.exit_penalty,
    };
    let account = vault_account(&c.id);
    state.vaults.vaults.insert(
        c.id.clone(),
        Vault {
            id: c.id.clone(),
            alliance: c.alliance.clone(),
            treasury,
            account,
            stake_token: c.stake_token,
            options,
            paused: false,
            total_staked: Amount::ZERO,
            total_working: Amount::ZERO,
            total_unbonding: Amount::ZERO,
            rewards: tokens.iter().map(|t| (*t, RewardState::new(at))).collect(),
            positions: BTreeMap::new(),
        },
    );
    Ok(vec![Event::VaultCreated(VaultCreated {
        vault: c.id.clone(),
        alliance: c.alliance.clone(),
        account,
        stake_token: c.stake_token,
        reward_tokens: tokens,
        options,
    })])
}

/// A planned funding of one vault: new streams, idle returns and events.
pub(crate) struct FundPlan {
    work: Work,
}

/// Plans funding `amount` of `token` into vault `id` at `at` (the tokens
/// arrive by the caller's move or mint). Checks Synthetix's coverage rule
/// against the vault's balance `held_before` (before the arrival).
pub(crate) fn plan_fund(
    state: &State,
    id: &VaultId,
    funder: Address,
    token: TokenId,
    amount: Amount,
    at: Timestamp,
) -> VaultResult<FundPlan> {
    let v = vault(state, id)?;
    if !v.rewards.contains_key(&token) {
        return Err(VaultError::NotRewardToken { vault: v.id.clone(), token });
    }
    if amount.is_zero() {
        return Err(VaultError::ZeroAmount);
    }
    let mut work = Work::begin(v, at)?;
    let duration = v.options.reward_duration_secs;
    let returned: Amount = work
        .events
        .iter()
        .filter_map(|e| match e {
            Event::IdleRewardsReturned(r) if r.token == token => Some(r.amount),
            _ => None,
        })
        .fold(Amount::ZERO, |s, a| Amount(s.0.saturating_add(a.0)));
    let r = work.rewards.get_mut(&token).expect("checked above");
    // After the checkpoint last_update = at, so the leftover is rate · (finish − at).
    let leftover = r.stream_remaining();
    let total = add(amount, leftover, "amount + leftover")?;
    let rate = total.0 / u128::from(duration); // floor
    if rate == 0 {
        return Err(VaultError::RateZero { total, duration_secs: duration });
    }
    let streamed = Amount(rate * u128::from(duration)); // ≤ total
    let dust = sub(total, streamed, "funding dust")?;
    // Synthetix: rate · duration ≤ balance held that nobody is owed yet.
    let mut held = state.ledger.balance(v.account, token);
    held = add(held, amount, "vault balance")?;
    held = Amount(held.0.saturating_sub(returned.0));
    if token == v.stake_token {
        held = Amount(held.0.saturating_sub(v.principal_held().0));
    }
    let available = Amount(held.0.saturating_sub(r.outstanding().0).saturating_sub(r.dust.0));
    if streamed > available {
        return Err(VaultError::RateNotCovered {
            token,
            rate,
            duration_secs: duration,
            needed: streamed,
            available,
        });
    }
    r.rate = rate;
    r.period_finish = Timestamp(at.0.checked_add(duration).ok_or(overflow("period end"))?);
    r.last_update = at;
    r.funded = add(r.funded, amount, "funded rewards")?;
    r.dust = add(r.dust, dust, "funding dust")?;
    let period_finish = r.period_finish;
    work.events.push(Event::VaultFunded(VaultFunded {
        vault: v.id.clone(),
        token,
        funder,
        amount,
        leftover,
        rate,
        period_finish,
        dust,
    }));
    Ok(FundPlan { work })
}

impl FundPlan {
    /// The idle-return moves the plan needs (to check with the caller's own moves).
    pub(crate) fn moves(&self) -> &Moves {
        &self.work.moves
    }

    /// Writes the plan's streams. The caller applies the moves (checked) itself.
    pub(crate) fn write(self, state: &mut State, id: &VaultId) -> (Moves, Vec<Event>) {
        let v = state.vaults.vaults.get_mut(id).expect("vault checked when planning");
        v.rewards = self.work.rewards;
        (self.work.moves, self.work.events)
    }
}

/// `fund-vault`.
pub(crate) fn fund(
    state: &mut State,
    actor: Address,
    at: Timestamp,
    c: &FundVault,
) -> EngineResult<Vec<Event>> {
    let v = vault(state, &c.vault)?;
    if !(is_admin_or_leader(state, actor, &v.alliance)? || actor == crate::emission::module_account()) {
        return Err(
            VaultError::NotDistributor { actor, vault: v.id.clone(), alliance: v.alliance.clone() }.into()
        );
    }
    let account = v.account;
    let mut plan = plan_fund(state, &c.vault, actor, c.token, c.amount, at)?;
    plan.work.moves.own(c.token, actor, account, c.amount);
    plan.moves().check(state, at)?;
    let (moves, events) = plan.write(state, &c.vault);
    moves.apply(&mut state.ledger, at);
    Ok(events)
}

/// `stake`.
pub(crate) fn stake(state: &mut State, actor: Address, at: Timestamp, c: &Stake) -> EngineResult<Vec<Event>> {
    let v = vault(state, &c.vault)?;
    v.require_open()?;
    if c.amount.is_zero() {
        return Err(VaultError::ZeroAmount.into());
    }
    match v.options.loyalty {
        None if c.lock_secs > 0 => {
            return Err(VaultError::LockWithoutLoyalty { vault: v.id.clone(), lock_secs: c.lock_secs }.into());
        }
        Some(l) if c.lock_secs > l.max_lock_secs => {
            return Err(
                VaultError::LockTooLong { lock_secs: c.lock_secs, max_lock_secs: l.max_lock_secs }.into()
            );
        }
        _ => {}
    }
    let mut work = Work::begin(v, at)?;
    let mut position = v.positions.get(&actor).cloned().unwrap_or_default();
    settle(&mut position, &work.rewards)?;
    let old_working = position.working;
    position.staked = add(position.staked, c.amount, "staked")?;
    let lock_end = Timestamp(at.0.saturating_add(c.lock_secs));
    position.lock_until = position.lock_until.max(lock_end);
    position.working = working_balance(position.staked, position.lock_until, at, v.options.loyalty);
    let totals = Totals {
        staked: add(v.total_staked, c.amount, "total staked")?,
        working: add(sub(v.total_working, old_working, "total working")?, position.working, "total working")?,
        unbonding: v.total_unbonding,
    };
    work.moves.own(v.stake_token, actor, v.account, c.amount);
    work.events.push(Event::Staked(Staked {
        vault: v.id.clone(),
        account: actor,
        amount: c.amount,
        staked: position.staked,
        working: position.working,
        lock_until: position.lock_until,
    }));
    commit(state, &c.vault, at, work, actor, position, totals)
}

/// `unstake`.
pub(crate) fn unstake(
    state: &mut State,
    actor: Address,
    at: Timestamp,
    c: &Unstake,
) -> EngineResult<Vec<Event>> {
    let v = vault(state, &c.vault)?;
    v.require_open()?;
    if c.amount.is_zero() {
        return Err(VaultError::ZeroAmount.into());
    }
    let mut position = v.position(actor)?;
    if c.amount > position.staked {
        return Err(VaultError::InsufficientStake {
            vault: v.id.clone(),
            staked: position.staked,
            requested: c.amount,
        }
        .into());
    }
    require_unlocked(v, actor, &position, at)?;
    let mut work = Work::begin(v, at)?;
    settle(&mut position, &work.rewards)?;
    let old_working = position.working;
    position.staked = sub(position.staked, c.amount, "staked")?;
    position.working = working_balance(position.staked, position.lock_until, at, v.options.loyalty);
    let mut totals = Totals {
        staked: sub(v.total_staked, c.amount, "total staked")?,
        working: add(sub(v.total_working, old_working, "total working")?, position.working, "total working")?,
        unbonding: v.total_unbonding,
    };
    if v.options.unbonding_secs == 0 {
        work.moves.module(v.stake_token, v.account, actor, c.amount);
        work.events.push(Event::Unstaked(Unstaked { vault: v.id.clone(), account: actor, amount: c.amount }));
    } else {
        position.unbonding = add(position.unbonding, c.amount, "unbonding")?;
        position.unbonding_ready_at = Timestamp(at.0.saturating_add(v.options.unbonding_secs));
        totals.unbonding = add(totals.unbonding, c.amount, "total unbonding")?;
        work.events.push(Event::UnbondingStarted(UnbondingStarted {
            vault: v.id.clone(),
            account: actor,
            amount: c.amount,
            unbonding: position.unbonding,
            ready_at: position.unbonding_ready_at,
        }));
    }
    commit(state, &c.vault, at, work, actor, position, totals)
}

/// `withdraw-unbonded`.
pub(crate) fn withdraw_unbonded(
    state: &mut State,
    actor: Address,
    at: Timestamp,
    c: &WithdrawUnbonded,
) -> EngineResult<Vec<Event>> {
    let v = vault(state, &c.vault)?;
    let mut position = v.position(actor)?;
    if position.unbonding.is_zero() {
        return Err(VaultError::NothingUnbonding { vault: v.id.clone(), account: actor }.into());
    }
    if at < position.unbonding_ready_at {
        return Err(VaultError::StillUnbonding {
            vault: v.id.clone(),
            amount: position.unbonding,
            ready_at: position.unbonding_ready_at,
            at,
        }
        .into());
    }
    // Unbonding stake earns nothing, so no checkpoint is needed.
    let amount = position.unbonding;
    let mut work = Work { rewards: v.rewards.clone(), moves: Moves::default(), events: Vec::new() };
    work.moves.module(v.stake_token, v.account, actor, amount);
    work.events.push(Event::UnbondedWithdrawn(UnbondedWithdrawn {
        vault: v.id.clone(),
        account: actor,
        amount,
    }));
    position.unbonding = Amount::ZERO;
    let totals = Totals { unbonding: sub(v.total_unbonding, amount, "total unbonding")?, ..Totals::of(v) };
    commit(state, &c.vault, at, work, actor, position, totals)
}

/// `claim`.
pub(crate) fn claim(state: &mut State, actor: Address, at: Timestamp, c: &Claim) -> EngineResult<Vec<Event>> {
    let v = vault(state, &c.vault)?;
    v.require_open()?;
    let mut position = v.position(actor)?;
    let mut work = Work::begin(v, at)?;
    settle(&mut position, &work.rewards)?;
    if position.rewards.values().all(|e| e.owed.is_zero()) {
        return Err(VaultError::NothingToClaim { vault: v.id.clone(), account: actor }.into());
    }
    work.pay_rewards(v, actor, &mut position)?;
    let old_working = position.working;
    position.working = working_balance(position.staked, position.lock_until, at, v.options.loyalty);
    let totals = Totals {
        working: add(sub(v.total_working, old_working, "total working")?, position.working, "total working")?,
        ..Totals::of(v)
    };
    commit(state, &c.vault, at, work, actor, position, totals)
}

/// Every position's owed rewards, settled at `at` and moved from the vault
/// to `to` (the Merkle distributor), planned without writing anything.
pub(crate) struct Settlement {
    vault: VaultId,
    rewards: BTreeMap<TokenId, RewardState>,
    positions: Vec<(Address, Position)>,
    /// The moves: vault → `to`, plus idle rewards returned to the treasury.
    pub(crate) moves: crate::custody::Moves,
    /// Settled amount per (account, token), only positive amounts.
    pub(crate) amounts: BTreeMap<(Address, TokenId), Amount>,
    events: Vec<Event>,
}

/// Plans a [`Settlement`] of every position of vault `id`. O(positions): an
/// epochal, admin-run settlement, never on a staker's path.
pub(crate) fn plan_settlement(
    state: &State,
    id: &VaultId,
    at: Timestamp,
    to: Address,
) -> EngineResult<Settlement> {
    let v = vault(state, id)?;
    v.require_open()?;
    let Work { mut rewards, mut moves, events } = Work::begin(v, at)?;
    let mut positions = Vec::new();
    let mut amounts = BTreeMap::new();
    for (account, position) in &v.positions {
        let mut position = position.clone();
        settle(&mut position, &rewards)?;
        for (token, e) in &mut position.rewards {
            if e.owed.is_zero() {
                continue;
            }
            let r = rewards.get_mut(token).expect("positions only hold the vault's reward tokens");
            r.paid = add(r.paid, e.owed, "paid rewards")?;
            moves.module(*token, v.account, to, e.owed);
            amounts.insert((*account, *token), e.owed);
            e.owed = Amount::ZERO;
        }
        positions.push((*account, position));
    }
    Ok(Settlement { vault: id.clone(), rewards, positions, moves, amounts, events })
}

/// Writes a planned settlement whose moves the caller has checked.
pub(crate) fn apply_settlement(state: &mut State, at: Timestamp, s: Settlement) -> Vec<Event> {
    s.moves.apply(&mut state.ledger, at);
    let v = state.vaults.vaults.get_mut(&s.vault).expect("vault checked when planning");
    v.rewards = s.rewards;
    for (account, position) in s.positions {
        if position.is_empty() {
            v.positions.remove(&account);
        } else {
            v.positions.insert(account, position);
        }
    }
    s.events
}

/// `kick`.
pub(crate) fn kick(state: &mut State, at: Timestamp, c: &Kick) -> EngineResult<Vec<Event>> {
    let v = vault(state, &c.vault)?;
    let mut position = v.position(c.account)?;
    let mut work = Work::begin(v, at)?;
    settle(&mut position, &work.rewards)?;
    let old_working = position.working;
    position.working = working_balance(position.staked, position.lock_until, at, v.options.loyalty);
    let totals = Totals {
        working: add(sub(v.total_working, old_working, "total working")?, position.working, "total working")?,
        ..Totals::of(v)
    };
    work.events.push(Event::WorkingBalanceUpdated(WorkingBalanceUpdated {
        vault: v.id.clone(),
        account: c.account,
        working: position.working,
    }));
    commit(state, &c.vault, at, work, c.account, position, totals)
}

/// `exit-instant`.
pub(crate) fn exit_instant(
    state: &mut State,
    actor: Address,
    at: Timestamp,
    c: &ExitInstant,
) -> EngineResult<Vec<Event>> {
    let v = vault(state, &c.vault)?;
    v.require_open()?;
    let penalty_rule =
        v.options.exit_penalty.ok_or_else(|| VaultError::NoInstantExit { vault: v.id.clone() })?;
    let mut position = v.position(actor)?;
    require_unlocked(v, actor, &position, at)?;
    let principal = add(position.staked, position.unbonding, "principal")?;
    let mut work = Work::begin(v, at)?;
    settle(&mut position, &work.rewards)?;
    work.pay_rewards(v, actor, &mut position)?;
    // Round up: the pool, not the leaver, keeps the fraction.
    let penalty =
        principal.mul_div_ceil(u128::from(penalty_rule.bps.0), 10_000).ok_or(overflow("penalty"))?;
    let paid = sub(principal, penalty, "principal − penalty")?;
    let totals = Totals {
        staked: sub(v.total_staked, position.staked, "total staked")?,
        working: sub(v.total_working, position.working, "total working")?,
        unbonding: sub(v.total_unbonding, position.unbonding, "total unbonding")?,
    };
    work.moves.module(v.stake_token, v.account, actor, paid);
    let mut penalty_to = penalty_rule.to;
    let mut streamed_until = None;
    if penalty_to == PenaltyTo::RemainingStakers && totals.working.is_zero() {
        // Nobody remains to share it.
        penalty_to = PenaltyTo::Treasury;
    }
    match penalty_to {
        PenaltyTo::Treasury => work.moves.module(v.stake_token, v.account, v.treasury, penalty),
        PenaltyTo::RemainingStakers => {
            let r = work.rewards.get_mut(&v.stake_token).expect("the stake token is a reward token");
            r.funded = add(r.funded, penalty, "funded rewards")?;
            // Streamed over the reward duration like a funding (with leftover),
            // so joining just before an exit does not capture the penalty; a
            // penalty too small for a positive rate is shared at once instead.
            let duration = v.options.reward_duration_secs;
            let total = add(penalty, r.stream_remaining(), "penalty + leftover")?;
            let rate = total.0 / u128::from(duration); // floor
            if rate > 0 {
                let streamed = Amount(rate * u128::from(duration));
                r.dust = add(r.dust, sub(total, streamed, "penalty dust")?, "funding dust")?;
                r.rate = rate;
                r.period_finish = Timestamp(at.0.checked_add(duration).ok_or(overflow("period end"))?);
                r.last_update = at;
                streamed_until = Some(r.period_finish);
            } else {
                // reward_per_token += ⌊penalty · 1e18 / total_working⌋ (floor).
                let increment = U256::from(penalty.0) * U256::from(PRECISION) / U256::from(totals.working.0);
                r.reward_per_token_stored =
                    r.reward_per_token_stored.checked_add(increment).ok_or(overflow("reward per token"))?;
                r.accrued = add(r.accrued, penalty, "accrued rewards")?;
            }
        }
    }
    work.events.push(Event::ExitedInstantly(ExitedInstantly {
        vault: v.id.clone(),
        account: actor,
        principal,
        penalty,
        paid,
        penalty_to,
        streamed_until,
    }));
    let position = Position::default();
    commit(state, &c.vault, at, work, actor, position, totals)
}

/// `pause-vault`.
pub(crate) fn set_paused(state: &mut State, actor: Address, c: &PauseVault) -> EngineResult<Vec<Event>> {
    let v = vault(state, &c.vault)?;
    if !is_admin_or_leader(state, actor, &v.alliance)? {
        return Err(VaultError::NotAdminOrLeader { actor, alliance: v.alliance.clone() }.into());
    }
    if v.paused == c.paused {
        return Err(VaultError::PauseUnchanged { vault: v.id.clone(), paused: c.paused }.into());
    }
    state.vaults.vaults.get_mut(&c.vault).expect("checked above").paused = c.paused;
    Ok(vec![Event::VaultPauseSet(VaultPauseSet { vault: c.vault.clone(), paused: c.paused })])
}

/// `emergency-withdraw`.
pub(crate) fn emergency_withdraw(
    state: &mut State,
    actor: Address,
    at: Timestamp,
    c: &EmergencyWithdraw,
) -> EngineResult<Vec<Event>> {
    let v = vault(state, &c.vault)?;
    if !v.paused {
        return Err(VaultError::NotPaused { vault: v.id.clone() }.into());
    }
    let mut position = v.position(actor)?;
    let principal = add(position.staked, position.unbonding, "principal")?;
    let mut work = Work::begin(v, at)?;
    settle(&mut position, &work.rewards)?;
    let mut forfeited = Vec::new();
    for (token, e) in &position.rewards {
        if e.owed.is_zero() {
            continue;
        }
        let r = work.rewards.get_mut(token).expect("positions only hold the vault's reward tokens");
        r.forfeited = add(r.forfeited, e.owed, "forfeited rewards")?;
        work.moves.module(*token, v.account, v.treasury, e.owed);
        forfeited.push((*token, e.owed));
    }
    let totals = Totals {
        staked: sub(v.total_staked, position.staked, "total staked")?,
        working: sub(v.total_working, position.working, "total working")?,
        unbonding: sub(v.total_unbonding, position.unbonding, "total unbonding")?,
    };
    work.moves.module(v.stake_token, v.account, actor, principal);
    work.events.push(Event::EmergencyWithdrawn(EmergencyWithdrawn {
        vault: v.id.clone(),
        account: actor,
        principal,
        forfeited,
        treasury: v.treasury,
    }));
    commit(state, &c.vault, at, work, actor, Position::default(), totals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loyalty_boost_is_linear_in_the_remaining_lock_and_capped() {
        let l = Some(Loyalty { max_boost_bps: 25_000, max_lock_secs: 100 });
        // No lock: 1×.
        assert_eq!(working_balance(Amount(1_000), Timestamp(0), Timestamp(0), l), Amount(1_000));
        // Half the max lock: 1 + 1.5 · 0.5 = 1.75×.
        assert_eq!(working_balance(Amount(1_000), Timestamp(50), Timestamp(0), l), Amount(1_750));
        // More than the max lock is capped at 2.5×.
        assert_eq!(working_balance(Amount(1_000), Timestamp(500), Timestamp(0), l), Amount(2_500));
        // Floors: 3 · 1.75 = 5.25 → 5.
        assert_eq!(working_balance(Amount(3), Timestamp(50), Timestamp(0), l), Amount(5));
        assert_eq!(working_balance(Amount(7), Timestamp(50), Timestamp(0), None), Amount(7));
    }
}
