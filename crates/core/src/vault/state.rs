//! Vaults, positions and reward streams.

use std::collections::BTreeMap;

use alloy_primitives::U256;
use serde::{Deserialize, Serialize};

use crate::types::{Address, AllianceId, Amount, Bps, Timestamp, TokenId};

pub use crate::types::VaultId;

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
    #[serde(with = "crate::types::dec")]
    pub rate: u128,
    /// End of the current period.
    pub period_finish: Timestamp,
    /// Last checkpoint.
    pub last_update: Timestamp,
    /// Σ reward per unit of working balance, scaled by 1e18.
    #[serde(with = "crate::types::dec::u256")]
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
    pub(super) fn new(at: Timestamp) -> Self {
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
    #[serde(with = "crate::types::dec::u256")]
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
    pub(super) fn is_empty(&self) -> bool {
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

impl VaultState {
    /// The vault, or `UnknownVault`.
    pub fn vault(&self, id: &VaultId) -> super::VaultResult<&Vault> {
        self.vaults.get(id).ok_or_else(|| super::VaultError::UnknownVault { vault: id.clone() })
    }
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
