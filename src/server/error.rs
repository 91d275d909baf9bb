//! Errors as the server answers them: a 4xx status for bad input, with
//! the command line's words, as `{"error": {"code", "message", "help"}}`.

use crate::engine::CheckError;
use crate::input::InputError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use miette::Diagnostic;
use serde::Serialize;
use std::time::Duration;

/// Seconds a client is asked to wait when every check slot is taken.
pub const RETRY_AFTER_SECONDS: u64 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    /// A stable code: the CLI's diagnostic code (`input::empty`) or one of
    /// the server's (`request::…`, `server::busy`).
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: code.to_string(),
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> ApiError {
        self.help = Some(help.into());
        self
    }

    /// A request the server cannot read as asked (a bad option).
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "request::invalid", message)
    }

    pub fn busy() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "server::busy",
            "服务器正忙：同时检查的报告已达上限，这份报告未能排上队。",
        )
        .with_help(format!("请 {RETRY_AFTER_SECONDS} 秒后重试。"))
    }

    /// The whole request took longer than `--timeout`.
    pub fn timeout(limit: Duration) -> ApiError {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request::timeout",
            format!("请求超过 {} 秒仍未完成，已停止检查。", limit.as_secs()),
        )
        .with_help("一份报告通常不到一秒即可检查完；请检查网络后重试，或把报告分成几部分提交。")
    }

    /// The body did not arrive within `--body-timeout`.
    pub fn body_timeout(limit: Duration) -> ApiError {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request::timeout",
            format!("报告内容在 {} 秒内没有传完。", limit.as_secs()),
        )
        .with_help("请一次提交完整的报告；网络较慢时请稍后重试。")
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server::internal",
            "rl-lint failed while checking this report; this is a bug in rl-lint",
        )
    }

    pub fn too_large(limit: &str) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "input::too_large",
            format!("the request is over the size limit of {limit}"),
        )
        .with_help("a report is rarely larger than 1 MB: check that this is the report; the server's operator can raise the limit with --max-file-size")
    }

    pub fn from_diagnostic(status: StatusCode, err: &dyn Diagnostic) -> ApiError {
        ApiError {
            status,
            code: err
                .code()
                .map_or_else(|| "input::invalid".to_string(), |c| c.to_string()),
            message: err.to_string(),
            help: err.help().map(|h| h.to_string()),
        }
    }
}

impl From<InputError> for ApiError {
    fn from(err: InputError) -> ApiError {
        let status = match &err {
            InputError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            InputError::Binary { .. }
            | InputError::UnknownEncoding { .. }
            | InputError::Wps { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            InputError::Empty { .. }
            | InputError::Blank { .. }
            | InputError::Docx { .. }
            | InputError::Pdf { .. }
            | InputError::Ofd { .. }
            | InputError::Odt { .. }
            | InputError::Doc { .. }
            | InputError::Web { .. }
            | InputError::Encrypted { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            InputError::Io { .. } => StatusCode::BAD_REQUEST,
        };
        ApiError::from_diagnostic(status, &err)
    }
}

impl From<CheckError> for ApiError {
    fn from(err: CheckError) -> ApiError {
        match err {
            CheckError::Input(err) => err.into(),
            CheckError::Selector(err) => {
                let mut api = ApiError::from_diagnostic(StatusCode::BAD_REQUEST, &err);
                api.code = "request::unknown_rule".to_string();
                api
            }
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a ApiError,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(Body { error: &self })).into_response();
        response
            .extensions_mut()
            .insert(super::log::Refusal(self.code.clone()));
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
    }
}
