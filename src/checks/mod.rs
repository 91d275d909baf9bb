//! Generic check kinds. In: the document model and its part map (and last
//! year's report, indexed by `baseline`). Out: hits, spans with template
//! variables and edits, that the engine turns into findings. A rule pack
//! instantiates a kind with parameters (`kind: required-part`,
//! `part: plan`); each kind lives in its own file. Checks never re-parse.

pub mod baseline;
mod canonical_phrase;
mod copied_from_baseline;
mod date_format;
mod date_present;
mod date_window;
mod dated_reference;
mod enum_sequence;
mod font;
mod forbidden_pattern;
mod halfwidth_punctuation;
mod heading_marker;
mod heading_sequence;
mod law_citation;
pub mod laws;
mod layout;
mod merged_paragraphs;
mod nested_book_title;
mod page_number;
mod page_setup;
mod paired_marks;
mod paragraph_format;
mod part_contains_words;
mod part_duplicate;
mod part_only_mentioned;
mod part_order;
mod part_year;
mod required_part;
mod section_empty;
mod sentence_year;
mod signer_matches_title;
mod signer_present;
mod substitution;
mod table_arithmetic;
mod table_cell_format;
mod table_present;
mod table_rows;
mod table_select;
mod title_format;
mod title_present;
mod top_level_found;

use crate::checks::baseline::Baseline;
use crate::deadline::Deadline;
use crate::document::parts::PartMap;
use crate::document::table::CellRef;
use crate::document::Document;
use crate::finding::{Edit, Label};
use crate::input::docx_layout::Layout;
use crate::schema::parts::PartCatalog;
use crate::text::anchors::Candidates;
use crate::text::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a check needs to run on one document.
pub struct Context<'a, 't> {
    pub doc: &'a Document<'t>,
    pub parts: &'a PartMap,
    pub catalog: &'a PartCatalog,
    /// Publication deadline `(month, day)` set by the configuration; it
    /// replaces the one written in `date-window` rules.
    pub deadline: Option<(u32, u32)>,
    /// The deadline the report's type sets for the report's unit, used by
    /// `date-window` rules that give none of their own.
    pub type_deadline: Option<&'a crate::schema::Deadline>,
    /// Last year's report, when one is given (`--baseline`).
    pub baseline: Option<&'a Baseline>,
    /// A Word document's layout (fonts, sizes, page setup); `None` for
    /// text, which has none: layout checks then find nothing.
    pub layout: Option<&'a Layout>,
    /// When the check must stop ([`crate::deadline`]): a kind polls it
    /// with [`Context::over`] once per block (or table, or heading) and
    /// returns at once when it is over; the engine then discards its hits.
    pub stop_at: &'a Deadline,
    /// Where the rule's literals ([`Check::triggers`]) occur in the
    /// report, from the rule gate's one pass: a kind that searches block
    /// by block skips the blocks that hold none. `None`: search every
    /// block (a rule without literals, or a check run on its own).
    pub candidates: Option<&'a Candidates>,
}

impl<'t> Context<'_, 't> {
    pub fn text(&self) -> &'t str {
        self.doc.text
    }

    /// Whether the check's deadline is over: stop now.
    pub fn over(&self) -> bool {
        self.stop_at.is_over()
    }
}

/// One problem found by a check. The rule supplies message and help; the
/// check supplies the place, a default label, and values for the `{name}`
/// placeholders of the rule's texts.
#[derive(Debug, Clone)]
pub struct Hit {
    pub span: Span,
    pub label: String,
    pub vars: Vec<(&'static str, String)>,
    /// The Word table cell the hit is about, if any.
    pub cell: Option<CellRef>,
    pub related: Vec<Label>,
    /// Edits that fix the problem, if a machine can fix it safely.
    pub fix: Vec<Edit>,
}

impl Hit {
    pub fn new(span: Span, label: impl Into<String>) -> Self {
        Hit {
            span,
            label: label.into(),
            vars: Vec::new(),
            cell: None,
            related: Vec::new(),
            fix: Vec::new(),
        }
    }

