//! Vesting grants and lock-ups.
//!
//! * **Grants** follow OpenZeppelin `VestingWallet` (with `VestingWalletCliff`):
//!   `vested(t) = 0` before the cliff, `total` from `start + duration` on, and
//!   `⌊total · (t − start) / duration⌋` in between (floor: the unvested side
//!   keeps the fraction). The grantor's tokens sit in the grant's derived
//!   account `Address::derived("vesting:<id>")` until released to the
//!   beneficiary.
//! * **Revocable grants** follow Sablier's cancel: the beneficiary keeps what
//!   vested at the revocation time (still releasable afterwards), the unvested
//!   rest returns to the grantor at once.
//! * **Lock-ups**: `transfer-locked` gives tokens that the recipient cannot
//!   move before `unlock_at`. The lock-ups themselves are the kernel's
//!   ([`crate::kernel::Lockups`]): it checks them before every debit it commits,
//!   whichever mechanism planned it.
//!
//! Files: `state.rs` (grants and the vesting curve), `msg.rs` (commands and
//! events), `handlers.rs`, `error.rs`.

mod error;
mod handlers;
mod msg;
mod state;

pub use error::{VestingError, VestingResult};
pub(crate) use handlers::{create, release, revoke, transfer_locked};
pub use msg::*;
pub use state::*;
