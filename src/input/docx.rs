//! Word `.docx` reports: the text of the document body, one paragraph per
//! line, so that the rest of rl-lint reads a `.docx` like a text file and
//! **line N is paragraph N** of the document.
//!
//! What a paragraph is, and what its line holds:
//! - Every `w:p` of the body counts, from the top, headings and empty
//!   paragraphs included (also those inside content controls, `w:sdt`).
//! - Tables are not lines of the text: their paragraphs are not counted.
//!   Each table is read into a [`WordTable`] of rows and cells (a cell merged
//!   across columns, `w:gridSpan`, is one cell at its first column; the
//!   continuation of a cell merged down, `w:vMerge`, is left out of its row,
//!   as a text table leaves it out), placed at the paragraph before it.
//!   Text boxes, pictures, charts and other drawings are skipped, and so
//!   are headers, footers, footnotes and comments (other parts of the
//!   package).
//! - The text is that of the runs (`w:t`) as Word shows it: tracked
//!   deletions, hidden text (`w:vanish`) and phonetic guides are left out,
//!   insertions kept,
//!   field results kept and field codes left out. `w:tab` is a tab; a manual
//!   line break (`w:br`, Shift+Enter) is a space, so the paragraph stays one
//!   line.
//! - Automatic numbering (`w:numPr`, on the paragraph or from its style, such
//!   as a 标题 1 style linked to a multilevel list) is written in front of the
//!   text as Word would show it (「一、」「（一）」「1.」), so the heading model
//!   sees the report's real numbering. Bullets are not written.
//!
//! Limits: numbering inside tables does not advance the counters; list
//! styles (`w:numStyleLink`) and legacy numbering are not followed; only
//! the main document part `word/document.xml` is read.
//!
//! The package is read defensively: `word/document.xml` may be at most
//! [`MAX_DOCUMENT_XML`] bytes uncompressed (a zip bomb stops there, whatever
//! the archive claims), a DTD is refused, and entities other than XML's five
//! predefined ones and character references are errors (quick-xml never
//! expands entities, so nothing is fetched or multiplied). What the body
//! makes is held to a [`Budget`] ([`Limits`]: the decoded text, and the
//! paragraphs, runs and table cells read, to the same limit as a text file),
//! and automatic numbers are bounded: a label longer than
//! [`MAX_NUMBER_CHARS`] is written in digits, a level text (`w:lvlText`)
//! longer than [`MAX_LEVEL_TEXT_CHARS`] is refused, styles are followed
//! through at most [`MAX_STYLE_DEPTH`] `basedOn` links (a cycle ends there).

use crate::text::numerals::to_chinese_number;
use crate::text::span::Span;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// A Word table as the document holds it, for the document model to read
/// (`crate::document::table::Table::from_word`): each row's cells, merged
/// cells already resolved, placed at `anchor` (the paragraph before the
/// table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordTable {
    pub anchor: Span,
    pub grid: Vec<Vec<WordCell>>,
}

/// A cell of a Word table's row. A cell merged across columns
/// (`w:gridSpan`) is one cell at its first column; the continuation of a
/// cell merged down (`w:vMerge`) is left out of its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordCell {
    pub text: String,
    /// 1-based first grid column.
    pub column: usize,
    /// Grid columns it spans: 1, or its `w:gridSpan`.
    pub span: usize,
}

impl WordCell {
    /// A cell of one grid column.
    pub fn new(text: impl Into<String>, column: usize) -> WordCell {
        WordCell {
            text: text.into(),
            column,
            span: 1,
        }
    }
}

/// Uncompressed size limit of `word/document.xml` (a 300-page report is a
/// few megabytes).
pub const MAX_DOCUMENT_XML: u64 = 64 << 20;
/// Uncompressed size limit of `word/numbering.xml` and `word/styles.xml`.
pub const MAX_PART_XML: u64 = 16 << 20;

/// The longest number a list label spells out (「aaaaaaaaaaaaaaaa」, 16
/// letters for 416): a larger one is written in digits, so a `w:start` of
/// four billion in letters costs ten characters, not 150 million.
pub const MAX_NUMBER_CHARS: usize = 16;
/// The longest level text (`w:lvlText`, such as 「（%2）」) accepted; Word
/// writes a few characters. Each label is then at most this many times
/// [`MAX_NUMBER_CHARS`] long.
pub const MAX_LEVEL_TEXT_CHARS: usize = 64;
/// How many `basedOn` links are followed to find a style's numbering:
/// Word nests styles a few deep, and a cycle stops here.
pub const MAX_STYLE_DEPTH: usize = 16;

/// How much one `.docx` may make rl-lint build: the same limits as a text
/// file of the size limit (whose text is at most that many bytes, and has
/// at most that many lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of decoded text (numbers and line breaks included).
    pub text_bytes: u64,
    /// Paragraphs read (`w:p`).
    pub paragraphs: u64,
    /// Runs read (`w:r`).
    pub runs: u64,
    /// Table cells read (`w:tc`).
    pub table_cells: u64,
}

impl Limits {
    /// The limits for a report size limit of `max_file_size` bytes.
    pub fn for_size_limit(max_file_size: u64) -> Limits {
        Limits {
            text_bytes: max_file_size,
            paragraphs: max_file_size,
            runs: max_file_size,
            table_cells: max_file_size,
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::for_size_limit(crate::input::limits::DEFAULT_MAX_FILE_SIZE)
    }
}

/// What is left of the [`Limits`] while one document is read.
#[derive(Debug, Clone)]
pub struct Budget {
    limits: Limits,
    paragraphs: u64,
    runs: u64,
    table_cells: u64,
}

/// What a [`Budget`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Text,
    Paragraphs,
    Runs,
    TableCells,
}

impl Counted {
    pub fn name(self) -> &'static str {
        match self {
            Counted::Text => "bytes of text",
            Counted::Paragraphs => "paragraphs",
            Counted::Runs => "runs",
            Counted::TableCells => "table cells",
        }
    }
}

