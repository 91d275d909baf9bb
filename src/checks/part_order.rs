//! `part-order`: parts come in the order the guidance sets, e.g. the
//! shortcomings before the plan. Each pair `[a, b]` says a's first section
//! precedes b's first section.

use super::{part_index, quote, Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub before: Vec<[String; 2]>,
}

#[derive(Debug)]
pub struct PartOrder {
    pairs: Vec<(usize, usize)>,
}

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<PartOrder, SpecError> {
    let pairs = params
        .before
        .iter()
        .map(|[a, b]| Ok((part_index(catalog, a)?, part_index(catalog, b)?)))
        .collect::<Result<_, SpecError>>()?;
    Ok(PartOrder { pairs })
}

impl Check for PartOrder {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let mut reported = Vec::new();
        for &(a, b) in &self.pairs {
            let (Some(first_a), Some(first_b)) = (cx.parts.first(a), cx.parts.first(b)) else {
                continue;
            };
            if first_a < first_b || reported.contains(&a) {
                continue;
            }
            reported.push(a);
            let label_a = &cx.catalog.parts[a].label;
            let label_b = &cx.catalog.parts[b].label;
            hits.push(
                Hit::new(
                    doc.headings[first_a].span(),
                    format!("此部分应在「{label_b}」之前"),
                )
                .var("part", label_a)
                .var("other", label_b)
                .var("heading", quote(doc.text, doc.headings[first_a].span(), 30))
                .related(doc.headings[first_b].span(), format!("「{label_b}」在这里")),
            );
        }
    }
}
