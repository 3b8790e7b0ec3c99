//! Reads of the incentive modules: vaults and positions (with earned amounts),
//! emissions, vesting grants and lock-ups, fee splits. Commands go through
//! `POST /v1/commands` like every other kind.
//!
//! Views that depend on time take `?at=<unix seconds>` (default: the time of
//! the last applied command). They project the reward streams forward without
//! changing anything; a time before the last command is refused.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use concord_core::emission::epoch_of;
use concord_core::engine::State as EngineState;
use concord_core::vault::Vault;
use concord_core::{Address, AllianceId, Timestamp};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::hub::Hub;

type Shared = State<Arc<Hub>>;

/// The incentive routes, merged into [`crate::router`].
pub(crate) fn routes() -> Router<Arc<Hub>> {
    Router::new()
        .route("/v1/vaults", get(vaults))
        .route("/v1/vaults/{id}", get(vault))
        .route("/v1/vaults/{id}/positions/{address}", get(position))
        .route("/v1/emissions", get(emissions))
        .route("/v1/emissions/{id}", get(emission))
        .route("/v1/vesting/{grant}", get(grant))
        .route("/v1/accounts/{address}/vesting", get(account_vesting))
        .route("/v1/splits", get(splits))
        .route("/v1/splits/{id}", get(split))
}

/// `?at=` of time-dependent views.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct AtQuery {
    /// Unix seconds (default: the last command's time; earlier is refused).
    at: Option<u64>,
}

/// The OpenAPI paths of the incentive reads (merged into the hub's document).
#[derive(utoipa::OpenApi)]
#[openapi(paths(vaults, vault, position, emissions, emission, grant, account_vesting, splits, split))]
pub(crate) struct IncentivesDoc;

fn at_of(state: &EngineState, query: Result<Query<AtQuery>, QueryRejection>) -> ApiResult<Timestamp> {
    let Query(query) = query.map_err(|e| {
        ApiError::bad_request("malformed_query", "query", format!("query: {}", e.body_text()))
    })?;
    match query.at {
        None => Ok(state.clock),
        Some(at) if at < state.clock.0 => Err(ApiError::bad_request(
            "at_in_the_past",
            "at",
            format!("at: must be ≥ the last command's time {}, got {at}", state.clock),
        )),
        Some(at) => Ok(Timestamp(at)),
    }
}

fn not_found(what: &'static str, field: &str, id: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, what, field, format!("{field}: {} `{id}`", what.replace('_', " ")))
}

fn slug(text: &str, field: &str) -> ApiResult<AllianceId> {
    text.parse().map_err(|e| ApiError::bad_request("malformed_id", field, format!("{field}: {e}")))
}

fn address(text: &str) -> ApiResult<Address> {
    text.parse().map_err(|e| ApiError::bad_request("malformed_address", "address", format!("address: {e}")))
}

fn view_error(e: &concord_core::vault::VaultError) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.field(), e.to_string())
}

fn vault_summary(v: &Vault) -> Value {
    json!({
        "id": v.id, "alliance": v.alliance, "account": v.account, "stake_token": v.stake_token,
        "reward_tokens": v.rewards.keys().collect::<Vec<_>>(), "paused": v.paused,
        "total_staked": v.total_staked, "total_working": v.total_working,
        "total_unbonding": v.total_unbonding, "stakers": v.positions.len(),
    })
}

#[utoipa::path(get, path = "/v1/vaults", responses((status = 200, description = "Every vault with its totals")))]
async fn vaults(State(hub): Shared) -> Json<Value> {
    let chain = hub.chain().await;
    let list: Vec<Value> = chain.engine().state().vaults.vaults.values().map(vault_summary).collect();
    Json(json!({ "vaults": list }))
}

#[utoipa::path(get, path = "/v1/vaults/{id}", params(("id" = String, Path, description = "Vault id"), AtQuery),
    responses((status = 200, description = "A vault and its reward streams at `at`"), (status = 404, body = ErrorBody)))]
async fn vault(
    State(hub): Shared,
    Path(id): Path<String>,
    query: Result<Query<AtQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let id = slug(&id, "id")?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let at = at_of(state, query)?;
    let v = state.vaults.vaults.get(&id).ok_or_else(|| not_found("unknown_vault", "id", id.as_str()))?;
    let rewards = v.rewards_at(at).map_err(|e| view_error(&e))?;
    let streams: serde_json::Map<String, Value> = rewards
        .iter()
        .map(|(t, r)| {
            (
                t.to_string(),
                json!({
                    "rate_per_sec": r.rate.to_string(), "period_finish": r.period_finish,
                    "reward_per_token": r.reward_per_token_stored.to_string(),
                    "funded": r.funded, "paid": r.paid, "returned_to_treasury": r.returned,
                    "forfeited_to_treasury": r.forfeited, "accrued": r.accrued,
                    "funding_dust": r.dust, "stream_remaining": r.stream_remaining(),
                    "outstanding_upper_bound": r.outstanding(),
                }),
            )
        })
        .collect();
    let mut body = vault_summary(v);
    body["options"] = json!(v.options);
    body["treasury"] = json!(v.treasury);
    body["at"] = json!(at);
    body["rewards"] = Value::Object(streams);
    Ok(Json(body))
}

