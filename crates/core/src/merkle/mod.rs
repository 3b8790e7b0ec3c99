//! Merkle reward roots: per epoch, the cumulative claimable amount per
//! (account, token) as an OpenZeppelin `StandardMerkleTree` over
//! `(address account, address token, uint256 amount)` ([`tree`]), so an
//! audited on-chain distributor can pay out with the same root and proofs.
//!
//! An admin publishes an epoch's entries once (`publish-merkle-root`); the
//! engine builds the tree and keeps the root and the entries (so the hub can
//! serve proofs). Amounts are **cumulative**: a claim pays
//! `amount − already claimed` from [`distributor_account`] (funded by an
//! ordinary transfer), and each (account, token) claims each epoch at most
//! once, never an epoch older than its last claim.
//!
//! Files: `tree.rs` (the OpenZeppelin tree), `state.rs` (published roots,
//! claims, proofs), `msg.rs` (commands and events), `handlers.rs`, `error.rs`.

mod error;
mod handlers;
mod msg;
mod state;
pub mod tree;

pub use error::{MerkleError, MerkleResult};
pub use handlers::{claim, publish_root, publish_vault_rewards};
pub use msg::*;
pub use state::*;
pub use tree::{Leaf, StandardTree, leaf_hash, verify};
