//! The engine call that every face makes (the command line, the checker
//! page, the language server): a report's bytes and name in; its decoded
//! text, findings and outline out. The faces differ only in how they get
//! the bytes and show the result.
//!
//! [`Engine::new`] settles, once, what the command line (or a server's
//! flags) sets over the configuration. [`Engine::check`] then does the
//! work between the bytes of a file and its findings: the size limit,
//! decoding, the syntax chosen from the file name, the per-file ignores,
//! and the rule that a `.docx` is never fixed.

// Setup errors carry their YAML source and happen at most once per run.
#![allow(clippy::result_large_err)]

pub mod batch;
pub mod config;
/// The finding types, below the checks; re-exported where they used to be.
pub use crate::finding;
pub mod fix;
pub mod lint;
pub mod outline;
pub mod report_type;
pub mod selftest;

use crate::checks::baseline::Baseline;
use crate::deadline::{Deadline, STOPPED_RULE};
use crate::document::table::find_tables;
use crate::document::Table;
use crate::engine::config::{Config, SetupError};
use crate::engine::fix::Fixed;
use crate::engine::lint::{LintOptions, Linter, Scope, TypeChoice, UnknownSelector};
use crate::engine::outline::Outline;
use crate::finding::Finding;
use crate::input::docx::WordTable;
use crate::input::limits::{format_size, format_size_over, DEFAULT_MAX_FILE_SIZE};
use crate::input::markdown::Syntax;
use crate::input::{decode_bytes_limited, DecodedText, InputError, SourceEncoding};
use crate::packs::RuleSet;
use crate::text::index::TextIndex;
use crate::text::span::Position;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

/// What a face sets over the configuration: an empty list or `None`
/// leaves the configuration's value.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Extra rule packs (`--rules`).
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in packs.
    pub no_builtin: bool,
    /// Replaces the configuration's `select`.
    pub select: Vec<String>,
    /// Replaces the configuration's `ignore`.
    pub ignore: Vec<String>,
    /// The reported year (`--year`), over the configuration's `year`.
    pub year: Option<i32>,
    /// Last year's report (`--baseline`), over the configuration's.
    pub baseline: Option<PathBuf>,
    /// The largest report accepted, over the configuration's `max-file-size`.
    pub max_file_size: Option<u64>,
    /// The report type (`--type`: a type's name or `none`), over the
    /// configuration's `type:`.
    pub report_type: Option<String>,
}

/// `--type` names no loaded report type.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("unknown report type `{name}` in --type")]
#[diagnostic(code(rl_lint::unknown_type))]
pub struct UnknownType {
    pub name: String,
    #[help]
    pub help: String,
}

/// Why an engine could not be set up.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum EngineError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Selector(#[from] UnknownSelector),
    /// The baseline could not be read.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Baseline(#[from] InputError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Type(#[from] UnknownType),
}

/// Why one report could not be checked.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CheckError {
    /// The bytes are not a report rl-lint can read (empty, binary, too
    /// large, undecodable, a damaged or encrypted `.docx`).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Input(#[from] InputError),
    /// [`Settings::only`] names no loaded rule.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Selector(#[from] UnknownSelector),
}

/// What may differ between the reports one engine checks: a request to
/// the checker page, a buffer in an editor.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Also apply the safe fixes ([`Checked::fixed`]); never to a `.docx`.
    pub fix: bool,
    /// The reported year, over the engine's.
    pub year: Option<i32>,
    /// Last year's report, over the engine's.
    pub baseline: Option<Arc<Baseline>>,
    /// Run only the rules these ids or prefixes select (within the
    /// engine's active rules); all when empty.
    pub only: Vec<String>,
    /// Run only the paragraph-scope rules: the text is one paragraph or a
    /// few, not a whole report (a LanguageTool client's request).
    pub paragraph_only: bool,
    /// The time one check may take, from the call of [`Engine::check`]
    /// (decoding included); `None`: no limit. Over it the check stops and
    /// gets one [`crate::deadline::STOPPED_RULE`] finding.
    pub timeout: Option<Duration>,
    /// Set from another thread to stop the check now (a client gone, a
    /// newer version of a buffer), with the same one finding.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Run the report's rules on all cores: for a run that checks this
    /// report alone (see [`lint::LintOptions::parallel_rules`]).
    pub parallel_rules: bool,
}

/// A loaded configuration and rule set, ready to check reports. Shared by
/// every thread of a run or a server.
pub struct Engine {
    config: Config,
    linter: Linter,
    max_file_size: u64,
}

