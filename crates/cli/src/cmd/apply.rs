//! `concord apply`: apply trusted commands (JSON lines) to an in-memory engine,
//! answer query lines between them, and print every event, every answer and
//! the final state. See docs/apply.md.
//!
//! Exit codes: 0 when every line was applied or answered (with `--keep-going`,
//! also when some were rejected: each rejection is in the output); 1 when a
//! command or query was rejected without `--keep-going` (the run stops there);
//! 2 when the run could not start (unreadable input, invalid charter).

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use concord_core::engine::State;
use concord_core::query::{self, Query, View};
use concord_core::{Charter, Command, Engine, Event};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

/// A rejected line's error.
#[derive(Serialize)]
struct LineError {
    code: String,
    field: String,
    message: String,
}

/// One output line.
#[derive(Serialize)]
#[serde(untagged)]
enum Output<'a> {
    Applied {
        line: usize,
        kind: &'static str,
        events: Vec<Event>,
    },
    Answered {
        line: usize,
        query: &'a str,
        result: Box<View>,
    },
    Rejected {
        line: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        query: Option<&'a str>,
        error: LineError,
    },
    Final {
        r#final: Final<'a>,
    },
}

#[derive(Serialize)]
struct Final<'a> {
    state_hash: String,
    rejected: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    out: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a State>,
}

/// Whether a line is a query (`{"query": ...}`) rather than a command.
#[derive(Deserialize)]
struct Shape {
    query: Option<IgnoredAny>,
}

fn is_query(line: &str) -> bool {
    serde_json::from_str::<Shape>(line).is_ok_and(|s| s.query.is_some())
}

/// What one line gave.
enum Outcome {
    Applied(&'static str, Vec<Event>),
    Answered(String, Box<View>),
    Rejected(Option<String>, LineError),
}

/// A query line's two parts, checked before the arguments are.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryLine {
    query: String,
    #[serde(default)]
    args: Option<serde_json::Map<String, serde_json::Value>>,
}

fn malformed(field: &str, message: &str) -> LineError {
    LineError { code: "malformed_query".into(), field: field.into(), message: format!("{field}: {message}") }
}

fn answer(engine: &Engine, line: &str) -> Outcome {
    let parts: QueryLine = match serde_json::from_str(line) {
        Ok(p) => p,
        Err(e) => return Outcome::Rejected(None, malformed("query", &e.to_string())),
    };
    let kind = parts.query;
    if !Query::KINDS.contains(&kind.as_str()) {
        let rule = format!("must be one of {}, got `{kind}`", Query::KINDS.join(", "));
        return Outcome::Rejected(Some(kind), malformed("query", &rule));
    }
    let args = serde_json::Value::Object(parts.args.unwrap_or_default());
    let tagged = serde_json::json!({ "query": kind, "args": args });
    let query: Query = match serde_json::from_value(tagged) {
        Ok(q) => q,
        Err(e) => return Outcome::Rejected(Some(kind), malformed("args", &e.to_string())),
    };
    match query::run(engine.state(), &query) {
        Ok(view) => Outcome::Answered(kind, Box::new(view)),
        Err(e) => {
            let error = LineError {
                code: e.code().into(),
                field: format!("args.{}", e.field()),
                message: format!("args.{e}"),
            };
            Outcome::Rejected(Some(kind), error)
        }
    }
}

fn apply(engine: &mut Engine, line: &str) -> Outcome {
    let command = match Command::from_json(line) {
        Ok(c) => c,
        Err(e) => {
            let error = LineError {
                code: "malformed_command".into(),
                field: e.field().to_string(),
                message: e.to_string(),
            };
            return Outcome::Rejected(None, error);
        }
    };
    match engine.apply(&command) {
        Ok(events) => Outcome::Applied(command.body.kind(), events),
        Err(e) => Outcome::Rejected(
            None,
            LineError { code: e.code().to_string(), field: e.field().to_string(), message: e.to_string() },
        ),
    }
}

fn emit(out: &mut impl Write, line: &Output<'_>) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, line)?;
    out.write_all(b"\n")?;
    Ok(())
}

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
    let mut stdout = std::io::BufWriter::new(stdout.lock());
    let mut rejected = 0usize;
    for (index, line) in reader.lines().enumerate() {
        let line_no = index + 1;
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let outcome = if is_query(&line) { answer(&engine, &line) } else { apply(&mut engine, &line) };
        match outcome {
            Outcome::Applied(kind, events) => {
                emit(&mut stdout, &Output::Applied { line: line_no, kind, events })?
            }
            Outcome::Answered(kind, result) => {
                emit(&mut stdout, &Output::Answered { line: line_no, query: &kind, result })?
            }
            Outcome::Rejected(query, error) => {
                rejected += 1;
                let message = error.message.clone();
                emit(&mut stdout, &Output::Rejected { line: line_no, query: query.as_deref(), error })?;
                if !keep_going {
                    stdout.flush()?;
                    eprintln!("line {line_no}: {message}");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
    }
    let state_hash = engine.state_hash().to_string();
    let r#final = match out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
            let mut file = std::io::BufWriter::new(file);
            serde_json::to_writer_pretty(&mut file, engine.state())?;
            file.flush()?;
            Final { state_hash, rejected, out: Some(path.display().to_string()), state: None }
        }
        None => Final { state_hash, rejected, out: None, state: Some(engine.state()) },
    };
    emit(&mut stdout, &Output::Final { r#final })?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
