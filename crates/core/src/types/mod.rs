//! The kernel's value types.

mod address;
mod amount;
pub mod dec;
mod ids;
#[cfg(feature = "openapi")]
mod schema;

pub use address::{Address, AddressError};
pub use amount::{Amount, AmountError, mul_div};
pub use ids::{
    AllianceId, Bps, ChainId, EmissionId, GaugeId, IdError, IntentId, SplitId, Timestamp, TokenId, VaultId,
};

/// A 32-byte hash (keccak256 output, transaction hash).
pub type B256 = alloy_primitives::B256;
