//! The layout of a Word `.docx` as GB/T 9704-2012 judges it: for each line
//! of the decoded text (one paragraph, see [`crate::input::docx`]) its
//! effective alignment, indents, line spacing and runs (East Asian and
//! Latin font, size, bold); each section's page size, margins and line
//! grid; the footers' page-number fields.
//!
//! "Effective" is what Word shows: direct formatting over the character
//! style, over the paragraph style (both followed through `basedOn`, at
//! most [`MAX_STYLE_DEPTH`] links), over `w:docDefaults`; theme fonts
//! (`minorEastAsia`…) are looked up in the theme part (`props.rs`).
//!
//! The body is read a second time, after [`crate::input::docx`] has made
//! the text, with the same rules for what a paragraph is (tables, text
//! boxes, deleted and hidden text left out). A run's span is found by
//! placing the paragraph's text at the end of its line (automatic
//! numbering stands in front); a paragraph whose text does not match its
//! line keeps its properties but its runs span the whole line. If the
//! number of paragraphs does not match the lines, there is no layout.
//!
//! Bounds: the parts are read within the same size limits as the text
//! (`word/document.xml` [`MAX_DOCUMENT_XML`], the others [`MAX_PART_XML`]);
//! every paragraph and run was already counted by the text's budget; one
//! pass over each part.

mod fonts;
mod props;

pub use fonts::{font_family, size_name};
pub use props::{FontRef, ParaProps, RunProps};

use crate::input::docx::{MAX_DOCUMENT_XML, MAX_PART_XML, MAX_STYLE_DEPTH};
use crate::text::span::Span;
use props::{Styles, ThemeFonts};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Why the layout could not be read (the text may still be).
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("{0} is not well-formed XML: {1}")]
    Xml(&'static str, String),
    #[error("{0} declares a DTD")]
    Dtd(&'static str),
    #[error("{0}")]
    Package(String),
}

impl LayoutError {
    fn xml(part: &'static str, e: impl std::fmt::Display) -> LayoutError {
        LayoutError::Xml(part, e.to_string())
    }
}

/// The layout of a `.docx`.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// One per line of the decoded text, in order.
    pub paragraphs: Vec<ParagraphLayout>,
    /// The document's sections, in order (the body's own `w:sectPr` last).
    pub sections: Vec<Section>,
    /// Footers that sections refer to, with their page-number field.
    pub footers: Vec<Footer>,
    /// `w:evenAndOddHeaders` in `word/settings.xml`.
    pub even_and_odd_headers: bool,
}

/// One paragraph's effective layout.
#[derive(Debug, Clone, Default)]
pub struct ParagraphLayout {
    /// Its line in the decoded text, without the line break.
    pub span: Span,
    /// The paragraph style's name (`Normal`, `heading 1`…), if any.
    pub style: Option<String>,
    pub props: ParaProps,
    /// The paragraph mark's run properties (what an empty paragraph shows).
    pub mark: RunLayout,
    /// Runs with text, in order.
    pub runs: Vec<RunLayout>,
}

/// One run's effective properties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunLayout {
    pub span: Span,
    pub east_asia: Option<String>,
    pub latin: Option<String>,
    /// Half-points; Word's default, 20 (10 pt), when nothing says.
    pub size: u32,
    pub bold: bool,
}

impl ParagraphLayout {
    /// The size most of the paragraph's text has (by bytes), else the mark's.
    pub fn main_size(&self) -> u32 {
        let mut sizes: Vec<(u32, usize)> = Vec::new();
        for run in &self.runs {
            match sizes.iter_mut().find(|(s, _)| *s == run.size) {
                Some((_, n)) => *n += run.span.len(),
                None => sizes.push((run.size, run.span.len())),
            }
        }
        sizes
            .into_iter()
            .max_by_key(|&(_, n)| n)
            .map_or(self.mark.size, |(s, _)| s)
    }

    /// The first-line indent in characters of the paragraph's size.
    pub fn first_line_chars(&self) -> f64 {
        if let Some(chars) = self.props.first_line_chars {
            return f64::from(chars) / 100.0;
        }
        let twips = f64::from(self.props.first_line.unwrap_or(0));
        // A character is as wide as the font is high: size/2 pt = size × 10 twips.
        twips / (f64::from(self.main_size().max(1)) * 10.0)
    }

