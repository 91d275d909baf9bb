//! Where a finding's comment goes in `word/document.xml`, and writing the
//! comment range marks there.
//!
//! A span of the decoded text becomes two places in the XML: where
//! `w:commentRangeStart` goes and where `w:commentRangeEnd` (followed by
//! the run holding `w:commentReference`) goes. A place between two runs
//! needs nothing else; a place inside a run splits it: the run is closed,
//! the marks written, and a new run opened with a copy of the run's
//! `w:rPr`, so both halves look as the run did. A place inside a `w:t`
//! closes and reopens the `w:t` too (with `xml:space="preserve"`, so that
//! spaces at the cut are kept, and the original `w:t` gets it as well).

use super::map::{PieceKind, TextMap};
use crate::document::table::CellRef;
use crate::text::span::Span;

/// What a place is between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Between {
    /// Between runs (or at a paragraph's or cell's content edge).
    Runs,
    /// Between two children of run `run`.
    RunChildren { run: usize },
    /// Inside the character data of `w:t` `t` of run `run`.
    Text { run: usize, t: usize },
}

/// A place in `word/document.xml` where marks go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Byte offset into the XML.
    pub at: usize,
    pub between: Between,
    /// The namespace prefix of the WordprocessingML elements around it.
    pub prefix: String,
}

/// Where a comment starts and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub start: Place,
    pub end: Place,
}

/// How far an anchor looks for a paragraph that can hold marks (one that
/// is not an empty element `<w:p/>`): bounded, so that a document of empty
/// paragraphs costs a constant per finding.
const NEAREST: usize = 64;

fn prefix_of(name: &str) -> String {
    name.split_once(':')
        .map(|(prefix, _)| prefix.to_string())
        .unwrap_or_default()
}

impl TextMap {
    /// Where the comment of a finding labelled on `span` (and `cell`, a
    /// Word table's cell) goes. `None` only when the document has no
    /// paragraph with room for marks.
    pub fn anchor(&self, span: Span, cell: Option<CellRef>) -> Option<Anchor> {
        if let Some(anchor) = cell.and_then(|c| self.cell_anchor(c)) {
            return Some(anchor);
        }
        let (s, e) = (span.start, span.end);
        let first_line = self.line_of(s);
        let last_line = self.line_of(e.saturating_sub(1).max(s));
        if e <= s {
            return self.whole(first_line, first_line);
        }
        let (first, last) = (
            self.paragraphs.get(first_line)?,
            self.paragraphs.get(last_line)?,
        );
        if !first.mapped || !last.mapped {
            return self.whole(first_line, last_line);
        }
        let from = self.pieces.partition_point(|p| p.text.1 <= s);
        let to = self.pieces.partition_point(|p| p.text.0 < e);
        let covered = from < to && self.line_of(self.pieces[from].text.0) <= last_line;
        if !covered {
            return self.whole(first_line, last_line);
        }
        Some(Anchor {
            start: self.place_in_piece(from, s, true),
            end: self.place_in_piece(to - 1, e, false),
        })
    }

    /// The whole of paragraphs `first..=last` (or the nearest with room
    /// for marks, after them, else before, within [`NEAREST`] paragraphs).
    pub(super) fn whole(&self, first: usize, last: usize) -> Option<Anchor> {
        let with_room = |i: usize| {
            self.paragraphs
                .get(i)
                .and_then(|p| p.content.map(|c| (c, p)))
        };
        let (start, p) = with_room(first)
            .or_else(|| (first + 1..first.saturating_add(NEAREST)).find_map(with_room))
            .or_else(|| {
                (first.saturating_sub(NEAREST)..first)
                    .rev()
                    .find_map(with_room)
            })?;
        let end = with_room(last)
            .map(|(c, _)| c.1)
            .filter(|&end| end >= start.0)
            .unwrap_or(start.1);
        let prefix = prefix_of(&p.name);
        Some(Anchor {
            start: Place {
                at: start.0,
                between: Between::Runs,
                prefix: prefix.clone(),
            },
            end: Place {
                at: end,
                between: Between::Runs,
                prefix,
            },
        })
    }

    /// A Word table's cell, from the start of its first paragraph to the
    /// end of its last.
    fn cell_anchor(&self, at: CellRef) -> Option<Anchor> {
        let row = self.tables.get(at.table)?.get(at.row.checked_sub(1)?)?;
        let cell = row.iter().find(|c| !c.continued && c.column == at.column)?;
        let (start, end) = cell.content?;
        let prefix = prefix_of(&cell.name);
        Some(Anchor {
            start: Place {
                at: start,
                between: Between::Runs,
                prefix: prefix.clone(),
            },
            end: Place {
                at: end,
                between: Between::Runs,
                prefix,
            },
        })
    }

