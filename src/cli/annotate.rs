//! `rl-lint annotate`: a copy of each Word report with the findings as
//! comments (批注), beside it as `NAME.rl-lint.docx` or where `-o` says.
//! Exit codes are those of a check: 0 no errors, 1 at least one error
//! finding, 2 a report could not be read or annotated.

use super::args::CheckArgs;
use super::walk::{collect_inputs, Input};
use super::{error_text, load_config, report_error, write, ConfigArgs};
use rl_lint::annotate::{self, comment_date};
use rl_lint::engine::finding::Severity;
use rl_lint::engine::{self, Checked, Engine, Settings};
use rl_lint::input::{read_file_limited, SourceEncoding};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The ending of annotated copies: `报告.docx` → `报告.rl-lint.docx`.
pub const SUFFIX: &str = ".rl-lint.docx";

#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// Word reports (.docx) or folders of them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Where to write the copy (one report), or a folder for the copies.
    /// Default: beside each report, as NAME.rl-lint.docx.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Whether a path names a Word document by its extension.
fn is_docx_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Whether a path is an annotated copy rl-lint wrote.
fn is_annotated_copy(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .is_some_and(|n| n.ends_with(SUFFIX))
}

/// Where the copy of `report` goes: `NAME.rl-lint.docx` in `folder`, or
/// beside it.
pub fn copy_path(report: &Path, folder: Option<&Path>) -> PathBuf {
    let stem = report
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let name = format!("{stem}{SUFFIX}");
    match folder {
        Some(folder) => folder.join(name),
        None => report.with_file_name(name),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

pub fn annotate(args: AnnotateArgs) -> i32 {
    let stderr = &mut std::io::stderr();
    let fail = |err: &dyn miette::Diagnostic| {
        report_error(err);
        2
    };
    let config = match load_config(&args.config) {
        Ok(config) => config,
        Err(err) => return fail(&err),
    };
    let engine = match Engine::new(config, &args.check.engine_options()) {
        Ok(engine) => engine,
        Err(err) => return fail(&err),
    };
    let (inputs, walk_errors) =
        collect_inputs(&args.files, &engine.config().exclude, &engine.config().root);
    let mut code = 0;
    for err in &walk_errors {
        code = fail(err);
    }
    let mut reports = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin => {
                let _ = writeln!(
                    stderr,
                    "rl-lint: annotate writes a copy of a Word file; standard input has none: name the .docx file"
                );
                code = 2;
            }
            Input::File(path) => {
                let named = args.files.contains(&path);
                if named && !is_docx_name(&path) && !path.is_dir() {
                    // Read it anyway: a Word file may have lost its extension.
                    reports.push(path);
                } else if is_docx_name(&path) && (named || !is_annotated_copy(&path)) {
                    reports.push(path);
                }
            }
        }
    }
    if reports.is_empty() && code == 0 {
        let _ = writeln!(
            stderr,
            "rl-lint: no Word reports (.docx) found in {}; annotate writes comments into Word documents only",
            args.files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return 2;
    }
    let folder = match &args.output {
        Some(output) if output.is_dir() => Some(output.as_path()),
        Some(output) if reports.len() > 1 => {
            let _ = writeln!(
                stderr,
                "rl-lint: -o {} must be a folder when several reports are annotated",
                output.display()
            );
            return 2;
        }
        _ => None,
    };
    let date = comment_date();
    for report in &reports {
        let out = match (&args.output, folder) {
            (Some(output), None) => output.clone(),
            (_, folder) => copy_path(report, folder),
        };
        match annotate_one(&engine, report, &out, &date) {
            Ok((comments, errors)) => {
                let _ = writeln!(
                    stderr,
                    "已写入 {}：{comments} 条批注",
                    engine::shown_name(&out)
                );
                if errors && code == 0 {
                    code = 1;
                }
            }
            Err(message) => {
                let _ = writeln!(stderr, "{message}");
                code = 2;
            }
        }
    }
    code
}

/// Annotates one report into `out`: the number of comments, and whether
/// a finding is an error.
fn annotate_one(
    engine: &Engine,
    report: &Path,
    out: &Path,
    date: &str,
) -> Result<(usize, bool), String> {
    let shown = engine::shown_name(report);
    if same_file(report, out) {
        return Err(format!(
            "rl-lint: {shown}: the annotated copy would replace the report itself; choose another -o"
        ));
    }
    let bytes = read_file_limited(report, engine.max_file_size()).map_err(|e| error_text(&e))?;
    let checked = engine
        .check(&bytes, report, &Settings::default())
        .map_err(|e| error_text(&e))?;
    if checked.encoding != SourceEncoding::Docx {
        return Err(format!(
            "rl-lint: {shown} is not a Word document ({}): annotate writes comments into a copy of a .docx file, and there is none to copy; check it with `rl-lint {shown}`",
            checked.encoding.name()
        ));
    }
    let comments = write_copy_dated(engine, &bytes, &checked, out, date)?;
    let errors = checked
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    Ok((comments, errors))
}

/// Writes the annotated copy of a checked Word report (its `bytes`) to
/// `out`: the number of comments, or the message saying why not.
pub fn write_copy(
    engine: &Engine,
    bytes: &[u8],
    checked: &Checked,
    out: &Path,
) -> Result<usize, String> {
    write_copy_dated(engine, bytes, checked, out, &comment_date())
}

fn write_copy_dated(
    engine: &Engine,
    bytes: &[u8],
    checked: &Checked,
    out: &Path,
    date: &str,
) -> Result<usize, String> {
    let annotated = annotate::annotate(bytes, &checked.text, &checked.findings, engine.rules(), date)
        .map_err(|e| {
            format!(
                "rl-lint: {} cannot be annotated safely: {e}; the report is unchanged and no copy was written",
                checked.name
            )
        })?;
    write::write_new(out, &annotated.bytes, "the annotated copy").map_err(|e| error_text(&e))?;
    Ok(annotated.comments)
}
