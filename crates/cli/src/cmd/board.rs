//! `concord board`: the forming board read from a hub. Contributors post
//! and remove profiles with `concord submit` (`post-profile`,
//! `remove-profile`); leaders search here and check a team's overlap.

use std::io::Write;
use std::process::ExitCode;

use super::submit::{agent, get_json};

/// Search filters.
pub(crate) struct Search<'a> {
    pub skill: Option<&'a str>,
    pub intent: Option<&'a str>,
    pub tz_min: Option<i16>,
    pub tz_max: Option<i16>,
}

/// `concord board search`: profiles by skill, intent and timezone.
pub(crate) fn search(hub: &str, s: &Search<'_>) -> anyhow::Result<ExitCode> {
    let hub = hub.trim_end_matches('/');
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(x) = s.skill {
        query.append_pair("skill", x);
    }
    if let Some(x) = s.intent {
        query.append_pair("intent", x);
    }
    if let Some(x) = s.tz_min {
        query.append_pair("tz_min", &x.to_string());
    }
    if let Some(x) = s.tz_max {
        query.append_pair("tz_max", &x.to_string());
    }
    let view = get_json(&agent(), &format!("{hub}/v1/board?{}", query.finish()))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{:<42} {:<10} {:>5}  skills · intents", "account", "timezone", "hours")?;
    for p in view["profiles"].as_array().into_iter().flatten() {
        let list = |v: &serde_json::Value| {
            v.as_array().into_iter().flatten().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", ")
        };
        writeln!(
            out,
            "{:<42} {:<10} {:>2}-{:<2}  {} · {}",
            p["account"].as_str().unwrap_or_default(),
            p["profile"]["timezone"].as_str().unwrap_or_default(),
            p["profile"]["start_hour"].as_u64().unwrap_or_default(),
            p["profile"]["end_hour"].as_u64().unwrap_or_default(),
            list(&p["profile"]["skills"]),
            list(&p["profile"]["intents"])
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `concord board overlap`: the hours of the day when every member of an
/// alliance works (ranges in minutes of the UTC day); exits 1 below the minimum.
pub(crate) fn overlap(hub: &str, alliance: &str, min_hours: Option<u32>) -> anyhow::Result<ExitCode> {
    let hub = hub.trim_end_matches('/');
    let mut url = format!("{hub}/v1/alliances/{alliance}/overlap");
    if let Some(h) = min_hours {
        url.push_str(&format!("?min_hours={h}"));
    }
    let view = get_json(&agent(), &url)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", serde_json::to_string_pretty(&view)?)?;
    Ok(if view["below_minimum"].as_bool() == Some(true) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
