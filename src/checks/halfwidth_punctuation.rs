//! `halfwidth-punctuation`: Chinese text takes full-width punctuation
//! （，：；（）！？）. Reports copied from websites often have every mark
//! converted to half-width, so this is one finding per document with the
//! count and the first places, not one per comma.

use super::{Check, Context, Hit, SpecError};
use crate::parts::PartCatalog;
use crate::textpos::Span;
use serde::Deserialize;

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
        let markers: Vec<Span> = doc.headings.iter().map(|h| h.marker_span).collect();
        let mut found: Vec<(Span, char)> = Vec::new();
        // Lines above the title are web residue, reported by the hygiene rules.
        let first = doc.title.as_ref().map_or(0, |t| t.block);
        for block in &doc.blocks[first..] {
            let text = block.span.text(doc.text);
            let mut prev: Option<char> = None;
            let mut chars = text.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let next = chars.peek().map(|&(_, n)| n);
                if self.chars.contains(&c)
                    && (prev.is_some_and(is_chinese) || next.is_some_and(is_chinese))
                {
                    let at = block.span.start + i;
                    let span = Span::new(at, at + 1);
                    // Half-width brackets of heading markers are `heading-marker`'s.
                    if !markers.iter().any(|m| m.contains(span)) {
                        found.push((span, c));
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
        hits.push(hit);
    }
}
