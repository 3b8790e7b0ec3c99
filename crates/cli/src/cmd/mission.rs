//! `concord mission`: read a collective's missions and a budget vote's live
//! allocation from a hub (`preview`, optionally with the ballot a voter is
//! about to sign). Commands go through `concord submit`.

use std::io::Write;
use std::process::ExitCode;

use super::submit::{agent, get_json};

/// `concord mission list`: the collective's mission proposals.
pub(crate) fn list(hub: &str, collective: &str) -> anyhow::Result<ExitCode> {
    let hub = hub.trim_end_matches('/');
    let view = get_json(&agent(), &format!("{hub}/v1/collectives/{collective}/missions"))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:>4}  {:<12} {:<10} {:<14} {:>6} {:>28}  title",
        "id", "status", "tier", "intent", "sponsors", "requested"
    )?;
    for m in view["missions"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "{:>4}  {:<12} {:<10} {:<14} {:>6} {:>28}  {}",
            m["id"].as_u64().unwrap_or_default(),
            m["status"].as_str().unwrap_or_default(),
            m["tier"].as_str().unwrap_or_default(),
            m["intent"].as_str().unwrap_or_default(),
            m["approvals"].as_array().map_or(0, Vec::len),
            m["requested"].as_str().unwrap_or_default(),
            m["title"].as_str().unwrap_or_default()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `concord mission preview`: which missions the ballots fund now (or with a voter's ballot).
pub(crate) fn preview(
    hub: &str,
    collective: &str,
    season: u64,
    intent: &str,
    voter: Option<&str>,
    approve: &[u64],
) -> anyhow::Result<ExitCode> {
    let hub = hub.trim_end_matches('/');
    let mut url = format!("{hub}/v1/collectives/{collective}/seasons/{season}/intents/{intent}/preview");
    if let Some(v) = voter {
        let list: Vec<String> = approve.iter().map(u64::to_string).collect();
        url.push_str(&format!("?voter={v}&approve={}", list.join(",")));
    }
    let view = get_json(&agent(), &url)?;
    let a = &view["allocation"];
    let mut out = std::io::stdout().lock();
    match voter {
        Some(v) => writeln!(out, "{collective} season {season} `{intent}`, as if {v} approved {approve:?}")?,
        None => writeln!(out, "{collective} season {season} `{intent}`, current ballots")?,
    }
    writeln!(out, "needed approvals: {}", a["needed"].as_str().unwrap_or_default())?;
    writeln!(
        out,
        "{:>4}  {:<16} {:>28} {:>28} {:>28}",
        "id", "verdict", "approvals", "requested", "budget left"
    )?;
    for r in a["ranked"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "{:>4}  {:<16} {:>28} {:>28} {:>28}",
            r["id"].as_u64().unwrap_or_default(),
            r["verdict"].as_str().unwrap_or_default(),
            r["approvals"].as_str().unwrap_or_default(),
            r["requested"].as_str().unwrap_or_default(),
            r["remaining"].as_str().unwrap_or_default()
        )?;
    }
    writeln!(
        out,
        "funded {} · returns to the fund {}",
        a["funded"].as_str().unwrap_or_default(),
        a["leftover"].as_str().unwrap_or_default()
    )?;
    Ok(ExitCode::SUCCESS)
}
