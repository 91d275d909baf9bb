//! The command line: `rl-lint [OPTIONS] FILE...`, `rl-lint --explain RULE`,
//! `rl-lint --list-rules`.
//! Exit codes: 0 no errors (warnings allowed), 1 at least one error,
//! 2 rl-lint could not do its job.

use crate::input::{read_report, DecodedText};
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
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON array of findings on stdout.
    Json,
    /// GitHub Actions annotations (`::error file=…::message`).
    Github,
    /// A SARIF 2.1.0 log (code scanning, editors).
    Sarif,
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
    #[arg(required_unless_present_any = ["explain", "list_rules"])]
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

    /// Show a rule's message, help, legal basis and examples, then exit.
    #[arg(long, value_name = "RULE", conflicts_with_all = ["files", "list_rules", "statistics"])]
    pub explain: Option<String>,

    /// List the loaded rules (id, severity, pack, summary), then exit.
    /// Honours --rules, --no-builtin, --select, --ignore and --format json.
    #[arg(long, conflicts_with_all = ["files", "statistics"])]
    pub list_rules: bool,

    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    pub statistics: bool,
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
    if let Some(id) = &args.explain {
        let rule = match render::rule_docs::find_rule(&rules, id) {
            Ok(rule) => rule,
            Err(err) => {
                report_error(&err, stderr);
                return 2;
            }
        };
        let out = match args.format {
            Format::Json => render::rule_docs::explain_json(rule),
            _ => render::rule_docs::explain(rule),
        };
        // A closed stdout (piped into `head`) is not a failure here.
        let _ = print(&out);
        return 0;
    }
    let linter = match Linter::new(rules, &args.select, &args.ignore) {
        Ok(linter) => linter,
        Err(err) => {
            report_error(&err, stderr);
            return 2;
        }
    };
    if args.list_rules {
        let out = match args.format {
            Format::Json => render::rule_docs::list_rules_json(linter.active()),
            _ => render::rule_docs::list_rules(linter.active()),
        };
        let _ = print(&out);
        return 0;
    }

    let mut failed = false;
    let mut texts: Vec<(String, DecodedText)> = Vec::new();
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
            Ok(decoded) => texts.push((shown, decoded)),
            Err(err) => {
                report_error(&err, stderr);
                failed = true;
            }
        }
    }
    let reports: Vec<FileReport> = texts
        .iter()
        .map(|(path, decoded)| {
            let findings = linter.lint(&decoded.text, args.year);
            FileReport::new(path, &decoded.text, findings).with_encoding(decoded.encoding)
        })
        .collect();

    let mut totals = Totals::default();
    for report in &reports {
        totals.add(&report.findings);
    }
    // No summary when nothing could be read: 「未发现问题」 would be a lie.
    let with_summary = |mut out: String| {
        if !reports.is_empty() {
            out.push_str(&totals.summary());
        }
        out
    };
    let out = match args.format {
        Format::Json if args.statistics => render::statistics_json(&reports),
        _ if args.statistics && reports.is_empty() => String::new(),
        _ if args.statistics => render::statistics(&reports, &linter.rules),
        Format::Json => render::json(&reports),
        Format::Sarif => render::sarif(&reports, &linter.rules),
        Format::Github => render::github(&reports),
        Format::Concise => with_summary(render::concise(&reports)),
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
            with_summary(reports.iter().map(|r| render::full(r, options)).collect())
        }
    };
    let written = print(&out);
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

/// Writes `out` to stdout, ending with exactly one line break (nothing if
/// `out` is empty).
fn print(out: &str) -> std::io::Result<()> {
    if out.is_empty() {
        return Ok(());
    }
    let stdout = &mut std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    if !out.ends_with('\n') {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()
}
