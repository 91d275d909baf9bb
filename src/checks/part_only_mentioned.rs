//! `part-only-mentioned`: the part has no section of its own, only a
//! sentence inside another part (「局党组书记、局长某某认真履行…第一责任人责任」).

use super::{part_index, Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub part: String,
}

#[derive(Debug)]
pub struct PartOnlyMentioned {
    part: usize,
}

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<PartOnlyMentioned, SpecError> {
    let part = part_index(catalog, &params.part)?;
    if catalog.parts[part].mentions.is_empty() {
        return Err(SpecError::new(
            &params.part,
            format!("part `{}` defines no `mentions` patterns", params.part),
        ));
    }
    Ok(PartOnlyMentioned { part })
}

impl Check for PartOnlyMentioned {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        // Without a top level there are no sections to be one of: the
        // report's own finding (`top-level-found`) says so once.
        if cx.parts.is_present(self.part) || cx.parts.unstructured {
            return;
        }
        let mentions = &cx.parts.mentions[self.part];
        let Some(&first) = mentions.first() else {
            return;
        };
        let label = &cx.catalog.parts[self.part].label;
        let (_, _, prev, next) = super::required_part::insertion_point(cx, self.part);
        let mut hit = Hit::new(first, format!("「{label}」只在这句话里提到"))
            .var("part", label)
            .var("sentence", super::quote(cx.text(), first, 40))
            .var("prev", prev)
            .var("next", next);
        for &other in mentions.iter().skip(1).take(2) {
            hit = hit.related(other, "此处也只是顺带提到");
        }
        hits.push(hit);
    }
}
