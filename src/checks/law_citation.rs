//! `law-citation`: a law, regulation or central document cited in 《…》,
//! checked against the built-in law list (`laws.rs`, `data/laws/`). A rule
//! names the one `problem` it reports:
//! - `misnamed`: a title that is not in the list but one character away
//!   from a national law or regulation, or the same name under another
//!   kind (《中华人民共和国政府信息公开法》); the fix writes the right title;
//! - `short-name`: the first mention of a national law by its short name
//!   (《行政处罚法》) where its full title (《中华人民共和国行政处罚法》) is
//!   due;
//! - `repealed`: a law repealed before the reported year (《合同法》 in a
//!   2022 report), with the law that replaced it; a mention that says so
//!   (「原《合同法》」「……同时废止」) is not one;
//! - `revision-year`: a revision year written with the title
//!   (《行政处罚法》（2017年修订）) that cannot be: later than the report
//!   itself. The list misses revisions, so a year it does not know is not
//!   otherwise judged.
//!
//! Titles that name nothing in the list (books, plans, local documents and
//! regulations) are left alone. Each title is one hash lookup, and a near
//! miss one lookup per character of the title; what a check reads around a
//! title is bounded (a few characters before, a revision note after).

use super::laws::{self, Form, Law, LawList};
use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::pattern::Pattern;
use crate::text::span::Span;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    Misnamed,
    ShortName,
    Repealed,
    RevisionYear,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Which problem the rule reports.
    pub problem: Problem,
}

#[derive(Debug)]
pub struct LawCitation {
    problem: Problem,
}

impl LawCitation {
    /// The law list, parsed on first use: a run whose reports cite no
    /// title never parses it.
    fn list(&self) -> &'static LawList {
        laws::builtin()
    }
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<LawCitation, SpecError> {
    Ok(LawCitation {
        problem: params.problem,
    })
}

/// The longest title read, in characters: a 《 with no 》 within it is not
/// a title.
const MAX_TITLE_CHARS: usize = 120;

/// How far before a title a word that marks it as no longer in force
/// (「原」「废止」) is looked for, in characters.
const BEFORE_CHARS: usize = 8;

/// How far after a title its revision note or 「废止」 is looked for.
const AFTER_CHARS: usize = 20;

/// A 《…》 title: the whole span with its marks, and the text between them.
struct Title {
    span: Span,
    inner: Span,
}

/// The 《…》 titles of `text` (offsets relative to it), outermost only. A
/// title ends at its line's end and is at most [`MAX_TITLE_CHARS`] long.
/// Between titles the text is skipped by a byte search for 「《」; only a
/// title's own characters are read one by one.
fn titles(text: &str) -> Vec<Title> {
    let open_mark = memchr::memmem::Finder::new("《");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = open_mark.find(&text.as_bytes()[from..]) {
        let start = from + offset;
        // Where the search goes on: after the title, or after what ended
        // it unclosed; the end of the text when nothing did.
        from = text.len();
        let (mut depth, mut chars) = (0usize, 0usize);
        for (j, c) in text[start..].char_indices() {
            let i = start + j;
            match c {
                '《' => depth += 1,
                '》' => {
                    depth -= 1;
                    if depth == 0 {
                        found.push(Title {
                            span: Span::new(start, i + '》'.len_utf8()),
                            inner: Span::new(start + '《'.len_utf8(), i),
                        });
                        from = i + '》'.len_utf8();
                        break;
                    }
                }
                '\n' => {
                    from = i + 1;
                    break;
                }
                _ => {
                    chars += 1;
                    if chars > MAX_TITLE_CHARS {
                        from = i + c.len_utf8();
                        break;
                    }
                }
            }
        }
    }
    found
}

