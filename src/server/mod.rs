//! `rl-lint serve`: the checker page for report writers and a JSON API
//! for other systems, over the same engine call as the command line.
//!
//! What one client can hold, and for how long, is bounded:
//! - **Connections** ([`serve`]): at most `max_connections` open (the
//!   next ones are closed at once); a connection that has not sent a
//!   whole request head within `header_timeout`, whether new or idle
//!   between keep-alive requests, is closed by hyper's timer.
//! - **Memory** ([`AppState::receive`]): a body is read under one memory
//!   budget that every request shares (`body_memory`): a request first
//!   reserves its announced size (the largest body when it announces
//!   none), waits for it at most `queue_wait` (then 503), and must send
//!   its body within `body_timeout` (then 408).
//! - **CPU** ([`AppState::run`]): the engine is synchronous and
//!   CPU-bound, so everything a route computes (reading the form, the
//!   check, the page, the serialised answer) runs on tokio's blocking
//!   pool under a semaphore: at most `max_checks` at once, the rest wait
//!   up to `queue_wait` and then get a 503 with `Retry-After`. A check
//!   has `check_budget`, and stops as soon as its request is dropped (the
//!   request timeout, a client gone), freeing its slot.
//!
//! Every request is logged in one line ([`log`]): method, route, status,
//! bytes, milliseconds and, for a refusal, its code. Nothing a request
//! carries (report text, file name, query string) is written to disk or
//! logged: reports live in memory for the length of the request.
//!
//! Another face adds its routes in [`router`]: a handler takes
//! `State<AppState>`, reads its body with [`AppState::receive`] and calls
//! `state.run(move |engine, base| …)` with a synchronous function of the
//! shared [`Engine`] and the [`Settings`] every check starts from (the
//! check budget, the cancel flag) that returns the finished answer.

mod api;
mod error;
mod guard;
pub mod languagetool;
pub mod log;
mod page;
mod request;

pub use error::ApiError;

use crate::engine::{Engine, Settings};
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::header;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// What an operator may set about the server (`rl-lint serve` flags).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Checks run at once; the others wait.
    pub max_checks: usize,
    /// How long a request waits for a check slot, or for its share of
    /// the body memory, before a 503.
    pub queue_wait: Duration,
    /// The whole request, from its first byte to the answer.
    pub request_timeout: Duration,
    /// How long one check may run ([`Settings::timeout`]): over it, the
    /// answer is the one finding that says the check was stopped.
    pub check_budget: Duration,
    /// Origins (`https://oa.example.gov.cn`) whose pages may post to the
    /// server; a browser's post from any other origin is refused.
    pub allowed_origins: Vec<String>,
    /// Connections open at once; one more is closed as soon as it is
    /// accepted.
    pub max_connections: usize,
    /// How long a connection may take to send a request head: a new one,
    /// and one kept alive between requests (the idle timeout).
    pub header_timeout: Duration,
    /// How long a request may take to send its body once its memory is
    /// reserved.
    pub body_timeout: Duration,
    /// Bytes of request bodies held at once, by every request together
    /// (`None`: `max_checks` bodies of the largest size).
    pub body_memory: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_checks: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue_wait: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            // Under the request timeout less the queue wait, so that the
            // writer is told the check was stopped rather than a bare 408.
            check_budget: Duration::from_secs(40),
            allowed_origins: Vec::new(),
            max_connections: 4096,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            body_memory: None,
        }
    }
}

/// A request body over this is a large report (a 13 KB report is an
/// ordinary one; a whole year's report is rarely over 200 KB of text,
/// more as a Word document).
pub const LARGE_BODY: usize = 512 * 1024;

/// The body memory budget counts KiB, so that a semaphore's `u32`
/// permits cover budgets of terabytes.
const MEMORY_UNIT: u64 = 1024;

