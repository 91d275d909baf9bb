//! The text index of one report, built once in one pass and read by every
//! later stage: where lines start (and the character and UTF-16 columns
//! inside them, see [`LineIndex`]) and where each punctuation mark that
//! ends a sentence or a clause is.
//!
//! Every question a stage asks about the text *around* a place — which
//! line, which column, which sentence or clause — is a binary search here
//! (O(log n)), never a scan from the place to the nearest boundary: such a
//! scan, repeated for each match of a long paragraph without a stop, is
//! quadratic in the paragraph's length.
//!
//! The document model builds it ([`crate::document::Document::index`]) and
//! the engine hands it on in [`crate::engine::Checked`], so that the
//! renderers and the editors' protocols count positions with it too.
//! Paragraph bounds are the document model's blocks
//! ([`crate::document::Document::block_at`]), in text order.

use crate::text::span::{LineIndex, Position, Span};

/// The marks the index records: the sentence ends, the clause marks any
/// check kind stops at, and the line break.
pub const MARK_CHARS: [char; 13] = [
    '。', '！', '？', '；', '!', '?', ';', '，', ',', '、', '：', ':', '\n',
];

/// A set of [`MARK_CHARS`], as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Marks(u16);

impl Marks {
    /// The marks among `chars`. A character that the index does not record
    /// is a programming error: in a constant, it fails to compile.
    pub const fn of(chars: &[char]) -> Marks {
        let mut bits = 0u16;
        let mut i = 0;
        while i < chars.len() {
            bits |= 1 << mark_index(chars[i]);
            i += 1;
        }
        Marks(bits)
    }

    /// The recorded marks for which `is_mark` holds.
    pub fn matching(is_mark: impl Fn(char) -> bool) -> Marks {
        let mut bits = 0u16;
        for (i, &c) in MARK_CHARS.iter().enumerate() {
            if is_mark(c) {
                bits |= 1 << i;
            }
        }
        Marks(bits)
    }

    pub fn contains(self, c: char) -> bool {
        MARK_CHARS
            .iter()
            .position(|&m| m == c)
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }

    fn indices(self) -> impl Iterator<Item = usize> {
        (0..MARK_CHARS.len()).filter(move |i| self.0 & (1 << i) != 0)
    }
}

/// Not a mark, in the tables below.
const NO_MARK: u8 = u8::MAX;

/// The mark index of each ASCII byte, or [`NO_MARK`].
const ASCII_MARKS: [u8; 128] = {
    let mut table = [NO_MARK; 128];
    let mut i = 0;
    while i < MARK_CHARS.len() {
        let c = MARK_CHARS[i] as u32;
        if c < 0x80 {
            table[c as usize] = i as u8;
        }
        i += 1;
    }
    table
};

/// How many of [`MARK_CHARS`] are not ASCII; each is three bytes long
/// (a constant assertion below).
const WIDE_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < MARK_CHARS.len() {
        let len = MARK_CHARS[i].len_utf8();
        assert!(len == 1 || len == 3, "marks are ASCII or three bytes long");
        n += (len == 3) as usize;
        i += 1;
    }
    n
};

/// The UTF-8 bytes of each mark that is not ASCII, with its index: the
/// index finds them by comparing three bytes, without decoding.
const WIDE_MARKS: [([u8; 3], u8); WIDE_COUNT] = {
    let mut table = [([0u8; 3], 0u8); WIDE_COUNT];
    let (mut i, mut n) = (0, 0);
    while i < MARK_CHARS.len() {
        let c = MARK_CHARS[i] as u32;
        if c >= 0x80 {
            table[n] = (
                [
                    0xE0 | (c >> 12) as u8,
                    0x80 | ((c >> 6) & 0x3F) as u8,
                    0x80 | (c & 0x3F) as u8,
                ],
                i as u8,
            );
            n += 1;
        }
        i += 1;
    }
    table
};

/// Which three-byte lead bytes (by their low four bits) start a mark:
/// the characters of any other lead are passed over unread.
const WIDE_LEADS: [bool; 16] = {
    let mut leads = [false; 16];
    let mut i = 0;
    while i < WIDE_COUNT {
        leads[(WIDE_MARKS[i].0[0] & 0x0F) as usize] = true;
        i += 1;
    }
    leads
};

const fn mark_index(c: char) -> usize {
    let mut i = 0;
    while i < MARK_CHARS.len() {
        if MARK_CHARS[i] == c {
            return i;
        }
        i += 1;
    }
    panic!("not a mark the text index records")
}

/// The marks that end a sentence (see [`crate::text::sentence::SENTENCE_ENDS`]).
pub const SENTENCE_END: Marks = Marks::of(crate::text::sentence::SENTENCE_ENDS);

