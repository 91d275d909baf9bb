//! The engine: parse a report once, locate its parts, run the selected
//! rules, and turn their hits into findings with the pack's texts.

use super::report_type;
use crate::checks::baseline::Baseline;
use crate::checks::{CheckScope, Context, Hit};
use crate::deadline::{Deadline, Stopped, STOPPED_RULE};
use crate::document::parts::PartMap;
use crate::document::{table, Document, Table, TitleWords};
use crate::engine::outline::Outline;
use crate::finding::{Finding, Label, Severity};
use crate::input::docx::WordTable;
use crate::input::docx_layout::Layout;
use crate::input::markdown::Syntax;
use crate::packs::gate::Present;
use crate::packs::{selector_matches, Rule, RuleSet};
use crate::text::index::TextIndex;
use crate::text::span::Span;

use rayon::prelude::*;
use std::sync::Arc;

/// A rule selector on the command line that names no rule.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("unknown rule or pack `{selector}` in {option}")]
#[diagnostic(code(rl_lint::unknown_rule))]
pub struct UnknownSelector {
    pub selector: String,
    pub option: &'static str,
    #[help]
    pub help: String,
}

fn check_selectors(
    rules: &RuleSet,
    option: &'static str,
    selectors: &[String],
) -> Result<(), UnknownSelector> {
    match selectors.iter().find(|s| !rules.matches_any(s)) {
        None => Ok(()),
        Some(bad) => {
            let help = match crate::packs::close_ids(rules, bad).first() {
                Some(close) => format!("did you mean `{close}`? `rl-lint --list-rules` lists every rule"),
                None => "list the rules with `rl-lint --list-rules`; a prefix such as `format/` selects a whole pack".to_string(),
            };
            Err(UnknownSelector {
                selector: bad.clone(),
                option,
                help,
            })
        }
    }
}

/// What one report is linted with, beyond the linter's own settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    pub syntax: Syntax,
    /// Rules not to run: the configuration's per-file ignores for it.
    pub ignore: &'a [String],
    /// Run only the rules these select; all when empty.
    pub only: &'a [String],
    /// The reported year, over the linter's.
    pub year: Option<i32>,
    /// Last year's report, over the linter's.
    pub baseline: Option<&'a Baseline>,
    /// Run only the rules that judge a paragraph on its own
    /// ([`CheckScope::Paragraph`]): the text is not a whole report.
    pub paragraph_only: bool,
    /// The tables of a Word document (its text has none); `None`: read
    /// them from the text.
    pub tables: Option<&'a [WordTable]>,
    /// The layout of a Word document; `None`: the report has none.
    pub layout: Option<&'a Layout>,
    /// When to stop; `None`: never.
    pub deadline: Option<&'a Deadline>,
    /// Run the report's rules on all cores (see [`LintOptions::parallel_rules`]).
    pub parallel_rules: bool,
}

/// Which report type a report is checked as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TypeChoice {
    /// Told from its title and headings.
    #[default]
    Detect,
    /// This type (an index into `RuleSet::types`), whatever it looks like.
    Type(usize),
    /// No type: the general packs only.
    General,
}

/// Settings that apply to every report of a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct LintOptions {
    /// The reported year, instead of reading it from each report.
    pub year: Option<i32>,
    /// Publication deadline `(month, day)`, replacing the rules' own.
    pub deadline: Option<(u32, u32)>,
    /// The report type (`--type`, the configuration's `type:`).
    pub report_type: TypeChoice,
    /// Run one report's rules on all cores: for a run of one report, whose
    /// cores have nothing else to do. A run of many checks one report per
    /// core instead, which costs less.
    pub parallel_rules: bool,
}

pub struct Linter {
    pub rules: RuleSet,
    active: Vec<Arc<Rule>>,
    /// Severity overrides by id or prefix; the longest matching one wins.
    severity: Vec<(String, Severity)>,
    options: LintOptions,
    /// Last year's report, for the rules that compare with it.
    baseline: Option<Arc<Baseline>>,
}