    pub fn var(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.vars.push((name, value.into()));
        self
    }

    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Label::new(span, label));
        self
    }

    /// The hit is about a cell of a Word table (see [`Label::cell`]).
    pub fn in_cell(mut self, cell: Option<CellRef>) -> Self {
        self.cell = cell;
        self
    }

    /// A related place that is a cell of a Word table, or only a span.
    pub fn related_cell(
        mut self,
        span: Span,
        label: impl Into<String>,
        cell: Option<CellRef>,
    ) -> Self {
        self.related.push(Label::in_cell(span, label, cell));
        self
    }

    /// Adds an edit to the fix: replace `span` with `content`.
    pub fn edit(mut self, span: Span, content: impl Into<String>) -> Self {
        self.fix.push(Edit::new(span, content));
        self
    }
}

pub trait Check: Send + Sync + std::fmt::Debug {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>);

    /// Whether the check compares the report with a baseline (and finds
    /// nothing without one); its rules' examples then carry a baseline.
    fn needs_baseline(&self) -> bool {
        false
    }

    /// Whether the check reads a Word document's layout (and finds nothing
    /// in text, which has none): its rules' examples are text and cannot
    /// show it, so the self-test leaves them out (tests/layout.rs builds
    /// the documents).
    fn needs_layout(&self) -> bool {
        false
    }

    /// The fixed texts the check compares with and the source of each
    /// (canonical formulations, dated events), for `--explain`.
    fn reference(&self) -> Vec<(String, String)> {
        Vec::new()
    }

    /// The part (index in the catalog) the check requires a report to
    /// have, if that is what it checks: the checklists show which parts
    /// are required.
    fn required_part(&self) -> Option<usize> {
        None
    }

    /// Literal texts of which every hit's match holds one, in the report
    /// as written or in its simplified copy: the check can find nothing in
    /// a report that holds none of them, so the engine skips it there
    /// ([`crate::packs::gate`]). `None` (the default): the check always
    /// runs. A kind that answers must be sure: a missing literal loses
    /// findings.
    fn triggers(&self) -> Option<Vec<Vec<u8>>> {
        None
    }

    /// The patterns of page residue the check reports, when its rule says
    /// a line they match is not report text (`forbidden-pattern` with
    /// `page_residue: true`): the pack loader hands them to the document
    /// model ([`crate::document::PageResidue`]). Shared, not copied, so
    /// that each compiles once.
    fn page_residue(&self) -> Option<std::sync::Arc<[crate::text::pattern::Pattern]>> {
        None
    }
}

/// The triggers of a list of patterns: every literal one of them requires,
/// or `None` when one of them requires none (then the check always runs).
pub fn triggers_of<'p>(
    patterns: impl IntoIterator<Item = &'p crate::text::pattern::Pattern>,
) -> Option<Vec<Vec<u8>>> {
    let mut all = Vec::new();
    for pattern in patterns {
        all.extend(pattern.required_literals()?);
    }
    (!all.is_empty()).then_some(all)
}

/// An error in a rule's parameters; `needle` is text to find in the YAML.
#[derive(Debug)]
pub struct SpecError {
    pub needle: String,
    pub message: String,
}

impl SpecError {
    pub fn new(needle: impl Into<String>, message: impl Into<String>) -> Self {
        SpecError {
            needle: needle.into(),
            message: message.into(),
        }
    }
}

impl From<(String, String)> for SpecError {
    fn from((needle, message): (String, String)) -> Self {
        SpecError { needle, message }
    }
}

/// Resolves a part name used by a rule.
pub fn part_index(catalog: &PartCatalog, name: &str) -> Result<usize, SpecError> {
    catalog.index(name).ok_or_else(|| {
        SpecError::new(
            name,
            format!(
                "unknown part `{name}` (defined parts: {})",
                catalog.names().join(", ")
            ),
        )
    })
}

/// What a check kind judges. Clients that send one paragraph at a time
/// (a LanguageTool client, a word processor) get only the paragraph-scope
/// rules: a paragraph has no title, parts or signer to miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckScope {
    /// The report as a whole: its parts, title, signer, date, headings.
    Report,
    /// Any paragraph on its own: punctuation, marks, numbers, residue,
    /// enumerations, wording.
    Paragraph,
}

impl std::fmt::Display for CheckKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl CheckScope {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckScope::Report => "report",
            CheckScope::Paragraph => "paragraph",
        }
    }

    /// What the scope means, for `--explain`.
    pub fn meaning(self) -> &'static str {
        match self {
            CheckScope::Report => "整篇报告（只在检查整篇报告时运行）",
            CheckScope::Paragraph => "段落（单独检查一段文字时也运行）",
        }
    }
}

