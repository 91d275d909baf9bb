//! What stands around every route: the body size limit, the request
//! timeout, the refusal of cross-origin posts, the security headers, and
//! JSON bodies for the errors that the layers answer themselves.

use super::error::ApiError;
use super::AppState;
use crate::input::limits::format_size;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// Only the server's own scripts, styles and forms; no inline script or
/// handler, no other origin, no framing. `data:` images for nothing but
/// the browser's own; downloads of the fixed text are `data:` links,
/// which are navigations, not loads.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub fn wrap(routes: Router<AppState>, state: &AppState, max_body: usize) -> Router<AppState> {
    routes
        .layer(middleware::from_fn_with_state(state.clone(), same_origin))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.limits.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            json_for_bare_errors,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // Not `no-referrer`: under it a browser sends `Origin: null` with
        // the page's own form, which `same_origin` cannot tell from a
        // sandboxed page of another site. The page's addresses carry
        // nothing to hide, and no other site is sent them.
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// Refuses a browser's post from a page of another origin (another site
/// must not make a clerk's browser send reports here), unless the
/// operator allowed that origin. Clients that are not browsers send no
/// `Origin` and are let through.
async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() == Method::GET || request.method() == Method::HEAD {
        return next.run(request).await;
    }
    let headers = request.headers();
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let allowed = match origin {
        None => fetch_site != Some("cross-site"),
        // A browser that hides the origin still says where the post comes
        // from; a sandboxed page of another site is not `same-origin`.
        Some("null") => fetch_site == Some("same-origin"),
        Some(origin) => {
            let own = host.is_some_and(|host| {
                origin
                    .split_once("://")
                    .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host))
            });
            own || state
                .limits
                .allowed_origins
                .iter()
                .any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin))
        }
    };
    if allowed {
        next.run(request).await
    } else {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "request::cross_origin",
            format!(
                "a post from {} is refused: only this server's own pages may post to it",
                origin.unwrap_or("another site")
            ),
        )
        .with_help("the server's operator can allow an origin with --allow-origin")
        .into_response()
    }
}

/// The body limit and the timeout answer with an empty or plain body;
/// clients get the same JSON error body as from the handlers.
async fn json_for_bare_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    // The page's form is answered with a page, the API with JSON.
    let from_page = request.uri().path() == "/check";
    let response = next.run(request).await;
    let described = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"));
    if described {
        return response;
    }
    let error = match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large(&format_size(state.max_body() as u64)),
        StatusCode::REQUEST_TIMEOUT => ApiError::timeout(state.limits.request_timeout),
        _ => return response,
    };
    if from_page {
        super::page::error_page(state.engine(), &error)
    } else {
        error.into_response()
    }
}
