//! Governance reads: proposals with live tallies, votes (paginated), an
//! address's power at a proposal, the council. Writes go through
//! `POST /v1/commands` like every other command.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use concord_core::alliance::Alliance;
use concord_core::governance::{Governance, Proposal};
use concord_core::{Address, AllianceId, State as EngineState, Timestamp};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::hub::Hub;

type Shared = State<Arc<Hub>>;

/// Governance routes.
pub(crate) fn routes() -> Router<Arc<Hub>> {
    Router::new()
        .route("/v1/alliances/{id}/proposals", get(proposals))
        .route("/v1/alliances/{id}/proposals/{proposal}", get(proposal))
        .route("/v1/alliances/{id}/proposals/{proposal}/votes", get(votes))
        .route("/v1/alliances/{id}/proposals/{proposal}/power/{address}", get(power_at_proposal))
        .route("/v1/alliances/{id}/council", get(council))
}

fn not_found(code: &'static str, field: &str, message: String) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, code, field, message)
}

fn parse_alliance(id: &str) -> ApiResult<AllianceId> {
    id.parse().map_err(|e| ApiError::bad_request("malformed_id", "id", format!("id: {e}")))
}

fn parts<'s>(state: &'s EngineState, id: &AllianceId) -> ApiResult<(&'s Alliance, &'s Governance)> {
    let missing = || not_found("unknown_alliance", "id", format!("id: unknown alliance `{id}`"));
    Ok((state.alliances.get(id).ok_or_else(missing)?, state.governance.get(id).ok_or_else(missing)?))
}

fn find(gov: &Governance, id: u64) -> ApiResult<&Proposal> {
    gov.proposals
        .get(&id)
        .ok_or_else(|| not_found("unknown_proposal", "proposal", format!("proposal: no proposal {id}")))
}

/// Power figures as decimal strings (exact in JavaScript).
fn decimal(values: &[u128]) -> Vec<String> {
    values.iter().map(u128::to_string).collect()
}

/// A proposal's summary with its live tally, state and (once closed) outcome.
fn summary(state: &EngineState, alliance: &Alliance, p: &Proposal, now: Timestamp) -> Value {
    let s = state.power_sources().proposal_state(alliance, p, now);
    let outcome = (now > p.end).then(|| p.outcome(state.power_sources().total_power(alliance, p)));
    json!({
        "id": p.id, "title": p.title, "scope": p.scope, "proposer": p.proposer, "voting": p.voting,
        "choices": p.choices, "start": p.start, "end": p.end, "state": s, "status": p.status,
        "sponsors": p.sponsors.len(), "sponsors_needed": p.rules.sponsor_approvals,
        "tally": { "scores": decimal(&p.tally.results(p.voting)), "participation": p.tally.participation.to_string(),
                   "voters": p.tally.voters },
        "outcome": outcome,
    })
}

#[utoipa::path(get, path = "/v1/alliances/{id}/proposals", params(("id" = String, Path, description = "Alliance id")),
    responses((status = 200, description = "Proposals with state and live tallies"), (status = 404, body = ErrorBody)))]
async fn proposals(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let id = parse_alliance(&id)?;
    let now = hub.now();
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let (alliance, gov) = parts(state, &id)?;
    let list: Vec<Value> = gov.proposals.values().rev().map(|p| summary(state, alliance, p, now)).collect();
    Ok(Json(json!({ "alliance": id, "now": now, "paused": gov.paused, "proposals": list })))
}

#[utoipa::path(get, path = "/v1/alliances/{id}/proposals/{proposal}",
    params(("id" = String, Path, description = "Alliance id"), ("proposal" = u64, Path, description = "Proposal id")),
    responses((status = 200, description = "The proposal: body, actions, rules, state, live tally, outcome"),
              (status = 404, body = ErrorBody)))]
async fn proposal(State(hub): Shared, Path((id, pid)): Path<(String, u64)>) -> ApiResult<Json<Value>> {
    let id = parse_alliance(&id)?;
    let now = hub.now();
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let (alliance, gov) = parts(state, &id)?;
    let p = find(gov, pid)?;
    let mut view = summary(state, alliance, p, now);
    view["body"] = json!(p.body);
    view["actions"] = json!(p.actions);
    view["rules"] = json!(p.rules);
    view["model"] = json!(p.model);
    view["revote"] = json!(p.revote);
    view["dual_majority"] = json!(p.dual_majority);
    view["communities"] = json!(p.tally.communities.iter().map(|c| decimal(c)).collect::<Vec<_>>());
    view["total_power"] = json!(state.power_sources().total_power(alliance, p).to_string());
    Ok(Json(view))
}

