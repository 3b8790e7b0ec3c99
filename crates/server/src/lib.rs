//! # concord-server
//!
//! The hub: a thin HTTP shell (axum) over concord-core's engine and
//! concord-store's log. Commands arrive as EIP-712 signed envelopes at
//! `POST /v1/commands`; reads serve the alliance, balances, the log and the
//! OpenAPI document. Only this crate knows HTTP.

mod api;
mod error;
mod hub;
mod reads;
mod sequencer;
pub mod wire;

use std::net::SocketAddr;
use std::sync::Arc;

pub use api::{ApiDoc, MAX_REQUEST_BYTES, router};
pub use error::{ApiError, ApiResult, ErrorBody, ErrorDetail};
pub use hub::{Accepted, Clock, Hub, HubError, system_clock};

/// Serves the hub on `listener` until ctrl-c.
pub async fn serve(hub: Arc<Hub>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let app = router(hub).layer(tower_http::trace::TraceLayer::new_for_http());
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
