//! The report's title and its reported year.
//!
//! What every 公文 title has is read here (GB/T 9704-2012 7.3.1: 发文机关
//! 名称、事由和文种, often 「关于……的报告」): a short line without sentence
//! punctuation that says 报告, the unit before the year or before 「关于」.
//! What differs between report types is [`TitleWords`], from the `type:`
//! block of the type's pack (`title_words`): the endings of a title that
//! does not say 报告 (「…法治政府建设工作总结」) and where the subject starts
//! in a title that puts the year first (「2020年静海区法治政府建设情况报告」).
//!
//! The report is parsed before its type is known, so the document model
//! first reads the title with the words of every loaded type (their union:
//! a title of any type is a title), then the linter tells the type and reads
//! the head again with that type's words alone (`Document::reread_head`);
//! another type's words never shape this report's title or unit. Reading the
//! head again is bounded (at most `head::HEAD_BLOCKS` blocks) and the rest
//! of the model is rebuilt only when the head came out different. Block
//! splitting uses no type words: it only asks whether text that ends in
//! 「报告」 is a title.

use super::blocks::Block;
use super::date::is_space;
use crate::text::numerals::chinese_digits;
use crate::text::pattern::Pattern;
use crate::text::span::Span;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// From the start of its first line to the end of its last.
    pub span: Span,
    /// Each line of the title (one block each).
    pub lines: Vec<Span>,
    /// Its first and last block.
    pub first_block: usize,
    pub block: usize,
    /// The unit named in the title (「中山市政务服务数据管理局」): before the
    /// year, or after it when the title puts the year first. Over several
    /// lines it includes the line breaks; compare it without white space.
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

/// Years written with 年 (「2022年」, 「2022年度」, 「二〇二二年」) in `s`, with
/// their spans (of the digits) relative to `s`: the matches of the regex
/// `((?:19|20)[0-9]{2}|[〇○零一二三四五六七八九]{4})\s*年`, found from each
/// 年 back over white space to the four digits before it. A 年 has one
/// such place, and two never overlap (the digits hold no 年), so these
/// are the regex's matches; each character is read at most twice.
pub fn years_in(s: &str) -> impl Iterator<Item = (i32, Span)> + '_ {
    s.match_indices('年').filter_map(move |(at, _)| {
        let before = s[..at].trim_end_matches(char::is_whitespace);
        let (start, year) = year_before(before)?;
        (1900..2200)
            .contains(&year)
            .then_some((year, Span::new(start, before.len())))
    })
}

/// The year that the last four characters of `s` write, and where they
/// start: 19xx or 20xx in ASCII digits, or four Chinese digits.
fn year_before(s: &str) -> Option<(usize, i32)> {
    let bytes = s.as_bytes();
    if let [.., a, b, c, d] = bytes {
        if matches!((a, b), (b'1', b'9') | (b'2', b'0')) && c.is_ascii_digit() && d.is_ascii_digit()
        {
            let digits = &s[s.len() - 4..];
            return Some((s.len() - 4, digits.parse().ok()?));
        }
    }
    const CHINESE: [char; 12] = [
        '〇', '○', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九',
    ];
    let mut start = s.len();
    for _ in 0..4 {
        let c = s[..start].chars().next_back()?;
        if !CHINESE.contains(&c) {
            return None;
        }
        start -= c.len_utf8();
    }
    Some((start, chinese_digits(&s[start..])? as i32))
}

/// What a report type adds to reading a title (its pack's
/// `type: {title_words: …}`); the default adds nothing (any 公文).
#[derive(Debug, Clone, Default)]
pub struct TitleWords {
    /// A title that does not say 报告 still names a report when its words
    /// (without a bracketed tail) match one of these: 「法治.*工作总结$」.
    pub report: Vec<Pattern>,
    /// Where the subject starts after the unit, in a title that puts the
    /// year first: the earliest match of any of these (「法治政府」).
    pub subject: Vec<Pattern>,
}

