//! `rl-lint FILE…`: the engine set up from the options, each input read
//! and checked in parallel, its report written in order, `--fix` applied.

use super::args::{Color, Format, LintArgs};
use super::output::{Done, Output, ReviewPart, Style};
use super::walk::{collect_inputs, Input};
use super::*;
use rl_lint::engine::batch;
use rl_lint::engine::{self, Engine, Settings};
use rl_lint::input::{read_file_limited, read_limited, InputError, SourceEncoding};
use rl_lint::render::{self, FullOptions};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// What the command line sets over the configuration.
pub(super) fn engine_options(args: &LintArgs) -> engine::Options {
    engine::Options {
        baseline: args.baseline.clone(),
        ..args.check.engine_options()
    }
}

/// What setting up a run gave: the engine, or a run already finished
/// (`--explain` needs only the rules), or the setup error's exit code.
pub(super) enum Setup {
    Ready(Box<Engine>),
    Done,
    Failed(i32),
}

/// The engine for a run; see [`Setup`].
pub(super) fn setup(args: &LintArgs) -> Setup {
    match try_setup(args) {
        Ok(Some(engine)) => Setup::Ready(Box::new(engine)),
        Ok(None) => Setup::Done,
        Err(code) => Setup::Failed(code),
    }
}

/// The engine, `None` when `--explain` has done the run, or the exit code
/// of the setup error that stopped it.
pub(super) fn try_setup(args: &LintArgs) -> Result<Option<Engine>, i32> {
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

pub(super) fn lint(args: LintArgs) -> i32 {
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
    // One report alone has every core for its rules; many share the cores
    // one report each.
    let alone = inputs.len() == 1;
    if alone && inputs.iter().all(is_large) {
        crate::purge_at_once();
    }
    if much_text(&inputs) {
        engine.expect_much_text();
    }
    batch::for_each_ordered(
        &numbered,
        |&(index, input)| lint_one(&args, &engine, style, (index, alone), input),
        |done| output.add(done),
    );
    let code = output.finish();
    // The process ends next: the system frees the rule set at once, far
    // faster than its destructors would.
    std::mem::forget(engine);
    code
}

/// Whether an input is large enough that memory freed between its stages
/// should go back to the system at once (see `purge_at_once`): its peak
/// is then set by what it holds, not by what it freed lately. A report of
/// ordinary size frees little, and returning pages to the system costs
/// every thread a TLB flush: 44 madvise calls were a twentieth of a cold
/// 13 KB report. Standard input's size is not known: treated as large.
fn is_large(input: &Input) -> bool {
    const LARGE: u64 = 1 << 20;
    match input {
        Input::File(path) => std::fs::metadata(path).map_or(true, |m| m.len() > LARGE),
        Input::Stdin => true,
    }
}

/// Whether the inputs hold enough text (4 MiB) for faster scanning to
/// repay its build. Sizes are read only until that is known.
fn much_text(inputs: &[Input]) -> bool {
    const MUCH: u64 = 4 << 20;
    let mut total = 0u64;
    inputs.iter().any(|input| {
        total += match input {
            Input::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            Input::Stdin => MUCH,
        };
        total >= MUCH
    })
}

/// The name of an input: the path that decides its syntax and per-file
/// ignores, and that is shown for it.
pub(super) fn input_name(input: &Input, args: &LintArgs) -> PathBuf {
    match input {
        Input::File(path) => path.clone(),
        Input::Stdin => args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-")),
    }
}

/// Reads, checks (or fixes) and renders one report; runs on any core.
pub(super) fn lint_one(
    args: &LintArgs,
    engine: &Engine,
    style: Style,
    (index, alone): (usize, bool),
    input: &Input,
) -> Done {
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
        parallel_rules: alone,
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
pub(super) fn print(out: &str) -> std::io::Result<()> {
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

pub(super) fn read_stdin(shown: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    read_limited(std::io::stdin().lock(), limit, shown)
}
