//! The hub under store faults and client disconnects: it never answers 2xx for
//! a command the log does not hold, never shows a change the log does not
//! hold, and a retried envelope is applied once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use axum::http::StatusCode;
use concord_core::B256;
use concord_core::command::CommandBody;
use concord_core::keys::Key;
use concord_core::ledger::Transfer;
use concord_core::log::LogEntry;
use concord_core::{Amount, Timestamp};
use concord_server::{Hub, router};
use concord_store::{Genesis, SqliteStore, Store, StoreError, StoreResult};

use crate::support::{NOW, balance, charter, get, head, post};

/// A store that fails on demand.
struct Faulty {
    inner: SqliteStore,
    /// Appends fail before writing.
    fail_append: AtomicBool,
    /// Appends write, then report failure (a lost commit acknowledgement).
    fail_after_commit: AtomicBool,
    /// `head` fails too (the store cannot be asked).
    fail_head: AtomicBool,
    /// Each append waits this long first (ms).
    delay_ms: AtomicU64,
}

fn broken() -> StoreError {
    StoreError::Database(sqlx::Error::PoolTimedOut)
}

#[async_trait]
impl Store for Faulty {
    async fn genesis(&self) -> StoreResult<Option<Genesis>> {
        self.inner.genesis().await
    }
    async fn init(&self, genesis: &Genesis) -> StoreResult<()> {
        self.inner.init(genesis).await
    }
    async fn append(&self, entry: &LogEntry) -> StoreResult<()> {
        let delay = self.delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        if self.fail_append.load(Ordering::SeqCst) {
            return Err(broken());
        }
        self.inner.append(entry).await?;
        if self.fail_after_commit.load(Ordering::SeqCst) {
            return Err(broken());
        }
        Ok(())
    }
    async fn entries(&self, after: u64, limit: u32) -> StoreResult<Vec<LogEntry>> {
        self.inner.entries(after, limit).await
    }
    async fn head(&self) -> StoreResult<Option<(u64, B256)>> {
        if self.fail_head.load(Ordering::SeqCst) {
            return Err(broken());
        }
        self.inner.head().await
    }
}

struct Setup {
    hub: Arc<Hub>,
    store: Arc<Faulty>,
    app: axum::Router,
    _dir: tempfile::TempDir,
}

async fn faulty_hub() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let inner = SqliteStore::open(&dir.path().join("hub.db").display().to_string()).await.unwrap();
    let store = Arc::new(Faulty {
        inner,
        fail_append: AtomicBool::new(false),
        fail_after_commit: AtomicBool::new(false),
        fail_head: AtomicBool::new(false),
        delay_ms: AtomicU64::new(0),
    });
    let hub = Arc::new(Hub::open(charter(), store.clone(), Arc::new(|| Timestamp(NOW))).await.unwrap());
    Setup { app: router(hub.clone()), hub, store, _dir: dir }
}

/// The admin (dev 0) mints ALLY to itself; dev 0 then transfers `amount` to dev 5 with `nonce`.
fn transfer(amount: u128) -> CommandBody {
    CommandBody::Transfer(Transfer {
        token: "ALLY".parse().unwrap(),
        to: Key::dev(5).address,
        amount: Amount(amount),
    })
}

async fn funded() -> Setup {
    let s = faulty_hub().await;
    let d = s.hub.domain().clone();
    let mint = CommandBody::Mint(concord_core::ledger::Mint {
        token: "ALLY".parse().unwrap(),
        to: Key::dev(0).address,
        amount: Amount(1_000),
    });
    assert_eq!(post(&s.app, &Key::dev(0).sign(&d, 0, &mint)).await.0, StatusCode::OK);
    s
}

/// The log's length and last hash, read from the store itself.
async fn log_head(s: &Setup) -> (u64, String) {
    let (seq, hash) = s.store.inner.head().await.unwrap().unwrap_or((0, B256::ZERO));
    (seq, hash.to_string())
}

