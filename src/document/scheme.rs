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

/// 「4.2023年工作计划」: an Arabic marker right before a year, which the
/// marker reader takes for a number (「2.5亿元」). At the start of a line
/// that could head the report's top level, the digits after the point are
/// a year, not decimals. Looks at a bounded prefix.
fn arabic_before_year(s: &str) -> Option<(Scheme, u32, usize)> {
    let digits = s
        .char_indices()
        .take(3)
        .find(|&(_, c)| !c.is_ascii_digit())
        .map_or(s.len().min(3), |(i, _)| i);
    if !(1..=2).contains(&digits) {
        return None;
    }
    let number: u32 = s[..digits].parse().ok()?;
    let sep = s[digits..].chars().next()?;
    if !matches!(sep, '.' | '．' | '、') {
        return None;
    }
    let len = digits + sep.len_utf8();
    let rest = &s.as_bytes()[len..];
    let year = rest.len() >= 7
        && (rest.starts_with(b"19") || rest.starts_with(b"20"))
        && rest[2..4].iter().all(u8::is_ascii_digit)
        && rest[4..].starts_with("年".as_bytes());
    year.then_some((Scheme::Arabic, number, len))
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
            None => match peek_other_top(own).or_else(|| arabic_before_year(own)) {
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
        // The next number of a lower level of the same form that started
        // again at 1 under the last heading of the group.
        let mut lower_next: Option<u32> = None;
        // The distinct parts the group names (at most the catalog's parts,
        // whatever the length of the report).
        let mut named: Vec<usize> = Vec::new();
        for c in candidates.iter().filter(|c| c.scheme == scheme) {
            let last = group.last().map_or(0, |g| g.number);
            let next_in_order = match scheme {
                Scheme::Unnumbered => true,
                _ if group.is_empty() => c.number == 1,
                // A lower level starting again at 1 is left out, and so
                // are the numbers that continue it, unless the heading
                // names a part the group has not named yet.
                _ if c.number == 1 => {
                    lower_next = Some(2);
                    false
                }
                // Counting up from 1, a gap of one or two at most.
                _ => {
                    let continues_top = c.number > last && c.number <= last + 3;
                    let continues_lower = lower_next == Some(c.number);
                    let new_part = c.part.is_some_and(|p| !named.contains(&p));
                    let top = continues_top && (!continues_lower || new_part);
                    lower_next = match (top, continues_lower) {
                        (true, _) => None,
                        (false, true) => Some(c.number + 1),
                        (false, false) => lower_next,
                    };
                    top
                }
            };
            if next_in_order {
                if let Some(p) = c.part.filter(|p| !named.contains(p)) {
                    named.push(p);
                }
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

    #[test]
    fn an_arabic_marker_before_a_year() {
        assert_eq!(
            arabic_before_year("4.2023年工作计划"),
            Some((Scheme::Arabic, 4, 2))
        );
        assert_eq!(
            arabic_before_year("12、2024年安排"),
            Some((Scheme::Arabic, 12, 5))
        );
        assert_eq!(arabic_before_year("2.5亿元"), None);
        assert_eq!(arabic_before_year("4.2023"), None);
        assert_eq!(arabic_before_year("4.20235年"), None);
        assert_eq!(arabic_before_year("123.2023年"), None);
        assert_eq!(arabic_before_year("主要举措"), None);
        assert_eq!(arabic_before_year(""), None);
    }

    fn candidate(block: usize, number: u32, part: Option<usize>) -> Candidate {
        Candidate {
            block,
            scheme: Scheme::Arabic,
            number,
            marker_len: 2,
            own_line: false,
            part,
        }
    }

    #[test]
    fn a_lower_level_of_the_same_form_is_left_out() {
        // 1.举措 / 1.学法 / 2.考法 / 1.执法 / 2.存在的不足 / 3.第一责任人
        // / 4.计划: the lower 1., 2. under the first heading are not the
        // top level; 2.存在的不足 names a part of its own, so it is.
        let found = vec![
            candidate(0, 1, None),
            candidate(1, 1, None),
            candidate(2, 2, None),
            candidate(3, 1, None),
            candidate(4, 2, Some(1)),
            candidate(5, 3, Some(2)),
            candidate(6, 4, Some(3)),
        ];
        let (scheme, group, parts) = choose(found).expect("a top level");
        assert_eq!(scheme, Scheme::Arabic);
        let blocks: Vec<usize> = group.iter().map(|c| c.block).collect();
        assert_eq!(blocks, [0, 4, 5, 6]);
        assert_eq!(parts, 3);
    }
}