    /// The place at text offset `offset` in piece `index`: its start side
    /// (`is_start`: the first character from there on is commented) or its
    /// end side.
    fn place_in_piece(&self, index: usize, offset: usize, is_start: bool) -> Place {
        let piece = self.pieces[index];
        let at = match piece.kind {
            PieceKind::Verbatim => {
                let offset = offset.clamp(piece.text.0, piece.text.1);
                piece.xml.0 + (offset - piece.text.0)
            }
            // Not byte for byte: only its ends are places.
            PieceKind::Escaped | PieceKind::Element if is_start => piece.xml.0,
            PieceKind::Escaped | PieceKind::Element => piece.xml.1,
        };
        let run = &self.runs[piece.run];
        let prefix = prefix_of(&run.name);
        let between_children = |at: usize| {
            if at <= run.inner_start {
                (run.start, Between::Runs)
            } else if at >= run.inner_end {
                (run.end, Between::Runs)
            } else {
                (at, Between::RunChildren { run: piece.run })
            }
        };
        let (at, between) = match piece.t.and_then(|t| self.texts.get(t).map(|e| (t, e))) {
            Some((_, t)) if at <= t.start_tag.1 => between_children(t.start_tag.0),
            Some((_, t)) if at >= t.end_tag.0 => between_children(t.end_tag.1),
            Some((t, _)) => (at, Between::Text { run: piece.run, t }),
            None => between_children(at),
        };
        Place {
            at,
            between,
            prefix,
        }
    }
}

/// One comment's marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    pub id: u64,
    pub anchor: Anchor,
}

/// `word/document.xml` with the comment range marks of `marked` written
/// in, runs split where a mark falls inside one. `namespace` is the
/// WordprocessingML namespace, declared on a mark whose place has no
/// prefix. One pass over the XML after sorting the places.
pub fn write_marks(xml: &str, map: &TextMap, marked: &[Marked], namespace: &str) -> String {
    // (place, order at the same offset, id, is start)
    let mut marks: Vec<(&Place, u8, u64, bool)> = Vec::with_capacity(marked.len() * 2);
    for m in marked {
        let (start, end) = (&m.anchor.start, &m.anchor.end);
        marks.push((start, 1, m.id, true));
        // An end at a place where the comment also starts goes after the
        // start; an end of an earlier range goes before new starts.
        let order = if end.at > start.at { 0 } else { 2 };
        marks.push((end, order, m.id, false));
    }
    marks.sort_by_key(|&(place, order, id, _)| (place.at, order, id));
    // Original `w:t` start tags that a split needs to keep spaces.
    let mut preserve: Vec<usize> = marks
        .iter()
        .filter_map(|(place, ..)| match place.between {
            Between::Text { t, .. } => Some(t),
            _ => None,
        })
        .collect();
    preserve.sort_unstable();
    preserve.dedup();
    let mut edits: Vec<(usize, String)> = preserve
        .into_iter()
        .filter_map(|t| {
            let tag = map.texts.get(t)?;
            let source = xml.get(tag.start_tag.0..tag.start_tag.1)?;
            (!source.contains("xml:space") && source.ends_with('>') && !source.ends_with("/>"))
                .then(|| (tag.start_tag.1 - 1, r#" xml:space="preserve""#.to_string()))
        })
        .collect();
    let mut i = 0;
    while i < marks.len() {
        let at = marks[i].0.at;
        let mut j = i;
        while j < marks.len() && marks[j].0.at == at {
            j += 1;
        }
        let group = &marks[i..j];
        let between = group
            .iter()
            .map(|(place, ..)| place.between)
            .find(|b| *b != Between::Runs)
            .unwrap_or(Between::Runs);
        let mut out = String::new();
        let (open, close) = split_tags(xml, map, between);
        out.push_str(&close);
        for &(place, _, id, is_start) in group {
            let (p, declare) = match place.prefix.as_str() {
                "" => ("w", format!(r#" xmlns:w="{namespace}""#)),
                prefix => (prefix, String::new()),
            };
            if is_start {
                out.push_str(&format!(
                    r#"<{p}:commentRangeStart{declare} {p}:id="{id}"/>"#
                ));
            } else {
                out.push_str(&format!(
                    r#"<{p}:commentRangeEnd{declare} {p}:id="{id}"/><{p}:r{declare}><{p}:commentReference {p}:id="{id}"/></{p}:r>"#
                ));
            }
        }
        out.push_str(&open);
        edits.push((at, out));
        i = j;
    }
    edits.sort_by_key(|(at, _)| *at);
    let extra: usize = edits.iter().map(|(_, s)| s.len()).sum();
    let mut result = String::with_capacity(xml.len() + extra);
    let mut last = 0;
    for (at, insert) in edits {
        // Places are char boundaries by construction; a stray one is
        // left out rather than cut a character.
        if at < last || !xml.is_char_boundary(at) {
            continue;
        }
        result.push_str(&xml[last..at]);
        result.push_str(&insert);
        last = at;
    }
    result.push_str(&xml[last..]);
    result
}

/// What reopens and what closes the elements a place is inside: the run
/// (with a copy of its properties) and the `w:t`.
fn split_tags(xml: &str, map: &TextMap, between: Between) -> (String, String) {
    let run_tags = |run: usize| {
        let run = &map.runs[run];
        let properties = run
            .properties
            .and_then(|(s, e)| xml.get(s..e))
            .unwrap_or_default();
        (
            format!("<{}>{properties}", run.name),
            format!("</{}>", run.name),
        )
    };
    match between {
        Between::Runs => (String::new(), String::new()),
        Between::RunChildren { run } => run_tags(run),
        Between::Text { run, t } => {
            let (open_run, close_run) = run_tags(run);
            let name = &map.texts[t].name;
            (
                format!(r#"{open_run}<{name} xml:space="preserve">"#),
                format!("</{name}>{close_run}"),
            )
        }
    }
}
