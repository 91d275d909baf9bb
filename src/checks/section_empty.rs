//! `section-empty`: a top-level heading with no text under it. An empty
//! part is as bad as a missing one. (Lower levels are often one-sentence
//! items such as 「4、健全考核机制。」, which are not empty.)

use super::{quote, Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Debug)]
pub struct SectionEmpty;

pub fn compile(_: Params, _: &PartCatalog) -> Result<SectionEmpty, SpecError> {
    Ok(SectionEmpty)
}

impl Check for SectionEmpty {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        for (index, heading) in doc.top_level() {
            // Sub-headings are content too (a plan may be a list of
            // one-sentence items); only a heading with nothing at all is empty.
            let has_children = doc.children(index).next().is_some();
            let has_text = doc.prose_in(heading.body_span()).iter().any(|piece| {
                piece
                    .text(doc.text)
                    .chars()
                    .any(|c| !c.is_whitespace() && !is_filler(c))
            });
            // 「一、主要措施」 right before 「一、强化领导」: the second is a
            // sub-heading numbered with the wrong level (heading-sequence
            // reports it); the first is its parent, not an empty section.
            let renumbered_child = doc.headings.get(index + 1).is_some_and(|next| {
                next.marker.kind == heading.marker.kind
                    && next.marker.number == heading.marker.number
            });
            if !has_children && !has_text && !renumbered_child {
                hits.push(
                    Hit::new(heading.span(), "此标题下没有内容")
                        .var("heading", quote(doc.text, heading.span(), 30)),
                );
            }
        }
    }
}

/// Punctuation left after a heading's words (「一、总体情况。」) is not content.
fn is_filler(c: char) -> bool {
    matches!(c, '。' | '：' | ':' | '；' | ';' | '\u{3000}')
}
