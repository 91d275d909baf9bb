//! The parts a report must contain (主要举措和成效, 存在的不足和原因, …),
//! as the packs define them: the schema of `parts:` in a pack
//! ([`PartSpec`]), a part compiled ([`PartDef`]) and every part loaded
//! ([`PartCatalog`]), in the order a report presents them. Where each part
//! is in one document is [`crate::document::parts::PartMap`].
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

use crate::text::pattern::Pattern;
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
    pub headings: Vec<Pattern>,
    pub mentions: Vec<Pattern>,
    pub fallback: bool,
    pub priority: i32,
    pub subheadings: bool,
    pub items: bool,
    pub item_titles: Vec<Pattern>,
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
            headings: crate::text::pattern::compile_all(&spec.headings)?,
            mentions: crate::text::pattern::compile_all(&spec.mentions)?,
            name: spec.name,
            label: spec.label,
            fallback: spec.fallback,
            priority: spec.priority,
            subheadings: spec.subheadings,
            items: spec.items,
            item_titles: crate::text::pattern::compile_all(&spec.item_titles)?,
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
static PINYIN: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::fixed(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]"));

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

    pub fn classify(&self, words: &str, ty: Option<usize>) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
