//! `substitution`: a wrong form and what to write instead (「截止目前」 →
//! 「截至目前」, 「习总书记」 → 「习近平总书记」), like Vale's substitution.
//! A match counts only when it starts and ends on word boundaries as jieba
//! cuts its clause, so a wrong form that is part of a longer word (「分布」 in
//! 「分布署名」 for 「布署」) does not fire. With exactly one replacement the
//! finding carries it as a fix; `write` templates may use the groups of
//! `find` (`$1`, `${name}`).

use super::{Check, ClauseMemo, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::anchors;
use crate::text::index::Marks;
use crate::text::pattern::Pattern;
use crate::text::span::Span;
use regex::Regex;
use serde::Deserialize;

/// One string or a list of strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwapSpec {
    /// The wrong form, a regex.
    pub find: String,
    /// What to write instead: one template (then it is the fix) or several
    /// (the writer chooses; no fix).
    pub write: OneOrMany,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub swap: Vec<SwapSpec>,
    /// Skip a match whose clause matches this regex.
    #[serde(default)]
    pub unless: Option<String>,
    /// Require word boundaries at both ends of a match (default true).
    #[serde(default = "yes")]
    pub words: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug)]
struct Swap {
    find: Pattern,
    write: Vec<String>,
}

#[derive(Debug)]
pub struct Substitution {
    swaps: Vec<Swap>,
    unless: Option<Pattern>,
    words: bool,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<Substitution, SpecError> {
    if params.swap.is_empty() {
        return Err(SpecError::new("swap", "`swap` must not be empty"));
    }
    let mut swaps = Vec::new();
    for spec in params.swap {
        let find =
            crate::text::pattern::compile(&spec.find).map_err(|e| SpecError::new(&spec.find, e))?;
        let write = spec.write.into_vec();
        if write.is_empty() || write.iter().any(|w| w.trim().is_empty()) {
            return Err(SpecError::new(
                &spec.find,
                "`write` must name what to write instead",
            ));
        }
        // A lazily loaded (built-in) pattern is not compiled to read its
        // groups: the test that compiles every built-in pattern eagerly
        // checks them.
        let compiled = find.is_compiled();
        if let Some(bad) = write
            .iter()
            .find(|w| compiled && unknown_group(&find, w).is_some())
        {
            let group = unknown_group(&find, bad).unwrap_or_default();
            return Err(SpecError::new(
                bad.clone(),
                format!("`write` uses group `{group}`, which `find` does not have"),
            ));
        }
        swaps.push(Swap { find, write });
    }
    let unless = match params.unless {
        Some(p) => {
            Some(crate::text::pattern::compile(&p).map_err(|e| SpecError::new(p.clone(), e))?)
        }
        None => None,
    };
    Ok(Substitution {
        swaps,
        unless,
        words: params.words,
    })
}

/// A `$group` reference in `template` that `re` does not define.
pub fn unknown_group(re: &Regex, template: &str) -> Option<String> {
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'$') {
            i += 2;
            continue;
        }
        let rest = &template[i + 1..];
        let name: &str = if let Some(inner) = rest.strip_prefix('{') {
            inner.split('}').next().unwrap_or("")
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        };
        let known = match name.parse::<usize>() {
            Ok(n) => n < re.captures_len(),
            Err(_) => re.capture_names().any(|n| n == Some(name)),
        };
        if name.is_empty() || !known {
            return Some(name.to_string());
        }
        i += 1 + name.len();
    }
    None
}

/// The marks that end a clause for `words` and `unless` (looked up in the
/// text index).
pub const CLAUSE_STOPS: Marks = Marks::of(&[
    '。', '，', '；', '！', '？', '：', ',', ';', '!', '?', ':', '\n',
]);

/// The starts and ends of the words jieba cuts `clause` of `text` into,
/// each ascending.
pub fn word_bounds(text: &str, clause: Span) -> (Vec<usize>, Vec<usize>) {
    let words = crate::text::words::cut_without_hmm(text, clause);
    let mut starts: Vec<usize> = words.iter().map(|w| w.start).collect();
    let mut ends: Vec<usize> = words.iter().map(|w| w.end).collect();
    starts.sort_unstable();
    ends.sort_unstable();
    (starts, ends)
}

