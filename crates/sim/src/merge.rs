//! `merge`: shard directories back into one batch, byte-identical to the
//! unsharded run. Shards hold contiguous blocks of (subset, run) items, so
//! their rows concatenated in shard order are the whole batch in order; the
//! summary (and `results.parquet`, with the `parquet` feature) is rebuilt
//! from those rows (the CSV's floats read back exactly).

use std::path::{Path, PathBuf};

use crate::batch::{BatchReport, MANIFEST, PLAN, RESULTS, SUMMARY, create, csv_error, write_json};
use crate::error::{SimError, SimResult};
#[cfg(feature = "parquet")]
use crate::output::parquet::{ParquetResults, RESULTS_PARQUET};
use crate::output::{Manifest, Plan, SummaryBuilder, csv as out_csv, shard_items};

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> SimResult<T> {
    let text = std::fs::read_to_string(path).map_err(|e| SimError::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| SimError::Merge(format!("{}: {e}", path.display())))
}

/// Merges shard directories into `out_dir`.
pub fn merge(dirs: &[PathBuf], out_dir: &Path) -> SimResult<BatchReport> {
    if dirs.is_empty() {
        return Err(SimError::Merge("give at least one shard directory".into()));
    }
    let mut shards: Vec<(Manifest, &PathBuf)> = Vec::new();
    let plan: Plan = read_json(&dirs[0].join(PLAN))?;
    for d in dirs {
        let p: Plan = read_json(&d.join(PLAN))?;
        if p != plan {
            return Err(SimError::Merge(format!(
                "{} is from another batch than {} (plan.json differs)",
                d.display(),
                dirs[0].display()
            )));
        }
        shards.push((read_json(&d.join(MANIFEST))?, d));
    }
    shards.sort_by_key(|s| s.0.shard);
    let of = shards[0].0.of;
    let total = plan.items();
    for (i, (m, d)) in shards.iter().enumerate() {
        let want = i as u32 + 1;
        if m.of != of || m.shard != want || m.items != shard_items(total, m.shard, m.of) {
            return Err(SimError::Merge(format!(
                "expected shard {want}/{of} (items {:?}), {} holds shard {}/{} (items {:?})",
                shard_items(total, want, of),
                d.display(),
                m.shard,
                m.of,
                m.items
            )));
        }
    }
    if shards.len() as u32 != of {
        return Err(SimError::Merge(format!("{} of {of} shards given", shards.len())));
    }
    std::fs::create_dir_all(out_dir).map_err(|e| SimError::io(out_dir, e))?;
    write_json(&out_dir.join(PLAN), &plan)?;
    write_json(&out_dir.join(MANIFEST), &Manifest { shard: 1, of: 1, items: [0, total] })?;
    let results_path = out_dir.join(RESULTS);
    let mut results = csv::Writer::from_writer(create(&results_path)?);
    let header = out_csv::header(&plan.columns);
    results.write_record(&header).map_err(|e| csv_error(&results_path, &e))?;
    let summary_path = out_dir.join(SUMMARY);
    let io = |e: std::io::Error| SimError::io(&summary_path, e);
    let mut summary = SummaryBuilder::new(&plan, create(&summary_path)?).map_err(io)?;
    #[cfg(feature = "parquet")]
    let mut parquet = ParquetResults::create(&out_dir.join(RESULTS_PARQUET), &plan.columns)?;
    let mut values: Vec<f64> = Vec::with_capacity(plan.columns.len());
    let mut rows = 0usize;
    for (_, d) in &shards {
        let path = d.join(RESULTS);
        let mut reader = csv::Reader::from_path(&path).map_err(|e| csv_error(&path, &e))?;
        let got: Vec<String> =
            reader.headers().map_err(|e| csv_error(&path, &e))?.iter().map(str::to_owned).collect();
        if got != header {
            return Err(SimError::Merge(format!(
                "{}: the header differs from the plan's columns",
                path.display()
            )));
        }
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(&path, &e))?;
            let bad =
                |m: String| SimError::Csv { path: path.clone(), message: format!("row {}: {m}", rows + 2) };
            let int =
                |i: usize| record.get(i).unwrap_or_default().parse::<usize>().map_err(|e| bad(e.to_string()));
            let (subset, run, timestep) = (int(1)?, int(2)? as u32, int(3)?);
            values.clear();
            for f in record.iter().skip(4) {
                values.push(out_csv::parse_field(f).map_err(bad)?);
            }
            results.write_record(&record).map_err(|e| csv_error(&results_path, &e))?;
            summary.row(subset, run, timestep, &values).map_err(io)?;
            #[cfg(feature = "parquet")]
            parquet.row(subset, run, timestep, &values)?;
            rows += 1;
        }
    }
    results.flush().map_err(|e| SimError::io(&results_path, e))?;
    #[cfg(feature = "parquet")]
    parquet.finish()?;
    let (mut w, verdicts) = summary.finish().map_err(io)?;
    std::io::Write::flush(&mut w).map_err(io)?;
    drop(w);
    crate::report::write_report(out_dir)?;
    Ok(BatchReport { items: total, verdicts, out_dir: out_dir.to_owned() })
}
