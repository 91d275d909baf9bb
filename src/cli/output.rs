//! Writing a run's output as reports are done, in their order: each report
//! is rendered on the core that linted it, then written and dropped, so a
//! run over thousands of reports holds only a few at a time. SARIF and
//! `--statistics` describe all reports at once and keep them to the end.
//! The HTML review page writes each report's section as it comes and
//! keeps only a row of the overview per report, written at the end.

use rl_lint::engine;
use rl_lint::engine::finding::Finding;
use rl_lint::engine::outline::ChecklistItem;
use rl_lint::input::docx::WordTable;
use rl_lint::input::SourceEncoding;
use rl_lint::packs::RuleSet;
use rl_lint::render::html::{self, Bases, HtmlReport, ProblemCounts, ReviewRow};
use rl_lint::render::{self, FileReport, FullOptions, JsonArray, JsonElement, Totals};
use rl_lint::text::span::LineIndex;
use std::io::Write;

// Neutral: a folder may hold reports of both types.
const REVIEW_TITLE: &str = "年度报告审查结果";

/// What the run prints.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    Full(FullOptions),
    Concise,
    Github,
    Json,
    Sarif,
    Statistics,
    StatisticsJson,
    /// `--diff`: the changes `--fix` would make.
    Diff,
    /// `--format html`: the review page.
    Html,
}

/// What the review page needs of a report beyond its findings.
pub struct ReviewPart<'a> {
    /// Its place among the inputs, for unique anchors.
    pub index: usize,
    /// Its required parts are the overview's columns.
    pub checklist: &'a [ChecklistItem],
    /// The label of the report type it was checked as; reports are listed
    /// in the overview by type, each type with its own parts.
    pub report_type: Option<&'a str>,
    pub rules: &'a RuleSet,
    /// A `.docx`'s tables, which are not in its text.
    pub word_tables: &'a [WordTable],
    /// Where its annotated copy was written (`--annotate-dir`), as a link.
    pub annotated: Option<&'a str>,
}

/// The anchor of a report's section on the review page.
fn section_id(index: usize) -> String {
    format!("r{}", index + 1)
}

impl Style {
    /// Human formats get the summary line and what `--fix` changed on
    /// stdout; machine formats keep stdout parseable.
    fn is_human(self) -> bool {
        matches!(self, Style::Full(_) | Style::Concise)
    }

    /// A linted report, rendered if this style writes reports one by one.
    pub fn done(
        self,
        shown: String,
        text: String,
        encoding: SourceEncoding,
        findings: Vec<Finding>,
        part: &ReviewPart,
    ) -> Done {
        let mut totals = Totals::default();
        totals.add(&findings);
        let rendered = match self {
            Style::Html => {
                let id = section_id(part.index);
                let ids = format!("{id}-");
                let lines = LineIndex::new(&text);
                let tables = engine::tables_of(&text, encoding, part.word_tables);
                let report = HtmlReport {
                    name: &shown,
                    text: &text,
                    lines: &lines,
                    findings: &findings,
                    checklist: part.checklist,
                    ids: &ids,
                    tables: &tables,
                };
                let section =
                    html::review_section(&report, &Bases::new(part.rules), part.annotated);
                let (errors, warnings, infos) = html::counts(&findings);
                let mut problems = ProblemCounts::default();
                problems.add(&findings);
                Rendered::Html {
                    section,
                    row: ReviewRow {
                        name: shown.clone(),
                        id,
                        report_type: part.report_type.map(str::to_string),
                        parts: part
                            .checklist
                            .iter()
                            .filter(|item| item.required)
                            .map(|item| (item.label.clone(), item.status))
                            .collect(),
                        errors,
                        warnings,
                        infos,
                        layout: (encoding == SourceEncoding::Docx).then(|| {
                            findings
                                .iter()
                                .filter(|f| f.rule.starts_with("layout/"))
                                .count()
                        }),
                        failed: None,
                    },
                    problems,
                }
            }
            Style::Sarif | Style::Statistics | Style::StatisticsJson | Style::Diff => {
                Rendered::Kept {
                    text,
                    encoding,
                    findings,
                }
            }
            Style::Full(_) | Style::Concise | Style::Github | Style::Json => {
                let report = FileReport::new(&shown, &text, findings).with_encoding(encoding);
                let one = std::slice::from_ref(&report);
                match self {
                    Style::Full(options) => Rendered::Text(render::full(&report, options)),
                    Style::Concise => Rendered::Text(render::concise(one)),
                    Style::Github => Rendered::Text(render::github(one)),
                    _ => Rendered::Json(render::json_elements(&report)),
                }
            }
        };
        Done {
            linted: Some((shown, totals, rendered)),
            ..Done::default()
        }
    }
}

