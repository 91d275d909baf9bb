//! The parts a report must contain (主要举措和成效, 存在的不足和原因, …),
//! as defined by rule packs, and where each part is in a given document.
//!
//! A part is recognised by its top-level heading. One part may be a
//! `fallback`: top-level sections that match no part belong to it (the
//! measures are often split into several topical sections). A part may also
//! define `mentions`: patterns that show the part's subject only in a
//! sentence inside another part.
//!
//! Parts belong to a report type (the type of the pack that defines them):
//! a report of one type is mapped with that type's parts only, with that
//! type's fallback part, and part names are unique within a type.

use crate::document::Document;
use crate::textpos::Span;
use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartSpec {
    pub name: String,
    /// The part's name for report writers (Chinese).
    pub label: String,
    #[serde(default)]
    pub headings: Vec<String>,
    #[serde(default)]
    pub mentions: Vec<String>,
    #[serde(default)]
    pub fallback: bool,
    /// Higher priority parts are tried first when a heading matches several.
    #[serde(default)]
    pub priority: i32,
    /// Also accept a dedicated sub-heading (e.g. （三）) as the part.
    #[serde(default)]
    pub subheadings: bool,
    /// Also accept a run-in item of its own (「二是扛牢法治建设第一责任人
    /// 职责。……」) whose first sentence matches `headings`.
    #[serde(default)]
    pub items: bool,
    /// With `items`: titles of run-in items about the subject in general
    /// (「二是压实法治责任。」) that count as the part when the item's next
    /// sentence matches `mentions`.
    #[serde(default)]
    pub item_titles: Vec<String>,
    /// Where the part belongs in a report: right after this part (defined
    /// earlier, in this pack or a pack loaded before). Default: after every
    /// part defined before it.
    #[serde(default)]
    pub after: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PartDef {
    pub name: String,
    pub label: String,
    pub headings: Vec<Regex>,
    pub mentions: Vec<Regex>,
    pub fallback: bool,
    pub priority: i32,
    pub subheadings: bool,
    pub items: bool,
    pub item_titles: Vec<Regex>,
    pub after: Option<String>,
    /// The report type the part belongs to (index into the loaded types).
    pub report_type: Option<usize>,
}

impl PartDef {
    /// Errors carry the offending text, to locate it in the YAML.
    pub fn compile(spec: PartSpec) -> Result<PartDef, (String, String)> {
        if spec.headings.is_empty() && !spec.fallback {
            return Err((
                spec.name.clone(),
                format!("part `{}` needs `headings` or `fallback: true`", spec.name),
            ));
        }
        Ok(PartDef {
            headings: crate::pattern::compile_all(&spec.headings)?,
            mentions: crate::pattern::compile_all(&spec.mentions)?,
            name: spec.name,
            label: spec.label,
            fallback: spec.fallback,
            priority: spec.priority,
            subheadings: spec.subheadings,
            items: spec.items,
            item_titles: crate::pattern::compile_all(&spec.item_titles)?,
            after: spec.after,
            report_type: None,
        })
    }

    /// Whether heading words name this part. Pinyin annotations that some
    /// mirror sites insert inside words (「第一責(zé)任人」) are left out.
    pub fn matches_heading(&self, words: &str) -> bool {
        let words = without_pinyin(words);
        self.headings.iter().any(|r| r.is_match(&words))
    }
}

/// Pinyin in brackets right after a character: 「應(yīng)急」.
static PINYIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]").expect("valid regex")
});

fn without_pinyin(words: &str) -> std::borrow::Cow<'_, str> {
    PINYIN.replace_all(words, "")
}

/// Every part defined by the loaded packs, in their canonical order: the
/// order a report presents them in, and so where a missing part belongs.
/// That is the order of definition, except that a part with `after: X`
/// comes right after X (and after parts placed after X before it).
#[derive(Debug, Clone, Default)]
pub struct PartCatalog {
    pub parts: Vec<PartDef>,
    /// Part indices in matching order (priority, then definition order).
    match_order: Vec<usize>,
    /// Rules of a type's pack name the parts of that type only.
    scope: Option<usize>,
}

