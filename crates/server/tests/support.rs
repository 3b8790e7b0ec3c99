//! A hub on a temporary SQLite log with a fixed clock, driven without a socket.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use concord_core::alliance::AllianceModel;
use concord_core::charter::templates::template;
use concord_core::{Address, Timestamp};
use concord_server::{Hub, router};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// Fixed sequencing time for tests: 2023-11-14T22:13:20Z.
pub(crate) const NOW: u64 = 1_700_000_000;

pub(crate) fn charter() -> &'static str {
    template(AllianceModel::LiquidityPool)
}

pub(crate) struct TestHub {
    pub(crate) hub: Arc<Hub>,
    pub(crate) app: Router,
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) db: String,
}

pub(crate) async fn hub() -> TestHub {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("hub.db").display());
    let hub = open(&db).await;
    TestHub { app: router(hub.clone()), hub, _dir: dir, db }
}

pub(crate) async fn open(db: &str) -> Arc<Hub> {
    open_with(db, charter(), Arc::new(|| Timestamp(NOW))).await
}

/// A hub for any charter, with a clock the test controls.
pub(crate) async fn hub_with(charter: &str, clock: concord_server::Clock) -> TestHub {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("hub.db").display());
    let hub = open_with(&db, charter, clock).await;
    TestHub { app: router(hub.clone()), hub, _dir: dir, db }
}

async fn open_with(db: &str, charter: &str, clock: concord_server::Clock) -> Arc<Hub> {
    let store = concord_store::open(db).await.unwrap();
    Arc::new(Hub::open(charter, Arc::from(store), clock).await.unwrap())
}

pub(crate) async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, value)
}

pub(crate) async fn get(app: &Router, path: &str) -> (StatusCode, Value) {
    send(app, Request::get(path).body(Body::empty()).unwrap()).await
}

pub(crate) async fn post_raw(app: &Router, body: impl Into<Body>) -> (StatusCode, Value) {
    let request =
        Request::post("/v1/commands").header("content-type", "application/json").body(body.into()).unwrap();
    send(app, request).await
}

pub(crate) async fn post<T: serde::Serialize>(app: &Router, envelope: &T) -> (StatusCode, Value) {
    post_raw(app, serde_json::to_vec(envelope).unwrap()).await
}

/// `(seq, state_hash)` from `/v1/head`.
pub(crate) async fn head(app: &Router) -> (u64, String) {
    let (_, head) = get(app, "/v1/head").await;
    (head["seq"].as_u64().unwrap(), head["state_hash"].as_str().unwrap().to_owned())
}

pub(crate) async fn balance(app: &Router, account: Address, token: &str) -> String {
    let (_, body) = get(app, &format!("/v1/accounts/{account}/balances")).await;
    body["balances"][token].as_str().unwrap().to_owned()
}

pub(crate) async fn post_json(app: &Router, path: &str, body: &Value) -> (StatusCode, Value) {
    let request = Request::post(path)
        .header("content-type", "application/json")
        .body(Body::from(serde_json::to_vec(body).unwrap()))
        .unwrap();
    send(app, request).await
}
