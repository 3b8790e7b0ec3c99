//! `concord score FILE`: partner candidates scored by the scorecard and
//! ranked side by side (a table; `--json` or `--csv`). Every problem in the
//! file is printed with its path; the exit code is then 2.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use concord_core::partner::{CandidateResult, parse_candidates};
use concord_core::problem::render;

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// A table for people.
    Table,
    /// The ranking as JSON.
    Json,
    /// One row per candidate.
    Csv,
}

fn bps(v: u32) -> String {
    format!("{}.{:02}", v / 100, v % 100)
}

pub(crate) fn run(file: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let parsed = match parse_candidates(&text) {
        Ok(f) => f,
        Err(problems) => {
            eprintln!("{}: {} problem(s)\n{}", file.display(), problems.len(), render(&problems));
            return Ok(ExitCode::from(2));
        }
    };
    let ranked = parsed.scorecard.rank(&parsed.candidates);
    let compat = parsed.compatibility();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let checks: serde_json::Map<String, serde_json::Value> = compat
                .iter()
                .map(|(id, c)| Ok((id.clone(), serde_json::to_value(c)?)))
                .collect::<serde_json::Result<_>>()?;
            let view = serde_json::json!({ "ranking": ranked, "compatibility": checks });
            writeln!(out, "{}", serde_json::to_string_pretty(&view)?)?;
        }
        Format::Csv => {
            let dims: Vec<&str> = parsed.scorecard.dimensions.iter().map(|d| d.id.as_str()).collect();
            writeln!(out, "rank,id,name,total_bps,{},vetoed_by", dims.join(","))?;
            for r in &ranked {
                let values: Vec<String> = r.dimensions.iter().map(|(_, v)| v.to_string()).collect();
                writeln!(
                    out,
                    "{},{},\"{}\",{},{},{}",
                    r.rank,
                    r.id,
                    r.name.replace('"', "\"\""),
                    r.total_bps,
                    values.join(","),
                    r.vetoed_by.join(";")
                )?;
            }
        }
        Format::Table => {
            table(&mut out, &parsed.scorecard, &ranked)?;
            for (id, checks) in &compat {
                writeln!(out, "\ncompatibility of {id} with the members:")?;
                for c in checks {
                    let verdict = format!("{:?}", c.verdict).to_lowercase();
                    writeln!(out, "  {:<17} {:<8} {}", c.check, verdict, c.figures)?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn table(
    out: &mut impl Write,
    card: &concord_core::partner::Scorecard,
    ranked: &[CandidateResult],
) -> anyhow::Result<()> {
    write!(out, "{:<14}", "")?;
    for r in ranked {
        write!(out, " {:>16}", r.id)?;
    }
    writeln!(out)?;
    for (i, d) in card.dimensions.iter().enumerate() {
        write!(out, "{:<14}", format!("{} {}%", d.id, d.weight_bps.0 / 100))?;
        for r in ranked {
            write!(out, " {:>16}", bps(r.dimensions[i].1))?;
        }
        writeln!(out)?;
    }
    write!(out, "{:<14}", "total %")?;
    for r in ranked {
        write!(out, " {:>16}", bps(r.total_bps))?;
    }
    writeln!(out)?;
    write!(out, "{:<14}", "verdict")?;
    for r in ranked {
        let verdict = if r.vetoed_by.is_empty() {
            format!("#{}", r.rank)
        } else {
            format!("veto: {}", r.vetoed_by.join(","))
        };
        write!(out, " {verdict:>16}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "ties: {} then id",
        if card.tie_break.is_empty() { "none".to_owned() } else { card.tie_break.join(", ") }
    )?;
    Ok(())
}
