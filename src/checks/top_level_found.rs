//! `top-level-found`: the report has a top level that rl-lint can read.
//! When no top-level heading is found in any scheme (see
//! `document::scheme`), the parts are judged by their words (the part map
//! is `unstructured`), and this finding says once that those checks may
//! be inexact, instead of one missing-part error per part.

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Debug)]
pub struct TopLevelFound;

pub fn compile(_: Params, _: &PartCatalog) -> Result<TopLevelFound, SpecError> {
    Ok(TopLevelFound)
}

impl Check for TopLevelFound {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        if doc.top.headings > 0 {
            return;
        }
        let body = doc.body_span();
        let Some(block) = doc
            .blocks
            .iter()
            .find(|b| b.span.start >= body.start && b.span.end <= body.end)
        else {
            return; // no body at all: the other rules say what is missing
        };
        hits.push(Hit::new(
            super::first_line(doc, block.span),
            "没有找到一级标题",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::hits_of;

    #[test]
    fn fires_once_without_a_top_level_only() {
        let flat = "某局2022年法治政府建设年度报告\n我局认真落实。\n宣传不够。\n";
        let hits = hits_of(&TopLevelFound, flat, None);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].span.text(flat), "我局认真落实。");
        let headed = "某局2022年法治政府建设年度报告\n一、主要举措\n开展学法。\n";
        assert!(hits_of(&TopLevelFound, headed, None).is_empty());
        assert!(hits_of(&TopLevelFound, "", None).is_empty());
    }
}
