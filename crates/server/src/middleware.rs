//! Layers around every route: one JSON error shape for every failure (404,
//! 405, extractor rejections, panics), CORS for browser wallets.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;

/// Longest part of a rejection's text echoed back.
const MAX_ECHO: usize = 200;

fn code_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        s if s.is_client_error() => "bad_request",
        _ => "internal_error",
    }
}

/// Rewrites any error response that is not already `{"error": …}` JSON (axum's
/// plain-text rejections, empty 404/405 bodies) into the documented shape,
/// keeping its status and headers (`Allow`, `Retry-After`).
pub(crate) async fn json_errors(request: Request, next: Next) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let response = next.run(request).await;
    let status = response.status();
    let is_json =
        response.headers().get(CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let mut shown: String = text.chars().take(MAX_ECHO).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    let shown_path: String = path.chars().take(MAX_ECHO).collect();
    let (field, message) = match status {
        StatusCode::NOT_FOUND => ("path", format!("path: no route for {method} {shown_path}")),
        StatusCode::METHOD_NOT_ALLOWED => {
            ("method", format!("method: {method} is not allowed on {shown_path}"))
        }
        _ if shown.is_empty() => {
            ("request", format!("request: {}", status.canonical_reason().unwrap_or("failed")))
        }
        _ if shown.contains("path") || shown.contains("Invalid URL") => ("path", format!("path: {shown}")),
        _ => ("request", format!("request: {shown}")),
    };
    let mut answer = ApiError::new(status, code_of(status), field, message).into_response();
    parts.headers.remove(CONTENT_TYPE);
    parts.headers.remove(CONTENT_LENGTH);
    for (name, value) in parts.headers.drain().filter_map(|(n, v)| n.map(|n| (n, v))) {
        answer.headers_mut().insert(name, value);
    }
    answer
}

/// The answer to a panic in a handler: the documented 500, nothing else leaks.
pub(crate) fn panic_answer(_: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "request",
        "request: the hub failed on this request",
    )
    .into_response()
}

/// CORS for the given origins (`*` allows any); none: no CORS headers at all.
pub(crate) fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
            .allow_headers([CONTENT_TYPE])
            .expose_headers([axum::http::header::RETRY_AFTER])
            .max_age(std::time::Duration::from_secs(600)),
    )
}