impl Budget {
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            paragraphs: 0,
            runs: 0,
            table_cells: 0,
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn take(count: &mut u64, limit: u64, what: Counted) -> Result<(), DocxError> {
        *count += 1;
        if *count > limit {
            return Err(DocxError::OverLimit { what, limit });
        }
        Ok(())
    }

    pub fn take_paragraph(&mut self) -> Result<(), DocxError> {
        Budget::take(
            &mut self.paragraphs,
            self.limits.paragraphs,
            Counted::Paragraphs,
        )
    }

    pub fn take_run(&mut self) -> Result<(), DocxError> {
        Budget::take(&mut self.runs, self.limits.runs, Counted::Runs)
    }

    pub fn take_table_cell(&mut self) -> Result<(), DocxError> {
        Budget::take(
            &mut self.table_cells,
            self.limits.table_cells,
            Counted::TableCells,
        )
    }

    /// Fails when text of `len` bytes would hold more than the limit.
    pub fn check_text(&self, len: usize) -> Result<(), DocxError> {
        if len as u64 > self.limits.text_bytes {
            return Err(DocxError::OverLimit {
                what: Counted::Text,
                limit: self.limits.text_bytes,
            });
        }
        Ok(())
    }
}

/// Leading bytes of a zip archive (a `.docx` is one).
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Leading bytes of an OLE2 compound file: a legacy `.doc`, or a `.docx`
/// encrypted with a password.
pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// WordprocessingML's namespace, transitional and strict.
pub(crate) const W_NAMESPACES: &[&[u8]] = &[
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MARKUP_COMPATIBILITY: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Why a `.docx` could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// A zip archive without `word/document.xml`.
    NotWord,
    /// Not a readable zip archive, or a part is not well-formed XML.
    Corrupt(String),
    /// A part is larger than its limit once uncompressed.
    TooLarge { part: &'static str, limit: u64 },
    /// The body makes more than a [`Limits`] allows.
    OverLimit { what: Counted, limit: u64 },
    /// A list level's text (`w:lvlText`) is over [`MAX_LEVEL_TEXT_CHARS`].
    LevelTextTooLong,
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::NotWord => f.write_str("the zip archive has no word/document.xml"),
            DocxError::Corrupt(reason) => f.write_str(reason),
            DocxError::TooLarge { part, limit } => {
                write!(f, "{part} is larger than {} MB uncompressed", limit >> 20)
            }
            DocxError::OverLimit { what, limit } => write!(
                f,
                "its body holds more than {limit} {}, over the size limit for a report",
                what.name()
            ),
            DocxError::LevelTextTooLong => write!(
                f,
                "word/numbering.xml has a list number format (w:lvlText) longer than {MAX_LEVEL_TEXT_CHARS} characters"
            ),
        }
    }
}

/// Whether the bytes are an OLE2 compound file holding an encrypted Office
/// package (what Word writes for a password-protected `.docx`). The stream
/// name is stored in UTF-16LE in the compound file's directory.
pub fn is_encrypted_package(bytes: &[u8]) -> bool {
    const NAME: &str = "EncryptedPackage";
    let needle: Vec<u8> = NAME.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.starts_with(OLE_MAGIC) && bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// The body text of a `.docx` (the bytes of its zip archive): one line per
/// paragraph, each ending in `\n`, within the default [`Limits`].
pub fn extract_text(bytes: &[u8]) -> Result<String, DocxError> {
    extract_text_limited(bytes, Limits::default())
}

/// [`extract_text`] within `limits`.
pub fn extract_text_limited(bytes: &[u8], limits: Limits) -> Result<String, DocxError> {
    extract_limited(bytes, limits).map(|(text, _)| text)
}

/// The body text of a `.docx` and its tables, within the default [`Limits`].
pub fn extract(bytes: &[u8]) -> Result<(String, Vec<WordTable>), DocxError> {
    extract_limited(bytes, Limits::default())
}

/// The body text of a `.docx` and its tables, within `limits`.
pub fn extract_limited(
    bytes: &[u8],
    limits: Limits,
) -> Result<(String, Vec<WordTable>), DocxError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DocxError::Corrupt(format!("not a readable zip archive: {e}")))?;
    let document = read_part(&mut archive, "word/document.xml", MAX_DOCUMENT_XML)?
        .ok_or(DocxError::NotWord)?;
    let numbering = match read_part(&mut archive, "word/numbering.xml", MAX_PART_XML)? {
        Some(xml) => Numbering::parse(&xml)?,
        None => Numbering::default(),
    };
    let styles = match read_part(&mut archive, "word/styles.xml", MAX_PART_XML)? {
        Some(xml) => Styles::parse(&xml)?,
        None => Styles::default(),
    };
    Body::new(&numbering, &styles, Budget::new(limits)).read(&document)
}

/// The text of one part of the package, `None` if there is no such part.
pub(crate) fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &'static str,
    limit: u64,
) -> Result<Option<String>, DocxError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::Corrupt(format!("cannot read {name}: {e}"))),
    };
    let too_large = DocxError::TooLarge { part: name, limit };
    if file.size() > limit {
        return Err(too_large);
    }
    // The declared size may lie: never inflate more than the limit.
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| DocxError::Corrupt(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_large);
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // In place: the part is not copied.
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| DocxError::Corrupt(format!("{name} is not UTF-8")))
}