impl PartCatalog {
    /// `defined`: the parts in the order the packs define them. Every
    /// `after` names a part defined earlier (the pack loader checks it).
    pub fn new(defined: Vec<PartDef>) -> Self {
        let order = canonical_order(&defined);
        let mut position = vec![0; defined.len()];
        for (pos, &i) in order.iter().enumerate() {
            position[i] = pos;
        }
        let mut by_priority: Vec<usize> = (0..defined.len()).collect();
        by_priority.sort_by_key(|&i| (-defined[i].priority, i));
        let match_order = by_priority.into_iter().map(|i| position[i]).collect();
        let mut slots: Vec<Option<PartDef>> = defined.into_iter().map(Some).collect();
        let parts = order.iter().filter_map(|&i| slots[i].take()).collect();
        PartCatalog {
            parts,
            match_order,
            scope: None,
        }
    }

    /// The same parts, naming only those of report type `ty` (for
    /// compiling the rules of that type's packs).
    pub fn scoped(&self, ty: Option<usize>) -> PartCatalog {
        PartCatalog {
            scope: ty,
            ..self.clone()
        }
    }

    fn in_scope(&self, part: &PartDef) -> bool {
        self.scope.is_none() || part.report_type == self.scope
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.parts
            .iter()
            .position(|p| p.name == name && self.in_scope(p))
    }

    pub fn names(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter(|p| self.in_scope(p))
            .map(|p| p.name.as_str())
            .collect()
    }

    /// Whether a part of type `ty` other than its fallback matches `words`.
    pub fn matches_typed_heading(&self, ty: usize, words: &str) -> bool {
        self.parts
            .iter()
            .any(|p| p.report_type == Some(ty) && !p.fallback && p.matches_heading(words))
    }

    fn classify(&self, words: &str, ty: Option<usize>) -> Option<usize> {
        self.match_order
            .iter()
            .copied()
            .filter(|&i| self.parts[i].report_type == ty)
            .find(|&i| self.parts[i].matches_heading(words))
    }
}

/// Definition indices in canonical order (see [`PartCatalog`]).
fn canonical_order(parts: &[PartDef]) -> Vec<usize> {
    let index_of = |name: &str| parts.iter().position(|p| p.name == name);
    // Whether `part`'s chain of `after`s leads to `ancestor`.
    let descends_from = |part: usize, ancestor: usize| {
        let mut current = part;
        for _ in 0..parts.len() {
            match parts[current].after.as_deref().and_then(index_of) {
                Some(a) if a == ancestor => return true,
                Some(a) => current = a,
                None => return false,
            }
        }
        false
    };
    let mut order: Vec<usize> = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let anchor = part
            .after
            .as_deref()
            .and_then(|name| order.iter().position(|&j| parts[j].name == name));
        match anchor {
            None => order.push(i),
            Some(at) => {
                let anchor_index = order[at];
                let mut pos = at + 1;
                while pos < order.len() && descends_from(order[pos], anchor_index) {
                    pos += 1;
                }
                order.insert(pos, i);
            }
        }
    }
    order
}

/// Where each part is in one document.
#[derive(Debug, Clone, Default)]
pub struct PartMap {
    /// For each part (catalog index), the headings of its sections in order.
    pub sections: Vec<Vec<usize>>,
    /// For each top-level heading, the part it belongs to.
    pub top_level: Vec<(usize, Option<usize>)>,
    /// For each part without sections, run-in items of its own (the
    /// item's first sentence, 「二是压实法治建设第一责任人职责」).
    pub items: Vec<Vec<Span>>,
    /// For each part without sections or items, sentences that mention it.
    pub mentions: Vec<Vec<Span>>,
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
            mentions: vec![Vec::new(); n],
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
            if !def.mentions.is_empty() {
                map.mentions[part] = find_mentions(doc, &def.mentions);
            }
        }
        map
    }

    /// Whether the part has a section or a run-in item of its own.
    pub fn is_present(&self, part: usize) -> bool {
        !self.sections[part].is_empty() || !self.items[part].is_empty()
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

/// Run-in items 「一是…。」 that start a clause.
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[。；！？!?;：:])\s*([一二三四五六七八九十]{1,3}是)").expect("valid regex")
});

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

