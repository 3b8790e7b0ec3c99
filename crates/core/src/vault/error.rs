//! Vault errors. Each message starts with the field it is about.

use crate::errors_macro::error_codes;
use crate::types::{Address, AllianceId, Amount, Timestamp, TokenId};

use super::VaultId;

/// Why a vault command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// No vault has this id.
    #[error("body.vault: unknown vault `{vault}`")]
    UnknownVault {
        /// The id.
        vault: VaultId,
    },
    /// A vault with this id exists.
    #[error("body.id: vault `{vault}` already exists")]
    DuplicateVault {
        /// The id.
        vault: VaultId,
    },
    /// Only the vault's distributors (hub admins, the alliance leader, the emission module) fund it.
    #[error(
        "actor: {actor} may not fund vault `{vault}` (distributors: hub admins, the leader of `{alliance}`, the emission module)"
    )]
    NotDistributor {
        /// Who tried.
        actor: Address,
        /// The vault.
        vault: VaultId,
        /// Its alliance.
        alliance: AllianceId,
    },
    /// A vault option or parameter breaks a rule.
    #[error("{path}: {rule}")]
    InvalidOption {
        /// The offending field.
        path: String,
        /// The rule.
        rule: String,
    },
    /// The token is not one of the vault's reward tokens.
    #[error("body.token: `{token}` is not a reward token of vault `{vault}`")]
    NotRewardToken {
        /// The vault.
        vault: VaultId,
        /// The token.
        token: TokenId,
    },
    /// Amounts must be positive.
    #[error("body.amount: must be greater than zero")]
    ZeroAmount,
    /// `(amount + leftover) / duration` would be 0 per second.
    #[error(
        "body.amount: amount + leftover = {total} is less than reward_duration_secs = {duration_secs}, so the rate would be 0"
    )]
    RateZero {
        /// Amount plus leftover.
        total: Amount,
        /// The vault's reward duration.
        duration_secs: u64,
    },
    /// Synthetix's check: `rate · duration ≤ unallocated reward tokens held`.
    #[error(
        "body.amount: rate {rate}/s over {duration_secs} s needs {needed} {token} but the vault holds only {available} unallocated"
    )]
    RateNotCovered {
        /// The token.
        token: TokenId,
        /// The new rate.
        rate: u128,
        /// The duration.
        duration_secs: u64,
        /// `rate · duration`.
        needed: Amount,
        /// Unallocated tokens held.
        available: Amount,
    },
    /// The vault is paused.
    #[error("body.vault: vault `{vault}` is paused (only emergency-withdraw and withdraw-unbonded are open)")]
    Paused {
        /// The vault.
        vault: VaultId,
    },
    /// Emergency withdraw needs a paused vault.
    #[error("body.vault: vault `{vault}` is not paused; emergency-withdraw is only open while paused")]
    NotPaused {
        /// The vault.
        vault: VaultId,
    },
    /// The pause flag already has this value.
    #[error("body.paused: vault `{vault}` is already {}", if *.paused { "paused" } else { "unpaused" })]
    PauseUnchanged {
        /// The vault.
        vault: VaultId,
        /// The current value.
        paused: bool,
    },
    /// The account has no position in the vault.
    #[error("actor: {account} has no position in vault `{vault}`")]
    NoPosition {
        /// The vault.
        vault: VaultId,
        /// The account.
        account: Address,
    },
    /// Unstaking more than is staked.
    #[error("body.amount: the actor has {staked} staked in vault `{vault}`, asked for {requested}")]
    InsufficientStake {
        /// The vault.
        vault: VaultId,
        /// Staked.
        staked: Amount,
        /// Asked.
        requested: Amount,
    },
    /// The position's loyalty lock has not ended.
    #[error("body.vault: {account}'s stake in vault `{vault}` is locked until {until}, now {at}")]
    Locked {
        /// The vault.
        vault: VaultId,
        /// The account.
        account: Address,
        /// Lock end.
        until: Timestamp,
        /// The command's time.
        at: Timestamp,
    },
    /// A lock without the loyalty option.
    #[error(
        "body.lock_secs: vault `{vault}` has no loyalty multiplier, so lock_secs must be 0, got {lock_secs}"
    )]
    LockWithoutLoyalty {
        /// The vault.
        vault: VaultId,
        /// The requested lock.
        lock_secs: u64,
    },
    /// A lock longer than the vault's maximum.
    #[error("body.lock_secs: must be ≤ {max_lock_secs}, got {lock_secs}")]
    LockTooLong {
        /// The requested lock.
        lock_secs: u64,
        /// The maximum.
        max_lock_secs: u64,
    },
    /// Nothing is unbonding.
    #[error("body.vault: {account} has nothing unbonding in vault `{vault}`")]
    NothingUnbonding {
        /// The vault.
        vault: VaultId,
        /// The account.
        account: Address,
    },
    /// Unbonding has not finished.
    #[error("body.vault: {amount} unbonding in vault `{vault}` is withdrawable from {ready_at}, now {at}")]
    StillUnbonding {
        /// The vault.
        vault: VaultId,
        /// Unbonding amount.
        amount: Amount,
        /// When it can be withdrawn.
        ready_at: Timestamp,
        /// The command's time.
        at: Timestamp,
    },
    /// No reward is owed.
    #[error("body.vault: {account} has no rewards to claim in vault `{vault}`")]
    NothingToClaim {
        /// The vault.
        vault: VaultId,
        /// The account.
        account: Address,
    },
    /// The vault has no instant exit.
    #[error("body.vault: vault `{vault}` has no instant exit (its exit_penalty option is not set)")]
    NoInstantExit {
        /// The vault.
        vault: VaultId,
    },
    /// A figure would not fit in 128 (or, for the accumulator, 256) bits.
    #[error("body.amount: {what} would overflow")]
    Overflow {
        /// What overflowed.
        what: &'static str,
    },
}

error_codes! {
    VaultError {
        UnknownVault => "unknown_vault", "body.vault";
        DuplicateVault => "duplicate_vault", "body.id";
        NotDistributor => "not_distributor", "actor";
        InvalidOption { path, .. } => "invalid_vault_option", path;
        NotRewardToken => "not_reward_token", "body.token";
        ZeroAmount => "zero_amount", "body.amount";
        RateZero => "rate_zero", "body.amount";
        RateNotCovered => "rate_not_covered", "body.amount";
        Paused => "vault_paused", "body.vault";
        NotPaused => "vault_not_paused", "body.vault";
        PauseUnchanged => "pause_unchanged", "body.paused";
        NoPosition => "no_position", "actor";
        InsufficientStake => "insufficient_stake", "body.amount";
        Locked => "stake_locked", "body.vault";
        LockWithoutLoyalty => "lock_without_loyalty", "body.lock_secs";
        LockTooLong => "lock_too_long", "body.lock_secs";
        NothingUnbonding => "nothing_unbonding", "body.vault";
        StillUnbonding => "still_unbonding", "body.vault";
        NothingToClaim => "nothing_to_claim", "body.vault";
        NoInstantExit => "no_instant_exit", "body.vault";
        Overflow => "overflow", "body.amount";
    }
}

/// Vault result.
pub type VaultResult<T> = Result<T, VaultError>;