enum Rendered {
    Text(String),
    /// A section of the review page and its row of the overview.
    Html {
        section: String,
        row: ReviewRow,
        problems: ProblemCounts,
    },
    Json(Vec<JsonElement>),
    /// For the styles that render all reports together.
    Kept {
        text: String,
        encoding: SourceEncoding,
        findings: Vec<Finding>,
    },
}

/// What one input left.
#[derive(Default)]
pub struct Done {
    /// Errors about it (it could not be read, or not written back), rendered.
    pub errors: Vec<String>,
    /// Notes for stderr that are not failures (e.g. a .docx is never fixed).
    pub warnings: Vec<String>,
    /// Its `--diff`, or the line saying what `--fix` changed.
    pub note: String,
    /// Its name, counts and rendered findings; `None` when it could not be
    /// read, and with `--diff`.
    linted: Option<(String, Totals, Rendered)>,
    /// The input's place and name, for the review page's row of a report
    /// that could not be read.
    input: Option<(usize, String)>,
}

impl Done {
    pub fn error(text: String) -> Done {
        Done {
            errors: vec![text],
            ..Done::default()
        }
    }

    /// Names the input this is about.
    pub fn of(mut self, index: usize, shown: String) -> Done {
        self.input = Some((index, shown));
        self
    }

    pub fn note(note: String) -> Done {
        Done {
            note,
            ..Done::default()
        }
    }
}

/// Writes the output of a run, one input at a time, in input order.
pub struct Output<'r> {
    style: Style,
    rules: &'r RuleSet,
    stdout: Stdout,
    failed: bool,
    totals: Totals,
    reports: usize,
    /// What --fix changed, one line per file.
    fixes: String,
    /// Whether --diff printed a change.
    changes: bool,
    json: JsonArray,
    /// Reports kept for SARIF and --statistics: (shown, text, encoding, findings).
    kept: Vec<(String, String, SourceEncoding, Vec<Finding>)>,
    /// The review page's overview rows, and its problems over all reports.
    rows: Vec<ReviewRow>,
    problems: ProblemCounts,
    started: bool,
}

impl<'r> Output<'r> {
    /// `failed`: whether something already went wrong (a folder could not
    /// be walked).
    pub fn new(style: Style, rules: &'r RuleSet, failed: bool) -> Self {
        Output {
            style,
            rules,
            stdout: Stdout::default(),
            failed,
            totals: Totals::default(),
            reports: 0,
            fixes: String::new(),
            changes: false,
            json: JsonArray::default(),
            kept: Vec::new(),
            rows: Vec::new(),
            problems: ProblemCounts::default(),
            started: false,
        }
    }

