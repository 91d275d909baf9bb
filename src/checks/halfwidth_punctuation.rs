//! `halfwidth-punctuation`: Chinese text takes full-width punctuation
//! （，：；（）！？）. Reports copied from websites often have every mark
//! converted to half-width, so this is one finding per document with the
//! count and the first places, not one per comma. Fix: every place gets
//! its full-width mark (those with one obvious full-width form).

use super::{Check, Context, Hit, SpecError};
use crate::finding::Edit;
use crate::schema::parts::PartCatalog;
use crate::text::chars::is_chinese_context;
use crate::text::span::Span;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_chars")]
    pub chars: String,
    /// How many places to label.
    #[serde(default = "default_show")]
    pub show: usize,
}

fn default_chars() -> String {
    ",:;()!?".into()
}

fn default_show() -> usize {
    3
}

#[derive(Debug)]
pub struct HalfwidthPunctuation {
    /// The marks (ASCII bytes).
    marks: [bool; 128],
    /// The bytes a block is read at: the marks, and the brackets (whose
    /// pairs the fix converts together).
    wanted: [bool; 128],
    show: usize,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<HalfwidthPunctuation, SpecError> {
    let chars: Vec<char> = params
        .chars
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if chars.is_empty() || chars.iter().any(|c| !c.is_ascii_punctuation()) {
        return Err(SpecError::new(
            params.chars,
            "`chars` must list ASCII punctuation marks",
        ));
    }
    let mut marks = [false; 128];
    for &c in &chars {
        marks[c as usize] = true;
    }
    let mut wanted = marks;
    wanted[usize::from(b'(')] = true;
    wanted[usize::from(b')')] = true;
    Ok(HalfwidthPunctuation {
        marks,
        wanted,
        show: params.show.max(1),
    })
}

impl HalfwidthPunctuation {
    /// Calls `visit(offset, mark, flagged)` for each mark and bracket of
    /// `text` (one block), in order; `flagged`: a half-width mark in
    /// Chinese text. That is a mark next to a Chinese character, and the
    /// marks in a run with it (「发挥12345:::：」 is three marks, not one):
    /// without the runs, each `--fix` would convert only the mark next to
    /// the last one it wrote. So a run of marks is flagged whole when the
    /// character before it or after it is Chinese (inside a run every
    /// neighbour is a mark). The marks are ASCII, never part of another
    /// character: the block is read byte by byte, and only the characters
    /// around a run are decoded.
    fn scan_block(&self, text: &str, mut visit: impl FnMut(usize, char, bool)) {
        let bytes = text.as_bytes();
        let is = |table: &[bool; 128], b: u8| b.is_ascii() && table[usize::from(b)];
        let mut i = 0;
        while let Some(found) = bytes[i..].iter().position(|&b| is(&self.wanted, b)) {
            let start = i + found;
            if !is(&self.marks, bytes[start]) {
                // A bracket that is not one of the marks.
                visit(start, char::from(bytes[start]), false);
                i = start + 1;
                continue;
            }
            let end = bytes[start..]
                .iter()
                .position(|&b| !is(&self.marks, b))
                .map_or(bytes.len(), |n| start + n);
            let chinese = |c: Option<char>| c.is_some_and(is_chinese_context);
            let flagged =
                chinese(text[..start].chars().next_back()) || chinese(text[end..].chars().next());
            for (at, &b) in bytes.iter().enumerate().take(end).skip(start) {
                visit(at, char::from(b), flagged);
            }
            i = end;
        }
    }
}

/// Whether `span` lies in one of the (sorted, disjoint) heading markers; a
/// binary search, as a long report has thousands of them.
fn in_marker(markers: &[Span], span: Span) -> bool {
    let after = markers.partition_point(|m| m.start <= span.start);
    after > 0 && markers[after - 1].contains(span)
}

/// The full-width form of an ASCII punctuation mark.
pub fn full_width(c: char) -> char {
    char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
}

impl Check for HalfwidthPunctuation {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let mut markers: Vec<Span> = doc.headings.iter().map(|h| h.marker_span).collect();
        markers.sort();
        let mut found: Vec<(Span, char)> = Vec::new();
        // Half-width bracket pairs, so that the fix converts both halves.
        let mut pairs: Vec<(Span, Span)> = Vec::new();
        // Lines above the title and the residue of the head are web
        // residue, reported by the hygiene rules.
        let first = doc.title.as_ref().map_or(0, |t| t.first_block);
        for (index, block) in doc.blocks.iter().enumerate().skip(first) {
            if cx.over() {
                return;
            }
            if doc.skipped.binary_search(&index).is_ok() {
                continue;
            }
            let text = block.span.text(doc.text);
            let mut open_brackets: Vec<Span> = Vec::new();
            self.scan_block(text, |i, c, flagged| {
                let at = block.span.start + i;
                let span = Span::new(at, at + 1);
                let bracket = c == '(' || c == ')';
                // Half-width brackets of heading markers are `heading-marker`'s.
                if (flagged || bracket) && !in_marker(&markers, span) {
                    if flagged {
                        found.push((span, c));
                    }
                    if c == '(' {
                        open_brackets.push(span);
                    } else if let (')', Some(open)) = (c, open_brackets.pop()) {
                        pairs.push((open, span));
                    }
                }
            });
        }
        // The fix converts both halves of a pair (「（…）」, never 「（…)」),
        // so a half outside Chinese text is a place to change too: the
        // count and the places are those the fix changes.
        let flagged: std::collections::HashSet<Span> = found.iter().map(|&(s, _)| s).collect();
        for &(open, close) in &pairs {
            match (flagged.contains(&open), flagged.contains(&close)) {
                (true, false) => found.push((close, ')')),
                (false, true) => found.push((open, '(')),
                _ => {}
            }
        }
        found.sort();
        let Some(&(first, c)) = found.first() else {
            return;
        };
        let mut kinds: Vec<char> = found.iter().map(|&(_, c)| c).collect();
        kinds.sort();
        kinds.dedup();
        let kinds: String = kinds.iter().map(|&c| format!("「{c}」")).collect();
        let mut hit = Hit::new(first, format!("应为「{}」", full_width(c)))
            .var("count", found.len().to_string())
            .var("marks", kinds);
        for &(span, c) in found.iter().skip(1).take(self.show - 1) {
            hit = hit.related(span, format!("应为「{}」", full_width(c)));
        }
        hit.fix = fix(&found, &pairs);
        hits.push(hit);
    }
}