/// What every handler shares: the engine, the check slots, the body
/// memory, the limits.
#[derive(Clone)]
pub struct AppState {
    engine: Arc<Engine>,
    checks: Arc<Semaphore>,
    /// The slots a large report may take: all but one, so that large
    /// reports posted in a loop never keep ordinary ones waiting behind
    /// them.
    large_checks: Arc<Semaphore>,
    memory: Arc<Semaphore>,
    /// The memory budget in [`MEMORY_UNIT`]s.
    memory_units: u32,
    limits: Arc<Limits>,
}

/// A request's body, read under the shared memory budget: its share is
/// given back when this is dropped, once the answer is made.
pub struct Received {
    pub parts: Parts,
    pub body: Bytes,
    _memory: OwnedSemaphorePermit,
}

impl Received {
    /// The request again, for extractors that read a whole request
    /// (a multipart form).
    pub fn into_request(self) -> (Request, OwnedSemaphorePermit) {
        (
            Request::from_parts(self.parts, axum::body::Body::from(self.body)),
            self._memory,
        )
    }
}

impl AppState {
    pub fn new(engine: Engine, limits: Limits) -> AppState {
        let max_checks = limits.max_checks.max(1);
        let max_body = max_body_of(&engine) as u64;
        let budget = limits
            .body_memory
            .unwrap_or_else(|| max_body.saturating_mul(max_checks as u64))
            // One body of the largest size always fits.
            .max(max_body);
        let memory_units = u32::try_from(budget.div_ceil(MEMORY_UNIT)).unwrap_or(u32::MAX);
        AppState {
            engine: Arc::new(engine),
            checks: Arc::new(Semaphore::new(max_checks)),
            large_checks: Arc::new(Semaphore::new(max_checks.saturating_sub(1).max(1))),
            memory: Arc::new(Semaphore::new(memory_units as usize)),
            memory_units,
            limits: Arc::new(limits),
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The largest request body: a report and last year's report at the
    /// engine's size limit, and the form around them.
    pub fn max_body(&self) -> usize {
        max_body_of(&self.engine)
    }

    /// The bytes of request bodies held at once, at most.
    pub fn body_memory(&self) -> u64 {
        u64::from(self.memory_units) * MEMORY_UNIT
    }

    /// Holds a check slot until the permit is dropped, if one is free: a
    /// test's way to fill the server deterministically.
    #[doc(hidden)]
    pub fn try_hold_check_slot(&self) -> Option<OwnedSemaphorePermit> {
        self.checks.clone().try_acquire_owned().ok()
    }

    /// Holds one of the slots for large reports, if one is free (a test's
    /// hook, as [`AppState::try_hold_check_slot`]).
    #[doc(hidden)]
    pub fn try_hold_large_slot(&self) -> Option<OwnedSemaphorePermit> {
        self.large_checks.clone().try_acquire_owned().ok()
    }

    /// Reads a request's body under the shared memory budget: first
    /// reserves its announced length (the largest body when it announces
    /// none) within `queue_wait`, then reads it within `body_timeout`.
    /// A body announced over the limit is refused before it is read.
    pub async fn receive(&self, request: Request) -> Result<Received, ApiError> {
        let max_body = self.max_body();
        let too_large = || ApiError::too_large(&crate::input::limits::format_size(max_body as u64));
        let announced = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let limit = match announced {
            Some(n) if n > max_body as u64 => return Err(too_large()),
            Some(n) => n as usize,
            None => max_body,
        };
        let units = u32::try_from((limit as u64).div_ceil(MEMORY_UNIT))
            .unwrap_or(u32::MAX)
            .min(self.memory_units);
        let memory = tokio::time::timeout(
            self.limits.queue_wait,
            self.memory.clone().acquire_many_owned(units),
        )
        .await
        .map_err(|_| ApiError::busy())?
        .map_err(|_| ApiError::busy())?;
        let (parts, body) = request.into_parts();
        let body =
            tokio::time::timeout(self.limits.body_timeout, axum::body::to_bytes(body, limit))
                .await
                .map_err(|_| ApiError::body_timeout(self.limits.body_timeout))?
                .map_err(|_| too_large())?;
        Ok(Received {
            parts,
            body,
            _memory: memory,
        })
    }

    /// Runs `work` on the blocking pool once a check slot is free: the
    /// one way a handler calls the engine, and where it builds its whole
    /// answer (the page, the serialised JSON). `work` gets the settings
    /// every check of the server starts from: the check budget, and a
    /// cancel flag set when the request is dropped (its timeout, a client
    /// gone), so that a check nobody waits for stops instead of holding
    /// its slot.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Engine, Settings) -> T + Send + 'static,
        T: Send + 'static,
    {
        self.run_for(0, work).await
    }

    /// [`AppState::run`] for a request of `body` bytes: a body over
    /// [`LARGE_BODY`] also needs one of the slots for large reports (all
    /// but one of the slots, when there are two or more), so that one slot
    /// stays for ordinary reports however many large ones are posted.
    pub async fn run_for<T, F>(&self, body: usize, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Engine, Settings) -> T + Send + 'static,
        T: Send + 'static,
    {
        let waited = tokio::time::Instant::now();
        let large = if body > LARGE_BODY && self.limits.max_checks > 1 {
            let permit = tokio::time::timeout(
                self.limits.queue_wait,
                self.large_checks.clone().acquire_owned(),
            )
            .await
            .map_err(|_| ApiError::busy())?
            .map_err(|_| ApiError::busy())?;
            Some(permit)
        } else {
            None
        };
        let queue_wait = self.limits.queue_wait.saturating_sub(waited.elapsed());
        let cancel = Arc::new(AtomicBool::new(false));
        let _cancel_when_dropped = CancelOnDrop(cancel.clone());
        let base = Settings {
            timeout: Some(self.limits.check_budget),
            cancel: Some(cancel),
            ..Settings::default()
        };
        let permit = tokio::time::timeout(queue_wait, self.checks.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::busy())?
            .map_err(|_| ApiError::busy())?;
        let engine = self.engine.clone();
        tokio::task::spawn_blocking(move || {
            let _permits = (permit, large);
            work(&engine, base)
        })
        .await
        // A panic in a check is a bug in rl-lint: the request fails, the
        // server goes on.
        .map_err(|_| ApiError::internal())
    }
}

fn max_body_of(engine: &Engine) -> usize {
    let report = usize::try_from(engine.max_file_size()).unwrap_or(usize::MAX / 4);
    report.saturating_mul(2).saturating_add(64 * 1024)
}

/// Sets its flag when dropped: with the future of a request, when the
/// request ends, answered or not.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Every route, with the limits, security headers and the request log
/// around them.
pub fn router(state: AppState) -> Router {
    let max_body = state.max_body();
    let routes = Router::new()
        .route("/", get(page::form))
        .route("/check", post(page::check))
        .route("/sample", get(page::sample))
        .route("/assets/style.css", get(page::style))
        .route("/assets/checker.js", get(page::script))
        .route("/api/lint", post(api::lint))
        .route("/api/rules", get(api::rules))
        .route("/healthz", get(api::health))
        .route("/v2/check", post(languagetool::routes::check))
        .route("/v2/languages", get(languagetool::routes::languages))
        .fallback(api::not_found);
    guard::wrap(routes, &state, max_body)
        .layer(log::layer())
        .with_state(state)
}

/// Binds `host:port` (port 0 picks a free one).
pub async fn bind(host: &str, port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind((host, port)).await
}

/// Serves until `shutdown` completes, then finishes the requests under
/// way (for at most the request timeout). Each connection is served by
/// hyper with a timer, so that its header-read timeout fires; at most
/// `max_connections` are open at once.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.limits.clone();
    let app = router(state);
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, or a connection reset
                    // before it was accepted: wait a little, go on.
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            tracing::warn!(
                refused = "server::connections",
                max = limits.max_connections,
                "too many open connections: one closed"
            );
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(log::Peer(peer));
                let mut app = app.clone();
                async move {
                    let request = request.map(axum::body::Body::new);
                    tower_service::Service::call(&mut app, request).await
                }
            },
        );
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _permit = permit;
            // A client that goes away, or sends what is not HTTP, ends its
            // own connection; nothing to report.
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(limits.request_timeout, graceful.shutdown()).await;
    Ok(())
}