impl Linter {
    /// Activates the rules matched by `select` (all if empty) minus `ignore`.
    pub fn new(
        rules: RuleSet,
        select: &[String],
        ignore: &[String],
    ) -> Result<Linter, UnknownSelector> {
        check_selectors(&rules, "--select", select)?;
        check_selectors(&rules, "--ignore", ignore)?;
        let active = rules
            .rules
            .iter()
            .filter(|r| select.is_empty() || select.iter().any(|s| selector_matches(s, &r.id)))
            .filter(|r| !ignore.iter().any(|s| selector_matches(s, &r.id)))
            .cloned()
            .collect();
        Ok(Linter {
            rules,
            active,
            severity: Vec::new(),
            options: LintOptions::default(),
            baseline: None,
        })
    }

    pub fn with_options(mut self, options: LintOptions) -> Self {
        self.options = options;
        self
    }

    /// Compare every report with last year's (`--baseline`).
    pub fn with_baseline(mut self, baseline: Arc<Baseline>) -> Self {
        self.baseline = Some(baseline);
        self
    }

    /// Severity overrides by rule id or prefix (`format/`).
    pub fn with_severity(mut self, overrides: Vec<(String, Severity)>) -> Self {
        self.severity = overrides;
        self
    }

    /// The rules that `lint` runs, in load order.
    pub fn active(&self) -> &[Arc<Rule>] {
        &self.active
    }

    /// All findings for one plain-text report, sorted by position.
    pub fn lint(&self, text: &str) -> Vec<Finding> {
        self.lint_file(text, Syntax::Plain, &[])
    }

    /// All findings for one report written in `syntax`, skipping the rules
    /// `ignore` selects (the configuration's per-file ignores for it).
    pub fn lint_file(&self, text: &str, syntax: Syntax, ignore: &[String]) -> Vec<Finding> {
        let scope = Scope {
            syntax,
            ignore,
            ..Scope::default()
        };
        self.lint_scoped(text, &scope).0
    }

    /// All findings for one report, sorted by position, and its outline.
    /// Markdown syntax is masked with spaces first, so the spans still
    /// point into `text` as it is.
    pub fn lint_scoped(&self, text: &str, scope: &Scope) -> (Vec<Finding>, Outline) {
        self.lint_readable(text, &scope.syntax.readable(text), scope)
    }

    /// [`Linter::lint_scoped`] for a caller that has `readable`, the text
    /// as `scope.syntax` reads it ([`Syntax::readable`]), already.
    pub fn lint_readable(
        &self,
        text: &str,
        readable: &str,
        scope: &Scope,
    ) -> (Vec<Finding>, Outline) {
        let linted = self.lint_indexed(text, readable, scope);
        (linted.findings, linted.outline)
    }

    /// [`Linter::lint_readable`], also returning the text index the
    /// document model built (of `readable`).
    pub fn lint_indexed(&self, text: &str, readable: &str, scope: &Scope) -> Linted {
        let active = self
            .active
            .iter()
            .filter(|r| !scope.ignore.iter().any(|s| selector_matches(s, &r.id)))
            .filter(|r| {
                scope.only.is_empty() || scope.only.iter().any(|s| selector_matches(s, &r.id))
            })
            .filter(|r| !scope.paragraph_only || r.scope() == CheckScope::Paragraph)
            .map(Arc::as_ref);
        // The baseline itself, when it is among the reports, is not
        // compared with itself.
        let baseline = scope
            .baseline
            .or(self.baseline.as_deref())
            .filter(|b| !b.is_same_report(text));
        // Tables are read before Markdown masks their pipes.
        let tables = match scope.tables {
            Some(tables) => Table::all_of_document(tables, text),
            None => table::find_tables(text),
        };
        let source = text;
        let text = readable;
        let options = LintOptions {
            year: scope.year.or(self.options.year),
            parallel_rules: scope.parallel_rules,
            ..self.options
        };
        let deadline = scope.deadline.unwrap_or(&Deadline::NONE);
        let mut linted = match lint_document(
            &self.rules,
            active,
            text,
            options,
            baseline,
            Some(tables),
            scope.layout,
            deadline,
        ) {
            Ok(linted) => linted,
            Err(stopped) => return Linted::stopped(text, stopped),
        };
        if !self.severity.is_empty() {
            for finding in &mut linted.findings {
                if let Some(severity) = self.severity_override(&finding.rule) {
                    finding.severity = severity;
                }
            }
        }
        if source.len() == readable.len() && source != readable {
            snap_labels(source, &mut linted.findings);
        }
        linted
    }

