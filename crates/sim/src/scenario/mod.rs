//! Scenario files: parsing (TOML, unknown fields refused, every error naming
//! its field path), the sweep grid, the charter, and the rules each subset's
//! scenario must follow.
//!
//! Loading reads the file once into a TOML table; each sweep point is that
//! table with the point's values set, deserialised into a [`Scenario`] and
//! checked against its charter. Run count and seed are the base file's.

mod check;
mod dist;
mod spec;
mod sweep;

use std::path::{Path, PathBuf};

use concord_core::Charter;
use concord_core::alliance::AllianceModel;
use concord_core::charter::templates::template;

pub use check::MAX_HORIZON_DAYS;
pub(crate) use check::vault_tokens;
pub use dist::{Dist, DistKind, DistOrNumber, Sampler};
pub use spec::*;
pub use sweep::{Point, grid, set_path};

use crate::error::{SimError, SimResult};

/// One sweep point: its scenario and charter.
#[derive(Clone, Debug)]
pub struct Subset {
    /// Its index in the grid (cadCAD's `subset`).
    pub index: usize,
    /// The swept values that make it.
    pub params: Point,
    /// The scenario with those values.
    pub scenario: Scenario,
    /// The charter with its overrides.
    pub charter: Charter,
}

/// A loaded scenario file: its text, the base scenario and every subset.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The file's text (kept with the outputs so shards can be merged).
    pub text: String,
    /// The scenario as written (no sweep values applied).
    pub base: Scenario,
    /// One per sweep point.
    pub subsets: Vec<Subset>,
}

impl Loaded {
    /// Runs per subset.
    pub fn runs(&self) -> u32 {
        self.base.runs
    }

    /// Total (subset, run) items.
    pub fn items(&self) -> usize {
        self.subsets.len() * self.base.runs as usize
    }

    /// The same batch with another run count (`--runs`).
    pub fn with_runs(mut self, runs: u32) -> SimResult<Self> {
        if runs == 0 {
            return Err(SimError::at("runs", "must be at least 1"));
        }
        self.base.runs = runs;
        self.subsets.iter_mut().for_each(|s| s.scenario.runs = runs);
        Ok(self)
    }

    /// The same batch with another base seed (`--seed`).
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.base.seed = seed;
        self.subsets.iter_mut().for_each(|s| s.scenario.seed = seed);
        self
    }
}

/// Parses a scenario's text; `base_dir` resolves a charter `path`.
pub fn load(text: &str, base_dir: Option<&Path>) -> SimResult<Loaded> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let message = e.message().to_owned();
        let at = e
            .span()
            .map(|s| {
                let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                format!(" (line {line})")
            })
            .unwrap_or_default();
        SimError::at("scenario", format!("not valid TOML{at}: {message}"))
    })?;
    let base = typed(&table)?;
    let points = grid(&base.sweep)?;
    let mut subsets = Vec::with_capacity(points.len());
    for (index, params) in points.into_iter().enumerate() {
        let mut t = table.clone();
        sweep::apply(&mut t, &params)?;
        let label = |e: SimError| {
            if params.is_empty() { e } else { in_point(e, &params) }
        };
        let scenario = typed(&t).map_err(label)?;
        let charter = charter(&scenario.charter, base_dir).map_err(label)?;
        check::check(&scenario, &charter).map_err(label)?;
        subsets.push(Subset { index, params, scenario, charter });
    }
    Ok(Loaded { text: text.to_owned(), base, subsets })
}

/// Reads a scenario file.
pub fn load_file(path: &Path) -> SimResult<Loaded> {
    let text = std::fs::read_to_string(path).map_err(|e| SimError::io(path, e))?;
    load(&text, path.parent())
}

fn in_point(e: SimError, params: &Point) -> SimError {
    let values: Vec<String> = params.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    match e {
        SimError::Scenario { path, message } => {
            SimError::Scenario { path, message: format!("{message} (sweep point {})", values.join(", ")) }
        }
        other => other,
    }
}

fn typed(table: &toml::Table) -> SimResult<Scenario> {
    let value = toml::Value::Table(table.clone());
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { "scenario".to_owned() } else { path };
        // toml appends "in `table`" lines; the path already says where.
        let message = e.into_inner().to_string();
        SimError::at(path, message.lines().next().unwrap_or_default())
    })
}

/// The charter a scenario names, with its `set` overrides applied.
pub fn charter(source: &CharterSource, base_dir: Option<&Path>) -> SimResult<Charter> {
    let given = [source.template.is_some(), source.path.is_some(), source.inline.is_some()];
    if given.iter().filter(|g| **g).count() > 1 {
        return Err(SimError::at("charter", "give at most one of template, path, inline"));
    }
    let text: String = if let Some(name) = &source.template {
        let model = AllianceModel::from_name(name).ok_or_else(|| {
            SimError::at(
                "charter.template",
                format!(
                    "unknown template `{name}` (known: liquidity-pool, governance-syndicate, revenue-sharing, mission)"
                ),
            )
        })?;
        template(model).to_owned()
    } else if let Some(p) = &source.path {
        let full: PathBuf = base_dir.map_or_else(|| p.clone(), |d| d.join(p));
        std::fs::read_to_string(&full)
            .map_err(|e| SimError::at("charter.path", format!("cannot read {}: {e}", full.display())))?
    } else if let Some(inline) = &source.inline {
        inline.clone()
    } else {
        template(AllianceModel::LiquidityPool).to_owned()
    };
    let text = if source.set.is_empty() {
        text
    } else {
        let mut t: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            SimError::at("charter", format!("not valid TOML: {}", e.message()))
        })?;
        for (key, value) in &source.set {
            set_path(&mut t, key, value.clone())
                .map_err(|m| SimError::at(format!("charter.set.\"{key}\""), m))?;
        }
        toml::to_string(&t).map_err(|e| SimError::at("charter.set", e.to_string()))?
    };
    Charter::parse(&text).map_err(|problems| SimError::Charter {
        problems: problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
    })
}
