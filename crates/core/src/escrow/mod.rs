//! Vote-escrow with Curve VotingEscrow semantics on the alliance token.
//!
//! A holder locks `amount` until `end = ⌊unlock_time / WEEK⌋ · WEEK`
//! (`now < end ≤ now + MAXTIME`). Their power decays linearly to zero:
//! `slope = ⌊amount / MAXTIME⌋` (floor: the remainder of the division is locked
//! but carries no power, in favour of the pool), `bias = slope · (end − now)`,
//! `power(t) = slope · (end − t)` for `t < end`, 0 after.
//!
//! Each holder has a point history (one point per change) and the escrow a
//! global one with `slope_changes` per week ([`Decay`]), so
//! [`ve_balance_at`] and [`ve_total_at`] at a past time are a binary search
//! plus a bounded weekly walk. Because powers are exact integer lines and the
//! global sum moves by the same integers, **`ve_total_at(t) = Σ ve_balance_at(a, t)`
//! exactly**, to the base unit (property-tested).
//!
//! Locked tokens sit in [`escrow_account`] and move only through the
//! kernel's commit, so ledger conservation and lock-ups hold.
//!
//! Files: `decay.rs` (sums of decaying lines, shared with gauges), `state.rs`
//! (locks and point histories), `msg.rs` (commands and events),
//! `handlers.rs`, `error.rs`.

mod decay;
mod error;
mod handlers;
mod msg;
mod state;

pub use decay::{Decay, Line, Point, WEEK, week_floor};
pub use error::{EscrowError, EscrowResult};
pub use handlers::{create_escrow, create_lock, extend_lock, increase_lock_amount, withdraw_lock};
pub use msg::*;
pub use state::*;
