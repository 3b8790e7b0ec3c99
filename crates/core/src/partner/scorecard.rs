//! The scorecard and its exact arithmetic.
//!
//! A dimension `d` with `n_d` criteria and weight `w_d` (bps, the weights sum
//! to 10 000) scores `⌊10000 · S_d / (5 · n_d)⌋` bps, where `S_d` is the sum of
//! its criteria's scores (0–5 each). A candidate's total is the exact weighted
//! mean with one floor: `⌊Σ_d w_d · S_d / (5 · n_d)⌋` bps, computed over a
//! common denominator. A red flag raised with evidence vetoes the candidate.
//! Ranking: candidates not vetoed first, by total (highest first); ties by the
//! tie-break dimensions in order (highest first), then by candidate id.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::problem::Problems;
use crate::types::Bps;

/// Most dimensions, criteria per dimension, red flags and candidates.
pub const MAX_DIMENSIONS: usize = 16;
/// Most criteria in one dimension.
pub const MAX_CRITERIA: usize = 16;
/// Most red flags.
pub const MAX_FLAGS: usize = 32;
/// Most candidates compared at once.
pub const MAX_CANDIDATES: usize = 256;

/// One weighted dimension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Its id (`technical`, `security`, ...).
    pub id: String,
    /// What it assesses.
    pub title: String,
    /// Its weight in bps; the weights sum to exactly 10 000.
    pub weight_bps: Bps,
    /// Criterion ids, each scored 0–5.
    pub criteria: Vec<String>,
}

/// A hard red flag: raising it vetoes the candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlag {
    /// Its id (`no-audit`, ...).
    pub id: String,
    /// What it means.
    pub title: String,
}

/// The scorecard template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scorecard {
    /// Weighted dimensions.
    pub dimensions: Vec<Dimension>,
    /// Red flags that veto.
    #[serde(default)]
    pub red_flags: Vec<RedFlag>,
    /// Dimensions that break ties, in order (then the candidate id).
    #[serde(default)]
    pub tie_break: Vec<String>,
}

/// One criterion's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// 0 to 5.
    pub score: u8,
    /// Evidence (links, notes).
    #[serde(default)]
    pub evidence: String,
}

/// A red flag raised against a candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaisedFlag {
    /// The flag's id.
    pub flag: String,
    /// Why (required).
    pub evidence: String,
}

/// A candidate and its scores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// Its id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Scores by `dimension.criterion`.
    pub scores: BTreeMap<String, Score>,
    /// Red flags raised.
    #[serde(default)]
    pub flags: Vec<RaisedFlag>,
    /// Its tokenomics, for the compatibility checks (`concord score`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokenomics: Option<super::compat::Tokenomics>,
}

/// A candidate's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateResult {
    /// 1 = best; vetoed candidates come last.
    pub rank: usize,
    /// Its id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The weighted total in bps.
    pub total_bps: u32,
    /// Each dimension's score in bps, in the scorecard's order.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub dimensions: Vec<(String, u32)>,
    /// Red flags raised (a veto when not empty).
    pub vetoed_by: Vec<String>,
}

impl Scorecard {
    /// The second seed's six dimensions, two or three criteria each, and its red flags.
    pub fn default_template() -> Self {
        let d = |id: &str, title: &str, w: u16, criteria: &[&str]| Dimension {
            id: id.into(),
            title: title.into(),
            weight_bps: Bps(w),
            criteria: criteria.iter().map(|c| (*c).to_owned()).collect(),
        };
        let f = |id: &str, title: &str| RedFlag { id: id.into(), title: title.into() };
        Self {
            dimensions: vec![
                d(
                    "technical",
                    "Technical stack and smart contract standards",
                    2_000,
                    &["standards", "cross-chain", "developer-activity"],
                ),
                d(
                    "governance",
                    "Governance model and community culture",
                    1_500,
                    &["decentralisation", "participation"],
                ),
                d("roadmap", "Roadmap and strategic objectives", 1_500, &["alignment", "long-term-focus"]),
                d(
                    "security",
                    "Security practices and audit history",
                    2_000,
                    &["audits", "incident-response"],
                ),
                d("legal", "Legal and regulatory posture", 1_000, &["counsel", "jurisdiction"]),
                d(
                    "economic",
                    "Economic and incentive alignment",
                    2_000,
                    &["distribution", "treasury", "revenue"],
                ),
            ],
            red_flags: vec![
                f("no-audit", "No recent audit by a reputable firm"),
                f("exploit-history", "An unresolved exploit or security incident"),
                f("legal-action", "Pending regulatory action against the project"),
            ],
            tie_break: vec!["security".into(), "economic".into()],
        }
    }