impl TitleWords {
    /// The words of several types at once: a title of any of them is a
    /// title, and the earliest subject of any ends the unit.
    pub fn union<'a>(all: impl IntoIterator<Item = &'a TitleWords>) -> TitleWords {
        let mut union = TitleWords::default();
        for words in all {
            union.report.extend(words.report.iter().cloned());
            union.subject.extend(words.subject.iter().cloned());
        }
        union
    }

    fn names_report(&self, words: &str) -> bool {
        self.report.iter().any(|p| p.is_match(words))
    }

    /// Where the subject starts in `rest` (the title after its year).
    fn subject_start(&self, rest: &str) -> Option<usize> {
        // 「关于」 opens the subject of any 公文 title (「…关于…的报告」).
        let about = rest.find("关于");
        self.subject
            .iter()
            .filter_map(|p| p.find(rest).map(|m| m.start()))
            .chain(about)
            .min()
    }
}

/// Where a bracketed tail starts (「…报告（2023年2月10日）」), if any.
fn bracketed_tail(s: &str) -> usize {
    if !s.ends_with(['）', ')']) {
        return s.len();
    }
    match s.rfind(['（', '(']) {
        Some(open) if open > 0 => open,
        _ => s.len(),
    }
}

/// A title names a report: short, no sentence punctuation, and says 报告
/// (any 公文), with no type's words. See [`looks_like_title_with`].
pub fn looks_like_title(s: &str) -> bool {
    looks_like_title_with(s, &TitleWords::default())
}

/// A title names a report: short, no sentence punctuation, and says 报告
/// or matches one of the type's `report` patterns (「…法治政府建设工作情况」).
/// A bracketed date or occasion may follow it.
pub fn looks_like_title_with(s: &str, type_words: &TitleWords) -> bool {
    // Counting stops past the limit: a merged report asks this of an
    // ever longer text at every space, which must not cost its length.
    let s = s.trim_matches(is_space);
    let chars = s.chars().take(101).count();
    if !(6..=100).contains(&chars) {
        return false;
    }
    let words = s[..bracketed_tail(s)].trim_end_matches(is_space);
    let names_report = words.contains("报告") || type_words.names_report(words);
    names_report
        && !words.contains("如下")
        && !words.contains(['。', '，', ',', '：', ':', '；', ';', '！', '？'])
}

/// Builds the title from its lines (blocks `first..=last`): the year is
/// the first one named; the unit is what comes before it (without 「关于」),
/// or, when the title starts with the year, the words between the year and
/// the subject (「2020年静海区法治政府建设情况报告」 → 「静海区」), which starts
/// at 「关于」 or where `type_words` say.
pub fn title_from_lines(
    text: &str,
    lines: &[Span],
    first: usize,
    last: usize,
    type_words: &TitleWords,
) -> Option<Title> {
    let span = Span::new(lines.first()?.start, lines.last()?.end);
    let whole = span.text(text);
    let year = years_in(whole)
        .next()
        .map(|(y, s)| (y, s.offset_by(span.start)));
    let trim = |from: usize, to: usize| -> Option<Span> {
        let piece = &text[from..to];
        let inner = piece.trim_matches(is_space);
        let inner = inner.strip_prefix("关于").unwrap_or(inner);
        // 「某局关于报送2023年度…」: the unit ends at 「关于」.
        let inner = match inner.find("关于") {
            Some(at) if at > 0 => &inner[..at],
            _ => inner,
        };
        let inner = inner.trim_end_matches(is_space);
        let inner = inner
            .strip_suffix("关于")
            .unwrap_or(inner)
            .trim_matches(is_space);
        // `inner` is a sub-slice of `piece`: its offset is where it starts.
        let start = from + (inner.as_ptr() as usize - piece.as_ptr() as usize);
        (inner.chars().filter(|c| !is_space(*c)).count() >= 2)
            .then(|| Span::new(start, start + inner.len()))
    };
    let unit = year.and_then(|(_, year_span)| {
        trim(span.start, year_span.start).or_else(|| {
            // Year first: the unit runs from after 「年」/「年度」 to the subject.
            let after = &text[year_span.end..span.end];
            let skip = after.len()
                - after
                    .trim_start_matches(is_space)
                    .trim_start_matches('年')
                    .trim_start_matches('度')
                    .len();
            let from = year_span.end + skip;
            let rest = &text[from..span.end];
            let to = type_words.subject_start(rest)?;
            trim(from, from + to)
        })
    });
    Some(Title {
        span,
        lines: lines.to_vec(),
        first_block: first,
        block: last,
        unit,
        year,
    })
}

