//! # concord-sim-py
//!
//! Concord's simulator for Python. With the `python` feature this crate is
//! the native module `concord_sim._native` (pyo3, abi3 for CPython ≥ 3.11)
//! that the `concord_sim` package (`python/`) wraps; without it, the same
//! functions are plain Rust, tested with `cargo test`.
//!
//! - [`source`]: what a `scenario` argument names (built-in, TOML text, file);
//! - [`select`]: which (subset, run) items a call runs (shard, item range,
//!   subsets), so Python backends (Ray, Dask) can hand out blocks;
//! - [`run_ipc`]: runs them through `concord_sim::batch::stream_runs` and
//!   returns the rows as an Arrow IPC stream (`concord_sim::output::arrow`'s
//!   schema: cadCAD's long format), with `summary.json` if asked;
//! - [`summarize_ipc`]: `summary.json` from rows already run (blocks run on
//!   other machines, concatenated in item order);
//! - [`report`]: the summary builder over rows.

pub mod report;
pub mod select;
pub mod source;

#[cfg(feature = "python")]
mod python;

use std::io::Cursor;

use arrow_array::{Array, Float64Array, Int64Array};
use arrow_ipc::reader::StreamReader;
use arrow_ipc::writer::StreamWriter;

use concord_sim::batch::stream_runs;
use concord_sim::output::Plan;
use concord_sim::output::arrow::{INDEX_COLUMNS, record_batch, schema};
use concord_sim::{SimError, SimResult};

use crate::report::Summary;
use crate::select::{Select, ranges};
use crate::source::resolve;

fn arrow_error(e: &arrow_schema::ArrowError) -> SimError {
    SimError::Columnar { what: "ipc stream".into(), message: e.to_string() }
}

/// `plan.json` of the scenario `arg` names, as `concord simulate` writes it.
pub fn plan_json(arg: &str, runs: Option<u32>, seed: Option<u64>) -> SimResult<String> {
    let loaded = resolve(arg, runs, seed)?;
    serde_json::to_string_pretty(&Plan::of(&loaded)).map_err(|e| SimError::at("plan", e.to_string()))
}

/// Runs the items `sel` selects of the scenario `arg` names on `threads`
/// workers (0: one per core) and returns their rows as an Arrow IPC stream
/// (one record batch per window of runs, in item order), and `summary.json`
/// of those rows when `with_summary`.
pub fn run_ipc(
    arg: &str,
    runs: Option<u32>,
    seed: Option<u64>,
    threads: usize,
    sel: &Select,
    with_summary: bool,
) -> SimResult<(Vec<u8>, Option<String>)> {
    let loaded = resolve(arg, runs, seed)?;
    let blocks = ranges(sel, loaded.subsets.len(), loaded.runs())?;
    let plan = Plan::of(&loaded);
    let schema = schema(&plan.columns);
    let mut writer = StreamWriter::try_new(Vec::new(), &schema).map_err(|e| arrow_error(&e))?;
    let mut summary = if with_summary { Some(Summary::new(&plan)?) } else { None };
    for block in blocks {
        stream_runs(&loaded, threads, block, &|| {}, &mut |outputs| {
            writer.write(&record_batch(&schema, outputs)).map_err(|e| arrow_error(&e))?;
            if let Some(s) = summary.as_mut() {
                for out in outputs {
                    for (t, row) in out.rows().enumerate() {
                        s.row(out.subset, out.run, t, row)?;
                    }
                }
            }
            Ok(())
        })?;
    }
    let bytes = writer.into_inner().map_err(|e| arrow_error(&e))?;
    let summary = summary.map(|s| s.finish().map(|r| r.0)).transpose()?;
    Ok((bytes, summary))
}