/// The pieces of WordprocessingML this module reads, by namespace and local name.
pub(crate) fn w_name(resolved: &ResolveResult, local: &[u8]) -> Option<WName> {
    let ResolveResult::Bound(Namespace(ns)) = resolved else {
        return None;
    };
    if W_NAMESPACES.contains(ns) {
        WName::from_local(local)
    } else if *ns == MARKUP_COMPATIBILITY && local == b"Fallback" {
        // Old renderings of what `mc:Choice` holds: reading both would
        // double the text.
        Some(WName::Skipped)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WName {
    Body,
    Paragraph,
    ParagraphProperties,
    ParagraphStyle,
    NumberingProperties,
    Level,
    NumberingId,
    Run,
    RunProperties,
    Vanish,
    Text,
    Tab,
    Break,
    NoBreakHyphen,
    Table,
    TableRow,
    TableCell,
    GridSpan,
    VerticalMerge,
    /// Elements whose whole content is left out: tables, drawings, tracked
    /// deletions.
    Skipped,
    Other,
}

impl WName {
    fn from_local(local: &[u8]) -> Option<WName> {
        Some(match local {
            b"body" => WName::Body,
            b"p" => WName::Paragraph,
            b"pPr" => WName::ParagraphProperties,
            b"pStyle" => WName::ParagraphStyle,
            b"numPr" => WName::NumberingProperties,
            b"ilvl" => WName::Level,
            b"numId" => WName::NumberingId,
            b"r" => WName::Run,
            b"rPr" => WName::RunProperties,
            b"vanish" => WName::Vanish,
            b"t" => WName::Text,
            b"tab" | b"ptab" => WName::Tab,
            b"br" | b"cr" => WName::Break,
            b"noBreakHyphen" => WName::NoBreakHyphen,
            // `rt`: the phonetic guide above ruby text; `pPrChange` and
            // `rPrChange`: formatting before a tracked change.
            b"tbl" => WName::Table,
            b"tr" => WName::TableRow,
            b"tc" => WName::TableCell,
            b"gridSpan" => WName::GridSpan,
            b"vMerge" => WName::VerticalMerge,
            b"drawing" | b"pict" | b"object" | b"del" | b"moveFrom" | b"txbxContent" | b"rt"
            | b"pPrChange" | b"rPrChange" => WName::Skipped,
            _ => WName::Other,
        })
    }
}

/// The `w:val` attribute (in any prefix) of an element.
pub(crate) fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// An attribute by local name.
pub(crate) fn attribute(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Whether an on/off property such as `<w:vanish/>` is on.
pub(crate) fn is_on(e: &BytesStart) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off"))
}

/// A character or predefined entity reference in text; anything else
/// (an entity from a DTD) is refused.
pub(crate) fn resolve_reference(reference: &BytesRef) -> Result<String, DocxError> {
    if let Some(c) = reference
        .resolve_char_ref()
        .map_err(|e| DocxError::Corrupt(format!("bad character reference: {e}")))?
    {
        return Ok(c.to_string());
    }
    let name = reference
        .decode()
        .map_err(|e| DocxError::Corrupt(e.to_string()))?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_string)
        .ok_or_else(|| DocxError::Corrupt(format!("unknown entity &{name};")))
}

pub(crate) fn xml_error(part: &str, reader_position: u64, e: impl std::fmt::Display) -> DocxError {
    DocxError::Corrupt(format!(
        "{part} is not well-formed XML (at byte {reader_position}): {e}"
    ))
}

/// How a paragraph is numbered: `w:numPr`, on the paragraph or its style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct NumberingRef {
    num_id: Option<u32>,
    level: Option<usize>,
}

impl NumberingRef {
    /// Fields set here win over those of `base` (a style's).
    fn or(self, base: NumberingRef) -> NumberingRef {
        NumberingRef {
            num_id: self.num_id.or(base.num_id),
            level: self.level.or(base.level),
        }
    }
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    style: Option<String>,
    numbering: NumberingRef,
}

/// Reads `word/document.xml`.
struct Body<'a> {
    numbering: &'a Numbering,
    styles: &'a Styles,
    counters: Counters,
    budget: Budget,
    out: String,
    /// Bytes of table text read so far: held, with the body text, to the
    /// text budget.
    table_text: usize,
    /// Where the last paragraph written starts, to place tables.
    last_line: Option<usize>,
    /// Tables read, with the paragraph they are placed at (`None`: none
    /// before them; they go to the next one).
    tables: Vec<(Option<Span>, Grid)>,
}

impl<'a> Body<'a> {
    fn new(numbering: &'a Numbering, styles: &'a Styles, budget: Budget) -> Self {
        Body {
            numbering,
            styles,
            counters: Counters::default(),
            budget,
            out: String::new(),
            table_text: 0,
            last_line: None,
            tables: Vec::new(),
        }
    }

    /// Adds text to the open paragraph, within the text budget (the
    /// paragraph is counted before it is written out).
    fn push_text(&self, paragraph: &mut Paragraph, text: &str) -> Result<(), DocxError> {
        self.budget
            .check_text(self.out.len() + paragraph.text.len() + text.len())?;
        paragraph.text.push_str(text);
        Ok(())
    }