/// Marks with one obvious full-width form in Chinese text. A half-width
/// quote or full stop has none (「"」 is “ or ”; 「.」 is 。 or a decimal point).
const FIXABLE: &[char] = &[',', ':', ';', '(', ')', '!', '?'];

/// Replaces every fixable mark found with its full-width form. A bracket
/// takes its partner along, so a fix never leaves 「（WPS)」 half converted.
fn fix(found: &[(Span, char)], pairs: &[(Span, Span)]) -> Vec<Edit> {
    let mut marks: BTreeMap<Span, char> = found
        .iter()
        .filter(|(_, c)| FIXABLE.contains(c))
        .copied()
        .collect();
    for &(open, close) in pairs {
        if marks.contains_key(&open) || marks.contains_key(&close) {
            marks.insert(open, '(');
            marks.insert(close, ')');
        }
    }
    marks
        .into_iter()
        .map(|(span, c)| Edit::new(span, full_width(c).to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &str, mark: &str, nth: usize) -> Span {
        let start = text.match_indices(mark).nth(nth).expect("mark in text").0;
        Span::new(start, start + mark.len())
    }

    #[test]
    fn brackets_are_fixed_in_pairs_and_quotes_are_left_alone() {
        let text = "使用Office(WPS)软件,他说\"好\"";
        let open = span_of(text, "(", 0);
        let close = span_of(text, ")", 0);
        let comma = span_of(text, ",", 0);
        let quote = span_of(text, "\"", 0);
        // Only 「)」 sits next to a Han character; 「(」 follows a Latin letter.
        let found = [(close, ')'), (comma, ','), (quote, '"')];
        let edits = fix(&found, &[(open, close)]);
        let fixed: Vec<(usize, &str)> = edits
            .iter()
            .map(|e| (e.span.start, e.content.as_str()))
            .collect();
        assert_eq!(
            fixed,
            vec![(open.start, "（"), (close.start, "）"), (comma.start, "，")]
        );
    }

    /// The finding counts the places its fix changes: the half of a pair
    /// that is not next to Chinese is one of them.
    #[test]
    fn the_count_is_the_number_of_places_the_fix_changes() {
        let yaml = "kind: halfwidth-punctuation";
        let text = "某局2024年法治政府建设年度报告\n一、举措\n使用Office(WPS)软件,落实条例(2021年修订)。\n";
        let hits = crate::checks::testing::run_kind(yaml, text);
        assert_eq!(hits.len(), 1);
        let count = hits[0].vars.iter().find(|v| v.0 == "count").expect("count");
        // 「(」 of (WPS) follows a Latin letter: found as the partner of 「)」.
        assert_eq!(count.1, hits[0].fix.len().to_string(), "{:?}", hits[0].fix);
        assert_eq!(hits[0].fix.len(), 5);
        assert_eq!(&text[hits[0].span.start..hits[0].span.end], "(");
    }

    #[test]
    fn a_run_of_marks_next_to_chinese_is_flagged_whole() {
        // Found by fuzzing: with only the mark next to 「：」 flagged, each
        // --fix round converted one more colon, and ten rounds left some.
        let check = compile(
            Params {
                chars: default_chars(),
                show: 3,
            },
            &PartCatalog::default(),
        )
        .expect("the default marks");
        let text = "发挥12345:::：沟通,N:x(y),";
        let mut flagged: Vec<char> = text.chars().map(|_| '_').collect();
        check.scan_block(text, |at, c, f| {
            if f {
                flagged[text[..at].chars().count()] = c;
            }
        });
        assert_eq!(flagged.iter().collect::<String>(), "_______:::___,_______");
    }

    /// The flags as first written, character by character: a mark next to
    /// a Chinese character, spread along runs of marks both ways.
    fn reference_flags(marks: &[char], chars: &[char]) -> Vec<bool> {
        let is_mark = |i: usize| marks.contains(&chars[i]);
        let chinese_at = |i: Option<usize>| {
            i.and_then(|i| chars.get(i))
                .is_some_and(|&c| is_chinese_context(c))
        };
        let mut flags: Vec<bool> = (0..chars.len())
            .map(|i| is_mark(i) && (chinese_at(i.checked_sub(1)) || chinese_at(Some(i + 1))))
            .collect();
        for i in 1..chars.len() {
            flags[i] = flags[i] || (flags[i - 1] && is_mark(i));
        }
        for i in (0..chars.len().saturating_sub(1)).rev() {
            flags[i] = flags[i] || (flags[i + 1] && is_mark(i));
        }
        flags
    }

    #[test]
    fn the_byte_scan_gives_the_reference_flags() {
        let alphabet = [
            ',', ':', ';', '(', ')', '!', '?', '.', '"', '法', '，', '“', 'a', '1', ' ', 'é', '\n',
        ];
        for marks in [default_chars(), ":;".to_string()] {
            let check = compile(
                Params {
                    chars: marks.clone(),
                    show: 3,
                },
                &PartCatalog::default(),
            )
            .expect("valid marks");
            let mark_chars: Vec<char> = marks.chars().collect();
            let mut state = 0x9e37_79b9_7f4a_7c15_u64;
            for len in 0..400 {
                let chars: Vec<char> = (0..len % 40)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect();
                let text: String = chars.iter().collect();
                let expected: Vec<(usize, char, bool)> = text
                    .char_indices()
                    .zip(reference_flags(&mark_chars, &chars))
                    .filter(|&((_, c), _)| mark_chars.contains(&c) || c == '(' || c == ')')
                    .map(|((at, c), f)| (at, c, f))
                    .collect();
                let mut got = Vec::new();
                check.scan_block(&text, |at, c, f| got.push((at, c, f)));
                assert_eq!(got, expected, "{text:?}");
            }
        }
    }
}