impl Check for Substitution {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let text = cx.text();
        let index = &cx.doc.index;
        let mut found: Vec<(Span, Vec<String>)> = Vec::new();
        // Each clause cut once, and read by `unless` once per swap.
        let mut cuts: ClauseMemo<(Vec<usize>, Vec<usize>)> = ClauseMemo::default();
        let mut spared: ClauseMemo<bool> = ClauseMemo::default();
        for block in &cx.doc.blocks {
            if cx.over() {
                return;
            }
            // Every match holds a literal; a block without one has none.
            if !anchors::may_hold(cx.candidates, block.span) {
                continue;
            }
            let region = block.span.text(text);
            cuts.advance(block.span.start);
            spared.advance(block.span.start);
            for (key, swap) in self.swaps.iter().enumerate() {
                for caps in swap.find.captures_iter(region) {
                    let Some(m) = caps.get(0) else { continue };
                    if m.is_empty() {
                        continue;
                    }
                    let span = Span::new(m.start(), m.end()).offset_by(block.span.start);
                    let clause = index.between(span.start, span.end, CLAUSE_STOPS, text.len());
                    if self.words {
                        let (starts, ends) = cuts.get(0, clause, || word_bounds(text, clause));
                        if starts.binary_search(&span.start).is_err()
                            || ends.binary_search(&span.end).is_err()
                        {
                            continue;
                        }
                    }
                    if let Some(unless) = &self.unless {
                        if *spared.get(key, clause, || unless.is_match(clause.text(text))) {
                            continue;
                        }
                    }
                    let written: Vec<String> = swap
                        .write
                        .iter()
                        .map(|template| {
                            let mut out = String::new();
                            caps.expand(template, &mut out);
                            out
                        })
                        .collect();
                    // A replacement equal to the match is not a problem
                    // (a template that keeps what was written).
                    if written.iter().any(|w| w == m.as_str()) {
                        continue;
                    }
                    found.push((span, written));
                }
            }
        }
        found.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
        let mut last_end = 0;
        for (span, written) in found {
            if span.start < last_end {
                continue;
            }
            last_end = span.end;
            let expected = written
                .iter()
                .map(|w| format!("「{w}」"))
                .collect::<Vec<_>>()
                .join("或");
            let label = format!("应为{expected}");
            let mut hit = Hit::new(span, label)
                .var("found", span.text(text))
                .var("expected", written.join("」或「"));
            if let [only] = written.as_slice() {
                hit = hit.edit(span, only.clone());
            }
            hits.push(hit);
        }
    }

    /// Every hit is on a match of a swap's `find`.
    fn triggers(&self) -> Option<Vec<Vec<u8>>> {
        super::triggers_of(self.swaps.iter().map(|s| &s.find))
    }

    fn reference(&self) -> Vec<(String, String)> {
        self.swaps
            .iter()
            .map(|s| {
                let write = s.write.join("」或「");
                (format!("{} → 「{write}」", s.find.as_str()), String::new())
            })
            .collect()
    }
}

/// The hits of `check` on `text` (reported year `year`, if given), for the
/// unit tests of the wording kinds.
#[cfg(test)]
pub(super) fn hits_on(check: &dyn Check, text: &str, year: Option<i32>) -> Vec<Hit> {
    super::testing::hits_of(check, text, year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(yaml: &str, text: &str) -> Vec<Hit> {
        let params: Params = serde_yaml::from_str(yaml).expect("params");
        let check = compile(params, &PartCatalog::default()).expect("compiles");
        hits_on(&check, text, None)
    }

    #[test]
    fn finds_the_wrong_form_and_fixes_it() {
        let yaml = "swap: [{find: 截止(目前|当前), write: 截至$1}]";
        let text = "截止目前，共办理1624件；截止当前无积案。";
        let hits = run(yaml, text);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].span.text(text), "截止目前");
        assert_eq!(hits[0].fix[0].content, "截至目前");
        assert_eq!(hits[1].fix[0].content, "截至当前");
        assert!(run(yaml, "截至目前，共办理1624件。").is_empty());
    }

    #[test]
    fn a_match_inside_a_longer_word_does_not_fire() {
        let yaml = "swap: [{find: 布署, write: 部署}]";
        assert_eq!(run(yaml, "认真布署各项工作。").len(), 1);
        // 分布 / 署名: the match starts inside 分布.
        assert!(run(yaml, "网点分布署名清晰。").is_empty());
        let yaml = "swap: [{find: 习总书记, write: 习近平总书记}]";
        assert_eq!(run(yaml, "学习习总书记重要讲话。").len(), 1);
        assert!(run(yaml, "学习习近平总书记重要讲话。").is_empty());
    }

    #[test]
    fn several_replacements_give_no_fix_and_unless_skips() {
        let yaml = "swap: [{find: 其它, write: [其他, 另外]}]\nunless: 其它费用";
        let hits = run(yaml, "其它工作。");
        assert_eq!(hits.len(), 1);
        assert!(hits[0].fix.is_empty());
        assert!(run(yaml, "其它费用。").is_empty());
    }

    #[test]
    fn parameter_errors() {
        let bad = |yaml: &str| {
            let params: Params = serde_yaml::from_str(yaml).expect("params");
            compile(params, &PartCatalog::default())
                .unwrap_err()
                .message
        };
        assert!(bad("swap: []").contains("must not be empty"));
        assert!(bad("swap: [{find: a, write: '$2'}]").contains("group `2`"));
        assert!(bad("swap: [{find: '(?P<x>a)', write: '${y}'}]").contains("group `y`"));
        assert!(bad("swap: [{find: a, write: ''}]").contains("what to write"));
        assert!(serde_yaml::from_str::<Params>("swap: [{find: a, wirte: b}]").is_err());
    }
}
