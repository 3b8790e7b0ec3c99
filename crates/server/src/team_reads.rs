//! Team reads under a mission's grant: the rewards view (members, book, the
//! next release) and the peer-allocation graph, as JSON or as CSV; and an
//! alliance's partner candidates ranked by their scorecards.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use concord_core::query as q;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::hub::Hub;
use crate::reads::{Shared, integer, params, read, slug};

pub(crate) fn routes() -> Router<Arc<Hub>> {
    Router::new()
        .route("/v1/collectives/{collective}/grants/{mission}/team", get(team))
        .route("/v1/collectives/{collective}/grants/{mission}/gives", get(gives))
        .route("/v1/alliances/{alliance}/candidates", get(candidates))
}

#[utoipa::path(get, path = "/v1/alliances/{alliance}/candidates",
    params(("alliance" = String, Path, description = "Alliance id")),
    responses((status = 200, body = q::CandidatesView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn candidates(
    State(hub): Shared,
    Path(id): Path<String>,
) -> ApiResult<Json<q::CandidatesView>> {
    let id = slug("alliance", &id)?;
    read(&hub, |s| q::candidates(s, &id)).await
}

/// `?at=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct TeamParams {
    /// Read at this unix time (default and at least: the state's clock), e.g. to preview the next release now.
    at: Option<u64>,
}

#[utoipa::path(get, path = "/v1/collectives/{collective}/grants/{mission}/team",
    params(("collective" = String, Path, description = "Collective"), ("mission" = u64, Path, description = "Mission id"), TeamParams),
    responses((status = 200, body = q::TeamView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn team(
    State(hub): Shared,
    Path((id, mission)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<q::TeamView>> {
    let p: TeamParams = params(raw)?;
    let (id, mission) = (slug("collective", &id)?, integer("mission", &mission)?);
    read(&hub, |s| q::team(s, &id, mission, p.at.map(concord_core::Timestamp))).await
}

/// `?format=json|csv`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct GivesParams {
    /// `json` (default) or `csv` (`epoch,from,to,points`).
    format: Option<String>,
}

#[utoipa::path(get, path = "/v1/collectives/{collective}/grants/{mission}/gives",
    params(("collective" = String, Path, description = "Collective"), ("mission" = u64, Path, description = "Mission id"), GivesParams),
    responses((status = 200, body = q::GivesView, description = "The graph; `text/csv` with `?format=csv`"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn gives(
    State(hub): Shared,
    Path((id, mission)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let p: GivesParams = params(raw)?;
    let csv = match p.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            let shown: String = other.chars().take(20).collect();
            return Err(ApiError::bad_request(
                "malformed_query",
                "format",
                format!("format: must be `json` or `csv`, got `{shown}`"),
            ));
        }
    };
    let (id, mission) = (slug("collective", &id)?, integer("mission", &mission)?);
    let Json(view) = read(&hub, |s| q::gives(s, &id, mission)).await?;
    Ok(if csv {
        ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], view.csv()).into_response()
    } else {
        Json(view).into_response()
    })
}
