//! Read routes for the incentive mechanisms: vote-escrow, gauges and vote
//! incentives, Merkle reward roots and proofs. Merged into [`crate::router`].

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use concord_core::escrow::{escrow_account, ve_balance_at, ve_total_at, week_floor};
use concord_core::gauge::{bribe_account, fee_recipient};
use concord_core::merkle::{distributor_account, proof_for};
use concord_core::{Address, Timestamp, TokenId};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::OpenApi;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::hub::Hub;

type Shared = State<Arc<Hub>>;

/// The incentive routes (state is attached by `router`).
pub(crate) fn routes() -> Router<Arc<Hub>> {
    Router::new()
        .route("/v1/escrow", get(escrow))
        .route("/v1/escrow/{address}", get(escrow_holder))
        .route("/v1/gauges", get(gauges))
        .route("/v1/gauges/{id}/bribes", get(bribes))
        .route("/v1/merkle", get(merkle_roots))
        .route("/v1/merkle/{epoch}", get(merkle_root))
        .route("/v1/merkle/{epoch}/proof", get(merkle_proof))
}

/// Query with an optional time.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct AtQuery {
    /// Unix seconds (default: the hub's last command time).
    at: Option<u64>,
}

fn query_error(e: &QueryRejection) -> ApiError {
    ApiError::bad_request("malformed_query", "query", format!("query: {}", e.body_text()))
}

fn not_found(code: &'static str, field: &str, message: String) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, code, field, message)
}

fn parse_address(text: &str, field: &str) -> ApiResult<Address> {
    text.parse().map_err(|e| ApiError::bad_request("malformed_address", field, format!("{field}: {e}")))
}

#[utoipa::path(get, path = "/v1/escrow", params(AtQuery),
    responses((status = 200, description = "Vote-escrow settings, total ve power at `at`, tokens locked"), (status = 400, body = ErrorBody)))]
async fn escrow(State(hub): Shared, query: Result<Query<AtQuery>, QueryRejection>) -> ApiResult<Json<Value>> {
    let Query(query) = query.map_err(|e| query_error(&e))?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let at = Timestamp(query.at.unwrap_or(state.clock.0));
    let locked = state.escrow.config.as_ref().map(|c| state.ledger.balance(escrow_account(), c.token));
    Ok(Json(json!({
        "config": state.escrow.config,
        "account": escrow_account(),
        "at": at,
        "total_power": ve_total_at(&state.escrow, at).to_string(),
        "locked": locked,
        "holders": state.escrow.locks.len(),
    })))
}

#[utoipa::path(get, path = "/v1/escrow/{address}", params(("address" = String, Path, description = "Holder"), AtQuery),
    responses((status = 200, description = "The holder's lock and ve power at `at`"), (status = 400, body = ErrorBody)))]
async fn escrow_holder(
    State(hub): Shared,
    Path(address): Path<String>,
    query: Result<Query<AtQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(query) = query.map_err(|e| query_error(&e))?;
    let address = parse_address(&address, "address")?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let at = Timestamp(query.at.unwrap_or(state.clock.0));
    Ok(Json(json!({
        "address": address,
        "at": at,
        "lock": state.escrow.locks.get(&address),
        "power": ve_balance_at(&state.escrow, address, at).to_string(),
        "gauge_bps_used": state.gauges.power_used.get(&address).copied().unwrap_or(0),
    })))
}

#[utoipa::path(get, path = "/v1/gauges", params(AtQuery),
    responses((status = 200, description = "Gauges with their weight and relative weight (1e18 = 100 %) in the epoch containing `at`"), (status = 400, body = ErrorBody)))]
async fn gauges(State(hub): Shared, query: Result<Query<AtQuery>, QueryRejection>) -> ApiResult<Json<Value>> {
    let Query(query) = query.map_err(|e| query_error(&e))?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let at = query.at.unwrap_or(state.clock.0);
    let epoch = Timestamp(week_floor(at));
    let g = &state.gauges;
    let relative = g.relative_weights(epoch);
    let list: Vec<Value> = g
        .gauges
        .iter()
        .map(|(id, gauge)| {
            json!({ "id": id, "target": gauge.target,
                    "weight": g.gauge_weight_at(id, epoch).to_string(),
                    "relative_weight": relative[id].to_string() })
        })
        .collect();
    Ok(Json(json!({
        "epoch": epoch,
        "total_weight": g.total_weight_at(epoch).to_string(),
        "params": g.params,
        "fee_recipient": fee_recipient(&state.gauges, &state.hub.genesis_alliance),
        "gauges": list,
    })))
}

