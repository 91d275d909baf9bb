//! The shapes LanguageTool's clients send and read: the check form, the
//! response with its matches, and the language list. Field names are
//! LanguageTool's (camelCase); they are a contract with those clients.

use super::*;

/// The form fields of `POST /v2/check` that rl-lint reads; the others
/// (`motherTongue`, `level`, `preferredVariants`…) are accepted and
/// ignored, as LanguageTool ignores what does not apply to a language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckForm {
    /// The text to check.
    pub text: Option<String>,
    /// Or annotated text: `{"annotation": [{"text": …}, {"markup": …,
    /// "interpretAs": …}]}`; offsets then count in the markup too.
    pub data: Option<String>,
    /// `zh-CN`, `zh` or `auto`.
    pub language: Option<String>,
    /// Rule ids whose matches are not wanted, comma-separated.
    pub disabled_rules: Option<String>,
    /// With `enabledOnly=true`: the only rule ids wanted.
    pub enabled_rules: Option<String>,
    pub enabled_only: Option<String>,
}

/// A request LanguageTool would refuse, with the HTTP status it would
/// answer and its plain-text message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LtError {
    pub status: u16,
    pub message: String,
}

impl LtError {
    pub(super) fn bad_request(message: impl Into<String>) -> LtError {
        LtError {
            status: 400,
            message: format!("Error: {}", message.into()),
        }
    }
}

/// The answer to `POST /v2/check`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResponse {
    pub software: Software,
    pub warnings: Warnings,
    pub language: ResponseLanguage,
    pub matches: Vec<Match>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Software {
    pub name: &'static str,
    pub version: &'static str,
    pub build_date: &'static str,
    pub api_version: u32,
    pub premium: bool,
    pub status: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warnings {
    pub incomplete_results: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseLanguage {
    pub name: &'static str,
    pub code: &'static str,
    pub detected_language: DetectedLanguage,
}

#[derive(Debug, Clone, Serialize)]
pub struct DetectedLanguage {
    pub name: &'static str,
    pub code: &'static str,
    pub confidence: f64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    pub message: String,
    pub short_message: String,
    pub replacements: Vec<Replacement>,
    /// UTF-16 code units from the start of the text (of the whole
    /// annotated text, markup included, for `data`).
    pub offset: usize,
    pub length: usize,
    pub context: Context,
    pub sentence: String,
    #[serde(rename = "type")]
    pub kind: MatchType,
    pub rule: MatchRule,
}

#[derive(Debug, Clone, Serialize)]
pub struct Replacement {
    pub value: String,
}

/// The text around a match, and where the match is in it (UTF-16).
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    pub text: String,
    pub offset: usize,
    pub length: usize,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchType {
    pub type_name: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchRule {
    pub id: String,
    pub description: String,
    pub issue_type: &'static str,
    pub category: Category,
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub name: String,
}

/// One entry of `GET /v2/languages`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Language {
    pub name: &'static str,
    pub code: &'static str,
    pub long_code: &'static str,
}
