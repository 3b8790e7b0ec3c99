//! # concord-sim
//!
//! Monte Carlo stress tests of an alliance through the real engine. A
//! scenario file (TOML) names a charter, agent populations, a market model,
//! events, a horizon, runs, a seed and a sweep grid; each run forks the
//! genesis engine and lets agents act only by submitting ordinary engine
//! commands (`stake`, `unstake`, `claim`, `cast-vote`, …), reading rewards,
//! balances and votes back through `concord_core::query`.
//!
//! Modules: [`scenario`] (the file, its sweep and rules), [`market`] (GBM
//! with correlation and shocks), [`rng`] (per-run seeding), [`index`] and
//! [`agenda`] (finding the agents that act without scanning everyone),
//! [`world`] (setup and the run loop), [`metrics`], [`output`] (CSV in
//! cadCAD's long format, percentile bands, verdicts), [`batch`] (parallel
//! runs, shards, merge), [`report`] (SVG percentile charts and
//! `report.html`) and [`builtin`] (the built-in scenarios).
//!
//! Floats appear only in the market model, agents' decisions and displayed
//! statistics; every amount in the engine stays an integer.

pub mod agenda;
pub mod batch;
pub mod builtin;
pub mod error;
pub mod index;
pub mod market;
pub mod merge;
pub mod metrics;
pub mod output;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod world;

pub use error::{SimError, SimResult};
