//! Writing files without ever leaving one half-written: a fixed report
//! back to its file (`--fix`), in the encoding it was read in, and an
//! annotated copy of a Word document (`annotate`).

use rl_lint::input::{encode, SourceEncoding};
use std::path::Path;

/// Why a file could not be written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write {what} to {path}: {reason}")]
#[diagnostic(
    code(rl_lint::write),
    help("the file is unchanged; check that it is not read-only and that its folder is writable")
)]
pub struct WriteError {
    /// What was being written: `the fixed report`, `the annotated copy`.
    pub what: &'static str,
    pub path: String,
    pub reason: String,
}

/// Writes the fixed `text` to `path` in `encoding`. The text goes to a new
/// file beside the report, which then replaces it: a failed write (a full
/// disk) leaves the report as it was. A read-only report is not replaced.
pub fn write_back(path: &Path, text: &str, encoding: SourceEncoding) -> Result<(), WriteError> {
    const WHAT: &str = "the fixed report";
    let error = |reason: String| WriteError {
        what: WHAT,
        path: path.display().to_string(),
        reason,
    };
    let bytes = encode(text, encoding)
        .ok_or_else(|| error(format!("the text cannot be encoded in {}", encoding.name())))?;
    // Through a symbolic link to the real file, so the link stays a link.
    let target = std::fs::canonicalize(path).map_err(|e| error(e.to_string()))?;
    let permissions = std::fs::metadata(&target)
        .map_err(|e| error(e.to_string()))?
        .permissions();
    if permissions.readonly() {
        return Err(error("the file is read-only".into()));
    }
    rl_lint::write::replace(&target, &bytes, Some(permissions)).map_err(|e| error(e.to_string()))
}

/// Writes `bytes` to `path`, a new file or one to replace, the same way:
/// a file beside it that then takes its place, so that `path` is never
/// half-written (an annotated copy, which a reader may be opening).
pub fn write_new(path: &Path, bytes: &[u8], what: &'static str) -> Result<(), WriteError> {
    let error = |reason: String| WriteError {
        what,
        path: path.display().to_string(),
        reason,
    };
    // An existing file (or a link to one) keeps its permissions.
    let (target, permissions) = match std::fs::canonicalize(path) {
        Ok(target) => {
            let permissions = std::fs::metadata(&target)
                .map_err(|e| error(e.to_string()))?
                .permissions();
            if permissions.readonly() {
                return Err(error("the file is read-only".into()));
            }
            (target, Some(permissions))
        }
        Err(_) => (path.to_path_buf(), None),
    };
    rl_lint::write::replace(&target, bytes, permissions).map_err(|e| error(e.to_string()))
}