/// The year the report covers: from the title, else the opening paragraphs,
/// else the year the text names most often.
pub fn find_reported_year(
    text: &str,
    blocks: &[Block],
    title: Option<&Title>,
    body_start: usize,
    first_heading_block: Option<usize>,
) -> Option<ReportedYear> {
    if let Some((year, span)) = title.and_then(|t| t.year) {
        return Some(ReportedYear {
            year,
            source: YearSource::Title,
            span: Some(span),
        });
    }
    let opening_start = body_start;
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

    /// The regex `years_in` reads without compiling, as it was.
    fn years_by_regex(s: &str) -> Vec<(i32, Span)> {
        static REGEX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"((?:19|20)[0-9]{2}|[〇○零一二三四五六七八九]{4})\s*年")
                .expect("regex")
        });
        REGEX
            .captures_iter(s)
            .filter_map(|c| {
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
            .collect()
    }

    #[test]
    fn years_in_finds_what_the_regex_found() {
        // Every string of up to six characters over digits, Chinese
        // digits, white space, 年 and others: 6 ** 15 is too many, so a
        // fixed stride walks them; then texts built from real years.
        let alphabet: Vec<char> = "12092〇二零九年 \u{3000}\n度x０".chars().collect();
        let n = alphabet.len() as u64;
        let mut texts: Vec<String> = Vec::new();
        for len in 1..=7u32 {
            let total = n.pow(len);
            let stride = (total / 20_000).max(1) | 1;
            let mut i = 0;
            while i < total {
                let mut k = i;
                texts.push(
                    (0..len)
                        .map(|_| {
                            let c = alphabet[(k % n) as usize];
                            k /= n;
                            c
                        })
                        .collect(),
                );
                i += stride;
            }
        }
        for year in [
            "2022",
            "1999",
            "1899",
            "2200",
            "二〇二二",
            "〇〇〇〇",
            "2０22",
            "202",
        ] {
            for gap in ["", " ", "\u{3000}\t", "x"] {
                for before in ["", "9", "二", "年", "2"] {
                    texts.push(format!("{before}{year}{gap}年度{year}年{year}{gap}年"));
                }
            }
        }
        for text in &texts {
            assert_eq!(
                years_in(text).collect::<Vec<_>>(),
                years_by_regex(text),
                "{text:?}"
            );
        }
    }

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
    fn type_words_make_titles_and_end_units() {
        use crate::document::testing::builtin_words;
        let (fazhi, gongkai) = (builtin_words("fazhi"), builtin_words("gongkai"));
        let summary = "某市2022年法治政府建设工作总结";
        assert!(!looks_like_title(summary), "no 报告 and no type's words");
        assert!(looks_like_title_with(summary, &fazhi));
        assert!(!looks_like_title_with(summary, &gongkai));
        let annual = "某局2023年政府信息公开年报";
        assert!(looks_like_title_with(annual, &gongkai));
        assert!(!looks_like_title_with(annual, &fazhi));
        let both = TitleWords::union([&fazhi, &gongkai]);
        assert!(looks_like_title_with(summary, &both) && looks_like_title_with(annual, &both));
        let unit = |text: &str, words: &TitleWords| {
            let line = [Span::new(0, text.len())];
            title_from_lines(text, &line, 0, 0, words)
                .and_then(|t| t.unit)
                .map(|u| u.text(text).to_string())
        };
        let year_first = "2024年上海市科委政府信息公开工作年度报告";
        assert_eq!(unit(year_first, &gongkai).as_deref(), Some("上海市科委"));
        assert_eq!(unit(year_first, &fazhi), None);
        let office = "2023年某县政务公开办公室政府信息公开工作年度报告";
        assert_eq!(
            unit(office, &gongkai).as_deref(),
            Some("某县政务公开办公室")
        );
        let year_first = "2020年静海区法治政府建设情况报告";
        assert_eq!(unit(year_first, &fazhi).as_deref(), Some("静海区"));
        // 「关于」 opens the subject whatever the type.
        let about = "2022年度某县人民政府关于法治政府建设情况的报告";
        assert_eq!(
            unit(about, &TitleWords::default()).as_deref(),
            Some("某县人民政府")
        );
    }

    #[test]
    fn years_with_nian_only() {
        let found: Vec<i32> = years_in("2021-02-24 2020年 二〇二二年 1800年 2023年度")
            .map(|y| y.0)
            .collect();
        assert_eq!(found, vec![2020, 2022, 2023]);
    }
}
