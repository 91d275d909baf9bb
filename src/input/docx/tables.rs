//! A body table → a [`WordTable`] grid: each cell at its grid column with
//! its `gridSpan`, vertical merges, nested tables flattened into their cell.

use super::*;
use quick_xml::events::Event;
use quick_xml::NsReader;

/// A Word table's rows of cells.
pub(super) type Grid = Vec<Vec<WordCell>>;

/// Reads a `w:tbl` whose start tag was just read: its rows of cells. A
/// cell's paragraphs are joined with a space; deleted, hidden and drawn
/// text is left out as in the body; a table nested in a cell gives its
/// text to the cell. Every cell counts against
/// `budget`'s table cells, and the text (`text_bytes`, for all tables so
/// far) against its text limit.
pub(super) fn read_table(
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
        let (resolved, event) = next_event(reader, PART)?;
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
                Some(WName::GridSpan) if depth == 1 => span = grid_span(&e),
                Some(WName::VerticalMerge) if depth == 1 => continued = continues_merge(&e),
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
            Event::DocType(_) => return Err(document_dtd(PART)),
            _ => {}
        }
    }
    Ok(rows)
}

/// Adds text to a table cell within the text budget.
pub(super) fn push_cell_text(
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
