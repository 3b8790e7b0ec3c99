//! A batch: every (subset, run) item of a scenario, or one shard's
//! contiguous block of them, run in parallel on a local rayon pool and
//! written in (subset, run) order as windows of runs finish.
//!
//! Ordering: items run in windows of `4 × threads`; rayon's indexed
//! `collect` keeps each window in item order, and the windows are written
//! one after another, so the files do not depend on the thread count and
//! at most one window of run outputs is held in memory.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{SimError, SimResult};
#[cfg(feature = "parquet")]
use crate::output::parquet::{ParquetResults, RESULTS_PARQUET};
use crate::output::{Manifest, Plan, SummaryBuilder, Verdict, csv as out_csv, shard_items};
use crate::scenario::Loaded;
use crate::world::{Prepared, RunOutput, prepare, run};

/// File names in an output directory.
pub const RESULTS: &str = "results.csv";
/// The summary.
pub const SUMMARY: &str = "summary.json";
/// The plan.
pub const PLAN: &str = "plan.json";
/// The manifest.
pub const MANIFEST: &str = "manifest.json";

/// How to run a batch.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// This shard, from 1.
    pub shard: u32,
    /// Shards in all.
    pub of: u32,
    /// The output directory (created if missing).
    pub out_dir: PathBuf,
}

/// What a batch (or a merge) wrote.
#[derive(Clone, Debug)]
pub struct BatchReport {
    /// Items written.
    pub items: usize,
    /// Verdicts by subset.
    pub verdicts: Vec<(usize, Verdict)>,
    /// The output directory.
    pub out_dir: PathBuf,
}

pub(crate) fn create(path: &Path) -> SimResult<BufWriter<File>> {
    File::create(path).map(BufWriter::new).map_err(|e| SimError::io(path, e))
}

pub(crate) fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> SimResult<()> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| SimError::io(path, std::io::Error::other(e)))?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| SimError::io(path, e))
}

pub(crate) fn csv_error(path: &Path, e: &csv::Error) -> SimError {
    SimError::Csv { path: path.to_owned(), message: e.to_string() }
}

/// The worker count: `threads`, or one per core when it is 0.
pub fn thread_count(threads: usize) -> usize {
    if threads == 0 { std::thread::available_parallelism().map_or(1, usize::from) } else { threads }
}

/// Checks `shard/of` and returns that shard's items `[start, end)`.
pub fn shard_block(loaded: &Loaded, shard: u32, of: u32) -> SimResult<[usize; 2]> {
    if of == 0 || shard == 0 || shard > of {
        return Err(SimError::at("shard", format!("must be i/n with 1 ≤ i ≤ n, got {shard}/{of}")));
    }
    Ok(shard_items(loaded.items(), shard, of))
}

/// Runs the items `[start, end)` on a pool of `threads` workers (0: one per
/// core) and hands their outputs to `sink` one window at a time, in
/// (subset, run) order. Windows hold `max(4 × threads, 8)` runs; only one is
/// in memory at once, so CSV, Parquet and Arrow consumers all see the same
/// ordered stream at flat memory. `on_done` is called after every run.
pub fn stream_runs(
    loaded: &Loaded,
    threads: usize,
    items: [usize; 2],
    on_done: &(dyn Fn() + Sync),
    sink: &mut dyn FnMut(&[RunOutput]) -> SimResult<()>,
) -> SimResult<()> {
    let threads = thread_count(threads);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| SimError::at("threads", e.to_string()))?;
    let runs = loaded.runs() as usize;
    let window = (4 * threads).max(8);
    // Setups of the subsets the current window touches (each prepared once).
    let mut cache: Vec<(usize, Prepared)> = Vec::new();
    let mut k = items[0];
    while k < items[1] {
        let end = (k + window).min(items[1]);
        for item in k..end {
            let subset = item / runs;
            if !cache.iter().any(|c| c.0 == subset) {
                cache.push((subset, prepare(&loaded.subsets[subset])?));
            }
        }
        let batch: Vec<(usize, u32, &Prepared)> = (k..end)
            .map(|item| {
                let subset = item / runs;
                let p = &cache.iter().find(|c| c.0 == subset).expect("prepared above").1;
                (subset, (item % runs + 1) as u32, p)
            })
            .collect();
        let outputs: Vec<SimResult<RunOutput>> = pool.install(|| {
            batch
                .par_iter()
                .map(|(subset, r, p)| {
                    let out = run(p, &loaded.subsets[*subset].scenario, loaded.base.seed, *subset, *r);
                    on_done();
                    out
                })
                .collect()
        });
        let outputs: Vec<RunOutput> = outputs.into_iter().collect::<SimResult<_>>()?;
        sink(&outputs)?;
        let last = (end - 1) / runs;
        cache.retain(|c| c.0 == last);
        k = end;
    }
    Ok(())
}

/// Runs the batch (or the shard) and writes its files: `plan.json`,
/// `manifest.json`, `results.csv`, `summary.json` and, with the `parquet`
/// feature, `results.parquet`; then `report.html` and `charts/*.svg` from the summary.
pub fn run_batch(
    loaded: &Loaded,
    opts: &BatchOptions,
    on_done: &(dyn Fn() + Sync),
) -> SimResult<BatchReport> {
    let items = shard_block(loaded, opts.shard, opts.of)?;
    let dir = &opts.out_dir;
    std::fs::create_dir_all(dir).map_err(|e| SimError::io(dir, e))?;
    let plan = Plan::of(loaded);
    write_json(&dir.join(PLAN), &plan)?;
    write_json(&dir.join(MANIFEST), &Manifest { shard: opts.shard, of: opts.of, items })?;
    let results_path = dir.join(RESULTS);
    let mut results = csv::Writer::from_writer(create(&results_path)?);
    results.write_record(out_csv::header(&plan.columns)).map_err(|e| csv_error(&results_path, &e))?;
    let summary_path = dir.join(SUMMARY);
    let io = |e: std::io::Error| SimError::io(&summary_path, e);
    let mut summary = SummaryBuilder::new(&plan, create(&summary_path)?).map_err(io)?;
    #[cfg(feature = "parquet")]
    let mut parquet = ParquetResults::create(&dir.join(RESULTS_PARQUET), &plan.columns)?;
    stream_runs(loaded, opts.threads, items, on_done, &mut |outputs| {
        for out in outputs {
            out_csv::write_run(&mut results, out).map_err(|e| csv_error(&results_path, &e))?;
            #[cfg(feature = "parquet")]
            parquet.run(out)?;
            for (t, row) in out.rows().enumerate() {
                summary.row(out.subset, out.run, t, row).map_err(io)?;
            }
        }
        Ok(())
    })?;
    results.flush().map_err(|e| SimError::io(&results_path, e))?;
    #[cfg(feature = "parquet")]
    parquet.finish()?;
    let (mut w, verdicts) = summary.finish().map_err(io)?;
    w.flush().map_err(io)?;
    drop(w);
    crate::report::write_report(dir)?;
    Ok(BatchReport { items: items[1] - items[0], verdicts, out_dir: dir.clone() })
}
