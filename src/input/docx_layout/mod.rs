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

mod body;
mod fonts;
mod footer;
mod package;
mod props;

pub use fonts::{font_family, size_name};
pub use props::{FontRef, ParaProps, RunProps};

use body::{read_body, Resolver};
use footer::read_footer;
pub(crate) use package::{attr, is_on_attr};
use package::{read_named_part, read_part, read_relationships, read_settings};

use crate::input::docx::{MAX_DOCUMENT_XML, MAX_PART_XML, MAX_STYLE_DEPTH};
use crate::text::span::Span;
use props::{Styles, ThemeFonts};
use std::collections::HashMap;
use std::io::Cursor;

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

/// How far `MAX_STYLE_DEPTH` reaches, for the docs.
pub const STYLE_DEPTH: usize = MAX_STYLE_DEPTH;

#[cfg(test)]
mod tests;
