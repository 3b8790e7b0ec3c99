//! `concord incentives`: read vaults, positions, emissions, vesting grants and
//! fee splits from a hub (the `/v1` incentive reads), printed as JSON.
//! Commands go through `concord submit --kind stake --body '{…}'` like any other.

use std::process::ExitCode;

use anyhow::{Context, bail};

/// What to read.
pub(crate) struct Query<'a> {
    pub(crate) what: &'a str,
    pub(crate) id: Option<&'a str>,
    pub(crate) account: Option<&'a str>,
    pub(crate) at: Option<u64>,
}

/// The `/v1` path for a query.
fn path(q: &Query<'_>) -> anyhow::Result<String> {
    let id = || q.id.context("this read needs an id (or an address for account-vesting)");
    let path = match q.what {
        "vaults" => "/v1/vaults".to_owned(),
        "vault" => format!("/v1/vaults/{}", id()?),
        "position" => {
            let account = q.account.context("position needs --account")?;
            format!("/v1/vaults/{}/positions/{account}", id()?)
        }
        "emissions" => "/v1/emissions".to_owned(),
        "emission" => format!("/v1/emissions/{}", id()?),
        "grant" => format!("/v1/vesting/{}", id()?),
        "account-vesting" => format!("/v1/accounts/{}/vesting", id()?),
        "splits" => "/v1/splits".to_owned(),
        "split" => format!("/v1/splits/{}", id()?),
        other => bail!(
            "what: must be one of vaults, vault, position, emissions, emission, grant, account-vesting, \
             splits, split; got `{other}`"
        ),
    };
    Ok(match q.at {
        Some(at) => format!("{path}?at={at}"),
        None => path,
    })
}

pub(crate) fn run(hub: &str, query: &Query<'_>) -> anyhow::Result<ExitCode> {
    let url = format!("{}{}", hub.trim_end_matches('/'), path(query)?);
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response = agent.get(&url).call().with_context(|| format!("GET {url}"))?;
    let status = response.status();
    let value: serde_json::Value =
        response.body_mut().read_json().with_context(|| format!("GET {url}: not JSON"))?;
    println!("{}", serde_json::to_string_pretty(&value)?);
    Ok(if status.is_success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_each_read_path() {
        let q = |what, id, account, at| Query { what, id, account, at };
        assert_eq!(path(&q("vaults", None, None, None)).unwrap(), "/v1/vaults");
        assert_eq!(
            path(&q("position", Some("farm"), Some("0xabc"), Some(7))).unwrap(),
            "/v1/vaults/farm/positions/0xabc?at=7"
        );
        assert_eq!(path(&q("grant", Some("3"), None, None)).unwrap(), "/v1/vesting/3");
        assert!(path(&q("vault", None, None, None)).is_err());
        assert!(path(&q("position", Some("farm"), None, None)).is_err());
        assert!(path(&q("nope", None, None, None)).is_err());
    }
}
