//! `title-format`: the title has every required element (year, report
//! kind…); `unit: 单位名称` also requires the unit's name before the year
//! and says what `{missing}` calls it.

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub pattern: String,
    /// What is missing if the pattern does not match (Chinese, for messages).
    pub name: String,
}

/// `unit`: what `{missing}` calls the unit (「单位名称」), or `true`/`false`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum UnitParam {
    Required(bool),
    Named(String),
}

impl Default for UnitParam {
    fn default() -> Self {
        UnitParam::Required(false)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default)]
    pub requires: Vec<Requirement>,
    #[serde(default)]
    pub unit: UnitParam,
}

/// What `unit: true` calls a missing unit: the 发文机关名称 of GB/T
/// 9704-2012 7.3.1, the same for every 公文 (packs written before `unit`
/// took a name say `true`; the built-in packs name it).
const UNIT: &str = "单位名称";

#[derive(Debug)]
pub struct TitleFormat {
    requires: Vec<(crate::text::pattern::Pattern, String)>,
    /// What is missing when the title names no unit; `None`: not checked.
    unit: Option<String>,
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
    let unit =
        match params.unit {
            UnitParam::Required(false) => None,
            UnitParam::Required(true) => Some(UNIT.to_string()),
            UnitParam::Named(name) if name.trim().is_empty() => return Err(SpecError::new(
                "unit",
                "`unit` says what the title lacks without a unit (`unit: 单位名称`), or is `false`",
            )),
            UnitParam::Named(name) => Some(name),
        };
    Ok(TitleFormat { requires, unit })
}

impl Check for TitleFormat {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some(title) = &cx.doc.title else { return };
        let text = title.span.text(cx.doc.matching());
        let mut missing: Vec<&str> = Vec::new();
        if let (Some(name), None) = (&self.unit, title.unit) {
            missing.push(name);
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

#[cfg(test)]
mod tests {
    use super::super::testing::run_kind;
    use super::*;

    #[test]
    fn the_unit_is_named_by_the_rule() {
        let no_unit = "关于2022年法治政府建设情况的报告\n一、主要举措\n";
        let missing = |yaml: &str| -> Vec<String> {
            run_kind(yaml, no_unit)
                .into_iter()
                .map(|h| h.label)
                .collect()
        };
        assert_eq!(
            missing("kind: title-format\nunit: 发文机关名称\n"),
            ["标题缺少发文机关名称"]
        );
        assert_eq!(
            missing("kind: title-format\nunit: true\n"),
            ["标题缺少单位名称"]
        );
        assert!(missing("kind: title-format\nunit: false\n").is_empty());
        assert!(run_kind(
            "kind: title-format\nunit: 单位名称\n",
            "某局2022年法治政府建设年度报告\n一、主要举措\n"
        )
        .is_empty());
        let params: Params = serde_yaml::from_str("unit: ' '\n").expect("parses");
        let err = compile(params, &PartCatalog::default()).unwrap_err();
        assert_eq!(err.needle, "unit");
    }
}
