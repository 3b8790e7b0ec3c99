//! Read routes: each is a thin wrapper over a typed query of
//! `concord_core::query`, answering its view (with the view's schema in the
//! OpenAPI document). `POST /v1/query` answers any query line, as
//! `concord apply` does.
//!
//! Path parameters are named like the query arguments (`alliance`, `vault`,
//! `proposal`, …), so an error names the same field on every interface.
//! Views that depend on time take `?at=<unix seconds>`.

use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use concord_core::query::{self as q, Query, QueryError, QueryResult};
use concord_core::types::{EmissionId, GaugeId, IdError, SplitId, VaultId};
use concord_core::{Address, AllianceId, State as EngineState, Timestamp, TokenId};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::OpenApi;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::hub::Hub;

pub(crate) type Shared = State<Arc<Hub>>;

/// The read routes, merged into [`crate::router`].
pub(crate) fn routes() -> Router<Arc<Hub>> {
    Router::new()
        .route("/v1/query", post(query))
        .route("/v1/alliance", get(genesis_alliance))
        .route("/v1/alliances", get(alliances))
        .route("/v1/alliances/{alliance}", get(alliance))
        .route("/v1/tokens", get(tokens))
        .route("/v1/accounts/{address}/balances", get(balances))
        .route("/v1/outbox/{chain_id}", get(outbox))
        .route("/v1/alliances/{alliance}/proposals", get(proposals))
        .route("/v1/alliances/{alliance}/proposals/{proposal}", get(proposal))
        .route("/v1/alliances/{alliance}/proposals/{proposal}/votes", get(votes))
        .route("/v1/alliances/{alliance}/proposals/{proposal}/power/{address}", get(power))
        .route("/v1/alliances/{alliance}/power/{address}", get(power_at))
        .route("/v1/alliances/{alliance}/council", get(council))
        .route("/v1/vaults", get(vaults))
        .route("/v1/vaults/{vault}", get(vault))
        .route("/v1/vaults/{vault}/positions/{address}", get(position))
        .route("/v1/emissions", get(emissions))
        .route("/v1/emissions/{emission}", get(emission))
        .route("/v1/vesting/{grant}", get(grant))
        .route("/v1/accounts/{address}/vesting", get(account_vesting))
        .route("/v1/splits", get(splits))
        .route("/v1/splits/{split}", get(split))
        .route("/v1/escrow", get(escrow))
        .route("/v1/escrow/{address}", get(ve_balance))
        .route("/v1/gauges", get(gauges))
        .route("/v1/gauges/{gauge}/bribes", get(bribes))
        .route("/v1/merkle", get(merkle_roots))
        .route("/v1/merkle/{epoch}", get(merkle_root))
        .route("/v1/merkle/{epoch}/proof", get(merkle_proof))
        .route("/v1/board", get(board))
        .route("/v1/alliances/{alliance}/overlap", get(overlap))
        .route("/v1/collectives/{collective}", get(collective))
        .route("/v1/collectives/{collective}/tiers/{address}", get(tier))
        .route("/v1/collectives/{collective}/missions", get(missions))
        .route("/v1/collectives/{collective}/seasons/{season}/intents/{intent}/preview", get(budget_preview))
        .route("/v1/collectives/{collective}/grants/{mission}", get(mission_grant))
        .merge(crate::team_reads::routes())
        .merge(crate::alliance_reads::routes())
}

impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> Self {
        let status = match &e {
            QueryError::Unknown { .. } => StatusCode::NOT_FOUND,
            QueryError::Invalid { .. } => StatusCode::BAD_REQUEST,
            QueryError::Failed { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiError::new(status, e.code(), e.field(), e.to_string())
    }
}

/// Runs a query on the current state.
pub(crate) async fn read<T>(hub: &Hub, f: impl FnOnce(&EngineState) -> QueryResult<T>) -> ApiResult<Json<T>> {
    let chain = hub.chain().await;
    Ok(Json(f(chain.engine().state())?))
}

/// Query-string parameters, each error naming the parameter.
pub(crate) fn params<T: DeserializeOwned>(raw: Option<String>) -> ApiResult<T> {
    let raw = raw.unwrap_or_default();
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(raw.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { "query".to_owned() } else { path };
        ApiError::bad_request("malformed_query", field.clone(), format!("{field}: {}", e.into_inner()))
    })
}

