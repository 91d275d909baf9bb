//! `heading-sequence`: sibling headings count 一、二、三 without gaps or
//! repeats, and a level is not skipped (一、 directly followed by 1.).

use super::{Check, Context, Hit, SpecError};
use crate::document::numerals::to_chinese_number;
use crate::document::{Document, MarkerKind};
use crate::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Debug)]
pub struct HeadingSequence;

pub fn compile(_: Params, _: &PartCatalog) -> Result<HeadingSequence, SpecError> {
    Ok(HeadingSequence)
}

/// The marker for number `n` of a kind, in standard form.
fn marker_text(kind: MarkerKind, n: u32) -> String {
    let chinese = to_chinese_number;
    match kind {
        MarkerKind::Chinese => format!("{}、", chinese(n)),
        MarkerKind::ParenChinese => format!("（{}）", chinese(n)),
        MarkerKind::Arabic => format!("{n}."),
        MarkerKind::ParenArabic => format!("（{n}）"),
    }
}

fn check_siblings(doc: &Document, siblings: &[usize], hits: &mut Vec<Hit>) {
    // Siblings of different marker families are separate sequences.
    for kind in [
        MarkerKind::Chinese,
        MarkerKind::ParenChinese,
        MarkerKind::Arabic,
        MarkerKind::ParenArabic,
    ] {
        let mut previous: Option<(usize, u32)> = None;
        for &h in siblings
            .iter()
            .filter(|&&h| doc.headings[h].marker.kind == kind)
        {
            let marker = &doc.headings[h].marker;
            let expected = previous.map(|(_, n)| n + 1).unwrap_or(1);
            if marker.number != expected {
                let mut hit = Hit::new(
                    doc.headings[h].marker_span,
                    format!("应为「{}」", marker_text(kind, expected)),
                )
                .var("found", marker.written.clone())
                .var("expected", marker_text(kind, expected));
                if let Some((prev, _)) = previous {
                    hit = hit.related(doc.headings[prev].marker_span, "上一个标题");
                }
                hits.push(hit);
            }
            previous = Some((h, marker.number));
        }
    }
}

impl Check for HeadingSequence {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let top: Vec<usize> = doc.top_level().map(|(i, _)| i).collect();
        check_siblings(doc, &top, hits);
        for parent in 0..doc.headings.len() {
            let children: Vec<usize> = doc.children(parent).map(|(i, _)| i).collect();
            check_siblings(doc, &children, hits);
            let parent_rank = doc.headings[parent].marker.kind.rank();
            if let Some(&first) = children.first() {
                let kind = doc.headings[first].marker.kind;
                if kind.rank() > parent_rank + 1 {
                    let skipped = marker_text(
                        match parent_rank {
                            1 => MarkerKind::ParenChinese,
                            2 => MarkerKind::Arabic,
                            _ => MarkerKind::ParenArabic,
                        },
                        1,
                    );
                    hits.push(
                        Hit::new(
                            doc.headings[first].marker_span,
                            format!("跳过了「{skipped}」一级"),
                        )
                        .var("found", doc.headings[first].marker.written.clone())
                        .var("expected", skipped)
                        .related(doc.headings[parent].marker_span, "上级标题"),
                    );
                }
            }
        }
    }
}
