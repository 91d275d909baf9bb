//! Replacing a file without ever leaving it half-written: the bytes go to
//! a new file beside it, which then takes its place by a rename. A fixed
//! report (`--fix`), an annotated copy (`annotate`) and a configuration
//! edited by the language server are all written this way.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Writes `bytes` to `target` through a temporary file in its folder,
/// flushed to disk before the rename. `permissions`, when given, are set
/// on the new file first (a replaced file keeps its mode). When a step
/// fails, `target` is as it was and nothing is left behind.
pub fn replace(
    target: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let (temporary, mut file) = temporary_beside(target)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| match permissions {
            Some(permissions) => std::fs::set_permissions(&temporary, permissions),
            None => Ok(()),
        })
        .and_then(|()| {
            drop(file);
            std::fs::rename(&temporary, target)
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// A new file beside `target`, with a name no other write has: files are
/// written in parallel, and one file may be named twice (`a.txt`,
/// `d/../a.txt`).
fn temporary_beside(target: &Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    loop {
        let write = WRITES.fetch_add(1, Ordering::Relaxed);
        let temporary =
            target.with_file_name(format!(".{name}.rl-lint-{}-{write}", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("报告.txt");
        std::fs::write(&file, "old").expect("write");
        replace(&file, "new".as_bytes(), None).expect("replaced");
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("报告.txt")]);
    }

    #[test]
    fn a_failed_write_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A folder cannot be replaced by a file: the rename fails.
        let target = dir.path().join("folder");
        std::fs::create_dir(&target).expect("mkdir");
        std::fs::write(target.join("inside"), "kept").expect("write");
        assert!(replace(&target, b"bytes", None).is_err());
        assert!(target.join("inside").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("folder")]);
    }
}
