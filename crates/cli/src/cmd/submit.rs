//! `concord submit`: sign a command with a key and send it to a hub.

use std::process::ExitCode;

use anyhow::{Context, bail};
use concord_core::command::CommandBody;
use concord_core::envelope::Domain;
use concord_core::keys::Key;

pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

pub(crate) fn get_json(agent: &ureq::Agent, url: &str) -> anyhow::Result<serde_json::Value> {
    let mut response = agent.get(url).call().with_context(|| format!("GET {url}"))?;
    let status = response.status();
    let value: serde_json::Value =
        response.body_mut().read_json().with_context(|| format!("GET {url}: not JSON"))?;
    if !status.is_success() {
        bail!("GET {url}: {status}: {value}");
    }
    Ok(value)
}

pub(crate) fn run(
    hub: &str,
    key: Option<String>,
    dev: Option<usize>,
    kind: &str,
    body: &str,
) -> anyhow::Result<ExitCode> {
    let key = match (key, dev) {
        (Some(secret), None) => Key::from_hex(&secret)?,
        (None, Some(i)) if i < 10 => Key::dev(i),
        (None, Some(i)) => bail!("dev: must be 0 to 9, got {i}"),
        _ => bail!("key: pass --key (or CONCORD_KEY) or --dev N"),
    };
    // Validate locally first so mistakes are caught before signing.
    let parsed = CommandBody::from_json(kind, body)?;
    let hub = hub.trim_end_matches('/');
    let agent = agent();
    let domain: Domain =
        serde_json::from_value(get_json(&agent, &format!("{hub}/v1/domain"))?["domain"].clone())
            .context("the hub's /v1/domain is not a Concord domain")?;
    let account = get_json(&agent, &format!("{hub}/v1/accounts/{}/balances", key.address))?;
    let nonce = account["nonce"].as_u64().context("the hub did not report a nonce")?;
    let envelope = key.sign(&domain, nonce, &parsed);
    let mut response = agent.post(&format!("{hub}/v1/commands")).send_json(&envelope)?;
    let status = response.status();
    let answer: serde_json::Value = response.body_mut().read_json()?;
    println!("{}", serde_json::to_string_pretty(&answer)?);
    Ok(if status.is_success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
