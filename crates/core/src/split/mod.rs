//! Fee splits: shares in bps summing to exactly 10 000 (the seed's example:
//! 6 000 to the protocol, 4 000 to the alliance treasury). Each share is
//! `⌊amount · bps / 10 000⌋` (floor: no recipient is paid a fraction it is
//! not owed); the remainder, `amount − Σ shares` (< number of shares), goes to
//! the split's named dust recipient. Every distribution is an event and adds
//! to the split's per-token volume, for the volume KPI.
//!
//! Files: `state.rs` (splits, shares, the floor split), `msg.rs` (commands and
//! events), `handlers.rs`, `error.rs`.

mod error;
mod handlers;
mod msg;
mod state;

pub use error::{SplitError, SplitResult};
pub(crate) use handlers::{create, distribute};
pub use msg::*;
pub use state::*;
