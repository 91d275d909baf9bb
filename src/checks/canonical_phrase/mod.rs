//! `canonical-phrase`: a fixed formulation that is an enumeration
//! (「职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的
//! 法治政府」) quoted with a wrong word, an item missing or added, or items
//! out of order.
//!
//! The matching is by item. A clause of the report is cut at the form's
//! separator (「、」 by default) into segments; each segment is aligned with
//! the canonical items by edit distance over characters: a middle segment
//! must be an item, the first may have words before it (「扎实推进职能科学」)
//! and the last words after it (「人民满意的法治政府」). A segment within a
//! quarter of an item's length (at least one character) is a near miss of
//! it. The clause is a quotation of the form only when enough items are
//! found (at least half of them and `min_items`, two of them exactly):
//! a sentence that merely shares a word or two with the form is not one.
//! An exact quotation, or one of the other forms a rule accepts (the same
//! goal in the previous plan), is never flagged. The fix is offered only
//! when the difference is certain: one near miss and nothing else, or the
//! right items in the wrong order.

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::anchors;
use crate::text::index::{Marks, TextIndex};
use crate::text::span::Span;
use memchr::memmem::Finder;
use serde::Deserialize;

mod matching;
mod regional;

use matching::{
    anchor_pieces, compare, contains, folded, normalized, reads_as_written, Comparison, Segment,
};
use regional::Regional;
pub use regional::RegionalSpec;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSpec {
    /// The formulation as its source writes it.
    pub text: String,
    /// The enumerated items, when they are not simply `text` cut at the
    /// separator (a formulation with words after its last item). An item
    /// may name other accepted spellings after `|`: the local forms of a
    /// national formulation (「依法治国|依法治省|依法治县」).
    #[serde(default)]
    pub items: Option<Vec<String>>,
    /// The document that fixes the formulation.
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub forms: Vec<FormSpec>,
    /// What separates the items: 「、」 (default) or 「，」.
    #[serde(default = "default_separator")]
    pub separator: String,
    /// The fewest items a clause must have of a form to be a quotation of it.
    #[serde(default = "default_min_items")]
    pub min_items: usize,
    /// A national formulation that a region's report may write with its
    /// own name (依法治国 → 依法治省, 依法治川, 依法治巴中).
    #[serde(default)]
    pub regional: Option<RegionalSpec>,
}

fn default_separator() -> String {
    "、".into()
}

fn default_min_items() -> usize {
    3
}

#[derive(Debug)]
struct Form {
    text: String,
    items: Vec<Vec<char>>,
    /// Other accepted spellings of each item, found only as written.
    variants: Vec<Vec<Vec<char>>>,
    /// Every spelling of each item as a string, for substring search.
    spellings: Vec<Vec<String>>,
    /// A searcher for each of `spellings`, built once: every block of
    /// every report is searched for each of them.
    finders: Vec<Vec<Finder<'static>>>,
    source: String,
}