/// Line starts, columns and marks of one text. Offsets are bytes into the
/// text it was built from; lookups take that text again where they need
/// to count characters (at most [`crate::text::span`]'s checkpoint
/// distance of them).
#[derive(Debug, Clone)]
pub struct TextIndex {
    lines: LineIndex,
    /// For each of [`MARK_CHARS`], the byte offsets where it occurs,
    /// ascending.
    marks: Vec<Vec<usize>>,
    /// UTF-16 columns of the lines, for the protocols that count them.
    columns: Columns,
}

impl TextIndex {
    /// Indexes `text` in one pass (and one more for the lines).
    pub fn new(text: &str) -> TextIndex {
        let mut marks = vec![Vec::new(); MARK_CHARS.len()];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (mark, len) = match b {
                0..0x80 => (ASCII_MARKS[usize::from(b)], 1),
                0xE0..0xF0 if !WIDE_LEADS[usize::from(b & 0x0F)] => (NO_MARK, 3),
                0xE0..0xF0 => {
                    let c = [b, bytes[i + 1], bytes[i + 2]];
                    let found = WIDE_MARKS.iter().find(|(wide, _)| *wide == c);
                    (found.map_or(NO_MARK, |&(_, m)| m), 3)
                }
                0xC0..0xE0 => (NO_MARK, 2),
                _ => (NO_MARK, 4),
            };
            if mark != NO_MARK {
                marks[usize::from(mark)].push(i);
            }
            i += len;
        }
        let lines = LineIndex::new(text);
        let columns = Columns::new(text, (1..lines.line_count()).map(|l| lines.line_start(l)));
        TextIndex {
            lines,
            marks,
            columns,
        }
    }

    /// Lines and columns.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// 1-based line and character column of a byte offset of `text`.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        self.lines.position(text, offset)
    }

    /// 0-based line and UTF-16 column of a byte offset of `text` (lines
    /// end at `\n`; an offset inside a character counts from its start):
    /// a binary search and a count of at most a few KB.
    pub fn utf16_position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = crate::text::span::floor_char_boundary(text, offset.min(text.len()));
        let line = self.lines.line_of(offset);
        let column = self
            .columns
            .column(text, self.lines.line_start(line), offset);
        (line, column.utf16)
    }

    /// The stretch around `[start, end)` bounded by the nearest of `marks`
    /// (exclusive) or the ends of the text: the last mark that starts
    /// before `start` and the first that starts at or after `end`.
    pub fn between(&self, start: usize, end: usize, marks: Marks, text_len: usize) -> Span {
        let mut from = 0;
        let mut to = text_len;
        for m in marks.indices() {
            let at = &self.marks[m];
            let before = at.partition_point(|&p| p < start);
            if let Some(&p) = before.checked_sub(1).and_then(|i| at.get(i)) {
                from = from.max(p + MARK_CHARS[m].len_utf8());
            }
            let after = at.partition_point(|&p| p < end);
            if let Some(&p) = at.get(after) {
                to = to.min(p);
            }
        }
        Span::new(from, to)
    }

    /// [`TextIndex::between`] within `region`: the stretch never leaves it.
    pub fn between_in(&self, region: Span, start: usize, end: usize, marks: Marks) -> Span {
        let s = self.between(start, end, marks, region.end);
        Span::new(s.start.max(region.start), s.end.min(region.end))
    }

    /// The sentence (between 。！？； or the ends of `region`) containing
    /// `[start, end)`, with its closing mark and without leading spaces.
    pub fn sentence_in(&self, text: &str, region: Span, start: usize, end: usize) -> Span {
        let inner = self.between_in(region, start, end, SENTENCE_END);
        let to = text
            .get(inner.end..region.end)
            .and_then(|rest| rest.chars().next())
            .map_or(inner.end, |c| inner.end + c.len_utf8());
        let sentence = text.get(inner.start..to).unwrap_or("");
        let lead = sentence.len()
            - sentence
                .trim_start_matches(crate::text::chars::is_space)
                .len();
        Span::new(inner.start + lead, to)
    }
}

/// Bytes between two checkpoints of [`Columns`].
const COLUMN_CHECKPOINT_BYTES: usize = 4096;

/// UTF-16 and character columns of one text cut into segments (lines, or
/// the pieces of a LanguageTool request): a column is counted from the
/// nearest checkpoint, at most [`COLUMN_CHECKPOINT_BYTES`] before it, not
/// from the segment's start, which may be megabytes away (a report
/// exported as one line). Built in one pass over the long segments; each
/// lookup is a binary search and a count of at most a few KB, so that a
/// protocol that counts UTF-16 (LSP, LanguageTool) converts the spans of
/// many findings in O(n log n) in all.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// `(byte offset, UTF-16 units, characters)` from the start of the
    /// offset's segment, ascending by offset.
    checkpoints: Vec<(usize, usize, usize)>,
}

