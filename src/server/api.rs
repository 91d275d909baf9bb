//! The JSON API: `POST /api/lint`, `GET /api/rules`, `GET /healthz`.

use super::error::ApiError;
use super::request::{CheckRequest, QueryOptions};
use super::AppState;
use crate::engine::Checked;
use crate::render::rule_docs;
use axum::extract::{Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

/// `POST /api/lint`: the report as a raw body (`?filename=报告.docx`, and
/// `year`, `packs`, `fix` in the query) or a multipart form (fields
/// `file`, `baseline`, `year`, `packs`, `fix`). Answers
/// `{path, encoding, findings, outline}` (findings as `--format json`
/// writes them), and `fixed` (`{text, findings, edits}`) when `fix` was
/// asked for and something could be fixed.
pub async fn lint(
    State(state): State<AppState>,
    Query(query): Query<QueryOptions>,
    request: Request,
) -> Result<Response, ApiError> {
    let received = state.receive(request).await?;
    let max_body = state.max_body();
    let runtime = tokio::runtime::Handle::current();
    let answer = state
        .run_for(received.body.len(), move |engine, base| {
            // The form is read here, on the blocking pool, from the body
            // in memory: nothing of it waits on the network.
            let (request, _memory) = received.into_request();
            let request = runtime.block_on(CheckRequest::read(request, query, max_body))?;
            if !request.given {
                return Err(ApiError::bad_request(
                    "no report in the request: send it as the body, or as the `file` field of a multipart form",
                ));
            }
            let checked = request.check(engine, base)?;
            let fixed = checked
                .fixed
                .as_ref()
                .filter(|f| f.findings > 0)
                .map(|fixed| FixedAnswer {
                    text: &fixed.text,
                    findings: fixed.findings,
                    edits: fixed.edits,
                });
            let answer = LintAnswer {
                checked: &checked,
                fixed,
            };
            serde_json::to_vec(&answer).map_err(|_| ApiError::internal())
        })
        .await??;
    Ok(([(header::CONTENT_TYPE, "application/json")], answer).into_response())
}

#[derive(Serialize)]
struct LintAnswer<'a> {
    #[serde(flatten)]
    checked: &'a Checked,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<FixedAnswer<'a>>,
}

#[derive(Serialize)]
struct FixedAnswer<'a> {
    text: &'a str,
    findings: usize,
    edits: usize,
}

/// `GET /api/rules`: the active rules, as `--list-rules --format json`.
pub async fn rules(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        rule_docs::list_rules_json(state.engine().linter().active()),
    )
        .into_response()
}

/// `GET /healthz`: the server is up.
pub async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "request::not_found",
        "no such page; the checker is at /, the API at /api/lint",
    )
}
