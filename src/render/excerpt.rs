//! A miette `SourceCode` holding only the lines a finding labels, each
//! clipped around its labels. Reports exported as one 10,000-character line
//! would otherwise print the whole report under every diagnostic. Line
//! numbers and columns stay those of the real text.

use crate::finding::Label;
use crate::text::span::{LineIndex, Span};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Characters of context kept on each side of a label.
const CONTEXT_CHARS: usize = 12;
/// Longest stretch of a label shown before it is cut short.
const MAX_LABEL_CHARS: usize = 30;

/// A piece of an original line shown in the excerpt.
#[derive(Debug)]
struct Segment {
    original: Span,
    /// Offset of the piece in `Excerpt::text`.
    at: usize,
    /// 0-based character column of the piece in its original line.
    column: usize,
}

#[derive(Debug)]
struct ExcerptLine {
    /// Offset of the line in `Excerpt::text`.
    start: usize,
    end: usize,
    /// 0-based line number in the report.
    line: usize,
    segments: Vec<Segment>,
}

#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    lines: Vec<ExcerptLine>,
}

impl Excerpt {
    /// Builds the excerpt and returns the labels remapped onto it.
    pub fn new(
        name: &str,
        text: &str,
        index: &LineIndex,
        labels: &[Label],
    ) -> (Excerpt, Vec<(SourceSpan, String)>) {
        let mut line_numbers: Vec<usize> =
            labels.iter().map(|l| index.line_of(l.span.start)).collect();
        line_numbers.sort();
        line_numbers.dedup();
        let mut excerpt = Excerpt {
            name: name.to_string(),
            text: String::new(),
            lines: Vec::new(),
        };
        for &line in &line_numbers {
            let line_span = index.line_span(text, line);
            let mut windows: Vec<Span> = labels
                .iter()
                .filter(|l| index.line_of(l.span.start) == line)
                .map(|l| {
                    let label = clip_label(text, l.span, line_span);
                    Span::new(
                        back_chars(text, label.start, CONTEXT_CHARS).max(line_span.start),
                        forward_chars(text, label.end, CONTEXT_CHARS).min(line_span.end),
                    )
                })
                .collect();
            windows.sort();
            let mut merged: Vec<Span> = Vec::new();
            for w in windows {
                match merged.last_mut() {
                    Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
                    _ => merged.push(w),
                }
            }
            let start = excerpt.text.len();
            let mut segments = Vec::new();
            for (i, w) in merged.iter().enumerate() {
                if w.start > line_span.start || i > 0 {
                    excerpt.text.push('…');
                }
                segments.push(Segment {
                    original: *w,
                    at: excerpt.text.len(),
                    column: text[line_span.start..w.start].chars().count(),
                });
                excerpt.text.push_str(w.text(text));
            }
            if merged.last().is_some_and(|w| w.end < line_span.end) {
                excerpt.text.push('…');
            }
            let end = excerpt.text.len();
            excerpt.text.push('\n');
            excerpt.lines.push(ExcerptLine {
                start,
                end,
                line,
                segments,
            });
        }
        let mapped = labels
            .iter()
            .map(|l| {
                let line_span = index.line_span(text, index.line_of(l.span.start));
                (
                    excerpt.map(clip_label(text, l.span, line_span)),
                    l.text.clone(),
                )
            })
            .collect();
        (excerpt, mapped)
    }

    /// Maps an original span (single line, inside a window) into the excerpt.
    fn map(&self, span: Span) -> SourceSpan {
        for line in &self.lines {
            for segment in &line.segments {
                let original = segment.original;
                if original.start <= span.start && span.start <= original.end {
                    let start = segment.at + (span.start - original.start);
                    let end = segment.at + (span.end.min(original.end) - original.start);
                    return SourceSpan::new(start.into(), end - start);
                }
            }
        }
        SourceSpan::new(0.into(), 0)
    }

    /// Original column (0-based, in characters) of an excerpt offset.
    fn column_of(&self, line: &ExcerptLine, offset: usize) -> usize {
        line.segments
            .iter()
            .find(|seg| offset >= seg.at && offset <= seg.at + seg.original.len())
            .map(|seg| seg.column + self.text[seg.at..offset].chars().count())
            .unwrap_or(0)
    }
}

/// Long labels (a whole heading) are shown by their start only.
fn clip_label(text: &str, span: Span, line_span: Span) -> Span {
    let end = span.end.min(line_span.end).max(span.start);
    let end = forward_chars(text, span.start, MAX_LABEL_CHARS).min(end);
    Span::new(span.start, end)
}

fn back_chars(text: &str, offset: usize, n: usize) -> usize {
    text[..offset]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map(|(i, _)| i)
        .unwrap_or(offset)
}

fn forward_chars(text: &str, offset: usize, n: usize) -> usize {
    text[offset..]
        .char_indices()
        .nth(n)
        .map(|(i, _)| offset + i)
        .unwrap_or(text.len())
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (from, to) = (span.offset(), span.offset() + span.len());
        let touched: Vec<&ExcerptLine> = self
            .lines
            .iter()
            .filter(|l| l.start <= to && from <= l.end)
            .collect();
        let (Some(first), Some(last)) = (touched.first(), touched.last()) else {
            return Err(MietteError::OutOfBounds);
        };
        let data = &self.text[first.start..last.end];
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data.as_bytes(),
            SourceSpan::new(first.start.into(), last.end - first.start),
            first.line,
            self.column_of(first, from),
            touched.len(),
        )))
    }
}
