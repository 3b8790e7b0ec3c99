//! Crash test: runs `concord serve` under concurrent signed load, kills it
//! with SIGKILL at random moments, restarts it, and checks after every restart
//! that no acknowledged command was lost and that `concord verify` gives the
//! restarted hub's state hash. See docs/reliability.md.
//!
//! Usage: `cargo run -p concord-server --example crash_test -- CONCORD_BIN DB_URL KILLS [CLIENTS]`
//! (DB_URL: `sqlite:/tmp/x.db` or a `postgres://…` URL whose schema is empty).

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use concord_core::command::CommandBody;
use concord_core::keys::Key;
use concord_core::ledger::{Mint, Transfer};
use concord_core::{Amount, Charter};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

type Http = Client<HttpConnector, Full<Bytes>>;

async fn call(http: &Http, method: &str, url: &str, body: Option<String>) -> Option<(u16, Value)> {
    let request = hyper::Request::builder()
        .method(method)
        .uri(url)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .ok()?;
    let response = tokio::time::timeout(Duration::from_secs(10), http.request(request)).await.ok()?.ok()?;
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.ok()?.to_bytes();
    Some((status, serde_json::from_slice(&bytes).unwrap_or(Value::Null)))
}

fn start(bin: &str, charter: &str, db: &str, port: u16) -> Child {
    Command::new(bin)
        .args(["serve", "--charter", charter, "--db", db, "--listen", &format!("127.0.0.1:{port}")])
        .args(["--rate-per-ip", "0", "--rate-per-signer", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("concord serve starts")
}

async fn wait_up(http: &Http, base: &str) {
    let start = Instant::now();
    while call(http, "GET", &format!("{base}/healthz"), None).await.is_none() {
        assert!(start.elapsed() < Duration::from_secs(60), "the hub did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A small xorshift for kill moments (no randomness crate needed here).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (bin, db, kills) = (&args[1], &args[2], args[3].parse::<usize>().unwrap());
    let clients: usize = args.get(4).map_or(8, |c| c.parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let charter_path = dir.path().join("charter.toml");
    let charter_text =
        concord_core::charter::templates::template(concord_core::alliance::AllianceModel::LiquidityPool);
    std::fs::write(&charter_path, charter_text).unwrap();
    let domain = {
        let chain = concord_core::log::Chain::genesis(&Charter::parse(charter_text).unwrap());
        chain.domain().clone()
    };
    let port = 20_000 + (std::process::id() % 20_000) as u16;
    let base = format!("http://127.0.0.1:{port}");
    let http: Http = Client::builder(TokioExecutor::new()).build_http();
    let charter = charter_path.display().to_string();

    // Fund the clients (dev 1..=clients) from the admin, before any kill.
    let mut hub = start(bin, &charter, db, port);
    wait_up(&http, &base).await;
    let admin = Key::dev(0);
    let (_, b) =
        call(&http, "GET", &format!("{base}/v1/accounts/{}/balances", admin.address), None).await.unwrap();
    let first_nonce = b["nonce"].as_u64().unwrap();
    for (i, who) in (1..=clients).enumerate() {
        let admin_nonce = first_nonce + i as u64;
        let mint = CommandBody::Mint(Mint {
            token: "ALLY".parse().unwrap(),
            to: Key::dev(who % 10).address,
            amount: Amount(1_000_000),
        });
        let body = serde_json::to_string(&admin.sign(&domain, admin_nonce, &mint)).unwrap();
        let (status, answer) = call(&http, "POST", &format!("{base}/v1/commands"), Some(body)).await.unwrap();
        assert_eq!(status, 200, "{answer}");
    }

    // Acknowledged commands: seq → entry hash.
    let acked: Arc<Mutex<BTreeMap<u64, String>>> = Arc::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ u64::from(std::process::id()));
    let mut total_acked = 0usize;
    for round in 0..kills {
        // Clients: each sends transfers with its own nonce until the hub dies.
        let mut tasks = Vec::new();
        for who in 1..=clients {
            let (http, base, acked, domain) = (http.clone(), base.clone(), acked.clone(), domain.clone());
            tasks.push(tokio::spawn(async move {
                let key = Key::dev(who % 10);
                let Some((_, b)) =
                    call(&http, "GET", &format!("{base}/v1/accounts/{}/balances", key.address), None).await
                else {
                    return;
                };
                let mut nonce = b["nonce"].as_u64().unwrap_or(0);
                loop {
                    let t = CommandBody::Transfer(Transfer {
                        token: "ALLY".parse().unwrap(),
                        to: Key::dev((who + 1) % 10).address,
                        amount: Amount(1),
                    });
                    let body = serde_json::to_string(&key.sign(&domain, nonce, &t)).unwrap();
                    match call(&http, "POST", &format!("{base}/v1/commands"), Some(body)).await {
                        Some((200, answer)) => {
                            acked.lock().unwrap().insert(
                                answer["seq"].as_u64().unwrap(),
                                answer["hash"].as_str().unwrap().to_owned(),
                            );
                            nonce += 1;
                        }
                        Some((409, _)) => nonce += 1,
                        Some(_) => tokio::time::sleep(Duration::from_millis(5)).await,
                        None => return,
                    }
                }
            }));
        }
        let wait = 150 + rng.next() % 700;
        tokio::time::sleep(Duration::from_millis(wait)).await;
        hub.kill().expect("SIGKILL");
        hub.wait().unwrap();
        for task in tasks {
            task.abort();
        }
        // Restart and check: every acknowledged entry is in the log with its hash.
        hub = start(bin, &charter, db, port);
        wait_up(&http, &base).await;
        let acked_now = acked.lock().unwrap().clone();
        let mut after = acked_now.keys().next().copied().unwrap_or(1) - 1;
        let mut logged: BTreeMap<u64, String> = BTreeMap::new();
        loop {
            let (_, page) =
                call(&http, "GET", &format!("{base}/v1/log?after={after}&limit=1000"), None).await.unwrap();
            let entries = page["entries"].as_array().cloned().unwrap_or_default();
            if entries.is_empty() {
                break;
            }
            for e in &entries {
                logged.insert(e["seq"].as_u64().unwrap(), e["hash"].as_str().unwrap().to_owned());
            }
            after = entries.last().unwrap()["seq"].as_u64().unwrap();
        }
        let lost: Vec<_> = acked_now.iter().filter(|(seq, hash)| logged.get(seq) != Some(hash)).collect();
        assert!(lost.is_empty(), "round {round}: {} acknowledged commands lost: {lost:?}", lost.len());
        total_acked += acked_now.len();
        println!(
            "round {:>2}: killed after {wait:>3} ms; {} acknowledged this round, all in the log",
            round + 1,
            acked_now.len()
        );
        acked.lock().unwrap().clear();
    }
    // The restarted hub's state hash equals an independent replay (`concord verify`).
    let (_, head) = call(&http, "GET", &format!("{base}/v1/head"), None).await.unwrap();
    hub.kill().unwrap();
    hub.wait().unwrap();
    let verify = Command::new(bin).args(["verify", db]).output().unwrap();
    let text = String::from_utf8_lossy(&verify.stdout);
    let state = head["state_hash"].as_str().unwrap();
    assert!(verify.status.success(), "{text}");
    assert!(text.contains(state), "verify gave another state hash:\n{text}\nhub: {state}");
    println!(
        "ok: {kills} kills, {total_acked} acknowledged, 0 lost; concord verify = hub state hash {state} at seq {}",
        head["seq"]
    );
}
