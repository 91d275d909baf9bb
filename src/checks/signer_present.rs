//! `signer-present`: the report ends with the unit's name (发文机关署名).

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::span::Span;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What `{unit}` says when the title names no unit (「单位全称」).
    #[serde(default)]
    pub unknown_unit: String,
}

#[derive(Debug)]
pub struct SignerPresent {
    unknown_unit: String,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<SignerPresent, SpecError> {
    Ok(SignerPresent {
        unknown_unit: params.unknown_unit,
    })
}

/// The last line of the body: where a missing signer or date belongs.
pub fn end_of_body(cx: &Context) -> Option<Span> {
    let doc = cx.doc;
    let block = super::last_block_before(doc, doc.closing.start.max(1))?;
    let line = doc.index.lines().line_of(block.end);
    let line_span = doc.index.lines().line_span(doc.text, line);
    // Label the last sentence of the line, not a whole merged report.
    let text = Span::new(block.start.max(line_span.start), block.end).text(doc.text);
    let tail_start = text
        .trim_end_matches(['。', '；', '！', '？'])
        .rfind(['。', '；', '！', '？'])
        .map(|i| i + '。'.len_utf8())
        .unwrap_or(0);
    Some(Span::new(
        block.start.max(line_span.start) + tail_start,
        block.end,
    ))
}

impl Check for SignerPresent {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        if cx.doc.closing.signer.is_some() {
            return;
        }
        let unit = cx
            .doc
            .title
            .as_ref()
            .and_then(|t| t.unit)
            // A unit over two title lines, without the line break.
            .map(|u| {
                u.text(cx.text())
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
            })
            .unwrap_or_else(|| self.unknown_unit.clone());
        let (span, label) = match &cx.doc.closing.date {
            Some(date) => (date.span, "日期上方应有署名"),
            None => match end_of_body(cx) {
                Some(span) => (span, "正文之后应有署名"),
                None => return,
            },
        };
        hits.push(Hit::new(span, label).var("unit", unit));
    }
}
