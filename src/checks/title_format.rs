//! `title-format`: the title has every required element (year, report
//! kind…); `unit: true` also requires the unit's name before the year.

use super::{Check, Context, Hit, SpecError};
use crate::packs::parts::PartCatalog;
use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub pattern: String,
    /// What is missing if the pattern does not match (Chinese, for messages).
    pub name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default)]
    pub requires: Vec<Requirement>,
    #[serde(default)]
    pub unit: bool,
}

#[derive(Debug)]
pub struct TitleFormat {
    requires: Vec<(Regex, String)>,
    unit: bool,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<TitleFormat, SpecError> {
    let requires = params
        .requires
        .into_iter()
        .map(|r| {
            crate::text::pattern::compile(&r.pattern)
                .map(|re| (re, r.name))
                .map_err(|e| SpecError::new(r.pattern.clone(), e))
        })
        .collect::<Result<_, _>>()?;
    Ok(TitleFormat {
        requires,
        unit: params.unit,
    })
}

impl Check for TitleFormat {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some(title) = &cx.doc.title else { return };
        let text = title.span.text(cx.doc.matching());
        let mut missing: Vec<&str> = Vec::new();
        if self.unit && title.unit.is_none() {
            missing.push("单位名称");
        }
        missing.extend(
            self.requires
                .iter()
                .filter(|(re, _)| !re.is_match(text))
                .map(|(_, name)| name.as_str()),
        );
        if !missing.is_empty() {
            let missing = missing.join("、");
            hits.push(
                Hit::new(title.span, format!("标题缺少{missing}"))
                    .var("missing", missing)
                    .var("title", title.span.text(cx.text())),
            );
        }
    }
}
