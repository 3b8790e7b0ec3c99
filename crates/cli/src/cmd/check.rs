//! `concord check <file>`: list every problem of a charter.

use std::path::Path;
use std::process::ExitCode;

use concord_core::Charter;

pub(crate) fn run(file: &Path) -> anyhow::Result<ExitCode> {
    let text = super::read_text(file)?;
    match Charter::parse(&text) {
        Ok(charter) => {
            let a = &charter.alliance;
            println!(
                "{}: ok — alliance `{}` ({}), {} members, {} tokens, decision model {}",
                file.display(),
                a.id,
                a.model.name(),
                a.members.len(),
                charter.tokens.len(),
                a.decision_model.name()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            for problem in &problems {
                println!("{}: {problem}", file.display());
            }
            println!("{} problem{} found", problems.len(), if problems.len() == 1 { "" } else { "s" });
            Ok(ExitCode::FAILURE)
        }
    }
}
