//! The command line: `rl-lint [OPTIONS] FILE...`.
//! Exit codes: 0 no errors (warnings allowed), 1 at least one error,
//! 2 rl-lint could not do its job.

use crate::fix;
use crate::input::read_report;
use crate::lint::Linter;
use crate::render::{self, FileReport, FullOptions, Totals};
use crate::rules::RuleSet;
use clap::{Parser, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

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
    /// Report files (.txt, UTF-8, GB18030/GBK or UTF-16 with BOM).
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

    /// Fix what can be fixed safely (punctuation, heading markers, date
    /// format…) and rewrite the files in their encoding; then report what is left.
    #[arg(long)]
    pub fix: bool,

    /// Print the changes --fix would make as a unified diff; write nothing.
    /// Exit code 1 if there is something to fix.
    #[arg(long, conflicts_with_all = ["fix", "format"])]
    pub diff: bool,
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
    let mut findings = Vec::new();
    // What --fix changed, one line per file; or the --diff output.
    let mut fixes = String::new();
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
        let decoded = match read_report(path) {
            Ok(decoded) => decoded,
            Err(err) => {
                report_error(&err, stderr);
                failed = true;
                continue;
            }
        };
        if !args.fix && !args.diff {
            findings.push(linter.lint(&decoded.text, args.year));
            texts.push((shown, decoded.text));
            continue;
        }
        let fixed = fix::fix(&linter, &decoded.text, args.year);
        if args.diff {
            fixes.push_str(&render::diff(&shown, &decoded.text, &fixed.text));
            continue;
        }
        if fixed.findings > 0 {
            if let Err(err) = fix::write_back(path, &fixed.text, decoded.encoding) {
                report_error(&err, stderr);
                failed = true;
                continue;
            }
            fixes.push_str(&format!(
                "已自动修改 {shown}：{} 个问题，共 {} 处\n",
                fixed.findings, fixed.edits
            ));
        }
        findings.push(fixed.remaining);
        texts.push((shown, fixed.text));
    }
    if args.diff {
        let _ = write!(std::io::stdout().lock(), "{fixes}");
        return if failed {
            2
        } else {
            i32::from(!fixes.is_empty())
        };
    }
    let reports: Vec<FileReport> = texts
        .iter()
        .zip(findings)
        .map(|((path, text), findings)| FileReport::new(path, text, findings))
        .collect();

    let mut totals = Totals::default();
    for report in &reports {
        totals.add(&report.findings);
    }
    let stdout = &mut std::io::stdout().lock();
    let written = match args.format {
        Format::Json => {
            // stdout holds only the JSON array.
            let _ = write!(stderr, "{fixes}");
            writeln!(stdout, "{}", render::json(&reports))
        }
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
            out.push_str(&fixes);
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
