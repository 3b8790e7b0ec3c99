//! `results.parquet` (feature `parquet`): the rows of `results.csv` with the
//! Arrow schema of [`super::arrow::schema`], Snappy-compressed, streamed.
//!
//! Rows are buffered into row groups of exactly [`ROW_GROUP_ROWS`] rows (the
//! last may be shorter), counted over the whole file and not per window or
//! shard, so the writer sees the same input whatever the thread count or the
//! sharding: the file is byte-identical, and `merge` rebuilds it from the
//! shards' rows. At most one row group is in memory.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_schema::Schema;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::arrow::{RowsBuilder, schema};
use crate::error::{SimError, SimResult};
use crate::world::RunOutput;

/// The file's name in an output directory.
pub const RESULTS_PARQUET: &str = "results.parquet";

/// Rows per row group (about 1.4 MB of values for 21 columns before encoding).
pub const ROW_GROUP_ROWS: usize = 8192;

/// Writes `results.parquet` row by row.
pub struct ParquetResults {
    path: PathBuf,
    schema: Arc<Schema>,
    rows: RowsBuilder,
    group_rows: usize,
    writer: ArrowWriter<BufWriter<File>>,
}

impl ParquetResults {
    /// Creates the file at `path` for these metric columns.
    pub fn create(path: &Path, columns: &[String]) -> SimResult<Self> {
        Self::with_row_groups(path, columns, ROW_GROUP_ROWS)
    }

    /// The same with row groups of `group_rows` rows (at least 1).
    pub fn with_row_groups(path: &Path, columns: &[String], group_rows: usize) -> SimResult<Self> {
        let group_rows = group_rows.max(1);
        let file = crate::batch::create(path)?;
        let schema = schema(columns);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(group_rows))
            .set_max_row_group_bytes(None)
            .build();
        let writer =
            ArrowWriter::try_new(file, Arc::clone(&schema), Some(props)).map_err(|e| error(path, &e))?;
        Ok(Self { path: path.to_owned(), schema, rows: RowsBuilder::new(columns.len()), group_rows, writer })
    }

    /// Appends one row (in (subset, run, timestep) order); NaN is written as null.
    pub fn row(&mut self, subset: usize, run: u32, timestep: usize, values: &[f64]) -> SimResult<()> {
        self.rows.push(subset, run, timestep, values);
        if self.rows.len() == self.group_rows { self.write_group() } else { Ok(()) }
    }

    /// Appends every row of a run.
    pub fn run(&mut self, out: &RunOutput) -> SimResult<()> {
        for (t, row) in out.rows().enumerate() {
            self.row(out.subset, out.run, t, row)?;
        }
        Ok(())
    }

    fn write_group(&mut self) -> SimResult<()> {
        let batch = self.rows.finish(&self.schema);
        self.writer.write(&batch).map_err(|e| error(&self.path, &e))?;
        self.writer.flush().map_err(|e| error(&self.path, &e))
    }

    /// Writes the last row group and the footer.
    pub fn finish(mut self) -> SimResult<()> {
        if !self.rows.is_empty() {
            self.write_group()?;
        }
        let inner = self.writer.into_inner().map_err(|e| error(&self.path, &e))?;
        inner.into_inner().map_err(|e| SimError::io(&self.path, e.into_error()))?;
        Ok(())
    }
}

fn error(path: &Path, e: &parquet::errors::ParquetError) -> SimError {
    SimError::Columnar { what: path.display().to_string(), message: e.to_string() }
}

#[cfg(test)]
mod tests {
    use arrow_array::{Array, Float64Array, Int64Array, RecordBatch};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    use super::*;

    #[test]
    fn rows_fill_row_groups_of_the_given_size_and_read_back() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("r.parquet");
        let mut w = ParquetResults::with_row_groups(&path, &["tvl".to_owned()], 8).unwrap();
        for t in 0..20 {
            let x = if t % 5 == 0 { f64::NAN } else { t as f64 * 0.5 };
            w.row(1, 2, t, &[x]).unwrap();
        }
        w.finish().unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap()).unwrap();
        let groups: Vec<i64> = reader.metadata().row_groups().iter().map(|g| g.num_rows()).collect();
        assert_eq!(groups, [8, 8, 4]);
        let batches: Vec<RecordBatch> = reader.build().unwrap().collect::<Result<_, _>>().unwrap();
        let b = arrow_select_concat(&batches);
        assert_eq!(b.0, (0..20).collect::<Vec<i64>>());
        assert_eq!(b.1.iter().filter(|x| x.is_none()).count(), 4);
        assert_eq!(b.1[3], Some(1.5));
        assert_eq!(b.1[10], None);
    }

    /// The timesteps and the `tvl` values of all batches.
    fn arrow_select_concat(batches: &[RecordBatch]) -> (Vec<i64>, Vec<Option<f64>>) {
        let mut out = (Vec::new(), Vec::new());
        for b in batches {
            let t = b.column(3).as_any().downcast_ref::<Int64Array>().unwrap();
            let v = b.column(4).as_any().downcast_ref::<Float64Array>().unwrap();
            out.0.extend(t.values().iter().copied());
            out.1.extend((0..v.len()).map(|i| v.is_valid(i).then(|| v.value(i))));
        }
        out
    }
}
