//! `POST /v2/check` and `GET /v2/languages`: the LanguageTool HTTP API
//! over [`crate::server::languagetool`], so that LibreOffice Writer's remote
//! checker and other LanguageTool clients show rl-lint's findings. Errors
//! are plain text with LanguageTool's status codes, as its clients expect.

use crate::server::languagetool::{self, form, LtError};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// `POST /v2/check` with the form fields `text` or `data`, and `language`:
/// URL-encoded, or raw as LibreOffice 7.x sends them ([`form`]). The
/// form is parsed, checked and the answer serialised in the check's slot.
pub async fn check(State(state): State<AppState>, request: Request) -> Response {
    let received = match state.receive(request).await {
        Ok(received) => received,
        Err(err) => {
            return plain_error(LtError {
                status: err.status.as_u16(),
                message: format!("Error: {}", err.message),
            })
        }
    };
    let answer = state
        .run_for(received.body.len(), move |engine, base| {
            let form = form::parse(&received.body)?;
            let answer = languagetool::check(engine, &form, &base)?;
            serde_json::to_vec(&answer).map_err(|e| LtError {
                status: 500,
                message: format!("Error: {e}"),
            })
        })
        .await;
    match answer {
        Ok(Ok(json)) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Ok(Err(err)) => plain_error(err),
        Err(busy_or_failed) => busy_or_failed.into_response(),
    }
}

/// `GET /v2/languages`.
pub async fn languages() -> Response {
    Json(languagetool::languages()).into_response()
}

fn plain_error(err: LtError) -> Response {
    let status = StatusCode::from_u16(err.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = (status, err.message).into_response();
    response
        .extensions_mut()
        .insert(crate::server::log::Refusal(format!(
            "languagetool::{}",
            err.status
        )));
    response
}
