//! Writing a fixed report back to its file (`--fix`), in the encoding it
//! was read in, without ever leaving it half-written.

use rl_lint::input::{encode, SourceEncoding};
use std::path::Path;

/// Why a fixed report could not be written back.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write the fixed report to {path}: {reason}")]
#[diagnostic(
    code(rl_lint::write),
    help("the file is unchanged; check that it is not read-only and that its folder is writable")
)]
pub struct WriteError {
    pub path: String,
    pub reason: String,
}

/// Writes the fixed `text` to `path` in `encoding`. The text goes to a new
/// file beside the report, which then replaces it: a failed write (a full
/// disk) leaves the report as it was. A read-only report is not replaced.
pub fn write_back(path: &Path, text: &str, encoding: SourceEncoding) -> Result<(), WriteError> {
    let error = |reason: String| WriteError {
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
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    // A name of its own for every write: reports are fixed in parallel,
    // and one file may be named twice (`a.txt`, `d/../a.txt`).
    static WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = target.with_file_name(format!(
        ".{name}.rl-lint-fix-{}-{write}",
        std::process::id()
    ));
    let written = std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::set_permissions(&temporary, permissions))
        .and_then(|()| std::fs::rename(&temporary, &target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(|e| error(e.to_string()))
}
