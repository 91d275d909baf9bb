//! HTML for people who do not use a terminal: the checker page that
//! `rl-lint serve` shows (one report, its text with each finding
//! highlighted, the checklist of required parts, the findings) and the
//! review page of `--format html` (an overview of a folder of reports, a
//! chart of the most frequent problems, one section per report). Both are
//! built from the same pieces here, with maud, which escapes every value
//! it is given: report text never becomes markup.
//!
//! The review page is one self-contained file and is written as the
//! reports are done: [`review_start`], one [`review_section`] per report,
//! then [`review_end`] with the overview, which only needs a
//! [`ReviewRow`] per report. The stylesheet puts the overview first on
//! screen and on paper.

use crate::document::Table;
use crate::engine::outline::{ChecklistItem, PartStatus};
use crate::finding::{Finding, Severity};
use crate::packs::RuleSet;
use crate::text::span::LineIndex;
use maud::{html, Markup};
use std::collections::HashMap;

mod excerpt;
mod marking;
mod review;
mod tables;

pub use excerpt::excerpt;
use excerpt::label_excerpt;
pub use marking::marked_text;
pub use review::{
    review_end, review_failed_section, review_section, review_start, ProblemCounts, ReviewRow,
};
pub use tables::flagged_tables;

/// The stylesheet of both pages (served by the checker, inlined in the
/// review page).
pub const STYLE: &str = include_str!("../assets/style.css");

/// The checker page's script: details of a finding on click, dropping a file.
pub const CHECKER_SCRIPT: &str = include_str!("../assets/checker.js");

/// The review page's script: sorting the overview table. The table reads
/// the same without it.
pub const REVIEW_SCRIPT: &str = include_str!("../assets/review.js");

/// One checked report, as the pages show it.
pub struct HtmlReport<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub lines: &'a LineIndex,
    /// Sorted by position.
    pub findings: &'a [Finding],
    pub checklist: &'a [ChecklistItem],
    /// Prefix of the element ids, unique within a page (`r3-`).
    pub ids: &'a str,
    /// The report's tables, shown as tables: those written in the text
    /// ([`crate::document::table::find_tables`]), or a Word document's
    /// (whose cells findings name by [`crate::document::table::CellRef`]).
    pub tables: &'a [Table],
}

/// 错误 / 警告 / 提示.
pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// ✓ / △ / ✗ and the words for it: a section or an item of its own is
/// what the rules require.
fn status_mark(status: PartStatus) -> (&'static str, &'static str, &'static str) {
    match status {
        PartStatus::Section => ("✓", "有专门部分", "ok"),
        PartStatus::Item => ("✓", "有专门的一项（如「二是……」）", "ok"),
        PartStatus::Heading => ("✓", "有写明此部分的标题", "ok"),
        PartStatus::Mentioned => ("△", "仅在其他部分提及", "partial"),
        PartStatus::Missing => ("✗", "缺少", "missing"),
    }
}

/// The rule's legal basis, by id.
pub struct Bases<'r>(HashMap<&'r str, &'r str>);

impl<'r> Bases<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        Bases(
            rules
                .rules
                .iter()
                .map(|r| (r.id.as_str(), r.basis.as_str()))
                .collect(),
        )
    }

    fn of(&self, rule: &str) -> &'r str {
        self.0.get(rule).copied().unwrap_or("")
    }
}

/// The checklist of parts: ✓ a section of its own, △ only mentioned,
/// ✗ missing; a missing part that no rule requires is only 「未写」.
pub fn checklist(items: &[ChecklistItem]) -> Markup {
    html! {
        ul.checklist {
            @for item in items {
                @let optional = !item.required;
                @let (mark, words, class) = if optional && item.status == PartStatus::Missing {
                    ("—", "未写（非必备）", "optional")
                } else {
                    status_mark(item.status)
                };
                li.(class) title=(words) {
                    span.mark { (mark) } " " (item.label)
                    @if let Some(place) = &item.place { span.where { " 第 " (place.line) " 行" } }
                    @else { span.where { " " (words) } }
                }
            }
        }
    }
}

/// The other places of a finding shown under it; the rest are counted.
const RELATED_SHOWN: usize = 3;

