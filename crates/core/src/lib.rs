//! # concord-core
//!
//! Concord's deterministic engine. One [`Engine`] state holds one ledger and
//! one or more alliances; every change is a [`Command`] that returns
//! [`Event`]s, or an [`EngineError`] that changes nothing.
//!
//! This crate is pure: no async, no I/O, no clock, no randomness. Time
//! arrives with each command; every map is ordered; amounts are integers in
//! base units with explicitly rounded division. The same commands give the
//! same [`Engine::state_hash`] on every machine.
//!
//! Modules, one per mechanism: [`ledger`] (tokens, balances, checkpoints,
//! deposits, withdrawals), [`alliance`], [`roles`], [`charter`] (genesis,
//! templates), [`envelope`] (EIP-712 signed commands), [`log`] (the
//! hash-chained log's logic), [`keys`] (signing, dev keys); incentives:
//! [`vault`] (staking with multiple rewards), [`emission`] (weekly alliance
//! token schedules), [`vesting`] (grants and lock-ups), [`split`] (fee splits),
//! [`escrow`] (Curve vote-escrow), [`gauge`] (gauges and vote incentives),
//! [`merkle`] (OpenZeppelin Merkle reward roots).

pub mod alliance;
pub mod board;
pub mod charter;
pub mod command;
pub mod emission;
pub mod engine;
pub mod envelope;
pub mod error;
mod errors_macro;
pub mod escrow;
pub mod exact_json;
pub mod exit;
pub mod gauge;
pub mod governance;
pub mod hash;
pub mod history;
pub mod kernel;
pub mod keys;
pub mod ledger;
pub mod log;
pub mod merkle;
pub mod mission;
pub mod partner;
pub mod problem;
pub mod query;
pub mod roles;
pub mod share_vault;
pub mod split;
pub mod testing;
pub mod types;
pub mod vault;
pub mod vesting;

pub use charter::Charter;
pub use command::{Command, CommandBody, Event};
pub use engine::{Engine, State};
pub use error::{EngineError, EngineResult};
pub use types::{Address, AllianceId, Amount, B256, Bps, ChainId, Timestamp, TokenId};