    /// Checks that every selector of `only` names a loaded rule or pack.
    pub fn check_selectors(&self, only: &[String]) -> Result<(), UnknownSelector> {
        check_selectors(&self.rules, "the rules asked for", only)
    }

    fn severity_override(&self, id: &str) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(selector, _)| selector_matches(selector, id))
            .max_by_key(|(selector, _)| selector.trim_end_matches('/').len())
            .map(|(_, severity)| *severity)
    }
}

/// Widens every label's span to the character boundaries of `source`.
/// Markdown masks a character of the source with one space per byte, so a
/// span that a check ends inside masked syntax is a boundary of the text
/// the rules read but may fall inside a character of the source.
fn snap_labels(source: &str, findings: &mut [Finding]) {
    let snap = |span: Span| {
        let start = crate::text::span::floor_char_boundary(source, span.start);
        let mut end = span.end.min(source.len());
        while !source.is_char_boundary(end) {
            end += 1;
        }
        Span::new(start, end.max(start))
    };
    for finding in findings {
        finding.primary.span = snap(finding.primary.span);
        for label in &mut finding.related {
            label.span = snap(label.span);
        }
    }
}

/// Runs the given rules on `text`.
pub fn lint_with<'r>(
    rules: &RuleSet,
    active: impl IntoIterator<Item = &'r Rule>,
    text: &str,
    options: LintOptions,
) -> Vec<Finding> {
    lint_with_baseline(rules, active, text, options, None)
}

/// Runs the given rules on `text`, comparing it with `baseline` if given.
pub fn lint_with_baseline<'r>(
    rules: &RuleSet,
    active: impl IntoIterator<Item = &'r Rule>,
    text: &str,
    options: LintOptions,
    baseline: Option<&Baseline>,
) -> Vec<Finding> {
    match lint_document(
        rules,
        active,
        text,
        options,
        baseline,
        None,
        None,
        &Deadline::NONE,
    ) {
        Ok(linted) => linted.findings,
        Err(_) => unreachable!("a check without a deadline never stops"),
    }
}

/// One report linted: its findings (sorted by position), its outline and
/// the text index of what was linted.
#[derive(Debug)]
pub struct Linted {
    pub findings: Vec<Finding>,
    pub outline: Outline,
    pub index: TextIndex,
    /// Set when the deadline stopped the check: then `findings` is the
    /// one [`STOPPED_RULE`] finding and `outline` is empty.
    pub stopped: Option<Stopped>,
}

impl Linted {
    /// What a check stopped by its deadline gives: one error finding that
    /// says so, on the report's first line, and nothing else.
    fn stopped(text: &str, stopped: Stopped) -> Linted {
        Linted {
            findings: vec![stopped_finding(text, stopped)],
            outline: Outline::empty(),
            index: TextIndex::new(text),
            stopped: Some(stopped),
        }
    }
}

/// The one finding of a check stopped by its deadline
/// ([`STOPPED_RULE`]), labelling the start of the report's first line.
pub fn stopped_finding(text: &str, stopped: Stopped) -> Finding {
    let line = text.split('\n').next().unwrap_or("");
    let end = line
        .char_indices()
        .nth(30)
        .map_or(line.trim_end_matches('\r').len(), |(i, _)| i);
    Finding {
        rule: STOPPED_RULE.to_string(),
        severity: Severity::Error,
        message: stopped.message(),
        help: "报告过长或结构异常，检查未能在时限内完成：请检查文本是否完整、分段是否正常，或分段提交后重新检查。".to_string(),
        primary: Label::new(Span::new(0, end), "检查在此报告上停止"),
        related: Vec::new(),
        fix: Vec::new(),
    }
}