/// The findings in text order, each with its message, help and basis.
pub fn finding_list(report: &HtmlReport, bases: &Bases) -> Markup {
    let ids = report.ids;
    html! {
        @if report.findings.is_empty() {
            p.none { "未发现问题。" }
        } @else {
            ol.findings {
                @for (i, f) in report.findings.iter().enumerate() {
                    @let pos = report.lines.position(report.text, f.primary.span.start);
                    li.finding.(severity_class(f.severity)) id={(ids) "f" (i)} {
                        div.head {
                            span.sev { (severity_word(f.severity)) }
                            " "
                            a.where href={"#" (ids) "t" (i)} { "第 " (pos.line) " 行第 " (pos.column) " 列" }
                            " "
                            code.rule { (f.rule) }
                        }
                        p.message { (f.message) }
                        p.excerpt-line { (label_excerpt(report, &f.primary, f.severity)) }
                        @for related in f.related.iter().take(RELATED_SHOWN) {
                            p.excerpt-line.related {
                                @if related.cell.is_none() {
                                    span.where { "第 " (report.lines.position(report.text, related.span.start).line) " 行 " }
                                }
                                (label_excerpt(report, related, f.severity))
                            }
                        }
                        @if f.related.len() > RELATED_SHOWN {
                            p.more { "另有 " (f.related.len() - RELATED_SHOWN) " 处" }
                        }
                        @if !f.primary.text.is_empty() && f.primary.text != f.message {
                            p.label { (f.primary.text) }
                        }
                        @if !f.help.is_empty() { p.help { span.key { "修改建议：" } (f.help) } }
                        @let basis = bases.of(&f.rule);
                        @if !basis.is_empty() { p.basis { span.key { "依据：" } (basis) } }
                        @if !f.fix.is_empty() { p.fixable { "可自动修改" } }
                    }
                }
            }
        }
    }
}

/// Counts by severity: (errors, warnings, infos).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(e, w, i), f| match f.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

/// The result of one report: the text with its findings beside the
/// checklist and the list of findings. The checker page's main part.
pub fn report_view(report: &HtmlReport, bases: &Bases) -> Markup {
    let (errors, warnings, infos) = counts(report.findings);
    html! {
        div.result {
            div.text-pane {
                h2 { (report.name) }
                p.totals {
                    span.sev-error { (errors) " 个错误" } "，"
                    span.sev-warning { (warnings) " 个警告" } "，"
                    span.sev-info { (infos) " 条提示" }
                }
                (marked_text(report))
            }
            aside.side-pane {
                h3 { "必备内容" }
                (checklist(report.checklist))
                h3 { "发现的问题（按原文顺序）" }
                (finding_list(report, bases))
            }
        }
    }
}

// ---------------------------------------------------------------- review page

/// A percent-encoded `data:` URL of a text, for a download link that
/// needs no script and no request to the server.
pub fn text_data_url(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let prefix = "data:text/plain;charset=utf-8,";
    // One pass, into a buffer sized for the worst case (every byte
    // escaped), with no allocation per byte.
    let mut url = Vec::with_capacity(prefix.len() + 3 * text.len());
    url.extend_from_slice(prefix.as_bytes());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            url.push(byte);
        } else {
            url.extend_from_slice(&[
                b'%',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 15)],
            ]);
        }
    }
    // Only ASCII was written.
    String::from_utf8(url).unwrap_or_default()
}

