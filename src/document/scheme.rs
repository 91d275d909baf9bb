//! The report's own scheme of top-level headings. GB/T 9704-2012 numbers
//! the top level 「一、」, and most reports do; some write 「第一部分」,
//! formal numerals 「壹、」, 「（一）」 or 「1.」 at the top, put the marker on
//! a line of its own, or number nothing at all (automatic Word numbering
//! lost on the way to a web page or a PDF). When a report has no 「一、」
//! heading, the scheme is inferred as a reader would: the lines that look
//! like headings (short, no sentence end, on a line of their own) are
//! grouped by how they are numbered, and the group that names the most
//! parts of the report (then the largest) is the top level. Numbered
//! groups count up from 1; a lower level that starts again at 1 is not
//! part of them.
//!
//! One pass over the blocks; each block is looked at once, at a bounded
//! prefix.

use super::blocks::Block;
use super::date::is_space;
use super::heading::{peek_other_top, Marker, MarkerKind, Scheme};

/// What was found of the report's top level, for the outline and the checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TopLevel {
    /// `None`: the standard 「一、」 (or no top level at all, when
    /// `headings` is 0).
    pub scheme: Option<Scheme>,
    /// How many top-level headings the report has.
    pub headings: usize,
    /// How many distinct parts the top-level headings name.
    pub parts: usize,
    /// Whether markers stand on a line of their own, the words below.
    pub own_line: bool,
    /// Whether the report also has 「一、」 headings, under the top level
    /// of its own scheme (「第一部分」 over 「一、」).
    pub over_standard: bool,
}

/// Longest heading words, in characters.
const MAX_HEADING_CHARS: usize = 50;

/// A line that could be a top-level heading of `scheme`.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub block: usize,
    pub scheme: Scheme,
    pub number: u32,
    /// Bytes of the marker (0 when unnumbered).
    pub marker_len: usize,
    pub own_line: bool,
    /// The part the words name, if any (not counting a fallback part).
    pub part: Option<usize>,
}

/// Whether `words` read as a heading's own words: short, and no sentence
/// ends in or after them.
pub fn heading_like(words: &str) -> bool {
    let words = words.trim_matches(is_space);
    !words.is_empty()
        && words.chars().nth(MAX_HEADING_CHARS).is_none()
        && !words.contains(['。', '！', '？', '；', '!', '?', ';'])
        && !words.ends_with(['：', ':', '，', ',', '、'])
}

/// The words after a marker: separators and spaces skipped.
fn after_marker(s: &str) -> &str {
    s.trim_start_matches(|c: char| is_space(c) || matches!(c, '、' | '：' | ':'))
}

/// The candidates among the body's blocks `first..end` (by index). A
/// block whose words are on the next line (the marker on its own line)
/// takes that line as its words.
pub(super) fn candidates(
    text: &str,
    blocks: &[Block],
    in_table: &[bool],
    markers: &[Option<Marker>],
    (first, end): (usize, usize),
    names_part: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut i = first;
    while i < end {
        let block = &blocks[i];
        let own = block.span.text(text);
        let form = match &markers[i] {
            Some(m) => match m.kind {
                MarkerKind::ParenChinese => Some((Scheme::Bracketed, m.number, m.len)),
                MarkerKind::Arabic => Some((Scheme::Arabic, m.number, m.len)),
                _ => None,
            },
            None => match peek_other_top(own) {
                Some(other) => Some(other),
                None if block.starts_line && i + 1 < end => Some((Scheme::Unnumbered, 0, 0)),
                None => None,
            },
        };
        let Some((scheme, number, marker_len)) = form.filter(|_| !in_table[i]) else {
            i += 1;
            continue;
        };
        let mut words = after_marker(&own[marker_len..]);
        let mut own_line = false;
        if words.is_empty() {
            let next = i + 1;
            if next < end
                && !in_table[next]
                && markers[next].is_none()
                && peek_other_top(blocks[next].span.text(text)).is_none()
            {
                words = blocks[next].span.text(text);
                own_line = true;
            }
        }
        if heading_like(words) {
            found.push(Candidate {
                block: i,
                scheme,
                number,
                marker_len,
                own_line,
                part: names_part(words),
            });
        }
        i += if own_line { 2 } else { 1 };
    }
    found
}

/// The scheme a reader takes for the top level, and its headings, from
/// the candidates; `None` when no group of them names parts of the report.
pub(super) fn choose(candidates: Vec<Candidate>) -> Option<(Scheme, Vec<Candidate>, usize)> {
    let schemes = [
        Scheme::Part,
        Scheme::Formal,
        Scheme::Bracketed,
        Scheme::Arabic,
        Scheme::Unnumbered,
    ];
    let mut best: Option<(Scheme, Vec<Candidate>, usize)> = None;
    for scheme in schemes {
        let mut group: Vec<Candidate> = Vec::new();
        for c in candidates.iter().filter(|c| c.scheme == scheme) {
            let last = group.last().map_or(0, |g| g.number);
            let next_in_order = match scheme {
                Scheme::Unnumbered => true,
                // Counting up from 1, a gap of one or two at most; a
                // lower level starting again at 1 is left out.
                _ => c.number > last && c.number <= last + 3 && (last > 0 || c.number == 1),
            };
            if next_in_order {
                let mut c = c.clone();
                if scheme == Scheme::Unnumbered {
                    c.number = last + 1;
                }
                group.push(c);
            }
        }
        let mut parts: Vec<usize> = group.iter().filter_map(|c| c.part).collect();
        parts.sort_unstable();
        parts.dedup();
        // Unnumbered lines must name two parts: one short line that names
        // a part may be anything.
        let enough = match scheme {
            Scheme::Unnumbered => parts.len() >= 2,
            _ => !parts.is_empty() && group.len() >= 2,
        };
        let better = best
            .as_ref()
            .is_none_or(|(_, g, p)| (parts.len(), group.len()) > (*p, g.len()));
        if enough && better {
            best = Some((scheme, group, parts.len()));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_words_are_short_and_end_no_sentence() {
        assert!(heading_like("主要举措及成效"));
        assert!(heading_like(
            "2022年度党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况"
        ));
        assert!(!heading_like("强化法治宣传教育。一是制定计划"));
        assert!(!heading_like("现将有关情况报告如下："));
        assert!(!heading_like(""));
        assert!(!heading_like(&"很".repeat(51)));
    }
}
