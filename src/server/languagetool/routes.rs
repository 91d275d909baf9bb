//! `POST /v2/check` and `GET /v2/languages`: the LanguageTool HTTP API
//! over [`crate::server::languagetool`], so that LibreOffice Writer's remote
//! checker and other LanguageTool clients show rl-lint's findings. Errors
//! are plain text with LanguageTool's status codes, as its clients expect.

use crate::server::languagetool::{self, form, LtError};
use crate::server::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// `POST /v2/check` with the form fields `text` or `data`, and `language`:
/// URL-encoded, or raw as LibreOffice 7.x sends them ([`form`]).
pub async fn check(State(state): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            return plain_error(LtError {
                status: rejection.status().as_u16(),
                message: format!("Error: {}", rejection.body_text()),
            })
        }
    };
    let form = match form::parse(&body) {
        Ok(form) => form,
        Err(err) => return plain_error(err),
    };
    match state
        .run(move |engine, base| languagetool::check(engine, &form, &base))
        .await
    {
        Ok(Ok(answer)) => Json(answer).into_response(),
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
    (status, err.message).into_response()
}
