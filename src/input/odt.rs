//! OpenDocument text (`.odt`, what LibreOffice and the office suites built
//! on it save): the body of `content.xml`, one paragraph per line like a
//! `.docx` ([`super::docx`]), its tables as [`WordTable`] grids.
//!
//! - `text:p` and `text:h` are lines (empty ones too, so line N is
//!   paragraph N), also inside lists (`text:list`, `text:list-item`) and
//!   sections; a list's own label (`text:number`, which LibreOffice writes
//!   with the number it shows) is put in front of its paragraph, as a
//!   `.docx`'s automatic numbers are. The level of a `text:h`
//!   (`text:outline-level`) is not needed: the heading model reads the
//!   numbering written in the text.
//! - `text:s` is spaces (`text:c` of them), `text:tab` a tab,
//!   `text:line-break` a space (the paragraph stays one line).
//! - Footnotes and endnotes (`text:note`), comments (`office:annotation`),
//!   the deleted text of tracked changes (`text:tracked-changes`), frames
//!   and drawings (`draw:*`) are left out.
//! - `table:table` becomes a table: a cell spanning columns
//!   (`table:number-columns-spanned`) is one cell at its first column; a
//!   cell covered by one spanning rows or columns
//!   (`table:covered-table-cell`) is left out of its row;
//!   `table:number-columns-repeated` repeats a cell. A table in a cell adds
//!   its text to that cell.
//!
//! Bounds: `content.xml` is read up to [`MAX_DOCUMENT_XML`] uncompressed,
//! without DTD or entities, and what it makes is held to a [`Budget`], as
//! a `.docx` is; a repeated cell counts once per repeat, and repeats past
//! [`MAX_REPEAT`] are dropped (LibreOffice writes them for empty cells at
//! the end of a row).

use super::docx::{
    attribute, next_event, read_part, resolve_reference, xml_error, Budget, DocxError, Limits,
    WordCell, WordTable, MAX_DOCUMENT_XML,
};
use crate::text::span::Span;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;
use std::io::Cursor;

const TEXT_NS: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE_NS: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const OFFICE_NS: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const DRAW_NS: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";

/// The most times a repeated cell is read.
pub const MAX_REPEAT: usize = 64;

/// The part with the document's body.
const CONTENT: &str = "content.xml";

/// The media type an OpenDocument text stores first in its package.
const MIMETYPE_TEXT: &[u8] = b"application/vnd.oasis.opendocument.text";

/// Whether a zip archive is an OpenDocument package, by the `mimetype`
/// entry that the format stores first and uncompressed: the media type,
/// if so.
pub fn odf_mimetype(bytes: &[u8]) -> Option<&[u8]> {
    // A local file header is 30 bytes, then the name, then the data.
    let name = bytes.get(30..38)?;
    if name != b"mimetype" {
        return None;
    }
    let rest = bytes.get(38..)?;
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_graphic()))
        .unwrap_or(rest.len())
        .min(80);
    Some(&rest[..end])
}

/// Whether a zip archive is an OpenDocument *text* (not a spreadsheet or
/// a presentation).
pub fn is_odt(bytes: &[u8]) -> bool {
    odf_mimetype(bytes).is_some_and(|m| m.starts_with(MIMETYPE_TEXT))
}

/// Why an `.odt` could not be read: the errors of a `.docx`, and
/// [`OdtError::Encrypted`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OdtError {
    /// Saved with a password: its parts are encrypted.
    Encrypted,
    Read(DocxError),
}

impl From<DocxError> for OdtError {
    fn from(err: DocxError) -> OdtError {
        OdtError::Read(err)
    }
}

