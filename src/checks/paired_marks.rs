//! `paired-marks`: quotation marks and brackets come in pairs within a
//! paragraph (「刑事司法”两法衔接”机制」 has two closing quotes); the lines
//! of a hard-wrapped paragraph are one ([`crate::document::wrap`]).

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
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
        .collect::<Result<_, _>>()?;
    Ok(PairedMarks { pairs })
}

impl PairedMarks {
    /// Marks without a partner in `span`.
    fn unpaired(&self, text: &str, span: Span) -> Vec<(Span, char)> {
        let mut open: Vec<(usize, char)> = Vec::new();
        let mut bad = Vec::new();
        for (i, c) in span.text(text).char_indices() {
            let at = span.start + i;
            if self.pairs.iter().any(|&(o, _)| o == c) {
                open.push((at, c));
            } else if let Some(&(opener, _)) = self.pairs.iter().find(|&&(_, cl)| cl == c) {
                match open.iter().rposition(|&(_, o)| o == opener) {
                    Some(pos) => {
                        // Marks opened after the partner and still open are unpaired.
                        for (at, o) in open.drain(pos..).skip(1) {
                            bad.push((Span::new(at, at + o.len_utf8()), o));
                        }
                    }
                    None => bad.push((Span::new(at, at + c.len_utf8()), c)),
                }
            }
        }
        bad.extend(
            open.into_iter()
                .map(|(at, o)| (Span::new(at, at + o.len_utf8()), o)),
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
}
