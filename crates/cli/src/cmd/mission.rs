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

/// `concord mission team`: a team's rewards under its plan, and the next release if attested now.
pub(crate) fn team(hub: &str, collective: &str, mission: u64) -> anyhow::Result<ExitCode> {
    let hub = hub.trim_end_matches('/');
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_secs();
    let url = format!("{hub}/v1/collectives/{collective}/grants/{mission}/team?at={now}");
    let view = get_json(&agent(), &url)?;
    let mut out = std::io::stdout().lock();
    let kind = view["plan"]["split"]["kind"].as_str().unwrap_or("none (the team's treasury)");
    writeln!(
        out,
        "mission {mission} of {collective}: team `{}`, plan {kind}, decisions by `{}`, epoch {}",
        view["alliance"].as_str().unwrap_or_default(),
        view["decision_model"].as_str().unwrap_or_default(),
        view["epoch"].as_u64().unwrap_or_default()
    )?;
    writeln!(out, "{:<42} {:>28} {:>28} {:>28}  status", "member", "paid", "vested", "forfeited")?;
    for m in view["members"].as_array().into_iter().flatten() {
        let status = if m["left"].as_bool() == Some(true) {
            "left"
        } else if m["absent"].as_bool() == Some(true) {
            "absent"
        } else {
            "active"
        };
        writeln!(
            out,
            "{:<42} {:>28} {:>28} {:>28}  {status}",
            m["member"].as_str().unwrap_or_default(),
            m["paid"].as_str().unwrap_or_default(),
            m["vested"].as_str().unwrap_or_default(),
            m["forfeited"].as_str().unwrap_or_default()
        )?;
    }
    match view["next_release"].as_object() {
        None => writeln!(out, "no release pending")?,
        Some(next) => {
            writeln!(
                out,
                "next release (milestone {}, {}), if attested now:",
                next["milestone"].as_u64().unwrap_or_default(),
                next["share"].as_str().unwrap_or_default()
            )?;
            for part in next["parts"].as_array().into_iter().flatten() {
                writeln!(
                    out,
                    "  {:<42} by weight {:>28} paid {:>28}",
                    part[0].as_str().unwrap_or_default(),
                    part[1].as_str().unwrap_or_default(),
                    part[2].as_str().unwrap_or_default()
                )?;
            }
            writeln!(out, "  to the team's treasury {}", next["to_team"].as_str().unwrap_or_default())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `concord mission gives`: the peer-allocation graph as CSV (`epoch,from,to,points`).
pub(crate) fn gives(hub: &str, collective: &str, mission: u64) -> anyhow::Result<ExitCode> {
    let hub = hub.trim_end_matches('/');
    let url = format!("{hub}/v1/collectives/{collective}/grants/{mission}/gives?format=csv");
    let mut response = agent().get(&url).call().map_err(|e| anyhow::anyhow!("GET {url}: {e}"))?;
    let status = response.status();
    let text = response.body_mut().read_to_string()?;
    if !status.is_success() {
        anyhow::bail!("GET {url}: {status}: {text}");
    }
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