/// Query of the votes page.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct VotesQuery {
    /// Return votes of voters after this address (default: from the start).
    after: Option<String>,
    /// Page size, 1 to 1000 (default 100).
    limit: Option<u32>,
}

#[utoipa::path(get, path = "/v1/alliances/{id}/proposals/{proposal}/votes",
    params(("id" = String, Path, description = "Alliance id"), ("proposal" = u64, Path, description = "Proposal id"), VotesQuery),
    responses((status = 200, description = "Votes ordered by voter address"), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn votes(
    State(hub): Shared,
    Path((id, pid)): Path<(String, u64)>,
    query: Result<Query<VotesQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(query) = query.map_err(|e| {
        ApiError::bad_request("malformed_query", "query", format!("query: {}", e.body_text()))
    })?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::bad_request(
            "limit_out_of_range",
            "limit",
            format!("limit: must be between 1 and 1000, got {limit}"),
        ));
    }
    let after: Option<Address> = query
        .after
        .map(|a| {
            a.parse().map_err(|e| ApiError::bad_request("malformed_address", "after", format!("after: {e}")))
        })
        .transpose()?;
    let id = parse_alliance(&id)?;
    let chain = hub.chain().await;
    let (_, gov) = parts(chain.engine().state(), &id)?;
    let p = find(gov, pid)?;
    let range = match after {
        Some(a) => p.votes.range((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)),
        None => p.votes.range(..),
    };
    let page: Vec<Value> = range
        .take(limit as usize)
        .map(|(voter, r)| {
            json!({ "voter": voter, "choice": r.choice, "weight": r.weight.total.to_string(),
                    "reason": r.reason, "at": r.at })
        })
        .collect();
    let next_after =
        (page.len() == limit as usize).then(|| page.last().map(|v| v["voter"].clone())).flatten();
    Ok(Json(json!({ "votes": page, "next_after": next_after, "total": p.votes.len() })))
}

#[utoipa::path(get, path = "/v1/alliances/{id}/proposals/{proposal}/power/{address}",
    params(("id" = String, Path, description = "Alliance id"), ("proposal" = u64, Path, description = "Proposal id"),
           ("address" = String, Path, description = "Voter")),
    responses((status = 200, description = "The power the address votes with on the proposal"),
              (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn power_at_proposal(
    State(hub): Shared,
    Path((id, pid, address)): Path<(String, u64, String)>,
) -> ApiResult<Json<Value>> {
    let id = parse_alliance(&id)?;
    let address: Address = address
        .parse()
        .map_err(|e| ApiError::bad_request("malformed_address", "address", format!("address: {e}")))?;
    let chain = hub.chain().await;
    let state = chain.engine().state();
    let (alliance, gov) = parts(state, &id)?;
    let p = find(gov, pid)?;
    let weight = state.power_sources().vote_weight(alliance, gov, p, address);
    let tokens: Vec<String> = alliance.spec.governance.weights.iter().map(|w| w.token.to_string()).collect();
    Ok(Json(json!({
        "address": address, "proposal": pid, "snapshot": p.start,
        "power": weight.total.to_string(),
        "per_token": tokens.iter().zip(&weight.per_token).map(|(t, w)| (t.clone(), w.to_string())).collect::<std::collections::BTreeMap<_, _>>(),
        "delegate": gov.power.delegate_at(address, p.start),
        "voted": p.votes.contains_key(&address),
    })))
}

#[utoipa::path(get, path = "/v1/alliances/{id}/council", params(("id" = String, Path, description = "Alliance id")),
    responses((status = 200, description = "Signers, threshold, limits and transactions"), (status = 404, body = ErrorBody)))]
async fn council(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let id = parse_alliance(&id)?;
    let chain = hub.chain().await;
    let (_, gov) = parts(chain.engine().state(), &id)?;
    let council = gov
        .council
        .as_ref()
        .ok_or_else(|| not_found("no_council", "id", format!("id: `{id}` has no council")))?;
    Ok(Json(json!({ "council": council, "paused": gov.paused })))
}
