//! The command line: `rl-lint [OPTIONS] [PATH...]`, `rl-lint --explain RULE`,
//! `rl-lint --list-rules`, `rl-lint init`, `rl-lint test-rules [PACK...]`,
//! `rl-lint server` (the language server), `rl-lint annotate` (findings as
//! comments in a copy of a Word report).
//! Exit codes: 0 no errors (warnings allowed), 1 at least one error,
//! 2 rl-lint could not do its job.

// Setup errors carry their YAML source and happen at most once per run.
#![allow(clippy::result_large_err)]

use clap::{Parser, Subcommand, ValueEnum};
use output::{Done, Output, ReviewPart, Style};
use rl_lint::engine::batch;
use rl_lint::engine::config::{Config, ConfigError, SetupError, STARTER};
use rl_lint::engine::selftest;
use rl_lint::engine::{self, Engine, Settings};
use rl_lint::input::{read_file_limited, read_limited, InputError, SourceEncoding};
use rl_lint::packs::{PackError, RuleSet, RuleSetBuilder};
use rl_lint::render::{self, FullOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;
use walk::{collect_inputs, Input};

mod annotate;
mod output;
mod serve;
mod walk;
mod write;

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

    /// Refuse reports larger than this: `64MB` (the default), `512KB`, `1GB`
    /// or a number of bytes. Replaces the configuration's `max-file-size`.
    #[arg(long, value_name = "SIZE", value_parser = parse_size_arg)]
    pub max_file_size: Option<u64>,

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

/// Runs rl-lint and returns the process exit code.
pub fn run(args: Args) -> i32 {
    match args.command {
        Some(Command::Init { path, force }) => init(&path, force),
        Some(Command::TestRules {
            packs,
            no_builtin,
            config,
        }) => test_rules(&packs, no_builtin, &config),
        Some(Command::Server) => rl_lint::lsp::run_stdio(),
        Some(Command::Serve(args)) => serve::serve(args),
        Some(Command::Annotate(args)) => annotate::annotate(args),
        Some(Command::Outline {
            files,
            format,
            rules,
            no_builtin,
            year,
            config,
        }) => outline(&files, format, rules, no_builtin, year, &config),
        None => lint(args.lint),
    }
}

/// `rl-lint outline`: each report through the engine call, its outline
/// printed in input order. Exit code 2 if a report could not be read.
fn outline(
    files: &[PathBuf],
    format: OutlineFormat,
    rules: Vec<PathBuf>,
    no_builtin: bool,
    year: Option<i32>,
    config_args: &ConfigArgs,
) -> i32 {
    let fail = |err: &dyn miette::Diagnostic| {
        report_error(err);
        2
    };
    let config = match load_config(config_args) {
        Ok(config) => config,
        Err(err) => return fail(&err),
    };
    let options = engine::Options {
        rules,
        no_builtin,
        year,
        ..engine::Options::default()
    };
    let engine = match Engine::new(config, &options) {
        Ok(engine) => engine,
        Err(err) => return fail(&err),
    };
    let (inputs, walk_errors) =
        collect_inputs(files, &engine.config().exclude, &engine.config().root);
    let mut code = 0;
    for err in &walk_errors {
        code = fail(err);
    }
    let mut texts = Vec::new();
    let mut values = Vec::new();
    for input in &inputs {
        let name = match input {
            Input::File(path) => path.clone(),
            Input::Stdin => PathBuf::from("-"),
        };
        let limit = engine.max_file_size();
        let bytes = match input {
            Input::File(path) => read_file_limited(path, limit),
            Input::Stdin => read_stdin(&engine::shown_name(&name), limit),
        };
        let checked = match bytes.map(|bytes| engine.check(&bytes, &name, &Settings::default())) {
            Ok(Ok(checked)) => checked,
            Ok(Err(err)) => {
                code = fail(&err);
                continue;
            }
            Err(err) => {
                code = fail(&err);
                continue;
            }
        };
        match format {
            OutlineFormat::Text => {
                // A document's text was read out of it: say from what.
                let read_as = if checked.encoding.is_document() {
                    format!("（{}）", checked.encoding.name())
                } else {
                    String::new()
                };
                texts.push(format!(
                    "{}{read_as}\n{}",
                    checked.name,
                    checked.outline.to_text()
                ))
            }
            OutlineFormat::Json => values.push(serde_json::json!({
                "path": checked.name,
                "format": checked.encoding.name(),
                "outline": checked.outline,
            })),
        }
    }
    let out = match format {
        OutlineFormat::Text => texts.join("\n"),
        OutlineFormat::Json => {
            serde_json::to_string_pretty(&values).unwrap_or_else(|_| "[]".into()) + "\n"
        }
    };
    let _ = print(&out);
    code
}

/// Prints a diagnostic about rl-lint's own input (config, packs, files).
fn report_error(err: &dyn miette::Diagnostic) {
    let _ = writeln!(std::io::stderr(), "{}", error_text(err));
}

fn error_text(err: &dyn miette::Diagnostic) -> String {
    let mut text = String::new();
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    if handler.render_report(&mut text, err).is_err() {
        text = err.to_string();
    }
    text
}

fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

fn load_config(args: &ConfigArgs) -> Result<Config, ConfigError> {
    if args.no_config {
        return Ok(Config::defaults(&current_dir()));
    }
    Config::discover(args.config.as_deref(), &current_dir())
}

/// What the command line sets over the configuration.
fn engine_options(args: &LintArgs) -> engine::Options {
    engine::Options {
        rules: args.rules.clone(),
        no_builtin: args.no_builtin,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        year: args.year,
        baseline: args.baseline.clone(),
        max_file_size: args.max_file_size,
        report_type: args.report_type.clone(),
    }
}

/// What setting up a run gave: the engine, or a run already finished
/// (`--explain` needs only the rules), or the setup error's exit code.
enum Setup {
    Ready(Box<Engine>),
    Done,
    Failed(i32),
}

/// The engine for a run; see [`Setup`].
fn setup(args: &LintArgs) -> Setup {
    match try_setup(args) {
        Ok(Some(engine)) => Setup::Ready(Box::new(engine)),
        Ok(None) => Setup::Done,
        Err(code) => Setup::Failed(code),
    }
}

/// The engine, `None` when `--explain` has done the run, or the exit code
/// of the setup error that stopped it.
fn try_setup(args: &LintArgs) -> Result<Option<Engine>, i32> {
    let fail = |err: &dyn miette::Diagnostic| {
        report_error(err);
        2
    };
    let config = load_config(&args.config).map_err(|e| fail(&e))?;
    let options = engine_options(args);
    let rules = Engine::load_rules(&config, &options).map_err(|e| fail(&e))?;
    if let Some(id) = &args.explain {
        let rule = render::rule_docs::find_rule(&rules, id).map_err(|e| fail(&e))?;
        let out = match args.format {
            Format::Json => render::rule_docs::explain_json(rule),
            _ => render::rule_docs::explain(rule),
        };
        // A closed stdout (piped into `head`) is not a failure here.
        let _ = print(&out);
        return Ok(None);
    }
    Engine::with_rules(config, rules, &options)
        .map(Some)
        .map_err(|e| fail(&e))
}

fn lint(args: LintArgs) -> i32 {
    let engine = match setup(&args) {
        Setup::Ready(engine) => engine,
        Setup::Done => return 0,
        Setup::Failed(code) => return code,
    };
    if args.list_rules {
        let out = match args.format {
            Format::Json => render::rule_docs::list_rules_json(engine.linter().active()),
            _ => render::rule_docs::list_rules(engine.linter().active()),
        };
        let _ = print(&out);
        return 0;
    }
    let stderr = &mut std::io::stderr();
    let paths = if args.files.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.files.clone()
    };
    let config = engine.config();
    let (inputs, walk_errors) = collect_inputs(&paths, &config.exclude, &config.root);
    let failed = !walk_errors.is_empty();
    for err in &walk_errors {
        report_error(err);
    }
    // A CI gate pointed at an empty or misspelt folder must not pass.
    if inputs.is_empty() && !failed {
        let _ = writeln!(
            stderr,
            "rl-lint: no reports (.txt, .md, .markdown, .docx) found in {}; name the files, or a folder that holds some",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return 2;
    }

    if let Some(dir) = &args.annotate_dir {
        if let Err(err) = std::fs::create_dir_all(dir) {
            let _ = writeln!(
                stderr,
                "rl-lint: cannot make the folder {} for annotated copies: {err}",
                dir.display()
            );
            return 2;
        }
    }

    if args.fix && inputs.contains(&Input::Stdin) {
        let _ = writeln!(
            stderr,
            "rl-lint: --fix cannot rewrite standard input; use --diff to see the changes"
        );
        return 2;
    }

    let style = match args.format {
        _ if args.diff => Style::Diff,
        Format::Json if args.statistics => Style::StatisticsJson,
        _ if args.statistics => Style::Statistics,
        Format::Json => Style::Json,
        Format::Sarif => Style::Sarif,
        Format::Html => Style::Html,
        Format::Github => Style::Github,
        Format::Concise => Style::Concise,
        Format::Full => Style::Full(FullOptions {
            color: match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            },
            width: args.width.max(40),
        }),
    };
    let mut inputs = inputs;
    if matches!(style, Style::Json) {
        // The JSON array is sorted by path: lint in that order, so that it
        // can be written as the reports are done.
        inputs.sort_by_cached_key(|input| engine::shown_name(&input_name(input, &args)));
    }
    // Reports are read, linted and rendered on all cores, and written in
    // order as they are done.
    let mut output = Output::new(style, engine.rules(), failed);
    let numbered: Vec<(usize, &Input)> = inputs.iter().enumerate().collect();
    batch::for_each_ordered(
        &numbered,
        |&(index, input)| lint_one(&args, &engine, style, index, input),
        |done| output.add(done),
    );
    output.finish()
}

