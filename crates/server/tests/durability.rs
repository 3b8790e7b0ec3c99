//! The log is the truth: a restarted hub replays it to the same state, on
//! SQLite and on PostgreSQL, and refuses a log made from another charter.

use std::sync::Arc;

use axum::http::StatusCode;
use concord_core::command::CommandBody;
use concord_core::keys::Key;
use concord_core::ledger::RecordDeposit;
use concord_core::{Amount, B256, ChainId, Timestamp};
use concord_server::{Hub, HubError, router};

use crate::support::{charter, head, hub, open, post};

fn deposit(log_index: u64) -> CommandBody {
    CommandBody::RecordDeposit(RecordDeposit {
        chain_id: ChainId(42161),
        tx_hash: B256::repeat_byte(0x22),
        log_index,
        token: "PLAY".parse().unwrap(),
        to: Key::dev(3).address,
        amount: Amount(5),
    })
}

#[tokio::test]
async fn a_restarted_hub_replays_to_the_same_state() {
    let t = hub().await;
    let domain = t.hub.domain().clone();
    for i in 0..3 {
        assert_eq!(post(&t.app, &Key::dev(1).sign(&domain, i, &deposit(i))).await.0, StatusCode::OK);
    }
    let before = head(&t.app).await;
    assert_eq!(before.0, 3);
    let reopened = router(open(&t.db).await);
    assert_eq!(head(&reopened).await, before);
    // The nonce survived the restart too: nonce 0 is now a replay.
    let (status, answer) = post(&reopened, &Key::dev(1).sign(&domain, 0, &deposit(9))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
}

#[tokio::test]
async fn a_hub_refuses_a_log_from_another_charter() {
    let t = hub().await;
    let other = charter().replace("duration_days = 365", "duration_days = 300");
    let store = concord_store::open(&t.db).await.unwrap();
    let result = Hub::open(&other, Arc::from(store), Arc::new(|| Timestamp(0))).await;
    assert!(matches!(result, Err(HubError::Store(concord_store::StoreError::GenesisMismatch { .. }))));
    let broken = charter().replace("decimals = 18", "decimals = 99");
    let store = concord_store::open(&t.db).await.unwrap();
    match Hub::open(&broken, Arc::from(store), Arc::new(|| Timestamp(0))).await {
        Err(HubError::Charter(problems)) => {
            assert!(problems.contains("tokens[0].decimals: must be ≤ 36, got 99"))
        }
        other => panic!("expected a charter error, got {:?}", other.err()),
    }
}

#[tokio::test]
async fn the_hub_runs_on_postgres_with_the_same_state_hash() {
    let pg_url = std::env::var("CONCORD_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let schema = format!("concord_hub_test_{}", std::process::id());
    let admin = sqlx_admin(&pg_url).await;
    let _ = admin
        .execute_unprepared(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
        .await;
    let options: sqlx::postgres::PgConnectOptions = pg_url.parse().unwrap();
    let pg = concord_store::PostgresStore::connect_with(options.options([("search_path", schema.as_str())]))
        .await
        .unwrap();
    let pg_hub =
        Arc::new(Hub::open(charter(), Arc::new(pg), Arc::new(|| Timestamp(1_700_000_000))).await.unwrap());
    let lite = hub().await;
    let pg_app = router(pg_hub.clone());
    let domain = pg_hub.domain().clone();
    for i in 0..3 {
        let envelope = Key::dev(1).sign(&domain, i, &deposit(i));
        assert_eq!(post(&pg_app, &envelope).await.0, StatusCode::OK);
        assert_eq!(post(&lite.app, &envelope).await.0, StatusCode::OK);
    }
    assert_eq!(head(&pg_app).await, head(&lite.app).await);
    let _ = admin.execute_unprepared(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).await;
}

/// A raw admin connection for creating and dropping test schemas.
async fn sqlx_admin(url: &str) -> SqlxAdmin {
    SqlxAdmin(sqlx::PgPool::connect(url).await.expect("PostgreSQL at CONCORD_TEST_PG or 127.0.0.1:5432"))
}

struct SqlxAdmin(sqlx::PgPool);

impl SqlxAdmin {
    async fn execute_unprepared(&self, sql: &str) -> Result<(), sqlx::Error> {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned())).execute(&self.0).await.map(drop)
    }
}