    /// Every broken rule, with its path under `prefix`.
    pub fn check(&self, prefix: &str, out: &mut Problems) {
        let n = self.dimensions.len();
        out.check(
            (1..=MAX_DIMENSIONS).contains(&n),
            format!("{prefix}.dimensions"),
            format!("must list 1 to {MAX_DIMENSIONS} dimensions, got {n}"),
        );
        let mut ids = BTreeSet::new();
        let mut sum: u32 = 0;
        for (i, d) in self.dimensions.iter().enumerate() {
            let p = format!("{prefix}.dimensions[{i}]");
            out.check(id_ok(&d.id), format!("{p}.id"), "must be 1 to 32 of a-z, 0-9 and -");
            out.check(ids.insert(d.id.as_str()), format!("{p}.id"), format!("`{}` appears twice", d.id));
            out.check(!d.title.trim().is_empty(), format!("{p}.title"), "must not be empty");
            out.check(d.weight_bps.0 > 0, format!("{p}.weight_bps"), "must be greater than zero");
            sum += u32::from(d.weight_bps.0);
            let c = d.criteria.len();
            out.check(
                (1..=MAX_CRITERIA).contains(&c),
                format!("{p}.criteria"),
                format!("must list 1 to {MAX_CRITERIA} criteria, got {c}"),
            );
            let mut seen = BTreeSet::new();
            for (j, id) in d.criteria.iter().enumerate() {
                out.check(id_ok(id), format!("{p}.criteria[{j}]"), "must be 1 to 32 of a-z, 0-9 and -");
                out.check(
                    seen.insert(id.as_str()),
                    format!("{p}.criteria[{j}]"),
                    format!("`{id}` appears twice"),
                );
            }
        }
        out.check(
            sum == 10_000,
            format!("{prefix}.dimensions"),
            format!("weight_bps must sum to exactly 10000, got {sum}"),
        );
        out.check(
            self.red_flags.len() <= MAX_FLAGS,
            format!("{prefix}.red_flags"),
            format!("at most {MAX_FLAGS} red flags, got {}", self.red_flags.len()),
        );
        let mut flags = BTreeSet::new();
        for (i, f) in self.red_flags.iter().enumerate() {
            let p = format!("{prefix}.red_flags[{i}]");
            out.check(id_ok(&f.id), format!("{p}.id"), "must be 1 to 32 of a-z, 0-9 and -");
            out.check(flags.insert(f.id.as_str()), format!("{p}.id"), format!("`{}` appears twice", f.id));
        }
        for (i, t) in self.tie_break.iter().enumerate() {
            out.check(
                ids.contains(t.as_str()),
                format!("{prefix}.tie_break[{i}]"),
                format!("`{t}` is not a dimension"),
            );
        }
    }

    /// Checks a candidate's scores against the scorecard: every criterion
    /// scored 0–5 (no other key), every raised flag known and evidenced.
    pub fn check_candidate(&self, c: &Candidate, prefix: &str, out: &mut Problems) {
        out.check(id_ok(&c.id), format!("{prefix}.id"), "must be 1 to 32 of a-z, 0-9 and -");
        out.check(!c.name.trim().is_empty(), format!("{prefix}.name"), "must not be empty");
        let known: BTreeSet<String> = self
            .dimensions
            .iter()
            .flat_map(|d| d.criteria.iter().map(move |k| format!("{}.{k}", d.id)))
            .collect();
        for key in &known {
            out.check(
                c.scores.contains_key(key),
                format!("{prefix}.scores.{key}"),
                "every criterion must be scored (0 to 5)",
            );
        }
        for (key, s) in &c.scores {
            let p = format!("{prefix}.scores.{key}");
            out.check(
                known.contains(key),
                p.clone(),
                "is not a criterion of the scorecard (dimension.criterion)",
            );
            out.check(s.score <= 5, format!("{p}.score"), format!("must be 0 to 5, got {}", s.score));
        }
        let flags: BTreeSet<&str> = self.red_flags.iter().map(|f| f.id.as_str()).collect();
        for (i, f) in c.flags.iter().enumerate() {
            let p = format!("{prefix}.flags[{i}]");
            out.check(
                flags.contains(f.flag.as_str()),
                format!("{p}.flag"),
                format!("`{}` is not a red flag of the scorecard", f.flag),
            );
            out.check(!f.evidence.trim().is_empty(), format!("{p}.evidence"), "a red flag needs evidence");
        }
    }