    fn read(mut self, xml: &str) -> Result<(String, Vec<WordTable>), DocxError> {
        const PART: &str = "word/document.xml";
        let mut reader = NsReader::from_str(xml);
        let mut paragraph: Option<Paragraph> = None;
        let mut in_body = false;
        let (mut in_properties, mut in_numbering, mut in_run_properties) = (false, false, false);
        let mut in_text = false;
        let mut run_hidden = false;
        loop {
            let position = reader.buffer_position();
            let (resolved, event) = reader
                .read_resolved_event()
                .map_err(|e| xml_error(PART, position, e))?;
            let name = |e: &BytesStart| w_name(&resolved, e.local_name().as_ref());
            match event {
                Event::Eof => break,
                Event::DocType(_) => {
                    return Err(DocxError::Corrupt(format!(
                        "{PART} declares a DTD, which Word never writes"
                    )))
                }
                Event::Start(e) => match name(&e) {
                    Some(WName::Body) => in_body = true,
                    Some(WName::Table) if in_body && paragraph.is_none() => {
                        let grid = read_table(&mut reader, &mut self.budget, &mut self.table_text)?;
                        let anchor = self.last_line.map(|start| {
                            let end = self.out[start..]
                                .find('\n')
                                .map_or(self.out.len(), |i| start + i);
                            Span::new(start, end)
                        });
                        self.tables.push((anchor, grid));
                    }
                    Some(WName::Skipped | WName::Table) if in_body => {
                        reader
                            .read_to_end(e.name())
                            .map_err(|err| xml_error(PART, reader.buffer_position(), err))?;
                    }
                    Some(WName::Paragraph) if in_body => {
                        self.budget.take_paragraph()?;
                        if let Some(open) = paragraph.take() {
                            self.finish(open)?;
                        }
                        paragraph = Some(Paragraph::default());
                    }
                    Some(WName::ParagraphProperties) => in_properties = paragraph.is_some(),
                    Some(WName::NumberingProperties) if in_properties => in_numbering = true,
                    Some(WName::Run) => {
                        self.budget.take_run()?;
                        run_hidden = false;
                    }
                    Some(WName::RunProperties) if !in_properties => in_run_properties = true,
                    Some(WName::Text) if !in_properties => in_text = true,
                    Some(other) => {
                        self.empty_element(other, &e, &mut paragraph, in_properties, in_numbering)
                    }
                    None => {}
                },
                Event::Empty(e) => match name(&e) {
                    Some(WName::Paragraph) if in_body => {
                        self.budget.take_paragraph()?;
                        if let Some(open) = paragraph.take() {
                            self.finish(open)?;
                        }
                        self.finish(Paragraph::default())?;
                    }
                    Some(WName::Vanish) if in_run_properties => run_hidden = is_on(&e),
                    Some(other) if !run_hidden || in_properties => {
                        self.empty_element(other, &e, &mut paragraph, in_properties, in_numbering)
                    }
                    _ => {}
                },
                Event::End(e) => match w_name(&resolved, e.local_name().as_ref()) {
                    Some(WName::Body) => break,
                    Some(WName::Paragraph) => {
                        if let Some(open) = paragraph.take() {
                            self.finish(open)?;
                        }
                    }
                    Some(WName::ParagraphProperties) => in_properties = false,
                    Some(WName::NumberingProperties) => in_numbering = false,
                    Some(WName::RunProperties) => in_run_properties = false,
                    Some(WName::Run) => run_hidden = false,
                    Some(WName::Text) => in_text = false,
                    _ => {}
                },
                Event::Text(text) if in_text && !run_hidden => {
                    if let Some(p) = paragraph.as_mut() {
                        let text = text
                            .xml10_content()
                            .map_err(|e| xml_error(PART, position, e))?;
                        self.push_text(p, &text)?;
                    }
                }
                Event::CData(text) if in_text && !run_hidden => {
                    if let Some(p) = paragraph.as_mut() {
                        let text = text.decode().map_err(|e| xml_error(PART, position, e))?;
                        self.push_text(p, &text)?;
                    }
                }
                Event::GeneralRef(reference) if in_text && !run_hidden => {
                    let resolved = resolve_reference(&reference)?;
                    if let Some(p) = paragraph.as_mut() {
                        self.push_text(p, &resolved)?;
                    }
                }
                _ => {}
            }
        }
        if let Some(open) = paragraph.take() {
            self.finish(open)?;
        }
        // A table before any paragraph is placed at the first one.
        let first_line = Span::new(0, self.out.find('\n').unwrap_or(self.out.len()));
        let tables = self
            .tables
            .into_iter()
            .map(|(anchor, grid)| WordTable {
                anchor: anchor.unwrap_or(first_line),
                grid,
            })
            .collect();
        Ok((self.out, tables))
    }

    /// What an empty element (or the start of one that has no text of its
    /// own) adds to the paragraph being read.
    fn empty_element(
        &mut self,
        name: WName,
        e: &BytesStart,
        paragraph: &mut Option<Paragraph>,
        in_properties: bool,
        in_numbering: bool,
    ) {
        let Some(p) = paragraph.as_mut() else { return };
        match name {
            WName::ParagraphStyle if in_properties => p.style = val(e),
            WName::Level if in_numbering => {
                p.numbering.level = val(e).and_then(|v| v.parse().ok());
            }
            WName::NumberingId if in_numbering => {
                p.numbering.num_id = val(e).and_then(|v| v.parse().ok());
            }
            // Tab stops in w:pPr/w:tabs are not text.
            WName::Tab if !in_properties => p.text.push('\t'),
            WName::Break if !in_properties => p.text.push(' '),
            WName::NoBreakHyphen if !in_properties => p.text.push('-'),
            _ => {}
        }
    }

    /// Writes a paragraph as one line, its automatic number in front.
    fn finish(&mut self, paragraph: Paragraph) -> Result<(), DocxError> {
        let style = paragraph
            .style
            .as_deref()
            .or(self.styles.default.as_deref());
        let numbering = paragraph.numbering.or(self.styles.numbering(style));
        let start = self.out.len();
        let number = self.counters.next(self.numbering, numbering);
        let number_len = number.as_ref().map_or(0, String::len);
        self.budget
            .check_text(self.out.len() + number_len + paragraph.text.len() + 1)?;
        // A table is placed at the last paragraph with words before it.
        if number.is_some() || !paragraph.text.trim().is_empty() {
            self.last_line = Some(start);
        }
        if let Some(number) = number {
            self.out.push_str(&number);
        }
        // One paragraph, one line, whatever the runs held.
        self.out.extend(
            paragraph
                .text
                .chars()
                .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }),
        );
        self.out.push('\n');
        Ok(())
    }
}

/// A Word table's rows of cells.
type Grid = Vec<Vec<WordCell>>;

