//! Emissions of the alliance token per weekly epoch (`epoch = ⌊t / 604800⌋`).
//!
//! Schedules (amount of epoch `start_epoch + k`, `a_k`):
//! * `constant`: `a_k = per_epoch`;
//! * `linear-decay`: `a_k = max(0, initial − k · decrease_per_epoch)` (exact);
//! * `exponential-decay`: `a_0 = initial`, `a_{k+1} = ⌊a_k · factor / 1e18⌋`
//!   (floor at every step, so the figure is reproducible step by step; e.g.
//!   Curve's yearly 2^¼ reduction is a factor of 2^(−1/4) once a year);
//! * `step`: `a_0 = initial`, every `period_epochs` epochs
//!   `a ← ⌊a · factor_bps / 10000⌋` (halving: `factor_bps = 5000`).
//!
//! A hard `cap` bounds the total minted (the epoch that reaches it mints
//! `cap − minted`), and no epoch at or after `sunset_epoch` emits.
//!
//! Tokens are minted only by this module: its account
//! [`module_account`] must be the token's minter (an admin sets it with
//! `set-minter`). Each epoch's amount is routed to vaults by weights: the
//! share of a route is `⌊amount · weight / Σ weights⌋` (floor), the remainder
//! is minted to the emission's named dust recipient. A vault's share funds the
//! vault (`fund-vault` semantics with the vault's reward duration); a share
//! too small to give a positive rate (`share + leftover < duration`) goes to
//! the dust recipient too.
//!
//! **Routing**: [`Routing::Fixed`] bps weights, or [`Routing::Gauges`]: each
//! epoch's relative gauge weights from the gauge controller. `emit_with`
//! takes the per-epoch weights as a function returning `Vec<(VaultId, u128)>`,
//! so the minting, capping and funding logic is the same for both.
//!
//! Files: `schedule.rs` (the schedules' arithmetic), `state.rs` (emissions,
//! routes), `msg.rs` (commands and events), `handlers.rs` (creation, minting
//! and routing), `error.rs`.

mod error;
mod handlers;
mod msg;
mod schedule;
mod state;

pub use error::EmissionError;
pub use handlers::gauge_weights;
pub(crate) use handlers::{create, emit};
pub use msg::*;
pub use schedule::*;
pub use state::*;
