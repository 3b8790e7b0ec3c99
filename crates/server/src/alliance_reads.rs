//! An alliance's life: its roadmap, a candidate's tokenomics compatibility
//! read from hub state, and the ERC-4626 share vaults.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use concord_core::query as q;
use concord_core::{Address, Amount};
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::hub::Hub;
use crate::reads::{Shared, params, read, slug};

pub(crate) fn routes() -> Router<Arc<Hub>> {
    Router::new()
        .route("/v1/alliances/{alliance}/roadmap", get(roadmap))
        .route("/v1/alliances/{alliance}/candidates/{candidate}/compatibility", get(compatibility))
        .route("/v1/share-vaults", get(share_vaults))
        .route("/v1/share-vaults/{vault}", get(share_vault))
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}/roadmap",
    params(("alliance" = String, Path, description = "Alliance id")),
    responses((status = 200, body = q::RoadmapView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn roadmap(State(hub): Shared, Path(id): Path<String>) -> ApiResult<Json<q::RoadmapView>> {
    let id = slug("alliance", &id)?;
    read(&hub, |s| q::roadmap(s, &id)).await
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}/candidates/{candidate}/compatibility",
    params(("alliance" = String, Path, description = "Alliance id"), ("candidate" = String, Path, description = "Candidate id")),
    responses((status = 200, body = q::CompatibilityView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn compatibility(
    State(hub): Shared,
    Path((id, candidate)): Path<(String, String)>,
) -> ApiResult<Json<q::CompatibilityView>> {
    let id = slug("alliance", &id)?;
    if candidate.is_empty() || candidate.len() > 64 {
        return Err(ApiError::bad_request("malformed_id", "candidate", "candidate: must be 1 to 64 bytes"));
    }
    read(&hub, move |s| q::compatibility(s, &id, &candidate)).await
}

#[utoipa::path(get, path = "/v1/share-vaults",
    responses((status = 200, body = q::ShareVaultsView)))]
pub(crate) async fn share_vaults(State(hub): Shared) -> ApiResult<Json<q::ShareVaultsView>> {
    read(&hub, |s| Ok(q::share_vaults(s))).await
}

/// `?account=&amount=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ShareVaultParams {
    /// Show this account's position (shares, their worth, what it may take out now).
    #[param(value_type = Option<String>)]
    account: Option<Address>,
    /// Preview deposit, mint, withdraw and redeem with this amount (base units, decimal string).
    #[param(value_type = Option<String>)]
    amount: Option<Amount>,
}

#[utoipa::path(get, path = "/v1/share-vaults/{vault}",
    params(("vault" = String, Path, description = "Share vault id"), ShareVaultParams),
    responses((status = 200, body = q::ShareVaultView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn share_vault(
    State(hub): Shared,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::ShareVaultView>> {
    let p: ShareVaultParams = params(raw)?;
    let id = slug("vault", &id)?;
    read(&hub, |s| q::share_vault(s, &id, p.account, p.amount)).await
}
