//! The map from the decoded text of a `.docx` back to `word/document.xml`:
//! which bytes of the XML hold each character of each line.
//!
//! It is built by a walk of `word/document.xml` that reads text as
//! [`crate::input::docx`] does (the same names, the same skipped elements,
//! hidden runs left out) and records, for every piece of text it reads, the
//! XML bytes it came from. It does not trust itself: each paragraph's
//! pieces must spell the end of that paragraph's line of the decoded text
//! (what is left in front is the automatic number), and the walk must find
//! as many paragraphs as the text has lines. A paragraph whose pieces do not
//! agree is kept whole (a comment on it covers the whole paragraph); a
//! different number of paragraphs refuses the document.

use crate::input::docx::{
    continues_merge, document_dtd, event_name, grid_span, is_on, next_event, resolve_reference,
    DocxError, WName,
};
use quick_xml::events::{BytesStart, Event};
use quick_xml::NsReader;

const PART: &str = "word/document.xml";

/// How a piece of text sits in the XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    /// Character data of a `w:t` whose bytes are the decoded text, byte
    /// for byte: any character boundary inside it is a place to split.
    Verbatim,
    /// Inside a `w:t`, but not byte for byte (an entity, a character
    /// reference, CDATA, a line end the parser normalised): split only
    /// at its ends.
    Escaped,
    /// An element that stands for one character (`w:tab`, `w:br`,
    /// `w:noBreakHyphen`).
    Element,
}

/// A piece of the decoded text and the XML bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Bytes of the decoded text.
    pub text: (usize, usize),
    /// Bytes of `word/document.xml`: the character data, or the element.
    pub xml: (usize, usize),
    pub kind: PieceKind,
    /// Its run, an index into [`TextMap::runs`].
    pub run: usize,
    /// The `w:t` it is in (not for an [`PieceKind::Element`]): an index
    /// into [`TextMap::texts`].
    pub t: Option<usize>,
}

/// A `w:r` that holds text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    /// Where `<w:r …>` starts and where `</w:r>` ends.
    pub start: usize,
    pub end: usize,
    /// Where its content after `w:rPr` starts, and where `</w:r>` starts.
    pub inner_start: usize,
    pub inner_end: usize,
    /// Its `w:rPr`, copied onto the second half when the run is split.
    pub properties: Option<(usize, usize)>,
    /// Its qualified name (`w:r`).
    pub name: String,
}

/// A `w:t` element.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextElement {
    /// The start tag `<w:t …>`.
    pub start_tag: (usize, usize),
    /// Where `</w:t>` starts and ends.
    pub end_tag: (usize, usize),
    pub name: String,
}

/// A paragraph of the body: line `line` of the decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Where marks may go at its start (after `w:pPr`) and its end
    /// (before `</w:p>`); `None` for an empty element `<w:p/>`.
    pub content: Option<(usize, usize)>,
    /// Its qualified name (`w:p`): the prefix of the marks written in it.
    pub name: String,
    /// Whether its pieces spell its line: else it is only marked whole.
    pub mapped: bool,
}

/// A cell of a body table, as [`crate::input::docx::WordCell`] numbers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// 1-based first grid column.
    pub column: usize,
    /// The continuation of a cell merged down: not a cell of its row.
    pub continued: bool,
    /// From the start of its first paragraph's content to the end of its
    /// last's (`None`: its paragraphs are all empty elements).
    pub content: Option<(usize, usize)>,
    /// The qualified name of its paragraphs (`w:p`).
    pub name: String,
}

/// The map of one `word/document.xml`.
#[derive(Debug, Default)]
pub struct TextMap {
    /// In text order (and XML order).
    pub pieces: Vec<Piece>,
    pub runs: Vec<Run>,
    pub texts: Vec<TextElement>,
    /// Paragraph N is line N + 1 of the text.
    pub paragraphs: Vec<Paragraph>,
    /// Where each line starts in the text.
    pub line_starts: Vec<usize>,
    /// The body's tables, in order: rows of cells.
    pub tables: Vec<Vec<Vec<Cell>>>,
    /// The largest `w:id` of any element in the part (comments,
    /// bookmarks, revisions), so that new comments take fresh ones.
    pub max_id: Option<u64>,
}

