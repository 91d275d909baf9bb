//! `enum-sequence`: enumerations inside paragraphs (一是 … 二是 … 三是) do not
//! skip or repeat. A sequence restarts at 一是 and at every heading.

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::numerals::{chinese_number, to_chinese_number};
use crate::text::pattern::Pattern;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// A regex with a group `n` holding a Chinese numeral.
    #[serde(default = "default_pattern")]
    pub pattern: String,
}

fn default_pattern() -> String {
    "(?P<n>[一二三四五六七八九十]+)是".into()
}

#[derive(Debug)]
pub struct EnumSequence {
    pattern: Pattern,
    template: String,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<EnumSequence, SpecError> {
    let pattern = crate::text::pattern::compile(&params.pattern)
        .map_err(|e| SpecError::new(params.pattern.clone(), e))?;
    // A lazily loaded (built-in) pattern is checked by the tests, which
    // compile it; asking for its groups here would compile it at start.
    if pattern.is_compiled() && pattern.capture_names().all(|n| n != Some("n")) {
        return Err(SpecError::new(
            params.pattern,
            "`pattern` needs a group named `n` for the numeral",
        ));
    }
    // 「(?P<n>…)是」 → 「{}是」, to say what the item should have been.
    let template = params
        .pattern
        .rsplit_once(')')
        .map(|(_, tail)| format!("{{}}{tail}"))
        .unwrap_or_else(|| "{}".into());
    Ok(EnumSequence { pattern, template })
}

/// An item starts a clause: after punctuation, a space, or at a block start
/// (「统一是」 is not the item 「一是」).
fn starts_clause(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '。' | '；'
                    | '，'
                    | '：'
                    | '、'
                    | '！'
                    | '？'
                    | ';'
                    | ','
                    | ':'
                    | '）'
                    | ')'
                    | '\u{3000}'
            )
    })
}

impl Check for EnumSequence {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let mut run_of_piece = None;
        let mut previous: Option<(u32, crate::text::span::Span)> = None;
        for piece in doc.prose_in(doc.body_span()) {
            if cx.over() {
                return;
            }
            // A new run starts at every heading.
            // Headings are in text order.
            let run = doc
                .headings
                .partition_point(|h| h.marker_span.start <= piece.start);
            if run_of_piece != Some(run) {
                run_of_piece = Some(run);
                previous = None;
            }
            let text = piece.text(doc.text);
            for caps in self.pattern.captures_iter(text) {
                let (Some(whole), Some(n)) = (caps.get(0), caps.name("n")) else {
                    continue;
                };
                if !starts_clause(text, whole.start()) {
                    continue;
                }
                let Some(number) = chinese_number(n.as_str()) else {
                    continue;
                };
                let span =
                    crate::text::span::Span::new(whole.start(), whole.end()).offset_by(piece.start);
                match previous {
                    _ if number == 1 => {}
                    Some((prev, prev_span)) if number != prev + 1 => {
                        let expected = self.template.replace("{}", &to_chinese_number(prev + 1));
                        hits.push(
                            Hit::new(span, format!("应为「{expected}」"))
                                .var("found", whole.as_str())
                                .var("expected", expected)
                                .related(prev_span, "上一项"),
                        );
                    }
                    _ => {}
                }
                if number == 1 || previous.is_some() {
                    previous = Some((number, span));
                }
            }
        }
    }
}
