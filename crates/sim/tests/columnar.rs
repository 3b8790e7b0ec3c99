//! Arrow record batches (feature `arrow`) hold exactly the rows of
//! `results.csv`, with nulls where the CSV has empty fields.

use arrow_array::{Array, Float64Array, Int64Array, RecordBatch};
use concord_sim::batch::{BatchOptions, run_batch};
use concord_sim::output::arrow::{ipc_stream_bytes, run_to_batches, write_ipc_stream};
use concord_sim::scenario::load;

/// 3 runs of 10 days, two sweep points, no governance (so `participation` is always empty).
pub(crate) const TINY: &str = r#"
name = "tiny"
horizon_days = 10
runs = 3
seed = 5

[[vaults]]
id = "gov-farm"
stake_token = "GOV"

[emission]
token = "ALLY"
per_week = 10000

[market]
tokens = [
  { token = "GOV", price = 1.0, volatility = 0.5 },
  { token = "ALLY", price = 0.1, volatility = 0.7 },
]

[[agents]]
kind = "farmer"
count = 5
stake = 1000
apr_threshold = { dist = "uniform", low = 0.5, high = 3.0 }

[sweep]
"emission.per_week" = [10000, 40000]
"#;

fn csv_rows(dir: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(dir.join("results.csv")).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

/// Every cell of the batches as the CSV would write it.
pub(crate) fn as_csv(batches: &[RecordBatch]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for b in batches {
        for row in 0..b.num_rows() {
            let cells = (0..b.num_columns())
                .map(|c| {
                    let col = b.column(c);
                    if let Some(ints) = col.as_any().downcast_ref::<Int64Array>() {
                        ints.value(row).to_string()
                    } else {
                        let f = col.as_any().downcast_ref::<Float64Array>().unwrap();
                        if f.is_null(row) { String::new() } else { format!("{}", f.value(row)) }
                    }
                })
                .collect();
            out.push(cells);
        }
    }
    out
}

#[test]
fn batches_hold_the_csv_rows_with_nulls_for_empty_fields() {
    let loaded = load(TINY, None).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let opts = BatchOptions { threads: 2, shard: 1, of: 1, out_dir: tmp.path().to_owned() };
    run_batch(&loaded, &opts, &|| {}).unwrap();
    let (header, rows) = csv_rows(tmp.path());
    let (schema, batches) = run_to_batches(&loaded, 2, 1, 1).unwrap();
    // 2 subsets × 3 runs × (10 + 1) timesteps.
    let total: usize = batches.iter().map(RecordBatch::num_rows).sum();
    assert_eq!(total, 66);
    assert_eq!(rows.len(), 66);
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    assert_eq!(names, header);
    assert_eq!(names.len(), 4 + 15 + 2);
    assert_eq!(names[4], "tvl");
    assert_eq!(names[20], "price_ALLY");
    // Windows of max(4 × 2, 8) = 8 runs: one batch of 6 runs.
    assert_eq!(batches.len(), 1);
    assert_eq!(as_csv(&batches), rows);
    // `participation` (no proposal ever closes) is empty in the CSV and null here.
    let p = names.iter().position(|n| n == "participation").unwrap();
    assert!(rows.iter().all(|r| r[p].is_empty()));
    assert_eq!(batches[0].column(p).null_count(), 66);
    assert_eq!(rows[0][..4], ["0", "0", "1", "0"]);
    assert_eq!(rows[65][..4], ["0", "1", "3", "10"]);

    // The IPC stream, collected or streamed, holds the same batches.
    let bytes = ipc_stream_bytes(&schema, &batches).unwrap();
    let mut streamed = Vec::new();
    assert_eq!(write_ipc_stream(&loaded, 1, 1, 1, &mut streamed).unwrap(), 66);
    assert_eq!(bytes, streamed);
    let back: Vec<RecordBatch> = arrow_ipc::reader::StreamReader::try_new(&bytes[..], None)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, batches);
}

#[test]
fn a_shard_is_its_block_of_runs() {
    let loaded = load(TINY, None).unwrap();
    let (_, all) = run_to_batches(&loaded, 1, 1, 1).unwrap();
    let (_, second) = run_to_batches(&loaded, 1, 2, 2).unwrap();
    // Items [3, 6): subset 1's three runs, the last 33 rows.
    let (all, second) = (as_csv(&all), as_csv(&second));
    assert_eq!(second.len(), 33);
    assert_eq!(second[..], all[33..]);
    assert!(run_to_batches(&loaded, 1, 3, 2).unwrap_err().to_string().contains("got 3/2"));
}

#[cfg(feature = "parquet")]
#[test]
fn results_parquet_reads_back_as_the_csv() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let loaded = load(TINY, None).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let opts = BatchOptions { threads: 1, shard: 1, of: 1, out_dir: tmp.path().to_owned() };
    run_batch(&loaded, &opts, &|| {}).unwrap();
    let (header, rows) = csv_rows(tmp.path());
    let file = std::fs::File::open(tmp.path().join("results.parquet")).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    // 66 rows: one row group.
    assert_eq!(reader.metadata().num_row_groups(), 1);
    assert_eq!(reader.metadata().file_metadata().num_rows(), 66);
    let names: Vec<String> = reader.schema().fields().iter().map(|f| f.name().clone()).collect();
    assert_eq!(names, header);
    let batches: Vec<RecordBatch> = reader.build().unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(as_csv(&batches), rows);
}
