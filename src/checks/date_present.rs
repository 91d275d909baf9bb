//! `date-present`: the report ends with a date (成文日期) under the signer.

use super::{Check, Context, Hit, SpecError};
use crate::packs::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Debug)]
pub struct DatePresent;

pub fn compile(_: Params, _: &PartCatalog) -> Result<DatePresent, SpecError> {
    Ok(DatePresent)
}

impl Check for DatePresent {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        if cx.doc.closing.date.is_some() {
            return;
        }
        let (span, label) = match cx.doc.closing.signer {
            Some(signer) => (signer, "署名下方应有成文日期"),
            None => match super::signer_present::end_of_body(cx) {
                Some(span) => (span, "报告末尾应有成文日期"),
                None => return,
            },
        };
        let next = cx
            .doc
            .year
            .and_then(|y| y.year.checked_add(1))
            .map(|y| y.to_string())
            .unwrap_or_else(|| "XXXX".into());
        hits.push(Hit::new(span, label).var("next_year", next));
    }
}