    /// The line spacing in points, where it is fixed in points (`exact`,
    /// `atLeast`) or by the section's line grid; `None`: a multiple of the
    /// font's own line height.
    pub fn line_spacing_pt(&self, grid_pitch: Option<i32>) -> Option<f64> {
        let line = f64::from(self.props.line?);
        match self.props.line_rule.as_deref() {
            Some("exact" | "atLeast") => Some(line / 20.0),
            _ => grid_pitch.map(|pitch| f64::from(pitch) / 20.0 * line / 240.0),
        }
    }
}

/// A section's page setup, in twips (1/20 pt).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// The last paragraph of the section (its line), to place findings.
    pub last_line: Option<usize>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub top: Option<i32>,
    pub bottom: Option<i32>,
    pub left: Option<i32>,
    pub right: Option<i32>,
    pub gutter: i32,
    /// `w:docGrid`: its type (`lines`, `linesAndChars`, `snapToChars`) and
    /// line pitch in twips.
    pub grid_type: Option<String>,
    pub line_pitch: Option<i32>,
    /// Footer references: (`default`/`even`/`first`, index into [`Layout::footers`]).
    pub footers: Vec<(String, usize)>,
}

impl Section {
    /// The line pitch that `auto` line spacing snaps to, if the section
    /// has a line grid.
    pub fn grid_pitch(&self) -> Option<i32> {
        match self.grid_type.as_deref() {
            Some("lines" | "linesAndChars" | "snapToChars") => self.line_pitch,
            _ => None,
        }
    }
}

/// A footer part and the page number in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Footer {
    /// The part's name (`word/footer1.xml`).
    pub part: String,
    pub page_number: Option<PageNumber>,
}

/// A `PAGE` field and the paragraph around it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageNumber {
    /// The paragraph's text before and after the field.
    pub before: String,
    pub after: String,
    pub align: Option<String>,
    /// The field's run: its Latin font (digits) and size in half-points.
    pub latin: Option<String>,
    pub size: u32,
}

/// Footer parts read at most: a document has one to three per section,
/// and sections rarely differ; a crafted one does not make us inflate
/// thousands of parts.
pub const MAX_FOOTERS: usize = 16;

/// Runs with text read at most: a long report has tens of thousands; a
/// document with more has no layout (each run holds its font names, and
/// memory must stay within a fixed multiple of the size limit).
pub const MAX_RUNS: usize = 1_000_000;

/// Word's default size when no element sets one: 10 pt.
const DEFAULT_SIZE: u32 = 20;

/// Reads the layout of a `.docx` whose text (`text`, from
/// [`crate::input::docx::extract`]) is already made. `Ok(None)`: the
/// paragraphs read do not match the text's lines.
pub fn read(bytes: &[u8], text: &str) -> Result<Option<Layout>, LayoutError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| LayoutError::Package(format!("not a readable zip archive: {e}")))?;
    let Some(document) = read_part(&mut archive, "word/document.xml", MAX_DOCUMENT_XML)? else {
        return Ok(None);
    };
    let styles = match read_part(&mut archive, "word/styles.xml", MAX_PART_XML)? {
        Some(xml) => Styles::parse(&xml)?,
        None => Styles::default(),
    };
    let relationships = match read_part(&mut archive, "word/_rels/document.xml.rels", MAX_PART_XML)?
    {
        Some(xml) => read_relationships(&xml)?,
        None => HashMap::new(),
    };
    let theme_part = relationships
        .values()
        .find(|(kind, _)| kind.ends_with("/theme"))
        .map_or_else(
            || "word/theme/theme1.xml".to_string(),
            |(_, target)| target.clone(),
        );
    let theme = match read_named_part(&mut archive, &theme_part, MAX_PART_XML)? {
        Some(xml) => ThemeFonts::parse(&xml)?,
        None => ThemeFonts::default(),
    };
    let even_and_odd_headers = match read_part(&mut archive, "word/settings.xml", MAX_PART_XML)? {
        Some(xml) => read_settings(&xml)?,
        None => false,
    };
    let resolver = Resolver {
        styles: &styles,
        theme: &theme,
    };
    let (paragraphs, sections) = read_body(&document, &resolver)?;

    // Place each paragraph on its line.
    let lines: Vec<Span> = line_spans(text);
    if lines.len() != paragraphs.len() {
        return Ok(None);
    }
    let paragraphs = paragraphs
        .into_iter()
        .zip(lines)
        .map(|(read, line)| read.place(line, text))
        .collect();

    // Footers, each part read once, at most MAX_FOOTERS of them.
    let mut footers: Vec<Footer> = Vec::new();
    let mut footer_index: HashMap<String, usize> = HashMap::new();
    let mut sections_out = Vec::with_capacity(sections.len());
    for read in sections {
        let mut section = read.section;
        for (kind, id) in read.footer_ids {
            let Some((_, target)) = relationships.get(&id) else {
                continue;
            };
            let index = match footer_index.get(target) {
                Some(&i) => i,
                None if footers.len() >= MAX_FOOTERS => continue,
                None => {
                    let page_number = match read_named_part(&mut archive, target, MAX_PART_XML)? {
                        Some(xml) => read_footer(&xml, &resolver)?,
                        None => None,
                    };
                    footers.push(Footer {
                        part: target.clone(),
                        page_number,
                    });
                    footer_index.insert(target.clone(), footers.len() - 1);
                    footers.len() - 1
                }
            };
            section.footers.push((kind, index));
        }
        sections_out.push(section);
    }
    Ok(Some(Layout {
        paragraphs,
        sections: sections_out,
        footers,
        even_and_odd_headers,
    }))
}

