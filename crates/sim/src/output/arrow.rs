//! The results as Arrow record batches (feature `arrow`): the same rows and
//! columns as `results.csv`, typed for pandas. `simulation`, `subset`, `run`
//! and `timestep` are non-null `Int64` (pandas' default integer); every
//! metric is a nullable `Float64`, null where the CSV field is empty (an
//! undefined metric, NaN inside the simulator).
//!
//! Batches come from [`stream_runs`]'s ordered windows, so they are in
//! (subset, run, timestep) order whatever the thread count, and
//! [`write_ipc_stream`] writes them as they finish (memory flat in runs).

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_ipc::writer::StreamWriter;
use arrow_schema::{DataType, Field, Schema};

use super::csv::header;
use crate::batch::{shard_block, stream_runs};
use crate::error::{SimError, SimResult};
use crate::scenario::Loaded;
use crate::world::RunOutput;

/// The index columns before the metrics.
pub const INDEX_COLUMNS: usize = 4;

/// The results' schema for these metric columns: the four index columns
/// (`Int64`, not null), then one nullable `Float64` per metric.
pub fn schema(columns: &[String]) -> Arc<Schema> {
    let fields: Vec<Field> = header(columns)
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            if i < INDEX_COLUMNS {
                Field::new(name, DataType::Int64, false)
            } else {
                Field::new(name, DataType::Float64, true)
            }
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// Accumulates rows column by column and turns them into a record batch.
pub struct RowsBuilder {
    index: [Int64Builder; INDEX_COLUMNS],
    metrics: Vec<Float64Builder>,
    rows: usize,
}

impl RowsBuilder {
    /// An empty builder for `width` metric columns.
    pub fn new(width: usize) -> Self {
        Self {
            index: std::array::from_fn(|_| Int64Builder::new()),
            metrics: (0..width).map(|_| Float64Builder::new()).collect(),
            rows: 0,
        }
    }

    /// Rows held.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether no row is held.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends one row (`simulation` is always 0); a NaN value becomes null.
    pub fn push(&mut self, subset: usize, run: u32, timestep: usize, values: &[f64]) {
        let index = [0, subset as i64, i64::from(run), timestep as i64];
        for (b, v) in self.index.iter_mut().zip(index) {
            b.append_value(v);
        }
        for (b, x) in self.metrics.iter_mut().zip(values) {
            if x.is_nan() { b.append_null() } else { b.append_value(*x) }
        }
        self.rows += 1;
    }

    /// Appends every row of a run.
    pub fn push_run(&mut self, out: &RunOutput) {
        for (t, row) in out.rows().enumerate() {
            self.push(out.subset, out.run, t, row);
        }
    }

    /// The rows held as a batch of `schema` (from [`schema`] with as many
    /// metric columns); the builder is empty afterwards.
    pub fn finish(&mut self, schema: &Arc<Schema>) -> RecordBatch {
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(INDEX_COLUMNS + self.metrics.len());
        arrays.extend(self.index.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
        arrays.extend(self.metrics.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
        self.rows = 0;
        RecordBatch::try_new(Arc::clone(schema), arrays)
            .expect("the schema has the builder's columns and types")
    }
}

/// One record batch holding every row of `outputs`, in their order.
pub fn record_batch(schema: &Arc<Schema>, outputs: &[RunOutput]) -> RecordBatch {
    let width = schema.fields().len() - INDEX_COLUMNS;
    let mut rows = RowsBuilder::new(width);
    for out in outputs {
        rows.push_run(out);
    }
    rows.finish(schema)
}

fn arrow_error(what: &str, e: &arrow_schema::ArrowError) -> SimError {
    SimError::Columnar { what: what.to_owned(), message: e.to_string() }
}

/// Runs shard `shard` of `of` (1/1: everything) on `threads` workers (0: one
/// per core) and returns the schema and one record batch per window of runs,
/// in (subset, run) order. Holds every row: for large batches prefer
/// [`write_ipc_stream`].
pub fn run_to_batches(
    loaded: &Loaded,
    threads: usize,
    shard: u32,
    of: u32,
) -> SimResult<(Arc<Schema>, Vec<RecordBatch>)> {
    let items = shard_block(loaded, shard, of)?;
    let schema = schema(&crate::metrics::columns(&loaded.base));
    let mut batches = Vec::new();
    stream_runs(loaded, threads, items, &|| {}, &mut |outputs| {
        batches.push(record_batch(&schema, outputs));
        Ok(())
    })?;
    Ok((schema, batches))
}

/// Runs shard `shard` of `of` and writes the Arrow IPC stream format to `w`,
/// one record batch per window as it finishes (memory flat in runs).
/// Returns the rows written.
pub fn write_ipc_stream<W: Write>(
    loaded: &Loaded,
    threads: usize,
    shard: u32,
    of: u32,
    w: W,
) -> SimResult<usize> {
    let items = shard_block(loaded, shard, of)?;
    let schema = schema(&crate::metrics::columns(&loaded.base));
    let mut writer = StreamWriter::try_new(w, &schema).map_err(|e| arrow_error("ipc stream", &e))?;
    let mut rows = 0;
    stream_runs(loaded, threads, items, &|| {}, &mut |outputs| {
        let batch = record_batch(&schema, outputs);
        rows += batch.num_rows();
        writer.write(&batch).map_err(|e| arrow_error("ipc stream", &e))
    })?;
    writer.finish().map_err(|e| arrow_error("ipc stream", &e))?;
    Ok(rows)
}

/// The Arrow IPC stream format (what `pyarrow.ipc.open_stream` reads) of
/// these batches, which must all have `schema`.
pub fn ipc_stream_bytes(schema: &Arc<Schema>, batches: &[RecordBatch]) -> SimResult<Vec<u8>> {
    let mut writer = StreamWriter::try_new(Vec::new(), schema).map_err(|e| arrow_error("ipc stream", &e))?;
    for b in batches {
        writer.write(b).map_err(|e| arrow_error("ipc stream", &e))?;
    }
    writer.into_inner().map_err(|e| arrow_error("ipc stream", &e))
}

#[cfg(test)]
mod tests {
    use arrow_array::{Array, Float64Array, Int64Array};
    use arrow_ipc::reader::StreamReader;

    use super::*;

    fn out(subset: usize, run: u32, values: Vec<f64>) -> RunOutput {
        RunOutput { subset, run, width: 2, values }
    }

    #[test]
    fn schema_names_and_types() {
        let s = schema(&["tvl".to_owned(), "apr".to_owned()]);
        let names: Vec<&str> = s.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, ["simulation", "subset", "run", "timestep", "tvl", "apr"]);
        assert_eq!(s.field(2).data_type(), &DataType::Int64);
        assert!(!s.field(3).is_nullable());
        assert_eq!(s.field(5).data_type(), &DataType::Float64);
        assert!(s.field(5).is_nullable());
    }

    #[test]
    fn rows_nulls_and_ipc_round_trip() {
        let s = schema(&["tvl".to_owned(), "apr".to_owned()]);
        let outs = [out(0, 1, vec![10.0, f64::NAN, 12.5, 0.25]), out(1, 3, vec![7.0, 1.5, -0.0, f64::NAN])];
        let b = record_batch(&s, &outs);
        assert_eq!(b.num_rows(), 4);
        let int = |c: usize| b.column(c).as_any().downcast_ref::<Int64Array>().unwrap().values().to_vec();
        assert_eq!(int(0), [0, 0, 0, 0]);
        assert_eq!(int(1), [0, 0, 1, 1]);
        assert_eq!(int(2), [1, 1, 3, 3]);
        assert_eq!(int(3), [0, 1, 0, 1]);
        let apr = b.column(5).as_any().downcast_ref::<Float64Array>().unwrap();
        assert_eq!(apr.null_count(), 2);
        assert!(apr.is_null(0) && apr.is_valid(1) && apr.is_valid(2) && apr.is_null(3));
        assert_eq!(apr.value(1), 0.25);
        let bytes = ipc_stream_bytes(&s, std::slice::from_ref(&b)).unwrap();
        let back: Vec<RecordBatch> =
            StreamReader::try_new(&bytes[..], None).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(back, [b]);
    }
}