/// Not a sentence mark or a space: where the next sentence starts.
fn is_sentence_text(c: char) -> bool {
    !matches!(c, '。' | '；' | '！' | '？' | '!' | '?' | ';') && !crate::document::date::is_space(c)
}

/// Sentences of the body prose that match any of `patterns`.
fn find_mentions(doc: &Document, patterns: &[Regex]) -> Vec<Span> {
    let mut found: Vec<Span> = Vec::new();
    for piece in doc.prose_in(doc.body_span()) {
        let text = piece.text(doc.matching());
        for pattern in patterns {
            for m in pattern.find_iter(text) {
                let sentence = sentence_around(text, m.start(), m.end()).offset_by(piece.start);
                found.push(sentence);
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The stretch of `text` around `[start, end)` bounded by the nearest
/// `is_stop` characters (exclusive) or the ends of `text`.
pub fn between_stops(text: &str, start: usize, end: usize, is_stop: impl Fn(char) -> bool) -> Span {
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_stop(c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let to = text[end..]
        .char_indices()
        .find(|&(_, c)| is_stop(c))
        .map(|(i, _)| end + i)
        .unwrap_or(text.len());
    Span::new(from, to)
}

/// The sentence (between 。！？； or the ends of `text`) containing
/// `[start, end)`, with its closing mark and without leading spaces.
pub fn sentence_around(text: &str, start: usize, end: usize) -> Span {
    let is_stop = |c: char| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';');
    let inner = between_stops(text, start, end, is_stop);
    let to = text[inner.end..]
        .chars()
        .next()
        .map_or(inner.end, |c| inner.end + c.len_utf8());
    let sentence = &text[inner.start..to];
    let lead = sentence.len()
        - sentence
            .trim_start_matches(crate::document::date::is_space)
            .len();
    Span::new(inner.start + lead, to)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn named(name: &str, after: Option<&str>, heading: &str, priority: i32) -> PartDef {
        PartDef::compile(PartSpec {
            name: name.into(),
            label: name.into(),
            headings: vec![heading.into()],
            mentions: vec![],
            fallback: false,
            priority,
            subheadings: false,
            items: false,
            item_titles: vec![],
            after: after.map(Into::into),
        })
        .unwrap()
    }

    #[test]
    fn after_places_a_part_in_the_canonical_order() {
        let catalog = PartCatalog::new(vec![
            named("a", None, "甲", 0),
            named("b", None, "乙", 0),
            named("c", None, "丙", 0),
            named("x", Some("a"), "安全", 0),
            named("y", Some("x"), "应急", 0),
            named("z", Some("a"), "消防", 0),
            named("w", None, "其他", 0),
        ]);
        assert_eq!(catalog.names(), ["a", "x", "y", "z", "b", "c", "w"]);
    }

    #[test]
    fn reordering_keeps_definition_order_for_equal_priorities() {
        // `late` is placed first but was defined last: on a heading both
        // match, the earlier definition still wins.
        let catalog = PartCatalog::new(vec![
            named("first", None, "问题", 1),
            named("late", None, "安全生产", 0),
            named("early", Some("first"), "安全生产.*问题", 1),
        ]);
        assert_eq!(catalog.names(), ["first", "early", "late"]);
        let first = catalog.index("first");
        assert_eq!(catalog.classify("安全生产领域存在的问题", None), first);
        assert_eq!(
            catalog.classify("安全生产工作", None),
            catalog.index("late")
        );
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

    #[test]
    fn sentence_boundaries() {
        let t = "甲。乙丙；丁";
        let i = t.find('丙').unwrap();
        assert_eq!(sentence_around(t, i, i + 3).text(t), "乙丙；");
    }
}