/// The spans of the text's lines, without their line breaks (the text of
/// a `.docx` ends every line with `\n`).
fn line_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        spans.push(Span::new(start, i));
        start = i + 1;
    }
    if start < text.len() {
        spans.push(Span::new(start, text.len()));
    }
    spans
}

fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &'static str,
    limit: u64,
) -> Result<Option<String>, LayoutError> {
    read_named_part(archive, name, limit)
}

/// The text of a part, `None` if there is none; never more than `limit` bytes.
fn read_named_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<String>, LayoutError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(LayoutError::Package(format!("cannot read {name}: {e}"))),
    };
    let too_large = || LayoutError::Package(format!("{name} is larger than {limit} bytes"));
    if file.size() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| LayoutError::Package(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| LayoutError::Package(format!("{name} is not UTF-8")))
}

/// An attribute by local name, unescaped.
pub(crate) fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Whether an on/off property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
pub(crate) fn is_on_attr(e: &BytesStart) -> bool {
    !matches!(attr(e, b"val").as_deref(), Some("0" | "false" | "off"))
}

/// `word/_rels/document.xml.rels`: id → (type, part name under `word/`).
fn read_relationships(xml: &str) -> Result<HashMap<String, (String, String)>, LayoutError> {
    let mut map = HashMap::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader
            .read_event()
            .map_err(|e| LayoutError::xml("relationships", e))?
        {
            Event::Eof => break,
            Event::DocType(_) => return Err(LayoutError::Dtd("word/_rels/document.xml.rels")),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(kind), Some(target)) =
                    (attr(&e, b"Id"), attr(&e, b"Type"), attr(&e, b"Target"))
                {
                    let target = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("word/{target}"),
                    };
                    map.insert(id, (kind, target));
                }
            }
            _ => {}
        }
    }
    Ok(map)
}

/// `word/settings.xml`: whether odd and even pages have their own footers.
fn read_settings(xml: &str) -> Result<bool, LayoutError> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader
            .read_event()
            .map_err(|e| LayoutError::xml("settings", e))?
        {
            Event::Eof => return Ok(false),
            Event::DocType(_) => return Err(LayoutError::Dtd("word/settings.xml")),
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == b"evenAndOddHeaders" =>
            {
                return Ok(is_on_attr(&e));
            }
            _ => {}
        }
    }
}

/// Resolves direct formatting through the styles and the theme.
struct Resolver<'a> {
    styles: &'a Styles,
    theme: &'a ThemeFonts,
}

impl Resolver<'_> {
    fn run(&self, direct: &RunProps, char_style: Option<&str>, paragraph: &RunProps) -> RunLayout {
        let props = direct
            .or(&self.styles.character_props(char_style))
            .or(paragraph);
        RunLayout {
            span: Span::new(0, 0),
            east_asia: props.east_asia.as_ref().and_then(|f| self.theme.resolve(f)),
            latin: props.latin.as_ref().and_then(|f| self.theme.resolve(f)),
            size: props.size.unwrap_or(DEFAULT_SIZE),
            bold: props.bold.unwrap_or(false),
        }
    }
}