#[derive(Debug)]
pub struct CanonicalPhrase {
    forms: Vec<Form>,
    separators: Vec<char>,
    min_items: usize,
    regional: Option<RegionalSpec>,
    /// Texts of which every clause that can quote a form holds one as
    /// written ([`anchor_pieces`]); `None` when some spelling has none.
    anchors: Option<Vec<String>>,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<CanonicalPhrase, SpecError> {
    let separators: Vec<char> = match params.separator.as_str() {
        "、" => vec!['、'],
        "，" | "," => vec!['，', ','],
        "；" | ";" => vec!['；', ';'],
        other => {
            return Err(SpecError::new(
                other,
                format!("`separator` must be 「、」, 「，」 or 「；」 (got `{other}`)"),
            ))
        }
    };
    if params.forms.is_empty() {
        return Err(SpecError::new("forms", "`forms` must not be empty"));
    }
    let mut forms = Vec::new();
    for spec in params.forms {
        let items: Vec<String> = match spec.items {
            Some(items) => items,
            None => spec
                .text
                .split(separators.as_slice())
                .map(str::to_string)
                .collect(),
        };
        let spellings: Vec<Vec<Vec<char>>> = items
            .iter()
            .map(|i| {
                i.split('|')
                    .map(|v| normalized(v.trim()))
                    .filter(|v| !v.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|v| !v.is_empty())
            .collect();
        let items: Vec<Vec<char>> = spellings.iter().map(|v| v[0].clone()).collect();
        let variants: Vec<Vec<Vec<char>>> = spellings.iter().map(|v| v[1..].to_vec()).collect();
        if items.len() < 2 {
            return Err(SpecError::new(
                &spec.text,
                "a canonical phrase is an enumeration: give at least two items (cut at `separator`, or in `items`)",
            ));
        }
        let text_chars = normalized(&spec.text);
        if let Some(missing) = items
            .iter()
            .find(|item| !contains(&text_chars, item))
            .map(|item| item.iter().collect::<String>())
        {
            return Err(SpecError::new(
                missing.clone(),
                format!("item `{missing}` is not in the form's `text`"),
            ));
        }
        if spec.source.trim().is_empty() {
            return Err(SpecError::new(&spec.text, "each form needs its `source`"));
        }
        let spellings: Vec<Vec<String>> = items
            .iter()
            .zip(&variants)
            .map(|(item, others)| {
                std::iter::once(item)
                    .chain(others)
                    .map(|v| v.iter().collect::<String>())
                    .collect()
            })
            .collect();
        let finders = spellings
            .iter()
            .map(|item| {
                item.iter()
                    .map(|v| Finder::new(v.as_bytes()).into_owned())
                    .collect()
            })
            .collect();
        forms.push(Form {
            text: spec.text,
            items,
            variants,
            spellings,
            finders,
            source: spec.source,
        });
    }
    let anchors = anchor_pieces(&forms);
    Ok(CanonicalPhrase {
        forms,
        separators,
        min_items: params.min_items.max(2),
        regional: params.regional,
        anchors,
    })
}

impl Form {
    /// How many items `text` (folded) holds as written: a clause can quote
    /// the form only if it holds the items that must be found exactly.
    fn items_written(&self, text: &str) -> usize {
        self.finders
            .iter()
            .filter(|finders| finders.iter().any(|f| f.find(text.as_bytes()).is_some()))
            .count()
    }

    /// Whether a quotation of the form must hold one of its spellings
    /// that read as written (then searching for those finds every
    /// quotation).
    fn anchored(&self) -> bool {
        let unsearchable = self
            .spellings
            .iter()
            .filter(|spellings| !spellings.iter().all(|v| reads_as_written(v)))
            .count();
        unsearchable < self.exact_needed()
    }

    fn exact_needed(&self) -> usize {
        if self.items.len() <= 2 {
            1
        } else {
            2
        }
    }
}

impl CanonicalPhrase {
    /// Whether `cmp` is a quotation of `form` at all.
    fn is_quotation(&self, cmp: &Comparison, form: &Form) -> bool {
        let n = form.items.len();
        let needed = self.min_items.min(n).max(n.div_ceil(2));
        cmp.matched >= needed && cmp.exact >= form.exact_needed() && cmp.extra.len() < cmp.matched
    }

    /// The clauses of `span` that hold a separator.
    fn clauses(&self, text: &str, index: &TextIndex, span: Span) -> Vec<Span> {
        // A clause ends at any stronger mark than the separator: items
        // cut at 「；」 may hold 「，」 and 「、」, items cut at 「，」 may hold 「、」.
        let strength = |c: char| match c {
            '、' => 1,
            '，' | ',' => 2,
            '；' | ';' | '：' | ':' => 3,
            '。' | '！' | '？' | '!' | '?' | '\n' => 4,
            _ => 0,
        };
        let separator_strength = self.separators.first().map_or(1, |&c| strength(c));
        let is_stop = |c: char| strength(c) > separator_strength;
        let stops = Marks::matching(is_stop);
        let piece = span.text(text);
        let mut clauses = Vec::new();
        if self.forms.iter().all(Form::anchored) {
            // Only the clauses around a spelling of an item: the work is
            // that of the occurrences, not of the block (a report exported
            // as one line is one block).
            for finder in self.forms.iter().flat_map(|f| f.finders.iter().flatten()) {
                for at in finder.find_iter(piece.as_bytes()) {
                    let (start, end) = (span.start + at, span.start + at + finder.needle().len());
                    clauses.push(index.between_in(span, start, end, stops));
                }
            }
            clauses.sort();
            clauses.dedup();
        } else {
            let mut start = 0;
            let ends = piece
                .char_indices()
                .filter(|&(_, c)| is_stop(c))
                .map(|(i, c)| (i, i + c.len_utf8()))
                .chain(std::iter::once((piece.len(), piece.len())));
            for (end, next) in ends {
                clauses.push(Span::new(span.start + start, span.start + end));
                start = next;
            }
        }
        clauses.retain(|clause| clause.text(text).contains(self.separators.as_slice()));
        clauses
    }

    /// `clause` cut into segments at the separators.
    fn segments(&self, text: &str, clause: Span) -> Vec<Segment> {
        let mut segments = Vec::new();
        let mut from = clause.start;
        for (i, c) in clause.text(text).char_indices() {
            if self.separators.contains(&c) {
                segments.push(Segment::new(text, Span::new(from, clause.start + i)));
                from = clause.start + i + c.len_utf8();
            }
        }
        segments.push(Segment::new(text, Span::new(from, clause.end)));
        segments
    }
}

/// 「甲」「乙」
fn quoted(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().map(|i| format!("「{i}」")).collect()
}

impl Check for CanonicalPhrase {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let text = cx.text();
        let unit = cx.doc.title.as_ref().and_then(|t| t.unit);
        let regional = match &self.regional {
            Some(spec) => Regional::for_report(spec, unit.map(|u| u.text(cx.doc.matching()))),
            None => Regional::default(),
        };
        // Blocks and clauses holding no anchor cannot quote a form: they
        // are passed over without being cut or folded.
        let may_quote = |span: Span| anchors::may_hold(cx.candidates, span);
        for block in &cx.doc.blocks {
            if cx.over() {
                return;
            }
            if !may_quote(block.span) {
                continue;
            }
            for clause in self.clauses(text, &cx.doc.index, block.span) {
                if !may_quote(clause) {
                    continue;
                }
                // Only a clause holding enough items as written can quote a
                // form: most clauses are dismissed before they are cut.
                let folded_clause = folded(clause.text(text));
                let forms: Vec<&Form> = self
                    .forms
                    .iter()
                    .filter(|f| f.items_written(&folded_clause) >= f.exact_needed())
                    .collect();
                if forms.is_empty() {
                    continue;
                }
                let segments = self.segments(text, clause);
                let comparisons: Vec<(Comparison, &Form)> = forms
                    .iter()
                    .map(|&form| (compare(&segments, form, text, &regional), form))
                    .filter(|(cmp, form)| self.is_quotation(cmp, form))
                    .collect();
                if comparisons.iter().any(|(cmp, _)| cmp.is_exact()) {
                    continue;
                }
                let Some((cmp, form)) = comparisons.into_iter().max_by_key(|(cmp, _)| {
                    let differences = cmp.wrong.len() + cmp.missing.len() + cmp.extra.len();
                    (cmp.exact, std::cmp::Reverse(differences))
                }) else {
                    continue;
                };
                hits.push(self.hit(text, &cmp, form));
            }
        }
    }

    /// Every anchor: a report holding none has no clause to examine.
    fn triggers(&self) -> Option<Vec<Vec<u8>>> {
        let anchors = self.anchors.as_ref()?;
        Some(anchors.iter().map(|a| a.as_bytes().to_vec()).collect())
    }

    fn reference(&self) -> Vec<(String, String)> {
        self.forms
            .iter()
            .map(|f| (f.text.clone(), f.source.clone()))
            .collect()
    }
}

impl CanonicalPhrase {
    fn hit(&self, text: &str, cmp: &Comparison, form: &Form) -> Hit {
        let item = |i: usize| form.items[i].iter().collect::<String>();
        let start = cmp
            .found
            .iter()
            .map(|(s, _)| s.start)
            .chain(cmp.substitutes.iter().map(|(s, _)| s.start))
            .min()
            .unwrap_or(0);
        let end = cmp
            .found
            .iter()
            .map(|(s, _)| s.end)
            .chain(cmp.extra.iter().map(|s| s.end))
            .max()
            .unwrap_or(start);
        let span = Span::new(start, end);
        let wrong: Vec<String> = cmp
            .wrong
            .iter()
            .map(|&(s, i, _)| format!("「{}」应为「{}」", s.text(text), item(i)))
            .collect();
        let substituted: Vec<String> = cmp
            .substitutes
            .iter()
            .map(|(s, items)| {
                let items: Vec<String> = items.iter().map(|&i| item(i)).collect();
                format!("「{}」写在了「{}」的位置", s.text(text), items.join("、"))
            })
            .collect();
        let missing = quoted(
            cmp.missing
                .iter()
                .filter(|i| !cmp.substitutes.iter().any(|(_, items)| items.contains(*i)))
                .map(|&i| item(i)),
        );
        let extra = quoted(cmp.extra.iter().map(|s| s.text(text).to_string()));
        let mut differences: Vec<String> = substituted.clone();
        differences.extend(wrong.iter().cloned());
        if !missing.is_empty() {
            differences.push(format!("缺少{missing}"));
        }
        if !extra.is_empty() {
            differences.push(format!("多出{extra}"));
        }
        if cmp.out_of_order {
            differences.push("顺序与规范表述不一致".to_string());
        }
        let differences = differences.join("；");
        let mut hit = Hit::new(span, differences.clone())
            .var("found", span.text(text))
            .var("canonical", form.text.clone())
            .var("source", form.source.clone())
            .var("differences", differences)
            .var("wrong", wrong.join("；"))
            .var("missing", missing)
            .var("substituted", substituted.join("；"))
            .var("extra", extra);
        let only_near = cmp.wrong.len() == 1
            && cmp.wrong[0].2
            && cmp.missing.is_empty()
            && cmp.extra.is_empty()
            && !cmp.out_of_order;
        let only_order = cmp.wrong.is_empty()
            && cmp.missing.is_empty()
            && cmp.extra.is_empty()
            && cmp.out_of_order;
        if only_near {
            let (s, i, _) = cmp.wrong[0];
            hit = hit.edit(s, item(i));
        } else if only_order {
            // The same spans, the items in the form's order.
            let mut items: Vec<usize> = cmp.found.iter().map(|&(_, i)| i).collect();
            items.sort_unstable();
            for (&(s, _), i) in cmp.found.iter().zip(items) {
                // An item already in its place stays as written.
                if s.text(text) != item(i) {
                    hit = hit.edit(s, item(i));
                }
            }
        }
        hit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::substitution::hits_on;
    use matching::{distance, tolerance};

    const GOAL: &str = "forms:
  - text: 职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的法治政府
    items: [职能科学, 权责法定, 执法严明, 公开公正, 智能高效, 廉洁诚信, 人民满意]
    source: 《法治政府建设实施纲要（2021—2025年）》
  - text: 职能科学、权责法定、执法严明、公开公正、廉洁高效、守法诚信的法治政府
    items: [职能科学, 权责法定, 执法严明, 公开公正, 廉洁高效, 守法诚信]
    source: 《法治政府建设实施纲要（2015—2020年）》
";

    const CONSCIOUSNESS: &str = "forms:
  - text: 政治意识、大局意识、核心意识、看齐意识
    source: 党的十八届六中全会
";

    fn check(yaml: &str) -> CanonicalPhrase {
        let params: Params = serde_yaml::from_str(yaml).expect("params");
        compile(params, &PartCatalog::default()).expect("compiles")
    }

    fn labels(yaml: &str, text: &str) -> Vec<String> {
        hits_on(&check(yaml), text, None)
            .into_iter()
            .map(|h| h.label)
            .collect()
    }

    #[test]
    fn anchors_are_what_a_spelling_must_hold_as_written() {
        let cp = check(
            "forms:
  - text: 推进（依法）行政、严格执法
    items: [推进（依法）行政, 严格执法|严格规范执法]
    source: 纲要
",
        );
        let anchors = cp.anchors.as_deref().expect("anchors");
        // 「推进（依法）行政」 may be written 「推进(依法)行政」: its
        // anchor is its longest run without brackets (the last of equals).
        assert_eq!(anchors, ["严格执法", "严格规范执法", "行政"]);
        let triggers = cp.triggers().expect("triggers");
        assert_eq!(triggers.len(), 3);
        // All punctuation: no anchor, every clause is examined.
        let cp = check(
            "forms:
  - text: （、）
    items: [（, ）]
    source: 纲要
",
        );
        assert!(cp.anchors.is_none() && cp.triggers().is_none());
    }

    #[test]
    fn a_clause_written_with_half_width_marks_is_still_examined() {
        let yaml = "forms:
  - text: 推进（依法）行政、严格执法、公正司法
    items: [推进（依法）行政, 严格执法, 公正司法]
    source: 纲要
";
        // Folded, 「(」 reads as 「（」: the clause quotes the form with one
        // wrong word, and the anchors found it as written.
        let text = "我们推进(依法)行政、严格执法、公平司法。";
        assert_eq!(labels(yaml, text).len(), 1);
        // Nothing of the form: no candidate, no finding.
        assert!(labels(yaml, "我们加强学习、深入调研、公平竞争。").is_empty());
    }

    #[test]
    fn a_wrong_word_and_missing_items() {
        // xuwen-2024, with its half-width comma.
        let text = "落实法治建设规划,扎实推进智能科学、权责法定、廉洁诚信、人民满意的法治政府,以高水平法治护航。";
        let hits = hits_on(&check(GOAL), text, None);
        assert_eq!(hits.len(), 1);
        let hit = &hits[0];
        assert_eq!(
            hit.span.text(text),
            "智能科学、权责法定、廉洁诚信、人民满意"
        );
        assert_eq!(
            hit.label,
            "「智能科学」应为「职能科学」；缺少「执法严明」「公开公正」「智能高效」"
        );
        let canonical = hit.vars.iter().find(|(n, _)| *n == "canonical").unwrap();
        assert!(canonical.1.starts_with("职能科学、权责法定、执法严明"));
        assert!(hit.fix.is_empty(), "three items missing: not certain");
    }

    #[test]
    fn exact_quotations_of_either_form_are_not_flagged() {
        let exact = "加快建设职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的法治政府。";
        assert!(labels(GOAL, exact).is_empty());
        // The previous plan's goal, with words between the items and the end.
        let old = "以职能科学、权责法定、执法严明、公开公正、廉洁高效、守法诚信为标志的法治政府建设取得新成效。";
        assert!(labels(GOAL, old).is_empty());
        assert!(labels(
            CONSCIOUSNESS,
            "牢固树立政治意识、大局意识、核心意识、看齐意识。"
        )
        .is_empty());
    }

    #[test]
    fn one_wrong_character_is_fixed() {
        let text =
            "建设职能科学、权责法定、执法严明、公开公正、智能高效、廉洁成信、人民满意的法治政府。";
        let hits = hits_on(&check(GOAL), text, None);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].label, "「廉洁成信」应为「廉洁诚信」");
        assert_eq!(hits[0].fix.len(), 1);
        assert_eq!(hits[0].fix[0].span.text(text), "廉洁成信");
        assert_eq!(hits[0].fix[0].content, "廉洁诚信");
    }

    #[test]
    fn items_out_of_order_missing_or_added() {
        let swapped = "增强大局意识、政治意识、核心意识、看齐意识。";
        let hits = hits_on(&check(CONSCIOUSNESS), swapped, None);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].label, "顺序与规范表述不一致");
        let fixes: Vec<&str> = hits[0].fix.iter().map(|e| e.content.as_str()).collect();
        assert_eq!(fixes, vec!["政治意识", "大局意识"]);
        assert_eq!(
            labels(CONSCIOUSNESS, "增强政治意识、大局意识、核心意识。"),
            vec!["缺少「看齐意识」"]
        );
        assert_eq!(
            labels(
                CONSCIOUSNESS,
                "增强政治意识、大局意识、核心意识、看齐意识、责任意识。"
            ),
            vec!["多出「责任意识」"]
        );
    }

    #[test]
    fn far_misses_are_not_quotations() {
        // Shares two items only.
        assert!(labels(GOAL, "坚持权责法定、廉洁诚信，建设人民满意的政府。").is_empty());
        // Shares words, not items.
        assert!(labels(GOAL, "推进职能科学配置、执法规范严明、信息公开公正。").is_empty());
        assert!(labels(CONSCIOUSNESS, "增强政治意识、责任意识，服务大局。").is_empty());
        // Items in different clauses are not one enumeration.
        assert!(labels(CONSCIOUSNESS, "增强政治意识，树立大局意识，强化核心意识。").is_empty());
        // An unrelated enumeration.
        assert!(labels(GOAL, "开展普法宣传、法律援助、人民调解工作。").is_empty());
    }

    #[test]
    fn swapped_words_between_items_are_two_near_misses() {
        let yaml = "forms:
  - text: 重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办
    source: 某
";
        let text = "对重要工作亲自部署、重大问题亲自协调、重点环节亲自过问、重要任务亲自督办。";
        let hits = hits_on(&check(yaml), text, None);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].label,
            "「重大问题亲自协调」应为「重大问题亲自过问」；「重点环节亲自过问」应为「重点环节亲自协调」"
        );
        assert!(hits[0].fix.is_empty(), "two changes: not certain");
    }

    #[test]
    fn a_segment_as_near_to_two_items_is_neither() {
        let yaml = "forms:
  - text: 甲乙丙丁、甲乙丙戊、己庚辛壬、癸子丑寅
    source: 某
";
        // 「甲乙丙卯」 is one character from both 「甲乙丙丁」 and 「甲乙丙戊」.
        let text = "坚持甲乙丙卯、己庚辛壬、癸子丑寅。";
        let hits = hits_on(&check(yaml), text, None);
        assert!(hits.is_empty(), "only two items found: {:?}", hits[0].label);
    }

    #[test]
    fn local_spellings_of_an_item_are_accepted() {
        let yaml = "forms:
  - text: 依法治国、依法执政、依法行政共同推进
    items: [依法治国|依法治县|依法治市, 依法执政, 依法行政]
    source: 某
";
        assert!(labels(yaml, "坚持依法治县、依法执政、依法行政共同推进。").is_empty());
        // A variant longer than the segment.
        assert!(labels(yaml, "县、依法执政、依法行政共同推进。").is_empty());
        assert_eq!(
            labels(yaml, "坚持依法治乡、依法执政、依法行政共同推进。"),
            vec!["「依法治乡」应为「依法治国」"]
        );
    }

    #[test]
    fn items_cut_at_semicolons_may_hold_commas() {
        let yaml = "separator: ；
forms:
  - text: 坚持甲乙丙，丁；坚持戊己、庚；坚持辛壬；坚持癸子
    source: 某
";
        let text = "即：坚持甲乙丙，丁；坚持戊己、庚；坚持辛壬；坚持癸子。";
        assert!(labels(yaml, text).is_empty());
        let text = "即：坚持甲乙丙，丁；坚持辛壬；坚持癸子。";
        assert_eq!(labels(yaml, text), vec!["缺少「坚持戊己、庚」"]);
    }

    #[test]
    fn distance_and_tolerance() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(distance(&c("智能科学"), &c("职能科学")), 1);
        assert_eq!(distance(&c("廉洁高效"), &c("智能高效")), 2);
        assert_eq!(distance(&c(""), &c("甲乙")), 2);
        assert_eq!(tolerance(&c("职能科学")), 1);
        assert_eq!(tolerance(&c("创新")), 0);
        assert_eq!(tolerance(&c("确立习近平同志党中央的核心")), 3);
    }

    #[test]
    fn parameter_errors() {
        let err = |yaml: &str| {
            let params: Params = serde_yaml::from_str(yaml).expect("params");
            compile(params, &PartCatalog::default())
                .unwrap_err()
                .message
        };
        assert!(err("forms: [{text: 甲乙, source: 某}]").contains("at least two items"));
        assert!(err("forms: [{text: 甲、乙, items: [甲, 丙], source: 某}]").contains("not in"));
        assert!(err("forms: [{text: 甲、乙, source: ''}]").contains("source"));
        assert!(err("forms: [{text: 甲、乙, source: 某}]\nseparator: 和").contains("separator"));
        assert!(err("forms: []").contains("must not be empty"));
    }
}
