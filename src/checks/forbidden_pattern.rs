//! `forbidden-pattern`: text that must not be in a report (web-page residue,
//! garbled numbers…). Options: `scope` limits where to look; `max` turns the
//! pattern into a numeric check on its group `value` (percentages over 100);
//! `unless` skips matches whose clause matches it; `whole_block` labels the
//! whole paragraph once; `aggregate` reports all matches as one finding;
//! `replace` is a fix, a template over the pattern's groups (`$1`, `${name}`);
//! `page_residue` says that a line a pattern matches is not report text
//! (see [`Check::page_residue`]).

use super::{quote, Check, Context, Hit, SpecError};
use crate::document::Document;
use crate::schema::parts::PartCatalog;
use crate::text::anchors;
use crate::text::index::Marks;
use crate::text::pattern::Pattern;
use crate::text::span::Span;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

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
    /// What to write instead of each match (the fix), a template that may
    /// use the match's groups.
    #[serde(default)]
    pub replace: Option<String>,
    /// Do not look inside the tables of the report's sections (their `|`
    /// are cell separators).
    #[serde(default)]
    pub outside_tables: bool,
    /// The patterns match page residue (a web page's widgets, metadata,
    /// navigation): a line after the report that one of them matches is
    /// not report text, and the model skips it when it looks for the
    /// closing.
    #[serde(default)]
    pub page_residue: bool,
}

