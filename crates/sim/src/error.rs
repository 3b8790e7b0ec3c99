//! The simulator's errors: each names the field (a dotted path into the
//! scenario file), the command or the file it is about.

use std::path::PathBuf;

/// Why a scenario could not be loaded, run, written or merged.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The scenario file breaks a rule; `path` is the dotted field path
    /// (`agents[1].apr_threshold.high`).
    #[error("{path}: {message}")]
    Scenario {
        /// The field.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The charter (after the scenario's overrides) is not a valid charter.
    #[error("charter: {problems}")]
    Charter {
        /// Every problem the charter reader found, `path: rule`, separated by `; `.
        problems: String,
    },
    /// A setup command the simulator submits at day 0 was refused by the engine.
    #[error("setup: `{kind}` by {actor} was refused: {message}")]
    Setup {
        /// The command kind.
        kind: &'static str,
        /// Who submitted it.
        actor: String,
        /// The engine's error.
        message: String,
    },
    /// A read through the engine's typed queries failed.
    #[error("query {what}: {message}")]
    Query {
        /// Which query.
        what: &'static str,
        /// The query error.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Shard outputs do not fit together.
    #[error("merge: {0}")]
    Merge(String),
    /// A results file could not be read or written as CSV.
    #[error("{}: {message}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The CSV error.
        message: String,
    },
    /// Results could not be encoded as Arrow or written as Parquet.
    #[error("{what}: {message}")]
    Columnar {
        /// The output (`ipc stream`, or the Parquet file's path).
        what: String,
        /// The Arrow or Parquet error.
        message: String,
    },
    /// The charts or the HTML report could not be drawn from the summary.
    #[error("report: {0}")]
    Report(String),
}

impl SimError {
    /// A scenario error at `path`.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Scenario { path: path.into(), message: message.into() }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { path: path.into(), source }
    }

    /// The field path of a scenario error, if this is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Scenario { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// The simulator's result type.
pub type SimResult<T> = Result<T, SimError>;
