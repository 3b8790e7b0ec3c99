//! Vault commands and events.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{
    ExitPenalty, IdleRewards, Loyalty, MAX_BOOST_BPS, MAX_PENALTY_BPS, MAX_PERIOD_SECS, MAX_REWARD_TOKENS,
    PenaltyTo, VaultId, VaultOptions,
};
use crate::problem::Problems;
use crate::types::{Address, AllianceId, Amount, Timestamp, TokenId};

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
    #[serde(with = "crate::types::dec")]
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
