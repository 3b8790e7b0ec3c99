//! The Synthetix accumulator: streams advanced to a time, positions settled
//! against them, and the restream of a funding or a penalty.

use std::collections::BTreeMap;

use alloy_primitives::U256;

use super::{IdleRewards, PRECISION, Position, RewardState, Vault, VaultError, VaultResult};
use crate::types::{Address, Amount, Timestamp, TokenId};

pub(super) fn overflow(what: &'static str) -> VaultError {
    VaultError::Overflow { what }
}

pub(super) fn add(a: Amount, b: Amount, what: &'static str) -> VaultResult<Amount> {
    a.checked_add(b).ok_or(overflow(what))
}

pub(super) fn sub(a: Amount, b: Amount, what: &'static str) -> VaultResult<Amount> {
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
pub(super) fn settle(position: &mut Position, rewards: &BTreeMap<TokenId, RewardState>) -> VaultResult<()> {
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
pub(super) struct Accrued {
    pub(super) rewards: BTreeMap<TokenId, RewardState>,
    pub(super) returns: Vec<(TokenId, Amount)>,
}

impl Vault {
    pub(super) fn accrue(&self, at: Timestamp) -> VaultResult<Accrued> {
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

    pub(super) fn position(&self, account: Address) -> VaultResult<Position> {
        self.positions
            .get(&account)
            .cloned()
            .ok_or_else(|| VaultError::NoPosition { vault: self.id.clone(), account })
    }

    pub(super) fn require_open(&self) -> VaultResult<()> {
        if self.paused { Err(VaultError::Paused { vault: self.id.clone() }) } else { Ok(()) }
    }
}

/// Restarts a stream with `amount` added to its leftover, for `duration`
/// seconds from `at`: `rate = ⌊(amount + leftover) / duration⌋` (floor); the
/// dust `amount + leftover − rate · duration` stays in the vault, counted in
/// `dust`. Returns the dust, or `None` (and changes nothing) when the rate
/// would be zero. `r` must be checkpointed at `at`.
pub(super) fn restream(
    r: &mut RewardState,
    amount: Amount,
    duration: u64,
    at: Timestamp,
) -> VaultResult<Option<Amount>> {
    let total = add(amount, r.stream_remaining(), "amount + leftover")?;
    let rate = total.0 / u128::from(duration); // floor
    if rate == 0 {
        return Ok(None);
    }
    let streamed = Amount(rate * u128::from(duration)); // ≤ total
    let dust = sub(total, streamed, "funding dust")?;
    r.dust = add(r.dust, dust, "funding dust")?;
    r.rate = rate;
    r.period_finish = Timestamp(at.0.checked_add(duration).ok_or(overflow("period end"))?);
    r.last_update = at;
    Ok(Some(dust))
}