/// A paragraph as read, before it is placed on its line.
struct ReadParagraph {
    style: Option<String>,
    props: ParaProps,
    mark: RunLayout,
    text: String,
    /// Runs with their byte range in `text`.
    runs: Vec<RunLayout>,
}

impl ReadParagraph {
    fn place(self, line: Span, text: &str) -> ParagraphLayout {
        let line_text = line.text(text);
        // The paragraph's text ends its line; automatic numbering stands in front.
        let placed = line_text.len() >= self.text.len()
            && line_text.is_char_boundary(line_text.len() - self.text.len())
            && line_text[line_text.len() - self.text.len()..]
                .bytes()
                .zip(self.text.bytes())
                .all(|(a, b)| a == b || (matches!(b, b'\n' | b'\r') && a == b' '));
        let offset = line.end.saturating_sub(self.text.len());
        let runs = if placed {
            self.runs
                .into_iter()
                .map(|mut run| {
                    run.span = Span::new(offset + run.span.start, offset + run.span.end);
                    run
                })
                .collect()
        } else {
            // One run over the whole line, with the first run's properties.
            self.runs
                .into_iter()
                .next()
                .map(|mut run| {
                    run.span = line;
                    run
                })
                .into_iter()
                .collect()
        };
        let mut mark = self.mark;
        mark.span = line;
        ParagraphLayout {
            span: line,
            style: self.style,
            props: self.props,
            mark,
            runs,
        }
    }
}

/// A section as read: the page setup and its footer references by id.
struct ReadSection {
    section: Section,
    footer_ids: Vec<(String, String)>,
}

/// Elements whose content is not text of the body (as in `docx.rs`).
fn is_skipped(local: &[u8]) -> bool {
    matches!(
        local,
        b"drawing"
            | b"pict"
            | b"object"
            | b"del"
            | b"moveFrom"
            | b"txbxContent"
            | b"rt"
            | b"pPrChange"
            | b"rPrChange"
            | b"Fallback"
            | b"tbl"
            | b"instrText"
    )
}

/// What a paragraph-level reader is inside of.
#[derive(Default)]
struct State {
    in_ppr: bool,
    in_rpr: bool,
    in_mark_rpr: bool,
    in_text: bool,
    in_sect: bool,
    run: Option<(RunProps, Option<String>, usize)>,
}

