//! `concord apply`: apply trusted commands (JSON lines) to an in-memory engine
//! and print every event and the final state. See docs/apply.md.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use concord_core::{Charter, Command, Engine};
use serde_json::json;

pub(crate) fn run(
    commands: &str,
    charter: &Path,
    out: Option<&Path>,
    keep_going: bool,
) -> anyhow::Result<ExitCode> {
    let text = super::read_text(charter)?;
    let charter = Charter::parse(&text).map_err(|problems| {
        anyhow::anyhow!("{} is invalid:\n{}", charter.display(), concord_core::problem::render(&problems))
    })?;
    let mut engine = Engine::genesis(&charter);
    let reader: Box<dyn BufRead> = if commands == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(commands).map_err(|e| anyhow::anyhow!("reading {commands}: {e}"))?,
        ))
    };
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    let mut rejected = 0usize;
    for (index, line) in reader.lines().enumerate() {
        let line_no = index + 1;
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let outcome = Command::from_json(&line)
            .map_err(|e| json!({"code": "malformed_command", "field": e.field(), "message": e.to_string()}))
            .and_then(|command| {
                engine
                    .apply(&command)
                    .map(|events| (command.body.kind(), events))
                    .map_err(|e| json!({"code": e.code(), "field": e.field(), "message": e.to_string()}))
            });
        match outcome {
            Ok((kind, events)) => {
                writeln!(stdout, "{}", json!({"line": line_no, "kind": kind, "events": events}))?
            }
            Err(error) => {
                rejected += 1;
                writeln!(stdout, "{}", json!({"line": line_no, "error": error}))?;
                if !keep_going {
                    eprintln!("line {line_no}: {}", error["message"].as_str().unwrap_or_default());
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
    }
    let state_hash = engine.state_hash().to_string();
    match out {
        Some(path) => {
            std::fs::write(path, serde_json::to_string_pretty(engine.state())?)?;
            writeln!(
                stdout,
                "{}",
                json!({"final": {"state_hash": state_hash, "out": path.display().to_string(), "rejected": rejected}})
            )?;
        }
        None => writeln!(
            stdout,
            "{}",
            json!({"final": {"state_hash": state_hash, "rejected": rejected, "state": engine.state()}})
        )?,
    }
    Ok(if rejected == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
