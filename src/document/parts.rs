//! Where each part of the report's type (as the packs define them,
//! [`crate::schema::parts::PartCatalog`]) is in one document: which
//! top-level section is which part, which sub-heading or run-in item stands
//! for a part, and which sentences only mention one.

use crate::document::date::is_space;
use crate::document::heading::peek_other_top;
use crate::document::scheme::heading_like;
use crate::document::Document;
use crate::schema::parts::{PartCatalog, PartDef};
use crate::text::pattern::Pattern;
use crate::text::sentence::is_sentence_text;
use crate::text::span::Span;
use std::sync::LazyLock;

#[derive(Debug, Clone, Default)]
pub struct PartMap {
    /// For each part (catalog index), the headings of its sections in order.
    pub sections: Vec<Vec<usize>>,
    /// For each top-level heading, the part it belongs to.
    pub top_level: Vec<(usize, Option<usize>)>,
    /// For each part without sections, run-in items of its own (the
    /// item's first sentence, 「二是压实法治建设第一责任人职责」).
    pub items: Vec<Vec<Span>>,
    /// For each part without sections or items, lines outside the heading
    /// tree that read as its heading (a part under a form the tree did not
    /// take for a heading), or, in a report whose top level was not found,
    /// sentences that name it in its heading's words.
    pub lines: Vec<Vec<Span>>,
    /// For each part without sections or items, sentences that mention it.
    pub mentions: Vec<Vec<Span>>,
    /// The report has no top-level headings: parts are judged by words.
    pub unstructured: bool,
}

impl PartMap {
    /// The map with the parts of no report type (packs loaded without any
    /// type).
    pub fn analyse(doc: &Document, catalog: &PartCatalog) -> PartMap {
        PartMap::analyse_for(doc, catalog, None)
    }

    /// The map of a report of type `ty`: only that type's parts.
    pub fn analyse_for(doc: &Document, catalog: &PartCatalog, ty: Option<usize>) -> PartMap {
        let n = catalog.parts.len();
        let mut map = PartMap {
            sections: vec![Vec::new(); n],
            top_level: Vec::new(),
            items: vec![Vec::new(); n],
            lines: vec![Vec::new(); n],
            mentions: vec![Vec::new(); n],
            unstructured: doc.top.headings == 0,
        };
        let fallback = catalog
            .parts
            .iter()
            .position(|p| p.fallback && p.report_type == ty);
        for (index, heading) in doc.top_level() {
            let words = heading.title_span.text(doc.matching());
            let part = catalog.classify(words, ty).or(fallback);
            if let Some(part) = part {
                map.sections[part].push(index);
            }
            map.top_level.push((index, part));
        }
        for (part, def) in catalog.parts.iter().enumerate() {
            if !map.sections[part].is_empty() || def.report_type != ty {
                continue;
            }
            if def.subheadings {
                let found = matching_subheadings(doc, def);
                if !found.is_empty() {
                    map.sections[part] = found;
                    continue;
                }
            }
            if def.items {
                let found = matching_items(doc, def);
                if !found.is_empty() {
                    map.items[part] = found;
                    continue;
                }
            }
            let lines = match map.unstructured {
                false => heading_lines(doc, def),
                true => find_mentions(doc, &def.headings),
            };
            if !lines.is_empty() {
                map.lines[part] = lines;
                continue;
            }
            if !def.mentions.is_empty() {
                map.mentions[part] = find_mentions(doc, &def.mentions);
            }
        }
        map
    }

    /// Whether the part has a section, a run-in item or a heading-like
    /// line of its own.
    pub fn is_present(&self, part: usize) -> bool {
        !self.sections[part].is_empty()
            || !self.items[part].is_empty()
            || !self.lines[part].is_empty()
    }

    /// The first heading of a part, if present.
    pub fn first(&self, part: usize) -> Option<usize> {
        self.sections[part].first().copied()
    }
}

/// Sub-headings that match the part, without those nested in another match:
/// 「（一）…切实履行法治建设第一责任人职责」 with its own child
/// 「2.落实推进法治建设第一责任人职责」 is one part, named twice.
fn matching_subheadings(doc: &Document, def: &PartDef) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        if h.parent.is_none() || !def.matches_heading(h.title_span.text(doc.matching())) {
            continue;
        }
        // Found headings are in text order: an enclosing one is the last
        // found that starts before this one and whose section contains it.
        let nested = found.last().is_some_and(|&f| {
            doc.headings[f].section_end > h.marker_span.start && is_ancestor(doc, f, i)
        });
        if !nested {
            found.push(i);
        }
    }
    found
}

fn is_ancestor(doc: &Document, ancestor: usize, mut heading: usize) -> bool {
    while let Some(parent) = doc.headings[heading].parent {
        if parent == ancestor {
            return true;
        }
        heading = parent;
    }
    false
}

