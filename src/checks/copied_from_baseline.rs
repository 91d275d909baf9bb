//! `copied-from-baseline`: paragraphs, and runs of sentences, of this
//! year's report that repeat last year's report (the baseline) nearly word
//! for word. Reviewers' most common complaint about reports drafted by
//! editing last year's: whole paragraphs, even next year's plan, carried
//! over unchanged.
//!
//! A word of this year's paragraph is *covered* when it lies in a shingle
//! (`shingle` consecutive words, numbers normalised, see
//! [`crate::checks::baseline`]) that the baseline also has. A paragraph whose words
//! are covered at least `threshold` is one finding; otherwise each run of
//! consecutive sentences that are covered that much is one. Runs shorter
//! than `min_words` words are not reported: stock phrases such as
//! 「深入学习贯彻习近平法治思想」 recur in every report.
//!
//! The check only runs when a baseline is given. Its rules' examples carry
//! the baseline text (`examples: {baseline: …}`).

use super::{part_index, Check, Context, Hit, SpecError};
use crate::checks::baseline::{shingle_hash, words, Word};
use crate::schema::parts::PartCatalog;
use crate::text::span::Span;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Only text in these parts (default: the whole body).
    #[serde(default)]
    parts: Vec<String>,
    /// Not text in these parts.
    #[serde(default)]
    exclude_parts: Vec<String>,
    /// Words in a shingle.
    #[serde(default = "default_shingle")]
    shingle: usize,
    /// Share of words (0 to 1) that must be covered.
    #[serde(default = "default_threshold")]
    threshold: f64,
    /// Fewest words in a reported paragraph or run of sentences.
    #[serde(default = "default_min_words")]
    min_words: usize,
    /// Words before last year's `path:line` in the related label (「上年度报告」).
    #[serde(default)]
    baseline_label: String,
}

fn default_shingle() -> usize {
    5
}

fn default_threshold() -> f64 {
    0.8
}

fn default_min_words() -> usize {
    12
}

#[derive(Debug)]
pub struct CopiedFromBaseline {
    parts: Vec<usize>,
    exclude_parts: Vec<usize>,
    shingle: usize,
    threshold: f64,
    min_words: usize,
    baseline_label: String,
}

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<CopiedFromBaseline, SpecError> {
    if !params.parts.is_empty() && !params.exclude_parts.is_empty() {
        return Err(SpecError::new(
            "exclude_parts",
            "give `parts` or `exclude_parts`, not both",
        ));
    }
    if !(2..=20).contains(&params.shingle) {
        return Err(SpecError::new(
            "shingle",
            format!("`shingle` must be 2 to 20 words (got {})", params.shingle),
        ));
    }
    if !(params.threshold > 0.0 && params.threshold <= 1.0) {
        return Err(SpecError::new(
            "threshold",
            format!(
                "`threshold` must be above 0 and at most 1 (got {})",
                params.threshold
            ),
        ));
    }
    if params.min_words < params.shingle {
        return Err(SpecError::new(
            "min_words",
            format!(
                "`min_words` ({}) must be at least `shingle` ({})",
                params.min_words, params.shingle
            ),
        ));
    }
    let resolve = |names: &[String]| -> Result<Vec<usize>, SpecError> {
        names.iter().map(|n| part_index(catalog, n)).collect()
    };
    Ok(CopiedFromBaseline {
        parts: resolve(&params.parts)?,
        exclude_parts: resolve(&params.exclude_parts)?,
        shingle: params.shingle,
        threshold: params.threshold,
        min_words: params.min_words,
        baseline_label: params.baseline_label,
    })
}

/// One paragraph's words and which of them the baseline covers.
struct Coverage {
    words: Vec<Word>,
    covered: Vec<bool>,
    /// For each matching shingle: its first word and the baseline
    /// paragraphs that hold it.
    matches: Vec<(usize, Vec<u32>)>,
}

