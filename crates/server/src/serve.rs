//! The hub's HTTP/1.1 server: a cap on concurrent connections, a header-read
//! timeout (which also closes idle keep-alive connections), a request timeout
//! that bounds slow bodies, and a graceful shutdown that lets in-flight
//! commands finish.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::{Hub, Options, router_with};

/// Connection limits and timeouts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most connections open at once; more are closed at accept.
    pub max_connections: usize,
    /// A client must send a request's headers within this time, also while a
    /// kept-alive connection is idle.
    pub header_timeout: Duration,
    /// A request (body included) must complete within this time (408).
    pub request_timeout: Duration,
    /// How long shutdown waits for in-flight requests.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(15),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Serves the hub on `listener` until ctrl-c (or `shutdown` resolves).
pub async fn serve(hub: Arc<Hub>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    serve_with(hub, listener, &Options::default(), Limits::default(), ctrl_c).await
}

/// Serves with explicit options and limits, until `shutdown` resolves.
pub async fn serve_with(
    hub: Arc<Hub>,
    listener: tokio::net::TcpListener,
    options: &Options,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let app = router_with(hub.clone(), options)
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(axum::middleware::from_fn(crate::middleware::json_errors))
        .layer(tower_http::trace::TraceLayer::new_for_http());
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let sweeper = tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            hub.sweep_limits();
        }
    });
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!(%peer, "connection cap reached; closing");
            drop(stream);
            continue;
        };
        let service = app.clone().map_request(move |request: hyper::Request<hyper::body::Incoming>| {
            let mut request = request.map(axum::body::Body::new);
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            request
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true);
        let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection closed");
            }
            drop(slot);
        });
    }
    sweeper.abort();
    drop(listener);
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown()).await.is_err() {
        tracing::warn!("shutdown grace ran out with connections still open");
    }
    Ok(())
}
