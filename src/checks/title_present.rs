//! `title-present`: the report opens with a title that names the unit, the
//! year and the kind of report.

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Debug)]
pub struct TitlePresent;

pub fn compile(_: Params, _: &PartCatalog) -> Result<TitlePresent, SpecError> {
    Ok(TitlePresent)
}

impl Check for TitlePresent {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        if cx.doc.title.is_some() {
            return;
        }
        // The title belongs above the recipient line and the body, after
        // any page residue (which the hygiene rules report).
        let doc = cx.doc;
        let at = doc.recipient.unwrap_or(doc.body_start);
        let Some(first) = doc.blocks.get(at).or(doc.blocks.first()) else {
            return;
        };
        let span = super::first_line(cx.doc, first.span);
        let year = cx
            .doc
            .year
            .map(|y| y.year.to_string())
            .unwrap_or_else(|| "XXXX".into());
        hits.push(Hit::new(span, "标题应在这一段之前").var("year", year));
    }
}