/// A revision written inside the title (「…法（2021年修订）」) or right after
/// it: the year and its span.
static REVISION_INSIDE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(r"[（(]\s*((?:19|20)\d{2})\s*年\s*(?:修订|修正|修改|第.次修正)\s*[）)]\s*$")
});
static REVISION_AFTER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(r"^[（(]?\s*((?:19|20)\d{2})\s*年\s*(?:修订|修正|修改|第.次修正)")
});
/// Words near a title that say it is no longer in force.
static NO_LONGER: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::fixed(r"原|废止|失效|取代|替代|旧"));

/// At most `chars` characters of `text` before `at`.
fn before(text: &str, at: usize, chars: usize) -> &str {
    let start = text[..at]
        .char_indices()
        .rev()
        .take(chars)
        .last()
        .map_or(at, |(i, _)| i);
    &text[start..at]
}

/// At most `chars` characters of `text` from `at`.
fn after(text: &str, at: usize, chars: usize) -> &str {
    let end = text[at..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| at + i);
    &text[at..end]
}

fn shown((y, m, d): laws::Date) -> String {
    format!("{y}年{m}月{d}日")
}

fn versions(law: &Law) -> String {
    let mut years: Vec<String> = law.version_years().map(|y| format!("{y}年")).collect();
    years.dedup();
    years.join("、")
}

impl Check for LawCitation {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let text = doc.text;
        // Titles are read in simplified characters, quoted as written.
        let matching = doc.matching();
        let year = doc.year.map(|y| y.year);
        let signed_year = doc
            .closing
            .date
            .as_ref()
            .filter(|d| d.is_valid())
            .map(|d| d.year);
        let mut seen: HashSet<*const Law> = HashSet::new();
        for block in &doc.blocks {
            if block.span.start >= doc.closing.start {
                break;
            }
            let region = block.span.text(matching);
            for title in titles(region) {
                let span = title.span.offset_by(block.span.start);
                let inner = title.inner.offset_by(block.span.start);
                let name = inner.text(matching);
                let revision_inside = REVISION_INSIDE.captures(name);
                let bare = match &revision_inside {
                    Some(c) => &name[..c.get(0).map_or(name.len(), |m| m.start())],
                    None => name,
                };
                let Some((law, form)) = self.list().find(bare) else {
                    if self.problem == Problem::Misnamed {
                        if let Some(law) = self.list().near(bare) {
                            let with_country = bare.starts_with(laws::COUNTRY);
                            let expected = match law.short.first() {
                                // Written without the country, the short name.
                                Some(short) if !with_country => short.to_string(),
                                // Written with it, the title with it.
                                _ if with_country && !law.title.starts_with(laws::COUNTRY) => {
                                    format!("{}{}", laws::COUNTRY, law.title)
                                }
                                _ => law.title.to_string(),
                            };
                            let fix_span = Span::new(inner.start, inner.start + bare.len());
                            hits.push(
                                Hit::new(span, format!("应为《{expected}》"))
                                    .var("found", span.text(text))
                                    .var("expected", format!("《{expected}》"))
                                    .var("law", law.title)
                                    .var("source", law.source)
                                    .edit(fix_span, expected),
                            );
                        }
                    }
                    continue;
                };
                let first = seen.insert(law as *const Law);
                match self.problem {
                    Problem::Misnamed => {}
                    Problem::ShortName => {
                        if first && form == Form::Short && law.wants_full_title() {
                            // No fix: the writer may define the short name
                            // there (「以下简称」) or give the full title earlier
                            // in words.
                            hits.push(
                                Hit::new(span, format!("首次引用应写全称《{}》", law.title))
                                    .var("found", span.text(text))
                                    .var("expected", format!("《{}》", law.title))
                                    .var("law", law.title)
                                    .var("source", law.source),
                            );
                        }
                    }
                    Problem::Repealed => {
                        let (Some(repealed), Some(year)) = (law.repealed, year) else {
                            continue;
                        };
                        if repealed > (year, 1, 1) {
                            continue;
                        }
                        let context_before = before(matching, span.start, BEFORE_CHARS);
                        let context_after = after(matching, span.end, AFTER_CHARS);
                        if NO_LONGER.is_match(context_before) || NO_LONGER.is_match(context_after) {
                            continue;
                        }
                        let replaced_by = law.replaced_by.unwrap_or_default();
                        let label = if replaced_by.is_empty() {
                            format!("已于{}废止", shown(repealed))
                        } else {
                            format!("已于{}废止，由《{replaced_by}》取代", shown(repealed))
                        };
                        hits.push(
                            Hit::new(span, label)
                                .var("found", span.text(text))
                                .var("law", law.title)
                                .var("repealed", shown(repealed))
                                .var("replaced_by", replaced_by)
                                .var("source", law.source),
                        );
                    }
                    Problem::RevisionYear => {
                        let after_title = after(matching, span.end, AFTER_CHARS);
                        let (cited, cited_span) = if let Some(c) = revision_inside {
                            let Some(m) = c.get(1) else { continue };
                            (
                                m.as_str(),
                                Span::new(m.start(), m.end()).offset_by(inner.start),
                            )
                        } else if let Some(c) = REVISION_AFTER.captures(after_title) {
                            let Some(m) = c.get(1) else { continue };
                            (
                                m.as_str(),
                                Span::new(m.start(), m.end()).offset_by(span.end),
                            )
                        } else {
                            continue;
                        };
                        let Ok(cited) = cited.parse::<i32>() else {
                            continue;
                        };
                        if let Some(reason) = self.impossible_year(cited, year, signed_year) {
                            let whole = Span::new(span.start, cited_span.end.max(span.end));
                            hits.push(
                                Hit::new(whole, reason.clone())
                                    .var("problem", reason)
                                    .var("found", whole.text(text))
                                    .var("law", law.title)
                                    .var("cited_year", cited.to_string())
                                    .var("versions", versions(law))
                                    .var("source", law.source),
                            );
                        }
                    }
                }
            }
        }
    }

    fn reference(&self) -> Vec<(String, String)> {
        vec![(
            format!(
                "内置法律法规目录（{}部；国家法律法规数据库截至{}年{}月{}日）",
                self.list().laws.len(),
                laws::NATIONAL_AS_OF.0,
                laws::NATIONAL_AS_OF.1,
                laws::NATIONAL_AS_OF.2
            ),
            "data/laws/：国家法律法规数据库；废止的法律与中央文件各注来源".to_string(),
        )]
    }
}

