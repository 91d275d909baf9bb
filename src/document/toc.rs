//! A table of contents at the top of the body: 「目录」 on a line of its
//! own, then the headings again (often with dot leaders and page numbers),
//! then the report. It is not the report's headings: the body starts after
//! it.

use super::blocks::Block;
use super::date::is_space;

/// How far after the head 「目录」 may stand, in blocks.
const TOC_WITHIN: usize = 3;
/// The most entries a table of contents has.
const MAX_ENTRIES: usize = 80;

/// An entry's words: without spaces, dot leaders and the page number.
fn entry_words(s: &str) -> String {
    let s = s.trim_end_matches(|c: char| c.is_ascii_digit() || is_space(c));
    let s = s
        .trim_end_matches(|c: char| matches!(c, '.' | '．' | '…' | '·' | '-' | '—') || is_space(c));
    s.chars().filter(|&c| !is_space(c)).collect()
}

/// Where the body starts after a table of contents that starts at or just
/// after `body_start`; `body_start` when there is none. The table of
/// contents ends where its first entry comes again as a line of the body.
pub fn skip_toc(text: &str, blocks: &[Block], body_start: usize) -> usize {
    let last = blocks.len().min(body_start + TOC_WITHIN);
    let Some(toc) = (body_start..last).find(|&i| {
        let words: String = blocks[i]
            .span
            .text(text)
            .chars()
            .filter(|&c| !is_space(c))
            .collect();
        words == "目录"
    }) else {
        return body_start;
    };
    let Some(first) = blocks.get(toc + 1) else {
        return body_start;
    };
    let first = entry_words(first.span.text(text));
    if first.is_empty() {
        return body_start;
    }
    (toc + 2..blocks.len().min(toc + 2 + MAX_ENTRIES))
        .find(|&i| entry_words(blocks[i].span.text(text)) == first)
        .unwrap_or(body_start)
}

#[cfg(test)]
mod tests {
    use crate::document::Document;

    #[test]
    fn the_body_starts_after_the_table_of_contents() {
        let text = "某局2022年法治政府建设年度报告\n目  录\n一、主要举措及成效……1\n二、存在的不足和原因……3\n一、主要举措及成效\n开展学法。\n二、存在的不足和原因\n由于人少。\n";
        let doc = Document::parse(text, None);
        let tops: Vec<&str> = doc
            .top_level()
            .map(|(_, h)| h.title_span.text(text))
            .collect();
        assert_eq!(tops, ["主要举措及成效", "存在的不足和原因"]);
        assert!(doc
            .body_span()
            .text(text)
            .starts_with("一、主要举措及成效\n开展"));
        // No repetition: not a table of contents.
        let list = "某局2022年法治政府建设年度报告\n目录\n一、主要举措及成效\n开展学法。\n";
        assert_eq!(Document::parse(list, None).headings.len(), 1);
    }
}