/// A `data:` URL of `bytes` of type `mime`, in base64: a download the
/// page carries itself (an annotated Word copy), nothing kept on the server.
pub fn bytes_data_url(mime: &str, bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut url = format!("data:{mime};base64,");
    url.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for k in 0..4 {
            if k <= chunk.len() {
                url.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                url.push('=');
            }
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Label;
    use crate::text::span::Span;
    use excerpt::EXCERPT_CONTEXT;
    use marking::id_list;
    use tables::layout;

    #[test]
    fn bytes_become_base64() {
        let url = |b: &[u8]| bytes_data_url("x/y", b);
        assert_eq!(url(b""), "data:x/y;base64,");
        assert_eq!(url(b"f"), "data:x/y;base64,Zg==");
        assert_eq!(url(b"fo"), "data:x/y;base64,Zm8=");
        assert_eq!(url(b"foo"), "data:x/y;base64,Zm9v");
        assert_eq!(url(b"foob\xff"), "data:x/y;base64,Zm9vYv8=");
    }

    fn finding(start: usize, end: usize, severity: Severity, message: &str) -> Finding {
        Finding {
            rule: "x/y".into(),
            severity,
            message: message.into(),
            help: "help <b>".into(),
            primary: Label::new(Span::new(start, end), "label"),
            related: vec![],
            fix: vec![],
        }
    }

    fn view<'a>(text: &'a str, lines: &'a LineIndex, findings: &'a [Finding]) -> HtmlReport<'a> {
        HtmlReport {
            name: "a.txt",
            text,
            lines,
            findings,
            checklist: &[],
            ids: "",
            tables: &[],
        }
    }

    #[test]
    fn marks_overlapping_spans_with_the_worst_severity() {
        let text = "一二三四五六";
        let lines = LineIndex::new(text);
        let findings = [
            finding(0, 9, Severity::Warning, "w"),
            finding(6, 15, Severity::Error, "e"),
            finding(18, 18, Severity::Info, "i"),
        ];
        let html = marked_text(&view(text, &lines, &findings)).into_string();
        assert!(
            html.contains(r##"<a class="hl sev-warning" href="#f0" data-f="0">一二</a>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<a class="hl sev-error" href="#f0" data-f="0 1">三</a>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<a class="hl sev-error" href="#f1" data-f="1">四五</a>"##),
            "{html}"
        );
        assert!(html.contains(r#"class="hl pin sev-info""#), "{html}");
        // Every character of the text is there once, in order.
        let plain: String = regex::Regex::new("<[^>]*>|⁁")
            .unwrap()
            .replace_all(&html, "")
            .into();
        assert_eq!(plain, text);
    }

    #[test]
    fn marks_every_place_of_an_aggregated_finding() {
        let text = "甲,乙,丙";
        let lines = LineIndex::new(text);
        let mut f = finding(3, 4, Severity::Warning, "w");
        f.related.push(Label::new(Span::new(7, 8), "again"));
        let findings = [f];
        let html = marked_text(&view(text, &lines, &findings)).into_string();
        assert_eq!(
            html.matches(r##"<a class="hl sev-warning" href="#f0" data-f="0">,</a>"##)
                .count(),
            2,
            "{html}"
        );
        assert_eq!(html.matches("id=\"t0\"").count(), 1, "{html}");
    }

    #[test]
    fn escapes_report_text_everywhere() {
        let text = "<script>alert(1)</script>\"><img src=x onerror=alert(1)> javascript:alert(1)";
        let lines = LineIndex::new(text);
        let findings = [finding(0, 8, Severity::Error, "<i>msg</i>")];
        let report = view(text, &lines, &findings);
        let html = report_view(&report, &Bases(HashMap::new())).into_string();
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<i>"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("&quot;&gt;&lt;img"));
        // `javascript:` is text, never an attribute value that a browser follows.
        assert!(!html.contains("href=\"javascript"));
    }

    fn with_tables<'a>(
        text: &'a str,
        lines: &'a LineIndex,
        findings: &'a [Finding],
        tables: &'a [Table],
    ) -> HtmlReport<'a> {
        HtmlReport {
            tables,
            ..view(text, lines, findings)
        }
    }

    fn plain(html: &str) -> String {
        regex::Regex::new("<[^>]*>|⁁")
            .unwrap()
            .replace_all(html, "")
            .into()
    }

    const TABLE: &str =
        "前文<b>\n项目 | 自然人 | 总计\n一、本年新收 | 27 | 27\n（七）总计 | <i>2</i> | 26\n后文\n";

    #[test]
    fn tables_in_the_text_are_tables_with_the_flagged_cells_marked() {
        let text = TABLE;
        let lines = LineIndex::new(text);
        let at = |needle: &str, nth: usize| text.match_indices(needle).nth(nth).unwrap().0;
        let cell = |needle: &str, nth: usize| {
            let s = at(needle, nth);
            Span::new(s, s + needle.len())
        };
        let mut f = finding(0, 0, Severity::Error, "自然人：27 ≠ 26");
        f.primary = Label::new(cell("27", 0), "27");
        f.related.push(Label::new(cell("<i>2</i>", 0), "2"));
        // A finding only on a separator, and one over a whole row.
        let sep = at(" | ", 0) + 1;
        let g = finding(sep, sep + 1, Severity::Warning, "竖线");
        let row = at("（七）", 0);
        let h = finding(row, at("26", 0) + 2, Severity::Info, "整行");
        let findings = [g, f, h];
        let mut findings = findings.to_vec();
        findings.sort_by_key(|f| f.primary.span.start);
        let tables = crate::document::table::find_tables(text);
        assert_eq!(tables.len(), 1);
        let html = marked_text(&with_tables(text, &lines, &findings, &tables)).into_string();
        // The text around the table stays text, escaped.
        assert!(
            html.contains("<pre class=\"text-run\">前文&lt;b&gt;\n</pre>"),
            "{html}"
        );
        assert!(
            html.contains("<pre class=\"text-run\">\n\n后文\n</pre>"),
            "{html}"
        );
        assert!(
            html.contains("<table class=\"report-table\" data-line=\"2\">"),
            "{html}"
        );
        assert!(!html.contains(" | "), "{html}");
        // The identity's cells carry its severity, number and message.
        let i = findings
            .iter()
            .position(|f| f.message.contains('≠'))
            .unwrap();
        assert!(
            html.contains(&format!(
                "<td class=\"hit sev-error\" data-f=\"{i}\" title=\"自然人：27 ≠ 26\"><span class=\"anchor\" id=\"t{i}\"></span><a class=\"hl sev-error\" href=\"#f{i}\" data-f=\"{i}\">27</a></td>"
            )),
            "{html}"
        );
        // A cell under two findings: the worse one colours it.
        let k = findings.iter().position(|f| f.message == "整行").unwrap();
        let both = id_list(&{
            let mut v = vec![i, k];
            v.sort();
            v
        });
        assert!(
            html.contains(&format!(
                "<td class=\"hit sev-error label\" data-f=\"{both}\""
            )),
            "{html}"
        );
        assert!(html.contains("&lt;i&gt;2&lt;/i&gt;"), "{html}");
        assert!(!html.contains("<i>"), "{html}");
        // The separator's finding is still there, as a mark in a cell.
        let j = findings.iter().position(|f| f.message == "竖线").unwrap();
        assert!(
            html.contains(&format!("<th class=\"hit sev-warning\" data-f=\"{j}\" title=\"竖线\"><a class=\"hl pin sev-warning\" id=\"t{j}\"")),
            "{html}"
        );
        // Every character but the separators is there once, in order.
        let expected = "前文<b>\n项目自然人总计一、本年新收2727（七）总计<i>2</i>26\n\n后文\n";
        let shown = plain(&html).replace("&lt;", "<").replace("&gt;", ">");
        assert_eq!(shown, expected);
    }

    #[test]
    fn the_review_page_shows_only_the_flagged_tables() {
        let text = format!("{TABLE}\n甲 | 1 | 2\n乙 | 3 | 4\n");
        let lines = LineIndex::new(&text);
        let tables = crate::document::table::find_tables(&text);
        assert_eq!(tables.len(), 2);
        let s = text.find("27").unwrap();
        let findings = [finding(s, s + 2, Severity::Error, "m")];
        let report = with_tables(&text, &lines, &findings, &tables);
        let html = flagged_tables(&report).into_string();
        assert_eq!(html.matches("<table").count(), 1, "{html}");
        assert!(html.contains("第 2 行起的表格"), "{html}");
        assert!(!html.contains("前文") && !html.contains("甲"), "{html}");
        assert!(html.contains("class=\"hit sev-error\""), "{html}");
        let none = with_tables(&text, &lines, &[], &tables);
        assert_eq!(flagged_tables(&none).into_string(), "");
    }

    /// Word cells sit at their grid columns and span their gridSpan; a
    /// column a row leaves out (merged down from above) is an empty cell.
    #[test]
    fn word_cells_keep_their_grid_columns_and_spans() {
        use crate::input::docx::{WordCell, WordTable};
        let wide = |text: &str, column, span| WordCell {
            text: text.into(),
            column,
            span,
        };
        let table = &Table::all_from_word(&[WordTable {
            anchor: Span::new(0, 0),
            grid: vec![
                vec![wide("一、本年新收", 1, 3), WordCell::new("26", 4)],
                vec![
                    WordCell::new("三、办理结果", 1),
                    wide("（一）予以公开", 2, 2),
                    WordCell::new("5", 4),
                ],
                vec![WordCell::new("（二）部分公开", 2), WordCell::new("0", 3)],
            ],
        }])[0];
        let rows: Vec<_> = layout(table)
            .into_iter()
            .map(|r| (r.cells, r.trailing))
            .collect();
        assert_eq!(
            rows,
            [
                (vec![(0, Some(3)), (0, None)], 0),
                (vec![(0, None), (0, Some(2)), (0, None)], 0),
                (vec![(1, None), (0, None)], 1),
            ]
        );
    }

    /// A Word table goes after the paragraph before it; a finding about
    /// one of its cells marks that cell (escaped like all report text),
    /// not the paragraph its span is.
    #[test]
    fn a_word_table_after_its_paragraph_with_the_named_cell_marked() {
        use crate::document::table::CellRef;
        use crate::input::docx::{WordCell, WordTable};
        let text = "三、收到申请\n正文。";
        let lines = LineIndex::new(text);
        let anchor = Span::new(0, "三、收到申请".len());
        let word = WordTable {
            anchor,
            grid: vec![
                vec![WordCell::new("项目", 1), WordCell::new("总计", 2)],
                vec![
                    WordCell::new("<script>x</script>", 1),
                    WordCell::new("27", 2),
                ],
            ],
        };
        let tables = Table::all_from_word(&[word]);
        let mut f = finding(anchor.start, anchor.end, Severity::Error, "不相等");
        let cell = CellRef {
            table: 0,
            row: 2,
            column: 2,
        };
        f.primary = Label::in_cell(anchor, "第2行第2列", Some(cell));
        let findings = [f];
        let report = with_tables(text, &lines, &findings, &tables);
        let html = marked_text(&report).into_string();
        assert!(html.starts_with("<div class=\"report-text\"><pre class=\"text-run\">三、收到申请</pre><div class=\"table-wrap\">"), "{html}");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("<td class=\"hit sev-error\" data-f=\"0\" title=\"不相等\"><span class=\"anchor\" id=\"t0\"></span><a class=\"hl sev-error\" href=\"#f0\" data-f=\"0\">27</a></td>"), "{html}");
        assert!(!html.contains("data-f=\"0\">三、收到申请"), "{html}");
        assert!(
            html.ends_with("</table></div><pre class=\"text-run\">\n\n正文。</pre></div>"),
            "{html}"
        );
    }

    #[test]
    fn spans_anywhere_in_and_around_tables_never_break_the_page() {
        let text = "一 | 1\n二 | 2\n三\n";
        let lines = LineIndex::new(text);
        let tables = crate::document::table::find_tables(text);
        for start in 0..=text.len() {
            for end in start..=text.len() + 2 {
                let findings = [finding(start, end, Severity::Error, "m")];
                let report = with_tables(text, &lines, &findings, &tables);
                let html = marked_text(&report).into_string();
                assert_eq!(
                    html.matches("id=\"t0\"").count(),
                    1,
                    "{start}..{end}: {html}"
                );
                let _ = flagged_tables(&report);
            }
        }
    }

    #[test]
    fn cuts_long_lines_in_excerpts() {
        let text = format!("{}错{}", "甲".repeat(200), "乙".repeat(200));
        let lines = LineIndex::new(&text);
        let f = finding(600, 603, Severity::Error, "m");
        let html = excerpt(&text, &lines, &f).into_string();
        assert!(html.contains("<mark class=\"sev-error\">错</mark>"));
        assert_eq!(html.matches('甲').count(), EXCERPT_CONTEXT);
        assert_eq!(html.matches('乙').count(), EXCERPT_CONTEXT);
        assert_eq!(html.matches('…').count(), 2);
    }

    #[test]
    fn data_urls_encode_everything_but_plain_ascii() {
        assert_eq!(
            text_data_url("a 一#%"),
            "data:text/plain;charset=utf-8,a%20%E4%B8%80%23%25"
        );
    }

    #[test]
    fn counts_problems_once_per_report() {
        let mut counts = ProblemCounts::default();
        counts.add(&[
            finding(0, 1, Severity::Error, "a"),
            finding(1, 2, Severity::Error, "b"),
        ]);
        counts.add(&[finding(0, 1, Severity::Error, "a")]);
        assert_eq!(counts.top(5), vec![("x/y", 2, 3)]);
    }
}
