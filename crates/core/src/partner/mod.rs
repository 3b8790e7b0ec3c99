//! Partner vetting (the second seed's step 2): a scorecard template with
//! weighted dimensions, criteria scored 0–5 with evidence, and hard red flags
//! that veto; candidates scored in exact integers (bps) and ranked side by
//! side with a stated tie-break. `concord score FILE` reads candidates from a
//! TOML file (`file.rs`). Formulas: docs/partners.md.

mod file;
mod scorecard;

pub use file::{CandidatesFile, parse_candidates};
pub use scorecard::*;