impl Engine {
    /// Loads the packs and settles the options over `config`.
    pub fn new(config: Config, options: &Options) -> Result<Engine, EngineError> {
        let rules = Engine::load_rules(&config, options)?;
        Engine::with_rules(config, rules, options)
    }

    /// The packs `config` and `options` name, not yet validated against
    /// the configuration (`--explain` needs only these).
    pub fn load_rules(config: &Config, options: &Options) -> Result<RuleSet, SetupError> {
        Ok(config.load_rules(&options.rules, options.no_builtin)?)
    }

    /// An engine over rules loaded by [`Engine::load_rules`].
    pub fn with_rules(
        config: Config,
        rules: RuleSet,
        options: &Options,
    ) -> Result<Engine, EngineError> {
        config.validate_ids(&rules).map_err(SetupError::from)?;
        let pick = |given: &Vec<String>, configured: &Vec<String>| {
            if given.is_empty() {
                configured.clone()
            } else {
                given.clone()
            }
        };
        let select = pick(&options.select, &config.select);
        let ignore = pick(&options.ignore, &config.ignore);
        let report_type = match options.report_type.as_ref().or(config.report_type.as_ref()) {
            None => TypeChoice::Detect,
            Some(name) if name == "none" => TypeChoice::General,
            Some(name) => match rules.types.iter().position(|t| &t.name == name) {
                Some(t) => TypeChoice::Type(t),
                None => {
                    let known: Vec<&str> = rules.types.iter().map(|t| t.name.as_str()).collect();
                    return Err(UnknownType {
                        name: name.clone(),
                        help: format!(
                            "report types: {}, or `none` (the general packs only)",
                            known.join(", ")
                        ),
                    }
                    .into());
                }
            },
        };
        let mut linter = Linter::new(rules, &select, &ignore)?
            .with_severity(config.severity.clone())
            .with_options(LintOptions {
                year: options.year.or(config.year),
                deadline: config.deadline,
                report_type,
                parallel_rules: false,
            });
        let max_file_size = options
            .max_file_size
            .or(config.max_file_size)
            .unwrap_or(DEFAULT_MAX_FILE_SIZE);
        if let Some(path) = options.baseline.as_ref().or(config.baseline.as_ref()) {
            let baseline = load_baseline(path, max_file_size, &linter.rules)?;
            linter = linter.with_baseline(Arc::new(baseline));
        }
        warm_up(&linter);
        Ok(Engine {
            config,
            linter,
            max_file_size,
        })
    }

    /// Readies the engine for much text (a folder of reports, a large one,
    /// a server): builds, on another core, what scans faster but costs
    /// more to build than a few reports' scans save (the gate's DFA, worth
    /// it past about 2 MB). Reports checked meanwhile find the same.
    pub fn expect_much_text(&self) {
        let gate = self.linter.rules.gate.clone();
        rayon::spawn(move || gate.speed_up());
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn linter(&self) -> &Linter {
        &self.linter
    }

    /// Every loaded rule, active or not.
    pub fn rules(&self) -> &RuleSet {
        &self.linter.rules
    }

    /// The largest report, in bytes, that [`Engine::check`] accepts.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
    }

    /// Checks one report. `name` is the file's path or name: it is shown
    /// in messages, picks the syntax (`.md` is Markdown) and selects the
    /// per-file ignores.
    pub fn check(
        &self,
        bytes: &[u8],
        name: &Path,
        settings: &Settings,
    ) -> Result<Checked, CheckError> {
        let deadline = Deadline::start(settings.timeout, settings.cancel.clone());
        let shown = shown_name(name);
        self.check_size(bytes.len(), &shown)?;
        let decoded = decode_bytes_limited(bytes, &shown, self.max_file_size)?;
        self.check_decoded(decoded, name, settings, &deadline)
    }

    /// Refuses a report of `size` bytes over the size limit.
    fn check_size(&self, size: usize, shown: &str) -> Result<(), InputError> {
        let size = size as u64;
        if size > self.max_file_size {
            return Err(InputError::TooLarge {
                path: shown.to_string(),
                size: format_size_over(size, self.max_file_size),
                limit: format_size(self.max_file_size),
            });
        }
        Ok(())
    }