impl LawCitation {
    /// Why a revision in `cited` cannot be: it is later than the report.
    fn impossible_year(
        &self,
        cited: i32,
        year: Option<i32>,
        signed: Option<i32>,
    ) -> Option<String> {
        let written = signed.or(year.map(|y| y + 1));
        if let Some(w) = written.filter(|&w| cited > w) {
            return Some(format!("{cited}年修订晚于本报告（{w}年）"));
        }
        // A year the list does not know is not judged otherwise: the
        // national list misses revisions (the 行政复议法's of 2023).
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::hits_of;

    fn check(problem: &str) -> LawCitation {
        let params: Params = serde_yaml::from_str(&format!("problem: {problem}")).expect("params");
        compile(params, &PartCatalog::default()).expect("compiles")
    }

    fn found(problem: &str, text: &str, year: Option<i32>) -> Vec<String> {
        hits_of(&check(problem), text, year)
            .into_iter()
            .map(|h| format!("{} | {}", h.span.text(text), h.label))
            .collect()
    }

    #[test]
    fn titles_are_outermost_and_bounded() {
        let text = "依照《关于贯彻《条例》的通知》和《民法典》。《未闭合";
        let spans: Vec<&str> = titles(text).iter().map(|t| t.inner.text(text)).collect();
        assert_eq!(spans, ["关于贯彻《条例》的通知", "民法典"]);
        let long = format!("《{}》", "字".repeat(MAX_TITLE_CHARS + 1));
        assert!(titles(&long).is_empty());
        // A title left open ends at its line, or past the longest title;
        // the titles after it are found.
        let text = format!(
            "《未闭合\n《民法典》，《{}《行政许可法》",
            "字".repeat(MAX_TITLE_CHARS + 1)
        );
        let spans: Vec<&str> = titles(&text).iter().map(|t| t.inner.text(&text)).collect();
        assert_eq!(spans, ["民法典", "行政许可法"]);
        // Unclosed around a closed one: no title.
        assert!(titles("《甲《乙》丙").is_empty());
    }

    #[test]
    fn a_misnamed_law_gets_its_name() {
        let text = "一、主要举措\n落实《中华人民共和国政府信息公开法》，执行《行政复仪法》。\n";
        let hits = hits_of(&check("misnamed"), text, Some(2022));
        let labels: Vec<&str> = hits.iter().map(|h| h.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "应为《中华人民共和国政府信息公开条例》",
                "应为《行政复议法》"
            ]
        );
        assert_eq!(hits[1].fix[0].content, "行政复议法");
        // A regulation misnamed with the country's name keeps it.
        let text = "一、主要举措\n落实《中华人民共和国优化营商坏境条例》。\n";
        let hits = hits_of(&check("misnamed"), text, Some(2022));
        assert_eq!(hits[0].label, "应为《中华人民共和国优化营商环境条例》");
    }