/// `summary.json` of rows already run: an Arrow IPC stream in the layout
/// [`run_ipc`] writes, rows in item order (blocks concatenated in order).
pub fn summarize_ipc(arg: &str, results: &[u8], runs: Option<u32>, seed: Option<u64>) -> SimResult<String> {
    let loaded = resolve(arg, runs, seed)?;
    let plan = Plan::of(&loaded);
    let want = schema(&plan.columns);
    let reader = StreamReader::try_new(Cursor::new(results), None).map_err(|e| arrow_error(&e))?;
    let names =
        |s: &arrow_schema::Schema| -> Vec<String> { s.fields().iter().map(|f| f.name().clone()).collect() };
    if names(&reader.schema()) != names(&want) {
        return Err(SimError::at(
            "results",
            "the columns are not the scenario's (simulation, subset, run, timestep, metrics…)",
        ));
    }
    let mut summary = Summary::new(&plan)?;
    let mut values: Vec<f64> = vec![0.0; plan.columns.len()];
    for batch in reader {
        let batch = batch.map_err(|e| arrow_error(&e))?;
        let int = |c: usize| -> SimResult<&Int64Array> {
            batch
                .column(c)
                .as_any()
                .downcast_ref::<Int64Array>()
                .ok_or_else(|| SimError::at("results", format!("column {c} is not Int64")))
        };
        let (subset, run, step) = (int(1)?, int(2)?, int(3)?);
        let metrics: Vec<&Float64Array> = (INDEX_COLUMNS..batch.num_columns())
            .map(|c| {
                batch
                    .column(c)
                    .as_any()
                    .downcast_ref::<Float64Array>()
                    .ok_or_else(|| SimError::at("results", format!("column {c} is not Float64")))
            })
            .collect::<SimResult<_>>()?;
        for r in 0..batch.num_rows() {
            for (v, m) in values.iter_mut().zip(&metrics) {
                *v = if m.is_null(r) { f64::NAN } else { m.value(r) };
            }
            let s = usize::try_from(subset.value(r)).ok().filter(|s| *s < plan.subsets.len());
            let s =
                s.ok_or_else(|| SimError::at("results", format!("row {r}: no subset {}", subset.value(r))))?;
            let (run, step) = (run.value(r) as u32, step.value(r) as usize);
            summary.row(s, run, step, &values)?;
        }
    }
    Ok(summary.finish()?.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two subsets of two runs, 5 days, constant prices.
    const TINY: &str = r#"
name = "tiny"
horizon_days = 5
runs = 2

[[vaults]]
id = "gov-farm"
stake_token = "GOV"

[emission]
token = "ALLY"
per_week = 70

[market]
tokens = [{ token = "GOV", price = 1.0 }, { token = "ALLY", price = 1.0, volatility = 0.5 }]

[[agents]]
kind = "holder"
count = 3
stake = 1000

[sweep]
"emission.per_week" = [70, 140]
"#;

    fn rows(bytes: &[u8]) -> Vec<(i64, i64, i64)> {
        let reader = StreamReader::try_new(Cursor::new(bytes), None).unwrap();
        let mut out = Vec::new();
        for batch in reader {
            let batch = batch.unwrap();
            let col = |c: usize| batch.column(c).as_any().downcast_ref::<Int64Array>().unwrap().clone();
            let (s, r, t) = (col(1), col(2), col(3));
            out.extend((0..batch.num_rows()).map(|i| (s.value(i), r.value(i), t.value(i))));
        }
        out
    }

    #[test]
    fn the_stream_holds_every_row_in_item_order() {
        let (bytes, summary) = run_ipc(TINY, None, None, 2, &Select::default(), true).unwrap();
        let got = rows(&bytes);
        // 2 subsets × 2 runs × 6 timesteps.
        assert_eq!(got.len(), 24);
        assert_eq!(got[0], (0, 1, 0));
        assert_eq!(got[6], (0, 2, 0));
        assert_eq!(got[23], (1, 2, 5));
        // The summary rebuilt from the stream is the one made while running.
        assert_eq!(summarize_ipc(TINY, &bytes, None, None).unwrap(), summary.unwrap());
    }

    #[test]
    fn a_selection_runs_only_its_items() {
        let sel = Select { subsets: Some(vec![1]), items: Some((1, 4)), ..Select::default() };
        let (bytes, none) = run_ipc(TINY, None, None, 1, &sel, false).unwrap();
        assert!(none.is_none());
        let got = rows(&bytes);
        // Items 2 and 3: subset 1, runs 1 and 2.
        assert_eq!(got.len(), 12);
        assert_eq!((got[0], got[11]), ((1, 1, 0), (1, 2, 5)));
        // Blocks concatenated in order equal the whole run.
        let whole = run_ipc(TINY, None, None, 1, &Select::default(), false).unwrap().0;
        let mut parts = Vec::new();
        for items in [(0, 1), (1, 4)] {
            let sel = Select { items: Some(items), ..Select::default() };
            parts.extend(rows(&run_ipc(TINY, None, None, 1, &sel, false).unwrap().0));
        }
        assert_eq!(parts, rows(&whole));
    }

    #[test]
    fn results_of_another_scenario_are_refused() {
        let other = TINY.replace(
            "{ token = \"ALLY\", price = 1.0, volatility = 0.5 }",
            "{ token = \"ALLY\", price = 1.0 }, { token = \"PLAY\", price = 1.0 }",
        );
        let bytes = run_ipc(&other, Some(1), None, 1, &Select::default(), false).unwrap().0;
        assert_eq!(summarize_ipc(TINY, &bytes, Some(1), None).unwrap_err().path(), Some("results"));
    }
}
