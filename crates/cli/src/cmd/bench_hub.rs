//! Hub benchmark: signed commands acknowledged per second with the durable
//! SQLite log (WAL, `synchronous = FULL`: each acknowledged command is on
//! disk), against the same commands sequenced in memory (`Chain::submit`).

use std::sync::Arc;
use std::time::Instant;

use concord_core::alliance::AllianceModel;
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::envelope::SignedEnvelope;
use concord_core::keys::Key;
use concord_core::ledger::RecordDeposit;
use concord_core::log::Chain;
use concord_core::{Amount, B256, ChainId, Charter, Timestamp};
use concord_server::Hub;

use super::bench::row;

/// `n` signed deposits by the relayer (dev 1), nonces 0..n.
fn envelopes(chain: &Chain, n: usize) -> Vec<SignedEnvelope> {
    let relayer = Key::dev(1);
    (0..n)
        .map(|i| {
            let body = CommandBody::RecordDeposit(RecordDeposit {
                chain_id: ChainId(1),
                tx_hash: B256::repeat_byte(0x42),
                log_index: i as u64,
                token: "GOV".parse().expect("template token"),
                to: Key::dev(2 + i % 3).address,
                amount: Amount(1_000),
            });
            relayer.sign(chain.domain(), i as u64, &body)
        })
        .collect()
}

pub(crate) fn run(n: usize) -> anyhow::Result<()> {
    let text = template(AllianceModel::LiquidityPool);
    let charter = Charter::parse(text).map_err(|p| anyhow::anyhow!("{p:?}"))?;
    let mut chain = Chain::genesis(&charter);
    let signed = envelopes(&chain, n);

    let start = Instant::now();
    for e in signed.clone() {
        chain.submit(Timestamp(1), e)?;
    }
    let base = row(
        "baseline: Chain::submit in memory (verify, apply, seal)",
        n,
        start.elapsed().as_secs_f64(),
        None,
    );

    let dir = std::env::temp_dir().join(format!("concord-bench-hub-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("hub.db");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let seconds = runtime.block_on(async {
        let store = concord_store::open(&format!("sqlite:{}", db.display())).await?;
        let hub = Arc::new(Hub::open(text, Arc::from(store), Arc::new(|| Timestamp(1))).await?);
        let start = Instant::now();
        for e in signed {
            hub.submit(e).await.map_err(|e| anyhow::anyhow!(e.message))?;
        }
        anyhow::Ok(start.elapsed().as_secs_f64())
    })?;
    row("Hub::submit: + durable SQLite append (fsync per command)", n, seconds, Some(base));
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