/// Runs the given rules on `text`; also returns what the rules saw of it.
#[allow(clippy::too_many_arguments)] // one call per report, each input distinct
fn lint_document<'r>(
    rules: &RuleSet,
    active: impl IntoIterator<Item = &'r Rule>,
    text: &str,
    options: LintOptions,
    baseline: Option<&Baseline>,
    tables: Option<Vec<Table>>,
    layout: Option<&Layout>,
    deadline: &Deadline,
) -> Result<Linted, Stopped> {
    let tables = tables.unwrap_or_else(|| table::find_tables(text));
    // The title is read with the words of the report's type (see
    // `document::title`): of the type chosen, of none for `--type none`,
    // else of every type until the report's type is told, then again with
    // that type's alone.
    let none = TitleWords::default();
    let words = match options.report_type {
        TypeChoice::Detect => &rules.title_words,
        TypeChoice::Type(t) => &rules.types[t].title_words,
        TypeChoice::General => &none,
    };
    let mut doc = Document::parse_within(
        text,
        options.year,
        tables,
        words,
        &rules.page_residue,
        deadline,
    )?;
    let (report_type, detected) = match options.report_type {
        TypeChoice::Detect => {
            let found = report_type::detect(&rules.types, &rules.parts, &doc);
            if let Some(t) = found.filter(|_| rules.types.len() > 1) {
                doc.reread_head(&rules.types[t].title_words);
            }
            (found, true)
        }
        TypeChoice::Type(t) => (Some(t), false),
        TypeChoice::General => (None, false),
    };
    doc.adopt_scheme(&|words| {
        rules
            .parts
            .classify(words, report_type)
            .filter(|&p| !rules.parts.parts[p].fallback)
    });
    deadline.check()?;
    let parts = PartMap::analyse_for(&doc, &rules.parts, report_type);
    deadline.check()?;
    let type_deadline = report_type.and_then(|t| {
        let unit = doc
            .title
            .as_ref()
            .and_then(|t| t.unit)
            .or(doc.closing.signer)
            .map(|span| span.text(doc.text));
        rules.types[t].deadline_for(unit)
    });
    let cx = Context {
        doc: &doc,
        parts: &parts,
        catalog: &rules.parts,
        deadline: options.deadline,
        type_deadline,
        baseline,
        layout,
        stop_at: deadline,
        candidates: None,
    };
    let mut findings = Vec::new();
    // The parts the rules that run require, for the checklist.
    let mut required: Vec<usize> = Vec::new();
    let runnable: Vec<&Rule> = active
        .into_iter()
        .filter(|rule| rule.runs_on(report_type))
        .inspect(|rule| required.extend(rule.check.required_part()))
        .collect();
    // The rules the gate does not hold run first: for the first report of
    // a run the gate's automaton is still being built on another core
    // (see `Engine::with_rules`). Findings are sorted below, so the order
    // the rules run in does not show.
    let (ungated, gated): (Vec<&Rule>, Vec<&Rule>) =
        runnable.into_iter().partition(|rule| rule.gate.is_none());
    let run = |rule: &Rule, present: Option<&Present>, hits: &mut Vec<Hit>| {
        deadline.check()?;
        let candidates = present.and_then(|p| p.candidates(&rules.gate, rule.gate));
        let cx = Context {
            candidates: candidates.as_ref(),
            ..cx
        };
        hits.clear();
        rule.check.run(&cx, hits);
        Ok::<_, Stopped>(
            hits.drain(..)
                .map(|hit| to_finding(rule, &doc, hit))
                .collect::<Vec<Finding>>(),
        )
    };
    let run_all = |batch: &[&Rule], present: Option<&Present>| -> Result<Vec<Finding>, Stopped> {
        if options.parallel_rules {
            // In rule order, whichever core ran each: the same findings.
            let per_rule = batch
                .par_iter()
                .map_init(Vec::new, |hits, rule| run(rule, present, hits))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(per_rule.into_iter().flatten().collect())
        } else {
            let mut hits = Vec::new();
            let mut found = Vec::new();
            for rule in batch {
                found.extend(run(rule, present, &mut hits)?);
            }
            Ok(found)
        }
    };
    findings.extend(run_all(&ungated, None)?);
    // One pass for the words of every gated rule: a rule none of whose
    // literals occurs in the report has nothing to find in it.
    let present = if doc.matching() == doc.text {
        rules.gate.scan(&[doc.text])
    } else {
        rules.gate.scan(&[doc.text, doc.matching()])
    };
    let gated: Vec<&Rule> = gated
        .into_iter()
        .filter(|rule| present.allows(rule.gate))
        .collect();
    findings.extend(run_all(&gated, Some(&present))?);
    findings.sort_by(|a, b| {
        (a.primary.span.start, &a.rule, a.primary.span.end).cmp(&(
            b.primary.span.start,
            &b.rule,
            b.primary.span.end,
        ))
    });
    let mut outline = Outline::new(&doc, &parts, &rules.parts);
    outline.set_report_type(report_type.map(|t| &rules.types[t]), detected);
    if let Some(layout) = layout {
        outline.set_layout(&doc, layout);
    }
    for (i, item) in outline.checklist.iter_mut().enumerate() {
        item.required = required.contains(&i);
    }
    // The checklist is that of the report's type: one item per part.
    let mut keep = rules
        .parts
        .parts
        .iter()
        .map(|p| p.report_type == report_type);
    outline.checklist.retain(|_| keep.next().unwrap_or(false));
    deadline.check()?;
    Ok(Linted {
        findings,
        outline,
        index: doc.index,
        stopped: None,
    })
}

