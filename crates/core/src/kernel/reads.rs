//! Narrow read traits: what one mechanism may read of another's state.

use crate::types::{Address, Timestamp, TokenId};

/// Vote-escrow power (implemented by the escrow), read by governance and gauges.
pub trait VePower {
    /// The locked token, once the escrow exists.
    fn ve_token(&self) -> Option<TokenId>;
    /// `account`'s ve balance at `t` (Curve `balanceOf(addr, t)`).
    fn ve_balance_at(&self, account: Address, t: Timestamp) -> u128;
    /// The total ve supply at `t` (Curve `totalSupply(t)`).
    fn ve_total_at(&self, t: Timestamp) -> u128;
    /// `account`'s current lock as `(slope per second, end)`, if it holds one.
    fn ve_lock(&self, account: Address) -> Option<(u128, Timestamp)>;
}
