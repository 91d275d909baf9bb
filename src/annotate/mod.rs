//! Findings as Word comments (`rl-lint annotate`). In: a `.docx`'s bytes,
//! the text rl-lint decoded from it and the findings on that text. Out:
//! a copy of the package with one comment (批注) per finding, anchored on
//! the finding's text.
//!
//! Only what comments need changes: `word/document.xml` gets the comment
//! range marks (runs split where a mark falls inside one, their `w:rPr`
//! copied), `word/comments.xml` the comments (appended after the comments
//! already there, with fresh ids), and, when the document had no comments,
//! the document's relationships and `[Content_Types].xml` one entry each.
//! Every other part of the package is copied as it was stored, compressed
//! bytes and all.
//!
//! The map back from the text to the XML is [`map::TextMap`]; where marks
//! go and how runs are split is [`marks`]; what a comment says is
//! [`comment`]; the package is rewritten by [`package`].

mod comment;
pub mod map;
mod marks;
mod package;

pub use comment::{comment_date, comment_paragraphs};
pub use map::{MapError, TextMap};

use crate::finding::Finding;
use crate::input::docx::{self, DocxError};
use crate::packs::RuleSet;
use marks::Marked;
use std::io::Cursor;

/// WordprocessingML's namespace, transitional and strict.
const TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";

/// The author of every comment rl-lint writes.
pub const AUTHOR: &str = "rl-lint";

/// Why a `.docx` could not be annotated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnotateError {
    /// The package or one of its parts cannot be read.
    Docx(DocxError),
    /// The text rl-lint read does not match the document's paragraphs:
    /// comments would land in the wrong places.
    Disagrees { paragraphs: usize, lines: usize },
    /// A part that comments are added to is not what Word writes.
    Package(String),
}

impl std::fmt::Display for AnnotateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnnotateError::Docx(e) => e.fmt(f),
            AnnotateError::Disagrees { paragraphs, lines } => write!(
                f,
                "word/document.xml has {paragraphs} paragraphs but its text {lines} lines, so comments cannot be placed"
            ),
            AnnotateError::Package(reason) => f.write_str(reason),
        }
    }
}

impl From<DocxError> for AnnotateError {
    fn from(e: DocxError) -> Self {
        AnnotateError::Docx(e)
    }
}

impl From<MapError> for AnnotateError {
    fn from(e: MapError) -> Self {
        match e {
            MapError::Docx(e) => AnnotateError::Docx(e),
            MapError::Disagrees { paragraphs, lines } => {
                AnnotateError::Disagrees { paragraphs, lines }
            }
        }
    }
}

/// An annotated copy.
#[derive(Debug, Clone)]
pub struct Annotated {
    /// The bytes of the new `.docx`.
    pub bytes: Vec<u8>,
    /// How many comments it gained.
    pub comments: usize,
}

/// Writes `findings` (on `text`, the text rl-lint decoded from `original`)
/// into a copy of the `.docx` `original` as comments dated `date` (an
/// ISO 8601 time, [`comment_date`]). `rules` gives each rule's basis.
pub fn annotate(
    original: &[u8],
    text: &str,
    findings: &[Finding],
    rules: &RuleSet,
    date: &str,
) -> Result<Annotated, AnnotateError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(original))
        .map_err(|e| DocxError::Corrupt(format!("not a readable zip archive: {e}")))?;
    let has_bom = package::starts_with_bom(&mut archive, package::DOCUMENT)?;
    let xml = docx::read_part(&mut archive, package::DOCUMENT, docx::MAX_DOCUMENT_XML)?
        .ok_or(DocxError::NotWord)?;
    let map = TextMap::build(&xml, text)?;
    let namespace = if xml.contains(STRICT) {
        STRICT
    } else {
        TRANSITIONAL
    };
    let mut comments = package::Comments::read(&mut archive, namespace)?;
    let first_id = map
        .max_id
        .max(comments.max_id)
        .map_or(0, |id| id.saturating_add(1));
    // Findings whose place cannot be found (a document without a
    // paragraph that can hold marks) are put on the first one that can.
    let fallback = map
        .paragraphs
        .iter()
        .position(|p| p.content.is_some())
        .and_then(|i| map.whole(i, i));
    let mut marked = Vec::with_capacity(findings.len());
    for finding in findings {
        let Some(anchor) = map
            .anchor(finding.primary.span, finding.primary.cell)
            .or_else(|| fallback.clone())
        else {
            continue;
        };
        let id = first_id.saturating_add(marked.len() as u64);
        let basis = rules
            .rule(&finding.rule)
            .map(|r| r.basis.as_str())
            .unwrap_or_default();
        let paragraphs = comment_paragraphs(finding, basis, text, &map);
        comments.add(id, date, &paragraphs);
        marked.push(Marked { id, anchor });
    }
    if marked.is_empty() {
        // Nothing to say: the copy is the original.
        return Ok(Annotated {
            bytes: original.to_vec(),
            comments: 0,
        });
    }
    let mut document = marks::write_marks(&xml, &map, &marked, namespace);
    if has_bom {
        document.insert(0, '\u{feff}');
    }
    drop(xml);
    let bytes = package::rewrite(&mut archive, document, comments)?;
    Ok(Annotated {
        bytes,
        comments: marked.len(),
    })
}