/// The body of an `.odt` and its tables, within `limits`.
pub fn extract(bytes: &[u8], limits: Limits) -> Result<(String, Vec<WordTable>), OdtError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DocxError::Corrupt(format!("not a readable zip archive: {e}")))?;
    if let Some(manifest) = read_part(&mut archive, "META-INF/manifest.xml", 1 << 20)? {
        if manifest.contains("encryption-data") {
            return Err(OdtError::Encrypted);
        }
    }
    let content = read_part(&mut archive, CONTENT, MAX_DOCUMENT_XML)?
        .ok_or_else(|| DocxError::Corrupt("the package has no content.xml".to_owned()))?;
    Ok(Body::new(Budget::new(limits)).read(&content)?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    OfficeText,
    Paragraph,
    Span,
    Spaces,
    Tab,
    LineBreak,
    Number,
    Skipped,
    Table,
    Row,
    Cell,
    CoveredCell,
}

fn name_of(resolved: &ResolveResult, local: &[u8]) -> Option<Name> {
    let ResolveResult::Bound(Namespace(ns)) = resolved else {
        return None;
    };
    Some(match (*ns, local) {
        (OFFICE_NS, b"text") => Name::OfficeText,
        (OFFICE_NS, b"annotation") => Name::Skipped,
        (TEXT_NS, b"p" | b"h") => Name::Paragraph,
        (TEXT_NS, b"span" | b"a") => Name::Span,
        (TEXT_NS, b"s") => Name::Spaces,
        (TEXT_NS, b"tab") => Name::Tab,
        (TEXT_NS, b"line-break") => Name::LineBreak,
        (TEXT_NS, b"number") => Name::Number,
        (TEXT_NS, b"note" | b"tracked-changes" | b"sequence-decls" | b"variable-decls") => {
            Name::Skipped
        }
        (DRAW_NS, _) => Name::Skipped,
        (TABLE_NS, b"table") => Name::Table,
        (TABLE_NS, b"table-row") => Name::Row,
        (TABLE_NS, b"table-cell") => Name::Cell,
        (TABLE_NS, b"covered-table-cell") => Name::CoveredCell,
        _ => return None,
    })
}

/// A table being read (only the outermost one makes a grid).
#[derive(Default)]
struct TableState {
    rows: Vec<Vec<WordCell>>,
    row: Vec<WordCell>,
    column: usize,
    /// The open cell: its text, columns spanned and repeats.
    cell: Option<(String, usize, usize)>,
}

struct Body {
    budget: Budget,
    out: String,
    tables: Vec<(Option<Span>, Vec<Vec<WordCell>>)>,
    last_line: Option<Span>,
    /// The paragraph being read (outside tables).
    paragraph: Option<String>,
    /// A list label (`text:number`) read before its paragraph began.
    label: String,
    in_number: bool,
    table: Option<TableState>,
    /// Tables open inside the outermost one.
    nested: usize,
}

impl Body {
    fn new(budget: Budget) -> Body {
        Body {
            budget,
            out: String::new(),
            tables: Vec::new(),
            last_line: None,
            paragraph: None,
            label: String::new(),
            in_number: false,
            table: None,
            nested: 0,
        }
    }

