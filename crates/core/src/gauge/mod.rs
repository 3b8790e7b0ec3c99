//! Gauges and vote incentives, with Curve GaugeController semantics.
//!
//! An admin creates gauges, each pointing at a target: a
//! [`VaultId`](crate::types::VaultId), so a malformed target is refused when
//! the command is read. The vault need not exist yet (recorded logs create
//! gauges before their vaults); at emission, the share of a gauge whose target
//! is not a vault paying the emitted token goes to the emission's dust
//! recipient. A vote-escrow holder allocates `weight_bps` of their power to a
//! gauge (Curve `vote_for_gauge_weights`): the vote's line is
//! `slope_vote = ⌊slope_user · bps / 10000⌋` (floor) ending at the lock's end,
//! and it applies from the **next** weekly epoch
//! `next = ⌊now / WEEK⌋ · WEEK + WEEK`. A holder's allocations sum to at most
//! 10000 bps; the same (holder, gauge) can vote again only after
//! `vote_delay_secs` (default 10 days, Curve's `WEIGHT_VOTE_DELAY`).
//!
//! A gauge's weight at epoch `T` is the sum of its votes' lines at `T`
//! (exact); `relative_weight(g, T) = ⌊10^18 · w_g(T) / Σ w(T)⌋` (floor, so the
//! relative weights sum to at most 10^18; the emission module owns the rest).
//!
//! **Vote incentives (bribes)**: anyone deposits any token for (gauge, epoch)
//! while the epoch has not ended. A fee `⌊amount · fee_bps / 10000⌋` (floor)
//! goes to the fee recipient at deposit; the rest is the pool. After the
//! epoch, each voter claims once `⌊pool · p / W⌋` (floor) where `p` is the power
//! they voted for the gauge at `T` and `W` the gauge's weight at `T`. When the
//! last voter has claimed (claimed power = `W`), the dust
//! `pool − Σ paid` goes to the fee recipient. If nobody voted (`W = 0`),
//! each depositor reclaims their own net deposit.
//!
//! Files: `state.rs` (the controller, gauges, votes, incentive pools),
//! `msg.rs` (commands and events), `handlers.rs`, `error.rs`.

mod error;
mod handlers;
mod msg;
mod state;

pub use error::{GaugeError, GaugeResult};
pub use handlers::{claim_bribe, create_gauge, deposit_bribe, reclaim_bribe, set_gauge_params, vote_gauge};
pub use msg::*;
pub use state::*;
