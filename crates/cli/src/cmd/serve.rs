//! `concord serve`: run a hub for a charter.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use concord_server::{Hub, Limits, Options, Rate, system_clock};

/// What `concord serve` takes beyond the charter and the store.
pub(crate) struct Settings {
    pub(crate) cors_origins: Vec<String>,
    pub(crate) per_ip: Rate,
    pub(crate) per_signer: Rate,
    pub(crate) limits: Limits,
}

/// A database URL with its password replaced by `***`, for printing.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((credentials, host)) = rest.rsplit_once('@') else { return url.to_owned() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

pub(crate) fn run(charter: &Path, db: &str, listen: &str, settings: Settings) -> anyhow::Result<ExitCode> {
    let text = super::read_text(charter)?;
    let shown = redact(db);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let store = concord_store::open(db).await.with_context(|| format!("opening {shown}"))?;
        let hub =
            Hub::open(&text, Arc::from(store), system_clock()).await?.with_signer_rate(settings.per_signer);
        let hub = Arc::new(hub);
        let listener =
            tokio::net::TcpListener::bind(listen).await.with_context(|| format!("listening on {listen}"))?;
        let (seq, head, _) = hub.head().await;
        println!("concord hub on http://{} — log {shown} at seq {seq}, head {head}", listener.local_addr()?);
        let options = Options { cors_origins: settings.cors_origins, per_ip: Some(settings.per_ip) };
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        concord_server::serve_with(hub, listener, &options, settings.limits, ctrl_c).await?;
        Ok(ExitCode::SUCCESS)
    })
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted_and_the_rest_is_kept() {
        assert_eq!(
            redact("postgres://app:s3cr%40t@db.example:5432/concord"),
            "postgres://app:***@db.example:5432/concord"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1:5432/test"),
            "postgres://postgres@127.0.0.1:5432/test"
        );
        assert_eq!(redact("sqlite:concord.db"), "sqlite:concord.db");
        assert_eq!(redact("postgres://u:p@ss@host/db"), "postgres://u:***@host/db");
    }
}
