//! concord-sim's integration tests (one binary, as the workspace's style asks).

mod agents;
mod builtins;
#[cfg(feature = "arrow")]
mod columnar;
mod determinism;
mod report;
mod scenario_errors;
