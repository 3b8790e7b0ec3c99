//! ERC-4626 share accounting (the second seed's building block for
//! vaults): an auto-compounding vault whose shares appreciate as rewards in
//! the staked token arrive. This module is the exact arithmetic, as
//! EIP-4626 specifies it and OpenZeppelin's `ERC4626` implements it (v5):
//! every conversion rounds in favour of the vault, and a virtual offset
//! (`10^decimals_offset` virtual shares, 1 virtual asset) makes the
//! donation ("inflation") attack unprofitable. The vault's commands come
//! with issue 10's next step; docs/partners.md.

mod math;

pub use math::*;
