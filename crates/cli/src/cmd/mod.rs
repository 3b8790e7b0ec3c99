//! One module per subcommand.

pub(crate) mod apply;
pub(crate) mod bench;
pub(crate) mod bench_governance;
pub(crate) mod bench_hub;
pub(crate) mod bench_life;
pub(crate) mod bench_merkle;
pub(crate) mod bench_missions;
pub(crate) mod bench_vault;
pub(crate) mod board;
pub(crate) mod check;
pub(crate) mod demo;
pub(crate) mod demo_missions;
pub(crate) mod incentives;
pub(crate) mod init;
pub(crate) mod keys;
pub(crate) mod merkle;
pub(crate) mod mission;
pub(crate) mod proposals;
pub(crate) mod score;
pub(crate) mod serve;
pub(crate) mod simulate;
pub(crate) mod submit;
pub(crate) mod verify;

use std::path::Path;

use anyhow::Context;

/// Reads a text file with its path in the error.
pub(crate) fn read_text(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}
