//! `signer-matches-title`: the signer is the unit the title names.

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Debug)]
pub struct SignerMatchesTitle;

pub fn compile(_: Params, _: &PartCatalog) -> Result<SignerMatchesTitle, SpecError> {
    Ok(SignerMatchesTitle)
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

impl Check for SignerMatchesTitle {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let (Some(signer), Some(unit)) =
            (doc.closing.signer, doc.title.as_ref().and_then(|t| t.unit))
        else {
            return;
        };
        let s = normalise(signer.text(doc.text));
        let u = normalise(unit.text(doc.text));
        let (ms, mu) = (
            normalise(signer.text(doc.matching())),
            normalise(unit.text(doc.matching())),
        );
        if ms.contains(&mu) || mu.contains(&ms) {
            return;
        }
        hits.push(
            Hit::new(signer, format!("标题中的单位是「{u}」"))
                .var("signer", s)
                .var("unit", u)
                .related(unit, "标题中的单位"),
        );
    }
}
