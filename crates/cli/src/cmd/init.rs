//! `concord init <model>`: write a commented charter template.

use std::process::ExitCode;

use anyhow::bail;
use concord_core::alliance::AllianceModel;
use concord_core::charter::templates::template;

pub(crate) fn run(model: &str, out: &str, force: bool) -> anyhow::Result<ExitCode> {
    let Some(model) = AllianceModel::from_name(model) else {
        let names: Vec<&str> = AllianceModel::ALL.iter().map(|m| m.name()).collect();
        bail!("model: must be one of {}, got `{model}`", names.join(", "));
    };
    let text = template(model);
    if out == "-" {
        std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if std::path::Path::new(out).exists() && !force {
        bail!("{out} already exists (use --force to overwrite)");
    }
    std::fs::write(out, text)?;
    println!("wrote {out} ({} charter); next: concord check {out}", model.name());
    Ok(ExitCode::SUCCESS)
}
