//! Hard-wrapped text. A PDF extraction breaks each paragraph into lines of
//! the page's width, mid-sentence and even inside a book title:
//! 「根据《中华人民共和国政府信息公开条例》和《上海市政府」 over
//! 「信息公开规定》的要求，…」. A line that stops mid-sentence and the line
//! right under it belong to one paragraph; checks that read a paragraph
//! as a whole (quotes and brackets in pairs) read such lines together.

use super::Document;
use crate::text::sentence::is_sentence_end;
use crate::text::span::Span;
use std::ops::Range;

/// A line shorter than this is a heading, a name or a date, not a line of
/// a wrapped paragraph.
const MIN_WRAPPED_CHARS: usize = 12;

/// Characters a paragraph (or a sentence of it) may end with: a
/// sentence end, or a colon, an ellipsis or a closing quote after one.
fn ends_paragraph(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '：' | ':' | '…' | '”' | '」' | '』')
}

impl Document<'_> {
    /// Whether block `i` is a line of a paragraph that goes on in block
    /// `i + 1`: both are whole lines of the body, one right under the other
    /// (no blank line), neither a heading nor in a table, and block `i` is
    /// a long line that stops mid-sentence.
    pub fn continues(&self, i: usize) -> bool {
        let (Some(line), Some(next)) = (self.blocks.get(i), self.blocks.get(i + 1)) else {
            return false;
        };
        let body = |b: usize| {
            b >= self.body_start
                && self.blocks[b].span.end <= self.closing.start
                && self.block_heading[b].is_none()
                && !self.block_in_table[b]
                && self.skipped.binary_search(&b).is_err()
        };
        let words = line.span.text(self.text);
        line.starts_line
            && next.starts_line
            && next.line == line.line + 1
            && body(i)
            && body(i + 1)
            && words.chars().nth(MIN_WRAPPED_CHARS - 1).is_some()
            && words
                .chars()
                .next_back()
                .is_some_and(|c| !ends_paragraph(c))
    }

    /// The paragraphs of the text as runs of blocks: one block each, or the
    /// lines of a hard-wrapped paragraph together.
    pub fn paragraphs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let mut start = 0;
        std::iter::from_fn(move || {
            if start >= self.blocks.len() {
                return None;
            }
            let mut end = start;
            while self.continues(end) {
                end += 1;
            }
            let run = start..end + 1;
            start = end + 1;
            Some(run)
        })
    }

    /// From the first block of `run` to the end of its last.
    pub fn span_of(&self, run: &Range<usize>) -> Span {
        Span::new(
            self.blocks[run.start].span.start,
            self.blocks[run.end - 1].span.end,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::document::Document;

    fn paragraphs(text: &str) -> Vec<String> {
        let doc = Document::parse(text, None);
        doc.paragraphs()
            .map(|run| doc.span_of(&run).text(text).replace('\n', "/"))
            .collect()
    }

    #[test]
    fn lines_that_stop_mid_sentence_go_on_in_the_next() {
        let text = "某局2024年政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》和《上海市政府\n信息公开规定》的要求，编制本报告。\n一、总体情况\n本年度共主动公开政府信息一百二十条，其中\n规章两件。\n某局\n2025年1月20日\n";
        assert_eq!(
            paragraphs(text),
            [
                "某局2024年政府信息公开工作年度报告",
                "根据《中华人民共和国政府信息公开条例》和《上海市政府/信息公开规定》的要求，编制本报告。",
                "一、总体情况",
                "本年度共主动公开政府信息一百二十条，其中/规章两件。",
                "某局",
                "2025年1月20日",
            ]
        );
    }

    #[test]
    fn paragraphs_headings_short_lines_and_blank_lines_end_a_run() {
        let text = "某局2024年法治政府建设年度报告\n一、主要举措和成效\n全年开展法治培训十二次，覆盖全体干部。\n（一）加强学法用法工作力度持续加大\n组织学习《宪法》《民法典》等法律法规\n\n二、存在的不足和原因\n";
        let got = paragraphs(text);
        assert_eq!(got.len(), 6, "{got:?}");
        assert!(got.iter().all(|p| !p.contains('/')), "{got:?}");
    }
}
