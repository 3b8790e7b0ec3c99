//! Rate limits: per client IP on every request (tower_governor), per signing
//! address on commands (governor, checked after the signature is recovered).
//! Both answer 429 with `Retry-After`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Request, Response, StatusCode, header::RETRY_AFTER};
use axum::response::IntoResponse;
use concord_core::Address;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tower_governor::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;

use crate::error::ApiError;

/// A rate: `per_second` sustained, bursts up to `burst`; `per_second = 0` disables it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    /// Requests per second, sustained.
    pub per_second: u32,
    /// Requests allowed at once.
    pub burst: u32,
}

impl Rate {
    /// No limit.
    pub const OFF: Rate = Rate { per_second: 0, burst: 0 };

    fn quota(self) -> Option<Quota> {
        let per_second = NonZeroU32::new(self.per_second)?;
        let burst = NonZeroU32::new(self.burst.max(self.per_second)).unwrap_or(per_second);
        Some(Quota::per_second(per_second).allow_burst(burst))
    }
}

/// The client's IP from the connection, or `0.0.0.0` when the router runs
/// without a socket (tests), so every such request shares one bucket.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PeerIp;

impl KeyExtractor for PeerIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        Ok(req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip()))
    }
}

fn too_many(wait_secs: u64, who: &str) -> Response<Body> {
    let mut answer = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        who,
        format!("{who}: too many requests; retry in {wait_secs} s"),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&wait_secs.to_string()) {
        answer.headers_mut().insert(RETRY_AFTER, v);
    }
    answer
}

/// The per-IP layer, or `None` when the rate is off.
pub(crate) fn per_ip(
    rate: Rate,
) -> Option<
    tower_governor::GovernorLayer<
        PeerIp,
        governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
        Body,
    >,
> {
    rate.quota()?;
    let config = GovernorConfigBuilder::default()
        .key_extractor(PeerIp)
        .period(Duration::from_nanos(1_000_000_000 / u64::from(rate.per_second.max(1))))
        .burst_size(rate.burst.max(rate.per_second))
        .finish()?;
    Some(tower_governor::GovernorLayer::new(Arc::new(config)).error_handler(|e| match e {
        GovernorError::TooManyRequests { wait_time, .. } => too_many(wait_time.max(1), "ip"),
        other => {
            let (parts, body) = other.into_response().into_parts();
            Response::from_parts(parts, Body::from(body))
        }
    }))
}

/// Commands per signing address.
pub(crate) struct SignerLimit {
    limiter: Option<DefaultKeyedRateLimiter<Address>>,
}

impl SignerLimit {
    pub(crate) fn new(rate: Rate) -> Self {
        Self { limiter: rate.quota().map(RateLimiter::keyed) }
    }

    /// `Ok` when `signer` may send a command now; otherwise the 429 to answer.
    pub(crate) fn check(&self, signer: Address) -> Result<(), ApiError> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        limiter.check_key(&signer).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            ApiError::rate_limited(
                "account",
                secs.max(1),
                format!("account: {signer} sends too many commands"),
            )
        })
    }

    /// Forgets addresses idle long enough to be back at a full burst.
    pub(crate) fn sweep(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
        }
    }
}
