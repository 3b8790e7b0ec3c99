//! `plan.json`: what a batch's outputs mean (the scenario's name, seed, runs,
//! metric columns, each subset's swept values, the assertions), written
//! identically by every shard, and `manifest.json`: which items a shard ran.
//! Merging needs only these, never the scenario or its charter again.

use serde::{Deserialize, Serialize};

use crate::scenario::{Assertion, Loaded, When};

/// Version of the output layout.
pub const FORMAT: u32 = 1;

/// The batch as a whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// [`FORMAT`].
    pub format: u32,
    /// The scenario's name.
    pub scenario: String,
    /// Its description.
    pub description: String,
    /// keccak256 of the scenario file's text (hex).
    pub scenario_hash: String,
    /// The base seed.
    pub seed: u64,
    /// Runs per subset.
    pub runs: u32,
    /// Metric columns.
    pub columns: Vec<String>,
    /// Subsets in order.
    pub subsets: Vec<PlanSubset>,
    /// Assertions in order.
    pub assertions: Vec<PlanAssertion>,
}

/// One sweep point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanSubset {
    /// Its index.
    pub subset: usize,
    /// Swept values by key.
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Its horizon.
    pub horizon_days: u32,
}

/// An assertion as the summary applies it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanAssertion {
    /// The metric.
    pub metric: String,
    /// Column index of the metric.
    pub column: usize,
    /// `below` bound.
    pub below: Option<f64>,
    /// `above` bound.
    pub above: Option<f64>,
    /// `end`, `any`, `all` or a day number.
    pub at: String,
    /// The failing share, if any.
    pub max_share: Option<f64>,
}

impl PlanAssertion {
    fn of(a: &Assertion, columns: &[String]) -> Self {
        Self {
            metric: a.metric.clone(),
            column: columns.iter().position(|c| *c == a.metric).expect("checked: a known metric"),
            below: a.below,
            above: a.above,
            at: match a.at {
                When::End => "end".into(),
                When::Any => "any".into(),
                When::All => "all".into(),
                When::Day(d) => d.to_string(),
            },
            max_share: a.max_share,
        }
    }

    /// Whether a value meets the condition (an undefined value never does).
    pub fn holds(&self, x: f64) -> bool {
        match (self.below, self.above) {
            (Some(b), _) => x < b,
            (_, Some(a)) => x > a,
            _ => false,
        }
    }

    /// `< 180` or `> 0.5`.
    pub fn condition(&self) -> String {
        match (self.below, self.above) {
            (Some(b), _) => format!("< {b}"),
            (_, Some(a)) => format!("> {a}"),
            _ => String::new(),
        }
    }
}

impl Plan {
    /// The plan of a loaded scenario.
    pub fn of(loaded: &Loaded) -> Self {
        let columns = crate::metrics::columns(&loaded.base);
        let subsets = loaded
            .subsets
            .iter()
            .map(|s| PlanSubset {
                subset: s.index,
                params: s
                    .params
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap_or(serde_json::Value::Null)))
                    .collect(),
                horizon_days: s.scenario.horizon_days,
            })
            .collect();
        Self {
            format: FORMAT,
            scenario: loaded.base.name.clone(),
            description: loaded.base.description.clone(),
            scenario_hash: concord_core::hash::keccak(&[loaded.text.as_bytes()]).to_string(),
            seed: loaded.base.seed,
            runs: loaded.runs(),
            assertions: loaded.base.assertions.iter().map(|a| PlanAssertion::of(a, &columns)).collect(),
            columns,
            subsets,
        }
    }

    /// Total (subset, run) items.
    pub fn items(&self) -> usize {
        self.subsets.len() * self.runs as usize
    }
}

/// Which part of the batch a directory holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// This shard, from 1.
    pub shard: u32,
    /// Shards in all.
    pub of: u32,
    /// Items `[start, end)` in (subset, run) order.
    pub items: [usize; 2],
}

/// The items of shard `i` of `n` (from 1): a contiguous block
/// `[⌊(i−1)·T/n⌋, ⌊i·T/n⌋)`, so shards concatenated in order are the whole batch.
pub fn shard_items(total: usize, shard: u32, of: u32) -> [usize; 2] {
    let (i, n) = (shard as usize, of as usize);
    [(i - 1) * total / n, i * total / n]
}
