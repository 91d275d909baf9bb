//! The command line as clap reads it: the commands, their options and
//! the value parsers for sizes and timeouts.

use super::*;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

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
    /// One self-contained HTML review page for all reports: an overview
    /// table, a chart of the most frequent problems, a section per report.
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutlineFormat {
    /// Plain Chinese text.
    Text,
    /// One JSON array: `{path, outline}` per report.
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
#[command(
    name = "rl-lint",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented starter configuration file.
    Init {
        /// Where to write it.
        #[arg(default_value = ".rl-lint.yaml")]
        path: PathBuf,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Show what rl-lint understood of each report: title (lines, unit,
    /// year), reported year, recipient, skipped page residue, headings with
    /// their parts, closing (signer, date, seal, 附注, 附件, 版记) and the
    /// checklist of required parts.
    Outline {
        /// Report files or folders; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// `text` (Chinese, for a terminal) or `json` (the documented contract).
        #[arg(long, value_enum, default_value_t = OutlineFormat::Text)]
        format: OutlineFormat,
        /// Extra rule pack (for its parts): a .yaml file or a folder. Repeatable.
        #[arg(long = "rules", value_name = "PATH")]
        rules: Vec<PathBuf>,
        /// Do not load the built-in packs.
        #[arg(long)]
        no_builtin: bool,
        /// The year the report covers (default: from the configuration, else the title or text).
        #[arg(long, value_parser = clap::value_parser!(i32).range(1949..2200))]
        year: Option<i32>,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Run every rule's examples: each `bad` one must fire, each `good` one must not.
    TestRules {
        /// Rule packs to test (.yaml files or folders); the built-in packs
        /// are loaded too, for their parts. Default: every configured pack.
        packs: Vec<PathBuf>,
        /// Do not load the built-in packs.
        #[arg(long)]
        no_builtin: bool,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Run the language server on stdin and stdout (for editors: diagnostics
    /// as you type, quick fixes, the rule's explanation on hover). Each
    /// document uses its nearest .rl-lint.yaml.
    Server,
    /// Serve the checker page and the JSON API (http://127.0.0.1:8080 by default).
    Serve(serve::ServeArgs),
    /// Write a copy of each Word report (.docx) with the findings as
    /// comments (批注) on their text: NAME.rl-lint.docx beside it, or -o.
    /// The report itself is never changed. Exit codes as for a check.
    Annotate(annotate::AnnotateArgs),
}

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Configuration file (default: the nearest .rl-lint.yaml from the current folder up).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Report files or folders (walked recursively for .txt, .md, .markdown
    /// and .docx files, honouring .gitignore); `-` reads standard input.
    /// Default: the current folder.
    pub files: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,

    #[command(flatten)]
    pub config: ConfigArgs,

    #[command(flatten)]
    pub check: CheckArgs,

    /// The file name to show (and to match per-file ignores) for a report read from stdin.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Width of `full` output, in terminal columns.
    #[arg(long, default_value_t = 100)]
    pub width: usize,

    /// Show a rule's message, help, legal basis and examples, then exit.
    #[arg(long, value_name = "RULE", conflicts_with_all = ["files", "list_rules", "statistics"])]
    pub explain: Option<String>,

    /// List the loaded rules (id, severity, pack, summary), then exit.
    /// Honours the configuration, --rules, --no-builtin, --select, --ignore and --format json.
    #[arg(long, conflicts_with_all = ["files", "statistics"])]
    pub list_rules: bool,

    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Fix what can be fixed safely (punctuation, heading markers, date
    /// format…) and rewrite the files in their encoding; then report what is left.
    #[arg(long)]
    pub fix: bool,

    /// Stop checking a report after this many seconds (`2.5` for two and
    /// a half): the report then gets one finding, `rl-lint/stopped`,
    /// instead of its findings. No limit by default.
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout_arg)]
    pub timeout: Option<Duration>,

    /// Print the changes --fix would make as a unified diff; write nothing.
    /// Exit code 1 if there is something to fix.
    #[arg(long, conflicts_with_all = ["fix", "format", "statistics"])]
    pub diff: bool,

    /// Last year's report (.txt, .md or .docx): report the paragraphs of
    /// each report that repeat it nearly word for word (the `content` pack).
    /// Replaces the configuration's `baseline`.
    #[arg(long, value_name = "PATH")]
    pub baseline: Option<PathBuf>,

    /// Also write a copy of each Word report (.docx) with the findings as
    /// comments into this folder (NAME.rl-lint.docx, as `rl-lint annotate`
    /// writes it); the HTML review page links each report's copy.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["fix", "diff"])]
    pub annotate_dir: Option<PathBuf>,
}

/// What a check of reports runs with, over the configuration: the packs,
/// the year, the type, the rules selected, the size limit. The options of
/// a check and of `annotate` alike.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Extra rule pack: a .yaml file or a folder of them. Repeatable.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Do not load the built-in packs (only those given with --rules or in the configuration).
    #[arg(long)]
    pub no_builtin: bool,

    /// The year the report covers (default: from the configuration, else the title or text).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1949..2200))]
    pub year: Option<i32>,

    /// The report type: `fazhi` (法治政府建设年度报告), `gongkai`
    /// (政府信息公开工作年度报告), another type a pack defines, or `none`
    /// (the general packs only). Default: the configuration's `type`, else
    /// told from each report's title and headings.
    #[arg(long = "type", value_name = "TYPE")]
    pub report_type: Option<String>,

    /// Only run these rules: ids or prefixes (`core/`, `format`). Repeatable, or
    /// comma-separated. Replaces the configuration's `select`.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these rules: ids or prefixes. Repeatable, or comma-separated.
    /// Replaces the configuration's `ignore`.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Refuse reports larger than this: `64MB` (the default), `512KB`, `1GB`
    /// or a number of bytes. Replaces the configuration's `max-file-size`.
    #[arg(long, value_name = "SIZE", value_parser = parse_size_arg)]
    pub max_file_size: Option<u64>,
}

impl CheckArgs {
    /// The engine's options these set (a baseline is a check's own).
    pub fn engine_options(&self) -> rl_lint::engine::Options {
        rl_lint::engine::Options {
            rules: self.rules.clone(),
            no_builtin: self.no_builtin,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            year: self.year,
            max_file_size: self.max_file_size,
            report_type: self.report_type.clone(),
            ..rl_lint::engine::Options::default()
        }
    }
}

pub(super) fn parse_size_arg(text: &str) -> Result<u64, String> {
    rl_lint::input::limits::parse_size(text)
}

/// `--timeout`: a positive number of seconds.
pub(super) fn parse_timeout_arg(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .trim_end_matches('s')
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds, e.g. `30` or `2.5`"))?;
    if seconds.is_nan() || seconds <= 0.0 {
        return Err("the timeout must be more than 0 seconds".to_string());
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| format!("`{text}` seconds is too long"))
}
