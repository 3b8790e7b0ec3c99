//! Outputs of a batch, all streamed: `results.csv` (cadCAD's long format),
//! `summary.json` (percentile bands and verdicts), `plan.json` and
//! `manifest.json` (what the files mean and which items they hold).

pub mod csv;
pub mod plan;
pub mod sketch;
pub mod summary;

pub use plan::{Manifest, Plan, shard_items};
pub use summary::{QUANTILES, SummaryBuilder, Verdict};
