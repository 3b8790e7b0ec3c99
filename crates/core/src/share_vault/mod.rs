//! ERC-4626 share vaults (the second seed's building block for vaults): an
//! auto-compounding vault whose shares appreciate as rewards in the staked
//! token arrive. `math.rs` is the exact arithmetic, as EIP-4626 specifies it
//! and OpenZeppelin's `ERC4626` implements it (v5): every conversion rounds
//! in favour of the vault, and a virtual offset (`10^decimals_offset`
//! virtual shares, 1 virtual asset) makes the donation ("inflation") attack
//! unprofitable. The vault's assets are its custody account's balance, so a
//! reward paid to it compounds; its shares are a ledger token only the vault
//! mints and burns, so lock-ups (an exit's unbonding tranches) hold them.
//!
//! Files: `math.rs`, `state.rs` (definitions, totals read from the ledger),
//! `msg.rs` (commands, EIP-4626 events), `handlers.rs`, `error.rs`.

mod error;
mod handlers;
mod math;
mod msg;
mod state;

pub use error::ShareVaultError;
pub use handlers::max_redeem;
pub(crate) use handlers::{create, deposit, mint, pay_out, redeem, withdraw};
pub use math::*;
pub use msg::*;
pub use state::*;