    /// Checks a report that is text already (an editor's buffer), held to
    /// the same size limit as a file.
    pub fn check_text(
        &self,
        text: String,
        name: &Path,
        settings: &Settings,
    ) -> Result<Checked, CheckError> {
        let deadline = Deadline::start(settings.timeout, settings.cancel.clone());
        self.check_size(text.len(), &shown_name(name))?;
        let decoded = DecodedText {
            text,
            encoding: SourceEncoding::Utf8,
            tables: Vec::new(),
            layout: None,
            pages: None,
        };
        self.check_decoded(decoded, name, settings, &deadline)
    }

    fn check_decoded(
        &self,
        decoded: DecodedText,
        name: &Path,
        settings: &Settings,
        deadline: &Deadline,
    ) -> Result<Checked, CheckError> {
        self.linter.check_selectors(&settings.only)?;
        let syntax = Syntax::from_path(name);
        let ignores = self.config.ignores_for(name);
        let scope = Scope {
            syntax,
            ignore: &ignores,
            only: &settings.only,
            year: settings.year,
            baseline: settings.baseline.as_deref(),
            paragraph_only: settings.paragraph_only,
            tables: (decoded.encoding.is_document()).then_some(&decoded.tables[..]),
            layout: decoded.layout.as_ref(),
            deadline: Some(deadline),
            parallel_rules: settings.parallel_rules,
        };
        let readable = syntax.readable(&decoded.text);
        let linted = self.linter.lint_indexed(&decoded.text, &readable, &scope);
        // The document model's index serves the renderers when it was
        // built on the text itself; Markdown's masked syntax may count
        // characters differently, so its positions are counted on the
        // source.
        let index = match readable {
            std::borrow::Cow::Borrowed(_) => linted.index,
            std::borrow::Cow::Owned(_) => TextIndex::new(&decoded.text),
        };
        let (mut findings, mut outline) = (linted.findings, linted.outline);
        outline.pages = decoded.pages.clone();
        let mut fixed = None;
        if linted.stopped.is_some() {
            // Stopped: no fixes either.
        } else if decoded.encoding.is_document() {
            // rl-lint reads documents (Word, PDF, web pages) but never
            // writes them, so it offers no fix for them.
            findings.iter_mut().for_each(|f| f.fix.clear());
        } else if settings.fix {
            let done = fix::fix_from(&self.linter, &decoded.text, &scope, findings.clone());
            // Stopped while fixing: the check is stopped as a whole.
            match done.remaining.iter().find(|f| f.rule == STOPPED_RULE) {
                Some(stop) => findings = vec![stop.clone()],
                None => fixed = Some(done),
            }
        }
        Ok(Checked {
            name: shown_name(name),
            index,
            text: decoded.text,
            encoding: decoded.encoding,
            syntax,
            findings,
            outline,
            fixed,
            word_tables: decoded.tables,
        })
    }
}

/// One report, checked.
#[derive(Debug)]
pub struct Checked {
    /// The name to show for it.
    pub name: String,
    /// The decoded text, which every span points into.
    pub text: String,
    pub encoding: SourceEncoding,
    pub syntax: Syntax,
    /// Lines, columns, sentence and clause marks of `text`, built once by
    /// the document model ([`crate::text::index`]): every face and
    /// renderer counts positions with it.
    pub index: TextIndex,
    /// Sorted by position. A `.docx` has no fixes.
    pub findings: Vec<Finding>,
    pub outline: Outline,
    /// With [`Settings::fix`]: the text with every safe fix applied, and
    /// what is left in it.
    pub fixed: Option<Fixed>,
    /// A `.docx`'s tables, which are not in its text.
    pub word_tables: Vec<WordTable>,
}

impl Checked {
    /// 1-based line and character column of a byte offset into the text.
    pub fn position(&self, offset: usize) -> Position {
        self.index.position(&self.text, offset)
    }

    /// Whether rl-lint could write fixes back to where this came from.
    pub fn is_fixable(&self) -> bool {
        !self.encoding.is_document()
    }

    /// The report's tables, as the rules read them: those written in its
    /// text, or a `.docx`'s Word tables.
    pub fn tables(&self) -> Vec<Table> {
        tables_of(&self.text, self.encoding, &self.word_tables)
    }
}

/// The tables of a decoded report: those written in its text, and for a
/// document (a `.docx`, an `.odt`, a web page) its own tables too.
pub fn tables_of(text: &str, encoding: SourceEncoding, word_tables: &[WordTable]) -> Vec<Table> {
    if encoding.is_document() {
        Table::all_of_document(word_tables, text)
    } else {
        find_tables(text)
    }
}