/// Lines of the body outside the heading tree, from the first top-level
/// heading on, that read as the part's heading: a short line of its own
/// with no sentence end, unnumbered or numbered 「第五部分」「伍、」, that
/// matches the part's heading patterns.
fn heading_lines(doc: &Document, def: &PartDef) -> Vec<Span> {
    let m = doc.matching();
    let body = doc.body_span();
    // Before the first top-level heading is the opening: a short line
    // there (a page's metadata value 「其他」 under 「主题分类」) is no part.
    let start = doc
        .top_level()
        .next()
        .map_or(body.start, |(_, h)| h.marker_span.start.max(body.start));
    let first = doc.blocks.partition_point(|b| b.span.end <= start);
    let mut found = Vec::new();
    for (index, block) in doc.blocks.iter().enumerate().skip(first) {
        if block.span.start >= body.end {
            break;
        }
        if doc.block_in_table[index] {
            continue;
        }
        // Headings of the tree are the part's sections or sub-headings
        // (`subheadings`), as the part defines; only lines outside it are
        // looked at here.
        if doc.block_heading[index].is_some() || !block.starts_line {
            continue;
        }
        let line = block.span.text(m);
        let words = match peek_other_top(line) {
            Some((_, _, len)) => &line[len..],
            None => line,
        };
        if heading_like(words) && def.matches_heading(words.trim_start_matches(is_space)) {
            found.push(block.span);
        }
    }
    found
}

/// Run-in items 「一是…。」 that start a clause.
static ITEM: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::fixed(r"(?:^|[。；！？!?;：:])\s*([一二三四五六七八九十]{1,3}是)"));

/// Longest first sentence of a run-in item that still reads as its title.
const ITEM_WORDS: usize = 40;

/// Run-in items whose first sentence (the item's own words) matches the part.
fn matching_items(doc: &Document, def: &PartDef) -> Vec<Span> {
    let mut found = Vec::new();
    for piece in doc.prose_in(doc.body_span()) {
        let text = piece.text(doc.matching());
        for caps in ITEM.captures_iter(text) {
            let Some(marker) = caps.get(1) else { continue };
            let rest = &text[marker.end()..];
            let end = rest
                .find(['。', '；', '！', '？', '!', '?', ';'])
                .unwrap_or(rest.len());
            let words = &rest[..end];
            if words.chars().count() > ITEM_WORDS {
                continue;
            }
            let about_it = def.matches_heading(words)
                || (def.item_titles.iter().any(|r| r.is_match(words)) && {
                    let after = rest[end..].trim_start_matches(|c: char| !is_sentence_text(c));
                    let next = after
                        .find(['。', '；', '！', '？', '!', '?', ';'])
                        .map_or(after, |i| &after[..i]);
                    def.mentions.iter().any(|r| r.is_match(next))
                });
            if about_it {
                found.push(Span::new(marker.start(), marker.end() + end).offset_by(piece.start));
            }
        }
    }
    found
}

