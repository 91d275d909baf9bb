//! What a check reports: a rule id, a severity, Chinese text from the rule
//! pack, and labelled spans on the report text.

use crate::document::table::CellRef;
use crate::text::span::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A span with the text shown next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub text: String,
    /// The cell of a Word table the label is about. Its span is then the
    /// paragraph before the table, and its text names the cell
    /// (「第4行第5列」); the pages mark the cell itself. Not part of the
    /// JSON contract.
    #[serde(skip)]
    pub cell: Option<CellRef>,
}

impl Label {
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Label {
            span,
            text: text.into(),
            cell: None,
        }
    }

    /// A label about `cell` (see [`Label::cell`]), or about `span` alone.
    pub fn in_cell(span: Span, text: impl Into<String>, cell: Option<CellRef>) -> Self {
        Label {
            cell,
            ..Label::new(span, text)
        }
    }
}

/// Part of an automatic fix: replace the text under `span` with `content`.
/// Fixes change text within a line; they never add or remove line breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

impl Edit {
    pub fn new(span: Span, content: impl Into<String>) -> Self {
        Edit {
            span,
            content: content.into(),
        }
    }
}

/// Serialises with its spans as byte ranges (`{"start", "end"}`); the
/// `--format json` contract, with lines and columns, is in `render`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    /// The text the finding is about; its span is what JSON reports.
    pub primary: Label,
    /// Other places that explain the finding (e.g. the first occurrence of a
    /// duplicated part, further places of an aggregated finding).
    pub related: Vec<Label>,
    /// The edits that fix the problem (every place of an aggregated
    /// finding); empty when only a person can fix it.
    pub fix: Vec<Edit>,
}