async fn nonce(app: &axum::Router, who: usize) -> u64 {
    let (_, body) = get(app, &format!("/v1/accounts/{}/balances", Key::dev(who).address)).await;
    body["nonce"].as_u64().unwrap()
}

#[tokio::test]
async fn a_failed_append_leaves_no_phantom_and_the_retry_is_applied_once() {
    let s = funded().await;
    let d = s.hub.domain().clone();
    let before = head(&s.app).await;
    let envelope = Key::dev(0).sign(&d, 1, &transfer(300));

    s.store.fail_append.store(true, Ordering::SeqCst);
    let (status, body) = post(&s.app, &envelope).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("store_unavailable"))
    );
    // Reads show the last recorded state: balance, nonce and head unchanged.
    assert_eq!(head(&s.app).await, before);
    assert_eq!(balance(&s.app, Key::dev(0).address, "ALLY").await, "1000");
    assert_eq!(nonce(&s.app, 0).await, 1);
    assert_eq!(log_head(&s).await.0, 1);

    s.store.fail_append.store(false, Ordering::SeqCst);
    let (status, body) = post(&s.app, &envelope).await;
    assert_eq!(status, StatusCode::OK, "the retry of an unlogged envelope succeeds: {body}");
    assert_eq!(body["seq"], 2);
    assert_eq!(balance(&s.app, Key::dev(0).address, "ALLY").await, "700");
    let (status, _) = post(&s.app, &envelope).await;
    assert_eq!(status, StatusCode::CONFLICT, "a second retry is a replay");
    assert_eq!(
        log_head(&s).await,
        (head(&s.app).await.0, s.store.inner.head().await.unwrap().unwrap().1.to_string())
    );
}

#[tokio::test]
async fn when_the_store_cannot_be_asked_the_hub_refuses_commands_until_it_is_back() {
    let s = funded().await;
    let d = s.hub.domain().clone();
    let before = head(&s.app).await;
    s.store.fail_append.store(true, Ordering::SeqCst);
    s.store.fail_head.store(true, Ordering::SeqCst);
    let first = Key::dev(0).sign(&d, 1, &transfer(300));
    let (status, body) = post(&s.app, &first).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("outcome_unknown")),
        "the hub cannot tell whether the failed append committed: {body}"
    );
    // Degraded: another command is refused with its own code; reads still answer.
    let (status, body) = post(&s.app, &Key::dev(0).sign(&d, 1, &transfer(1))).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("hub_degraded"))
    );
    assert_eq!(head(&s.app).await, before);
    assert_eq!(balance(&s.app, Key::dev(0).address, "ALLY").await, "1000");

    s.store.fail_append.store(false, Ordering::SeqCst);
    s.store.fail_head.store(false, Ordering::SeqCst);
    let (status, body) = post(&s.app, &first).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(balance(&s.app, Key::dev(0).address, "ALLY").await, "700");
}

#[tokio::test]
async fn an_append_that_committed_but_reported_failure_is_answered_as_recorded() {
    let s = funded().await;
    let d = s.hub.domain().clone();
    s.store.fail_after_commit.store(true, Ordering::SeqCst);
    let (status, body) = post(&s.app, &Key::dev(0).sign(&d, 1, &transfer(300))).await;
    assert_eq!(status, StatusCode::OK, "the hub asked the store and found the entry: {body}");
    s.store.fail_after_commit.store(false, Ordering::SeqCst);
    assert_eq!(log_head(&s).await.0, 2);
    assert_eq!(head(&s.app).await.0, 2);
    assert_eq!(balance(&s.app, Key::dev(0).address, "ALLY").await, "700");
}

