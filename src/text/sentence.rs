//! Sentences and clauses of Chinese prose: a sentence ends after 。！？；
//! (or their half-width forms), a clause at the marks its caller names.
//! Every stage that cuts text into sentences uses these.

use crate::text::chars::is_space;
use crate::text::span::Span;

/// The marks that end a sentence.
pub const SENTENCE_ENDS: &[char] = &['。', '！', '？', '；', '!', '?', ';'];

/// Whether `c` ends a sentence.
pub fn is_sentence_end(c: char) -> bool {
    SENTENCE_ENDS.contains(&c)
}

/// Not a sentence mark or a space: where the next sentence starts.
pub fn is_sentence_text(c: char) -> bool {
    !is_sentence_end(c) && !is_space(c)
}

/// `span` of `text` cut after each sentence end (the rest, if any, is the
/// last piece).
pub fn sentences(text: &str, span: Span) -> Vec<Span> {
    split_after(text, span, SENTENCE_ENDS)
}

/// `span` of `text` cut after each of `marks` (the rest, if any, is the
/// last piece).
pub fn split_after(text: &str, span: Span, marks: &[char]) -> Vec<Span> {
    let piece = span.text(text);
    let mut units = Vec::new();
    let mut start = 0;
    for (i, c) in piece.match_indices(marks) {
        let end = i + c.len();
        units.push(Span::new(span.start + start, span.start + end));
        start = end;
    }
    if start < piece.len() {
        units.push(Span::new(span.start + start, span.end));
    }
    units
}

/// The stretch of `text` around `[start, end)` bounded by the nearest
/// `is_stop` characters (exclusive) or the ends of `text`, found by
/// scanning: the tests' oracle for [`crate::text::index::TextIndex`], which
/// the checks use instead (a scan per match is quadratic).
#[cfg(test)]
pub fn between_stops(text: &str, start: usize, end: usize, is_stop: impl Fn(char) -> bool) -> Span {
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_stop(c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let to = text[end..]
        .char_indices()
        .find(|&(_, c)| is_stop(c))
        .map(|(i, _)| end + i)
        .unwrap_or(text.len());
    Span::new(from, to)
}

/// The sentence (between 。！？； or the ends of `text`) containing
/// `[start, end)`, with its closing mark and without leading spaces: the
/// tests' oracle for [`crate::text::index::TextIndex::sentence_in`].
#[cfg(test)]
pub fn sentence_around(text: &str, start: usize, end: usize) -> Span {
    let inner = between_stops(text, start, end, is_sentence_end);
    let to = text[inner.end..]
        .chars()
        .next()
        .map_or(inner.end, |c| inner.end + c.len_utf8());
    let sentence = &text[inner.start..to];
    let lead = sentence.len() - sentence.trim_start_matches(is_space).len();
    Span::new(inner.start + lead, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_boundaries() {
        let t = "甲。乙丙；丁";
        let i = t.find('丙').unwrap();
        assert_eq!(sentence_around(t, i, i + 3).text(t), "乙丙；");
        let units: Vec<&str> = sentences(t, Span::new(0, t.len()))
            .iter()
            .map(|s| s.text(t))
            .collect();
        assert_eq!(units, ["甲。", "乙丙；", "丁"]);
    }
}
