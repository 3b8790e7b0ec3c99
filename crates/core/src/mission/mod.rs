//! Missions for a collective (the first seed): a collective is an alliance
//! whose treasury funds missions and whose governance gives voting power. It
//! opens seasons with intents and budgets, publishes RFPs (Foundation
//! Missions) and records track records, from which trust tiers follow (an
//! alliance's tier is its leader's). Teams propose missions under an intent;
//! delegates sponsor them through the governance sponsor gate's power rule;
//! the budget vote (approval voting, ranked, funded top-down with `skip` or
//! `stop`) funds the winners into a grant account; attested milestones
//! release each share to the team, split among its members by the reward
//! plan (fixed shares, contribution weights or peer points, reduced by the
//! conflict policy) and vesting no earlier than the lock-up; a missed critical
//! milestone lets the collective claw back what is unreleased or unvested.
//! Formulas and a worked example: docs/missions.md.

pub mod budget;
mod error;
mod grants;
mod handlers;
mod msg;
mod state;
mod team;
mod vote;

pub use budget::{Allocation, Overflow, Ranked, Verdict};
pub use error::{MissionError, MissionResult};
pub(crate) use grants::{apply_clawback, attest, check_clawback, clawback, record_dispute, resolve_dispute};
pub use handlers::default_tiers;
pub(crate) use handlers::{create_collective, open_season, publish_rfp, record_track};
pub use msg::*;
pub use state::*;
pub use team::{ReleaseSplit, eligible, eligible_in, split_release};
pub(crate) use team::{decide, forfeit_unvested, give, mark_absent, mark_returned};
pub use vote::tally;
pub(crate) use vote::{approve, ballot, close, propose};
