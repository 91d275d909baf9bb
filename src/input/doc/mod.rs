//! Word 97–2003 binary documents (`.doc`) and WPS documents in the same
//! container (`.wps`): the main text, one paragraph per line like a
//! `.docx` ([`super::docx`]), its tables as [`WordTable`] grids.
//!
//! The file is a compound file (read with the `cfb` crate). Its
//! `WordDocument` stream starts with the FIB, which says how long the main
//! text is, whether the file is encrypted and which table stream
//! (`0Table` or `1Table`) holds the rest ([`fib`]). The text is rebuilt
//! from the piece table of the `Clx`: runs of characters stored as
//! Windows-1252 bytes or UTF-16LE units somewhere in `WordDocument`.
//!
//! - Paragraph marks (`\r`) end lines; a cell mark (`\x07`) ends a table
//!   cell, or a row when the paragraph properties say it is the row's end
//!   (`fTtp`); the row's cell boundaries (`sprmTDefTable`) place its cells
//!   on the table's grid, with cells merged across as one cell and cells
//!   merged down left out of their row, as the `.docx` reader does. A
//!   paragraph in a cell adds its text to the cell; a table nested in a
//!   cell adds its text to that cell. Properties come from the paragraph
//!   FKPs ([`props`]).
//! - Fields (`\x13` code `\x14` result `\x15`) keep their result only;
//!   pictures, footnote and comment references and other special
//!   characters are left out; a line break (`\x0B`) is a space, a page or
//!   section break (`\x0C`) ends a paragraph that has text.
//! - Automatic list numbers are not in the text: a paragraph in a list
//!   (`sprmPIlfo`/`sprmPIlvl`, its own or its style's) gets the number
//!   Word shows written in front, from the list definitions ([`lists`]).
//!
//! Bounds: the streams are at most as large as the file (a chain longer
//! than the file is refused); every piece must lie inside `WordDocument`;
//! the text and what it makes are held to the `.docx` [`Budget`] (text,
//! paragraphs, table cells) as they are produced; each FKP page is parsed
//! once; lookups of paragraph properties are binary searches.

pub mod fib;
pub mod lists;
pub mod props;

use super::docx::{Budget, DocxError, Limits, WordCell, WordTable, OLE_MAGIC};
use crate::text::span::Span;
use fib::{Fib, Piece};
use props::{ParagraphRuns, Props, RowDef, Styles};
use std::io::{Cursor, Read};

/// Why a `.doc` or `.wps` could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocError {
    /// Not a compound file at all.
    NotCompound,
    /// A compound file without a Word document in it (a spreadsheet, a
    /// presentation, an old Works or WPS file).
    NotWord,
    /// Saved with a password (or obfuscated).
    Encrypted,
    Read(DocxError),
}

impl From<DocxError> for DocError {
    fn from(err: DocxError) -> DocError {
        DocError::Read(err)
    }
}

pub(crate) fn corrupt(what: &str) -> DocxError {
    DocxError::Corrupt(what.to_owned())
}

pub(crate) fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

pub(crate) fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Whether the bytes are a compound file with a Word document in it.
pub fn is_word_compound(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE_MAGIC)
        && cfb::CompoundFile::open(Cursor::new(bytes))
            .is_ok_and(|file| file.is_stream("/WordDocument"))
}

/// A stream of the compound file, refused when it claims more bytes than
/// the file has.
fn stream(
    file: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    most: usize,
) -> Result<Option<Vec<u8>>, DocxError> {
    if !file.is_stream(name) {
        return Ok(None);
    }
    let mut reader = file
        .open_stream(name)
        .map_err(|e| DocxError::Corrupt(format!("cannot open the stream {name}: {e}")))?;
    let mut out = Vec::new();
    (&mut reader)
        .take(most as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| DocxError::Corrupt(format!("cannot read the stream {name}: {e}")))?;
    if out.len() > most {
        return Err(DocxError::Corrupt(format!(
            "the stream {name} is larger than the file"
        )));
    }
    Ok(Some(out))
}

