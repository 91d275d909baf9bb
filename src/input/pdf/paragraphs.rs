//! Lines → paragraphs: the layout model that page formats share. A PDF
//! gives positioned glyphs, and so will an OFD reader (GB/T 33190): both
//! build [`Line`]s and hand the pages to [`assemble`]. Nothing here knows
//! PDF. Positions are in any unit of length, as long as one unit is used
//! throughout and `size` (the font size) is in it too: every threshold is
//! a multiple of the font size, so points, millimetres or OFD's units all
//! work.
//!
//! A paragraph ends (and the next line starts a new one) at:
//! - a line that starts with a heading marker (「一、」「（一）」「1.」「（1）」);
//! - an indented line (its left edge more than 1.2 em right of the body's);
//! - a short line (ending more than 1.5 em before the body's right edge);
//! - a centred line (a title line), a change of font size, or a blank
//!   line's gap (more than 2.2 lines' worth between baselines);
//! - a table.
//!
//! A page break is not a paragraph break: the last full line of a page and
//! the first line of the next join unless one of the rules above says so.
//! Work is linear in the lines (the body's edges are counted in one pass).

use std::collections::HashMap;

/// One line of text as a page sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    /// 1-based page number.
    pub page: usize,
    /// Left edge of its first glyph and right edge of its last.
    pub left: f64,
    pub right: f64,
    /// Baseline, growing down the page.
    pub baseline: f64,
    /// Font size (the largest on the line).
    pub size: f64,
}

/// What a page holds, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Line(Line),
    /// A table, by its index in the document's tables.
    Table(usize),
}

/// A block of the document: a paragraph's text (its lines joined), or a
/// table.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(String),
    Table(usize),
}

/// The body's measure: where full lines of body text start and end, and
/// whether its paragraphs begin indented (as GB/T 9704 sets them: every
/// paragraph, headings too, two characters in).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Body {
    left: f64,
    right: f64,
    indented: bool,
}

/// Paragraphs and tables of a document, from its pages' items in reading
/// order.
pub fn assemble(pages: &[Vec<Item>]) -> Vec<Block> {
    let lines = pages.iter().flatten().filter_map(|item| match item {
        Item::Line(line) => Some(line),
        Item::Table(_) => None,
    });
    let body = body_measure(lines);
    let mut blocks = Vec::new();
    let mut open: Option<(String, &Line)> = None;
    for item in pages.iter().flatten() {
        match item {
            Item::Table(t) => {
                if let Some((text, _)) = open.take() {
                    blocks.push(Block::Paragraph(text));
                }
                blocks.push(Block::Table(*t));
            }
            Item::Line(line) => {
                open = Some(match open.take() {
                    Some((mut text, prev)) if continues(prev, line, body) => {
                        join(&mut text, &line.text);
                        (text, line)
                    }
                    Some((text, _)) => {
                        blocks.push(Block::Paragraph(text));
                        (line.text.clone(), line)
                    }
                    None => (line.text.clone(), line),
                });
            }
        }
    }
    if let Some((text, _)) = open {
        blocks.push(Block::Paragraph(text));
    }
    blocks
}

