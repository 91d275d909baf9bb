//! `forbidden-pattern`: text that must not be in a report (web-page residue,
//! garbled numbers…). Options: `scope` limits where to look; `max` turns the
//! pattern into a numeric check on its group `value` (percentages over 100);
//! `unless` skips matches whose clause matches it; `whole_block` labels the
//! whole paragraph once; `aggregate` reports all matches as one finding.

use super::{quote, Check, Context, Hit, SpecError};
use crate::document::Document;
use crate::parts::PartCatalog;
use crate::textpos::Span;
use regex::Regex;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The whole text, residue lines above the title included.
    #[default]
    All,
    /// Between title and closing block.
    Body,
    /// Heading words only.
    Headings,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub patterns: Vec<String>,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub unless: Option<String>,
    #[serde(default)]
    pub whole_block: bool,
    #[serde(default)]
    pub aggregate: bool,
    /// Do not look inside the tables of the report's sections (their `|`
    /// are cell separators).
    #[serde(default)]
    pub outside_tables: bool,
}

#[derive(Debug)]
pub struct ForbiddenPattern {
    patterns: Vec<Regex>,
    scope: Scope,
    max: Option<f64>,
    unless: Option<Regex>,
    whole_block: bool,
    aggregate: bool,
    outside_tables: bool,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<ForbiddenPattern, SpecError> {
    if params.patterns.is_empty() {
        return Err(SpecError::new("patterns", "`patterns` must not be empty"));
    }
    let patterns = crate::pattern::compile_all(&params.patterns)?;
    if params.max.is_some() {
        if let Some((_, source)) = patterns
            .iter()
            .zip(&params.patterns)
            .find(|(re, _)| re.capture_names().all(|n| n != Some("value")))
        {
            return Err(SpecError::new(
                source.clone(),
                "with `max`, each pattern needs a group named `value`",
            ));
        }
    }
    let unless = match params.unless {
        Some(p) => Some(crate::pattern::compile(&p).map_err(|e| SpecError::new(p.clone(), e))?),
        None => None,
    };
    Ok(ForbiddenPattern {
        patterns,
        scope: params.scope,
        max: params.max,
        unless,
        whole_block: params.whole_block,
        aggregate: params.aggregate,
        outside_tables: params.outside_tables,
    })
}

/// The clause (between Chinese or ASCII punctuation) around a match.
fn clause_around(text: &str, start: usize, end: usize) -> &str {
    let is_stop = |c: char| {
        matches!(
            c,
            '。' | '，' | '；' | '！' | '？' | ',' | ';' | '!' | '?' | '\n'
        )
    };
    crate::parts::between_stops(text, start, end, is_stop).text(text)
}

impl ForbiddenPattern {
    fn regions(&self, doc: &Document) -> Vec<Span> {
        // Tables of the report's sections; rows above its first heading
        // (a page's 索引号 | 发文机关 block) are still looked at.
        let first_heading = doc.headings.first().map_or(usize::MAX, |h| h.block);
        let blocks = doc
            .blocks
            .iter()
            .enumerate()
            .filter(|&(i, _)| !(self.outside_tables && i >= first_heading && doc.block_in_table[i]))
            .map(|(_, b)| b);
        match self.scope {
            Scope::All => blocks.map(|b| b.span).collect(),
            Scope::Body => {
                let body = doc.body_span();
                blocks
                    .map(|b| b.span)
                    .filter(|s| body.contains(*s))
                    .collect()
            }
            Scope::Headings => doc.headings.iter().map(|h| h.title_span).collect(),
        }
    }
}

impl Check for ForbiddenPattern {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let mut found: Vec<Span> = Vec::new();
        for region in self.regions(doc) {
            // Matched in simplified characters; quoted from the original.
            let text = region.text(doc.matching());
            let mut in_region: Vec<Span> = Vec::new();
            for pattern in &self.patterns {
                for caps in pattern.captures_iter(text) {
                    let Some(m) = caps.get(0) else { continue };
                    if m.is_empty() {
                        continue;
                    }
                    if let Some(max) = self.max {
                        let value = caps
                            .name("value")
                            .and_then(|v| v.as_str().parse::<f64>().ok());
                        if value.is_none_or(|v| v <= max) {
                            continue;
                        }
                    }
                    if let Some(unless) = &self.unless {
                        if unless.is_match(clause_around(text, m.start(), m.end())) {
                            continue;
                        }
                    }
                    // With `max`, the finding is about the number itself.
                    let m = caps
                        .name("value")
                        .filter(|_| self.max.is_some())
                        .unwrap_or(m);
                    in_region.push(Span::new(m.start(), m.end()).offset_by(region.start));
                }
            }
            in_region.sort();
            // Overlapping matches of several patterns are one problem.
            for span in in_region {
                if found.last().is_some_and(|last| last.end > span.start) {
                    continue;
                }
                found.push(span);
            }
            if self.whole_block && found.last().is_some_and(|last| region.contains(*last)) {
                found.retain(|s| !region.contains(*s));
                found.push(region);
            }
        }
        let make =
            |span: Span| Hit::new(span, "应删除或核实").var("found", quote(doc.text, span, 30));
        if self.aggregate {
            if let Some((&first, rest)) = found.split_first() {
                let mut hit = make(first).var("count", found.len().to_string());
                for &span in rest.iter().take(2) {
                    hit = hit.related(span, "此处也是");
                }
                hits.push(hit);
            }
        } else {
            hits.extend(found.into_iter().map(|span| make(span).var("count", "1")));
        }
    }
}
