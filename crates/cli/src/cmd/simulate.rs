//! `concord simulate`: Monte Carlo stress tests through the engine.
//!
//! `concord simulate FILE|NAME [--runs N] [--threads T] [--out DIR] [--shard i/n]`,
//! `concord simulate --list`, `concord simulate merge DIR... --out DIR`.
//! Glue only: scenarios, runs and outputs live in concord-sim.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Subcommand;
use concord_sim::batch::{BatchOptions, BatchReport, run_batch};
use concord_sim::builtin::BUILTINS;
use concord_sim::scenario::{Loaded, load, load_file};
use indicatif::{ProgressBar, ProgressStyle};

/// Arguments of `concord simulate`.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Option<SimulateCommand>,
    /// A scenario file, or the name of a built-in scenario (see --list).
    scenario: Option<String>,
    /// List the built-in scenarios.
    #[arg(long)]
    list: bool,
    /// Runs per sweep point (default: the scenario's).
    #[arg(long)]
    runs: Option<u32>,
    /// Base seed (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Output directory (default: sim-out/<scenario name>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Run only shard i of n (contiguous blocks of runs; merge them with `simulate merge`).
    #[arg(long, default_value = "1/1")]
    shard: String,
}

#[derive(Subcommand)]
enum SimulateCommand {
    /// Merge shard output directories into one, identical to an unsharded run.
    Merge {
        /// The shards' output directories.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Where to write the merged outputs.
        #[arg(long)]
        out: PathBuf,
    },
}

/// `i/n` with 1 ≤ i ≤ n.
fn parse_shard(text: &str) -> anyhow::Result<(u32, u32)> {
    let (i, n) = text.split_once('/').with_context(|| format!("--shard: expected i/n, got `{text}`"))?;
    let (i, n): (u32, u32) = (i.trim().parse()?, n.trim().parse()?);
    if i == 0 || n == 0 || i > n {
        bail!("--shard: expected 1 ≤ i ≤ n, got {i}/{n}");
    }
    Ok((i, n))
}

fn scenario(target: &str) -> anyhow::Result<Loaded> {
    let path = Path::new(target);
    if path.exists() {
        return Ok(load_file(path)?);
    }
    match BUILTINS.iter().find(|(name, _)| *name == target) {
        Some((_, text)) => Ok(load(text, None)?),
        None => {
            let names: Vec<&str> = BUILTINS.iter().map(|b| b.0).collect();
            bail!(
                "no scenario file `{target}` and no built-in of that name (built-ins: {})",
                names.join(", ")
            )
        }
    }
}

fn list() -> anyhow::Result<ExitCode> {
    for (name, text) in BUILTINS {
        let l = load(text, None)?;
        println!("{name:<24} {} ({} runs, {} days)", l.base.description, l.runs(), l.base.horizon_days);
    }
    Ok(ExitCode::SUCCESS)
}

fn report(r: &BatchReport) -> ExitCode {
    println!("wrote {} runs to {}", r.items, r.out_dir.display());
    let mut failed = false;
    for (subset, v) in &r.verdicts {
        let mark = match v.passed {
            Some(true) => " [pass]",
            Some(false) => " [FAIL]",
            None => "",
        };
        failed |= v.passed == Some(false);
        println!("  subset {subset}: {}{mark}", v.text);
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if let Some(SimulateCommand::Merge { dirs, out }) = &args.command {
        return Ok(report(&concord_sim::merge::merge(dirs, out)?));
    }
    if args.list {
        return list();
    }
    let Some(target) = &args.scenario else { bail!("give a scenario file or a built-in name (see --list)") };
    let (shard, of) = parse_shard(&args.shard)?;
    let mut loaded = scenario(target)?;
    if let Some(runs) = args.runs {
        loaded = loaded.with_runs(runs)?;
    }
    if let Some(seed) = args.seed {
        loaded = loaded.with_seed(seed);
    }
    let out_dir = args.out.clone().unwrap_or_else(|| Path::new("sim-out").join(&loaded.base.name));
    let items = concord_sim::output::shard_items(loaded.items(), shard, of);
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new((items[1] - items[0]) as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {per_sec}  ETA {eta}")
            .expect("a valid template"),
    );
    let opts = BatchOptions { threads: args.threads, shard, of, out_dir };
    let result = run_batch(&loaded, &opts, &|| bar.inc(1));
    bar.finish_and_clear();
    Ok(report(&result?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse() {
        assert_eq!(parse_shard("2/3").unwrap(), (2, 3));
        assert!(parse_shard("0/3").is_err());
        assert!(parse_shard("4/3").is_err());
        assert!(parse_shard("3").is_err());
    }

    #[test]
    fn builtins_resolve_by_name() {
        assert_eq!(scenario("rewards-end").unwrap().base.name, "rewards-end");
        let e = scenario("no-such-scenario").unwrap_err().to_string();
        assert!(e.contains("built-ins: token-shock"), "{e}");
    }
}