/// The main text of a `.doc` (or a `.wps` in the same container) and its
/// tables, within `limits`.
pub fn extract(bytes: &[u8], limits: Limits) -> Result<(String, Vec<WordTable>), DocError> {
    if !bytes.starts_with(OLE_MAGIC) {
        return Err(DocError::NotCompound);
    }
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| DocxError::Corrupt(format!("not a readable compound file: {e}")))?;
    let Some(word) = stream(&mut file, "/WordDocument", bytes.len())? else {
        return Err(DocError::NotWord);
    };
    let fib = Fib::read(&word)?;
    if fib.encrypted {
        return Err(DocError::Encrypted);
    }
    let table_name = if fib.table_1 { "/1Table" } else { "/0Table" };
    let table = stream(&mut file, table_name, bytes.len())?
        .ok_or_else(|| corrupt("the document has no table stream"))?;
    let clx = fib
        .part(&table, fib::CLX)?
        .ok_or_else(|| corrupt("the document has no piece table"))?;
    let pieces = fib::pieces(clx, fib.ccp_text, word.len())?;
    let runs = fib
        .part(&table, fib::PLCF_BTE_PAPX)
        .ok()
        .flatten()
        .map(|plc| ParagraphRuns::read(plc, &word))
        .unwrap_or_default();
    let styles = fib
        .part(&table, fib::STSHF)
        .ok()
        .flatten()
        .map(Styles::read)
        .unwrap_or_default();
    let lists = lists::Lists::read(
        fib.from_part(&table, fib::PLF_LST),
        fib.part(&table, fib::PLF_LFO).ok().flatten(),
    );
    let mut body = Body {
        budget: Budget::new(limits),
        runs: &runs,
        styles: &styles,
        lists,
        out: String::new(),
        held: 0,
        paragraph: String::new(),
        fields: Vec::new(),
        hidden: 0,
        last_line: None,
        table: None,
        tables: Vec::new(),
    };
    for piece in &pieces {
        body.piece(&word, piece)?;
    }
    body.finish()
}

/// A table being read: its finished rows (cells and definition), the open
/// row's cells and the open cell's text.
#[derive(Default)]
struct TableState {
    anchor: Option<Span>,
    rows: Vec<(Vec<String>, Option<Box<RowDef>>)>,
    row: Vec<String>,
    cell: String,
}

struct Body<'a> {
    budget: Budget,
    runs: &'a ParagraphRuns,
    styles: &'a Styles,
    lists: lists::Lists,
    out: String,
    /// Bytes of text held: the lines, the cells and the open paragraph.
    held: usize,
    /// The open paragraph's text.
    paragraph: String,
    /// Open fields, innermost last: whether each has reached its result.
    fields: Vec<bool>,
    /// Open fields still in their code.
    hidden: usize,
    last_line: Option<Span>,
    table: Option<TableState>,
    tables: Vec<WordTable>,
}