/// The checkpoints of `text[from..to]`, cut into segments at `from` and
/// at `starts` (ascending, inside the stretch).
fn checkpoints_of(
    text: &str,
    from: usize,
    to: usize,
    starts: impl IntoIterator<Item = usize>,
) -> Vec<(usize, usize, usize)> {
    let mut checkpoints = Vec::new();
    let to = to.min(text.len());
    let mut starts = starts
        .into_iter()
        .filter(|&s| s > from && s <= to)
        .peekable();
    let mut segment = from;
    loop {
        let end = starts.peek().copied().unwrap_or(to);
        let (mut at, mut utf16, mut chars) = (segment, 0, 0);
        while end.saturating_sub(at) > COLUMN_CHECKPOINT_BYTES {
            let next = crate::text::span::floor_char_boundary(text, at + COLUMN_CHECKPOINT_BYTES);
            let (n, units) = count_units(&text.as_bytes()[at..next]);
            chars += n;
            utf16 += units;
            checkpoints.push((next, utf16, chars));
            at = next;
        }
        match starts.next() {
            Some(next) => segment = next.max(segment),
            None => break,
        }
    }
    checkpoints
}

/// How many characters and UTF-16 units the UTF-8 `bytes` (whole
/// characters) hold: a character starts at each byte that does not
/// continue one, and a four-byte one is two units. Branch-free, in
/// chunks whose counts fit a byte, so that the compiler vectorises it.
fn count_units(bytes: &[u8]) -> (usize, usize) {
    let (mut chars, mut four) = (0, 0);
    for chunk in bytes.chunks(255) {
        let (c, f) = chunk.iter().fold((0u8, 0u8), |(c, f), &b| {
            (c + u8::from(b & 0xC0 != 0x80), f + u8::from(b >= 0xF0))
        });
        chars += usize::from(c);
        four += usize::from(f);
    }
    (chars, chars + four)
}

/// A column in both units the protocols count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Column {
    pub utf16: usize,
    pub chars: usize,
}

impl Columns {
    /// Checkpoints for `text` cut into segments at `starts` (ascending byte
    /// offsets at character boundaries; the first segment starts at 0
    /// whether or not 0 is given).
    pub fn new(text: &str, starts: impl IntoIterator<Item = usize>) -> Columns {
        Columns {
            checkpoints: checkpoints_of(text, 0, text.len(), starts),
        }
    }

    /// After `old` (bytes of the text before an edit, from a segment's
    /// start to a segment's start or the end) became `new_end - old.start`
    /// bytes of `text`, cut into segments at `starts` (those inside the new
    /// stretch, after its first): the checkpoints of the stretch are
    /// counted again, and those after it moved. O(stretch + checkpoints).
    pub fn splice(&mut self, text: &str, old: Span, new_end: usize, starts: &[usize]) {
        let first = self
            .checkpoints
            .partition_point(|&(at, _, _)| at <= old.start);
        let last = self.checkpoints.partition_point(|&(at, _, _)| at < old.end);
        let fresh = checkpoints_of(text, old.start, new_end, starts.iter().copied());
        let tail: Vec<(usize, usize, usize)> = self.checkpoints[last..]
            .iter()
            .map(|&(at, utf16, chars)| (at - old.end + new_end, utf16, chars))
            .collect();
        self.checkpoints.truncate(first);
        self.checkpoints.extend(fresh);
        self.checkpoints.extend(tail);
    }

    /// The checkpoints, for tests that compare two indexes.
    #[doc(hidden)]
    pub fn checkpoints(&self) -> &[(usize, usize, usize)] {
        &self.checkpoints
    }

    /// The column of byte `offset` in the segment that starts at
    /// `segment_start` (`offset` is floored to a character boundary and
    /// clamped to the text).
    pub fn column(&self, text: &str, segment_start: usize, offset: usize) -> Column {
        let offset = crate::text::span::floor_char_boundary(text, offset.min(text.len()));
        let segment_start = segment_start.min(offset);
        let (from, mut column) = match self
            .checkpoints
            .partition_point(|&(at, _, _)| at <= offset)
            .checked_sub(1)
            .map(|i| self.checkpoints[i])
        {
            Some((at, utf16, chars)) if at > segment_start => (at, Column { utf16, chars }),
            _ => (segment_start, Column::default()),
        };
        for c in text[from..offset].chars() {
            column.utf16 += c.len_utf16();
            column.chars += 1;
        }
        column
    }

