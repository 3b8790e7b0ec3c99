//! `concord verify <db>`: replay a log and prove its head and state hash.

use std::process::ExitCode;

pub(crate) fn run(db: &str) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        if !db.contains("://") && !std::path::Path::new(db.trim_start_matches("sqlite:")).exists() {
            anyhow::bail!("db: no such file `{db}`");
        }
        let store = concord_store::open(db).await?;
        match concord_store::verify(store.as_ref()).await {
            Ok(v) => {
                println!("entries     {}", v.entries);
                println!("genesis     {}", v.genesis);
                println!("chain head  {}", v.head);
                println!("state hash  {}", v.state_hash);
                println!("ok: every entry links, hashes and replays");
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                println!("FAILED: {e}");
                Ok(ExitCode::FAILURE)
            }
        }
    })
}