/// A path as users expect to see it: without a leading `./`.
pub fn shown_name(path: &Path) -> String {
    let shown = path.strip_prefix(".").unwrap_or(path);
    if shown.as_os_str().is_empty() {
        path.display().to_string()
    } else {
        shown.display().to_string()
    }
}

/// Reads last year's report like a report, with the same code and size
/// limit (`max_file_size` bytes): any encoding, Markdown, `.docx`.
fn load_baseline(
    path: &Path,
    max_file_size: u64,
    rules: &RuleSet,
) -> Result<Baseline, crate::input::InputError> {
    let decoded = crate::input::read_report_limited(path, max_file_size)?;
    let shown = path.strip_prefix(".").unwrap_or(path).display().to_string();
    Ok(Baseline::new(
        shown,
        decoded.text,
        crate::input::markdown::Syntax::from_path(path),
        &rules.title_words,
        &rules.page_residue,
    ))
}

/// Starts building, on another core, the gate's automaton that the first
/// report will need, while this one goes on to read and model the report:
/// it is a tenth of a cold start. The first search that needs it waits
/// for it; it is not built twice.
fn warm_up(linter: &Linter) {
    let gate = linter.rules.gate.clone();
    rayon::spawn(move || gate.warm_up());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        Engine::new(Config::defaults(Path::new(".")), &Options::default()).expect("engine")
    }

    const REPORT: &str = "某县2022年度法治政府建设情况报告\n\n一、主要举措和成效\n正文,正文。\n\n某县人民政府\n2023年2月2日\n";

    #[test]
    fn checks_bytes_into_findings_and_outline() {
        let checked = engine()
            .check(
                REPORT.as_bytes(),
                Path::new("./a.txt"),
                &Settings::default(),
            )
            .expect("checked");
        assert_eq!(checked.name, "a.txt");
        assert_eq!(checked.encoding, SourceEncoding::Utf8);
        // The three parts it lacks, and its half-width comma.
        let mut rules: Vec<&str> = checked.findings.iter().map(|f| f.rule.as_str()).collect();
        rules.sort_unstable();
        assert_eq!(
            rules,
            [
                "core/first-responsible-missing",
                "core/plan-missing",
                "core/shortcomings-missing",
                "format/halfwidth-punctuation",
            ]
        );
        assert!(checked.outline.title.is_some());
        assert!(checked.fixed.is_none());
        let json = serde_json::to_value(&checked).expect("serialises");
        assert_eq!(json["path"], "a.txt");
        assert!(json["findings"].as_array().is_some_and(|f| !f.is_empty()));
        assert!(json["outline"]["checklist"].is_array());
    }

    #[test]
    fn fixes_when_asked() {
        let settings = Settings {
            fix: true,
            ..Settings::default()
        };
        let checked = engine()
            .check(REPORT.as_bytes(), Path::new("a.txt"), &settings)
            .expect("checked");
        let fixed = checked.fixed.expect("fixed");
        assert!(fixed.text.contains("正文，正文"));
        assert!(checked.findings.len() > fixed.remaining.len());
    }

    #[test]
    fn refuses_what_is_too_large_or_not_text() {
        let engine = Engine::new(
            Config::defaults(Path::new(".")),
            &Options {
                max_file_size: Some(10),
                ..Options::default()
            },
        )
        .expect("engine");
        let err = engine
            .check(REPORT.as_bytes(), Path::new("a.txt"), &Settings::default())
            .expect_err("too large");
        assert!(matches!(
            err,
            CheckError::Input(InputError::TooLarge { .. })
        ));
        let err = self::engine()
            .check(b"", Path::new("a.txt"), &Settings::default())
            .expect_err("empty");
        assert!(matches!(err, CheckError::Input(InputError::Empty { .. })));
    }

    #[test]
    fn narrows_to_the_rules_asked_for() {
        let settings = Settings {
            only: vec!["format/".to_string()],
            ..Settings::default()
        };
        let checked = engine()
            .check(REPORT.as_bytes(), Path::new("a.txt"), &settings)
            .expect("checked");
        assert!(checked
            .findings
            .iter()
            .all(|f| f.rule.starts_with("format/")));
        let settings = Settings {
            only: vec!["nope/".to_string()],
            ..Settings::default()
        };
        let err = engine()
            .check(REPORT.as_bytes(), Path::new("a.txt"), &settings)
            .expect_err("unknown");
        assert!(matches!(err, CheckError::Selector(_)));
    }
}