#[tokio::test]
async fn clients_cut_with_commands_in_flight_leave_the_hub_equal_to_its_log() {
    let s = funded().await;
    let d = s.hub.domain().clone();
    s.store.delay_ms.store(30, Ordering::SeqCst);
    // 24 clients each send one signed transfer (distinct signers so nonces do not race)
    // and go away after 5 ms, while every append takes 30 ms.
    let mut mints = Vec::new();
    for who in 1..=8usize {
        mints.push(CommandBody::Mint(concord_core::ledger::Mint {
            token: "ALLY".parse().unwrap(),
            to: Key::dev(who).address,
            amount: Amount(10),
        }));
    }
    s.store.delay_ms.store(0, Ordering::SeqCst);
    for (i, m) in mints.iter().enumerate() {
        assert_eq!(post(&s.app, &Key::dev(0).sign(&d, 1 + i as u64, m)).await.0, StatusCode::OK);
    }
    s.store.delay_ms.store(30, Ordering::SeqCst);
    let mut cut = Vec::new();
    for round in 0..3u64 {
        for who in 1..=8usize {
            let app = s.app.clone();
            let body = CommandBody::Transfer(Transfer {
                token: "ALLY".parse().unwrap(),
                to: Key::dev(9).address,
                amount: Amount(1),
            });
            let envelope = Key::dev(who).sign(&d, round, &body);
            let task = tokio::spawn(async move { post(&app, &envelope).await });
            cut.push(task);
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for task in &cut {
        task.abort();
    }
    // Let the hub finish what it started.
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    s.store.delay_ms.store(0, Ordering::SeqCst);
    let (seq, hash) = log_head(&s).await;
    let (_, body) = get(&s.app, "/v1/head").await;
    assert_eq!((body["seq"].as_u64().unwrap(), body["head"].as_str().unwrap().to_owned()), (seq, hash));
    // Every balance and nonce equals a replay of the log.
    let (replayed, _) = concord_store::replay(&s.store.inner).await.unwrap();
    assert_eq!(body["state_hash"].as_str().unwrap(), replayed.engine().state_hash().to_string());
    // The next command is accepted at once.
    let next = Key::dev(0).sign(&d, nonce(&s.app, 0).await, &transfer(1));
    assert_eq!(post(&s.app, &next).await.0, StatusCode::OK);
}

/// Against the real PostgreSQL server: the hub's backend connections are
/// terminated (`pg_terminate_backend`) again and again while signed commands
/// arrive. Every 2xx answer is in the log, no other answer is, reads never
/// show an unlogged change, and each refused envelope retried afterwards is
/// applied once.
#[tokio::test]
async fn terminating_postgres_backends_under_load_loses_nothing_and_invents_nothing() {
    let pg_url = std::env::var("CONCORD_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let schema = format!("concord_fault_test_{}", std::process::id());
    let app_name = schema.clone();
    let admin = sqlx::PgPool::connect(&pg_url).await.expect("PostgreSQL at CONCORD_TEST_PG");
    let sql = |q: String| sqlx::raw_sql(sqlx::AssertSqlSafe(q));
    sql(format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    let options: sqlx::postgres::PgConnectOptions = pg_url.parse().unwrap();
    let options = options.options([("search_path", schema.as_str())]).application_name(&app_name);
    let store: Arc<dyn Store> = Arc::new(concord_store::PostgresStore::connect_with(options).await.unwrap());
    let hub = Arc::new(Hub::open(charter(), store.clone(), Arc::new(|| Timestamp(NOW))).await.unwrap());
    let app = router(hub.clone());
    let d = hub.domain().clone();
    // Each attempt mints a different amount, so no two attempts share a
    // signature (the same nonce and body would sign to the same bytes).
    let mint = |i: usize| {
        CommandBody::Mint(concord_core::ledger::Mint {
            token: "ALLY".parse().unwrap(),
            to: Key::dev(1 + i % 9).address,
            amount: Amount(100 + i as u128),
        })
    };
    // The killer: terminate the hub's connections every 15 ms for the duration of the load.
    let stop = Arc::new(AtomicBool::new(false));
    let killer = {
        let (admin, stop, app_name) = (admin.clone(), stop.clone(), app_name.clone());
        tokio::spawn(async move {
            let mut kills = 0u32;
            while !stop.load(Ordering::SeqCst) {
                let q = format!(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{app_name}'"
                );
                if sqlx::raw_sql(sqlx::AssertSqlSafe(q)).execute(&admin).await.is_ok() {
                    kills += 1;
                }
                tokio::time::sleep(Duration::from_millis(15)).await;
            }
            kills
        })
    };
    // 120 mints by the admin, one after another (each needs the previous nonce).
    // `outcome_unknown` is settled as a client would: by retrying the same
    // envelope until it is applied (200) or found recorded (409).
    let mut answers = Vec::new();
    let mut next_nonce = 0u64;
    let mut unknown = 0u32;
    for i in 0..120usize {
        let envelope = Key::dev(0).sign(&d, next_nonce, &mint(i));
        let (mut status, mut body) = post(&app, &envelope).await;
        while body["error"]["code"] == "outcome_unknown" || body["error"]["code"] == "hub_degraded" {
            unknown += 1;
            assert!(unknown < 1000, "the store never came back");
            tokio::time::sleep(Duration::from_millis(20)).await;
            (status, body) = post(&app, &envelope).await;
            if status == StatusCode::CONFLICT {
                assert_eq!(body["error"]["code"], "bad_nonce", "{body}");
                status = StatusCode::OK; // recorded by the attempt whose outcome was unknown
            }
        }
        if status == StatusCode::OK {
            next_nonce += 1;
        } else {
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
            assert_eq!(body["error"]["code"], "store_unavailable", "{body}");
        }
        // No read ever shows an unlogged change: the hub's head is the store's head.
        let (seq, _) = head(&app).await;
        assert_eq!(seq, next_nonce, "after answer {i} ({status})");
        answers.push((envelope, status, body.to_string()));
    }
    stop.store(true, Ordering::SeqCst);
    let kills = killer.await.unwrap();
    assert!(kills > 5, "the killer ran ({kills} rounds)");
    let refused = answers.iter().filter(|(_, s, _)| *s != StatusCode::OK).count();

    // Every 2xx answer is in the log, and nothing else is.
    let logged: Vec<LogEntry> = {
        let mut all = Vec::new();
        loop {
            match store.entries(all.len() as u64, 1000).await {
                Ok(page) if page.is_empty() => break,
                Ok(page) => all.extend(page),
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        all
    };
    let signatures: std::collections::BTreeSet<String> =
        logged.iter().map(|e| e.envelope.signature.to_string()).collect();
    for (i, (envelope, status, body)) in answers.iter().enumerate() {
        assert_eq!(
            signatures.contains(&envelope.signature.to_string()),
            *status == StatusCode::OK,
            "answer {i} was {status} {body}; nonce {}; log {}",
            envelope.nonce,
            logged.len()
        );
    }
    assert_eq!(logged.len() as u64, next_nonce);

    // Retrying a refused envelope after recovery: applied once if its nonce is next, else refused.
    if let Some((envelope, _, _)) = answers.iter().rev().find(|(_, s, _)| *s != StatusCode::OK) {
        let (status, _) = post(&app, envelope).await;
        let first_try = status;
        let (again, _) = post(&app, envelope).await;
        if first_try == StatusCode::OK {
            assert_eq!(again, StatusCode::CONFLICT, "applied once");
        }
    }
    let (replayed, _) = concord_store::replay(store.as_ref()).await.unwrap();
    assert_eq!(head(&app).await.1, replayed.engine().state_hash().to_string());
    eprintln!(
        "pg fault test: {kills} kill rounds, {refused} of 120 commands refused with 503, {unknown} retries of unknown outcomes, {} logged",
        logged.len()
    );
    let _ = sql(format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).execute(&admin).await;
}
