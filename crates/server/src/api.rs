//! Routes and handlers of the `/v1` API.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use concord_core::command::CommandBody;
use concord_core::envelope::SignedEnvelope;
use serde::Deserialize;
use utoipa::OpenApi;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::hub::Hub;
use crate::wire::{AcceptedBody, DomainInfo, EnvelopeDoc, HeadBody, Health, LogPage};

/// Largest request body accepted, in bytes.
pub const MAX_REQUEST_BYTES: usize = 256 * 1024;

type Shared = State<Arc<Hub>>;

/// How the hub answers, beyond what the charter fixes.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Origins allowed by CORS (`*`: any); empty: no CORS headers.
    pub cors_origins: Vec<String>,
    /// Requests per client IP (every route).
    pub per_ip: Option<crate::Rate>,
}

/// The API router with default options.
pub fn router(hub: Arc<Hub>) -> Router {
    router_with(hub, &Options::default())
}

/// The API router.
pub fn router_with(hub: Arc<Hub>, options: &Options) -> Router {
    let app = Router::new()
        .route("/healthz", get(health))
        .route("/v1/openapi.json", get(openapi))
        .route("/v1/domain", get(domain))
        .route("/v1/commands", post(submit))
        .route("/v1/head", get(head))
        .route("/v1/log", get(log))
        .merge(crate::reads::routes())
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(hub)
        .layer(axum::middleware::from_fn(crate::middleware::json_errors))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(crate::middleware::panic_answer));
    let app = match options.per_ip.and_then(crate::limits::per_ip) {
        Some(limit) => app.layer(limit),
        None => app,
    };
    match crate::middleware::cors(&options.cors_origins) {
        Some(cors) => app.layer(cors),
        None => app,
    }
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("API values serialise to JSON")
}

#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
async fn health(State(hub): Shared) -> Json<Health> {
    let seq = hub.chain().await.seq();
    Json(Health { status: "ok".into(), seq })
}

#[utoipa::path(get, path = "/v1/openapi.json", responses((status = 200, description = "This document")))]
async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::reads::ReadsDoc::openapi());
    Json(doc)
}

#[utoipa::path(get, path = "/v1/domain", responses((status = 200, body = DomainInfo)))]
async fn domain(State(hub): Shared) -> Json<DomainInfo> {
    let types = serde_json::json!({
        "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"}
        ],
        "Command": [
            {"name": "account", "type": "address"},
            {"name": "nonce", "type": "uint64"},
            {"name": "kind", "type": "string"},
            {"name": "body", "type": "string"}
        ],
        "Vote": [
            {"name": "voter", "type": "address"},
            {"name": "nonce", "type": "uint64"},
            {"name": "alliance", "type": "string"},
            {"name": "proposal", "type": "uint64"},
            {"name": "choice", "type": "string"},
            {"name": "reason", "type": "string"}
        ]
    });
    Json(DomainInfo {
        domain: json(hub.domain()),
        types,
        primary_type: "Command".into(),
        vote_kind: concord_core::envelope::VOTE_KIND.into(),
        kinds: CommandBody::KINDS.iter().map(|k| (*k).to_owned()).collect(),
    })
}

/// Parses a JSON body, naming the offending field on error.
fn parse_body<T: serde::de::DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> ApiResult<T> {
    let bytes = body.map_err(|r| {
        let code = if r.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            "body_too_large"
        } else {
            "unreadable_body"
        };
        let message = if code == "body_too_large" {
            format!("request: must be at most {MAX_REQUEST_BYTES} bytes")
        } else {
            format!("request: {}", r.body_text())
        };
        ApiError::new(r.status(), code, "request", message)
    })?;
    let mut de = serde_json::Deserializer::from_slice(&bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() || matches!(path.as_str(), "." | "?") {
            return ApiError::bad_request(
                "malformed_request",
                "request",
                format!("request: not valid JSON: {inner}"),
            );
        }
        ApiError::bad_request("malformed_request", path.clone(), format!("{path}: {inner}"))
    })?;
    de.end().map_err(|e| {
        ApiError::bad_request(
            "malformed_request",
            "request",
            format!("request: bytes after the JSON value: {e}"),
        )
    })?;
    Ok(value)
}

#[utoipa::path(
    post, path = "/v1/commands", request_body = EnvelopeDoc,
    responses(
        (status = 200, body = AcceptedBody, description = "Accepted and durably logged"),
        (status = 400, body = ErrorBody, description = "Malformed envelope or body, wrong domain or chain"),
        (status = 401, body = ErrorBody, description = "Bad signature"),
        (status = 403, body = ErrorBody, description = "Actor lacks the role"),
        (status = 409, body = ErrorBody, description = "Stale nonce, duplicate deposit"),
        (status = 413, body = ErrorBody, description = "Body over the limit"),
        (status = 422, body = ErrorBody, description = "Rejected by an engine rule"),
    )
)]
async fn submit(State(hub): Shared, body: Result<Bytes, BytesRejection>) -> ApiResult<Json<AcceptedBody>> {
    let envelope: SignedEnvelope = parse_body(body)?;
    let accepted = hub.submit(envelope).await?;
    Ok(Json(AcceptedBody {
        seq: accepted.entry.seq,
        at: accepted.entry.at.0,
        actor: accepted.entry.actor.to_string(),
        hash: accepted.entry.hash.to_string(),
        events: accepted.events_json,
    }))
}

#[utoipa::path(get, path = "/v1/head", responses((status = 200, body = HeadBody)))]
async fn head(State(hub): Shared) -> Json<HeadBody> {
    let (seq, head, state_hash) = hub.head().await;
    Json(HeadBody { seq, head: head.to_string(), state_hash: state_hash.to_string() })
}

/// Query of `/v1/log`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct LogQuery {
    /// Return entries with seq greater than this (default 0).
    after: Option<u64>,
    /// Page size, 1 to 1000 (default 100).
    limit: Option<u32>,
}

#[utoipa::path(get, path = "/v1/log", params(LogQuery),
    responses((status = 200, body = LogPage), (status = 400, body = ErrorBody)))]
async fn log(State(hub): Shared, RawQuery(raw): RawQuery) -> ApiResult<Json<LogPage>> {
    let query: LogQuery = crate::reads::params(raw)?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=concord_store::MAX_PAGE).contains(&limit) {
        return Err(ApiError::bad_request(
            "limit_out_of_range",
            "limit",
            format!("limit: must be between 1 and {}, got {limit}", concord_store::MAX_PAGE),
        ));
    }
    let entries = hub.store().entries(query.after.unwrap_or(0), limit).await.map_err(|e| {
        ApiError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "store_unavailable",
            "store",
            e.to_string(),
        )
    })?;
    let next_after = if entries.len() == limit as usize { entries.last().map(|e| e.seq) } else { None };
    Ok(Json(LogPage { entries: json(&entries), next_after }))
}

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Concord hub",
        description = "Alliances: signed commands in, events out, a hash-chained log."
    ),
    paths(health, openapi, domain, submit, head, log),
    components(schemas(DomainInfo, EnvelopeDoc, AcceptedBody, LogPage, HeadBody, Health, ErrorBody))
)]
pub struct ApiDoc;