impl Coverage {
    /// Share of the words in `range` that are covered.
    fn share(&self, range: std::ops::Range<usize>) -> f64 {
        let total = range.len();
        if total == 0 {
            return 0.0;
        }
        let covered = self.covered[range].iter().filter(|&&c| c).count();
        covered as f64 / total as f64
    }

    /// The baseline paragraph most shingles in `range` come from.
    fn source(&self, range: std::ops::Range<usize>) -> u32 {
        let mut votes: HashMap<u32, usize> = HashMap::new();
        for (start, paragraphs) in &self.matches {
            if range.contains(start) {
                for &p in paragraphs {
                    *votes.entry(p).or_default() += 1;
                }
            }
        }
        votes
            .into_iter()
            .max_by_key(|&(p, count)| (count, std::cmp::Reverse(p)))
            .map_or(0, |(p, _)| p)
    }
}

impl CopiedFromBaseline {
    /// Whether text at `offset` is in the parts this rule looks at.
    fn in_scope(&self, cx: &Context, offset: usize) -> bool {
        let part = part_at(cx, offset);
        if !self.parts.is_empty() {
            return part.is_some_and(|p| self.parts.contains(&p));
        }
        !part.is_some_and(|p| self.exclude_parts.contains(&p))
    }

    fn coverage(
        &self,
        cx: &Context,
        piece: Span,
        index: &crate::checks::baseline::ShingleIndex,
    ) -> Coverage {
        let words = words(cx.text(), piece);
        let mut covered = vec![false; words.len()];
        let mut matches = Vec::new();
        for (start, window) in words.windows(self.shingle).enumerate() {
            if let Some(paragraphs) = index.get(shingle_hash(window)) {
                covered[start..start + self.shingle].fill(true);
                matches.push((start, paragraphs.to_vec()));
            }
        }
        Coverage {
            words,
            covered,
            matches,
        }
    }

    /// The copied stretches of a paragraph: the whole of it, or runs of
    /// sentences, as word ranges with their spans.
    fn copied(
        &self,
        text: &str,
        piece: Span,
        coverage: &Coverage,
    ) -> Vec<(std::ops::Range<usize>, Span, &'static str)> {
        let n = coverage.words.len();
        if n >= self.min_words && coverage.share(0..n) >= self.threshold {
            let start = coverage.words[0].span.start;
            return vec![(0..n, Span::new(start, piece.end), "这一段")];
        }
        let mut found = Vec::new();
        // The open run: first word, first sentence start, sentences in it.
        let mut run: Option<(usize, usize, usize)> = None;
        let mut next_word = 0;
        let mut close = |run: &mut Option<(usize, usize, usize)>, end_word: usize, end: usize| {
            if let Some((first_word, start, count)) = run.take() {
                if end_word - first_word >= self.min_words {
                    let unit = if count > 1 {
                        "这几句话"
                    } else {
                        "这句话"
                    };
                    found.push((first_word..end_word, Span::new(start, end), unit));
                }
            }
        };
        let mut last_end = piece.start;
        for sentence in crate::text::sentence::sentences(text, piece) {
            let first = next_word;
            while next_word < n && coverage.words[next_word].span.start < sentence.end {
                next_word += 1;
            }
            if first == next_word {
                // Only punctuation: neither continues nor breaks a run.
                continue;
            }
            if coverage.share(first..next_word) >= self.threshold {
                let start = coverage.words[first].span.start;
                let open = run.get_or_insert((first, start, 0));
                open.2 += 1;
            } else {
                close(&mut run, first, last_end);
            }
            last_end = sentence.end;
        }
        close(&mut run, n, last_end);
        found
    }
}

/// The last character of `span`: where a copied stretch ends.
fn last_char(text: &str, span: Span) -> Span {
    let start = span
        .text(text)
        .char_indices()
        .last()
        .map_or(span.start, |(i, _)| span.start + i);
    Span::new(start, span.end)
}