/// One check kind per line: its name in rule packs, its parameters'
/// module, and its [`CheckScope`].
macro_rules! check_kinds {
    ($($name:literal => $variant:ident($module:ident): $scope:ident),* $(,)?) => {
        /// Every check kind with its parameters, as written in a rule pack.
        #[derive(Debug, Deserialize)]
        #[serde(tag = "kind", deny_unknown_fields)]
        pub enum CheckSpec {
            $(#[serde(rename = $name)] $variant($module::Params),)*
        }

        /// A check kind, resolved from its name once, when a pack loads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CheckKind {
            $($variant,)*
        }

        /// Names of all check kinds, for error messages and docs.
        pub const KINDS: &[&str] = &[$($name),*];

        impl CheckKind {
            /// Every check kind, in the order of [`KINDS`].
            pub const ALL: &[CheckKind] = &[$(CheckKind::$variant),*];

            /// The kind named `name` in a rule pack.
            pub fn from_name(name: &str) -> Option<CheckKind> {
                match name {
                    $($name => Some(CheckKind::$variant),)*
                    _ => None,
                }
            }

            /// Its name in rule packs (`forbidden-pattern`).
            pub fn name(self) -> &'static str {
                match self {
                    $(CheckKind::$variant => $name,)*
                }
            }

            /// What the kind judges: the whole report or one paragraph.
            pub fn scope(self) -> CheckScope {
                match self {
                    $(CheckKind::$variant => CheckScope::$scope,)*
                }
            }
        }

        impl CheckSpec {
            /// The kind these parameters are for.
            pub fn kind(&self) -> CheckKind {
                match self {
                    $(CheckSpec::$variant(_) => CheckKind::$variant,)*
                }
            }

            pub fn compile(self, catalog: &PartCatalog) -> Result<Box<dyn Check>, SpecError> {
                match self {
                    $(CheckSpec::$variant(params) => Ok(Box::new($module::compile(params, catalog)?)),)*
                }
            }
        }
    };
}

check_kinds! {
    "required-part" => RequiredPart(required_part): Report,
    "part-only-mentioned" => PartOnlyMentioned(part_only_mentioned): Report,
    "part-duplicate" => PartDuplicate(part_duplicate): Report,
    "section-empty" => SectionEmpty(section_empty): Report,
    "part-order" => PartOrder(part_order): Report,
    "part-year" => PartYear(part_year): Report,
    "part-contains-words" => PartContainsWords(part_contains_words): Report,
    "title-present" => TitlePresent(title_present): Report,
    "title-format" => TitleFormat(title_format): Report,
    "signer-present" => SignerPresent(signer_present): Report,
    "signer-matches-title" => SignerMatchesTitle(signer_matches_title): Report,
    "date-present" => DatePresent(date_present): Report,
    "date-format" => DateFormat(date_format): Report,
    "date-window" => DateWindow(date_window): Report,
    "heading-sequence" => HeadingSequence(heading_sequence): Report,
    "heading-marker" => HeadingMarker(heading_marker): Paragraph,
    "enum-sequence" => EnumSequence(enum_sequence): Paragraph,
    "forbidden-pattern" => ForbiddenPattern(forbidden_pattern): Paragraph,
    "paired-marks" => PairedMarks(paired_marks): Paragraph,
    "nested-book-title" => NestedBookTitle(nested_book_title): Paragraph,
    "halfwidth-punctuation" => HalfwidthPunctuation(halfwidth_punctuation): Paragraph,
    "merged-paragraphs" => MergedParagraphs(merged_paragraphs): Paragraph,
    "copied-from-baseline" => CopiedFromBaseline(copied_from_baseline): Report,
    "substitution" => Substitution(substitution): Paragraph,
    "canonical-phrase" => CanonicalPhrase(canonical_phrase): Paragraph,
    "dated-reference" => DatedReference(dated_reference): Paragraph,
    "table-present" => TablePresent(table_present): Report,
    "table-rows" => TableRows(table_rows): Report,
    "table-arithmetic" => TableArithmetic(table_arithmetic): Report,
    "table-cell-format" => TableCellFormat(table_cell_format): Report,
    "sentence-year" => SentenceYear(sentence_year): Report,
    "law-citation" => LawCitation(law_citation): Report,
    "top-level-found" => TopLevelFound(top_level_found): Report,
    "page-setup" => PageSetup(page_setup): Report,
    "font" => Font(font): Report,
    "paragraph-format" => ParagraphFormat(paragraph_format): Report,
    "page-number" => PageNumber(page_number): Report,
}

