//! `heading-sequence`: sibling headings count 一、二、三 without gaps or
//! repeats, and a level is not skipped (一、 directly followed by 1.).
//!
//! Two numbering styles of real reports are accepted, not errors:
//! - **run-on numbering**: items that keep counting across the sections
//!   above them (1. 2. under （一）, 3. 4. under （二）). A group of items may
//!   start at 1 or where the same items under the previous section ended.
//! - **two levels**: 1. directly under 一、 when the report never uses the
//!   skipped level （一）: the report simply has two levels.
//!
//! `report: run-on` makes a rule report only the run-on style (once per
//! report, as a style note), so that it can be given its own severity or
//! be switched off.

use super::{Check, Context, Hit, SpecError};
use crate::document::{Document, MarkerKind};
use crate::schema::parts::PartCatalog;
use crate::text::numerals::to_chinese_number;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Report {
    /// Gaps, repeats and skipped levels (the default).
    #[default]
    Gaps,
    /// Numbering that runs on across sections.
    RunOn,
    /// A top level numbered in another scheme than 「一、」 (「第一部分」,
    /// 「壹、」, none…; see `document::scheme`), once per report.
    Scheme,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What the rule reports.
    #[serde(default)]
    pub report: Report,
}

#[derive(Debug)]
pub struct HeadingSequence {
    report: Report,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<HeadingSequence, SpecError> {
    Ok(HeadingSequence {
        report: params.report,
    })
}

fn marker_text(kind: MarkerKind, n: u32) -> String {
    let chinese = to_chinese_number;
    match kind {
        MarkerKind::Chinese => format!("{}、", chinese(n)),
        MarkerKind::ParenChinese => format!("（{}）", chinese(n)),
        MarkerKind::Arabic => format!("{n}."),
        MarkerKind::ParenArabic => format!("（{n}）"),
    }
}

const KINDS: [MarkerKind; 4] = [
    MarkerKind::Chinese,
    MarkerKind::ParenChinese,
    MarkerKind::Arabic,
    MarkerKind::ParenArabic,
];

/// The last number of each kind among the children of the previous
/// section at each depth: where run-on numbering continues from.
type RunOn = HashMap<(usize, MarkerKind), u32>;

/// Checks one group of siblings; `depth` is theirs. Returns the first
/// heading of the group whose numbering ran on, if any.
fn check_siblings(
    doc: &Document,
    siblings: &[usize],
    depth: usize,
    run_on: &mut RunOn,
    hits: &mut Vec<Hit>,
) -> Option<usize> {
    let mut ran_on = None;
    for kind in KINDS {
        let mut previous: Option<(usize, u32)> = None;
        for &h in siblings
            .iter()
            .filter(|&&h| doc.headings[h].marker.kind == kind)
        {
            let marker = &doc.headings[h].marker;
            let expected = match previous {
                Some((_, n)) => n + 1,
                None => {
                    let continued = run_on.get(&(depth, kind)).map(|n| n + 1);
                    if continued == Some(marker.number) && marker.number != 1 {
                        ran_on = Some(h);
                        marker.number
                    } else {
                        1
                    }
                }
            };
            if marker.number != expected {
                // A top level of another scheme is numbered in its own.
                let expected_text = match marker.scheme {
                    Some(_) => marker.numbered(expected),
                    None => marker_text(kind, expected),
                };
                let mut hit = Hit::new(
                    doc.headings[h].marker_span,
                    format!("应为「{expected_text}」"),
                )
                .var("found", marker.written.clone())
                .var("expected", expected_text);
                if let Some((prev, _)) = previous {
                    hit = hit.related(doc.headings[prev].marker_span, "上一个标题");
                }
                hits.push(hit);
            }
            previous = Some((h, marker.number));
        }
        if let Some((_, n)) = previous {
            run_on.insert((depth, kind), n);
        }
    }
    ran_on
}

impl Check for HeadingSequence {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let mut gaps = Vec::new();
        let mut run_on = RunOn::new();
        let mut ran_on: Vec<usize> = Vec::new();
        let used: Vec<MarkerKind> = KINDS
            .into_iter()
            .filter(|k| doc.headings.iter().any(|h| h.marker.kind == *k))
            .collect();
        let top: Vec<usize> = doc.top_level().map(|(i, _)| i).collect();
        check_siblings(doc, &top, 0, &mut RunOn::new(), &mut gaps);
        for parent in 0..doc.headings.len() {
            let children: Vec<usize> = doc.children(parent).map(|(i, _)| i).collect();
            let depth = doc.headings[parent].depth + 1;
            ran_on.extend(check_siblings(
                doc,
                &children,
                depth,
                &mut run_on,
                &mut gaps,
            ));
            let parent_rank = doc.headings[parent].marker.kind.rank();
            if let Some(&first) = children.first() {
                let kind = doc.headings[first].marker.kind;
                // The levels between parent and child that are skipped;
                // accepted when the report never uses them (two levels).
                let skipped_used = KINDS
                    .iter()
                    .filter(|k| k.rank() > parent_rank && k.rank() < kind.rank())
                    .any(|k| used.contains(k));
                // Under a top level numbered in a scheme of its own
                // (「第一部分」, none…) the levels are the report's own.
                let own_scheme = doc.headings[parent].marker.scheme.is_some();
                if kind.rank() > parent_rank + 1 && skipped_used && !own_scheme {
                    let skipped = marker_text(
                        match parent_rank {
                            1 => MarkerKind::ParenChinese,
                            2 => MarkerKind::Arabic,
                            _ => MarkerKind::ParenArabic,
                        },
                        1,
                    );
                    gaps.push(
                        Hit::new(
                            doc.headings[first].marker_span,
                            format!("跳过了「{skipped}」一级"),
                        )
                        .var("found", doc.headings[first].marker.written.clone())
                        .var("expected", skipped)
                        .related(doc.headings[parent].marker_span, "上级标题"),
                    );
                }
            }
        }
        match self.report {
            Report::Gaps => hits.extend(gaps),
            Report::Scheme => scheme(doc, hits),
            Report::RunOn => {
                if let Some((&first, rest)) = ran_on.split_first() {
                    let h = &doc.headings[first];
                    let mut hit = Hit::new(h.marker_span, "接续上一部分编号")
                        .var("found", h.marker.written.clone())
                        .var("count", (rest.len() + 1).to_string());
                    for &other in rest.iter().take(2) {
                        hit = hit.related(doc.headings[other].marker_span, "此处也接续编号");
                    }
                    hits.push(hit);
                }
            }
        }
    }
}

