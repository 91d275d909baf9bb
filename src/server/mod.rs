//! `rl-lint serve`: the checker page for report writers and a JSON API
//! for other systems, over the same engine call as the command line.
//!
//! The engine is synchronous and CPU-bound, so every check runs on
//! tokio's blocking pool under a semaphore ([`AppState::run`]): at most
//! `max_checks` at once, the rest wait up to `queue_wait` and then get a
//! 503 with `Retry-After`. The body size limit comes from the engine's
//! report size limit; slow clients and keep-alive are left to hyper, a
//! request that takes too long gets a 408 from tower-http.
//!
//! Nothing a request carries is written to disk or logged: reports live
//! in memory for the length of the request.
//!
//! Another face adds its routes in [`router`]: a handler takes
//! `State<AppState>` and calls `state.run(move |engine, base| …)` with a
//! synchronous function of the shared [`Engine`] and the [`Settings`]
//! every check starts from (the check budget, the cancel flag).

mod api;
mod error;
mod guard;
pub mod languagetool;
mod page;
mod request;

pub use error::ApiError;

use crate::engine::{Engine, Settings};
use axum::routing::{get, post};
use axum::Router;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// What an operator may set about the server (`rl-lint serve` flags).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Checks run at once; the others wait.
    pub max_checks: usize,
    /// How long a request waits for a check slot before a 503.
    pub queue_wait: Duration,
    /// The whole request, from its first byte to the answer.
    pub request_timeout: Duration,
    /// How long one check may run ([`Settings::timeout`]): over it, the
    /// answer is the one finding that says the check was stopped.
    pub check_budget: Duration,
    /// Origins (`https://oa.example.gov.cn`) whose pages may post to the
    /// server; a browser's post from any other origin is refused.
    pub allowed_origins: Vec<String>,
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
        }
    }
}

/// What every handler shares: the engine, the check slots, the limits.
#[derive(Clone)]
pub struct AppState {
    engine: Arc<Engine>,
    checks: Arc<Semaphore>,
    limits: Arc<Limits>,
}

impl AppState {
    pub fn new(engine: Engine, limits: Limits) -> AppState {
        AppState {
            engine: Arc::new(engine),
            checks: Arc::new(Semaphore::new(limits.max_checks.max(1))),
            limits: Arc::new(limits),
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The largest request body: a report and last year's report at the
    /// engine's size limit, and the form around them.
    pub fn max_body(&self) -> usize {
        let report = usize::try_from(self.engine.max_file_size()).unwrap_or(usize::MAX / 4);
        report.saturating_mul(2).saturating_add(64 * 1024)
    }

    /// Runs `work` on the blocking pool once a check slot is free: the
    /// one way a handler calls the engine. `work` gets the settings every
    /// check of the server starts from: the check budget, and a cancel
    /// flag set when the request is dropped (its timeout, a client gone),
    /// so that a check nobody waits for stops instead of holding its slot.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Engine, Settings) -> T + Send + 'static,
        T: Send + 'static,
    {
        let cancel = Arc::new(AtomicBool::new(false));
        let _cancel_when_dropped = CancelOnDrop(cancel.clone());
        let base = Settings {
            timeout: Some(self.limits.check_budget),
            cancel: Some(cancel),
            ..Settings::default()
        };
        let permit =
            tokio::time::timeout(self.limits.queue_wait, self.checks.clone().acquire_owned())
                .await
                .map_err(|_| ApiError::busy())?
                .map_err(|_| ApiError::busy())?;
        let engine = self.engine.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&engine, base)
        })
        .await
        // A panic in a check is a bug in rl-lint: the request fails, the
        // server goes on.
        .map_err(|_| ApiError::internal())
    }
}

/// Sets its flag when dropped: with the future of a request, when the
/// request ends, answered or not.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Every route, with the limits and security headers around them.
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
    guard::wrap(routes, &state, max_body).with_state(state)
}

/// Binds `host:port` (port 0 picks a free one).
pub async fn bind(host: &str, port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind((host, port)).await
}

/// Serves until `shutdown` completes, then finishes the requests under way.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
