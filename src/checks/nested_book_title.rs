//! `nested-book-title`: a title inside a title is marked 〈…〉, not <…> or
//! 《…》: 《关于贯彻〈条例〉的通知》 (GB/T 15834-2011 §4.15). Fix: the inner
//! pair of marks becomes 〈〉.

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::charset::CharSet;
use crate::text::span::Span;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Debug)]
pub struct NestedBookTitle;

pub fn compile(_: Params, _: &PartCatalog) -> Result<NestedBookTitle, SpecError> {
    Ok(NestedBookTitle)
}

impl Check for NestedBookTitle {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        // The marks the loop reacts to; the other characters are stepped over.
        static MARKS: LazyLock<CharSet> =
            LazyLock::new(|| CharSet::new(['《', '<', '＜', '》', '>', '＞']));
        for block in &cx.doc.blocks {
            if cx.over() {
                return;
            }
            let text = block.span.text(cx.text());
            let mut depth = 0usize;
            let mut inner_open: Option<(usize, char)> = None;
            for (i, c) in MARKS.find_iter(text) {
                match c {
                    '《' if depth == 0 => depth = 1,
                    '《' | '<' | '＜' if depth >= 1 && inner_open.is_none() => {
                        inner_open = Some((i, c))
                    }
                    '》' | '>' | '＞'
                        if inner_open.is_some_and(|(_, o)| (o == '《') == (c == '》')) =>
                    {
                        if let Some((start, open)) = inner_open.take() {
                            let span =
                                Span::new(start, i + c.len_utf8()).offset_by(block.span.start);
                            let open_mark = Span::new(span.start, span.start + open.len_utf8());
                            let close_mark = Span::new(span.end - c.len_utf8(), span.end);
                            hits.push(
                                Hit::new(span, "嵌套书名号应为「〈〉」")
                                    .edit(open_mark, "〈")
                                    .edit(close_mark, "〉")
                                    .var("found", super::quote(cx.text(), span, 12))
                                    .var(
                                        "standard",
                                        format!(
                                            "〈{}〉",
                                            super::quote(
                                                cx.text(),
                                                crate::text::span::Span::new(
                                                    span.start + open.len_utf8(),
                                                    span.end - c.len_utf8()
                                                ),
                                                18
                                            )
                                        ),
                                    ),
                            );
                        }
                    }
                    '》' if depth >= 1 => depth = 0,
                    _ => {}
                }
            }
        }
    }
}
