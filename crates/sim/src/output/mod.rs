//! Outputs of a batch, all streamed: `results.csv` (cadCAD's long format),
//! `summary.json` (percentile bands and verdicts), `plan.json` and
//! `manifest.json` (what the files mean and which items they hold); with
//! the `arrow` feature, Arrow record batches and the IPC stream; with
//! `parquet`, `results.parquet`.

#[cfg(feature = "arrow")]
pub mod arrow;
pub mod csv;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod plan;
pub mod sketch;
pub mod summary;

pub use plan::{Manifest, Plan, shard_items};
pub use summary::{QUANTILES, SummaryBuilder, Verdict};
