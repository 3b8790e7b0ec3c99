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
//! and move only through the kernel's commit ([`crate::kernel::Plan`]).
//!
//! Files: `state.rs` (vaults, positions, streams), `accumulator.rs` (the
//! Synthetix arithmetic), `msg.rs` (commands and events), `work.rs` (a
//! checkpoint in progress), `plan.rs` (funding and settlement plans other
//! mechanisms use), `handlers.rs`, `error.rs`.

mod accumulator;
mod error;
mod handlers;
mod msg;
mod plan;
mod state;
mod work;

pub use error::{VaultError, VaultResult};
pub(crate) use handlers::{
    claim, create, emergency_withdraw, exit_instant, fund, kick, set_paused, stake, unstake,
    withdraw_unbonded,
};
pub use msg::*;
pub(crate) use plan::{apply_settlement, plan_fund, plan_settlement};
pub use state::*;
