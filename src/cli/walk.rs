//! Turning command-line paths into the reports to lint: files as given,
//! folders walked recursively (honouring .gitignore and the configuration's
//! `exclude`), `-` for standard input.

use rl_lint::engine::config::PathPattern;
use std::path::{Path, PathBuf};

/// Extensions of report files picked up when walking a folder. Files named
/// explicitly are linted whatever their extension.
pub const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "docx", "doc", "wps", "odt", "html", "htm", "mht", "mhtml", "pdf",
    "ofd",
];

/// One report to read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// A folder that could not be walked completely.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot walk {path}: {message}")]
#[diagnostic(code(input::walk))]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// The inputs named by `paths`, in order; a folder's reports are sorted.
/// `exclude` patterns are resolved against `root`.
pub fn collect_inputs(
    paths: &[PathBuf],
    exclude: &[PathPattern],
    root: &Path,
) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let (files, walk_errors) = walk_folder(path, exclude, root);
            inputs.extend(files.into_iter().map(Input::File));
            errors.extend(walk_errors);
        } else {
            // Missing or unreadable files are reported when they are read.
            inputs.push(Input::File(path.clone()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|input| seen.insert(input.clone()));
    (inputs, errors)
}

fn walk_folder(
    folder: &Path,
    exclude: &[PathPattern],
    root: &Path,
) -> (Vec<PathBuf>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let exclude = exclude.to_vec();
    let root = root.to_path_buf();
    let walker = ignore::WalkBuilder::new(folder)
        // Honour .gitignore even outside a git repository (a drafts folder
        // copied from one still means what its .gitignore says).
        .require_git(false)
        .filter_entry(move |entry| !exclude.iter().any(|p| p.matches(entry.path(), &root)))
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_report(entry.path()) {
                    files.push(entry.into_path());
                }
            }
            Err(err) => errors.push(WalkError {
                path: folder.display().to_string(),
                message: err.to_string(),
            }),
        }
    }
    (files, errors)
}

fn is_report(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|r| e.eq_ignore_ascii_case(r)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn names(inputs: &[Input], root: &Path) -> Vec<String> {
        inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                Input::Stdin => "-".into(),
            })
            .collect()
    }

    #[test]
    fn walks_reports_honouring_gitignore_and_exclude() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "b.txt",
            "a/x.md",
            "a/notes.docx.bak",
            "old/y.txt",
            "skip/z.txt",
            "c/README.TXT",
            "d/报告.docx",
            ".hidden/h.txt",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "x").unwrap();
        }
        fs::write(root.join(".gitignore"), "skip/\n").unwrap();
        let exclude = vec![PathPattern::new("old").unwrap()];
        let (inputs, errors) = collect_inputs(&[root.to_path_buf()], &exclude, root);
        assert!(errors.is_empty());
        assert_eq!(
            names(&inputs, root),
            vec!["a/x.md", "b.txt", "c/README.TXT", "d/报告.docx"]
        );
    }

    #[test]
    fn explicit_files_and_stdin_are_kept_in_order_once() {
        let paths: Vec<PathBuf> = ["-", "missing.txt", "-", "report.doc"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let (inputs, _) = collect_inputs(&paths, &[], Path::new("."));
        assert_eq!(
            inputs,
            vec![
                Input::Stdin,
                Input::File("missing.txt".into()),
                Input::File("report.doc".into())
            ]
        );
    }
}
