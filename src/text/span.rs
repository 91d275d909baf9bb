//! Byte spans into the decoded report text, and their translation into the
//! 1-based line/column positions (counted in characters) that users see.

use serde::Serialize;

/// A half-open byte range `[start, end)` into the decoded UTF-8 text.
/// Both ends always lie on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; an inverted range becomes empty at
    /// `start` rather than panicking.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text under this span. Returns "" instead of panicking if the span
    /// is out of range or not on character boundaries (never expected).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The same span shifted by `base` bytes (for spans found in a slice).
    pub fn offset_by(&self, base: usize) -> Span {
        Span::new(self.start + base, self.end + base)
    }
}

/// A 1-based position as shown to users: line number and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets to line/column positions. Lines end at `\n`; a `\r`
/// before it belongs to the line terminator, not to the line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the first character of each line.
    line_starts: Vec<usize>,
    /// `(byte offset, 0-based column)` every [`CHECKPOINT_BYTES`] inside
    /// long lines, so that a column is counted from the nearest checkpoint
    /// rather than from the start of a line that may be megabytes long (a
    /// report exported as one line).
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT_BYTES: usize = 256;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = Vec::new();
        for (line, &start) in line_starts.iter().enumerate() {
            let end = line_starts.get(line + 1).copied().unwrap_or(text.len());
            let (mut at, mut column) = (start, 0);
            while end - at > CHECKPOINT_BYTES {
                let next = floor_char_boundary(text, at + CHECKPOINT_BYTES);
                column += text[at..next].chars().count();
                checkpoints.push((next, column));
                at = next;
            }
        }
        LineIndex {
            line_starts,
            checkpoints,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    /// Byte span of a 0-based line's content, without its terminator.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.line_start(line);
        let mut end = self
            .line_starts
            .get(line + 1)
            .map(|&next| next - 1)
            .unwrap_or(text.len());
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// 1-based line and character column of a byte offset. Offsets past the
    /// end clamp to the end of the text.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let (from, column) = match self
            .checkpoints
            .partition_point(|&(at, _)| at <= offset)
            .checked_sub(1)
            .map(|i| self.checkpoints[i])
        {
            Some((at, column)) if at >= start => (at, column),
            _ => (start, 0),
        };
        let column = column + text[from..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

impl LineIndex {
    /// [`LineIndex::position`] of `offset`, counted on from `known`, the
    /// position of the earlier offset `from`, when it lies a short way
    /// ahead on the same line (the edits of a fix, a span's end after its
    /// start): no search, and only the characters in between are counted.
    pub fn position_after(
        &self,
        text: &str,
        (from, known): (usize, Position),
        offset: usize,
    ) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        match text.get(from..offset) {
            Some(between) if between.len() <= CHECKPOINT_BYTES && !between.contains('\n') => {
                Position {
                    line: known.line,
                    column: known.column + between.chars().count(),
                }
            }
            _ => self.position(text, offset),
        }
    }
}

/// The largest character boundary `<= offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "一、总则\n（一）学法\r\n2023年";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let offset = text.find("学法").unwrap();
        assert_eq!(
            index.position(text, offset),
            Position { line: 2, column: 4 }
        );
        let year = text.find("2023").unwrap();
        assert_eq!(index.position(text, year), Position { line: 3, column: 1 });
        assert_eq!(index.line_span(text, 1).text(text), "（一）学法");
    }

    #[test]
    fn columns_in_long_lines_count_every_character() {
        let line = "法治a".repeat(5000);
        let text = format!("标题\n{line}\r\n{line}");
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).step_by(997).chain([text.len()]) {
            let offset = floor_char_boundary(&text, offset);
            let start = index.line_start(index.line_of(offset));
            let expected = text[start..offset].chars().count() + 1;
            assert_eq!(index.position(&text, offset).column, expected, "{offset}");
        }
    }

    #[test]
    fn positions_counted_on_are_the_positions() {
        let text = format!(
            "标题\r\n{}\n\n短行，a\r\n{}",
            "法治a".repeat(300),
            "报告".repeat(100)
        );
        let index = LineIndex::new(&text);
        for from in (0..text.len()).step_by(7) {
            let known = index.position(&text, from);
            for offset in [
                from,
                from + 1,
                from + 3,
                from + 40,
                from + 255,
                from + 256,
                from + 300,
                from / 2,
                text.len() + 5,
            ] {
                assert_eq!(
                    index.position_after(&text, (from, known), offset),
                    index.position(&text, offset),
                    "{from} {offset}"
                );
            }
        }
    }

    #[test]
    fn out_of_range_offsets_clamp() {
        let text = "报告";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 99), Position { line: 1, column: 3 });
        assert_eq!(index.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(Span::new(1, 4).text(text), "");
    }
}