/// One finding for a top level numbered in a scheme of its own, on its
/// first heading, with the next two as related places.
fn scheme(doc: &Document, hits: &mut Vec<Hit>) {
    let Some(scheme) = doc.top.scheme else {
        return;
    };
    let tops: Vec<usize> = doc.top_level().map(|(i, _)| i).collect();
    let Some(&first) = tops.first() else {
        return;
    };
    let label = |h: usize| {
        let marker = &doc.headings[h].marker;
        if marker.written.is_empty() {
            format!("一级标题没有序号，应为「{}」", marker.standard)
        } else {
            format!("应为「{}」", marker.standard)
        }
    };
    let mut hit = Hit::new(doc.headings[first].span(), label(first))
        .var("count", tops.len().to_string())
        .var("found", scheme.shape())
        .var("expected", "一、");
    for &h in tops.iter().skip(1).take(2) {
        hit = hit.related(doc.headings[h].span(), label(h));
    }
    hits.push(hit);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, report: Report) -> Vec<String> {
        let hits = crate::checks::testing::hits_of(&HeadingSequence { report }, text, None);
        hits.iter().map(|h| h.span.text(text).to_string()).collect()
    }

    const RUN_ON: &str = "一、举措\n（一）领导\n1.学法。\n2.考核。\n（二）职能\n3.审批。\n4.监管。\n二、问题\n不足。\n";

    #[test]
    fn run_on_numbering_is_a_style_not_a_gap() {
        assert!(run(RUN_ON, Report::Gaps).is_empty());
        assert_eq!(run(RUN_ON, Report::RunOn), vec!["3."]);
        // Restarting at 1 is fine too; a real gap is still one.
        let restart = RUN_ON
            .replace("3.审批", "1.审批")
            .replace("4.监管", "2.监管");
        assert!(run(&restart, Report::Gaps).is_empty());
        assert!(run(&restart, Report::RunOn).is_empty());
        let gap = RUN_ON
            .replace("3.审批", "5.审批")
            .replace("4.监管", "6.监管");
        assert_eq!(run(&gap, Report::Gaps), vec!["5."]);
    }

    #[test]
    fn two_levels_may_skip_the_unused_level() {
        let two = "一、举措\n1.学法。\n2.考核。\n二、问题\n1.不足。\n";
        assert!(run(two, Report::Gaps).is_empty());
        let mixed = "一、举措\n1.学法。\n二、问题\n（一）不足\n原因。\n";
        assert_eq!(run(mixed, Report::Gaps), vec!["1."]);
    }

    #[test]
    fn gaps_and_repeats() {
        assert_eq!(run("一、甲\n二、乙\n四、丙\n", Report::Gaps), vec!["四、"]);
        assert_eq!(run("一、甲\n一、乙\n", Report::Gaps), vec!["一、"]);
    }
}