/// Reads a `w:tbl` whose start tag was just read: its rows of cells. A
/// cell's paragraphs are joined with a space; deleted, hidden and drawn
/// text is left out as in the body; a table nested in a cell gives its
/// text to the cell. Every cell counts against
/// `budget`'s table cells, and the text (`text_bytes`, for all tables so
/// far) against its text limit.
fn read_table(
    reader: &mut NsReader<&[u8]>,
    budget: &mut Budget,
    text_bytes: &mut usize,
) -> Result<Grid, DocxError> {
    const PART: &str = "word/document.xml";
    let mut rows: Grid = Vec::new();
    let mut row: Vec<WordCell> = Vec::new();
    let mut cell = String::new();
    let (mut column, mut span, mut continued) = (1usize, 1usize, false);
    let mut depth = 1usize;
    let (mut in_text, mut run_hidden, mut in_run_properties) = (false, false, false);
    loop {
        let position = reader.buffer_position();
        let (resolved, event) = reader
            .read_resolved_event()
            .map_err(|e| xml_error(PART, position, e))?;
        let name = |local: &[u8]| w_name(&resolved, local);
        match event {
            Event::Eof => break,
            Event::Start(e) => match name(e.local_name().as_ref()) {
                Some(WName::Table) => depth += 1,
                Some(WName::TableRow) if depth == 1 => {
                    row = Vec::new();
                    column = 1;
                }
                Some(WName::TableCell) if depth == 1 => {
                    budget.take_table_cell()?;
                    cell.clear();
                    (span, continued) = (1, false);
                }
                Some(WName::Skipped) => {
                    reader
                        .read_to_end(e.name())
                        .map_err(|err| xml_error(PART, reader.buffer_position(), err))?;
                }
                Some(WName::Run) => run_hidden = false,
                Some(WName::RunProperties) => in_run_properties = true,
                Some(WName::Text) => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match name(e.local_name().as_ref()) {
                Some(WName::GridSpan) if depth == 1 => {
                    span = val(&e)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
                Some(WName::VerticalMerge) if depth == 1 => {
                    continued = val(&e).as_deref() != Some("restart");
                }
                Some(WName::Vanish) if in_run_properties => run_hidden = is_on(&e),
                Some(WName::Tab | WName::Break) if !run_hidden => cell.push(' '),
                _ => {}
            },
            Event::End(e) => match name(e.local_name().as_ref()) {
                Some(WName::Table) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Some(WName::TableRow) if depth == 1 => rows.push(std::mem::take(&mut row)),
                Some(WName::TableCell) if depth == 1 => {
                    if !continued {
                        row.push(WordCell {
                            text: cell.trim().to_string(),
                            column,
                            span,
                        });
                    }
                    column += span;
                }
                Some(WName::Paragraph) if !cell.is_empty() => cell.push(' '),
                Some(WName::RunProperties) => in_run_properties = false,
                Some(WName::Run) => run_hidden = false,
                Some(WName::Text) => in_text = false,
                _ => {}
            },
            Event::Text(text) if in_text && !run_hidden => {
                let text = text
                    .xml10_content()
                    .map_err(|e| xml_error(PART, position, e))?;
                push_cell_text(&mut cell, &text, budget, text_bytes)?;
            }
            Event::CData(text) if in_text && !run_hidden => {
                let text = text.decode().map_err(|e| xml_error(PART, position, e))?;
                push_cell_text(&mut cell, &text, budget, text_bytes)?;
            }
            Event::GeneralRef(reference) if in_text && !run_hidden => {
                push_cell_text(
                    &mut cell,
                    &resolve_reference(&reference)?,
                    budget,
                    text_bytes,
                )?;
            }
            Event::DocType(_) => {
                return Err(DocxError::Corrupt(format!(
                    "{PART} declares a DTD, which Word never writes"
                )))
            }
            _ => {}
        }
    }
    Ok(rows)
}

/// Adds text to a table cell within the text budget.
fn push_cell_text(
    cell: &mut String,
    text: &str,
    budget: &Budget,
    text_bytes: &mut usize,
) -> Result<(), DocxError> {
    *text_bytes = text_bytes.saturating_add(text.len());
    budget.check_text(*text_bytes)?;
    cell.push_str(text);
    Ok(())
}

/// Paragraph styles: their parent and numbering (`word/styles.xml`).
#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, Style>,
    /// The style of paragraphs that name none.
    default: Option<String>,
}

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    numbering: NumberingRef,
}