#[utoipa::path(get, path = "/v1/gauges/{id}/bribes", params(("id" = String, Path, description = "Gauge id")),
    responses((status = 200, description = "Vote-incentive pools of the gauge by epoch and token"), (status = 404, body = ErrorBody)))]
async fn bribes(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let chain = hub.chain().await;
    let state = chain.engine().state();
    if !state.gauges.gauges.contains_key(&id) {
        return Err(not_found("unknown_gauge", "id", format!("id: unknown gauge `{id}`")));
    }
    let pools = state.gauges.bribes.get(&id);
    Ok(Json(json!({ "gauge": id, "account": bribe_account(), "pools": pools })))
}

#[utoipa::path(get, path = "/v1/merkle",
    responses((status = 200, description = "Published Merkle reward roots by epoch")))]
async fn merkle_roots(State(hub): Shared) -> Json<Value> {
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let roots: Vec<Value> = state
        .merkle
        .epochs
        .iter()
        .map(|(epoch, p)| json!({ "epoch": epoch, "root": p.root, "leaves": p.entries.len(), "published_at": p.published_at }))
        .collect();
    Json(json!({ "distributor": distributor_account(), "roots": roots }))
}

fn parse_epoch(text: &str) -> ApiResult<u64> {
    text.parse().map_err(|_| {
        ApiError::bad_request("malformed_epoch", "epoch", format!("epoch: must be an integer, got `{text}`"))
    })
}

#[utoipa::path(get, path = "/v1/merkle/{epoch}", params(("epoch" = u64, Path, description = "Epoch")),
    responses((status = 200, description = "The epoch's root and entries"), (status = 404, body = ErrorBody)))]
async fn merkle_root(State(hub): Shared, Path(epoch): Path<String>) -> ApiResult<Json<Value>> {
    let epoch = parse_epoch(&epoch)?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let published = state.merkle.epochs.get(&epoch).ok_or_else(|| {
        not_found("unknown_epoch", "epoch", format!("epoch: no root is published for epoch {epoch}"))
    })?;
    Ok(Json(json!({ "epoch": epoch, "root": published.root, "published_at": published.published_at,
                    "leaf_encoding": ["address", "address", "uint256"], "entries": published.entries })))
}

/// Query of `/v1/merkle/{epoch}/proof`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct ProofQuery {
    /// The claimant.
    account: String,
    /// The hub token id (`GOV`).
    token: String,
}

#[utoipa::path(get, path = "/v1/merkle/{epoch}/proof", params(("epoch" = u64, Path, description = "Epoch"), ProofQuery),
    responses((status = 200, description = "The leaf, its values and its proof (OpenZeppelin StandardMerkleTree)"),
              (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn merkle_proof(
    State(hub): Shared,
    Path(epoch): Path<String>,
    query: Result<Query<ProofQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(query) = query.map_err(|e| query_error(&e))?;
    let epoch = parse_epoch(&epoch)?;
    let account = parse_address(&query.account, "account")?;
    let token: TokenId = query
        .token
        .parse()
        .map_err(|e| ApiError::bad_request("malformed_token", "token", format!("token: {e}")))?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    if !state.merkle.epochs.contains_key(&epoch) {
        return Err(not_found(
            "unknown_epoch",
            "epoch",
            format!("epoch: no root is published for epoch {epoch}"),
        ));
    }
    let (root, entry, leaf, proof) = proof_for(&state.merkle, &state.ledger, epoch, account, token)
        .ok_or_else(|| {
            not_found(
                "no_leaf",
                "account",
                format!("account: no {token} entry for {account} in epoch {epoch}"),
            )
        })?;
    let contract = state.ledger.tokens.get(&token).and_then(|e| e.token.contract);
    Ok(Json(json!({
        "epoch": epoch, "root": root, "account": account, "token": token, "token_address": contract,
        "amount": entry.amount, "value": [account, contract, entry.amount], "leaf": leaf, "proof": proof,
    })))
}

/// The OpenAPI paths of these routes (merged into the hub's document).
#[derive(OpenApi)]
#[openapi(paths(escrow, escrow_holder, gauges, bribes, merkle_roots, merkle_root, merkle_proof))]
pub(crate) struct EscrowDoc;
