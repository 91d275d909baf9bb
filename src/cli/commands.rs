//! The smaller commands: `outline`, `init` and `test-rules`.

use super::args::OutlineFormat;
use super::lint::{print, read_stdin};
use super::walk::{collect_inputs, Input};
use super::*;
use rl_lint::engine::config::{SetupError, STARTER};
use rl_lint::engine::selftest;
use rl_lint::engine::{self, Engine, Settings};
use rl_lint::input::read_file_limited;
use rl_lint::packs::{PackError, RuleSet, RuleSetBuilder};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `rl-lint outline`: each report through the engine call, its outline
/// printed in input order. Exit code 2 if a report could not be read.
pub(super) fn outline(
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

/// `rl-lint init`: writes the starter configuration, never over a file
/// unless asked to.
pub(super) fn init(path: &Path, force: bool) -> i32 {
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
pub(super) fn test_rules(packs: &[PathBuf], no_builtin: bool, config_args: &ConfigArgs) -> i32 {
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
pub(super) fn load_named_packs(
    packs: &[PathBuf],
    no_builtin: bool,
) -> Result<(RuleSet, usize), PackError> {
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
