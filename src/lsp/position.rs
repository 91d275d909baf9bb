//! LSP positions: a 0-based line and a character offset counted in the
//! code units the client and server agreed on (`positionEncoding`: UTF-16
//! unless the client offers UTF-8 or UTF-32). rl-lint's spans are byte
//! offsets into UTF-8 text; this module converts both ways. Lines end at
//! `\n`, `\r\n` or a lone `\r`, as the protocol says.

use crate::text::index::Columns;
use crate::text::span::Span;
use lsp_types::{Position, PositionEncodingKind, Range};

/// The unit of `Position::character`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// The protocol's default.
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The server's choice among the encodings the client offers, in its
    /// order of preference: UTF-8 (no conversion) when offered, else UTF-16,
    /// which every client must support.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or(&[]);
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// How many units `text` takes.
    pub fn measure(self, text: &str) -> usize {
        match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => text.chars().count(),
        }
    }
}

/// The start of every line of one text, for converting positions: a
/// binary search for the line, and the text index's [`Columns`] for the
/// column, so that a position costs O(log n) and a few KB of counting
/// whatever the line's length (a report pasted as one line).
#[derive(Debug, Clone)]
pub struct LineMap {
    /// Byte offset of each line's first character.
    starts: Vec<usize>,
    /// Byte offset where each line's content ends (before its terminator).
    ends: Vec<usize>,
    /// UTF-16 and character columns inside long lines.
    columns: Columns,
}

impl LineMap {
    pub fn new(text: &str) -> LineMap {
        let mut starts = vec![0];
        let mut ends = Vec::new();
        scan_lines(text, 0, text.len(), &mut starts, &mut ends);
        ends.push(text.len());
        let columns = Columns::new(text, starts.iter().copied());
        LineMap {
            starts,
            ends,
            columns,
        }
    }

    /// Follows an edit of the text it maps: `old` (bytes of the text
    /// before) was replaced by `inserted` bytes, and `text` is the text
    /// after. Only the lines the edit touches (and one on each side, where
    /// a `\r` and a `\n` may join or part) are scanned again; the lines
    /// after them move. O(those lines + the number of lines), never a
    /// rescan of the whole text per change.
    pub fn edit(&mut self, text: &str, old: Span, inserted: usize) {
        let old_len = (text.len() + old.len()).saturating_sub(inserted);
        let line_of = |starts: &[usize], offset: usize| match starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let lo = line_of(&self.starts, old.start.min(old_len)).saturating_sub(1);
        let hi = (line_of(&self.starts, old.end.min(old_len)) + 1).min(self.starts.len() - 1);
        let region_start = self.starts[lo];
        let has_tail = hi + 1 < self.starts.len();
        let old_region_end = if has_tail {
            self.starts[hi + 1]
        } else {
            old_len
        };
        let new_region_end = old_region_end + inserted - old.len();
        let mut starts = vec![region_start];
        let mut ends = Vec::new();
        scan_lines(text, region_start, new_region_end, &mut starts, &mut ends);
        if has_tail {
            // The last line's terminator ends the stretch: the next start
            // is the tail's.
            starts.pop();
        } else {
            ends.push(text.len());
        }
        let moved = |at: usize| at - old_region_end + new_region_end;
        let tail_starts: Vec<usize> = self.starts[hi + 1..].iter().map(|&a| moved(a)).collect();
        let tail_ends: Vec<usize> = self.ends[hi + 1..].iter().map(|&a| moved(a)).collect();
        self.columns.splice(
            text,
            Span::new(region_start, old_region_end),
            new_region_end,
            &starts[1..],
        );
        self.starts.truncate(lo);
        self.starts.extend(starts);
        self.starts.extend(tail_starts);
        self.ends.truncate(lo);
        self.ends.extend(ends);
        self.ends.extend(tail_ends);
    }

    /// The position of byte `offset`; an offset inside a character counts
    /// from that character's start, one past the end is the end.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let start = self.starts[line];
        // An offset within a `\r\n` terminator stays at the line's end.
        let end = offset.min(self.ends[line]).max(start);
        let column = match encoding {
            Encoding::Utf8 => end - start,
            Encoding::Utf16 => self.columns.column(text, start, end).utf16,
            Encoding::Utf32 => self.columns.column(text, start, end).chars,
        };
        Position::new(line as u32, column as u32)
    }

    pub fn range(&self, text: &str, span: Span, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, span.start, encoding),
            self.position(text, span.end, encoding),
        )
    }

    /// The byte offset of `position`. As the protocol asks, a line past
    /// the end means the end of the text, and a character past the end of
    /// its line means the line's end; a position inside a character (half
    /// of a surrogate pair) falls back to that character's start.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let (start, end) = (self.starts[line], self.ends[line]);
        let units = position.character as usize;
        match encoding {
            Encoding::Utf8 if units >= end - start => end,
            Encoding::Utf8 => floor_char_boundary(text, start + units),
            Encoding::Utf16 => self
                .columns
                .offset_at(text, Span::new(start, end), units, false),
            Encoding::Utf32 => self
                .columns
                .offset_at(text, Span::new(start, end), units, true),
        }
    }

    pub fn span(&self, text: &str, range: Range, encoding: Encoding) -> Span {
        Span::new(
            self.offset(text, range.start, encoding),
            self.offset(text, range.end, encoding),
        )
    }
}