/// A heading or sentence quoted in a message, shortened to `max_chars`.
pub fn quote(text: &str, span: Span, max_chars: usize) -> String {
    let s = span.text(text);
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let head: String = s.chars().take(max_chars).collect();
        format!("{head}…")
    }
}

/// The last non-empty block's span that starts before `offset`.
pub fn last_block_before(doc: &Document, offset: usize) -> Option<Span> {
    doc.blocks
        .iter()
        .rev()
        .find(|b| b.span.start < offset)
        .map(|b| b.span)
}

/// A span covering the first line of a block-sized span (labels stay on one line).
pub fn first_line(doc: &Document, span: Span) -> Span {
    let line = doc.index.lines().line_of(span.start);
    let line_span = doc.index.lines().line_span(doc.text, line);
    Span::new(span.start, span.end.min(line_span.end).max(span.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_found_by_its_name_and_has_a_scope() {
        assert_eq!(KINDS.len(), CheckKind::ALL.len());
        for (name, kind) in KINDS.iter().zip(CheckKind::ALL) {
            assert_eq!(CheckKind::from_name(name), Some(*kind));
            assert_eq!(kind.name(), *name);
        }
        let scope = |name| CheckKind::from_name(name).map(CheckKind::scope);
        assert_eq!(scope("required-part"), Some(CheckScope::Report));
        assert_eq!(scope("halfwidth-punctuation"), Some(CheckScope::Paragraph));
        assert_eq!(CheckKind::from_name("no-such-kind"), None);
    }
}

/// Running one check kind on a text, for the kinds' unit tests.
#[cfg(test)]
pub mod testing {
    use super::{Check, CheckSpec, Context, Deadline, Hit};
    use crate::document::parts::PartMap;
    use crate::document::Document;
    use crate::schema::parts::PartCatalog;

    /// The hits of the check `yaml` (its `kind` and parameters) on `text`.
    pub fn run_kind(yaml: &str, text: &str) -> Vec<Hit> {
        let spec: CheckSpec = serde_yaml::from_str(yaml).expect("valid check");
        let check = spec.compile(&PartCatalog::default()).expect("compiles");
        hits_of(check.as_ref(), text, None)
    }

    /// The hits of `check` on `text`, with the reported year `year` if
    /// given, and no parts, deadline or baseline.
    pub fn hits_of(check: &dyn Check, text: &str, year: Option<i32>) -> Vec<Hit> {
        let catalog = PartCatalog::default();
        let doc = Document::parse(text, year);
        let parts = PartMap::analyse(&doc, &catalog);
        let cx = Context {
            doc: &doc,
            parts: &parts,
            catalog: &catalog,
            deadline: None,
            type_deadline: None,
            baseline: None,
            layout: None,
            stop_at: &Deadline::NONE,
            candidates: None,
        };
        let mut hits = Vec::new();
        check.run(&cx, &mut hits);
        hits
    }
}

/// Answers about the clauses around matches (whether `unless` spares it,
/// where jieba cuts its words), computed once per clause and question
/// however many matches the clause holds: a check that asked again for
/// each match of a long clause would be quadratic in its length.
///
/// Questions are told apart by a `usize` key (a pattern's index). The
/// answers are forgotten once the blocks read have passed every clause
/// asked about ([`ClauseMemo::advance`]).
#[derive(Debug)]
pub struct ClauseMemo<T> {
    answers: HashMap<(usize, Span), T>,
    /// The end of the furthest clause asked about.
    reach: usize,
}

impl<T> Default for ClauseMemo<T> {
    fn default() -> Self {
        ClauseMemo {
            answers: HashMap::new(),
            reach: 0,
        }
    }
}

impl<T> ClauseMemo<T> {
    /// The reading has moved on to `offset`: when no clause asked about
    /// reaches it, none can be asked about again.
    pub fn advance(&mut self, offset: usize) {
        if offset >= self.reach && !self.answers.is_empty() {
            self.answers.clear();
        }
    }

    /// The answer to question `key` about `clause`, computed by `answer`
    /// the first time only.
    pub fn get(&mut self, key: usize, clause: Span, answer: impl FnOnce() -> T) -> &T {
        self.reach = self.reach.max(clause.end);
        self.answers.entry((key, clause)).or_insert_with(answer)
    }
}