#[utoipa::path(get, path = "/v1/vaults/{id}/positions/{address}",
    params(("id" = String, Path, description = "Vault id"), ("address" = String, Path, description = "Account"), AtQuery),
    responses((status = 200, description = "A position and its earned rewards at `at`"), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn position(
    State(hub): Shared,
    Path((id, who)): Path<(String, String)>,
    query: Result<Query<AtQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let id = slug(&id, "id")?;
    let who = address(&who)?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let at = at_of(state, query)?;
    let v = state.vaults.vaults.get(&id).ok_or_else(|| not_found("unknown_vault", "id", id.as_str()))?;
    let earned = v.earned_at(who, at).map_err(|e| view_error(&e))?;
    let p = v.positions.get(&who);
    Ok(Json(json!({
        "vault": id, "account": who, "at": at,
        "staked": p.map(|p| p.staked), "working": p.map(|p| p.working),
        "lock_until": p.map(|p| p.lock_until), "unbonding": p.map(|p| p.unbonding),
        "unbonding_ready_at": p.map(|p| p.unbonding_ready_at),
        "earned": earned,
    })))
}

#[utoipa::path(get, path = "/v1/emissions", responses((status = 200, description = "Every emission schedule and the current epoch")))]
async fn emissions(State(hub): Shared) -> Json<Value> {
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let list: Vec<Value> = state.emissions.emissions.values().map(|e| json!(e)).collect();
    Json(json!({ "current_epoch": epoch_of(state.clock), "emissions": list }))
}

#[utoipa::path(get, path = "/v1/emissions/{id}", params(("id" = String, Path, description = "Emission id")),
    responses((status = 200, description = "An emission schedule"), (status = 404, body = ErrorBody)))]
async fn emission(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let id = slug(&id, "id")?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let e =
        state.emissions.emissions.get(&id).ok_or_else(|| not_found("unknown_emission", "id", id.as_str()))?;
    Ok(Json(json!({ "current_epoch": epoch_of(state.clock), "finished": e.finished(), "emission": e })))
}

#[utoipa::path(get, path = "/v1/vesting/{grant}", params(("grant" = u64, Path, description = "Grant id"), AtQuery),
    responses((status = 200, description = "A vesting grant with vested and releasable amounts at `at`"), (status = 404, body = ErrorBody)))]
async fn grant(
    State(hub): Shared,
    Path(grant): Path<String>,
    query: Result<Query<AtQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let id: u64 = grant.parse().map_err(|_| {
        ApiError::bad_request("malformed_grant", "grant", format!("grant: must be an integer, got `{grant}`"))
    })?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let at = at_of(state, query)?;
    let g = state.vesting.grants.by_id.get(&id).ok_or_else(|| not_found("unknown_grant", "grant", &grant))?;
    Ok(Json(grant_json(g, at)))
}

fn grant_json(g: &concord_core::vesting::Grant, at: Timestamp) -> Value {
    json!({ "grant": g, "at": at, "cliff": g.cliff(), "end": g.end(),
            "vested": g.vested_at(at), "releasable": g.releasable_at(at) })
}

#[utoipa::path(get, path = "/v1/accounts/{address}/vesting", params(("address" = String, Path, description = "Account"), AtQuery),
    responses((status = 200, description = "Grants as grantor or beneficiary, and lock-ups")))]
async fn account_vesting(
    State(hub): Shared,
    Path(who): Path<String>,
    query: Result<Query<AtQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let who = address(&who)?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let at = at_of(state, query)?;
    let grants: Vec<Value> = state
        .vesting
        .grants
        .by_id
        .values()
        .filter(|g| g.beneficiary == who || g.grantor == who)
        .map(|g| grant_json(g, at))
        .collect();
    let lockups: Vec<Value> = state
        .vesting
        .lockups
        .tokens_of(who)
        .map(|(t, list)| {
            let (locked, until) = state.vesting.lockups.locked_at(who, t, at);
            json!({ "token": t, "locked": locked, "next_unlock": until, "lockups": list })
        })
        .collect();
    Ok(Json(json!({ "account": who, "at": at, "grants": grants, "lockups": lockups })))
}

#[utoipa::path(get, path = "/v1/splits", responses((status = 200, description = "Every fee split with its volume")))]
async fn splits(State(hub): Shared) -> Json<Value> {
    let chain = hub.chain().await;
    let list: Vec<Value> = chain.engine().state().splits.splits.values().map(|s| json!(s)).collect();
    Json(json!({ "splits": list }))
}

#[utoipa::path(get, path = "/v1/splits/{id}", params(("id" = String, Path, description = "Split id")),
    responses((status = 200, description = "A fee split with its volume per token"), (status = 404, body = ErrorBody)))]
async fn split(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let id = slug(&id, "id")?;
    let chain = hub.chain().await;
    let s = chain.engine().state().splits.splits.get(&id).cloned();
    s.map(|s| Json(json!(s))).ok_or_else(|| not_found("unknown_split", "id", id.as_str()))
}