/// Reads the body: paragraphs and sections.
fn read_body(
    xml: &str,
    resolver: &Resolver,
) -> Result<(Vec<ReadParagraph>, Vec<ReadSection>), LayoutError> {
    const PART: &str = "document";
    let mut reader = Reader::from_str(xml);
    let mut paragraphs = Vec::new();
    let mut sections = Vec::new();
    let mut in_body = false;
    let mut paragraph: Option<OpenParagraph> = None;
    let mut state = State::default();
    let mut section: Option<ReadSection> = None;
    let mut runs = 0usize;
    let finish = |open: OpenParagraph| {
        let (style, direct, mark_direct, text, runs) = open;
        let (style_props, style_run) = resolver.styles.paragraph_props(style.as_deref());
        let props = direct.or(&style_props);
        let mark = resolver.run(&mark_direct, None, &style_run);
        let runs = runs
            .into_iter()
            .map(|(direct, char_style, span)| {
                let mut run = resolver.run(&direct, char_style.as_deref(), &style_run);
                run.span = span;
                run
            })
            .collect();
        ReadParagraph {
            style: resolver.styles.paragraph_style_name(style.as_deref()),
            props,
            mark,
            text,
            runs,
        }
    };
    loop {
        let event = reader.read_event().map_err(|e| LayoutError::xml(PART, e))?;
        match event {
            Event::Eof => break,
            Event::DocType(_) => return Err(LayoutError::Dtd("word/document.xml")),
            Event::Start(e) => {
                let local = e.local_name();
                let local = local.as_ref();
                if !in_body {
                    in_body = local == b"body";
                    continue;
                }
                if is_skipped(local) {
                    reader
                        .read_to_end(e.name())
                        .map_err(|err| LayoutError::xml(PART, err))?;
                    continue;
                }
                start_element(
                    local,
                    &e,
                    false,
                    &mut paragraph,
                    &mut paragraphs,
                    &mut state,
                    &mut section,
                    &finish,
                );
            }
            Event::Empty(e) if in_body && e.local_name().as_ref() == b"sectPr" => {
                let last_line =
                    (paragraphs.len() + usize::from(paragraph.is_some())).checked_sub(1);
                sections.push(ReadSection {
                    section: Section {
                        last_line,
                        ..Section::default()
                    },
                    footer_ids: Vec::new(),
                });
            }
            Event::Empty(e) if in_body => {
                let local = e.local_name();
                start_element(
                    local.as_ref(),
                    &e,
                    true,
                    &mut paragraph,
                    &mut paragraphs,
                    &mut state,
                    &mut section,
                    &finish,
                );
            }
            Event::End(e) if in_body => match e.local_name().as_ref() {
                b"body" => break,
                b"p" => {
                    if let Some(open) = paragraph.take() {
                        paragraphs.push(finish(open));
                    }
                }
                b"pPr" => state.in_ppr = false,
                b"rPr" => {
                    state.in_rpr = false;
                    state.in_mark_rpr = false;
                }
                b"r" => {
                    if let (Some((direct, style, start)), Some(p)) =
                        (state.run.take(), paragraph.as_mut())
                    {
                        if p.3.len() > start && direct.vanish != Some(true) {
                            runs += 1;
                            if runs > MAX_RUNS {
                                return Err(LayoutError::Package(format!(
                                    "more than {MAX_RUNS} runs: no layout is read"
                                )));
                            }
                            p.4.push((direct, style, Span::new(start, p.3.len())));
                        }
                    }
                }
                b"t" => state.in_text = false,
                b"sectPr" => {
                    state.in_sect = false;
                    if let Some(mut done) = section.take() {
                        // A paragraph's section break ends with that paragraph.
                        done.section.last_line =
                            (paragraphs.len() + usize::from(paragraph.is_some())).checked_sub(1);
                        sections.push(done);
                    }
                }
                _ => {}
            },
            Event::Text(t) if state.in_text => {
                if let (Some(p), Some((direct, _, _))) = (paragraph.as_mut(), state.run.as_ref()) {
                    if direct.vanish != Some(true) {
                        let text = t.xml10_content().map_err(|e| LayoutError::xml(PART, e))?;
                        p.3.push_str(&text);
                    }
                }
            }
            Event::CData(t) if state.in_text => {
                if let (Some(p), Some((direct, _, _))) = (paragraph.as_mut(), state.run.as_ref()) {
                    if direct.vanish != Some(true) {
                        let text = t.decode().map_err(|e| LayoutError::xml(PART, e))?;
                        p.3.push_str(&text);
                    }
                }
            }
            Event::GeneralRef(reference) if state.in_text => {
                if let (Some(p), Some((direct, _, _))) = (paragraph.as_mut(), state.run.as_ref()) {
                    if direct.vanish != Some(true) {
                        if let Ok(Some(c)) = reference.resolve_char_ref() {
                            p.3.push(c);
                        } else if let Ok(name) = reference.decode() {
                            if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                                p.3.push_str(s);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(open) = paragraph.take() {
        paragraphs.push(finish(open));
    }
    Ok((paragraphs, sections))
}

type OpenParagraph = (
    Option<String>,
    ParaProps,
    RunProps,
    String,
    Vec<(RunProps, Option<String>, Span)>,
);

#[allow(clippy::too_many_arguments)]
fn start_element(
    local: &[u8],
    e: &BytesStart,
    empty: bool,
    paragraph: &mut Option<OpenParagraph>,
    paragraphs: &mut Vec<ReadParagraph>,
    state: &mut State,
    section: &mut Option<ReadSection>,
    finish: &dyn Fn(OpenParagraph) -> ReadParagraph,
) {
    if state.in_sect {
        read_section_child(local, e, section);
        return;
    }
    match local {
        b"p" => {
            if let Some(open) = paragraph.take() {
                paragraphs.push(finish(open));
            }
            *state = State::default();
            let fresh = (
                None,
                ParaProps::default(),
                RunProps::default(),
                String::new(),
                Vec::new(),
            );
            if empty {
                paragraphs.push(finish(fresh));
            } else {
                *paragraph = Some(fresh);
            }
        }
        b"sectPr" if !empty => {
            *section = Some(ReadSection {
                section: Section::default(),
                footer_ids: Vec::new(),
            });
            state.in_sect = true;
        }
        b"pPr" if !empty && paragraph.is_some() => state.in_ppr = true,
        b"r" if !empty => {
            let start = paragraph.as_ref().map_or(0, |p| p.3.len());
            state.run = Some((RunProps::default(), None, start));
        }
        b"rPr" if !empty => {
            if state.in_ppr {
                state.in_mark_rpr = true;
            } else {
                state.in_rpr = true;
            }
        }
        b"pStyle" if state.in_ppr => {
            if let Some(p) = paragraph.as_mut() {
                p.0 = attr(e, b"val");
            }
        }
        b"rStyle" if state.in_rpr => {
            if let Some(run) = state.run.as_mut() {
                run.1 = attr(e, b"val");
            }
        }
        _ if state.in_mark_rpr => {
            if let Some(p) = paragraph.as_mut() {
                p.2.read(e);
            }
        }
        _ if state.in_rpr => {
            if let Some(run) = state.run.as_mut() {
                run.0.read(e);
            }
        }
        _ if state.in_ppr => {
            if let Some(p) = paragraph.as_mut() {
                p.1.read(e);
            }
        }
        b"t" if !empty => state.in_text = true,
        b"tab" | b"ptab" | b"br" | b"cr" | b"noBreakHyphen" => {
            let hidden = state.run.as_ref().is_some_and(|r| r.0.vanish == Some(true));
            if let (Some(p), false) = (paragraph.as_mut(), hidden) {
                p.3.push(match local {
                    b"tab" | b"ptab" => '\t',
                    b"noBreakHyphen" => '-',
                    _ => ' ',
                });
            }
        }
        _ => {}
    }
}

/// Reads one element inside a `w:sectPr`.
fn read_section_child(local: &[u8], e: &BytesStart, section: &mut Option<ReadSection>) {
    let Some(read) = section.as_mut() else { return };
    let number = |name: &[u8]| attr(e, name).and_then(|v| v.parse::<i32>().ok());
    let s = &mut read.section;
    match local {
        b"pgSz" => {
            s.width = number(b"w");
            s.height = number(b"h");
        }
        b"pgMar" => {
            // A negative top or bottom is "exactly": the same distance.
            s.top = number(b"top").map(i32::abs);
            s.bottom = number(b"bottom").map(i32::abs);
            s.left = number(b"left");
            s.right = number(b"right");
            s.gutter = number(b"gutter").unwrap_or(0);
        }
        b"docGrid" => {
            s.grid_type = attr(e, b"type");
            s.line_pitch = number(b"linePitch");
        }
        b"footerReference" => {
            if let (Some(kind), Some(id)) = (attr(e, b"type"), attr(e, b"id")) {
                read.footer_ids.push((kind, id));
            }
        }
        _ => {}
    }
}

/// Reads a footer: the first paragraph with a `PAGE` field, simple
/// (`w:fldSimple`) or complex (`w:fldChar` begin, `w:instrText`, separate,
/// result, end).
fn read_footer(xml: &str, resolver: &Resolver) -> Result<Option<PageNumber>, LayoutError> {
    const PART: &str = "footer";
    /// Where the open paragraph's text goes.
    #[derive(Default, PartialEq, Clone, Copy)]
    enum Phase {
        /// Before the page field: literal text.
        #[default]
        Before,
        /// In a field's instruction or shown result: not literal text.
        InField,
        /// After the page field ended.
        After,
    }
    #[derive(Default)]
    struct Open {
        style: Option<String>,
        props: ParaProps,
        before: String,
        after: String,
        phase: Phase,
        /// The page field's run (`None` until one is found).
        field: Option<(RunProps, Option<String>)>,
        /// Inside a `w:fldSimple` that is a page field, its run not yet read.
        simple_pending: bool,
        /// Nesting of complex fields, and the instruction of the open one.
        fields: usize,
        instruction: String,
    }
    let mut reader = Reader::from_str(xml);
    let mut open: Option<Open> = None;
    let (mut in_ppr, mut in_rpr, mut in_text, mut in_instr) = (false, false, false, false);
    let mut run: (RunProps, Option<String>) = (RunProps::default(), None);
    loop {
        let event = reader.read_event().map_err(|e| LayoutError::xml(PART, e))?;
        match &event {
            Event::Eof => break,
            Event::DocType(_) => return Err(LayoutError::Dtd("footer")),
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name();
                match local.as_ref() {
                    b"p" if !empty => open = Some(Open::default()),
                    b"pPr" if !empty => in_ppr = true,
                    b"rPr" if !empty => in_rpr = true,
                    b"r" if !empty => run = (RunProps::default(), None),
                    b"pStyle" if in_ppr => {
                        if let Some(p) = open.as_mut() {
                            p.style = attr(e, b"val");
                        }
                    }
                    b"rStyle" if in_rpr => run.1 = attr(e, b"val"),
                    b"t" if !empty => in_text = true,
                    b"instrText" if !empty => in_instr = true,
                    b"fldSimple" => {
                        let is_page = attr(e, b"instr").is_some_and(|i| is_page_instruction(&i));
                        if let Some(p) = open.as_mut().filter(|p| p.phase == Phase::Before) {
                            if is_page {
                                p.field = Some((RunProps::default(), None));
                                p.phase = if empty { Phase::After } else { Phase::InField };
                                p.simple_pending = !empty;
                            }
                        }
                    }
                    b"fldChar" => {
                        if let Some(p) = open.as_mut() {
                            match attr(e, b"fldCharType").as_deref() {
                                Some("begin") => {
                                    p.fields += 1;
                                    if p.phase == Phase::Before && p.fields == 1 {
                                        p.instruction.clear();
                                    }
                                }
                                Some("end") if p.fields > 0 => {
                                    p.fields -= 1;
                                    if p.fields == 0 && p.phase == Phase::InField {
                                        p.phase = Phase::After;
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    _ if in_rpr => run.0.read(e),
                    _ if in_ppr => {
                        if let Some(p) = open.as_mut() {
                            p.props.read(e);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"p" => {
                    if let Some(p) = open.take() {
                        if let Some((direct, char_style)) = p.field {
                            let (style_props, style_run) =
                                resolver.styles.paragraph_props(p.style.as_deref());
                            let props = p.props.or(&style_props);
                            let field = resolver.run(&direct, char_style.as_deref(), &style_run);
                            return Ok(Some(PageNumber {
                                before: p.before,
                                after: p.after,
                                align: props.align,
                                latin: field.latin,
                                size: field.size,
                            }));
                        }
                    }
                }
                b"pPr" => in_ppr = false,
                b"rPr" => in_rpr = false,
                b"t" => in_text = false,
                b"r" => {
                    if let Some(p) = open.as_mut().filter(|p| p.simple_pending) {
                        p.field = Some(run.clone());
                        p.simple_pending = false;
                    }
                }
                b"instrText" => {
                    in_instr = false;
                    if let Some(p) = open.as_mut() {
                        if p.phase == Phase::Before
                            && p.fields == 1
                            && is_page_instruction(&p.instruction)
                        {
                            p.field = Some(run.clone());
                            p.phase = Phase::InField;
                        }
                    }
                }
                b"fldSimple" => {
                    if let Some(p) = open
                        .as_mut()
                        .filter(|p| p.phase == Phase::InField && p.fields == 0)
                    {
                        p.phase = Phase::After;
                        p.simple_pending = false;
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text || in_instr => {
                let text = t.xml10_content().map_err(|e| LayoutError::xml(PART, e))?;
                let Some(p) = open.as_mut() else { continue };
                if in_instr {
                    if p.fields == 1 && p.phase == Phase::Before && p.instruction.len() < 256 {
                        p.instruction.push_str(&text);
                    }
                    continue;
                }
                // Other fields' results (a date…) are not literal text either.
                if p.fields > 0 {
                    continue;
                }
                let target = match p.phase {
                    Phase::Before => &mut p.before,
                    Phase::InField => continue,
                    Phase::After => &mut p.after,
                };
                if target.len() < 256 {
                    target.push_str(&text);
                }
            }
            _ => {}
        }
    }
    Ok(None)
}

/// `PAGE`, `PAGE \* Arabic`…, but not `NUMPAGES` or `SECTIONPAGES`.
fn is_page_instruction(instruction: &str) -> bool {
    instruction
        .split_whitespace()
        .next()
        .is_some_and(|word| word.eq_ignore_ascii_case("PAGE"))
}

/// How far `MAX_STYLE_DEPTH` reaches, for the docs.
pub const STYLE_DEPTH: usize = MAX_STYLE_DEPTH;

#[cfg(test)]
mod tests;