    #[test]
    fn local_documents_books_and_known_titles_are_left_alone() {
        let text = "一、主要举措\n制定《岳阳市生活垃圾管理条例》《赵县法治政府建设实施方案(2021—2025)》，学习《习近平谈治国理政》《中华人民共和国民法典》《政府信息公开条例》《野生动物保护法和动物防疫法》。\n";
        for problem in ["misnamed", "short-name", "repealed", "revision-year"] {
            assert!(found(problem, text, Some(2022)).is_empty(), "{problem}");
        }
    }

    #[test]
    fn only_the_first_mention_needs_the_full_title() {
        let text = "一、主要举措\n学习《民法典》和《行政处罚法》，再学《民法典》。执行《中华人民共和国行政许可法》和《行政许可法》。\n";
        assert_eq!(
            found("short-name", text, Some(2022)),
            [
                "《民法典》 | 首次引用应写全称《中华人民共和国民法典》",
                "《行政处罚法》 | 首次引用应写全称《中华人民共和国行政处罚法》"
            ]
        );
    }

    #[test]
    fn a_repealed_law_in_a_later_year() {
        let text = "一、主要举措\n依据《中华人民共和国合同法》审查合同。\n";
        assert_eq!(
            found("repealed", text, Some(2022)),
            ["《中华人民共和国合同法》 | 已于2021年1月1日废止，由《中华人民共和国民法典》取代"]
        );
        assert!(found("repealed", text, Some(2020)).is_empty());
        let noted = "一、主要举措\n原《合同法》已同时废止，宣传《民法典》取代《物权法》等。\n";
        assert!(found("repealed", noted, Some(2022)).is_empty());
    }

    #[test]
    fn revision_years_that_cannot_be() {
        let text = "一、主要举措\n学习《中华人民共和国行政处罚法》（2021年修订）和《行政处罚法（2023年修订）》，《中华人民共和国民法典》（2027年修正）。\n";
        let hits = found("revision-year", text, Some(2024));
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(
            hits[0].contains("| 2027年修订晚于本报告（2025年）"),
            "{hits:?}"
        );
        // A revision the list does not know is not judged.
        let unknown = "一、主要举措\n学习《中华人民共和国行政复议法》（2023年修订）。\n";
        assert!(found("revision-year", unknown, Some(2024)).is_empty());
    }

    #[test]
    fn traditional_characters_are_read_simplified() {
        let text = "一、主要举措\n依據《中華人民共和國合同法》審查合同。\n";
        assert_eq!(found("repealed", text, Some(2022)).len(), 1);
    }
}