    pub fn add(&mut self, done: Done) {
        for error in &done.errors {
            let _ = writeln!(std::io::stderr(), "{error}");
            self.failed = true;
        }
        for warning in &done.warnings {
            let _ = writeln!(std::io::stderr(), "{warning}");
        }
        if matches!(self.style, Style::Html) {
            self.start_page();
            if let (Some((index, shown)), Some(error), None) =
                (&done.input, done.errors.first(), &done.linted)
            {
                // A report that could not be read is on the page too: a
                // reviewer must not miss it.
                let id = section_id(*index);
                self.stdout
                    .print(&html::review_failed_section(&id, shown, error));
                self.rows.push(ReviewRow {
                    name: shown.clone(),
                    id,
                    report_type: None,
                    parts: Vec::new(),
                    errors: 0,
                    warnings: 0,
                    infos: 0,
                    layout: None,
                    failed: Some(error.clone()),
                });
            }
        }
        if matches!(self.style, Style::Diff) {
            self.changes |= !done.note.is_empty();
            self.stdout.print(&done.note);
        } else {
            self.fixes.push_str(&done.note);
        }
        let Some((shown, totals, rendered)) = done.linted else {
            return;
        };
        self.reports += 1;
        self.totals.errors += totals.errors;
        self.totals.warnings += totals.warnings;
        self.totals.infos += totals.infos;
        self.totals.fixable += totals.fixable;
        match rendered {
            Rendered::Text(text) => self.stdout.print(&text),
            Rendered::Html {
                section,
                row,
                problems,
            } => {
                self.stdout.print(&section);
                self.rows.push(row);
                self.problems.merge(problems);
            }
            Rendered::Json(elements) => {
                let _ = self.json.push(&mut self.stdout, &shown, elements);
            }
            Rendered::Kept {
                text,
                encoding,
                findings,
            } => self.kept.push((shown, text, encoding, findings)),
        }
    }

    fn start_page(&mut self) {
        if !self.started {
            self.started = true;
            self.stdout.print(&html::review_start(REVIEW_TITLE));
        }
    }

    /// Writes what comes after the reports; returns the exit code.
    pub fn finish(mut self) -> i32 {
        if matches!(self.style, Style::Diff) {
            self.stdout.flush();
            return if self.failed {
                2
            } else {
                i32::from(self.changes)
            };
        }
        if !self.style.is_human() {
            let _ = write!(std::io::stderr(), "{}", self.fixes);
        }
        let reports: Vec<FileReport> = self
            .kept
            .iter()
            .map(|(shown, text, encoding, findings)| {
                FileReport::new(shown, text, findings.clone()).with_encoding(*encoding)
            })
            .collect();
        let tail = match self.style {
            Style::Full(_) | Style::Concise => {
                let mut tail = std::mem::take(&mut self.fixes);
                // No summary when nothing could be read: 「未发现问题」 would be a lie.
                if self.reports > 0 {
                    tail.push_str(&self.totals.summary());
                }
                tail
            }
            Style::Github | Style::Diff => String::new(),
            Style::Html => {
                self.start_page();
                html::review_end(REVIEW_TITLE, &self.rows, &self.problems, self.rules)
            }
            Style::Json => {
                let json = std::mem::take(&mut self.json);
                let _ = json.finish(&mut self.stdout);
                String::new()
            }
            Style::Sarif => render::sarif(&reports, self.rules),
            Style::StatisticsJson => render::statistics_json(&reports),
            Style::Statistics if reports.is_empty() => String::new(),
            Style::Statistics => render::statistics(&reports, self.rules),
        };
        self.stdout.print(&tail);
        self.stdout.end_line();
        self.stdout.flush();
        if self.failed {
            2
        } else if self.totals.errors > 0 {
            1
        } else {
            0
        }
    }
}

/// Buffered standard output that remembers whether it ends a line. A
/// closed stdout (piped into `head`) is not an error: the run goes on and
/// its exit code says what it found.
struct Stdout {
    out: std::io::BufWriter<std::io::Stdout>,
    ends_line: bool,
    closed: bool,
}

impl Default for Stdout {
    fn default() -> Self {
        Stdout {
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            ends_line: true,
            closed: false,
        }
    }
}

impl Stdout {
    fn print(&mut self, text: &str) {
        let _ = self.write_all(text.as_bytes());
    }

    /// A final line break, unless the output is empty or ends with one.
    fn end_line(&mut self) {
        if !self.ends_line {
            self.print("\n");
        }
    }

    fn flush(&mut self) {
        if !self.closed {
            let _ = self.out.flush();
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.is_empty() || self.closed {
            return Ok(buf.len());
        }
        self.ends_line = buf.ends_with(b"\n");
        if self.out.write_all(buf).is_err() {
            self.closed = true;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Stdout::flush(self);
        Ok(())
    }
}
