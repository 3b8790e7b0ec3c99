//! `concord proposals`: read an alliance's proposals from a hub, with their
//! state and live tallies; `--id N` shows one proposal, its votes and
//! (with `--power ADDRESS`) the power an address votes with on it.

use std::io::Write;
use std::process::ExitCode;

use super::submit::{agent, get_json};

pub(crate) fn run(
    hub: &str,
    alliance: Option<&str>,
    id: Option<u64>,
    power: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let hub = hub.trim_end_matches('/');
    let agent = agent();
    let alliance = match alliance {
        Some(a) => a.to_owned(),
        None => get_json(&agent, &format!("{hub}/v1/alliance"))?["alliance"]["spec"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    };
    let mut out = std::io::stdout().lock();
    let Some(id) = id else {
        let list = get_json(&agent, &format!("{hub}/v1/alliances/{alliance}/proposals"))?;
        writeln!(
            out,
            "{alliance} at {}{}",
            list["now"],
            if list["paused"] == true { " (paused)" } else { "" }
        )?;
        writeln!(
            out,
            "{:>4}  {:<10} {:<22} {:<14} {:>7}  title / scores",
            "id", "state", "scope", "voting", "voters"
        )?;
        for p in list["proposals"].as_array().into_iter().flatten() {
            writeln!(
                out,
                "{:>4}  {:<10} {:<22} {:<14} {:>7}  {}",
                p["id"].as_u64().unwrap_or_default(),
                p["state"].as_str().unwrap_or_default(),
                p["scope"].as_str().unwrap_or_default(),
                p["voting"].as_str().unwrap_or_default(),
                p["tally"]["voters"].as_u64().unwrap_or_default(),
                p["title"].as_str().unwrap_or_default()
            )?;
            let scores: Vec<String> = p["choices"]
                .as_array()
                .into_iter()
                .flatten()
                .zip(p["tally"]["scores"].as_array().into_iter().flatten())
                .map(|(c, s)| {
                    format!("{}: {}", c.as_str().unwrap_or_default(), s.as_str().unwrap_or_default())
                })
                .collect();
            writeln!(out, "{:>61}{}", "", scores.join(" · "))?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let base = format!("{hub}/v1/alliances/{alliance}/proposals/{id}");
    let mut view = get_json(&agent, &base)?;
    view["votes"] = get_json(&agent, &format!("{base}/votes?limit=1000"))?;
    if let Some(address) = power {
        view["power_of"] = get_json(&agent, &format!("{base}/power/{address}"))?;
    }
    writeln!(out, "{}", serde_json::to_string_pretty(&view)?)?;
    Ok(ExitCode::SUCCESS)
}