/// Sentences of the body prose that match any of `patterns`.
fn find_mentions(doc: &Document, patterns: &[Pattern]) -> Vec<Span> {
    let mut found: Vec<Span> = Vec::new();
    for piece in doc.prose_in(doc.body_span()) {
        let text = piece.text(doc.matching());
        for pattern in patterns {
            for m in pattern.find_iter(text) {
                let (start, end) = (piece.start + m.start(), piece.start + m.end());
                found.push(doc.index.sentence_in(doc.matching(), piece, start, end));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::parts::PartSpec;

    fn catalog() -> PartCatalog {
        let spec = |name: &str, headings: &[&str], fallback: bool, priority: i32| PartSpec {
            name: name.into(),
            label: name.into(),
            headings: headings.iter().map(|s| s.to_string()).collect(),
            mentions: if name == "first" {
                vec!["第一责任人".into()]
            } else {
                vec![]
            },
            fallback,
            priority,
            subheadings: false,
            items: false,
            item_titles: vec![],
            after: None,
        };
        PartCatalog::new(vec![
            PartDef::compile(spec("measures", &["主要举措"], true, 0)).unwrap(),
            PartDef::compile(spec("shortcomings", &["存在.{0,6}问题"], false, 1)).unwrap(),
            PartDef::compile(spec("first", &["第一责任人"], false, 3)).unwrap(),
            PartDef::compile(spec("plan", &["计划$"], false, 2)).unwrap(),
        ])
    }

    #[test]
    fn classifies_top_level_sections_with_fallback_and_priority() {
        let text = "一、学法\n二、执法\n三、存在的问题\n问题多。局长某某履行第一责任人职责。\n四、2023年工作计划\n";
        let doc = Document::parse(text, None);
        let map = PartMap::analyse(&doc, &catalog());
        assert_eq!(map.sections[0], vec![0, 1]);
        assert_eq!(map.sections[1], vec![2]);
        assert!(!map.is_present(2));
        assert_eq!(map.mentions[2].len(), 1);
        assert_eq!(
            map.mentions[2][0].text(text),
            "局长某某履行第一责任人职责。"
        );
        assert_eq!(map.sections[3], vec![3]);
    }

    #[test]
    fn a_heading_like_line_of_the_opening_is_no_part() {
        let text = "某局2022年法治政府建设年度报告\n2023年计划\n今年我局认真落实。\n一、主要举措\n做了。\n二、存在的问题\n问题多。\n2023年工作计划\n继续。\n";
        let doc = Document::parse(text, None);
        let map = PartMap::analyse(&doc, &catalog());
        let lines: Vec<&str> = map.lines[3].iter().map(|s| s.text(text)).collect();
        assert_eq!(lines, ["2023年工作计划"]);
    }

    fn first_responsible() -> PartCatalog {
        PartCatalog::new(vec![
            PartDef::compile(PartSpec {
                name: "measures".into(),
                label: "measures".into(),
                headings: vec!["举措".into()],
                mentions: vec![],
                fallback: true,
                priority: 0,
                subheadings: false,
                items: false,
                item_titles: vec![],
                after: None,
            })
            .unwrap(),
            PartDef::compile(PartSpec {
                name: "first".into(),
                label: "first".into(),
                headings: vec!["第一责任人".into()],
                mentions: vec!["第一责任人".into()],
                fallback: false,
                priority: 3,
                subheadings: true,
                items: true,
                item_titles: vec!["(压实|履行).{0,8}法治.{0,6}(责任|职责)".into()],
                after: None,
            })
            .unwrap(),
        ])
    }

    #[test]
    fn a_subheading_and_its_own_child_are_one_part() {
        let text = "一、主要成效\n（一）加强组织领导，切实履行法治建设第一责任人职责\n1.深入学习。\n2.落实推进法治建设第一责任人职责。县长带头。\n二、其他举措\n（一）履行第一责任人职责\n做了。\n";
        let doc = Document::parse(text, None);
        let map = PartMap::analyse(&doc, &first_responsible());
        let found: Vec<&str> = map.sections[1]
            .iter()
            .map(|&h| doc.headings[h].title_span.text(text))
            .collect();
        // The nested child is dropped; a second sub-heading elsewhere is not.
        assert_eq!(
            found,
            [
                "加强组织领导，切实履行法治建设第一责任人职责",
                "履行第一责任人职责"
            ]
        );
    }

    #[test]
    fn a_run_in_item_of_its_own_is_the_part() {
        let catalog = first_responsible();
        let item =
            "一、主要举措\n一是加强学法。二是扛牢法治建设第一责任人职责。省委主要领导同志带头。\n";
        let doc = Document::parse(item, None);
        let map = PartMap::analyse(&doc, &catalog);
        assert!(map.is_present(1));
        assert_eq!(map.items[1][0].text(item), "二是扛牢法治建设第一责任人职责");
        // An item about the rule-of-law duty whose next sentence names it.
        let general =
            "一、主要举措\n二是压实法治责任。认真落实第一责任人职责规定，同部署同推进。\n";
        let doc = Document::parse(general, None);
        assert!(PartMap::analyse(&doc, &catalog).is_present(1));
        // A passing mention inside another item's sentence is only a mention.
        let mention = "一、主要举措\n一是加强学法。局长某某认真履行第一责任人责任，按时学法。\n";
        let doc = Document::parse(mention, None);
        let map = PartMap::analyse(&doc, &catalog);
        assert!(!map.is_present(1));
        assert_eq!(map.mentions[1].len(), 1);
        // The general title alone, without the duty in the next sentence, is not it.
        let other = "一、主要举措\n二是压实法治责任。开展执法检查。局长履行第一责任人职责。\n";
        let doc = Document::parse(other, None);
        assert!(!PartMap::analyse(&doc, &catalog).is_present(1));
    }

    #[test]
    fn pinyin_annotations_inside_heading_words_are_ignored() {
        let text = "一、全面加強黨的領(lǐng)導(dǎo)\n（三）切實履行法治建設(shè)第一責(zé)任人責(zé)任。部主要負(fù)責(zé)同志重視。\n";
        let doc = Document::parse(text, None);
        let map = PartMap::analyse(&doc, &first_responsible());
        assert_eq!(map.sections[1], vec![1]);
    }

    #[test]
    fn headings_match_in_simplified_characters() {
        let text = "一、主要舉措\n（一）履行第一責任人職責\n做了。\n";
        let doc = Document::parse(text, None);
        let map = PartMap::analyse(&doc, &first_responsible());
        assert_eq!(map.sections[1], vec![1]);
        assert_eq!(doc.headings[1].title_span.text(text), "履行第一責任人職責");
    }
}
