//! The command line: `rl-lint [OPTIONS] FILE...`.
//! Exit codes: 0 no errors (warnings allowed), 1 at least one error,
//! 2 rl-lint could not do its job.

use crate::input::read_report;
use crate::lint::Linter;
use crate::markdown::Syntax;
use crate::render::{self, FileReport, FullOptions, Totals};
use crate::rules::RuleSet;
use clap::{Parser, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Diagnostics drawn on the report text.
    Full,
    /// One JSON array of findings on stdout.
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Lint annual reports on rule-of-law government construction
/// (法治政府建设年度报告) against YAML rule packs.
#[derive(Debug, Parser)]
#[command(name = "rl-lint", version, about)]
pub struct Args {
    /// Report files: .txt, or .md read as Markdown (UTF-8, GB18030/GBK or UTF-16 with BOM).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,

    /// Extra rule pack: a .yaml file or a folder of them. Repeatable.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Do not load the built-in packs (only those given with --rules).
    #[arg(long)]
    pub no_builtin: bool,

    /// The year the report covers (default: from the title or text).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1949..2200))]
    pub year: Option<i32>,

    /// Only run these rules: ids or prefixes (`core/`, `format`). Repeatable, or comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these rules: ids or prefixes. Repeatable, or comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,

    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Width of `full` output, in terminal columns.
    #[arg(long, default_value_t = 100)]
    pub width: usize,
}

/// Runs rl-lint and returns the process exit code.
pub fn run(args: Args) -> i32 {
    let stderr = &mut std::io::stderr();
    let report_error = |err: &dyn miette::Diagnostic, out: &mut std::io::Stderr| {
        let mut text = String::new();
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        if handler.render_report(&mut text, err).is_err() {
            text = err.to_string();
        }
        let _ = writeln!(out, "{text}");
    };
    let rules = match RuleSet::load(&args.rules, !args.no_builtin) {
        Ok(rules) => rules,
        Err(err) => {
            report_error(&err, stderr);
            return 2;
        }
    };
    let linter = match Linter::new(rules, &args.select, &args.ignore) {
        Ok(linter) => linter,
        Err(err) => {
            report_error(&err, stderr);
            return 2;
        }
    };

    let mut failed = false;
    let mut texts: Vec<(String, String)> = Vec::new();
    for path in &args.files {
        let shown = path.display().to_string();
        if path.is_dir() {
            let _ = writeln!(
                stderr,
                "rl-lint: {shown} is a folder; pass the report files in it"
            );
            failed = true;
            continue;
        }
        match read_report(path) {
            Ok(decoded) => texts.push((shown, decoded.text)),
            Err(err) => {
                report_error(&err, stderr);
                failed = true;
            }
        }
    }
    let reports: Vec<FileReport> = texts
        .iter()
        .map(|(path, text)| {
            let syntax = Syntax::from_path(Path::new(path));
            FileReport::new(path, text, linter.lint_source(text, syntax, args.year))
        })
        .collect();

    let mut totals = Totals::default();
    for report in &reports {
        totals.add(&report.findings);
    }
    let stdout = &mut std::io::stdout().lock();
    let written = match args.format {
        Format::Json => writeln!(stdout, "{}", render::json(&reports)),
        Format::Full => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let options = FullOptions {
                color,
                width: args.width.max(40),
            };
            let mut out = String::new();
            for report in &reports {
                out.push_str(&render::full(report, options));
            }
            // No summary when nothing could be read: 「未发现问题」 would be a lie.
            if !reports.is_empty() {
                out.push_str(&totals.summary());
            }
            if out.is_empty() {
                Ok(())
            } else {
                writeln!(stdout, "{out}")
            }
        }
    };
    if written.is_err() {
        // stdout closed (e.g. piped into `head`): nothing more to say.
        return if failed {
            2
        } else {
            i32::from(totals.errors > 0)
        };
    }
    if failed {
        2
    } else if totals.errors > 0 {
        1
    } else {
        0
    }
}
