//! `merged-paragraphs`: headings run on inside a line, a sign that the
//! report was exported without its paragraph breaks.

use super::{Check, Context, Hit, SpecError};
use crate::document::Heading;
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Debug)]
pub struct MergedParagraphs;

pub fn compile(_: Params, _: &PartCatalog) -> Result<MergedParagraphs, SpecError> {
    Ok(MergedParagraphs)
}

impl Check for MergedParagraphs {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let mut current_line = None;
        for heading in &doc.headings {
            if cx.over() {
                return;
            }
            let block = &doc.blocks[heading.block];
            if block.starts_line || current_line == Some(block.line) {
                continue;
            }
            current_line = Some(block.line);
            // Blocks and headings are in text order, so those of one line
            // are a run found by binary search (a report on one line has
            // thousands).
            let line_of = |h: &Heading| doc.blocks[h.block].line;
            let headings = &doc.headings[doc.headings.partition_point(|h| line_of(h) < block.line)
                ..doc.headings.partition_point(|h| line_of(h) <= block.line)];
            let count = headings
                .iter()
                .filter(|h| !doc.blocks[h.block].starts_line)
                .count();
            let paragraphs = doc.blocks.partition_point(|b| b.line <= block.line)
                - doc.blocks.partition_point(|b| b.line < block.line);
            hits.push(
                Hit::new(heading.marker_span, "此处应另起一段")
                    .var("count", count.to_string())
                    .var("paragraphs", paragraphs.to_string())
                    .var("line", (block.line + 1).to_string()),
            );
        }
    }
}