/// The most common left and right edges of lines set in the most common
/// size (rounded to a tenth of an em): those of full body lines.
fn body_measure<'a>(lines: impl Iterator<Item = &'a Line> + Clone) -> Body {
    let mut sizes: HashMap<i64, usize> = HashMap::new();
    for line in lines.clone() {
        *sizes.entry((line.size * 2.0).round() as i64).or_default() += line.text.chars().count();
    }
    let Some(size) = most_common(sizes) else {
        return Body {
            left: 0.0,
            right: 0.0,
            indented: false,
        };
    };
    let unit = (size as f64 / 2.0 / 10.0).max(f64::MIN_POSITIVE);
    let mut lefts: HashMap<i64, usize> = HashMap::new();
    let mut rights: HashMap<i64, usize> = HashMap::new();
    for line in lines.filter(|l| (l.size * 2.0).round() as i64 == size) {
        *lefts.entry((line.left / unit).round() as i64).or_default() += 1;
        *rights
            .entry((line.right / unit).round() as i64)
            .or_default() += 1;
    }
    let left = most_common(lefts.clone());
    // Lines two characters (20 tenths of an em) in from the body's edge.
    let at = |k: i64| {
        (k - 5..=k + 5)
            .map(|k| lefts.get(&k).copied().unwrap_or(0))
            .sum::<usize>()
    };
    // At least one line in nine two characters in: paragraphs' first lines.
    let indented = left.is_some_and(|k| {
        let (flush, two_in) = (at(k), at(k + 20));
        two_in > 0 && two_in * 8 >= flush
    });
    Body {
        left: left.map_or(0.0, |k| k as f64 * unit),
        right: most_common(rights).map_or(0.0, |k| k as f64 * unit),
        indented,
    }
}

/// The key counted most often (the smallest such key on a tie, so the
/// result does not depend on hashing).
fn most_common(counts: HashMap<i64, usize>) -> Option<i64> {
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k)
}

/// Whether `line` continues the paragraph whose last line is `prev`.
fn continues(prev: &Line, line: &Line, body: Body) -> bool {
    let size = prev.size.max(line.size);
    if size <= 0.0 || (prev.size - line.size).abs() > 0.15 * size {
        return false;
    }
    // A marker starts a paragraph; but where every paragraph begins
    // indented, a marker flush with the body's edge under a full line is
    // a wrap that happens to start with 「一、」, not a heading.
    let wrapped = body.indented
        && line.left <= body.left + 0.5 * size
        && prev.right >= body.right - 1.5 * size;
    if (starts_with_marker(&line.text) && !wrapped) || centred(prev, body) || centred(line, body) {
        return false;
    }
    if line.left > body.left + 1.2 * size {
        return false;
    }
    if prev.right < body.right - 1.5 * size {
        return false;
    }
    if prev.page == line.page && line.baseline - prev.baseline > 2.2 * size * 1.3 {
        return false;
    }
    true
}

/// A line set in the middle of the measure, clear of both edges.
fn centred(line: &Line, body: Body) -> bool {
    let (before, after) = (line.left - body.left, body.right - line.right);
    before > 1.5 * line.size && after > 1.5 * line.size && (before - after).abs() < 1.5 * line.size
}

/// Joins a wrapped line to its paragraph: directly, or with a space between
/// two Latin words.
fn join(text: &mut String, next: &str) {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(text.chars().last()) && latin(next.chars().next()) {
        text.push(' ');
    }
    text.push_str(next);
}

