//! Hostile input and hostile clients: rate limits with `Retry-After`, CORS
//! for browser wallets, one JSON error shape for every failure, slow and idle
//! connections closed, a cap on connections.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use concord_core::command::CommandBody;
use concord_core::keys::Key;
use concord_core::ledger::Mint;
use concord_core::{Amount, Timestamp};
use concord_server::{Hub, Limits, Options, Rate, router_with};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

use crate::support::{NOW, charter, get, hub, post, post_raw};

fn mint(amount: u128) -> CommandBody {
    CommandBody::Mint(Mint {
        token: "ALLY".parse().unwrap(),
        to: Key::dev(0).address,
        amount: Amount(amount),
    })
}

async fn limited_hub(per_signer: Rate, options: &Options) -> (Arc<Hub>, axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store =
        concord_store::open(&format!("sqlite:{}", dir.path().join("hub.db").display())).await.unwrap();
    let hub = Hub::open(charter(), Arc::from(store), Arc::new(|| Timestamp(NOW))).await.unwrap();
    let hub = Arc::new(hub.with_signer_rate(per_signer));
    (hub.clone(), router_with(hub, options), dir)
}

async fn raw(app: &axum::Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_signer_over_its_rate_gets_429_with_retry_after_and_nothing_changes() {
    let (hub, app, _dir) = limited_hub(Rate { per_second: 1, burst: 3 }, &Options::default()).await;
    let d = hub.domain().clone();
    for nonce in 0..3 {
        assert_eq!(post(&app, &Key::dev(0).sign(&d, nonce, &mint(1))).await.0, StatusCode::OK);
    }
    let request = Request::post("/v1/commands")
        .header("content-type", "application/json")
        .body(Body::from(serde_json::to_vec(&Key::dev(0).sign(&d, 3, &mint(1))).unwrap()))
        .unwrap();
    let (status, headers, body) = raw(&app, request).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"]["code"], "rate_limited");
    assert_eq!(body["error"]["field"], "account");
    assert_eq!(headers["retry-after"], "1");
    assert_eq!(hub.head().await.0, 3, "the refused command is not applied");
    // Another signer is not affected.
    let relayer_deposit = CommandBody::Mint(Mint {
        token: "ALLY".parse().unwrap(),
        to: Key::dev(3).address,
        amount: Amount(1),
    });
    let (status, body) = post(&app, &Key::dev(1).sign(&d, 0, &relayer_deposit)).await;
    assert_ne!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
}

#[tokio::test]
async fn a_client_ip_over_its_rate_gets_429_with_retry_after() {
    let options = Options { per_ip: Some(Rate { per_second: 1, burst: 5 }), ..Options::default() };
    let (_hub, app, _dir) = limited_hub(Rate::OFF, &options).await;
    for _ in 0..5 {
        assert_eq!(get(&app, "/v1/head").await.0, StatusCode::OK);
    }
    let (status, headers, body) = raw(&app, Request::get("/v1/head").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"]["code"], "rate_limited");
    assert!(headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
}

#[tokio::test]
async fn a_browser_preflight_is_answered_for_an_allowed_origin_only() {
    let options = Options { cors_origins: vec!["https://dapp.example".into()], ..Options::default() };
    let (_hub, app, _dir) = limited_hub(Rate::OFF, &options).await;
    let preflight = |origin: &str| {
        Request::options("/v1/commands")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let (status, headers, _) = raw(&app, preflight("https://dapp.example")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["access-control-allow-origin"], "https://dapp.example");
    assert!(headers["access-control-allow-methods"].to_str().unwrap().contains("POST"));
    let (_, headers, _) = raw(&app, preflight("https://evil.example")).await;
    assert!(headers.get("access-control-allow-origin").is_none());
    // Default options: no CORS at all.
    let t = hub().await;
    let (_, headers, _) = raw(&t.app, preflight("https://dapp.example")).await;
    assert!(headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn every_failure_has_the_documented_json_shape() {
    let t = hub().await;
    let d = t.hub.domain().clone();
    let shape = |status: StatusCode, body: &Value, code: &str, field: &str| {
        assert_eq!(body["error"]["code"], code, "{status}: {body}");
        assert_eq!(body["error"]["field"], field, "{status}: {body}");
        assert!(body["error"]["message"].as_str().unwrap().starts_with(field), "{body}");
    };
    let (status, body) = get(&t.app, "/v1/nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    shape(status, &body, "not_found", "path");
    let (status, headers, body) =
        raw(&t.app, Request::delete("/v1/commands").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    shape(status, &body, "method_not_allowed", "method");
    assert!(headers.contains_key("allow"));
    let (status, body) = get(&t.app, "/v1/alliances/%FF%FE").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["code"].is_string(), "{body}");

    // Nonce 2^64 names the rule, not serde's float.
    let mut envelope = serde_json::to_value(Key::dev(0).sign(&d, 0, &mint(1))).unwrap();
    let text = envelope.to_string().replace("\"nonce\":0", "\"nonce\":18446744073709551616");
    let (status, body) = post_raw(&t.app, text).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("must be an integer from 0 to 18446744073709551615"),
        "{body}"
    );
    assert_eq!(body["error"]["field"], "nonce");

    // A 100 KB bad address is not echoed back in full.
    let long = format!("0x{}", "z".repeat(100 * 1024));
    envelope["kind"] = json!("mint");
    envelope["body"] = json!(json!({"token": "ALLY", "to": long, "amount": "1"}).to_string());
    let (status, body) = post(&t.app, &envelope).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "body.to", "{}", &body.to_string()[..300.min(body.to_string().len())]);
    assert!(body.to_string().len() < 1_000, "{} bytes", body.to_string().len());

    // Amounts: JSON numbers and leading zeros are refused, naming the field.
    for amount in [json!(5), json!("0005")] {
        let body_text = json!({"token": "ALLY", "to": Key::dev(0).address, "amount": amount}).to_string();
        envelope["kind"] = json!("mint");
        envelope["body"] = json!(body_text);
        let (status, body) = post(&t.app, &envelope).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{amount}: {body}");
        assert_eq!(body["error"]["field"], "body.amount", "{body}");
    }
}

async fn serve(
    limits: Limits,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>, tempfile::TempDir) {
    let (hub, _app, dir) = limited_hub(Rate::OFF, &Options::default()).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        concord_server::serve_with(hub, listener, &Options::default(), limits, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    (addr, stop, dir)
}

/// Reads until the server closes the connection; returns what it sent and when it closed.
async fn until_closed(stream: &mut tokio::net::TcpStream, within: Duration) -> (String, Option<Duration>) {
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(within.saturating_sub(start.elapsed()), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                return (String::from_utf8_lossy(&got).into_owned(), Some(start.elapsed()));
            }
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), None),
        }
    }
}

#[tokio::test]
async fn slow_headers_slow_bodies_and_idle_connections_are_closed_within_their_timeouts() {
    let limits = Limits {
        header_timeout: Duration::from_millis(500),
        request_timeout: Duration::from_millis(800),
        ..Limits::default()
    };
    let (addr, stop, _dir) = serve(limits).await;

    // Slow headers: half a request line, then nothing.
    let mut slow_header = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow_header.write_all(b"GET /v1/head HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let (_, closed) = until_closed(&mut slow_header, Duration::from_secs(5)).await;
    let closed = closed.expect("closed");
    assert!(closed < Duration::from_secs(3), "slow headers closed after {closed:?}");

    // Slow body: headers promise 100 bytes, 10 arrive.
    let mut slow_body = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow_body
        .write_all(b"POST /v1/commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"domain\":")
        .await
        .unwrap();
    let (answer, closed) = until_closed(&mut slow_body, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
    assert!(closed.is_some_and(|c| c < Duration::from_secs(3)), "slow body closed after {closed:?}");

    // Idle keep-alive: one request, then silence.
    let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let (answer, closed) = until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed.is_some_and(|c| c < Duration::from_secs(3)), "idle connection closed after {closed:?}");
    let _ = stop.send(());
}

#[tokio::test]
async fn connections_beyond_the_cap_are_closed_at_once() {
    let limits = Limits { max_connections: 4, ..Limits::default() };
    let (addr, stop, _dir) = serve(limits).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut extra = tokio::net::TcpStream::connect(addr).await.unwrap();
    let _ = extra.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let (answer, closed) = until_closed(&mut extra, Duration::from_secs(3)).await;
    assert!(answer.is_empty(), "{answer}");
    assert!(closed.is_some(), "the fifth connection is closed");
    drop(held);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut again = tokio::net::TcpStream::connect(addr).await.unwrap();
    again.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let (answer, _) = until_closed(&mut again, Duration::from_secs(3)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let _ = stop.send(());
}
