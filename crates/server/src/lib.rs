//! # concord-server
//!
//! The hub: a thin HTTP shell (axum) over concord-core's engine and
//! concord-store's log. Commands arrive as EIP-712 signed envelopes at
//! `POST /v1/commands`; reads serve the alliance, balances, the log and the
//! OpenAPI document. Only this crate knows HTTP.

mod alliance_reads;
mod api;
mod error;
mod hub;
mod limits;
mod middleware;
mod reads;
mod sequencer;
mod serve;
mod team_reads;
pub mod wire;

pub use api::{ApiDoc, MAX_REQUEST_BYTES, Options, router, router_with};
pub use error::{ApiError, ApiResult, ErrorBody, ErrorDetail};
pub use hub::{Accepted, Clock, Hub, HubError, system_clock};
pub use limits::Rate;
pub use serve::{Limits, serve, serve_with};