/// A paragraph being walked.
struct OpenParagraph {
    content_start: usize,
    name: String,
    first_piece: usize,
    /// Its pieces' text, as the decoder writes it.
    text: String,
    /// Something the map cannot split at (a run in a run, text outside a
    /// run, a tab element with content).
    odd: bool,
}

/// Why the map could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapError {
    Docx(DocxError),
    /// The walk found another number of paragraphs than the text has lines.
    Disagrees {
        paragraphs: usize,
        lines: usize,
    },
}

impl From<DocxError> for MapError {
    fn from(e: DocxError) -> Self {
        MapError::Docx(e)
    }
}

fn xml_error(position: u64, e: impl std::fmt::Display) -> MapError {
    crate::input::docx::xml_error(PART, position, e).into()
}

fn qualified(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.name().as_ref()).into_owned()
}

/// The largest numeric `id` attribute (any prefix) of an element.
fn element_id(e: &BytesStart) -> Option<u64> {
    e.attributes()
        .flatten()
        .filter(|a| a.key.local_name().as_ref() == b"id")
        .filter_map(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
        .max()
}

impl TextMap {
    /// Walks `xml` (the text of `word/document.xml`) next to `text`, the
    /// decoded text [`crate::input::docx`] made of it.
    pub fn build(xml: &str, text: &str) -> Result<TextMap, MapError> {
        let mut map = TextMap {
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&start| start < text.len())
                .collect(),
            ..TextMap::default()
        };
        let mut walk = Walk {
            xml,
            text,
            map: &mut map,
            paragraph: None,
            run: None,
            t: None,
        };
        walk.run()?;
        let (paragraphs, lines) = (map.paragraphs.len(), map.line_starts.len());
        if paragraphs != lines {
            return Err(MapError::Disagrees { paragraphs, lines });
        }
        Ok(map)
    }

    /// The line (paragraph index) that holds byte `offset` of the text.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }
}

struct Walk<'a, 'm> {
    xml: &'a str,
    text: &'a str,
    map: &'m mut TextMap,
    paragraph: Option<OpenParagraph>,
    /// The open run: an index into the map's runs.
    run: Option<usize>,
    /// The open `w:t`: an index into the map's texts.
    t: Option<usize>,
}