    /// The byte offset of the character at UTF-16 column `units` (or
    /// character column, with `in_chars`) of the segment
    /// `[segment_start, segment_end)`: the segment's end when the column is
    /// past it, the start of a character that the column falls inside (half
    /// of a surrogate pair).
    pub fn offset_at(&self, text: &str, segment: Span, units: usize, in_chars: bool) -> usize {
        let measure = |column: Column| if in_chars { column.chars } else { column.utf16 };
        let end = segment.end.min(text.len());
        let first = self
            .checkpoints
            .partition_point(|&(at, _, _)| at <= segment.start);
        let last = self.checkpoints.partition_point(|&(at, _, _)| at <= end);
        let within = &self.checkpoints[first..last.max(first)];
        let before =
            within.partition_point(|&(_, utf16, chars)| measure(Column { utf16, chars }) <= units);
        let (from, mut counted) = match before.checked_sub(1).map(|i| within[i]) {
            Some((at, utf16, chars)) => (at, measure(Column { utf16, chars })),
            None => (segment.start.min(end), 0),
        };
        for (i, c) in text[from..end].char_indices() {
            let next = counted + if in_chars { 1 } else { c.len_utf16() };
            if next > units {
                return from + i;
            }
            counted = next;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte reading of the marks and of the columns gives what the
    /// characters give, on every character and between the marks.
    #[test]
    fn bytes_are_read_as_the_characters() {
        let mut text = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let one = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(count_units(one), (1, c.len_utf16()), "U+{:04X}", c as u32);
            if (c as u32).is_multiple_of(53) || (c as u32) < 0x100 {
                text.push(c);
                text.push(MARK_CHARS[(c as usize) % MARK_CHARS.len()]);
            }
        }
        let index = TextIndex::new(&text);
        for (m, &mark) in MARK_CHARS.iter().enumerate() {
            let expected: Vec<usize> = text.match_indices(mark).map(|(i, _)| i).collect();
            assert_eq!(index.marks[m], expected, "{mark:?}");
        }
        let utf16: usize = text.chars().map(char::len_utf16).sum();
        assert_eq!(count_units(text.as_bytes()), (text.chars().count(), utf16));
    }
    use crate::text::sentence::{between_stops, sentence_around};

    const CLAUSE: Marks = Marks::of(&['。', '，', '；', '\n']);

    #[test]
    fn between_agrees_with_a_scan() {
        let text = "甲，乙丙。丁；戊\n己庚，辛";
        let index = TextIndex::new(text);
        let is_stop = |c: char| CLAUSE.contains(c);
        for (start, _) in text.char_indices() {
            for end in (start..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                assert_eq!(
                    index.between(start, end, CLAUSE, text.len()),
                    between_stops(text, start, end, is_stop),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn sentences_within_a_region() {
        let text = "前文。甲。  乙丙；丁";
        let index = TextIndex::new(text);
        let region = Span::new(text.find('甲').unwrap(), text.len());
        let piece = region.text(text);
        let i = text.find('丙').unwrap();
        let scanned =
            sentence_around(piece, i - region.start, i + 3 - region.start).offset_by(region.start);
        let found = index.sentence_in(text, region, i, i + 3);
        assert_eq!(found, scanned);
        assert_eq!(found.text(text), "乙丙；");
        let j = text.find('丁').unwrap();
        assert_eq!(index.sentence_in(text, region, j, j + 3).text(text), "丁");
    }

    #[test]
    fn utf16_columns_agree_with_counting() {
        // Long lines (past several checkpoints), astral characters that
        // take two UTF-16 units, and short lines.
        let long: String = "甲𠀀ab，".repeat(3000);
        let text = format!("首行\n{long}\n\n末行𠀀x");
        let index = TextIndex::new(&text);
        let mut line_start = 0;
        let mut line = 0;
        for (i, c) in text.char_indices().chain([(text.len(), '\0')]) {
            let expected: usize = text[line_start..i].chars().map(char::len_utf16).sum();
            assert_eq!(index.utf16_position(&text, i), (line, expected), "at {i}");
            if c == '\n' {
                line += 1;
                line_start = i + 1;
            }
        }
        // Inside a character: that character's start.
        let inside = text.find('𠀀').unwrap() + 1;
        assert_eq!(index.utf16_position(&text, inside), (1, 1));
    }

    #[test]
    fn columns_of_segments() {
        let text = "ab𠀀".repeat(2000);
        let starts = [0, 6, 4998, 9000];
        let columns = Columns::new(&text, starts);
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            for offset in (start..=end).filter(|&o| text.is_char_boundary(o)) {
                let piece = &text[start..offset];
                let expected = Column {
                    utf16: piece.chars().map(char::len_utf16).sum(),
                    chars: piece.chars().count(),
                };
                assert_eq!(
                    columns.column(&text, start, offset),
                    expected,
                    "{start}..{offset}"
                );
            }
        }
    }

    #[test]
    fn marks_from_a_predicate() {
        let marks = Marks::matching(|c| matches!(c, '。' | '、' | 'x'));
        assert!(marks.contains('。') && marks.contains('、'));
        assert!(!marks.contains('，') && !marks.contains('x'));
        assert!(SENTENCE_END.contains('；') && !SENTENCE_END.contains('，'));
    }
}
