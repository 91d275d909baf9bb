//! The report's title and its reported year.

use super::blocks::Block;
use super::date::is_space;
use super::numerals::chinese_digits;
use crate::textpos::Span;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub span: Span,
    pub block: usize,
    /// The unit named before the year (「中山市政务服务数据管理局」).
    pub unit: Option<Span>,
    /// The year named in the title and where.
    pub year: Option<(i32, Span)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSource {
    /// `--year` on the command line.
    Override,
    Title,
    /// The paragraphs before the first heading.
    Opening,
    /// The year named most often in the text.
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportedYear {
    pub year: i32,
    pub source: YearSource,
    pub span: Option<Span>,
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)[0-9]{2}|[〇○零一二三四五六七八九]{4})\s*年").expect("valid regex")
});

/// Years written with 年 (「2022年」, 「2022年度」, 「二〇二二年」) in `s`, with
/// their spans (of the digits) relative to `s`.
pub fn years_in(s: &str) -> impl Iterator<Item = (i32, Span)> + '_ {
    YEAR.captures_iter(s).filter_map(|c| {
        let m = c.get(1)?;
        let digits = m.as_str();
        let year = if digits.is_ascii() {
            digits.parse().ok()?
        } else {
            chinese_digits(digits)? as i32
        };
        (1900..2200)
            .contains(&year)
            .then_some((year, Span::new(m.start(), m.end())))
    })
}

/// A title names a report: short, no sentence punctuation, and says 报告.
pub fn looks_like_title(s: &str) -> bool {
    // Counting stops past the limit: a merged report asks this of an
    // ever longer text at every space, which must not cost its length.
    let s = s.trim_matches(is_space);
    let chars = s.chars().take(81).count();
    (6..=80).contains(&chars)
        && s.contains("报告")
        && !s.contains("如下")
        && !s.contains(['。', '，', ',', '：', ':', '；', ';', '！', '？'])
}

/// A block that reads like running text ends the search for a title.
fn looks_like_paragraph(s: &str) -> bool {
    s.chars().count() > 80 || s.ends_with(['。', '：', ':', '；'])
}

/// Finds the title among the first blocks, skipping short lines of web-page
/// residue, stopping at the first heading or paragraph.
pub fn find_title(
    text: &str,
    blocks: &[Block],
    first_heading_block: Option<usize>,
) -> Option<Title> {
    let limit = first_heading_block.unwrap_or(blocks.len()).min(8);
    for (index, block) in blocks.iter().enumerate().take(limit) {
        let s = block.span.text(text);
        if looks_like_title(s) {
            let year = years_in(s)
                .next()
                .map(|(y, span)| (y, span.offset_by(block.span.start)));
            let unit = year.and_then(|(_, year_span)| {
                let before = &text[block.span.start..year_span.start];
                let unit = before.trim_start_matches("关于").trim_matches(is_space);
                let start =
                    block.span.start + (before.len() - before.trim_start_matches("关于").len());
                (unit.chars().count() >= 2).then(|| Span::new(start, start + unit.len()))
            });
            return Some(Title {
                span: block.span,
                block: index,
                unit,
                year,
            });
        }
        if looks_like_paragraph(s) {
            return None;
        }
    }
    None
}

/// The year the report covers: from the title, else the opening paragraphs,
/// else the year the text names most often.
pub fn find_reported_year(
    text: &str,
    blocks: &[Block],
    title: Option<&Title>,
    first_heading_block: Option<usize>,
) -> Option<ReportedYear> {
    if let Some((year, span)) = title.and_then(|t| t.year) {
        return Some(ReportedYear {
            year,
            source: YearSource::Title,
            span: Some(span),
        });
    }
    let opening_start = title.map(|t| t.block + 1).unwrap_or(0);
    let opening_end = first_heading_block
        .unwrap_or(blocks.len())
        .min(opening_start + 5);
    for block in blocks.get(opening_start..opening_end).unwrap_or(&[]) {
        if let Some((year, span)) = years_in(block.span.text(text)).next() {
            return Some(ReportedYear {
                year,
                source: YearSource::Opening,
                span: Some(span.offset_by(block.span.start)),
            });
        }
    }
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for (year, _) in years_in(text) {
        *counts.entry(year).or_default() += 1;
    }
    // Most frequent; on a tie the earlier year (a plan names the next one).
    let year = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&y, _)| y)?;
    Some(ReportedYear {
        year,
        source: YearSource::Body,
        span: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_short_and_name_a_report() {
        assert!(looks_like_title(
            "中山市政务服务数据管理局2020年法治政府建设年度报告"
        ));
        assert!(looks_like_title("关于2022年度法治政府建设情况的报告"));
        assert!(!looks_like_title("现将2022年相关工作情况报告如下。"));
        assert!(!looks_like_title("繁体版 长者助手 无障碍辅助浏览"));
        assert!(!looks_like_title("信息来源:本网发布日期:2021-02-24"));
    }

    #[test]
    fn years_with_nian_only() {
        let found: Vec<i32> = years_in("2021-02-24 2020年 二〇二二年 1800年 2023年度")
            .map(|y| y.0)
            .collect();
        assert_eq!(found, vec![2020, 2022, 2023]);
    }
}
