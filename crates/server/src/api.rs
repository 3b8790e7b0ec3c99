//! Routes and handlers of the `/v1` API.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use concord_core::command::CommandBody;
use concord_core::envelope::SignedEnvelope;
use concord_core::{Address, AllianceId, ChainId, Timestamp, TokenId};
use serde::Deserialize;
use utoipa::OpenApi;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::hub::Hub;
use crate::wire::{AcceptedBody, BalancesBody, DomainInfo, EnvelopeDoc, HeadBody, Health, LogPage};

/// Largest request body accepted, in bytes.
pub const MAX_REQUEST_BYTES: usize = 256 * 1024;

type Shared = State<Arc<Hub>>;

/// The API router.
pub fn router(hub: Arc<Hub>) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .route("/v1/openapi.json", get(openapi))
        .route("/v1/domain", get(domain))
        .route("/v1/commands", post(submit))
        .route("/v1/head", get(head))
        .route("/v1/alliance", get(genesis_alliance))
        .route("/v1/alliances", get(alliances))
        .route("/v1/alliances/{id}", get(alliance))
        .route("/v1/tokens", get(tokens))
        .route("/v1/accounts/{address}/balances", get(balances))
        .route("/v1/outbox/{chain_id}", get(outbox))
        .route("/v1/log", get(log))
        .merge(crate::api_governance::routes())
        .merge(crate::api_escrow::routes())
        .merge(crate::incentives::routes())
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(hub)
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
    doc.merge(crate::incentives::IncentivesDoc::openapi());
    doc.merge(crate::api_escrow::EscrowDoc::openapi());
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
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
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
    })
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
        events: json(&accepted.events),
    }))
}

#[utoipa::path(get, path = "/v1/head", responses((status = 200, body = HeadBody)))]
async fn head(State(hub): Shared) -> Json<HeadBody> {
    let (seq, head, state_hash) = hub.head().await;
    Json(HeadBody { seq, head: head.to_string(), state_hash: state_hash.to_string() })
}

#[utoipa::path(get, path = "/v1/alliance", responses((status = 200, description = "The charter's alliance with its treasury balances and each commitment against what was delivered")))]
async fn genesis_alliance(State(hub): Shared) -> ApiResult<Json<serde_json::Value>> {
    let id = hub.chain().await.engine().state().hub.genesis_alliance.clone();
    alliance_json(&hub, &id).await
}

#[utoipa::path(get, path = "/v1/alliances/{id}", params(("id" = String, Path, description = "Alliance id")),
    responses((status = 200, description = "The alliance with its treasury balances"), (status = 404, body = ErrorBody)))]
async fn alliance(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<serde_json::Value>> {
    let id: AllianceId =
        id.parse().map_err(|e| ApiError::bad_request("malformed_id", "id", format!("id: {e}")))?;
    alliance_json(&hub, &id).await
}

async fn alliance_json(hub: &Hub, id: &AllianceId) -> ApiResult<Json<serde_json::Value>> {
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let alliance = state.alliances.get(id).ok_or_else(|| {
        ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "unknown_alliance",
            "id",
            format!("id: unknown alliance `{id}`"),
        )
    })?;
    let treasury: std::collections::BTreeMap<String, String> = state
        .ledger
        .tokens
        .keys()
        .map(|t| (t.to_string(), state.ledger.balance(alliance.treasury, *t).to_string()))
        .collect();
    Ok(Json(serde_json::json!({
        "alliance": alliance,
        "treasury_balances": treasury,
        "commitments": alliance.commitments(),
    })))
}

#[utoipa::path(get, path = "/v1/alliances", responses((status = 200, description = "Every alliance: id, name, model, leader")))]
async fn alliances(State(hub): Shared) -> Json<serde_json::Value> {
    let chain = hub.chain().await;
    let list: Vec<serde_json::Value> = chain
        .engine()
        .state()
        .alliances
        .values()
        .map(|a| {
            serde_json::json!({ "id": a.spec.id, "name": a.spec.name, "model": a.spec.model,
                                "leader": a.spec.leader, "members": a.spec.members.len() })
        })
        .collect();
    Json(serde_json::json!({ "alliances": list }))
}

#[utoipa::path(get, path = "/v1/tokens", responses((status = 200, description = "Registered tokens with supply totals")))]
async fn tokens(State(hub): Shared) -> Json<serde_json::Value> {
    let chain = hub.chain().await;
    let tokens: Vec<serde_json::Value> = chain
        .engine()
        .state()
        .ledger
        .tokens
        .values()
        .map(|e| {
            serde_json::json!({ "token": e.token, "total_supply": e.supply.total.latest(),
                "minted": e.supply.minted, "burned": e.supply.burned,
                "deposited": e.supply.deposited, "withdrawn": e.supply.withdrawn })
        })
        .collect();
    Json(serde_json::json!({ "tokens": tokens }))
}

