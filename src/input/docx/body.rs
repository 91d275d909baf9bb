//! `word/document.xml`'s body → text, one line per paragraph, with the
//! automatic numbers written in front and the tables read as grids.

use super::numbering::{Counters, NumberingRef};
use super::tables::{read_table, Grid};
use super::*;
use crate::text::span::Span;
use quick_xml::events::{BytesStart, Event};
use quick_xml::NsReader;

/// A paragraph being read.
#[derive(Debug, Default)]
pub(super) struct Paragraph {
    pub(super) text: String,
    pub(super) style: Option<String>,
    pub(super) numbering: NumberingRef,
}

/// Reads `word/document.xml`.
pub(super) struct Body<'a> {
    pub(super) numbering: &'a Numbering,
    pub(super) styles: &'a Styles,
    pub(super) counters: Counters,
    pub(super) budget: Budget,
    pub(super) out: String,
    /// Bytes of table text read so far: held, with the body text, to the
    /// text budget.
    pub(super) table_text: usize,
    /// Where the last paragraph written starts, to place tables.
    pub(super) last_line: Option<usize>,
    /// Tables read, with the paragraph they are placed at (`None`: none
    /// before them; they go to the next one).
    pub(super) tables: Vec<(Option<Span>, Grid)>,
}

impl<'a> Body<'a> {
    pub(super) fn new(numbering: &'a Numbering, styles: &'a Styles, budget: Budget) -> Self {
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
    pub(super) fn push_text(&self, paragraph: &mut Paragraph, text: &str) -> Result<(), DocxError> {
        self.budget
            .check_text(self.out.len() + paragraph.text.len() + text.len())?;
        paragraph.text.push_str(text);
        Ok(())
    }

    pub(super) fn read(mut self, xml: &str) -> Result<(String, Vec<WordTable>), DocxError> {
        const PART: &str = "word/document.xml";
        let mut reader = NsReader::from_str(xml);
        let mut paragraph: Option<Paragraph> = None;
        let mut in_body = false;
        let (mut in_properties, mut in_numbering, mut in_run_properties) = (false, false, false);
        let mut in_text = false;
        let mut run_hidden = false;
        loop {
            let position = reader.buffer_position();
            let (resolved, event) = next_event(&mut reader, PART)?;
            let name = |e: &BytesStart| w_name(&resolved, e.local_name().as_ref());
            match event {
                Event::Eof => break,
                Event::DocType(_) => return Err(document_dtd(PART)),
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
        let tables = WordTable::anchored(&self.out, self.tables);
        Ok((self.out, tables))
    }

    /// What an empty element (or the start of one that has no text of its
    /// own) adds to the paragraph being read.
    pub(super) fn empty_element(
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
    pub(super) fn finish(&mut self, paragraph: Paragraph) -> Result<(), DocxError> {
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
