//! `concord serve`: run a hub for a charter.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use concord_server::{Hub, system_clock};

pub(crate) fn run(charter: &Path, db: &str, listen: &str) -> anyhow::Result<ExitCode> {
    let text = super::read_text(charter)?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let store = concord_store::open(db).await.with_context(|| format!("opening {db}"))?;
        let hub = Arc::new(Hub::open(&text, Arc::from(store), system_clock()).await?);
        let listener =
            tokio::net::TcpListener::bind(listen).await.with_context(|| format!("listening on {listen}"))?;
        let (seq, head, _) = hub.head().await;
        println!("concord hub on http://{} — log {db} at seq {seq}, head {head}", listener.local_addr()?);
        concord_server::serve(hub, listener).await?;
        Ok(ExitCode::SUCCESS)
    })
}