/// Query of `/v1/accounts/{address}/balances`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct BalancesQuery {
    /// Unix seconds: balances at the end of that second (from checkpoints). Default: now.
    at: Option<u64>,
}

#[utoipa::path(get, path = "/v1/accounts/{address}/balances",
    params(("address" = String, Path, description = "EIP-55 or lowercase address"), BalancesQuery),
    responses((status = 200, body = BalancesBody), (status = 400, body = ErrorBody)))]
async fn balances(
    State(hub): Shared,
    Path(address): Path<String>,
    query: Result<Query<BalancesQuery>, QueryRejection>,
) -> ApiResult<Json<BalancesBody>> {
    let Query(query) = query.map_err(|e| query_error(&e))?;
    let address: Address = address
        .parse()
        .map_err(|e| ApiError::bad_request("malformed_address", "address", format!("address: {e}")))?;
    let chain = hub.chain().await;
    let engine = chain.engine();
    let ledger = &engine.state().ledger;
    let balance = |t: TokenId| match query.at {
        Some(at) => ledger.balance_at(address, t, Timestamp(at)),
        None => ledger.balance(address, t),
    };
    let balances = ledger.tokens.keys().map(|t| (t.to_string(), balance(*t).to_string())).collect();
    Ok(Json(BalancesBody {
        address: address.to_string(),
        nonce: engine.next_nonce(address),
        at: query.at,
        balances,
    }))
}

/// Query of `/v1/outbox/{chain_id}`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct OutboxQuery {
    /// Return messages with a nonce greater than this (default 0).
    after: Option<u64>,
}

#[utoipa::path(get, path = "/v1/outbox/{chain_id}",
    params(("chain_id" = u64, Path, description = "Destination chain"), OutboxQuery),
    responses((status = 200, description = "Queued withdrawals to the chain, in nonce order (at most 1000)"),
              (status = 400, body = ErrorBody)))]
async fn outbox(
    State(hub): Shared,
    Path(chain_id): Path<String>,
    query: Result<Query<OutboxQuery>, QueryRejection>,
) -> ApiResult<Json<serde_json::Value>> {
    let Query(query) = query.map_err(|e| query_error(&e))?;
    let chain_id: u64 = chain_id.parse().map_err(|_| {
        ApiError::bad_request(
            "malformed_chain_id",
            "chain_id",
            format!("chain_id: must be an integer, got `{chain_id}`"),
        )
    })?;
    let chain = hub.chain().await;
    let after = query.after.unwrap_or(0);
    let empty = Vec::new();
    let all = chain.engine().state().ledger.outboxes.get(&ChainId(chain_id)).map_or(&empty, |o| &o.messages);
    // Nonces start at 1 and are dense, so the message with nonce n sits at index n - 1.
    let start = usize::try_from(after).unwrap_or(usize::MAX).min(all.len());
    let page = &all[start..(start + concord_store::MAX_PAGE as usize).min(all.len())];
    Ok(Json(serde_json::json!({ "chain_id": chain_id, "last_nonce": all.len(), "messages": page })))
}

fn query_error(e: &QueryRejection) -> ApiError {
    ApiError::bad_request("malformed_query", "query", format!("query: {}", e.body_text()))
}

/// Query of `/v1/log`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct LogQuery {
    /// Return entries with seq greater than this (default 0).
    after: Option<u64>,
    /// Page size, 1 to 1000 (default 100).
    limit: Option<u32>,
}

#[utoipa::path(get, path = "/v1/log", params(LogQuery),
    responses((status = 200, body = LogPage), (status = 400, body = ErrorBody)))]
async fn log(State(hub): Shared, query: Result<Query<LogQuery>, QueryRejection>) -> ApiResult<Json<LogPage>> {
    let Query(query) = query.map_err(|e| query_error(&e))?;
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
    paths(
        health,
        openapi,
        domain,
        submit,
        head,
        genesis_alliance,
        alliances,
        alliance,
        tokens,
        balances,
        log
    ),
    components(schemas(
        DomainInfo,
        EnvelopeDoc,
        AcceptedBody,
        BalancesBody,
        LogPage,
        HeadBody,
        Health,
        ErrorBody
    ))
)]
pub struct ApiDoc;
