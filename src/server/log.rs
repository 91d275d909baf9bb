//! The request log: one line per request, through `tracing` and
//! tower-http's trace layer. It says who asked for what and how it went
//! (client, method, route, status, bytes, milliseconds, and the code of a
//! refusal), never what a request carried: no report text, no file name,
//! no query string, as the checker page promises.
//!
//! ```text
//! INFO request{method=POST route=/api/lint client=10.0.0.7}: status=200 bytes=48211 ms=37
//! INFO request{method=POST route=/check client=10.0.0.9}: status=503 bytes=812 ms=10001 refused=server::busy
//! ```

use axum::body::HttpBody;
use axum::extract::MatchedPath;
use axum::http::{header, Request, Response};
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{MakeSpan, OnResponse, TraceLayer};
use tracing::Span;

/// The address a connection came from, put on each of its requests by
/// [`super::serve`].
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// The code of a refusal (`server::busy`, `input::too_large`), put on an
/// error answer for the log.
#[derive(Debug, Clone)]
pub struct Refusal(pub String);

/// The trace layer of [`super::router`].
pub type LogLayer =
    TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RequestSpan, (), ResponseLine, (), (), ()>;

pub fn layer() -> LogLayer {
    TraceLayer::new_for_http()
        .make_span_with(RequestSpan)
        .on_request(())
        .on_response(ResponseLine)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}

/// A request's span: its method, its route (the route's pattern, never
/// the query string), and the client.
#[derive(Debug, Clone, Copy)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, request: &Request<B>) -> Span {
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map_or("(other)", MatchedPath::as_str);
        match client(request) {
            Some(client) => tracing::info_span!(
                "request",
                method = %request.method(),
                route,
                client = %client
            ),
            None => tracing::info_span!("request", method = %request.method(), route),
        }
    }
}

/// The client's address: the peer's, or the one a reverse proxy on this
/// machine (nginx) names in `X-Real-IP`.
fn client<B>(request: &Request<B>) -> Option<String> {
    let peer = request.extensions().get::<Peer>().map(|p| p.0)?;
    if peer.ip().is_loopback() {
        let forwarded = request
            .headers()
            .get("x-real-ip")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok());
        if let Some(ip) = forwarded {
            return Some(ip.to_string());
        }
    }
    Some(peer.ip().to_string())
}

/// The line written when the answer's head is sent.
#[derive(Debug, Clone, Copy)]
pub struct ResponseLine;

impl<B: HttpBody> OnResponse<B> for ResponseLine {
    fn on_response(self, response: &Response<B>, latency: Duration, span: &Span) {
        let status = response.status().as_u16();
        let bytes = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .or_else(|| response.body().size_hint().exact());
        let ms = latency.as_millis() as u64;
        let refused = response.extensions().get::<Refusal>().map(|r| r.0.as_str());
        match (bytes, refused) {
            (Some(bytes), Some(refused)) => {
                tracing::info!(parent: span, status, bytes, ms, refused)
            }
            (Some(bytes), None) => tracing::info!(parent: span, status, bytes, ms),
            (None, Some(refused)) => tracing::info!(parent: span, status, ms, refused),
            (None, None) => tracing::info!(parent: span, status, ms),
        }
    }
}

/// Writes the log to stderr, at `INFO` and above (the journal's when run
/// by systemd). A log that cannot be written (stderr closed) is dropped:
/// the server goes on.
pub fn init() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .log_internal_errors(false)
        .with_target(false)
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
}
