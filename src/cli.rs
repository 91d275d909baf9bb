//! The command line: `rl-lint [OPTIONS] [PATH...]`, `rl-lint --explain RULE`,
//! `rl-lint --list-rules`, `rl-lint init`, `rl-lint test-rules [PACK...]`,
//! `rl-lint server` (the language server), `rl-lint annotate` (findings as
//! comments in a copy of a Word report).
//! Exit codes: 0 no errors (warnings allowed), 1 at least one error,
//! 2 rl-lint could not do its job.

// Setup errors carry their YAML source and happen at most once per run.
#![allow(clippy::result_large_err)]

use rl_lint::engine::config::{Config, ConfigError};
use std::io::Write;
use std::path::PathBuf;

mod annotate;
mod args;
mod commands;
mod lint;
mod output;
mod serve;
mod walk;
mod write;

pub use args::Args;
use args::{parse_size_arg, Command, ConfigArgs};
use commands::{init, outline, test_rules};

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
        None => lint::lint(args.lint),
    }
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