/// The line terminators of `text[from..to]`: pushes the end of each line
/// that ends there and the start of the line after it (`\n`, `\r\n` or a
/// lone `\r`).
fn scan_lines(text: &str, from: usize, to: usize, starts: &mut Vec<usize>, ends: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < to {
        match bytes[i] {
            b'\n' => {
                ends.push(i);
                starts.push(i + 1);
            }
            b'\r' => {
                ends.push(i);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                starts.push(i + 1);
            }
            _ => {}
        }
        i += 1;
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn counts_utf16_code_units_outside_the_bmp() {
        // 𠀀 (U+20000) is 4 bytes, 2 UTF-16 units, 1 character.
        let text = "一𠀀二\n𠀀,三";
        let map = LineMap::new(text);
        let comma = text.find(',').expect("comma");
        assert_eq!(map.position(text, comma, Encoding::Utf16), pos(1, 2));
        assert_eq!(map.position(text, comma, Encoding::Utf8), pos(1, 4));
        assert_eq!(map.position(text, comma, Encoding::Utf32), pos(1, 1));
        let er = text.find('二').expect("二");
        assert_eq!(map.position(text, er, Encoding::Utf16), pos(0, 3));
        assert_eq!(map.position(text, er, Encoding::Utf8), pos(0, 7));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (offset, _) in text.char_indices() {
                let p = map.position(text, offset, encoding);
                if text[offset..].starts_with('\n') {
                    continue;
                }
                assert_eq!(map.offset(text, p, encoding), offset, "{encoding:?} {p:?}");
            }
        }
    }

    #[test]
    fn a_position_inside_a_character_falls_back_to_its_start() {
        let text = "𠀀a";
        let map = LineMap::new(text);
        // Between the two halves of the surrogate pair.
        assert_eq!(map.offset(text, pos(0, 1), Encoding::Utf16), 0);
        assert_eq!(map.offset(text, pos(0, 2), Encoding::Utf16), 4);
        // Inside the UTF-8 bytes of the character.
        assert_eq!(map.offset(text, pos(0, 3), Encoding::Utf8), 0);
        // A byte offset inside a character counts from its start.
        assert_eq!(map.position(text, 2, Encoding::Utf16), pos(0, 0));
    }

    #[test]
    fn clamps_past_the_end_of_a_line_and_of_the_text() {
        let text = "甲乙\r\n丙\r丁";
        let map = LineMap::new(text);
        assert_eq!(map.offset(text, pos(0, 99), Encoding::Utf16), "甲乙".len());
        assert_eq!(
            map.offset(text, pos(1, 0), Encoding::Utf16),
            "甲乙\r\n".len()
        );
        // A lone `\r` ends a line too.
        assert_eq!(
            map.offset(text, pos(2, 0), Encoding::Utf16),
            "甲乙\r\n丙\r".len()
        );
        assert_eq!(map.offset(text, pos(9, 0), Encoding::Utf16), text.len());
        assert_eq!(map.position(text, text.len(), Encoding::Utf16), pos(2, 1));
        // The `\n` of `\r\n` belongs to the end of line 0.
        assert_eq!(
            map.position(text, "甲乙\r".len(), Encoding::Utf16),
            pos(0, 2)
        );
        assert_eq!(map.position(text, 999, Encoding::Utf16), pos(2, 1));
    }

    #[test]
    fn spans_and_ranges_round_trip() {
        let text = "标题\n正文,𠀀正文。\n";
        let map = LineMap::new(text);
        let start = text.find(',').expect("comma");
        let span = Span::new(start, start + 1);
        let range = map.range(text, span, Encoding::Utf16);
        assert_eq!(range, Range::new(pos(1, 2), pos(1, 3)));
        assert_eq!(map.span(text, range, Encoding::Utf16), span);
    }

    #[test]
    fn long_lines_convert_as_short_ones_do() {
        // Past several of the index's checkpoints, with characters of
        // one, two and four UTF-8 bytes.
        let text = format!("{}\r\n尾", "a甲𠀀，".repeat(3000));
        let map = LineMap::new(&text);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (offset, _) in text.char_indices().step_by(7) {
                let second = text.find('\n').unwrap() + 1;
                let line_start = if offset >= second { second } else { 0 };
                let end = offset.min(text.find('\r').unwrap().max(line_start));
                let expected = encoding.measure(&text[line_start..end.max(line_start)]);
                let p = map.position(&text, offset, encoding);
                assert_eq!(p.character as usize, expected, "{encoding:?} {offset}");
                if !text[offset..].starts_with(['\r', '\n']) {
                    assert_eq!(map.offset(&text, p, encoding), offset, "{encoding:?} {p:?}");
                }
            }
        }
    }

    /// The map after edits is the map of the text after them.
    #[test]
    fn edits_keep_the_map_of_the_text() {
        fn same(a: &LineMap, b: &LineMap) -> bool {
            a.starts == b.starts
                && a.ends == b.ends
                && a.columns.checkpoints() == b.columns.checkpoints()
        }
        let pieces = ["\r", "\n", "\r\n", "甲", "a", "𠀀", "，", ""];
        let long = "乙a𠀀".repeat(1500);
        let mut text = format!("首\r\n{long}\r中\n\n{long}\n尾\r");
        let mut map = LineMap::new(&text);
        // A fixed pseudo-random walk: starts, lengths and insertions.
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        for round in 0..400 {
            let start = floor_char_boundary(&text, next(text.len() + 1));
            let end = floor_char_boundary(&text, (start + next(12)).min(text.len()));
            let inserted: String = (0..next(4)).map(|_| pieces[next(pieces.len())]).collect();
            let inserted = if round % 50 == 0 {
                long.clone()
            } else {
                inserted
            };
            text.replace_range(start..end, &inserted);
            map.edit(&text, Span::new(start, end), inserted.len());
            assert!(
                same(&map, &LineMap::new(&text)),
                "round {round}: {start}..{end} {inserted:?}"
            );
        }
    }

    #[test]
    fn prefers_utf8_and_defaults_to_utf16() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
        assert_eq!(
            Encoding::negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Encoding::Utf8
        );
    }
}