fn alliance_id(text: &str) -> ApiResult<AllianceId> {
    text.parse().map_err(|e| ApiError::bad_request("malformed_id", "alliance", format!("alliance: {e}")))
}

/// A slug id (vault, emission, split, gauge) from a path parameter.
pub(crate) fn slug<T: FromStr<Err = IdError>>(field: &'static str, text: &str) -> ApiResult<T> {
    text.parse().map_err(|e| ApiError::bad_request("malformed_id", field, format!("{field}: {e}")))
}

fn address(field: &'static str, text: &str) -> ApiResult<Address> {
    text.parse().map_err(|e| ApiError::bad_request("malformed_address", field, format!("{field}: {e}")))
}

pub(crate) fn integer(field: &'static str, text: &str) -> ApiResult<u64> {
    text.parse().map_err(|_| {
        let shown: String = text.chars().take(40).collect();
        ApiError::bad_request(
            match field {
                "chain_id" => "malformed_chain_id",
                "grant" => "malformed_grant",
                "epoch" => "malformed_epoch",
                _ => "malformed_id",
            },
            field,
            format!("{field}: must be an integer from 0 to {}, got `{shown}`", u64::MAX),
        )
    })
}

/// `?at=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AtParams {
    /// Unix seconds (default: the last command's time). Reads that project
    /// rewards forward refuse a time before it.
    at: Option<u64>,
}

fn at_of(raw: Option<String>) -> ApiResult<Option<Timestamp>> {
    Ok(params::<AtParams>(raw)?.at.map(Timestamp))
}

#[utoipa::path(post, path = "/v1/query", request_body(content = Object, description = "A query line: `{\"query\": kind, \"args\": {...}}` (docs/apply.md)"),
    responses((status = 200, description = "The query's view"), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn query(State(hub): Shared, body: axum::body::Bytes) -> ApiResult<Json<q::View>> {
    let line: Query = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request("malformed_query", "query", format!("query: {e}")))?;
    read(&hub, |s| q::run(s, &line)).await
}

#[utoipa::path(get, path = "/v1/alliance", responses((status = 200, body = q::AllianceView)))]
async fn genesis_alliance(State(hub): Shared) -> ApiResult<Json<q::AllianceView>> {
    read(&hub, |s| q::alliance(s, &s.hub.genesis_alliance)).await
}

#[utoipa::path(get, path = "/v1/alliances", responses((status = 200, body = q::AlliancesView)))]
async fn alliances(State(hub): Shared) -> ApiResult<Json<q::AlliancesView>> {
    read(&hub, |s| Ok(q::alliances(s))).await
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}", params(("alliance" = String, Path, description = "Alliance id")),
    responses((status = 200, body = q::AllianceView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn alliance(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<q::AllianceView>> {
    let id = alliance_id(&id)?;
    read(&hub, |s| q::alliance(s, &id)).await
}

#[utoipa::path(get, path = "/v1/tokens", responses((status = 200, body = q::TokensView)))]
async fn tokens(State(hub): Shared) -> ApiResult<Json<q::TokensView>> {
    read(&hub, |s| Ok(q::tokens(s))).await
}

#[utoipa::path(get, path = "/v1/accounts/{address}/balances",
    params(("address" = String, Path, description = "EIP-55 or lowercase address"), AtParams),
    responses((status = 200, body = q::BalancesView), (status = 400, body = ErrorBody)))]
async fn balances(
    State(hub): Shared,
    Path(who): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::BalancesView>> {
    let at = at_of(raw)?;
    let who = address("address", &who)?;
    read(&hub, |s| Ok(q::balances(s, who, at))).await
}

/// `?after=` of the outbox.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AfterParams {
    /// Messages with a nonce greater than this (default 0).
    after: Option<u64>,
}

#[utoipa::path(get, path = "/v1/outbox/{chain_id}", params(("chain_id" = u64, Path, description = "Destination chain"), AfterParams),
    responses((status = 200, body = q::OutboxView), (status = 400, body = ErrorBody)))]
