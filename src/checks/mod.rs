//! Generic check kinds. A rule pack instantiates a kind with parameters
//! (`kind: required-part`, `part: plan`); each kind lives in its own file.
//! Checks read the parsed document and the part map; they never re-parse.

mod copied_from_baseline;
mod date_format;
mod date_present;
mod date_window;
mod enum_sequence;
mod forbidden_pattern;
mod halfwidth_punctuation;
mod heading_marker;
mod heading_sequence;
mod merged_paragraphs;
mod nested_book_title;
mod paired_marks;
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
mod table_arithmetic;
mod table_cell_format;
mod table_present;
mod table_rows;
mod table_select;
mod title_format;
mod title_present;

pub use date_window::parse_month_day;

use crate::baseline::Baseline;
use crate::document::Document;
use crate::finding::{Edit, Label};
use crate::parts::{PartCatalog, PartMap};
use crate::textpos::Span;
use serde::Deserialize;

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
    pub type_deadline: Option<&'a crate::rules::report_type::Deadline>,
    /// Last year's report, when one is given (`--baseline`).
    pub baseline: Option<&'a Baseline>,
}

impl<'t> Context<'_, 't> {
    pub fn text(&self) -> &'t str {
        self.doc.text
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

macro_rules! check_kinds {
    ($($name:literal => $variant:ident($module:ident)),* $(,)?) => {
        /// Every check kind with its parameters, as written in a rule pack.
        #[derive(Debug, Deserialize)]
        #[serde(tag = "kind", deny_unknown_fields)]
        pub enum CheckSpec {
            $(#[serde(rename = $name)] $variant($module::Params),)*
        }

        /// Names of all check kinds, for error messages and docs.
        pub const KINDS: &[&str] = &[$($name),*];

        impl CheckSpec {
            pub fn compile(self, catalog: &PartCatalog) -> Result<Box<dyn Check>, SpecError> {
                match self {
                    $(CheckSpec::$variant(params) => Ok(Box::new($module::compile(params, catalog)?)),)*
                }
            }
        }
    };
}

check_kinds! {
    "required-part" => RequiredPart(required_part),
    "part-only-mentioned" => PartOnlyMentioned(part_only_mentioned),
    "part-duplicate" => PartDuplicate(part_duplicate),
    "section-empty" => SectionEmpty(section_empty),
    "part-order" => PartOrder(part_order),
    "part-year" => PartYear(part_year),
    "part-contains-words" => PartContainsWords(part_contains_words),
    "title-present" => TitlePresent(title_present),
    "title-format" => TitleFormat(title_format),
    "signer-present" => SignerPresent(signer_present),
    "signer-matches-title" => SignerMatchesTitle(signer_matches_title),
    "date-present" => DatePresent(date_present),
    "date-format" => DateFormat(date_format),
    "date-window" => DateWindow(date_window),
    "heading-sequence" => HeadingSequence(heading_sequence),
    "heading-marker" => HeadingMarker(heading_marker),
    "enum-sequence" => EnumSequence(enum_sequence),
    "forbidden-pattern" => ForbiddenPattern(forbidden_pattern),
    "paired-marks" => PairedMarks(paired_marks),
    "nested-book-title" => NestedBookTitle(nested_book_title),
    "halfwidth-punctuation" => HalfwidthPunctuation(halfwidth_punctuation),
    "merged-paragraphs" => MergedParagraphs(merged_paragraphs),
    "copied-from-baseline" => CopiedFromBaseline(copied_from_baseline),
    "table-present" => TablePresent(table_present),
    "table-rows" => TableRows(table_rows),
    "table-arithmetic" => TableArithmetic(table_arithmetic),
    "table-cell-format" => TableCellFormat(table_cell_format),
    "sentence-year" => SentenceYear(sentence_year),
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
    let line = doc.lines.line_of(span.start);
    let line_span = doc.lines.line_span(doc.text, line);
    Span::new(span.start, span.end.min(line_span.end).max(span.start))
}

/// Running one check kind on a text, for the kinds' unit tests.
#[cfg(test)]
pub mod testing {
    use super::{CheckSpec, Context, Hit};
    use crate::document::Document;
    use crate::parts::{PartCatalog, PartMap};

    /// The hits of the check `yaml` (its `kind` and parameters) on `text`.
    pub fn run_kind(yaml: &str, text: &str) -> Vec<Hit> {
        let spec: CheckSpec = serde_yaml::from_str(yaml).expect("valid check");
        let catalog = PartCatalog::default();
        let check = spec.compile(&catalog).expect("compiles");
        let doc = Document::parse(text, None);
        let parts = PartMap::analyse(&doc, &catalog);
        let cx = Context {
            doc: &doc,
            parts: &parts,
            catalog: &catalog,
            deadline: None,
            type_deadline: None,
            baseline: None,
        };
        let mut hits = Vec::new();
        check.run(&cx, &mut hits);
        hits
    }
}
