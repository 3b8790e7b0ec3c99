//! The candidates file `concord score` reads: an optional `[scorecard]`
//! (default: the second seed's template) and `[[candidates]]` with their
//! scores by `dimension.criterion` and any red flags raised.

use serde::Deserialize;

use super::scorecard::{Candidate, MAX_CANDIDATES, Scorecard};
use crate::problem::{Problem, Problems};

/// A parsed candidates file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CandidatesFile {
    /// The scorecard (default: [`Scorecard::default_template`]).
    #[serde(default = "Scorecard::default_template")]
    pub scorecard: Scorecard,
    /// The candidates.
    pub candidates: Vec<Candidate>,
    /// The alliance's decision model, for the governance check (default `token-weighted`).
    #[serde(default = "token_weighted")]
    pub alliance_model: crate::alliance::DecisionModel,
    /// The alliance's current members' tokenomics, for the compatibility checks.
    #[serde(default)]
    pub members: Vec<super::compat::MemberTokenomics>,
    /// The compatibility thresholds.
    #[serde(default)]
    pub rules: super::compat::CompatRules,
}

fn token_weighted() -> crate::alliance::DecisionModel {
    crate::alliance::DecisionModel::TokenWeighted
}

impl CandidatesFile {
    /// Each candidate with tokenomics, checked against the members.
    pub fn compatibility(&self) -> Vec<(String, Vec<super::compat::Check>)> {
        self.candidates
            .iter()
            .filter_map(|c| {
                let t = c.tokenomics.as_ref()?;
                Some((c.id.clone(), super::compat::check(t, self.alliance_model, &self.members, self.rules)))
            })
            .collect()
    }
}

/// Parses and checks a candidates file: every problem, each with its path.
pub fn parse_candidates(text: &str) -> Result<CandidatesFile, Vec<Problem>> {
    let de =
        toml::Deserializer::parse(text).map_err(|e| vec![Problem::new("file", e.message().to_owned())])?;
    let file: CandidatesFile = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        vec![Problem::new(
            if path == "." { "file".to_owned() } else { path },
            e.into_inner().message().to_owned(),
        )]
    })?;
    let mut out = Problems::default();
    file.scorecard.check("scorecard", &mut out);
    if out.is_empty() {
        out.check(
            (1..=MAX_CANDIDATES).contains(&file.candidates.len()),
            "candidates",
            format!("must list 1 to {MAX_CANDIDATES} candidates, got {}", file.candidates.len()),
        );
        let mut ids = std::collections::BTreeSet::new();
        for (i, c) in file.candidates.iter().enumerate() {
            let p = format!("candidates[{i}]");
            file.scorecard.check_candidate(c, &p, &mut out);
            out.check(ids.insert(c.id.as_str()), format!("{p}.id"), format!("`{}` appears twice", c.id));
        }
    }
    if out.is_empty() { Ok(file) } else { Err(out.into_vec()) }
}