    /// Where text goes: the open cell, the paragraph or a list label.
    fn push(&mut self, text: &str) -> Result<(), DocxError> {
        let held = self.out.len() + self.label.len() + text.len();
        if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            self.budget.check_text(held + cell.0.len())?;
            cell.0.push_str(text);
        } else if let Some(p) = self.paragraph.as_mut() {
            self.budget.check_text(held + p.len())?;
            p.push_str(text);
        } else if self.in_number {
            self.budget.check_text(held)?;
            self.label.push_str(text);
        }
        Ok(())
    }

    fn start_paragraph(&mut self) -> Result<(), DocxError> {
        self.budget.take_paragraph()?;
        if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            if !cell.0.is_empty() {
                cell.0.push(' ');
            }
            return Ok(());
        }
        if self.paragraph.is_none() {
            self.paragraph = Some(std::mem::take(&mut self.label));
        }
        Ok(())
    }

    fn end_paragraph(&mut self) {
        if self.table.is_some() {
            return;
        }
        if let Some(text) = self.paragraph.take() {
            let start = self.out.len();
            self.out.push_str(&text);
            self.last_line = Some(Span::new(start, self.out.len()));
            self.out.push('\n');
        }
    }

    fn start_cell(&mut self, columns: usize, repeat: usize) -> Result<(), DocxError> {
        self.budget.take_table_cell()?;
        if let Some(table) = self.table.as_mut() {
            table.cell = Some((String::new(), columns, repeat));
        }
        Ok(())
    }

    fn end_cell(&mut self) -> Result<(), DocxError> {
        let Some(table) = self.table.as_mut() else {
            return Ok(());
        };
        let Some((text, span, repeat)) = table.cell.take() else {
            return Ok(());
        };
        let text = text.trim().to_owned();
        for k in 0..repeat {
            if k > 0 {
                self.budget.take_table_cell()?;
            }
            table.row.push(WordCell {
                text: text.clone(),
                column: table.column,
                span,
            });
            // The columns it spans are covered cells of their own, which
            // move the column on.
            table.column += 1;
        }
        Ok(())
    }

    fn read(mut self, xml: &str) -> Result<(String, Vec<WordTable>), DocxError> {
        let mut reader = NsReader::from_str(xml);
        let mut in_body = false;
        loop {
            let position = reader.buffer_position();
            let (resolved, event) = next_event(&mut reader, CONTENT)?;
            let (empty, start) = match &event {
                Event::Start(e) => (false, Some(e.clone())),
                Event::Empty(e) => (true, Some(e.clone())),
                _ => (false, None),
            };
            if let Some(e) = start {
                let Some(name) = name_of(&resolved, e.local_name().as_ref()) else {
                    continue;
                };
                if name == Name::OfficeText {
                    in_body = !empty;
                    continue;
                }
                if !in_body {
                    continue;
                }
                let number = |local: &[u8], max: usize| {
                    attribute(&e, local)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, max)
                };
                match name {
                    Name::Skipped if !empty => {
                        reader
                            .read_to_end(e.name())
                            .map_err(|err| xml_error(CONTENT, reader.buffer_position(), err))?;
                    }
                    Name::Paragraph => {
                        self.start_paragraph()?;
                        if empty {
                            self.end_paragraph();
                        }
                    }
                    Name::Span => self.budget.take_run()?,
                    Name::Spaces => {
                        let count = number(b"c", 1024);
                        self.push(&" ".repeat(count))?;
                    }
                    Name::Tab => self.push("\t")?,
                    Name::LineBreak => self.push(" ")?,
                    Name::Number => self.in_number = !empty,
                    Name::Table => {
                        if self.table.is_some() {
                            self.nested += usize::from(!empty);
                        } else if !empty {
                            self.end_paragraph();
                            self.table = Some(TableState {
                                column: 1,
                                ..TableState::default()
                            });
                        }
                    }
                    Name::Row if self.nested == 0 => {
                        if let Some(table) = self.table.as_mut() {
                            table.row = Vec::new();
                            table.column = 1;
                        }
                        if empty {
                            self.end_row();
                        }
                    }
                    Name::Cell if self.nested == 0 && self.table.is_some() => {
                        let columns = number(b"number-columns-spanned", 1024);
                        let repeat = number(b"number-columns-repeated", MAX_REPEAT);
                        self.start_cell(columns, repeat)?;
                        if empty {
                            self.end_cell()?;
                        }
                    }
                    Name::CoveredCell if self.nested == 0 => {
                        let repeat = number(b"number-columns-repeated", MAX_REPEAT);
                        if let Some(table) = self.table.as_mut() {
                            table.column += repeat;
                        }
                        if !empty {
                            reader
                                .read_to_end(e.name())
                                .map_err(|err| xml_error(CONTENT, reader.buffer_position(), err))?;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Eof => break,
                Event::DocType(_) => {
                    return Err(DocxError::Corrupt(format!(
                        "{CONTENT} declares a DTD, which office suites never write"
                    )))
                }
                Event::End(e) if in_body => match name_of(&resolved, e.local_name().as_ref()) {
                    Some(Name::OfficeText) => in_body = false,
                    Some(Name::Paragraph) => self.end_paragraph(),
                    Some(Name::Number) => self.in_number = false,
                    Some(Name::Cell) if self.nested == 0 => self.end_cell()?,
                    Some(Name::Row) if self.nested == 0 => self.end_row(),
                    Some(Name::Table) => {
                        if self.nested > 0 {
                            self.nested -= 1;
                        } else if let Some(table) = self.table.take() {
                            self.tables.push((self.last_line, table.rows));
                        }
                    }
                    _ => {}
                },
                Event::Text(text) if in_body => {
                    let text = text
                        .xml10_content()
                        .map_err(|e| xml_error(CONTENT, position, e))?;
                    self.push(&text)?;
                }
                Event::CData(text) if in_body => {
                    let text = text.decode().map_err(|e| xml_error(CONTENT, position, e))?;
                    self.push(&text)?;
                }
                Event::GeneralRef(reference) if in_body => {
                    let resolved = resolve_reference(&reference)?;
                    self.push(&resolved)?;
                }
                _ => {}
            }
        }
        self.end_paragraph();
        let tables = WordTable::anchored(&self.out, self.tables);
        Ok((self.out, tables))
    }

    fn end_row(&mut self) {
        if let Some(table) = self.table.as_mut() {
            let row = std::mem::take(&mut table.row);
            table.rows.push(row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn package(content: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(MIMETYPE_TEXT).unwrap();
        zip.start_file("content.xml", stored).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    fn content(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        )
    }

    #[test]
    fn paragraphs_headings_lists_and_spaces() {
        let bytes = package(&content(
            r#"<text:h text:outline-level="1">某局2023年法治政府建设年度报告</text:h><text:p/><text:p>一、<text:span>主要</text:span>举措<text:s text:c="2"/>a<text:tab/>b<text:line-break/>c</text:p><text:list><text:list-item><text:number>（一）</text:number><text:p>加强领导。<text:note><text:note-body><text:p>注释</text:p></text:note-body></text:note></text:p></text:list-item></text:list>"#,
        ));
        assert!(is_odt(&bytes));
        let (text, tables) = extract(&bytes, Limits::default()).unwrap();
        assert_eq!(
            text,
            "某局2023年法治政府建设年度报告\n\n一、主要举措  a\tb c\n（一）加强领导。\n"
        );
        assert!(tables.is_empty());
    }

    #[test]
    fn tables_with_spans() {
        let bytes = package(&content(
            r#"<text:p>见下表：</text:p><table:table><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>类别</text:p></table:table-cell><table:covered-table-cell/><table:table-cell table:number-rows-spanned="2"><text:p>合计</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>规章</text:p></table:table-cell><table:table-cell><text:p>0</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table><text:p>二、问题</text:p>"#,
        ));
        let (text, tables) = extract(&bytes, Limits::default()).unwrap();
        assert_eq!(text, "见下表：\n二、问题\n");
        assert_eq!(
            &text[tables[0].anchor.start..tables[0].anchor.end],
            "见下表："
        );
        let grid = &tables[0].grid;
        assert_eq!(grid[0].len(), 2);
        assert_eq!((grid[0][0].column, grid[0][0].span), (1, 2));
        assert_eq!((grid[0][1].text.as_str(), grid[0][1].column), ("合计", 3));
        assert_eq!(grid[1].len(), 2);
        assert_eq!(grid[1][1].text, "0");
    }

    #[test]
    fn bad_packages() {
        assert!(extract(b"PK\x03\x04garbage", Limits::default()).is_err());
        let bytes = package("<office:document-content");
        assert!(matches!(
            extract(&bytes, Limits::default()),
            Err(OdtError::Read(DocxError::Corrupt(_)))
        ));
        let limits = Limits::for_size_limit(16);
        let bytes = package(&content(&"<text:p>法治政府建设</text:p>".repeat(4)));
        assert!(matches!(
            extract(&bytes, limits),
            Err(OdtError::Read(DocxError::OverLimit { .. }))
        ));
    }
}
