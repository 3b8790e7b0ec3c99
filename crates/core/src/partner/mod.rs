//! Partner vetting (the second seed's step 2): a scorecard template with
//! weighted dimensions, criteria scored 0–5 with evidence, and hard red flags
//! that veto; candidates scored in exact integers (bps) and ranked side by
//! side with a stated tie-break. `concord score FILE` reads candidates from a
//! TOML file (`file.rs`); the hub keeps each alliance's scorecard and every
//! member's card per candidate (`set-scorecard`, `score-candidate`), and the
//! `candidates` query ranks them with the same arithmetic, the mean over the
//! scorers floored once. Formulas: docs/partners.md.

pub mod compat;
mod file;
mod handlers;
mod msg;
mod scorecard;
mod state;

pub use file::{CandidatesFile, parse_candidates};
pub(crate) use handlers::{score, set};
pub use msg::*;
pub use scorecard::*;
pub use state::*;