#[derive(Debug)]
pub struct ForbiddenPattern {
    /// Shared with the document model when `page_residue`.
    patterns: Arc<[Pattern]>,
    scope: Scope,
    max: Option<f64>,
    unless: Option<Pattern>,
    whole_block: bool,
    aggregate: bool,
    replace: Option<String>,
    outside_tables: bool,
    page_residue: bool,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<ForbiddenPattern, SpecError> {
    if params.patterns.is_empty() {
        return Err(SpecError::new("patterns", "`patterns` must not be empty"));
    }
    let patterns = crate::text::pattern::compile_all(&params.patterns)?;
    if params.max.is_some() {
        if let Some((_, source)) = patterns
            .iter()
            .zip(&params.patterns)
            // A lazily loaded (built-in) pattern is not compiled to read
            // its groups: the test that compiles them all eagerly does.
            .filter(|(re, _)| re.is_compiled())
            .find(|(re, _)| re.capture_names().all(|n| n != Some("value")))
        {
            return Err(SpecError::new(
                source.clone(),
                "with `max`, each pattern needs a group named `value`",
            ));
        }
    }
    let unless = match params.unless {
        Some(p) => {
            Some(crate::text::pattern::compile(&p).map_err(|e| SpecError::new(p.clone(), e))?)
        }
        None => None,
    };
    if let Some(template) = &params.replace {
        if params.max.is_some() || params.whole_block {
            return Err(SpecError::new(
                "replace",
                "`replace` cannot be used with `max` or `whole_block`: the fix replaces the match itself",
            ));
        }
        if let Some((group, _)) = patterns
            .iter()
            .filter(|re| re.is_compiled())
            .find_map(|re| super::substitution::unknown_group(re, template).map(|g| (g, re)))
        {
            return Err(SpecError::new(
                template.clone(),
                format!("`replace` uses group `{group}`, which a pattern does not have"),
            ));
        }
    }
    Ok(ForbiddenPattern {
        patterns: patterns.into(),
        scope: params.scope,
        max: params.max,
        unless,
        whole_block: params.whole_block,
        aggregate: params.aggregate,
        replace: params.replace,
        outside_tables: params.outside_tables,
        page_residue: params.page_residue,
    })
}

/// The marks a clause ends at, for `unless`: Chinese or ASCII punctuation.
const CLAUSE_STOPS: Marks = Marks::of(&['。', '，', '；', '！', '？', ',', ';', '!', '?', '\n']);

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
        // The fix for each found span, when the rule has `replace` (the
        // first pattern's, when several match the same text).
        let mut replacements: HashMap<Span, String> = HashMap::new();
        // Regions are disjoint and in text order, so the spans found in
        // one are the tail of `found` from where it began.
        for region in self.regions(doc) {
            if cx.over() {
                return;
            }
            // Every match holds a literal; a region without one has none.
            if !anchors::may_hold(cx.candidates, region) {
                continue;
            }
            let region_from = found.len();
            // Matched in simplified characters; quoted from the original.
            let text = region.text(doc.matching());
            let mut in_region: Vec<Span> = Vec::new();
            let mut region_replacements: Vec<(Span, String)> = Vec::new();
            for pattern in self.patterns.iter() {
                // Matches come in text order: the clause of the last one
                // and whether `unless` spared it, so that each clause is
                // read once per pattern however many matches it holds.
                let mut spared: Option<(Span, bool)> = None;
                let mut consider = |m: regex::Match, caps: Option<&regex::Captures>| {
                    if m.is_empty() {
                        return;
                    }
                    let value = caps.and_then(|caps| caps.name("value"));
                    if let Some(max) = self.max {
                        let value = value.and_then(|v| v.as_str().parse::<f64>().ok());
                        if value.is_none_or(|v| v <= max) {
                            return;
                        }
                    }
                    if let Some(unless) = &self.unless {
                        let (start, end) = (region.start + m.start(), region.start + m.end());
                        let clause = doc.index.between_in(region, start, end, CLAUSE_STOPS);
                        let is_spared = match spared {
                            Some((last, verdict)) if last == clause => verdict,
                            _ => unless.is_match(clause.text(doc.matching())),
                        };
                        spared = Some((clause, is_spared));
                        if is_spared {
                            return;
                        }
                    }
                    // With `max`, the finding is about the number itself.
                    let m = value.filter(|_| self.max.is_some()).unwrap_or(m);
                    let span = Span::new(m.start(), m.end()).offset_by(region.start);
                    if let (Some(template), Some(caps)) = (&self.replace, caps) {
                        let mut written = String::new();
                        caps.expand(template, &mut written);
                        region_replacements.push((span, written));
                    }
                    in_region.push(span);
                };
                // Groups cost a slower search: only `max` and `replace`
                // read them.
                if self.max.is_some() || self.replace.is_some() {
                    for caps in pattern.captures_iter(text) {
                        if let Some(m) = caps.get(0) {
                            consider(m, Some(&caps));
                        }
                    }
                } else {
                    for m in pattern.find_iter(text) {
                        consider(m, None);
                    }
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
            for (span, written) in region_replacements {
                replacements.entry(span).or_insert(written);
            }
            if self.whole_block && found.len() > region_from {
                found.truncate(region_from);
                found.push(region);
            }
        }
        // A match whose replacement is itself needs no change.
        let fix_of = |span: Span| replacements.get(&span).cloned();
        if self.replace.is_some() {
            found.retain(|&span| fix_of(span).is_none_or(|w| w != span.text(doc.text)));
        }
        let make = |span: Span| {
            let mut hit = Hit::new(span, "应删除或核实").var("found", quote(doc.text, span, 30));
            if let Some(written) = fix_of(span) {
                hit = hit.var("replacement", written.clone()).edit(span, written);
            }
            hit
        };
        if self.aggregate {
            if let Some((&first, rest)) = found.split_first() {
                let mut hit = make(first).var("count", found.len().to_string());
                for &span in rest {
                    if let Some(written) = fix_of(span) {
                        hit = hit.edit(span, written);
                    }
                }
                for &span in rest.iter().take(2) {
                    hit = hit.related(span, "此处也是");
                }
                hits.push(hit);
            }
        } else {
            hits.extend(found.into_iter().map(|span| make(span).var("count", "1")));
        }
    }

    /// Every hit is on a match of a pattern (in the simplified copy).
    fn triggers(&self) -> Option<Vec<Vec<u8>>> {
        super::triggers_of(self.patterns.iter())
    }

    fn page_residue(&self) -> Option<Arc<[Pattern]>> {
        self.page_residue.then(|| Arc::clone(&self.patterns))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::substitution::hits_on;

    fn check(yaml: &str) -> Result<ForbiddenPattern, SpecError> {
        let params: Params = serde_yaml::from_str(yaml).expect("params");
        compile(params, &PartCatalog::default())
    }

    #[test]
    fn replace_fills_its_template_from_the_groups() {
        let rule = check("patterns: ['做出(决定|部署|贡献)']\nreplace: 作出$1").unwrap();
        let text = "市政府做出决定，做出部署。";
        let hits = hits_on(&rule, text, None);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].fix[0].content, "作出决定");
        assert_eq!(hits[1].fix[0].content, "作出部署");
        assert!(hits_on(&rule, "市政府作出决定。", None).is_empty());
    }

    #[test]
    fn aggregated_findings_fix_every_place() {
        let yaml = "patterns: ['(\\d+)\\s*[%％]{2,}']\nreplace: '${1}%'\naggregate: true";
        let rule = check(yaml).unwrap();
        let hits = hits_on(&rule, "达到95%%，完成98％％。", None);
        assert_eq!(hits.len(), 1);
        let fixes: Vec<&str> = hits[0].fix.iter().map(|e| e.content.as_str()).collect();
        assert_eq!(fixes, vec!["95%", "98%"]);
    }

    #[test]
    fn a_replacement_equal_to_the_match_is_no_finding() {
        // The template keeps what the pattern matched: nothing to fix.
        let rule = check("patterns: ['作出|做出']\nreplace: 作出").unwrap();
        let hits = hits_on(&rule, "作出决定，做出部署。", None);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].fix[0].content, "作出");
    }

    #[test]
    fn replace_errors() {
        let err = |yaml: &str| check(yaml).unwrap_err().message;
        assert!(err("patterns: ['a(b)']\nreplace: '$2'").contains("group `2`"));
        assert!(err("patterns: ['a']\nreplace: b\nwhole_block: true").contains("cannot be used"));
        assert!(err("patterns: ['(?P<value>1)']\nreplace: b\nmax: 1").contains("cannot be used"));
    }
}
