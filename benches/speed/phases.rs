//! Where the time goes: the library's phases run one after the other on
//! every report of a corpus, in this process and on one thread, each timed
//! on its own. Rules are timed one by one and summed by check kind; the
//! `part-contains-words` kind is the one that segments words with jieba.

use rl_lint::checks::{Context, Hit};
use rl_lint::document::parts::PartMap;
use rl_lint::document::Document;
use rl_lint::engine::lint::Linter;
use rl_lint::input::decode_bytes;
use rl_lint::input::markdown::Syntax;
use rl_lint::packs::RuleSet;
use rl_lint::render::{self, FileReport};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const SEGMENTATION_KIND: &str = "part-contains-words";

#[derive(Default)]
pub struct Phases {
    pub reports: usize,
    /// Loading and compiling the built-in packs, once.
    pub setup: Duration,
    pub read: Duration,
    pub decode: Duration,
    /// Markdown masking, the document model and the part map.
    pub parse: Duration,
    /// Check time summed by check kind.
    pub kinds: BTreeMap<String, Duration>,
    /// Findings with their texts (the whole `Linter::lint_file`, minus
    /// parse and checks).
    pub findings: Duration,
    /// Line index and the JSON output of all reports.
    pub render: Duration,
}

impl Phases {
    pub fn segmentation(&self) -> Duration {
        self.kinds
            .get(SEGMENTATION_KIND)
            .copied()
            .unwrap_or_default()
    }

    pub fn other_checks(&self) -> Duration {
        self.kinds
            .iter()
            .filter(|(kind, _)| *kind != SEGMENTATION_KIND)
            .map(|(_, time)| *time)
            .sum()
    }
}

pub fn measure(files: &[PathBuf]) -> Phases {
    let mut phases = Phases {
        reports: files.len(),
        ..Phases::default()
    };
    let start = Instant::now();
    let rules = RuleSet::load(&[], true).expect("built-in packs load");
    let linter = Linter::new(rules, &[], &[]).expect("no selectors");
    phases.setup = start.elapsed();

    let mut texts = Vec::with_capacity(files.len());
    let mut all_findings = Vec::with_capacity(files.len());
    for path in files {
        let start = Instant::now();
        let bytes = std::fs::read(path).expect("read corpus report");
        phases.read += start.elapsed();

        let start = Instant::now();
        let text = decode_bytes(&bytes, &path.display().to_string())
            .expect("corpus report decodes")
            .text;
        phases.decode += start.elapsed();

        let syntax = Syntax::from_path(path);
        let (parse, checks) = parse_and_check(&linter, &text, syntax, &mut phases);
        let start = Instant::now();
        let findings = linter.lint_file(&text, syntax, &[]);
        // lint_file parses and checks again: what it adds is the findings.
        phases.findings += start.elapsed().saturating_sub(parse + checks);
        texts.push((path.display().to_string(), text));
        all_findings.push(findings);
    }

    let start = Instant::now();
    let reports: Vec<FileReport> = texts
        .iter()
        .zip(all_findings)
        .map(|((path, text), findings)| FileReport::new(path, text, findings))
        .collect();
    let json = render::json(&reports);
    phases.render = start.elapsed();
    std::hint::black_box(json);
    phases
}

/// Parses `text` and runs every active rule on it, adding the times to
/// `phases`; returns the parse time and the total check time.
fn parse_and_check(
    linter: &Linter,
    text: &str,
    syntax: Syntax,
    phases: &mut Phases,
) -> (Duration, Duration) {
    let start = Instant::now();
    let readable = syntax.readable(text);
    let text: &str = &readable;
    // As the engine parses, with the rule set's page residue (the title
    // words of no type, as before the type is known to this bench).
    let doc = Document::parse_as(
        text,
        None,
        rl_lint::document::table::find_tables(text),
        &rl_lint::document::TitleWords::default(),
        &linter.rules.page_residue,
    );
    let report_type =
        rl_lint::engine::report_type::detect(&linter.rules.types, &linter.rules.parts, &doc);
    let parts = PartMap::analyse_for(&doc, &linter.rules.parts, report_type);
    let parse = start.elapsed();
    phases.parse += parse;

    let cx = Context {
        doc: &doc,
        parts: &parts,
        catalog: &linter.rules.parts,
        deadline: None,
        type_deadline: None,
        baseline: None,
        layout: None,
        stop_at: &rl_lint::deadline::Deadline::NONE,
        // Every rule runs, on every block: the gate is not measured here.
        candidates: None,
    };
    let mut hits: Vec<Hit> = Vec::new();
    let mut checks = Duration::ZERO;
    for rule in linter.active().iter().filter(|r| r.runs_on(report_type)) {
        let start = Instant::now();
        rule.check.run(&cx, &mut hits);
        let time = start.elapsed();
        hits.clear();
        checks += time;
        *phases
            .kinds
            .entry(rule.kind.name().to_string())
            .or_default() += time;
    }
    (parse, checks)
}

/// The reports of a corpus folder, in name order.
pub fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read corpus folder")
        .map(|entry| entry.expect("corpus entry").path())
        .collect();
    files.sort();
    files
}