async fn outbox(
    State(hub): Shared,
    Path(chain_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::OutboxView>> {
    let after = params::<AfterParams>(raw)?.after.unwrap_or(0);
    let chain_id = integer("chain_id", &chain_id)?;
    read(&hub, |s| Ok(q::outbox(s, chain_id, after))).await
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}/proposals", params(("alliance" = String, Path, description = "Alliance id"), AtParams),
    responses((status = 200, body = q::ProposalsView), (status = 404, body = ErrorBody)))]
async fn proposals(
    State(hub): Shared,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::ProposalsView>> {
    let at = at_of(raw)?.unwrap_or_else(|| hub.now());
    let id = alliance_id(&id)?;
    read(&hub, |s| q::proposals(s, &id, Some(at))).await
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}/proposals/{proposal}",
    params(("alliance" = String, Path, description = "Alliance id"), ("proposal" = u64, Path, description = "Proposal id"), AtParams),
    responses((status = 200, body = q::ProposalView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn proposal(
    State(hub): Shared,
    Path((id, pid)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::ProposalView>> {
    let at = at_of(raw)?.unwrap_or_else(|| hub.now());
    let (id, pid) = (alliance_id(&id)?, integer("proposal", &pid)?);
    read(&hub, |s| q::proposal(s, &id, pid, Some(at))).await
}

/// The votes page.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct VotesParams {
    /// Votes of voters after this address (default: from the start).
    after: Option<String>,
    /// Page size, 1 to 1000 (default 100).
    limit: Option<u32>,
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}/proposals/{proposal}/votes",
    params(("alliance" = String, Path, description = "Alliance id"), ("proposal" = u64, Path, description = "Proposal id"), VotesParams),
    responses((status = 200, body = q::VotesView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn votes(
    State(hub): Shared,
    Path((id, pid)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::VotesView>> {
    let page: VotesParams = params(raw)?;
    let after = page.after.as_deref().map(|a| address("after", a)).transpose()?;
    let (id, pid) = (alliance_id(&id)?, integer("proposal", &pid)?);
    read(&hub, |s| q::votes(s, &id, pid, after, page.limit)).await
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}/proposals/{proposal}/power/{address}",
    params(("alliance" = String, Path, description = "Alliance id"), ("proposal" = u64, Path, description = "Proposal id"),
           ("address" = String, Path, description = "Voter")),
    responses((status = 200, body = q::PowerView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn power(
    State(hub): Shared,
    Path((id, pid, who)): Path<(String, String, String)>,
) -> ApiResult<Json<q::PowerView>> {
    let (id, pid, who) = (alliance_id(&id)?, integer("proposal", &pid)?, address("address", &who)?);
    read(&hub, |s| q::power(s, &id, pid, who)).await
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}/power/{address}",
    params(("alliance" = String, Path, description = "Alliance id"), ("address" = String, Path, description = "Account"), AtParams),
    responses((status = 200, body = q::PowerAtView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn power_at(
    State(hub): Shared,
    Path((id, who)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::PowerAtView>> {
    let at = at_of(raw)?;
    let (id, who) = (alliance_id(&id)?, address("address", &who)?);
    read(&hub, |s| q::power_at(s, &id, who, at)).await
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}/council", params(("alliance" = String, Path, description = "Alliance id")),
    responses((status = 200, body = q::CouncilStateView), (status = 404, body = ErrorBody)))]
async fn council(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<q::CouncilStateView>> {
    let id = alliance_id(&id)?;
    read(&hub, |s| q::council(s, &id)).await
}

#[utoipa::path(get, path = "/v1/vaults", responses((status = 200, body = q::VaultsView)))]
async fn vaults(State(hub): Shared) -> ApiResult<Json<q::VaultsView>> {
    read(&hub, |s| Ok(q::vaults(s))).await
}

#[utoipa::path(get, path = "/v1/vaults/{vault}", params(("vault" = String, Path, description = "Vault id"), AtParams),
    responses((status = 200, body = q::VaultView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn vault(
    State(hub): Shared,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::VaultView>> {
    let at = at_of(raw)?;
    let id: VaultId = slug("vault", &id)?;
    read(&hub, |s| q::vault(s, &id, at)).await
}

#[utoipa::path(get, path = "/v1/vaults/{vault}/positions/{address}",
    params(("vault" = String, Path, description = "Vault id"), ("address" = String, Path, description = "Staker"), AtParams),
    responses((status = 200, body = q::PositionView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn position(
    State(hub): Shared,
    Path((id, who)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::PositionView>> {
    let at = at_of(raw)?;
    let (id, who): (VaultId, _) = (slug("vault", &id)?, address("address", &who)?);
    read(&hub, |s| q::earned(s, &id, who, at)).await
}

#[utoipa::path(get, path = "/v1/emissions", responses((status = 200, body = q::EmissionsView)))]
async fn emissions(State(hub): Shared) -> ApiResult<Json<q::EmissionsView>> {
    read(&hub, |s| Ok(q::emissions(s))).await
}

#[utoipa::path(get, path = "/v1/emissions/{emission}", params(("emission" = String, Path, description = "Emission id")),
    responses((status = 200, body = q::EmissionView), (status = 404, body = ErrorBody)))]
async fn emission(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<q::EmissionView>> {
    let id: EmissionId = slug("emission", &id)?;
    read(&hub, |s| q::emission(s, &id)).await
}

#[utoipa::path(get, path = "/v1/vesting/{grant}", params(("grant" = u64, Path, description = "Grant id"), AtParams),
    responses((status = 200, body = q::GrantView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn grant(
    State(hub): Shared,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::GrantView>> {
    let at = at_of(raw)?;
    let id = integer("grant", &id)?;
    read(&hub, |s| q::grant(s, id, at)).await
}

#[utoipa::path(get, path = "/v1/accounts/{address}/vesting", params(("address" = String, Path, description = "Account"), AtParams),
    responses((status = 200, body = q::AccountVestingView), (status = 400, body = ErrorBody)))]
async fn account_vesting(
    State(hub): Shared,
    Path(who): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::AccountVestingView>> {
    let at = at_of(raw)?;
    let who = address("address", &who)?;
    read(&hub, |s| q::account_vesting(s, who, at)).await
}

#[utoipa::path(get, path = "/v1/splits", responses((status = 200, body = q::SplitsView)))]
async fn splits(State(hub): Shared) -> ApiResult<Json<q::SplitsView>> {
    read(&hub, |s| Ok(q::splits(s))).await
}

#[utoipa::path(get, path = "/v1/splits/{split}", params(("split" = String, Path, description = "Split id")),
    responses((status = 200, body = q::SplitView), (status = 404, body = ErrorBody)))]
async fn split(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<q::SplitView>> {
    let id: SplitId = slug("split", &id)?;
    read(&hub, |s| q::split(s, &id)).await
}

#[utoipa::path(get, path = "/v1/escrow", params(AtParams),
    responses((status = 200, body = q::EscrowView), (status = 400, body = ErrorBody)))]
async fn escrow(State(hub): Shared, RawQuery(raw): RawQuery) -> ApiResult<Json<q::EscrowView>> {
    let at = at_of(raw)?;
    read(&hub, |s| Ok(q::escrow(s, at))).await
}

#[utoipa::path(get, path = "/v1/escrow/{address}", params(("address" = String, Path, description = "Holder"), AtParams),
    responses((status = 200, body = q::VeBalanceView), (status = 400, body = ErrorBody)))]
async fn ve_balance(
    State(hub): Shared,
    Path(who): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::VeBalanceView>> {
    let at = at_of(raw)?;
    let who = address("address", &who)?;
    read(&hub, |s| Ok(q::ve_balance(s, who, at))).await
}

#[utoipa::path(get, path = "/v1/gauges", params(AtParams),
    responses((status = 200, body = q::GaugesView), (status = 400, body = ErrorBody)))]
async fn gauges(State(hub): Shared, RawQuery(raw): RawQuery) -> ApiResult<Json<q::GaugesView>> {
    let at = at_of(raw)?;
    read(&hub, |s| Ok(q::gauges(s, at))).await
}

#[utoipa::path(get, path = "/v1/gauges/{gauge}/bribes", params(("gauge" = String, Path, description = "Gauge id")),
    responses((status = 200, body = q::BribesView), (status = 404, body = ErrorBody)))]
async fn bribes(State(hub): Shared, Path(gauge): Path<String>) -> ApiResult<Json<q::BribesView>> {
    let gauge: GaugeId = slug("gauge", &gauge)?;
    read(&hub, |s| q::bribes(s, &gauge)).await
}

#[utoipa::path(get, path = "/v1/merkle", responses((status = 200, body = q::MerkleRootsView)))]
async fn merkle_roots(State(hub): Shared) -> ApiResult<Json<q::MerkleRootsView>> {
    read(&hub, |s| Ok(q::merkle_roots(s))).await
}

#[utoipa::path(get, path = "/v1/merkle/{epoch}", params(("epoch" = u64, Path, description = "Epoch")),
    responses((status = 200, body = q::MerkleRootView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn merkle_root(State(hub): Shared, Path(epoch): Path<String>) -> ApiResult<Json<q::MerkleRootView>> {
    let epoch = integer("epoch", &epoch)?;
    read(&hub, |s| q::merkle_root(s, epoch)).await
}

/// The claimant of a proof.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ProofParams {
    /// The claimant.
    account: String,
    /// The hub token id (`GOV`).
    token: String,
}

#[utoipa::path(get, path = "/v1/merkle/{epoch}/proof", params(("epoch" = u64, Path, description = "Epoch"), ProofParams),
    responses((status = 200, body = q::MerkleProofView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn merkle_proof(
    State(hub): Shared,
    Path(epoch): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::MerkleProofView>> {
    let claim: ProofParams = params(raw)?;
    let epoch = integer("epoch", &epoch)?;
    let account = address("account", &claim.account)?;
    let token: TokenId = claim
        .token
        .parse()
        .map_err(|e| ApiError::bad_request("malformed_token", "token", format!("token: {e}")))?;
    read(&hub, |s| q::merkle_proof(s, epoch, account, token)).await
}

#[utoipa::path(get, path = "/v1/collectives/{collective}", params(("collective" = String, Path, description = "The collective's alliance id")),
    responses((status = 200, body = q::CollectiveView), (status = 404, body = ErrorBody)))]
async fn collective(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<q::CollectiveView>> {
    let id = slug("collective", &id)?;
    read(&hub, |s| q::collective(s, &id)).await
}

#[utoipa::path(get, path = "/v1/collectives/{collective}/tiers/{address}",
    params(("collective" = String, Path, description = "Collective"), ("address" = String, Path, description = "Account")),
    responses((status = 200, body = q::TierView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn tier(State(hub): Shared, Path((id, who)): Path<(String, String)>) -> ApiResult<Json<q::TierView>> {
    let (id, who) = (slug("collective", &id)?, address("address", &who)?);
    read(&hub, |s| q::tier(s, &id, who)).await
}

#[utoipa::path(get, path = "/v1/collectives/{collective}/missions", params(("collective" = String, Path, description = "Collective")),
    responses((status = 200, body = q::MissionsView), (status = 404, body = ErrorBody)))]
async fn missions(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<q::MissionsView>> {
    let id = slug("collective", &id)?;
    read(&hub, |s| q::missions(s, &id)).await
}

/// A ballot to preview.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct PreviewParams {
    /// The voter about to sign.
    voter: Option<String>,
    /// The missions their ballot would approve, comma-separated (`1,3`).
    approve: Option<String>,
}

#[utoipa::path(get, path = "/v1/collectives/{collective}/seasons/{season}/intents/{intent}/preview",
    params(("collective" = String, Path, description = "Collective"), ("season" = u64, Path, description = "Season"),
           ("intent" = String, Path, description = "Intent"), PreviewParams),
    responses((status = 200, body = q::PreviewView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn budget_preview(
    State(hub): Shared,
    Path((id, season, intent)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::PreviewView>> {
    let p: PreviewParams = params(raw)?;
    let voter = p.voter.as_deref().map(|v| address("voter", v)).transpose()?;
    let approve: Vec<u64> = match p.approve.as_deref() {
        None | Some("") => Vec::new(),
        Some(list) => list.split(',').map(|x| integer("approve", x.trim())).collect::<ApiResult<_>>()?,
    };
    let id = slug("collective", &id)?;
    let season = integer("season", &season)?;
    let intent: concord_core::types::IntentId = intent
        .parse()
        .map_err(|e| ApiError::bad_request("malformed_id", "intent", format!("intent: {e}")))?;
    read(&hub, |s| q::budget_preview(s, &id, season, &intent, voter, &approve)).await
}

#[utoipa::path(get, path = "/v1/collectives/{collective}/grants/{mission}",
    params(("collective" = String, Path, description = "Collective"), ("mission" = u64, Path, description = "Mission id")),
    responses((status = 200, body = q::GrantStateView), (status = 404, body = ErrorBody)))]
async fn mission_grant(
    State(hub): Shared,
    Path((id, mission)): Path<(String, String)>,
) -> ApiResult<Json<q::GrantStateView>> {
    let (id, mission) = (slug("collective", &id)?, integer("mission", &mission)?);
    read(&hub, |s| q::mission_grant(s, &id, mission)).await
}

/// Board filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct BoardParams {
    /// Has this skill (case-insensitive).
    skill: Option<String>,
    /// Cares about this intent.
    intent: Option<String>,
    /// Timezone at least this many minutes east of UTC.
    tz_min: Option<i16>,
    /// Timezone at most this many minutes east of UTC.
    tz_max: Option<i16>,
    /// Accounts after this one.
    after: Option<String>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<u32>,
}

#[utoipa::path(get, path = "/v1/board", params(BoardParams),
    responses((status = 200, body = q::BoardView), (status = 400, body = ErrorBody)))]
async fn board(State(hub): Shared, RawQuery(raw): RawQuery) -> ApiResult<Json<q::BoardView>> {
    let p: BoardParams = params(raw)?;
    let after = p.after.as_deref().map(|a| address("after", a)).transpose()?;
    let filter = q::BoardFilter { skill: p.skill, intent: p.intent, tz_min: p.tz_min, tz_max: p.tz_max };
    read(&hub, |s| q::board_search(s, &filter, after, p.limit)).await
}

/// `?min_hours=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct OverlapParams {
    /// The minimum daily overlap in hours (default 2).
    min_hours: Option<u32>,
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}/overlap", params(("alliance" = String, Path, description = "Alliance id"), OverlapParams),
    responses((status = 200, body = q::OverlapView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn overlap(
    State(hub): Shared,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::OverlapView>> {
    let p: OverlapParams = params(raw)?;
    let id = alliance_id(&id)?;
    read(&hub, |s| q::team_overlap(s, &id, p.min_hours)).await
}

/// The OpenAPI paths and view schemas of the read routes.
#[derive(OpenApi)]
#[openapi(paths(
    query,
    genesis_alliance,
    alliances,
    alliance,
    tokens,
    balances,
    outbox,
    proposals,
    proposal,
    votes,
    power,
    power_at,
    council,
    vaults,
    vault,
    position,
    emissions,
    emission,
    grant,
    account_vesting,
    splits,
    split,
    escrow,
    ve_balance,
    gauges,
    bribes,
    merkle_roots,
    merkle_root,
    merkle_proof,
    board,
    overlap,
    collective,
    tier,
    missions,
    budget_preview,
    mission_grant,
    crate::team_reads::team,
    crate::team_reads::gives,
    crate::team_reads::candidates,
    crate::alliance_reads::roadmap,
    crate::alliance_reads::compatibility,
    crate::alliance_reads::share_vaults,
    crate::alliance_reads::share_vault
))]
pub(crate) struct ReadsDoc;
