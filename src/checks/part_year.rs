//! `part-year`: a part's heading, if it names a year, names the reported
//! year plus `offset` (the plan: reported year + 1).

use super::{part_index, Check, Context, Hit, SpecError};
use crate::document::title::years_in;
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub part: String,
    #[serde(default)]
    pub offset: i32,
}

#[derive(Debug)]
pub struct PartYear {
    part: usize,
    offset: i32,
}

/// The largest `offset` accepted: a report looks back or ahead a few years.
const MAX_OFFSET: i32 = 100;

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<PartYear, SpecError> {
    if params.offset.unsigned_abs() > MAX_OFFSET as u32 {
        return Err(SpecError::new(
            "offset",
            format!(
                "`offset` must be between -{MAX_OFFSET} and {MAX_OFFSET} years (got {})",
                params.offset
            ),
        ));
    }
    Ok(PartYear {
        part: part_index(catalog, &params.part)?,
        offset: params.offset,
    })
}

impl Check for PartYear {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some(reported) = cx.doc.year else { return };
        // `--year` can be any number; the offset is checked at load time.
        let Some(expected) = reported.year.checked_add(self.offset) else {
            return;
        };
        for &heading in &cx.parts.sections[self.part] {
            let words = cx.doc.headings[heading].title_span;
            let found = years_in(words.text(cx.text())).find(|(year, _)| *year != expected);
            if let Some((year, span)) = found {
                let mut hit = Hit::new(span.offset_by(words.start), format!("应为{expected}年"))
                    .var("found", year.to_string())
                    .var("expected", expected.to_string())
                    .var("year", reported.year.to_string())
                    .var("part", &cx.catalog.parts[self.part].label);
                if let Some(source) = reported.span {
                    hit = hit.related(source, format!("报告年度{}年据此确定", reported.year));
                }
                hits.push(hit);
            }
        }
    }
}