/// The part whose section holds `offset` (the innermost, for a part made
/// of a sub-heading).
fn part_at(cx: &Context, offset: usize) -> Option<usize> {
    cx.parts
        .sections
        .iter()
        .enumerate()
        .flat_map(|(part, headings)| headings.iter().map(move |&h| (part, h)))
        .filter_map(|(part, h)| {
            let section = cx.doc.headings[h].section_span();
            (section.start <= offset && offset < section.end).then_some((section.start, part))
        })
        .max()
        .map(|(_, part)| part)
}

impl Check for CopiedFromBaseline {
    fn needs_baseline(&self) -> bool {
        true
    }

    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let Some(baseline) = cx.baseline else { return };
        let index = baseline.index(self.shingle);
        let doc = cx.doc;
        for piece in doc.prose_in(doc.body_span()) {
            if cx.over() {
                return;
            }
            if !self.in_scope(cx, piece.start) {
                continue;
            }
            let coverage = self.coverage(cx, piece, &index);
            if coverage.matches.is_empty() {
                continue;
            }
            for (range, span, unit) in self.copied(doc.text, piece, &coverage) {
                let location = baseline.location(coverage.source(range.clone()));
                let percent = (coverage.share(range) * 100.0).round();
                let part = part_at(cx, span.start)
                    .map_or("正文", |p| cx.catalog.parts[p].label.as_str());
                hits.push(
                    Hit::new(span, "与上年度报告几乎相同")
                        .var("unit", unit)
                        .var("percent", format!("{percent}"))
                        .var("baseline", location.clone())
                        .var("part", part)
                        .var("quote", super::quote(doc.text, span, 20))
                        .related(
                            last_char(doc.text, span),
                            format!("{} {location}", self.baseline_label)
                                .trim()
                                .to_string(),
                        ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::baseline::Baseline;
    use crate::document::parts::PartMap;
    use crate::document::Document;
    use crate::input::markdown::Syntax;
    use crate::packs::RuleSet;

    const LAST: &str = "某局2023年法治政府建设年度报告\n一、主要举措和成效\n2023年，我局组织全体干部职工开展学法活动12次，举办行政执法人员培训班3期，全面提升干部职工依法行政能力和水平。\n我局认真落实重大行政决策程序规定，对重大决策事项开展合法性审查，全年审查规范性文件8件。\n二、存在的不足和原因\n法治宣传形式比较单一，主要原因是宣传人员不足，宣传经费投入有限。\n三、2024年工作计划\n持续深入学习贯彻习近平法治思想，加强行政执法人员培训，全面提升依法行政水平，推动法治政府建设再上新台阶。\n某局\n2024年2月1日\n";

    fn run(rule: CopiedFromBaseline, this_year: &str) -> Vec<(String, String, String)> {
        let rules = RuleSet::load(&[], true).unwrap();
        let baseline = Baseline::new(
            "last.txt",
            LAST.to_string(),
            Syntax::Plain,
            &crate::document::TitleWords::default(),
            &rules.page_residue,
        );
        let doc = Document::parse(this_year, None);
        // The built-in parts are those of the first type, 法治政府建设年度报告.
        let parts = PartMap::analyse_for(&doc, &rules.parts, Some(0));
        let cx = Context {
            doc: &doc,
            parts: &parts,
            catalog: &rules.parts,
            deadline: None,
            type_deadline: None,
            baseline: Some(&baseline),
            layout: None,
            stop_at: &crate::deadline::Deadline::NONE,
            candidates: None,
        };
        let mut hits = Vec::new();
        rule.run(&cx, &mut hits);
        hits.iter()
            .map(|h| {
                let var = |name: &str| {
                    h.vars
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                (
                    h.span.text(this_year).to_string(),
                    var("unit"),
                    var("baseline"),
                )
            })
            .collect()
    }

    fn rule(parts: &[&str], exclude: &[&str]) -> CopiedFromBaseline {
        let rules = RuleSet::load(&[], true).unwrap();
        let params = Params {
            parts: parts.iter().map(|s| s.to_string()).collect(),
            exclude_parts: exclude.iter().map(|s| s.to_string()).collect(),
            shingle: default_shingle(),
            threshold: default_threshold(),
            min_words: default_min_words(),
            baseline_label: "上年度报告".into(),
        };
        compile(params, &rules.parts).unwrap()
    }

    #[test]
    fn finds_paragraphs_with_changed_numbers_and_years() {
        let this_year = LAST
            .replace("2024年工作计划", "2025年工作计划")
            .replace("2023", "2024")
            .replace("12次", "15次")
            .replace("3期", "4期")
            .replace("2024年2月1日", "2025年2月1日");
        let found = run(rule(&[], &[]), &this_year);
        let texts: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(texts.len(), 4, "{found:?}");
        assert!(texts[0].starts_with("2024年，我局组织"), "{texts:?}");
        assert!(texts[0].ends_with("依法行政能力和水平。"), "{texts:?}");
        assert_eq!(found[0].1, "这一段");
        assert_eq!(found[0].2, "last.txt:3");
        assert_eq!(found[3].2, "last.txt:8");
    }

    #[test]
    fn finds_copied_sentences_in_a_rewritten_paragraph_and_respects_parts() {
        let this_year = LAST.replace(
            "我局认真落实重大行政决策程序规定，对重大决策事项开展合法性审查，全年审查规范性文件8件。",
            "今年我们新建了覆盖全县的公共法律服务平台，群众满意度明显提高。我局认真落实重大行政决策程序规定，对重大决策事项开展合法性审查，全年审查规范性文件8件。",
        )
        .replace(
            "2023年，我局组织全体干部职工开展学法活动12次，举办行政执法人员培训班3期，全面提升干部职工依法行政能力和水平。",
            "本年度围绕优化营商环境，清理了不适应改革要求的证明事项。",
        );
        let found = run(rule(&[], &["plan", "shortcomings"]), &this_year);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.starts_with("我局认真落实"), "{found:?}");
        assert_eq!(found[0].1, "这句话");
        let plan = run(rule(&["plan"], &[]), &this_year);
        assert_eq!(plan.len(), 1, "{plan:?}");
        assert!(plan[0].0.starts_with("持续深入学习"), "{plan:?}");
    }

    #[test]
    fn a_different_report_has_no_findings() {
        let other = "某县2023年法治政府建设年度报告\n一、主要举措和成效\n县政府常务会议专题学法四次，县长带头讲法治课，全县完成行政执法证件换发工作。\n二、存在的问题\n基层执法力量薄弱，原因在于编制紧张。\n三、2024年工作打算\n加快推进综合行政执法改革，完善执法协调机制。\n";
        assert!(run(rule(&[], &[]), other).is_empty());
    }

    #[test]
    fn bad_parameters_are_spec_errors() {
        let rules = RuleSet::load(&[], true).unwrap();
        let params = |shingle, threshold, min_words, exclude: &[&str]| Params {
            parts: vec!["plan".into()],
            exclude_parts: exclude.iter().map(|s| s.to_string()).collect(),
            shingle,
            threshold,
            min_words,
            baseline_label: String::new(),
        };
        for (p, needle) in [
            (params(1, 0.8, 12, &[]), "shingle"),
            (params(5, 0.0, 12, &[]), "threshold"),
            (params(5, 1.5, 12, &[]), "threshold"),
            (params(5, 0.8, 3, &[]), "min_words"),
            (params(5, 0.8, 12, &["measures"]), "exclude_parts"),
        ] {
            assert_eq!(compile(p, &rules.parts).unwrap_err().needle, needle);
        }
        let unknown = Params {
            parts: vec!["plans".into()],
            ..params(5, 0.8, 12, &[])
        };
        assert_eq!(compile(unknown, &rules.parts).unwrap_err().needle, "plans");
    }
}
