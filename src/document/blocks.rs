//! Splitting the text into blocks (logical paragraphs). Normally a block is a
//! non-blank line; a report exported as one single line (paragraphs joined by
//! spaces, headings inline) is split back into blocks here, so that the rest
//! of the model does not care how the text was exported.

use super::date::{ends_with_date, is_space};
use super::heading::{peek_marker, MarkerKind, MarkerPeek};
use super::title::looks_like_title;
use crate::text::pattern::Pattern;
use crate::text::span::{LineIndex, Span};
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Trimmed span of the block's text.
    pub span: Span,
    /// 0-based physical line the block is on.
    pub line: usize,
    /// False when the block starts in the middle of a physical line, i.e. it
    /// was merged into the previous paragraph's line.
    pub starts_line: bool,
}

/// Characters after which a space (or a heading marker) starts a new block.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':' | '|' | '”' | '」' | '』'
    )
}

/// Characters after which a heading marker starts a new block even without
/// a space in between.
fn ends_sentence_strongly(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；')
}

/// A heading line merged with the paragraph after it: 「二、存在问题 人员不足。」.
/// It is asked at every space of a block that may be a whole merged
/// report, so it looks at a bounded prefix only.
/// `marker` is the one `so_far` starts with.
fn ends_heading_words(so_far: &str, marker: Option<MarkerPeek>) -> bool {
    // Heading words are short; a long piece is a paragraph (and the bound
    // keeps a long line linear).
    so_far.len() <= 300
        && marker.filter(|m| m.within(so_far.len())).is_some_and(|m| {
            let words = &so_far[m.len..];
            !words.trim_matches(is_space).is_empty() && !words.contains(ends_sentence_strongly)
        })
}

/// Text glued together with no separator at all: a title followed by the
/// opening (「…年度报告2021年，我局…」), or heading words followed by a
/// lower-level heading (「一、依法履职（一）优化服务。」).
/// `current` is the marker `so_far` starts with.
fn starts_unseparated_block(
    so_far: &str,
    current: Option<MarkerPeek>,
    rest: &str,
    first_block: bool,
) -> bool {
    if rest.starts_with(is_space) {
        return false; // the whitespace rules decide
    }
    if first_block
        && so_far.ends_with("报告")
        && looks_like_title(so_far)
        && rest.chars().nth(20).is_some()
    {
        return true;
    }
    let Some(current_kind) = current.filter(|m| m.within(so_far.len())).map(|m| m.kind) else {
        return false;
    };
    peek_marker(rest).is_some_and(|next| next.kind > current_kind)
        && ends_heading_words(so_far, current)
}

pub fn split_blocks(text: &str, lines: &LineIndex) -> Vec<Block> {
    let mut blocks = Vec::new();
    for line in 0..lines.line_count() {
        let span = lines.line_span(text, line);
        split_line(text, span, line, &mut blocks);
    }
    blocks
}

/// In a merged report, the closing elements after the signer: a date
/// followed by more (「2023年2月2日 （此件公开发布）」), or a bracketed 附注
/// that ends the line. Only a short prefix of `rest` is read.
fn starts_closing_element(rest: &str) -> bool {
    static DATE_FIRST: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::fixed(r"^[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日(?:\s|$)")
    });
    static ANNOTATION_LAST: LazyLock<Pattern> =
        LazyLock::new(|| Pattern::fixed(r"^[（(][^（()）]{1,30}[）)]"));
    let head = &rest[..crate::text::span::floor_char_boundary(rest, 120)];
    DATE_FIRST.is_match(head)
        || ANNOTATION_LAST
            .find(head)
            .is_some_and(|m| rest[m.end()..].trim_matches(is_space).is_empty())
}

/// Whether a line is a merged report (paragraphs exported without line
/// breaks): a heading marker follows a run of spaces somewhere in it. Only
/// then do runs of spaces separate blocks; on any other line they are part
/// of the text (「【 字体:  】」, 「中共某县委 某县人民政府」, 「日期:… 来源:…」).
/// One pass over the line: each run of spaces is looked at once.
fn is_merged_line(s: &str) -> bool {
    let mut after_space = false;
    for (i, c) in s.char_indices() {
        if is_space(c) {
            after_space = true;
            continue;
        }
        if after_space && peek_marker(&s[i..]).is_some() {
            return true;
        }
        after_space = false;
    }
    false
}

