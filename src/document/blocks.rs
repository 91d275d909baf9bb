//! Splitting the text into blocks (logical paragraphs). Normally a block is a
//! non-blank line; a report exported as one single line (paragraphs joined by
//! spaces, headings inline) is split back into blocks here, so that the rest
//! of the model does not care how the text was exported.

use super::date::{ends_with_date, is_space};
use super::heading::{peek_marker, MarkerKind, MarkerPeek};
use super::title::looks_like_title;
use crate::text::charset::char_len;
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

/// The longest heading words, in bytes, merged with what follows them.
const HEADING_WORDS_MAX: usize = 300;

/// A heading line merged with the paragraph after it: 「二、存在问题 人员不足。」.
/// It is asked at every space of a block that may be a whole merged
/// report, so it looks at a bounded prefix only.
/// `marker` is the one `so_far` starts with.
fn ends_heading_words(so_far: &str, marker: Option<MarkerPeek>) -> bool {
    // Heading words are short; a long piece is a paragraph (and the bound
    // keeps a long line linear).
    so_far.len() <= HEADING_WORDS_MAX
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

/// What [`starts_unseparated_block`] needs before it can be true, from the
/// character `c` that ends `so_far` (of `so_far_len` bytes): a title ends in
/// 「报告」; heading words follow a marker and are short. Asked at every
/// character, it keeps the full question (which reads the rest of the line
/// for a marker) to the few places where it can be true.
fn may_start_unseparated(
    c: char,
    so_far_len: usize,
    current: Option<MarkerPeek>,
    first_block: bool,
) -> bool {
    (first_block && c == '告') || (current.is_some() && so_far_len <= HEADING_WORDS_MAX)
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

/// Whether the character at `i` of `bytes` (a character boundary of valid
/// UTF-8) is one the splitter must look at when nothing else is pending: a
/// space ([`is_space`]), a strong sentence end, or 告 (which ends a title)
/// when `title_end`. Read from its bytes, without decoding it; a unit test
/// checks it against the predicates on every character.
fn is_stop(bytes: &[u8], i: usize, title_end: bool) -> bool {
    match bytes[i] {
        b'\t'..=b'\r' | b' ' => true,
        0xC2 => matches!(bytes[i + 1], 0x85 | 0xA0),
        0xE1 => bytes[i + 1..i + 3] == [0x9A, 0x80],
        0xE2 => match bytes[i + 1] {
            0x80 => matches!(bytes[i + 2], 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
            0x81 => bytes[i + 2] == 0x9F,
            _ => false,
        },
        0xE3 => bytes[i + 1] == 0x80 && matches!(bytes[i + 2], 0x80 | 0x82), // U+3000, 。
        0xE5 => title_end && bytes[i + 1..i + 3] == [0x91, 0x8A],            // 告
        0xEF => match bytes[i + 1] {
            0xBB => bytes[i + 2] == 0xBF,                       // U+FEFF
            0xBC => matches!(bytes[i + 2], 0x81 | 0x9F | 0x9B), // ！？；
            _ => false,
        },
        _ => false,
    }
}

/// Where in `s`, from `from` (a character boundary), the next space or
/// strong sentence end starts, or 告 too when `title_end`; `s.len()` if none.
/// One step a character, reading its first bytes only.
fn next_stop(s: &str, from: usize, title_end: bool) -> usize {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if is_stop(bytes, i, title_end) {
            return i;
        }
        i += char_len(bytes[i]);
    }
    bytes.len()
}

/// Whether a line is a merged report (paragraphs exported without line
/// breaks): a heading marker follows a run of spaces somewhere in it. Only
/// then do runs of spaces separate blocks; on any other line they are part
/// of the text (「【 字体:  】」, 「中共某县委 某县人民政府」, 「日期:… 来源:…」).
/// One pass over the line: each run of spaces is looked at once.
fn is_merged_line(s: &str) -> bool {
    let mut at = 0;
    while at < s.len() {
        let space = next_stop(s, at, false);
        let Some(c) = s[space..].chars().next() else {
            return false;
        };
        if !is_space(c) {
            at = space + c.len_utf8();
            continue;
        }
        let run_end = space + s[space..].len() - s[space..].trim_start_matches(is_space).len();
        if peek_marker(&s[run_end..]).is_some() {
            return true;
        }
        at = run_end;
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

    let mut i = first;
    while i < s.len() {
        // Only heading words (a marker's first bytes) can end at any
        // character: past them, skip to the next character that can end a
        // block. The skipped ones fail every test below.
        let in_heading_words = marker.is_some() && i < block_start + HEADING_WORDS_MAX;
        if !in_heading_words {
            i = next_stop(s, i, out.is_empty());
            if i == s.len() {
                break;
            }
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if is_space(c) {
            // A run of spaces: decide whether it separates two blocks.
            let run_end = s.len() - s[i..].trim_start_matches(is_space).len();
            let rest = &s[run_end..];
            if rest.is_empty() {
                break;
            }
            // The character before the run (never a space: the run is whole).
            let prev = s[..i].chars().next_back();
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
            i = run_end;
            continue;
        }
        let next = i + c.len_utf8();
        if next < s.len()
            && may_start_unseparated(c, next - block_start, marker, out.is_empty())
            && starts_unseparated_block(&s[block_start..next], marker, &s[next..], out.is_empty())
        {
            push(block_start, next, &mut starts_line, out);
            block_start = next;
            marker = peek_marker(&s[next..]);
            i = next;
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
        i = next;
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

/// The splitter must give the blocks of the plain character-by-character
/// one on every line, whatever it skips.
#[cfg(test)]
mod skipping {
    use super::*;

    /// The splitter as it was before it skipped characters: one decoded
    /// character at a time. The fast one must give the same blocks.
    /// Whether a line is a merged report (paragraphs exported without line
    /// breaks): a heading marker follows a run of spaces somewhere in it. Only
    /// then do runs of spaces separate blocks; on any other line they are part
    /// of the text (「【 字体:  】」, 「中共某县委 某县人民政府」, 「日期:… 来源:…」).
    /// One pass over the line: each run of spaces is looked at once.
    fn reference_is_merged_line(s: &str) -> bool {
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

    fn reference_split_line(text: &str, line_span: Span, line: usize, out: &mut Vec<Block>) {
        let s = line_span.text(text);
        let base = line_span.start;
        let Some(first) = s.find(|c: char| !is_space(c)) else {
            return;
        };
        let merged = reference_is_merged_line(s);
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
                && may_start_unseparated(c, next - block_start, marker, out.is_empty())
                && starts_unseparated_block(
                    &s[block_start..next],
                    marker,
                    &s[next..],
                    out.is_empty(),
                )
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

    fn reference(text: &str) -> Vec<Block> {
        let lines = LineIndex::new(text);
        let mut blocks = Vec::new();
        for line in 0..lines.line_count() {
            reference_split_line(text, lines.line_span(text, line), line, &mut blocks);
        }
        blocks
    }

    #[test]
    fn stops_are_read_from_bytes_as_the_predicates_say() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(char_len(bytes[0]), bytes.len());
            for title_end in [false, true] {
                let stop = is_space(c) || ends_sentence_strongly(c) || (title_end && c == '告');
                assert_eq!(is_stop(bytes, 0, title_end), stop, "U+{:04X}", c as u32);
            }
        }
    }

    /// Lines built from the pieces the splitter reacts to, joined in many
    /// orders, with and without spaces.
    #[test]
    fn skipping_gives_the_reference_blocks() {
        let pieces = [
            "某局2021年法治政府建设年度报告",
            "2021年，我局如下：",
            "一、",
            "主要举措",
            "（一）",
            "(二)",
            "1.",
            "2．",
            "学法。",
            "一是学习；",
            "二、存在问题",
            "人员不足！",
            "某局",
            "2022年1月5日",
            "（此件公开发布）",
            "告",
            "报告",
            " ",
            "  ",
            "\u{3000}",
            "\u{a0}",
            "\u{2003}",
            "\u{feff}",
            "\t",
            "”",
            "：",
            "2.5亿元",
            "第 3 条",
            "繁体版 长者助手",
            "。",
            "？",
            "\n",
            "\r\n",
            "依法行政工作取得新进展，",
            "x",
        ];
        let mut seed = 0x2545_f491_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..3000 {
            let len = 1 + next(if round % 10 == 0 { 400 } else { 40 });
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let lines = LineIndex::new(&text);
            assert_eq!(split_blocks(&text, &lines), reference(&text), "{text:?}");
        }
    }

    #[test]
    fn skipping_gives_the_reference_blocks_on_the_fixtures() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let one_line = text.replace('\n', " ");
            for text in [&text, &one_line] {
                assert_eq!(split_blocks(text, &LineIndex::new(text)), reference(text));
            }
            seen += 1;
        }
        assert!(seen >= 5, "{seen} fixtures read");
    }
}
