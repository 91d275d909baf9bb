//! `required-part`: a part of the report must have its own section. Fires
//! when it has none and is not even mentioned in a sentence (that case is
//! `part-only-mentioned`). The label marks where the part belongs: on the
//! heading of the first section of a part that comes after it in the
//! pack's order, or else on the heading of the section it follows (or the
//! title): always a short span, never a whole paragraph.

use super::{part_index, quote, Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::span::Span;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub part: String,
}

#[derive(Debug)]
pub struct RequiredPart {
    part: usize,
}

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<RequiredPart, SpecError> {
    Ok(RequiredPart {
        part: part_index(catalog, &params.part)?,
    })
}

/// Where a missing part should be inserted, with a label saying so.
pub fn insertion_point(cx: &Context, part: usize) -> (Span, String, String, String) {
    let doc = cx.doc;
    let label = &cx.catalog.parts[part].label;
    let later_section = cx
        .parts
        .top_level
        .iter()
        .find(|(_, p)| p.is_some_and(|p| p > part))
        .map(|(h, _)| *h);
    let earlier_section = cx
        .parts
        .top_level
        .iter()
        .rev()
        .find(|(h, p)| p.is_some_and(|p| p < part) && later_section.is_none_or(|later| *h < later))
        .map(|(h, _)| *h);
    let heading_quote = |h: usize| quote(doc.text, doc.headings[h].span(), 30);
    let prev = earlier_section.map(heading_quote).unwrap_or_default();
    let next = later_section.map(heading_quote).unwrap_or_default();
    if let Some(h) = later_section {
        let span = doc.headings[h].span();
        return (span, format!("「{label}」应在此标题之前"), prev, next);
    }
    if let Some(h) = earlier_section {
        // The heading of the section the part follows: a short span, so
        // that an editor underlines (and offers actions on) the heading
        // rather than the section's whole last paragraph.
        let span = doc.headings[h].span();
        return (span, format!("「{label}」应在本节之后"), prev, next);
    }
    // No sections at all: point at the title's first line, or else at the
    // start of the body's first block.
    let span = match &doc.title {
        Some(title) => super::first_line(doc, title.span),
        None => doc
            .blocks
            .iter()
            .find(|b| b.span.start >= doc.body_span().start)
            .or(doc.blocks.first())
            .map(|b| short_start(doc.text, super::first_line(doc, b.span)))
            .unwrap_or_default(),
    };
    (span, format!("报告中没有「{label}」部分"), prev, next)
}

/// Characters at most that a missing part's span takes of a paragraph.
const START_CHARS: usize = 20;

/// The first [`START_CHARS`] characters of `span`, never a whole paragraph.
fn short_start(text: &str, span: Span) -> Span {
    let end = text[span.start..span.end]
        .char_indices()
        .nth(START_CHARS)
        .map_or(span.end, |(i, _)| span.start + i);
    Span::new(span.start, end)
}

impl Check for RequiredPart {
    fn required_part(&self) -> Option<usize> {
        Some(self.part)
    }

    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        if cx.parts.is_present(self.part) || !cx.parts.mentions[self.part].is_empty() {
            return;
        }
        let (span, label, prev, next) = insertion_point(cx, self.part);
        hits.push(
            Hit::new(span, label)
                .var("part", &cx.catalog.parts[self.part].label)
                .var("prev", prev)
                .var("next", next),
        );
    }
}