fn split_line(text: &str, line_span: Span, line: usize, out: &mut Vec<Block>) {
    let s = line_span.text(text);
    let base = line_span.start;
    let Some(first) = s.find(|c: char| !is_space(c)) else {
        return;
    };
    let merged = is_merged_line(s);
    let mut block_start = first;
    // The marker the current block starts with, read once per block.
    let mut marker = peek_marker(&s[block_start..]);
    let mut starts_line = true;
    let push = |start: usize, end: usize, starts_line: &mut bool, out: &mut Vec<Block>| {
        let piece = &s[start..end];
        let trimmed_end = start + piece.trim_end_matches(is_space).len();
        if trimmed_end > start {
            out.push(Block {
                span: Span::new(base + start, base + trimmed_end),
                line,
                starts_line: *starts_line,
            });
            *starts_line = false;
        }
    };

    let mut chars = s.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if i < block_start {
            prev = Some(c);
            continue;
        }
        if is_space(c) {
            // A run of spaces: decide whether it separates two blocks.
            let mut run_end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !is_space(d) {
                    break;
                }
                run_end = j + d.len_utf8();
                chars.next();
            }
            let rest = &s[run_end..];
            if rest.is_empty() {
                break;
            }
            let so_far = &s[block_start..i];
            // A title is short: only a short first piece can be one.
            let title_first = out.is_empty() && so_far.len() <= 400 && looks_like_title(so_far);
            let split = title_first
                || (merged
                    && (prev.is_some_and(ends_sentence)
                        || peek_marker(rest).is_some()
                        || ends_with_date(rest)
                        || starts_closing_element(rest)
                        || ends_heading_words(so_far, marker)));
            if split {
                push(block_start, i, &mut starts_line, out);
                block_start = run_end;
                marker = peek_marker(rest);
            }
            prev = Some(' ');
            continue;
        }
        let next = i + c.len_utf8();
        if next < s.len()
            && starts_unseparated_block(&s[block_start..next], marker, &s[next..], out.is_empty())
        {
            push(block_start, next, &mut starts_line, out);
            block_start = next;
            marker = peek_marker(&s[next..]);
            prev = Some(c);
            continue;
        }
        if ends_sentence_strongly(c) && next < s.len() {
            if let Some(next_marker) = peek_marker(&s[next..]) {
                // Arabic markers right after a full stop are too often
                // in-paragraph lists; only the higher levels split here.
                if next_marker.kind <= MarkerKind::ParenChinese {
                    push(block_start, next, &mut starts_line, out);
                    block_start = next;
                    marker = Some(next_marker);
                }
            }
        }
        prev = Some(c);
    }
    push(block_start, s.len(), &mut starts_line, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<(&str, usize, bool)> {
        let index = LineIndex::new(text);
        split_blocks(text, &index)
            .into_iter()
            .map(|b| (b.span.text(text), b.line, b.starts_line))
            .collect()
    }

    #[test]
    fn one_block_per_nonblank_line() {
        let text = "标题\r\n\r\n  一、主要举措  \n正文。";
        assert_eq!(
            blocks(text),
            vec![
                ("标题", 0, true),
                ("一、主要举措", 2, true),
                ("正文。", 3, true)
            ]
        );
    }

    #[test]
    fn merged_report_is_split_back_into_blocks() {
        let text = "某局2021年法治政府建设年度报告 2021年,我局如下: 一、主要举措 (一)学法。一是学习。 二、存在问题 人员不足。 某局 2022年1月5日";
        assert_eq!(
            blocks(text).into_iter().map(|b| b.0).collect::<Vec<_>>(),
            vec![
                "某局2021年法治政府建设年度报告",
                "2021年,我局如下:",
                "一、主要举措",
                "(一)学法。一是学习。",
                "二、存在问题",
                "人员不足。",
                "某局",
                "2022年1月5日"
            ]
        );
    }

    #[test]
    fn spaces_inside_sentences_do_not_split() {
        assert_eq!(blocks("繁体版 长者助手 无障碍辅助浏览").len(), 1);
        assert_eq!(blocks("第 3 条规定").len(), 1);
    }

    #[test]
    fn headings_after_full_stop_split_without_space() {
        assert_eq!(
            blocks("一、举措。(一)学法。二、问题")
                .into_iter()
                .map(|b| b.0)
                .collect::<Vec<_>>(),
            vec!["一、举措。", "(一)学法。", "二、问题"]
        );
        assert_eq!(blocks("措施如下。1.学法").len(), 1);
    }

    #[test]
    fn unseparated_title_and_subheadings_split() {
        assert_eq!(
            blocks("某局2024年法治政府建设年度报告2024年以来，我局坚持依法行政，取得成效。一、依法履职(一)优化服务。一是调研。")
                .into_iter()
                .map(|b| b.0)
                .collect::<Vec<_>>(),
            vec![
                "某局2024年法治政府建设年度报告",
                "2024年以来，我局坚持依法行政，取得成效。",
                "一、依法履职",
                "(一)优化服务。一是调研。"
            ]
        );
        // A marker-like number inside heading words of the same level is not split.
        assert_eq!(blocks("一、学习二、三中全会精神").len(), 1);
    }
}

#[cfg(test)]
mod one_block_lines {
    use super::*;

    fn count(text: &str) -> usize {
        split_blocks(text, &LineIndex::new(text)).len()
    }

    #[test]
    fn spaces_split_only_a_merged_report() {
        // Widgets, joint issuers, metadata with spaces: one block each.
        assert_eq!(count("【 字体:  】"), 1);
        assert_eq!(
            count("中共某县委 某县人民政府关于2022年度法治政府建设情况的报告"),
            1
        );
        assert_eq!(count("中共某县委　某县人民政府"), 1);
        assert_eq!(count("日期:2021-03-30 15:28    来源:北京市人民政府"), 1);
        assert_eq!(count("当前位置: 首页 > 其他 > 依法行政"), 1);
        // A merged report (heading markers after spaces) is still split,
        // and so are its closing elements.
        assert_eq!(count("开展学法。 一、主要举措 (一)学法。"), 3);
        assert_eq!(
            count("开展学法。 一、举措 继续努力。 某局 2023年2月2日 （此件公开发布）"),
            6
        );
    }
}
