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
}

impl TextIndex {
    /// Indexes `text` in one pass (and one more for the lines).
    pub fn new(text: &str) -> TextIndex {
        let mut marks = vec![Vec::new(); MARK_CHARS.len()];
        for (i, c) in text.char_indices() {
            if let Some(m) = MARK_CHARS.iter().position(|&m| m == c) {
                marks[m].push(i);
            }
        }
        TextIndex {
            lines: LineIndex::new(text),
            marks,
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
                .trim_start_matches(crate::document::date::is_space)
                .len();
        Span::new(inner.start + lead, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn marks_from_a_predicate() {
        let marks = Marks::matching(|c| matches!(c, '。' | '、' | 'x'));
        assert!(marks.contains('。') && marks.contains('、'));
        assert!(!marks.contains('，') && !marks.contains('x'));
        assert!(SENTENCE_END.contains('；') && !SENTENCE_END.contains('，'));
    }
}