impl Styles {
    fn parse(xml: &str) -> Result<Styles, DocxError> {
        const PART: &str = "word/styles.xml";
        let mut styles = Styles::default();
        let mut reader = NsReader::from_str(xml);
        let mut current: Option<(String, Style)> = None;
        let mut in_numbering = false;
        loop {
            let position = reader.buffer_position();
            let (resolved, event) = reader
                .read_resolved_event()
                .map_err(|e| xml_error(PART, position, e))?;
            let is_w = matches!(&resolved, ResolveResult::Bound(Namespace(ns)) if W_NAMESPACES.contains(ns));
            match event {
                Event::Eof => break,
                Event::DocType(_) => {
                    return Err(DocxError::Corrupt(format!("{PART} declares a DTD")))
                }
                Event::Start(e) | Event::Empty(e) if is_w => match e.local_name().as_ref() {
                    b"style" => {
                        let is_paragraph = attribute(&e, b"type").is_none_or(|t| t == "paragraph");
                        let id = attribute(&e, b"styleId");
                        if let (true, Some(id)) = (is_paragraph, id) {
                            if attribute(&e, b"default").is_some_and(|d| d == "1" || d == "true") {
                                styles.default = Some(id.clone());
                            }
                            current = Some((id, Style::default()));
                        }
                    }
                    b"basedOn" => {
                        if let Some((_, style)) = current.as_mut() {
                            style.based_on = val(&e);
                        }
                    }
                    b"numPr" => in_numbering = true,
                    b"ilvl" if in_numbering => {
                        if let Some((_, style)) = current.as_mut() {
                            style.numbering.level = val(&e).and_then(|v| v.parse().ok());
                        }
                    }
                    b"numId" if in_numbering => {
                        if let Some((_, style)) = current.as_mut() {
                            style.numbering.num_id = val(&e).and_then(|v| v.parse().ok());
                        }
                    }
                    _ => {}
                },
                Event::End(e) if is_w => match e.local_name().as_ref() {
                    b"style" => {
                        if let Some((id, style)) = current.take() {
                            styles.styles.insert(id, style);
                        }
                    }
                    b"numPr" => in_numbering = false,
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(styles)
    }

    /// The numbering a style gives, following `basedOn` (a few levels, and
    /// never round a loop).
    fn numbering(&self, style: Option<&str>) -> NumberingRef {
        let mut result = NumberingRef::default();
        let mut current = style;
        for _ in 0..MAX_STYLE_DEPTH {
            let Some(style) = current.and_then(|id| self.styles.get(id)) else {
                break;
            };
            result = result.or(style.numbering);
            current = style.based_on.as_deref();
        }
        result
    }
}

/// A level of a list definition (`w:lvl`).
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    suffix: String,
    legal: bool,
}

/// A numbering instance (`w:num`): its list definition and overrides.
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: u32,
    /// Level → replacement level definition.
    levels: HashMap<usize, Level>,
    /// Level → start value it restarts at when the instance is first used.
    starts: HashMap<usize, u32>,
}

/// List definitions (`word/numbering.xml`).
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<u32, HashMap<usize, Level>>,
    nums: HashMap<u32, Num>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Numbering, DocxError> {
        const PART: &str = "word/numbering.xml";
        let mut numbering = Numbering::default();
        let mut reader = NsReader::from_str(xml);
        let mut abstract_id: Option<u32> = None;
        let mut num: Option<(u32, Num)> = None;
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            let position = reader.buffer_position();
            let (resolved, event) = reader
                .read_resolved_event()
                .map_err(|e| xml_error(PART, position, e))?;
            let is_w = matches!(&resolved, ResolveResult::Bound(Namespace(ns)) if W_NAMESPACES.contains(ns));
            let number = |e: &BytesStart, key: &[u8]| -> Option<u32> {
                attribute(e, key).and_then(|v| v.trim().parse().ok())
            };
            match event {
                Event::Eof => break,
                Event::DocType(_) => {
                    return Err(DocxError::Corrupt(format!("{PART} declares a DTD")))
                }
                Event::Start(e) | Event::Empty(e) if is_w => match e.local_name().as_ref() {
                    b"abstractNum" => abstract_id = number(&e, b"abstractNumId"),
                    b"num" => num = number(&e, b"numId").map(|id| (id, Num::default())),
                    b"abstractNumId" => {
                        if let Some((_, num)) = num.as_mut() {
                            num.abstract_id = number(&e, b"val").unwrap_or(0);
                        }
                    }
                    b"lvlOverride" => override_level = number(&e, b"ilvl").map(|l| l as usize),
                    b"startOverride" => {
                        if let (Some((_, num)), Some(l)) = (num.as_mut(), override_level) {
                            num.starts.insert(l, number(&e, b"val").unwrap_or(0));
                        }
                    }
                    b"lvl" => {
                        let ilvl = number(&e, b"ilvl").map_or(0, |l| l as usize);
                        let new = Level {
                            format: "decimal".into(),
                            suffix: "tab".into(),
                            ..Level::default()
                        };
                        level = Some((ilvl, new));
                    }
                    b"start" => {
                        with_level(&mut level, |l| l.start = number(&e, b"val").unwrap_or(0))
                    }
                    b"numFmt" => with_level(&mut level, |l| l.format = val(&e).unwrap_or_default()),
                    b"lvlText" => {
                        let text = val(&e).unwrap_or_default();
                        if text.chars().nth(MAX_LEVEL_TEXT_CHARS).is_some() {
                            return Err(DocxError::LevelTextTooLong);
                        }
                        with_level(&mut level, |l| l.text = text)
                    }
                    b"suff" => with_level(&mut level, |l| l.suffix = val(&e).unwrap_or_default()),
                    b"isLgl" => with_level(&mut level, |l| l.legal = is_on(&e)),
                    _ => {}
                },
                Event::End(e) if is_w => match e.local_name().as_ref() {
                    b"lvl" => {
                        if let Some((ilvl, done)) = level.take() {
                            if let Some((_, num)) = num.as_mut() {
                                num.levels.insert(override_level.unwrap_or(ilvl), done);
                            } else if let Some(id) = abstract_id {
                                numbering
                                    .abstracts
                                    .entry(id)
                                    .or_default()
                                    .insert(ilvl, done);
                            }
                        }
                    }
                    b"lvlOverride" => override_level = None,
                    b"abstractNum" => abstract_id = None,
                    b"num" => {
                        if let Some((id, done)) = num.take() {
                            numbering.nums.insert(id, done);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(numbering)
    }

    /// The definition of `level` in numbering instance `num`.
    fn level<'a>(&'a self, num: &'a Num, level: usize) -> Option<&'a Level> {
        num.levels
            .get(&level)
            .or_else(|| self.abstracts.get(&num.abstract_id)?.get(&level))
    }
}

fn with_level(level: &mut Option<(usize, Level)>, set: impl FnOnce(&mut Level)) {
    if let Some((_, level)) = level.as_mut() {
        set(level);
    }
}

/// Levels of a list (Word has nine).
const LEVELS: usize = 9;

/// The current number of every list level. Word continues a list across
/// numbering instances of the same list definition, unless an instance
/// restarts a level (`w:startOverride`).
#[derive(Debug, Default)]
struct Counters {
    by_list: HashMap<u32, [Option<u32>; LEVELS]>,
    used_nums: HashSet<u32>,
}

impl Counters {
    /// Advances the counters for a numbered paragraph and returns its
    /// number as Word shows it, with the separator after it.
    fn next(&mut self, numbering: &Numbering, reference: NumberingRef) -> Option<String> {
        let num_id = reference.num_id.filter(|&id| id != 0)?;
        let level = reference.level.unwrap_or(0).min(LEVELS - 1);
        let num = numbering.nums.get(&num_id)?;
        let definition = numbering.level(num, level)?;
        let start = |l: usize| -> u32 {
            num.starts
                .get(&l)
                .copied()
                .or_else(|| numbering.level(num, l).map(|d| d.start))
                .unwrap_or(1)
        };
        let counters = self.by_list.entry(num.abstract_id).or_default();
        if self.used_nums.insert(num_id) {
            for &l in num.starts.keys() {
                if let Some(slot) = counters.get_mut(l) {
                    *slot = None;
                }
            }
        }
        counters[level] = Some(match counters[level] {
            Some(n) => n.saturating_add(1),
            None => start(level),
        });
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        if matches!(definition.format.as_str(), "bullet" | "none") {
            return None;
        }
        let mut text = String::new();
        let mut chars = definition.text.chars().peekable();
        while let Some(c) = chars.next() {
            let Some(l) = (c == '%')
                .then(|| chars.peek().and_then(|d| d.to_digit(10)))
                .flatten()
                .filter(|d| (1..=LEVELS as u32).contains(d))
            else {
                text.push(c);
                continue;
            };
            chars.next();
            let l = l as usize - 1;
            let value = counters[l].unwrap_or_else(|| start(l));
            let format = match numbering.level(num, l) {
                Some(_) if definition.legal => "decimal",
                Some(d) => d.format.as_str(),
                None => "decimal",
            };
            text.push_str(&format_number(value, format));
        }
        if text.is_empty() {
            return None;
        }
        // Word puts a tab (or a space) between the number and the text.
        if definition.suffix != "nothing" {
            text.push(' ');
        }
        Some(text)
    }
}

/// A list number in one of Word's number formats (`w:numFmt`).
pub(crate) fn format_number(n: u32, format: &str) -> String {
    let from_table = |table: &[&str]| {
        (n as usize)
            .checked_sub(1)
            .and_then(|i| table.get(i))
            .map_or_else(|| n.to_string(), |s| s.to_string())
    };
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting" => {
            if n == 0 {
                "〇".to_string()
            } else {
                to_chinese_number(n)
            }
        }
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| match d {
                '0' => '〇',
                d => to_chinese_number(d.to_digit(10).unwrap_or(0))
                    .chars()
                    .next()
                    .unwrap_or(d),
            })
            .collect(),
        "chineseLegalSimplified" => {
            const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
            to_chinese_number(n)
                .chars()
                .map(|c| match crate::text::numerals::chinese_digit(c) {
                    Some(10) => '拾',
                    Some(d) => DIGITS.get(d as usize).copied().unwrap_or(c),
                    None => c,
                })
                .collect()
        }
        "ideographTraditional" => {
            from_table(&["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"])
        }
        "decimalZero" if n < 10 => format!("0{n}"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32('⑴' as u32 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32('⒈' as u32 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        // Word repeats the letter: 「z」「aa」… 「zz」「aaa」.
        "lowerLetter" | "upperLetter" if n > 0 && ((n - 1) / 26) < MAX_NUMBER_CHARS as u32 => {
            let letter = char::from(b'a' + ((n - 1) % 26) as u8);
            let repeated = letter.to_string().repeat(((n - 1) / 26 + 1) as usize);
            if format == "upperLetter" {
                repeated.to_uppercase()
            } else {
                repeated
            }
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// A package with the given parts (name, content).
    fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, content) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    fn text_of(body: &str) -> String {
        extract_text(&package(&[("word/document.xml", &document(body))])).unwrap()
    }

    fn numbered(body: &str, numbering: &str, styles: &str) -> String {
        let numbering = format!(r#"<w:numbering xmlns:w="{W}">{numbering}</w:numbering>"#);
        let styles = format!(r#"<w:styles xmlns:w="{W}">{styles}</w:styles>"#);
        let bytes = package(&[
            ("word/document.xml", &document(body)),
            ("word/numbering.xml", &numbering),
            ("word/styles.xml", &styles),
        ]);
        extract_text(&bytes).unwrap()
    }

    #[test]
    fn one_line_per_paragraph_runs_joined() {
        let body = r#"<w:p><w:r><w:t>某局</w:t></w:r><w:r><w:t xml:space="preserve">2023年 </w:t></w:r><w:r><w:t>报告</w:t></w:r></w:p><w:p/><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t><w:br/><w:t>三&amp;&#x56DB;</w:t></w:r></w:p>"#;
        assert_eq!(text_of(body), "某局2023年 报告\n\n一\t二 三&四\n");
    }

    #[test]
    fn tables_drawings_deletions_hidden_text_and_fallbacks_are_skipped() {
        let body = r#"<w:p><w:r><w:t>前</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>后</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:ins><w:r><w:t>增</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>显示</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:drawing></mc:Choice><mc:Fallback><w:pict><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:ruby><w:rt><w:r><w:t>fǎ</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>法</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>"#;
        assert_eq!(text_of(body), "前\n后增显示法\n");
    }

    #[test]
    fn tables_are_read_with_merged_cells_and_placed_at_the_paragraph_before() {
        let cell = |props: &str, text: &str| {
            format!(
                r#"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#
            )
        };
        let row = |cells: &[String]| format!("<w:tr>{}</w:tr>", cells.concat());
        let table = format!(
            "<w:tbl>{}{}{}</w:tbl>",
            row(&[
                cell(r#"<w:vMerge w:val="restart"/>"#, "三、本年度办理结果"),
                cell("", "（一）予以公开"),
                cell(r#"<w:gridSpan w:val="2"/>"#, "26")
            ]),
            row(&[
                cell("<w:vMerge/>", ""),
                cell("", "（二）部分公开"),
                cell("", "0"),
                cell("", "")
            ]),
            row(&[cell("", "<w:numPr/>1.属于"), cell("", "x")]),
        );
        let body = format!(
            r#"<w:p><w:r><w:t>三、收到</w:t></w:r></w:p>{table}<w:p><w:r><w:t>后</w:t></w:r></w:p>"#
        );
        let (text, tables) = extract(&package(&[("word/document.xml", &document(&body))])).unwrap();
        assert_eq!(text, "三、收到\n后\n");
        let table = &tables[0];
        assert_eq!(table.anchor.text(&text), "三、收到");
        let cells = |r: usize| -> Vec<(&str, usize, usize)> {
            table.grid[r]
                .iter()
                .map(|c| (c.text.as_str(), c.column, c.span))
                .collect()
        };
        assert_eq!(
            cells(0),
            [
                ("三、本年度办理结果", 1, 1),
                ("（一）予以公开", 2, 1),
                ("26", 3, 2)
            ]
        );
        // The continuation of the merged cell is left out; the grid columns stay.
        assert_eq!(
            cells(1),
            [("（二）部分公开", 2, 1), ("0", 3, 1), ("", 4, 1)]
        );
    }

    #[test]
    fn automatic_numbering_is_written_in_front() {
        let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#;
        let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>"#;
        let p = |style: &str, num: &str, text: &str| {
            format!(r#"<w:p><w:pPr>{style}{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
        };
        let heading1 = r#"<w:pStyle w:val="1"/>"#;
        let heading2 = r#"<w:pStyle w:val="2"/>"#;
        let body = [
            p(heading1, "", "主要举措"),
            p(heading2, "", "学法"),
            p(heading2, "", "用法"),
            p(
                "",
                r#"<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>"#,
                "细项",
            ),
            p(
                "",
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>"#,
                "要点",
            ),
            p(heading1, "", "存在的不足"),
            p(
                heading2,
                // The numbering before a tracked change does not count.
                r#"<w:numPr><w:numId w:val="0"/></w:numPr><w:pPrChange w:id="1"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange>"#,
                "没有编号",
            ),
            p(
                "",
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>"#,
                "重新开始",
            ),
        ]
        .concat();
        assert_eq!(
            numbered(&body, numbering, styles),
            "一、主要举措\n（一）学法\n（二）用法\n1. 细项\n要点\n二、存在的不足\n没有编号\n一、重新开始\n"
        );
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(3, "chineseLegalSimplified"), "叁");
        assert_eq!(format_number(11, "chineseLegalSimplified"), "拾壹");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(2024, "ideographDigital"), "二〇二四");
        assert_eq!(format_number(7, "someFutureFormat"), "7");
        // Letters up to 16 long; past that, digits.
        assert_eq!(format_number(416, "lowerLetter"), "z".repeat(16));
        assert_eq!(format_number(417, "upperLetter"), "417");
        assert_eq!(format_number(4_000_000_000, "lowerLetter"), "4000000000");
        assert_eq!(format_number(u32::MAX, "upperRoman"), u32::MAX.to_string());
        for format in [
            "chineseCounting",
            "ideographDigital",
            "chineseLegalSimplified",
            "decimalFullWidth",
        ] {
            assert!(format_number(u32::MAX, format).chars().count() <= MAX_NUMBER_CHARS);
        }
    }

    #[test]
    fn the_numbering_bomb_is_read_in_digits() {
        let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4000000000"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
        let p = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>举措</w:t></w:r></w:p>"#;
        assert_eq!(
            numbered(&p.repeat(2), numbering, ""),
            "4000000000.举措\n4000000001.举措\n"
        );
    }

    #[test]
    fn level_texts_over_the_cap_are_refused() {
        let level = |text: &str| {
            format!(
                r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum></w:numbering>"#
            )
        };
        assert!(Numbering::parse(&level(&"%1".repeat(32))).is_ok());
        assert_eq!(
            Numbering::parse(&level(&"%1".repeat(33))).unwrap_err(),
            DocxError::LevelTextTooLong
        );
    }

    #[test]
    fn the_body_is_held_to_the_limits() {
        let bytes = package(&[(
            "word/document.xml",
            &document(&"<w:p><w:r><w:t>法治</w:t></w:r></w:p>".repeat(10)),
        )]);
        let limits = |text_bytes, paragraphs, runs| Limits {
            text_bytes,
            paragraphs,
            runs,
            table_cells: 0,
        };
        // Ten lines of seven bytes.
        assert!(extract_text_limited(&bytes, limits(70, 10, 10)).is_ok());
        for (limits, what) in [
            (limits(69, 10, 10), Counted::Text),
            (limits(70, 9, 10), Counted::Paragraphs),
            (limits(70, 10, 9), Counted::Runs),
        ] {
            let limit = match what {
                Counted::Text => 69,
                _ => 9,
            };
            assert_eq!(
                extract_text_limited(&bytes, limits),
                Err(DocxError::OverLimit { what, limit })
            );
        }
    }

    #[test]
    fn not_word_corrupt_and_oversized_packages() {
        let other = package(&[("readme.txt", "hello")]);
        assert_eq!(extract_text(&other), Err(DocxError::NotWord));
        let bytes = package(&[(
            "word/document.xml",
            &document("<w:p><w:r><w:t>x</w:t></w:r></w:p>"),
        )]);
        let truncated = &bytes[..bytes.len() / 2];
        assert!(matches!(
            extract_text(truncated),
            Err(DocxError::Corrupt(_))
        ));
        let mismatched = package(&[("word/document.xml", &document("<w:p><w:r></w:p>"))]);
        assert!(matches!(
            extract_text(&mismatched),
            Err(DocxError::Corrupt(_))
        ));
    }

    #[test]
    fn a_zip_bomb_stops_at_the_limit() {
        // 80 MB of one repeated paragraph deflates to well under a megabyte.
        let paragraph = "<w:p><w:r><w:t>法治政府建设</w:t></w:r></w:p>";
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", options).unwrap();
        let chunk = paragraph.repeat(10_000);
        let mut written = 0u64;
        while written <= MAX_DOCUMENT_XML + (16 << 20) {
            zip.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len() as u64;
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 4 << 20, "{}", bytes.len());
        assert_eq!(
            extract_text(&bytes),
            Err(DocxError::TooLarge {
                part: "word/document.xml",
                limit: MAX_DOCUMENT_XML
            })
        );
    }

    #[test]
    fn entities_from_a_dtd_are_refused() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#;
        let bytes = package(&[("word/document.xml", laughs)]);
        assert!(matches!(extract_text(&bytes), Err(DocxError::Corrupt(m)) if m.contains("DTD")));
        let undeclared = package(&[(
            "word/document.xml",
            &document("<w:p><w:r><w:t>&lol;</w:t></w:r></w:p>"),
        )]);
        assert!(
            matches!(extract_text(&undeclared), Err(DocxError::Corrupt(m)) if m.contains("&lol;"))
        );
    }

    #[test]
    fn encrypted_packages_are_recognised() {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.extend_from_slice(&[0; 64]);
        assert!(!is_encrypted_package(&bytes));
        bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(is_encrypted_package(&bytes));
        assert!(!is_encrypted_package(b"EncryptedPackage"));
    }
}
