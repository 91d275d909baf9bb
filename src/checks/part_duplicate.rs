//! `part-duplicate`: a part appears as two top-level sections.

use super::{part_index, quote, Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Parts that must appear once; default: every part but the fallback.
    #[serde(default)]
    pub parts: Option<Vec<String>>,
}

#[derive(Debug)]
pub struct PartDuplicate {
    parts: Vec<usize>,
}

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<PartDuplicate, SpecError> {
    let parts = match params.parts {
        Some(names) => names
            .iter()
            .map(|n| part_index(catalog, n))
            .collect::<Result<_, _>>()?,
        None => (0..catalog.parts.len())
            .filter(|&i| !catalog.parts[i].fallback)
            .collect(),
    };
    Ok(PartDuplicate { parts })
}

impl Check for PartDuplicate {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        for &part in &self.parts {
            let sections = &cx.parts.sections[part];
            let Some((&first, rest)) = sections.split_first() else {
                continue;
            };
            for &again in rest {
                let first_quote = quote(doc.text, doc.headings[first].span(), 30);
                hits.push(
                    Hit::new(doc.headings[again].span(), "重复的部分")
                        .var("part", &cx.catalog.parts[part].label)
                        .var("first", first_quote)
                        .related(doc.headings[first].span(), "第一次出现在这里"),
                );
            }
        }
    }
}
