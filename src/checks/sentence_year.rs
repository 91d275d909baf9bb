//! `sentence-year`: the sentence that states a period (the 统计时限 of a
//! 政府信息公开工作年度报告: 「本年度报告所列数据的统计时限为2023年1月1日至
//! 2023年12月31日」) names the reported year (+ `offset`). The sentence is
//! the first in the body whose words match `pattern`; when a PDF extraction
//! wrapped it, the years may be on the next line. With `required: true`, a
//! report without such a sentence is a finding too (variable `missing`).

use super::{Check, Context, Hit, SpecError};
use crate::document::title::years_in;
use crate::schema::parts::PartCatalog;
use crate::text::pattern::Pattern;
use crate::text::span::Span;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub pattern: String,
    #[serde(default)]
    pub offset: i32,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug)]
pub struct SentenceYear {
    pattern: Pattern,
    offset: i32,
    required: bool,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<SentenceYear, SpecError> {
    let pattern = crate::text::pattern::compile(&params.pattern)
        .map_err(|e| SpecError::new(params.pattern.clone(), e))?;
    Ok(SentenceYear {
        pattern,
        offset: params.offset,
        required: params.required,
    })
}

impl Check for SentenceYear {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let pieces = doc.prose_in(doc.body_span());
        let found = pieces.iter().enumerate().find_map(|(i, piece)| {
            let text = piece.text(doc.matching());
            self.pattern.find(text).map(|m| {
                let (start, end) = (piece.start + m.start(), piece.start + m.end());
                (i, doc.index.sentence_in(doc.matching(), *piece, start, end))
            })
        });
        let Some((index, sentence)) = found else {
            if self.required {
                if let Some(first) = pieces.first() {
                    let span = super::first_line(doc, *first);
                    hits.push(Hit::new(span, "此处应写明统计时限").var("missing", "true"));
                }
            }
            return;
        };
        // The sentence, and the rest of it on the next line when it does not end.
        let mut spans = vec![sentence];
        let ends = sentence
            .text(doc.matching())
            .ends_with(['。', '；', '！', '？']);
        if !ends {
            if let Some(next) = pieces.get(index + 1) {
                let text = next.text(doc.matching());
                let end = text.find('。').map_or(text.len(), |i| i + '。'.len_utf8());
                spans.push(Span::new(next.start, next.start + end));
            }
        }
        let Some(year) = doc.year else { return };
        let expected = year.year + self.offset;
        for span in spans {
            for (found, at) in years_in(span.text(doc.matching())) {
                if found != expected {
                    let at = at.offset_by(span.start);
                    hits.push(
                        Hit::new(at, format!("应为{expected}年"))
                            .var("found", found.to_string())
                            .var("expected", expected.to_string())
                            .var("sentence", super::quote(doc.text, sentence, 40)),
                    );
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_kind;

    const RULE: &str = "kind: sentence-year\npattern: 统计(时限|周期|期限)\nrequired: true\n";

    #[test]
    fn the_period_names_the_reported_year() {
        let good = "某局2023年政府信息公开工作年度报告\n本年度报告所列数据的统计时限为2023年1月1日至2023年12月31日。\n一、总体情况\n";
        assert!(run_kind(RULE, good).is_empty());
        let bad = good.replace("至2023年12月", "至2022年12月");
        let hits = run_kind(RULE, &bad);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].span.text(&bad), "2022");
    }

    #[test]
    fn wrapped_over_two_lines_and_missing() {
        let wrapped = "某局2024年政府信息公开工作年度报告\n本年度报告中所列数据的统计周期\n为 2023 年 1 月 1 日至 12 月 31 日。年度报告可下载。\n一、总体情况\n";
        let hits = run_kind(RULE, wrapped);
        assert_eq!(hits.len(), 1, "{hits:?}");
        let none = "某局2024年政府信息公开工作年度报告\n一、总体情况\n我局认真做好公开工作。\n";
        assert_eq!(run_kind(RULE, none).len(), 1);
    }
}