impl Walk<'_, '_> {
    fn run(&mut self) -> Result<(), MapError> {
        let mut reader = NsReader::from_str(self.xml);
        let mut in_body = false;
        let (mut in_properties, mut in_run_properties) = (false, false);
        let mut in_text = false;
        let mut run_hidden = false;
        loop {
            let before = reader.buffer_position();
            let (resolved, event) = next_event(&mut reader, PART)?;
            // What the element is, before the reader is asked where it is.
            let kind = event_name(&resolved, &event);
            let after = reader.buffer_position() as usize;
            let start = before as usize;
            if let Event::Start(e) | Event::Empty(e) = &event {
                if let Some(id) = element_id(e) {
                    self.map.max_id = self.map.max_id.max(Some(id));
                }
            }
            let name = |_: &BytesStart| kind;
            match event {
                Event::Eof => break,
                Event::DocType(_) => return Err(document_dtd(PART).into()),
                Event::Start(e) => match name(&e) {
                    Some(WName::Body) => in_body = true,
                    Some(WName::Table) if in_body && self.paragraph.is_none() => {
                        let table = read_table(&mut reader, &mut self.map.max_id)?;
                        self.map.tables.push(table);
                    }
                    Some(WName::Skipped | WName::Table) if in_body => {
                        let end = reader
                            .read_to_end(e.name())
                            .map_err(|err| xml_error(reader.buffer_position(), err))?;
                        // Ids inside skipped elements (a tracked deletion's)
                        // count too.
                        self.scan_ids(start, end.end as usize)?;
                    }
                    Some(WName::Paragraph) if in_body => {
                        self.finish()?;
                        self.paragraph = Some(OpenParagraph {
                            content_start: after,
                            name: qualified(&e),
                            first_piece: self.map.pieces.len(),
                            text: String::new(),
                            odd: false,
                        });
                        self.run = None;
                    }
                    Some(WName::ParagraphProperties) => in_properties = self.paragraph.is_some(),
                    Some(WName::Run) => {
                        run_hidden = false;
                        if let Some(p) = self.paragraph.as_mut() {
                            if self.run.is_some() {
                                p.odd = true;
                            }
                            self.map.runs.push(Run {
                                start,
                                end: after,
                                inner_start: after,
                                inner_end: after,
                                properties: None,
                                name: qualified(&e),
                            });
                            self.run = Some(self.map.runs.len() - 1);
                        }
                    }
                    Some(WName::RunProperties) if !in_properties => {
                        in_run_properties = true;
                        if let Some(run) = self.open_run() {
                            run.properties = Some((start, after));
                        }
                    }
                    Some(WName::Text) if !in_properties => {
                        in_text = true;
                        self.map.texts.push(TextElement {
                            start_tag: (start, after),
                            end_tag: (after, after),
                            name: qualified(&e),
                        });
                        self.t = Some(self.map.texts.len() - 1);
                    }
                    Some(WName::Tab | WName::Break | WName::NoBreakHyphen) if !in_properties => {
                        // An element with content where Word writes an
                        // empty one: its character is read, but no split
                        // may fall inside it.
                        if let Some(p) = self.paragraph.as_mut() {
                            p.odd = true;
                        }
                        self.element_piece(&e, name(&e), start, after);
                    }
                    _ => {}
                },
                Event::Empty(e) => match name(&e) {
                    Some(WName::Paragraph) if in_body => {
                        self.finish()?;
                        self.map.paragraphs.push(Paragraph {
                            content: None,
                            name: qualified(&e),
                            mapped: true,
                        });
                    }
                    Some(WName::Vanish) if in_run_properties => run_hidden = is_on(&e),
                    Some(WName::ParagraphProperties) => {
                        if let Some(p) = self.paragraph.as_mut() {
                            if self.run.is_none() && p.first_piece == self.map.pieces.len() {
                                p.content_start = after;
                            }
                        }
                    }
                    Some(WName::RunProperties) if !in_properties => {
                        if let Some(run) = self.open_run() {
                            run.properties = Some((start, after));
                            run.inner_start = after;
                        }
                    }
                    Some(WName::Tab | WName::Break | WName::NoBreakHyphen)
                        if !run_hidden && !in_properties =>
                    {
                        self.element_piece(&e, name(&e), start, after);
                    }
                    _ => {}
                },
                Event::End(_) => match kind {
                    Some(WName::Body) => break,
                    Some(WName::Paragraph) => {
                        if let Some(p) = self.paragraph.take() {
                            self.close(p, start)?;
                        }
                    }
                    Some(WName::ParagraphProperties) => {
                        in_properties = false;
                        if let Some(p) = self.paragraph.as_mut() {
                            if self.run.is_none() && p.first_piece == self.map.pieces.len() {
                                p.content_start = after;
                            }
                        }
                    }
                    Some(WName::RunProperties) => {
                        in_run_properties = false;
                        if let Some(run) = self.open_run() {
                            if let Some(properties) = run.properties.as_mut() {
                                properties.1 = after;
                            }
                            run.inner_start = after;
                        }
                    }
                    Some(WName::Run) => {
                        run_hidden = false;
                        if let Some(run) = self.open_run() {
                            run.inner_end = start;
                            run.end = after;
                        }
                        self.run = None;
                    }
                    Some(WName::Text) => {
                        in_text = false;
                        if let Some(t) = self.t.take().and_then(|t| self.map.texts.get_mut(t)) {
                            t.end_tag = (start, after);
                        }
                    }
                    _ => {}
                },
                Event::Text(text) if in_text && !run_hidden && self.paragraph.is_some() => {
                    let decoded = text.xml10_content().map_err(|e| xml_error(before, e))?;
                    let kind = if decoded.as_ref() == &self.xml[start..after] {
                        PieceKind::Verbatim
                    } else {
                        PieceKind::Escaped
                    };
                    self.text_piece(&decoded, kind, start, after);
                }
                Event::CData(text) if in_text && !run_hidden && self.paragraph.is_some() => {
                    let decoded = text.decode().map_err(|e| xml_error(before, e))?;
                    self.text_piece(&decoded, PieceKind::Escaped, start, after);
                }
                Event::GeneralRef(reference) if in_text && !run_hidden => {
                    let resolved = resolve_reference(&reference)?;
                    if self.paragraph.is_some() {
                        self.text_piece(&resolved, PieceKind::Escaped, start, after);
                    }
                }
                _ => {}
            }
        }
        self.finish()?;
        Ok(())
    }