fn to_finding(rule: &Rule, doc: &Document, hit: Hit) -> Finding {
    let (year, next_year) = match doc.year {
        Some(y) => (y.year.to_string(), (y.year + 1).to_string()),
        None => ("XXXX".to_string(), "XXXX".to_string()),
    };
    let mut vars = hit.vars;
    vars.push(("year", year));
    vars.push(("next_year", next_year));
    let fill = |template: &str| crate::packs::template::fill(template, &vars);
    let label = match &rule.label {
        Some(template) => fill(template),
        None => hit.label,
    };
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        message: fill(&rule.message),
        help: fill(&rule.help),
        primary: Label::in_cell(hit.span, label, hit.cell),
        related: hit.related,
        fix: hit.fix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_only_runs_the_paragraph_scope_rules() {
        let rules = RuleSet::load(&[], true).expect("built-in packs");
        // Checked as a rule-of-law report, so that its report-scope rules run.
        let fazhi = rules
            .types
            .iter()
            .position(|t| t.name == "fazhi")
            .expect("the fazhi type");
        let linter = Linter::new(rules, &[], &[])
            .expect("linter")
            .with_options(LintOptions {
                report_type: TypeChoice::Type(fazhi),
                ..LintOptions::default()
            });
        let paragraph = "我局开展普法活动12次,覆盖群众3000人次。";
        let all = linter.lint(paragraph);
        assert!(all.iter().any(|f| f.rule.starts_with("core/")), "{all:?}");
        let scope = Scope {
            paragraph_only: true,
            ..Scope::default()
        };
        let (some, _) = linter.lint_scoped(paragraph, &scope);
        assert!(!some.is_empty());
        for finding in &some {
            let rule = linter.rules.rule(&finding.rule).expect("rule");
            assert_eq!(rule.scope(), CheckScope::Paragraph, "{}", finding.rule);
        }
        assert!(
            some.iter().any(|f| !f.fix.is_empty()),
            "the half-width comma is fixable"
        );
    }

    /// A user pack's rule marked `page_residue` tells the model what its
    /// site leaves after a report, as `hygiene/web-residue` does: the
    /// closing is found above the line, which the rule still reports.
    #[test]
    fn a_user_packs_page_residue_is_not_report_text() {
        let report = "某局2022年法治政府建设年度报告\n一、主要举措和成效\n开展学法。\n某局\n2023年2月2日\n返回顶部\n";
        let findings = |marked: bool| -> Vec<String> {
            let pack = format!("pack: site\nrules:\n  - id: site/back-to-top\n    severity: warning\n    kind: forbidden-pattern\n    patterns: ['^返回顶部$']\n    page_residue: {marked}\n    message: m\n    help: h\n    basis: b\n    examples: {{bad: ['返回顶部'], good: ['顶部']}}\n");
            let mut builder = crate::packs::RuleSetBuilder::default()
                .with_builtin()
                .expect("built-ins");
            builder.add_source("site.yaml", &pack).expect("added");
            let linter = Linter::new(builder.build().expect("builds"), &[], &[]).expect("linter");
            linter.lint(report).into_iter().map(|f| f.rule).collect()
        };
        // Unmarked, the line is read as the signer, under the date.
        let unmarked = findings(false);
        assert!(
            unmarked.iter().any(|r| r == "core/date-above-signer"),
            "{unmarked:?}"
        );
        let marked = findings(true);
        for rule in [
            "core/date-above-signer",
            "core/signer-mismatch",
            "core/date-missing",
            "core/signer-missing",
        ] {
            assert!(!marked.iter().any(|r| r == rule), "{marked:?}");
        }
        assert!(marked.iter().any(|r| r == "site/back-to-top"), "{marked:?}");
    }
}