/// The name of an input: the path that decides its syntax and per-file
/// ignores, and that is shown for it.
fn input_name(input: &Input, args: &LintArgs) -> PathBuf {
    match input {
        Input::File(path) => path.clone(),
        Input::Stdin => args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-")),
    }
}

/// Reads, checks (or fixes) and renders one report; runs on any core.
fn lint_one(args: &LintArgs, engine: &Engine, style: Style, index: usize, input: &Input) -> Done {
    let name = input_name(input, args);
    let shown = engine::shown_name(&name);
    let limit = engine.max_file_size();
    let bytes = match input {
        Input::File(path) => read_file_limited(path, limit),
        Input::Stdin => read_stdin(&engine::shown_name(&name), limit),
    };
    let fixing = args.fix || args.diff;
    let settings = Settings {
        fix: fixing,
        timeout: args.timeout,
        ..Settings::default()
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(err) => return Done::error(error_text(&err)).of(index, shown),
    };
    let mut checked = match engine.check(&bytes, &name, &settings) {
        Ok(checked) => checked,
        Err(err) => return Done::error(error_text(&err)).of(index, shown),
    };
    // --annotate-dir: the Word report's copy with comments, for the page to link.
    let mut annotate_error = None;
    let annotated = match (&args.annotate_dir, input) {
        (Some(dir), Input::File(path)) if checked.encoding == SourceEncoding::Docx => {
            let out = annotate::copy_path(path, Some(dir));
            match annotate::write_copy(engine, &bytes, &checked, &out) {
                Ok(_) => Some(out.to_string_lossy().into_owned()),
                Err(message) => {
                    annotate_error = Some(message);
                    None
                }
            }
        }
        _ => None,
    };
    drop(bytes);
    let checklist = std::mem::take(&mut checked.outline.checklist);
    let word_tables = std::mem::take(&mut checked.word_tables);
    let report_type = checked
        .outline
        .report_type
        .as_ref()
        .map(|t| t.label.clone());
    let page = ReviewPart {
        index,
        checklist: &checklist,
        report_type: report_type.as_deref(),
        rules: engine.rules(),
        word_tables: &word_tables,
        annotated: annotated.as_deref(),
    };
    let checked_encoding = checked.encoding;
    let Some(fixed) = checked.fixed else {
        let mut done = if args.diff {
            // --diff prints only diffs; a .docx has none.
            Done::note(String::new())
        } else {
            style.done(
                checked.name,
                checked.text,
                checked.encoding,
                checked.findings,
                &page,
            )
        };
        if let Some(message) = annotate_error {
            done.errors.push(message);
        }
        if fixing {
            // Only a document (a .docx, a .doc, an .odt, an .ofd, a web page) is checked
            // without its fixes.
            let warning = match checked_encoding {
                SourceEncoding::Docx => {
                    "fixes are not applied to .docx documents; make the changes in Word or WPS"
                }
                SourceEncoding::Odt => {
                    "fixes are not applied to .odt documents; make the changes in LibreOffice or WPS"
                }
                SourceEncoding::Doc => {
                    "fixes are not applied to .doc documents; make the changes in Word or WPS"
                }
                SourceEncoding::Wps => {
                    "fixes are not applied to .wps documents; make the changes in WPS"
                }
                SourceEncoding::Ofd => {
                    "fixes are not applied to .ofd documents; make the changes in the report the OFD was made from"
                }
                _ => "fixes are not applied to saved web pages; make the changes in the report the page was made from",
            };
            done.warnings
                .push(format!("rl-lint: {}: {warning}", engine::shown_name(&name)));
        }
        return done;
    };
    if args.diff {
        return Done::note(render::diff(&checked.name, &checked.text, &fixed.text));
    }
    let mut note = String::new();
    if fixed.findings > 0 {
        // Only files are fixed: standard input was refused before.
        if let Input::File(path) = input {
            if let Err(err) = write::write_back(path, &fixed.text, checked.encoding) {
                // The file is unchanged: report what it still contains.
                let mut done = style.done(
                    checked.name,
                    checked.text,
                    checked.encoding,
                    checked.findings,
                    &page,
                );
                done.errors.push(error_text(&err));
                return done;
            }
            note = format!(
                "已自动修改 {}：{} 个问题，共 {} 处\n",
                checked.name, fixed.findings, fixed.edits
            );
        }
    }
    let mut done = style.done(
        checked.name,
        fixed.text,
        checked.encoding,
        fixed.remaining,
        &page,
    );
    done.note = note;
    done
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

fn read_stdin(shown: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    read_limited(std::io::stdin().lock(), limit, shown)
}

fn parse_size_arg(text: &str) -> Result<u64, String> {
    rl_lint::input::limits::parse_size(text)
}

/// `--timeout`: a positive number of seconds.
fn parse_timeout_arg(text: &str) -> Result<Duration, String> {
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

/// `rl-lint init`: writes the starter configuration, never over a file
/// unless asked to.
fn init(path: &Path, force: bool) -> i32 {
    let stderr = &mut std::io::stderr();
    if path.exists() && !force {
        let _ = writeln!(
            stderr,
            "rl-lint: {} already exists; pass --force to replace it",
            path.display()
        );
        return 2;
    }
    match std::fs::write(path, STARTER) {
        Ok(()) => {
            let _ = writeln!(
                stderr,
                "wrote {}; edit it to choose packs, rules and deadlines",
                path.display()
            );
            0
        }
        Err(err) => {
            let _ = writeln!(stderr, "rl-lint: cannot write {}: {err}", path.display());
            2
        }
    }
}

/// `rl-lint test-rules`: 0 when every example behaves, 1 when one does not,
/// 2 when a pack cannot be loaded.
fn test_rules(packs: &[PathBuf], no_builtin: bool, config_args: &ConfigArgs) -> i32 {
    let loaded = if packs.is_empty() {
        load_config(config_args)
            .map_err(SetupError::from)
            .and_then(|config| Ok(config.load_rules(&[], no_builtin)?))
            .map(|rules| (rules, 0))
    } else {
        load_named_packs(packs, no_builtin).map_err(SetupError::from)
    };
    let (rules, first) = match loaded {
        Ok(loaded) => loaded,
        Err(err) => {
            report_error(&err);
            return 2;
        }
    };
    let outcome = selftest::test_rules(&rules, rules.rules[first..].iter().map(|r| r.as_ref()));
    let _ = write!(std::io::stdout(), "{}", outcome.render());
    i32::from(!outcome.passed())
}

/// The named packs, after the built-in ones (for the parts a user pack may
/// refer to); returns the index of the first rule of the named packs.
fn load_named_packs(packs: &[PathBuf], no_builtin: bool) -> Result<(RuleSet, usize), PackError> {
    let mut builder = RuleSetBuilder::default();
    if !no_builtin {
        builder = builder.with_builtin()?;
    }
    let first = builder.rule_count();
    for pack in packs {
        builder.add_path(pack)?;
    }
    Ok((builder.build()?, first))
}
