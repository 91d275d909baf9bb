//! A pack that cannot be loaded: the error, placed at its line in the
//! pack's YAML, with the help to fix it.

use super::*;
use miette::{Diagnostic, NamedSource, SourceSpan};

/// An error in a rule pack, shown on the YAML source.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("invalid rule pack {path}: {message}")]
#[diagnostic(code(rules::invalid))]
pub struct PackError {
    pub path: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl PackError {
    pub(super) fn new(
        path: &str,
        src: &str,
        span: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        let message = message.into();
        PackError {
            path: path.to_string(),
            src: NamedSource::new(path, src.to_string()),
            span: span.map(|(s, e)| SourceSpan::new(s.into(), e.saturating_sub(s))),
            label: message.lines().next().unwrap_or_default().to_string(),
            message,
            help: None,
        }
    }

    pub(super) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// An error from deserializing one item: point at the key it names, if any.
pub(super) fn located(path: &str, src: &str, lines: (usize, usize), message: &str) -> PackError {
    let needle = message
        .split('`')
        .nth(1)
        .map(|key| format!("{key}:"))
        .filter(|_| message.starts_with("unknown field") || message.contains("unknown variant"));
    let needle = match needle {
        Some(n) if message.contains("unknown variant") => n.trim_end_matches(':').to_string(),
        Some(n) => n,
        None => String::new(),
    };
    PackError::new(
        path,
        src,
        Some(locate::find_in_lines(src, lines.0, lines.1, &needle)),
        message,
    )
}

pub(super) fn yaml_error(path: &str, src: &str, e: &serde_yaml::Error) -> PackError {
    let problem = locate::yaml_problem(src, e);
    let error = PackError::new(path, src, problem.span, problem.message);
    match problem.help {
        Some(help) => error.with_help(help),
        None => error,
    }
}
