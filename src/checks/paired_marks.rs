//! `paired-marks`: quotation marks and brackets come in pairs within a
//! paragraph (「刑事司法”两法衔接”机制」 has two closing quotes); the lines
//! of a hard-wrapped paragraph are one ([`crate::document::wrap`]).

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::charset::CharSet;
use crate::text::span::Span;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Each entry is an opening and a closing mark, e.g. "“”".
    #[serde(default = "default_pairs")]
    pub pairs: Vec<String>,
}

fn default_pairs() -> Vec<String> {
    [
        "“”", "‘’", "（）", "《》", "【】", "〈〉", "「」", "『』", "()", "[]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[derive(Debug)]
pub struct PairedMarks {
    pairs: Vec<(char, char)>,
    /// (mark, its opener's stack, opening?), sorted by mark for a binary
    /// search.
    marks: Vec<(char, usize, bool)>,
    /// The characters of `marks`, to find them without decoding the rest.
    set: CharSet,
    /// How many distinct opening marks (stacks) there are.
    openers: usize,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<PairedMarks, SpecError> {
    let pairs = params
        .pairs
        .iter()
        .map(|p| {
            let chars: Vec<char> = p.chars().collect();
            match chars.as_slice() {
                [open, close] if open != close => Ok((*open, *close)),
                _ => Err(SpecError::new(
                    p.clone(),
                    format!("`{p}` must be two different marks: opening then closing"),
                )),
            }
        })
        .collect::<Result<Vec<(char, char)>, _>>()?;
    // A mark that opens one pair is an opening mark; a closing one is
    // matched with the opener of the first pair it closes.
    let mut openers: Vec<char> = Vec::new();
    for &(o, _) in &pairs {
        if !openers.contains(&o) {
            openers.push(o);
        }
    }
    let stack_of = |o: char| openers.iter().position(|&x| x == o).unwrap_or(0);
    let mut marks: Vec<(char, usize, bool)> =
        openers.iter().map(|&o| (o, stack_of(o), true)).collect();
    for &(o, c) in &pairs {
        if !marks.iter().any(|m| m.0 == c) {
            marks.push((c, stack_of(o), false));
        }
    }
    marks.sort_unstable();
    Ok(PairedMarks {
        set: CharSet::new(marks.iter().map(|m| m.0)),
        openers: openers.len(),
        pairs,
        marks,
    })
}

impl PairedMarks {
    /// Marks without a partner in `span`. Linear in the span: each mark is
    /// pushed once and taken off once, whatever the mix of marks (a
    /// closing mark finds its opener through the stack of its own pair,
    /// not by searching back through every mark still open).
    fn unpaired(&self, text: &str, span: Span) -> Vec<(Span, char)> {
        // Opening marks still open, in order; and for each opener, the
        // indices into `open` of its own.
        let mut open: Vec<(usize, char, usize)> = Vec::new();
        let marks = &self.marks;
        let mut of_pair: Vec<Vec<usize>> = vec![Vec::new(); self.openers];
        let mut bad = Vec::new();
        for (i, c) in self.set.find_iter(span.text(text)) {
            let Ok(found) = marks.binary_search_by(|m| m.0.cmp(&c)) else {
                continue;
            };
            let (_, pair, opening) = marks[found];
            let at = span.start + i;
            if opening {
                of_pair[pair].push(open.len());
                open.push((at, c, pair));
                continue;
            }
            match of_pair[pair].pop() {
                Some(pos) => {
                    // Marks opened after the partner and still open are
                    // unpaired; each was the newest of its own pair.
                    for (at, o, p) in open.drain(pos..).skip(1) {
                        of_pair[p].pop();
                        bad.push((Span::new(at, at + o.len_utf8()), o));
                    }
                }
                None => bad.push((Span::new(at, at + c.len_utf8()), c)),
            }
        }
        bad.extend(
            open.into_iter()
                .map(|(at, o, _)| (Span::new(at, at + o.len_utf8()), o)),
        );
        bad.sort();
        bad
    }
}

impl Check for PairedMarks {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        // A paragraph as a whole: the lines of a hard-wrapped one together
        // (a PDF breaks 「《上海市政府」 from 「信息公开规定》」).
        for run in cx.doc.paragraphs() {
            if cx.over() {
                return;
            }
            // Page residue of the head (「• 【字体:」) is the hygiene rules'
            // business: its brackets are not the report's.
            if cx.doc.skipped.binary_search(&run.start).is_ok() {
                continue;
            }
            let bad = self.unpaired(cx.text(), cx.doc.span_of(&run));
            let Some((&(first, mark), rest)) = bad.split_first() else {
                continue;
            };
            let partner = |m: char| {
                self.pairs
                    .iter()
                    .find_map(|&(o, c)| {
                        if o == m {
                            Some(c)
                        } else if c == m {
                            Some(o)
                        } else {
                            None
                        }
                    })
                    .unwrap_or(m)
            };
            let mut hit = Hit::new(first, format!("缺少与之配对的「{}」", partner(mark)))
                .var("mark", mark.to_string())
                .var("count", bad.len().to_string());
            for &(span, m) in rest.iter().take(3) {
                hit = hit.related(span, format!("缺少与之配对的「{}」", partner(m)));
            }
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_kind;

    fn marks(text: &str) -> Vec<String> {
        run_kind("kind: paired-marks", text)
            .iter()
            .map(|h| format!("{}@{}", &text[h.span.start..h.span.end], h.span.start))
            .collect()
    }

    #[test]
    fn a_pair_may_span_the_lines_of_a_wrapped_paragraph_only() {
        let head = "某局2024年政府信息公开工作年度报告\n";
        // Wrapped mid-sentence: one paragraph, the marks pair.
        assert!(marks(&format!("{head}依据《中华人民共和国政府信息公开条例》和《上海\n市政府信息公开规定》编制本报告。\n")).is_empty());
        // A line that ends a sentence, a blank line, a heading or a short
        // line ends the paragraph: the marks are unpaired.
        for text in [
            format!("{head}依据《中华人民共和国政府信息公开条例》和《上海。\n市政府信息公开规定》编制本报告。\n"),
            format!("{head}依据《中华人民共和国政府信息公开条例》和《上海\n\n市政府信息公开规定》编制本报告。\n"),
            format!("{head}依据《中华人民共和国政府信息公开条例》和《上海\n一、总体情况》\n"),
            format!("{head}印发《实施方案\n规定》的要求。\n"),
        ] {
            assert_eq!(marks(&text).len(), 2, "{text}");
        }
        // Across the lines, a mark left open is still one.
        let text = format!("{head}依据《中华人民共和国政府信息公开条例和《上海\n市政府信息公开规定》编制本报告。\n");
        assert_eq!(marks(&text), [format!("《@{}", text.find('《').unwrap())]);
    }

    #[test]
    fn marks_left_open_are_found_in_one_pass() {
        use super::*;
        let checker = compile(
            Params {
                pairs: default_pairs(),
            },
            &PartCatalog::default(),
        )
        .expect("default pairs");
        // A closing mark whose opener is under many marks of another pair:
        // those are unpaired, the pair is not.
        let text = "（甲“乙“丙）";
        let bad = checker.unpaired(text, Span::new(0, text.len()));
        assert_eq!(bad.iter().map(|b| b.1).collect::<String>(), "““");
        // Many marks of one pair left open, then many closing marks of
        // another: every one is unpaired, found without searching back
        // through the open ones for each closing mark.
        let n = 20_000;
        let text = format!("{}{}", "“".repeat(n), "）".repeat(n));
        let bad = checker.unpaired(&text, Span::new(0, text.len()));
        assert_eq!(bad.len(), 2 * n);
        // A mark closed after others were opened closes its own opener.
        let text = "（《甲》“乙”）";
        assert!(checker.unpaired(text, Span::new(0, text.len())).is_empty());
    }
}
