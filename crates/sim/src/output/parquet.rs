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
    writer: ArrowWriter<BufWriter<File>>,
}

impl ParquetResults {
    /// Creates the file at `path` for these metric columns.
    pub fn create(path: &Path, columns: &[String]) -> SimResult<Self> {
        let file = crate::batch::create(path)?;
        let schema = schema(columns);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_max_row_group_bytes(None)
            .build();
        let writer =
            ArrowWriter::try_new(file, Arc::clone(&schema), Some(props)).map_err(|e| error(path, &e))?;
        Ok(Self { path: path.to_owned(), schema, rows: RowsBuilder::new(columns.len()), writer })
    }

    /// Appends one row (in (subset, run, timestep) order); NaN is written as null.
    pub fn row(&mut self, subset: usize, run: u32, timestep: usize, values: &[f64]) -> SimResult<()> {
        self.rows.push(subset, run, timestep, values);
        if self.rows.len() == ROW_GROUP_ROWS { self.write_group() } else { Ok(()) }
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