/// Whether a line starts with a heading or list marker: 「一、」「（一）」
/// 「1.」「1、」「（1）」 (full- or half-width brackets).
pub fn starts_with_marker(text: &str) -> bool {
    let text = text.trim_start();
    let chinese = |c: char| "一二三四五六七八九十百零〇".contains(c);
    let mut chars = text.chars();
    match chars.next() {
        Some('（' | '(') => {
            let rest: String = chars
                .by_ref()
                .take_while(|c| *c != '）' && *c != ')')
                .collect();
            !rest.is_empty()
                && rest.chars().count() <= 4
                && (rest.chars().all(chinese) || rest.chars().all(|c| c.is_ascii_digit()))
        }
        Some(c) if chinese(c) => {
            let number: String = std::iter::once(c)
                .chain(chars.take_while(|c| chinese(*c)))
                .collect();
            text[number.len()..].starts_with('、')
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = text.bytes().take_while(u8::is_ascii_digit).count();
            let rest = &text[digits..];
            digits <= 2
                && (rest.starts_with('、')
                    || rest.starts_with('．')
                    || (rest.starts_with('.')
                        && !rest[1..].starts_with(|c: char| c.is_ascii_digit())))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, page: usize, left: f64, baseline: f64) -> Item {
        let chars = text.chars().count() as f64;
        Item::Line(Line {
            text: text.to_string(),
            page,
            left,
            right: left + chars * 16.0,
            baseline,
            size: 16.0,
        })
    }

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(t) => t.as_str(),
                Block::Table(_) => "<table>",
            })
            .collect()
    }

    #[test]
    fn wrapped_lines_and_pages_rejoin() {
        let full = "本".repeat(28);
        let pages = vec![
            vec![
                line("一、总体情况", 1, 80.0, 100.0),
                line(&format!("　　{}", "我".repeat(26)), 1, 80.0, 128.0),
                line(&full, 1, 80.0, 156.0),
            ],
            vec![
                line("续完。", 2, 80.0, 100.0),
                line("二、下一部分", 2, 80.0, 128.0),
            ],
        ];
        // The second line is indented (it starts 2 em in).
        let mut pages = pages;
        if let Item::Line(l) = &mut pages[0][1] {
            l.text = "我".repeat(26);
            l.left = 112.0;
            l.right = 80.0 + 28.0 * 16.0;
        }
        let blocks = assemble(&pages);
        assert_eq!(
            texts(&blocks),
            vec![
                "一、总体情况",
                &format!("{}{}续完。", "我".repeat(26), full),
                "二、下一部分"
            ]
        );
    }

    #[test]
    fn a_wrap_that_starts_with_a_marker_continues_where_paragraphs_indent() {
        // Set as GB/T 9704 sets a page: every paragraph, headings too, two
        // characters in; wraps flush with the body's edge.
        let full = "本".repeat(28);
        let indented = |text: &str, baseline: f64| {
            let mut item = line(text, 1, 112.0, baseline);
            if let Item::Line(l) = &mut item {
                l.right = l.left + text.chars().count() as f64 * 16.0;
            }
            item
        };
        let pages = vec![vec![
            indented(&"我".repeat(26), 100.0),
            line(&full, 1, 80.0, 128.0),
            // A wrap that happens to start with 「一、」.
            line("一、受众不明确。", 1, 80.0, 156.0),
            indented(&"他".repeat(26), 184.0),
            line(&full, 1, 80.0, 212.0),
            // A heading after a full line: indented, so a heading.
            indented("二、下一部分", 240.0),
        ]];
        assert_eq!(
            texts(&assemble(&pages)),
            vec![
                format!("{}{full}一、受众不明确。", "我".repeat(26)).as_str(),
                &format!("{}{full}", "他".repeat(26)),
                "二、下一部分",
            ]
        );
        // Where paragraphs are not indented, a marker line is a heading
        // wherever it stands.
        let flush = vec![vec![
            line(&full, 1, 80.0, 100.0),
            line(&full, 1, 80.0, 128.0),
            line("一、总体情况", 1, 80.0, 156.0),
        ]];
        assert_eq!(
            texts(&assemble(&flush)),
            vec![format!("{full}{full}").as_str(), "一、总体情况"]
        );
    }

    #[test]
    fn tables_break_paragraphs() {
        let full = "本".repeat(28);
        let pages = vec![vec![
            line(&full, 1, 80.0, 100.0),
            Item::Table(0),
            line(&full, 1, 80.0, 300.0),
        ]];
        assert_eq!(
            texts(&assemble(&pages)),
            vec![full.as_str(), "<table>", full.as_str()]
        );
    }

    #[test]
    fn markers() {
        for yes in [
            "一、总体",
            "（一）主动",
            "(2)办理",
            "1.属于",
            "12、其他",
            "十一、",
        ] {
            assert!(starts_with_marker(yes), "{yes}");
        }
        for no in ["2024年", "1.5万", "一是", "（此件公开发布）", "本年度"] {
            assert!(!starts_with_marker(no), "{no}");
        }
    }
}
