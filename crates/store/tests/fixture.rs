//! A small signed log and a store per backend.

use std::sync::atomic::{AtomicU32, Ordering};

use concord_core::alliance::AllianceModel;
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::engine::genesis_hash;
use concord_core::keys::Key;
use concord_core::ledger::{RecordDeposit, Transfer, Withdraw};
use concord_core::log::{Chain, LogEntry};
use concord_core::{Amount, B256, ChainId, Charter, Timestamp};
use concord_store::{Genesis, PostgresStore, SqliteStore};
use sqlx::postgres::PgConnectOptions;

pub(crate) fn charter_text() -> &'static str {
    template(AllianceModel::LiquidityPool)
}

pub(crate) fn genesis() -> Genesis {
    let charter = Charter::parse(charter_text()).unwrap();
    Genesis { charter_toml: charter_text().to_owned(), hash: genesis_hash(&charter) }
}

/// Four signed entries: a GOV deposit to dev 2, two transfers, a withdrawal.
pub(crate) fn entries() -> (Vec<LogEntry>, Chain) {
    let charter = Charter::parse(charter_text()).unwrap();
    let mut chain = Chain::genesis(&charter);
    let domain = chain.domain().clone();
    let (relayer, gov, play) = (Key::dev(1), Key::dev(2), Key::dev(3));
    let gov_token = "GOV".parse().unwrap();
    let steps = [
        (
            &relayer,
            0,
            CommandBody::RecordDeposit(RecordDeposit {
                chain_id: ChainId(1),
                tx_hash: B256::repeat_byte(0xab),
                log_index: 0,
                token: gov_token,
                to: gov.address,
                amount: Amount(1_000),
            }),
        ),
        (
            &gov,
            0,
            CommandBody::Transfer(Transfer { token: gov_token, to: play.address, amount: Amount(300) }),
        ),
        (
            &gov,
            1,
            CommandBody::Transfer(Transfer { token: gov_token, to: play.address, amount: Amount(200) }),
        ),
        (
            &play,
            0,
            CommandBody::Withdraw(Withdraw { token: gov_token, recipient: play.address, amount: Amount(50) }),
        ),
    ];
    let mut out = Vec::new();
    for (i, (key, nonce, body)) in steps.into_iter().enumerate() {
        let envelope = key.sign(&domain, nonce, &body);
        let (entry, _) = chain.submit(Timestamp(1_700_000_000 + i as u64 * 60), envelope).unwrap();
        out.push(entry);
    }
    (out, chain)
}

pub(crate) async fn sqlite() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.db");
    (SqliteStore::open(path.to_str().unwrap()).await.unwrap(), dir)
}

fn pg_url() -> String {
    std::env::var("CONCORD_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

static SCHEMA_COUNTER: AtomicU32 = AtomicU32::new(0);

/// A store in a fresh PostgreSQL schema of its own.
pub(crate) async fn postgres() -> PostgresStore {
    let schema = format!(
        "concord_test_{}_{}_{}",
        std::process::id(),
        SCHEMA_COUNTER.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
    );
    let admin =
        sqlx::PgPool::connect(&pg_url()).await.expect("PostgreSQL at CONCORD_TEST_PG or 127.0.0.1:5432");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&admin).await.unwrap();
    admin.close().await;
    let options: PgConnectOptions = pg_url().parse().unwrap();
    PostgresStore::connect_with(options.options([("search_path", schema.as_str())])).await.unwrap()
}
