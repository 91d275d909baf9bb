//! Page furniture: page numbers, running headers and footers. They are not
//! the report's text, so they are taken off the pages before paragraphs are
//! assembled, and listed for the outline. Like [`super::paragraphs`], this
//! works on the shared [`Line`] model and knows nothing of PDF.
//!
//! - A page number is the first or last line of a page that is only a
//!   number with dashes (「- 1 -」「— 1 —」「-1-」), 「第1页」「第1页 共5页」 or
//!   「1/5」.
//! - A running header or footer is a page's first or last line whose text,
//!   digits aside, is the first or last line of at least half the pages
//!   (and of two at least).

use std::collections::HashMap;

use super::paragraphs::{Item, Line};

/// A line taken off a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Furniture {
    /// 1-based page.
    pub page: usize,
    pub text: String,
    /// `page-number`, `header` or `footer`.
    pub kind: &'static str,
}

/// Takes the furniture off `pages` (each page's items top to bottom) and
/// returns it, page by page.
pub fn remove_furniture(pages: &mut [Vec<Item>]) -> Vec<Furniture> {
    let mut repeated: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        for (line, _) in edge_lines(page) {
            *repeated.entry(without_digits(&line.text)).or_default() += 1;
        }
    }
    let threshold = (pages.len().div_ceil(2)).max(2);
    let mut found = Vec::new();
    for page in pages.iter_mut() {
        let mut drop = Vec::new();
        for (line, at_top) in edge_lines(page) {
            let kind = if is_page_number(&line.text) {
                "page-number"
            } else if repeated
                .get(&without_digits(&line.text))
                .is_some_and(|n| *n >= threshold)
            {
                if at_top {
                    "header"
                } else {
                    "footer"
                }
            } else {
                continue;
            };
            drop.push((line.page, line.text.clone(), kind, line.baseline));
        }
        drop.dedup_by(|a, b| a.3 == b.3);
        for (number, text, kind, baseline) in drop {
            page.retain(
                |item| !matches!(item, Item::Line(l) if l.baseline == baseline && l.text == text),
            );
            found.push(Furniture {
                page: number,
                text,
                kind,
            });
        }
    }
    found
}

/// The first and last line of a page (`true` for the first), if they are
/// not inside the text between tables.
fn edge_lines(page: &[Item]) -> Vec<(&Line, bool)> {
    let lines: Vec<&Line> = page
        .iter()
        .filter_map(|item| match item {
            Item::Line(l) => Some(l),
            Item::Table(_) => None,
        })
        .collect();
    let mut out = Vec::new();
    if let Some(first) = lines.first() {
        out.push((*first, true));
    }
    if lines.len() > 1 {
        if let Some(last) = lines.last() {
            out.push((*last, false));
        }
    }
    out
}

fn without_digits(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// 「- 1 -」「— 12 —」「第3页」「第3页 共5页」「3/5」「3」.
pub fn is_page_number(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '－' | '─' | '―');
    let core = compact.trim_matches(dash);
    if core.is_empty() || core.chars().count() > 16 {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return true;
    }
    if let Some((a, b)) = core.split_once('/') {
        return digits(a) && digits(b);
    }
    let page = |s: &str| {
        s.strip_prefix('第')
            .and_then(|s| s.strip_suffix('页'))
            .is_some_and(digits)
    };
    if page(core) {
        return true;
    }
    if let Some(i) = core.find('共') {
        let (a, b) = core.split_at(i);
        return page(a)
            && b.strip_prefix('共')
                .and_then(|s| s.strip_suffix('页'))
                .is_some_and(digits);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, page: usize, baseline: f64) -> Item {
        Item::Line(Line {
            text: text.to_string(),
            page,
            left: 80.0,
            right: 200.0,
            baseline,
            size: 16.0,
        })
    }

    #[test]
    fn page_numbers() {
        for yes in ["- 1 -", "-1-", "— 12 —", "第3页", "第3页 共5页", "3/5", "7"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["2024年", "一、总体情况", "-", "（一）", "1.属于国家秘密"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn numbers_and_running_lines_are_taken_off() {
        let mut pages: Vec<Vec<Item>> = (1..=3)
            .map(|p| {
                vec![
                    line("某区人民政府文件", p, 40.0),
                    line("正文", p, 100.0),
                    line(&format!("- {p} -"), p, 800.0),
                ]
            })
            .collect();
        let found = remove_furniture(&mut pages);
        assert_eq!(found.len(), 6);
        assert_eq!(found[0].kind, "header");
        assert_eq!(found[1].kind, "page-number");
        assert!(pages.iter().all(|p| p.len() == 1));
    }
}
