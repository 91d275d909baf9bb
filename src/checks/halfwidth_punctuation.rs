//! `halfwidth-punctuation`: Chinese text takes full-width punctuation
//! （，：；（）！？）. Reports copied from websites often have every mark
//! converted to half-width, so this is one finding per document with the
//! count and the first places, not one per comma. Fix: every place gets
//! its full-width mark (those with one obvious full-width form).

use super::{Check, Context, Hit, SpecError};
use crate::finding::Edit;
use crate::parts::PartCatalog;
use crate::textpos::Span;
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
    chars: Vec<char>,
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
    Ok(HalfwidthPunctuation {
        chars,
        show: params.show.max(1),
    })
}

/// Whether `span` lies in one of the sorted, disjoint heading `markers`
/// (a binary search: a long report has thousands of both).
fn in_marker(markers: &[Span], span: Span) -> bool {
    let next = markers.partition_point(|m| m.end < span.end);
    markers.get(next).is_some_and(|m| m.contains(span))
}

/// Han characters and full-width punctuation make a Chinese context.
pub fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' | '“' | '”' | '‘' | '’')
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
        // Lines above the title are web residue, reported by the hygiene rules.
        let first = doc.title.as_ref().map_or(0, |t| t.block);
        for block in &doc.blocks[first..] {
            let text = block.span.text(doc.text);
            let mut open_brackets: Vec<Span> = Vec::new();
            let mut prev: Option<char> = None;
            let mut chars = text.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let next = chars.peek().map(|&(_, n)| n);
                let at = block.span.start + i;
                let span = Span::new(at, at + 1);
                let flagged = self.chars.contains(&c)
                    && (prev.is_some_and(is_chinese) || next.is_some_and(is_chinese));
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
                prev = Some(c);
            }
        }
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
}