    fn open_run(&mut self) -> Option<&mut Run> {
        self.run.and_then(|r| self.map.runs.get_mut(r))
    }

    /// The largest id of the elements in `xml[start..end]`.
    fn scan_ids(&mut self, start: usize, end: usize) -> Result<(), MapError> {
        let Some(skipped) = self.xml.get(start..end) else {
            return Ok(());
        };
        let mut reader = NsReader::from_str(skipped);
        loop {
            match reader.read_event() {
                Ok(Event::Eof) | Err(_) => return Ok(()),
                Ok(Event::Start(e) | Event::Empty(e)) => {
                    if let Some(id) = element_id(&e) {
                        self.map.max_id = self.map.max_id.max(Some(id));
                    }
                }
                Ok(_) => {}
            }
        }
    }

    fn text_piece(&mut self, decoded: &str, kind: PieceKind, start: usize, end: usize) {
        let Some(p) = self.paragraph.as_mut() else {
            return;
        };
        let Some(run) = self.run else {
            p.odd = true;
            p.text.push_str(decoded);
            return;
        };
        let from = p.text.len();
        p.text.push_str(decoded);
        self.map.pieces.push(Piece {
            text: (from, p.text.len()),
            xml: (start, end),
            kind,
            run,
            t: self.t,
        });
    }

    fn element_piece(&mut self, _e: &BytesStart, name: Option<WName>, start: usize, end: usize) {
        let c = match name {
            Some(WName::Tab) => "\t",
            Some(WName::Break) => " ",
            _ => "-",
        };
        let Some(p) = self.paragraph.as_mut() else {
            return;
        };
        let Some(run) = self.run else {
            p.odd = true;
            p.text.push_str(c);
            return;
        };
        let from = p.text.len();
        p.text.push_str(c);
        self.map.pieces.push(Piece {
            text: (from, p.text.len()),
            xml: (start, end),
            kind: PieceKind::Element,
            run,
            t: None,
        });
    }

    /// Closes a paragraph left open (a new one, or the end of the body).
    fn finish(&mut self) -> Result<(), MapError> {
        if let Some(p) = self.paragraph.take() {
            let end = p.content_start;
            self.close(p, end)?;
        }
        Ok(())
    }