impl Body<'_> {
    fn piece(&mut self, word: &[u8], piece: &Piece) -> Result<(), DocError> {
        let count = (piece.cp_end - piece.cp_start) as usize;
        let start = piece.fc as usize;
        if piece.compressed {
            let bytes = word.get(start..start + count).unwrap_or_default();
            for (k, &b) in bytes.iter().enumerate() {
                let c = windows_1252(b);
                self.char(c, piece.fc + k as u32)?;
            }
        } else {
            let bytes = word.get(start..start + count * 2).unwrap_or_default();
            let units = bytes
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]));
            let mut k = 0u32;
            for c in char::decode_utf16(units) {
                let (c, width) = match c {
                    Ok(c) => (c, c.len_utf16() as u32),
                    Err(_) => (char::REPLACEMENT_CHARACTER, 1),
                };
                self.char(c, piece.fc + k * 2)?;
                k += width;
            }
        }
        Ok(())
    }

    fn char(&mut self, c: char, fc: u32) -> Result<(), DocError> {
        match c {
            '\u{13}' => {
                self.fields.push(false);
                self.hidden += 1;
            }
            '\u{14}' => {
                if let Some(in_result) = self.fields.last_mut() {
                    if !*in_result {
                        *in_result = true;
                        self.hidden -= 1;
                    }
                }
            }
            '\u{15}' => {
                if self.fields.pop() == Some(false) {
                    self.hidden -= 1;
                }
            }
            '\r' => self.end_paragraph(fc, false)?,
            '\u{07}' => self.end_paragraph(fc, true)?,
            '\u{0C}' if !self.paragraph.is_empty() => self.end_paragraph(fc, false)?,
            _ if self.hidden > 0 => {}
            '\t' => self.push('\t')?,
            '\u{0B}' => self.push(' ')?,
            '\u{1E}' => self.push('-')?,
            c if (c as u32) < 0x20 => {}
            c => self.push(c)?,
        }
        Ok(())
    }

    fn push(&mut self, c: char) -> Result<(), DocxError> {
        self.held += c.len_utf8();
        self.budget.check_text(self.held)?;
        self.paragraph.push(c);
        Ok(())
    }

    /// The number a list paragraph shows, from its own or its style's
    /// list properties.
    fn label(&mut self, props: &Props) -> Result<String, DocxError> {
        let (style_ilfo, style_ilvl) = self.styles.list(props.istd);
        let Some(ilfo) = props.ilfo.or(style_ilfo).filter(|&i| i != 0) else {
            return Ok(String::new());
        };
        let ilvl = props.ilvl.or(style_ilvl).unwrap_or(0);
        let label = self.lists.next(ilfo, ilvl).unwrap_or_default();
        self.held += label.len();
        self.budget.check_text(self.held)?;
        Ok(label)
    }

    /// A paragraph mark (`cell` for a cell mark) at file offset `fc`.
    fn end_paragraph(&mut self, fc: u32, cell: bool) -> Result<(), DocError> {
        self.budget.take_paragraph()?;
        let default = Props::default();
        let runs = self.runs;
        let props = runs.at(fc).unwrap_or(&default);
        let label = self.label(props)?;
        let text = std::mem::take(&mut self.paragraph);
        if cell || props.in_table() {
            let table = self.table.get_or_insert_with(|| TableState {
                anchor: self.last_line,
                ..TableState::default()
            });
            if cell && props.row_end {
                let row = std::mem::take(&mut table.row);
                table.rows.push((row, props.row.clone()));
                table.cell.clear();
                return Ok(());
            }
            let joined = format!("{label}{text}");
            let joined = joined.trim();
            if !joined.is_empty() {
                if !table.cell.is_empty() {
                    table.cell.push(' ');
                    self.held += 1;
                }
                table.cell.push_str(joined);
            }
            if cell {
                self.budget.take_table_cell()?;
                let text = std::mem::take(&mut table.cell);
                table.row.push(text);
            }
            self.budget.check_text(self.held)?;
            return Ok(());
        }
        self.close_table();
        let start = self.out.len();
        self.out.push_str(&label);
        self.out.push_str(&text);
        self.last_line = Some(Span::new(start, self.out.len()));
        self.out.push('\n');
        self.held += 1;
        self.budget.check_text(self.held)?;
        Ok(())
    }

    fn close_table(&mut self) {
        let Some(mut table) = self.table.take() else {
            return;
        };
        if !table.row.is_empty() {
            table.rows.push((std::mem::take(&mut table.row), None));
        }
        let grid = grid(table.rows);
        if grid.iter().any(|row| !row.is_empty()) {
            self.tables.push(WordTable {
                // Placed after the table's paragraph (see `finish`).
                anchor: table.anchor.unwrap_or(Span::new(usize::MAX, usize::MAX)),
                grid,
            });
        }
    }

    fn finish(mut self) -> Result<(String, Vec<WordTable>), DocError> {
        if !self.paragraph.is_empty() {
            let fc = u32::MAX;
            self.end_paragraph(fc, false)?;
        }
        self.close_table();
        let first_line = Span::new(0, self.out.find('\n').unwrap_or(self.out.len()));
        let mut tables = self.tables;
        for table in &mut tables {
            if table.anchor.start == usize::MAX {
                table.anchor = first_line;
            }
        }
        Ok((self.out, tables))
    }
}

/// The rows of a table on one grid: the columns are the distinct cell
/// boundaries of all its rows, as Word builds a `.docx`'s `w:tblGrid`.
fn grid(rows: Vec<(Vec<String>, Option<Box<RowDef>>)>) -> Vec<Vec<WordCell>> {
    let fits = |cells: &[String], def: &Option<Box<RowDef>>| {
        def.as_ref().is_some_and(|d| {
            d.boundaries.len() > cells.len() && d.boundaries.windows(2).all(|w| w[0] <= w[1])
        })
    };
    let mut bounds: Vec<i16> = rows
        .iter()
        .filter(|(cells, def)| fits(cells, def))
        .filter_map(|(_, def)| def.as_ref())
        .flat_map(|def| def.boundaries.iter().copied())
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let column = |b: i16| bounds.binary_search(&b).unwrap_or(0) + 1;
    let mut out = Vec::with_capacity(rows.len());
    for (cells, def) in rows {
        let mut row: Vec<WordCell> = Vec::with_capacity(cells.len());
        let placed = def.as_ref().filter(|_| fits(&cells, &def));
        for (k, text) in cells.into_iter().enumerate() {
            let Some(d) = placed else {
                row.push(WordCell::new(text, k + 1));
                continue;
            };
            if d.covered.get(k).copied().unwrap_or(false) {
                continue;
            }
            let first = column(d.boundaries[k]);
            let end = column(d.boundaries[k + 1]);
            if d.merged.get(k).copied().unwrap_or(false) {
                if let Some(previous) = row.last_mut() {
                    previous.span = end.saturating_sub(previous.column).max(1);
                    if !text.is_empty() {
                        previous.text.push(' ');
                        previous.text.push_str(&text);
                    }
                    continue;
                }
            }
            row.push(WordCell {
                text,
                column: first,
                span: end.saturating_sub(first).max(1),
            });
        }
        out.push(row);
    }
    out
}

/// A byte of a compressed piece: Windows-1252, as [MS-DOC] 2.4.1 maps it.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        b => char::from(b),
    }
}