    /// A checked candidate's dimension scores and total, in bps.
    pub fn totals(&self, c: &Candidate) -> (Vec<(String, u32)>, u32) {
        self.totals_of(std::slice::from_ref(c))
    }

    /// The dimension scores and total of several scorers' cards for one
    /// candidate: the exact mean over the `k` cards, floored once
    /// (`⌊Σ_d w_d · S_d / (5 · n_d · k)⌋`, `S_d` summed over every card).
    pub fn totals_of(&self, cards: &[Candidate]) -> (Vec<(String, u32)>, u32) {
        let k = cards.len().max(1) as u128;
        let sums: Vec<u128> = self
            .dimensions
            .iter()
            .map(|d| {
                cards
                    .iter()
                    .flat_map(|c| d.criteria.iter().map(move |x| (c, format!("{}.{x}", d.id))))
                    .map(|(c, key)| c.scores.get(&key).map_or(0, |s| u128::from(s.score.min(5))))
                    .sum()
            })
            .collect();
        let dims = self
            .dimensions
            .iter()
            .zip(&sums)
            .map(|(d, s)| {
                // ⌊10000 · S / (5 · n · k)⌋ ≤ 10000.
                let n = d.criteria.len() as u128;
                (d.id.clone(), u32::try_from(10_000 * s / (5 * n * k)).unwrap_or(10_000))
            })
            .collect();
        // One floor over the common denominator L = lcm(5 · n_d) · k.
        let l = self.dimensions.iter().fold(1u128, |l, d| lcm(l, 5 * d.criteria.len() as u128));
        let num: u128 = self
            .dimensions
            .iter()
            .zip(&sums)
            .map(|(d, s)| u128::from(d.weight_bps.0) * s * (l / (5 * d.criteria.len() as u128)))
            .sum();
        (dims, u32::try_from(num / (l * k)).unwrap_or(10_000))
    }

    /// Ranks candidates each scored by one or more scorers: `(id, name, cards)`.
    pub fn rank_cards(&self, candidates: &[(String, String, Vec<Candidate>)]) -> Vec<CandidateResult> {
        let mut results: Vec<CandidateResult> = candidates
            .iter()
            .map(|(id, name, cards)| {
                let (dimensions, total_bps) = self.totals_of(cards);
                let vetoed_by: BTreeSet<String> =
                    cards.iter().flat_map(|c| c.flags.iter().map(|f| f.flag.clone())).collect();
                CandidateResult {
                    rank: 0,
                    id: id.clone(),
                    name: name.clone(),
                    total_bps,
                    dimensions,
                    vetoed_by: vetoed_by.into_iter().collect(),
                }
            })
            .collect();
        self.order(&mut results);
        results
    }

    /// Ranks checked candidates, one card each (see the module's rule).
    pub fn rank(&self, candidates: &[Candidate]) -> Vec<CandidateResult> {
        let cards: Vec<(String, String, Vec<Candidate>)> =
            candidates.iter().map(|c| (c.id.clone(), c.name.clone(), vec![c.clone()])).collect();
        self.rank_cards(&cards)
    }

    fn order(&self, results: &mut [CandidateResult]) {
        let tie = |r: &CandidateResult| -> Vec<u32> {
            self.tie_break
                .iter()
                .map(|t| r.dimensions.iter().find(|(id, _)| id == t).map_or(0, |(_, v)| *v))
                .collect()
        };
        results.sort_by(|a, b| {
            (a.vetoed_by.is_empty().cmp(&b.vetoed_by.is_empty()).reverse())
                .then(b.total_bps.cmp(&a.total_bps))
                .then_with(|| tie(b).cmp(&tie(a)))
                .then_with(|| a.id.cmp(&b.id))
        });
        for (i, r) in results.iter_mut().enumerate() {
            r.rank = i + 1;
        }
    }
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn lcm(a: u128, b: u128) -> u128 {
    a / gcd(a, b) * b
}

fn id_ok(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