    /// Checks a paragraph's pieces against its line and places them in
    /// the text; `end` is where `</w:p>` starts.
    fn close(&mut self, p: OpenParagraph, end: usize) -> Result<(), MapError> {
        let index = self.map.paragraphs.len();
        let line = self.map.line_starts.get(index).map(|&start| {
            let rest = &self.text[start..];
            let len = rest.find('\n').unwrap_or(rest.len());
            (start, &rest[..len])
        });
        // The decoder writes line ends inside a paragraph as spaces.
        let spelt = |c: char| if matches!(c, '\n' | '\r') { ' ' } else { c };
        let agrees = line.filter(|(_, line)| {
            line.len() >= p.text.len()
                && line.is_char_boundary(line.len() - p.text.len())
                && line[line.len() - p.text.len()..]
                    .chars()
                    .eq(p.text.chars().map(spelt))
        });
        let mapped = match agrees {
            Some((start, line)) if !p.odd => {
                let shift = start + line.len() - p.text.len();
                for piece in &mut self.map.pieces[p.first_piece..] {
                    piece.text = (piece.text.0 + shift, piece.text.1 + shift);
                }
                true
            }
            _ => {
                self.map.pieces.truncate(p.first_piece);
                false
            }
        };
        self.map.paragraphs.push(Paragraph {
            content: Some((p.content_start, end.max(p.content_start))),
            name: p.name,
            mapped,
        });
        self.run = None;
        self.t = None;
        Ok(())
    }
}

/// Walks a body table whose start tag was just read, as
/// [`crate::input::docx`] reads it: rows of cells, with where each
/// cell's content is.
fn read_table(
    reader: &mut NsReader<&[u8]>,
    max_id: &mut Option<u64>,
) -> Result<Vec<Vec<Cell>>, MapError> {
    let mut rows = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cell: Option<Cell> = None;
    let mut column = 1usize;
    let mut span = 1usize;
    let mut depth = 1usize;
    let mut paragraph_start: Option<usize> = None;
    loop {
        let before = reader.buffer_position();
        let (resolved, event) = next_event(reader, PART)?;
        let kind = event_name(&resolved, &event);
        let after = reader.buffer_position() as usize;
        let start = before as usize;
        if let Event::Start(e) | Event::Empty(e) = &event {
            if let Some(id) = element_id(e) {
                *max_id = (*max_id).max(Some(id));
            }
        }
        let name = |_: &[u8]| kind;
        match event {
            Event::Eof => break,
            Event::DocType(_) => return Err(document_dtd(PART).into()),
            Event::Start(e) => match name(e.local_name().as_ref()) {
                Some(WName::Table) => depth += 1,
                Some(WName::TableRow) if depth == 1 => {
                    row = Vec::new();
                    column = 1;
                }
                Some(WName::TableCell) if depth == 1 => {
                    span = 1;
                    cell = Some(Cell {
                        column,
                        continued: false,
                        content: None,
                        name: String::new(),
                    });
                }
                Some(WName::Skipped) => {
                    reader
                        .read_to_end(e.name())
                        .map_err(|err| xml_error(reader.buffer_position(), err))?;
                }
                Some(WName::Paragraph) if depth == 1 => {
                    paragraph_start = Some(after);
                    if let Some(c) = cell.as_mut() {
                        if c.name.is_empty() {
                            c.name = qualified(&e);
                        }
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match name(e.local_name().as_ref()) {
                Some(WName::ParagraphProperties) if depth == 1 && paragraph_start.is_some() => {
                    paragraph_start = Some(after);
                }
                Some(WName::GridSpan) if depth == 1 => span = grid_span(&e),
                Some(WName::VerticalMerge) if depth == 1 => {
                    if let Some(c) = cell.as_mut() {
                        c.continued = continues_merge(&e);
                    }
                }
                _ => {}
            },
            Event::End(e) => match name(e.local_name().as_ref()) {
                Some(WName::Table) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Some(WName::ParagraphProperties) if depth == 1 && paragraph_start.is_some() => {
                    paragraph_start = Some(after);
                }
                Some(WName::Paragraph) if depth == 1 => {
                    if let (Some(c), Some(from)) = (cell.as_mut(), paragraph_start.take()) {
                        let from = c.content.map_or(from, |(first, _)| first);
                        c.content = Some((from, start.max(from)));
                    }
                }
                Some(WName::TableRow) if depth == 1 => rows.push(std::mem::take(&mut row)),
                Some(WName::TableCell) if depth == 1 => {
                    if let Some(c) = cell.take() {
                        row.push(c);
                    }
                    column += span;
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(rows)
}
