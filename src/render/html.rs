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

use crate::engine::finding::{Finding, Severity};
use crate::engine::outline::{ChecklistItem, PartStatus};
use crate::packs::RuleSet;
use crate::text::span::{floor_char_boundary, LineIndex, Span};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::collections::HashMap;

/// The stylesheet of both pages (served by the checker, inlined in the
/// review page).
pub const STYLE: &str = include_str!("../server/assets/style.css");
/// The checker page's script: details of a finding on click, dropping a file.
pub const CHECKER_SCRIPT: &str = include_str!("../server/assets/checker.js");
/// The review page's script: sorting the overview table. The table reads
/// the same without it.
pub const REVIEW_SCRIPT: &str = include_str!("../server/assets/review.js");

/// The widest excerpt of a line shown around a finding, in characters on
/// each side of it.
const EXCERPT_CONTEXT: usize = 60;

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

/// The whole text, each finding's span a link to the finding, coloured by
/// the most severe finding over it. Findings over no text (something
/// missing) show as a small mark where it belongs.
pub fn marked_text(report: &HtmlReport) -> Markup {
    let text = report.text;
    let ids = report.ids;
    // (start, end, finding, whether it is the finding's primary span):
    // an aggregated finding marks every place it names.
    let mut spans: Vec<(usize, usize, usize, bool)> = Vec::new();
    for (i, f) in report.findings.iter().enumerate() {
        let labels =
            std::iter::once((&f.primary, true)).chain(f.related.iter().map(|label| (label, false)));
        for (label, primary) in labels {
            let start = floor_char_boundary(text, label.span.start);
            let end = floor_char_boundary(text, label.span.end).max(start);
            if primary || end > start {
                spans.push((start, end, i, primary));
            }
        }
    }
    // Each span is cut where another starts or ends, so that overlapping
    // findings give segments covered by a known set of findings.
    let mut cuts: Vec<usize> = spans.iter().flat_map(|&(s, e, _, _)| [s, e]).collect();
    cuts.push(0);
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    // Spans by start, to sweep the text once.
    spans.sort_unstable();
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut out = String::with_capacity(text.len() * 2);
    let pin = |i: usize| {
        let f = &report.findings[i];
        html! {
            a.hl.pin.(severity_class(f.severity)) id={(ids) "t" (i)}
                href={"#" (ids) "f" (i)} data-f=(i) title=(f.message) { "⁁" }
        }
        .into_string()
    };
    for window in cuts.windows(2) {
        let (from, to) = (window[0], window[1]);
        active.retain(|&k| spans[k].1 > from);
        while next < spans.len() && spans[next].0 <= from {
            let (start, end, i, primary) = spans[next];
            if start == end {
                out.push_str(&pin(i));
            } else {
                if primary {
                    out.push_str(&html! { span.anchor id={(ids) "t" (i)} {} }.into_string());
                }
                active.push(next);
            }
            next += 1;
        }
        let piece = &text[from..to];
        if active.is_empty() {
            out.push_str(&html! { (piece) }.into_string());
            continue;
        }
        let mut covering: Vec<usize> = active.iter().map(|&k| spans[k].2).collect();
        covering.sort_unstable();
        covering.dedup();
        let worst = covering
            .iter()
            .map(|&i| report.findings[i].severity)
            .min()
            .unwrap_or(Severity::Info);
        let list = covering
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(
            &html! {
                a.hl.(severity_class(worst)) href={"#" (ids) "f" (covering[0])} data-f=(list) { (piece) }
            }
            .into_string(),
        );
    }
    // Something missing at the very end of the text.
    for &(_, _, i, _) in &spans[next..] {
        out.push_str(&pin(i));
    }
    html! { pre.report-text { (PreEscaped(out)) } }
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

/// The line of a finding with its span marked, cut to a window around it.
pub fn excerpt(text: &str, lines: &LineIndex, finding: &Finding) -> Markup {
    excerpt_of(text, lines, finding.primary.span, finding.severity)
}

fn excerpt_of(text: &str, lines: &LineIndex, span: Span, severity: Severity) -> Markup {
    let start = floor_char_boundary(text, span.start);
    let end = floor_char_boundary(text, span.end).max(start);
    let line = lines.line_of(start);
    let line_span = lines.line_span(text, line);
    let end = end.min(line_span.end.max(start));
    let before = &text[line_span.start.min(start)..start];
    let after = &text[end..line_span.end.max(end)];
    let before_cut = before.chars().count() > EXCERPT_CONTEXT;
    let before: String = if before_cut {
        let skip = before.chars().count() - EXCERPT_CONTEXT;
        before.chars().skip(skip).collect()
    } else {
        before.to_string()
    };
    let after_cut = after.chars().count() > EXCERPT_CONTEXT;
    let after: String = after.chars().take(EXCERPT_CONTEXT).collect();
    let marked = &text[start..end];
    let marked: String = if marked.chars().count() > 2 * EXCERPT_CONTEXT {
        let head: String = marked.chars().take(2 * EXCERPT_CONTEXT).collect();
        head + "…"
    } else {
        marked.to_string()
    };
    html! {
        span.excerpt {
            @if before_cut { "…" }
            (before)
            @if marked.is_empty() { mark.(severity_class(severity)).pin { "⁁" } }
            @else { mark.(severity_class(severity)) { (marked) } }
            (after)
            @if after_cut { "…" }
        }
    }
}

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
                        p.excerpt-line { (excerpt(report.text, report.lines, f)) }
                        @for related in f.related.iter().take(RELATED_SHOWN) {
                            p.excerpt-line.related {
                                span.where { "第 " (report.lines.position(report.text, related.span.start).line) " 行 " }
                                (excerpt_of(report.text, report.lines, related.span, f.severity))
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

/// What the overview keeps of one report.
pub struct ReviewRow {
    pub name: String,
    /// The section's anchor.
    pub id: String,
    pub parts: Vec<(String, PartStatus)>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Why it could not be checked, instead of its findings.
    pub failed: Option<String>,
}

/// The rules that fired, and in how many reports.
#[derive(Default)]
pub struct ProblemCounts {
    /// rule id → (reports, findings)
    by_rule: HashMap<String, (usize, usize)>,
}

impl ProblemCounts {
    pub fn add(&mut self, findings: &[Finding]) {
        let mut seen: Vec<&str> = Vec::new();
        for f in findings {
            let entry = self.by_rule.entry(f.rule.clone()).or_default();
            entry.1 += 1;
            if !seen.contains(&f.rule.as_str()) {
                seen.push(&f.rule);
                entry.0 += 1;
            }
        }
    }

    pub fn merge(&mut self, other: ProblemCounts) {
        for (rule, (reports, findings)) in other.by_rule {
            let entry = self.by_rule.entry(rule).or_default();
            entry.0 += reports;
            entry.1 += findings;
        }
    }

    /// The `n` rules found in most reports, then most findings, then by id.
    pub fn top(&self, n: usize) -> Vec<(&str, usize, usize)> {
        let mut all: Vec<(&str, usize, usize)> = self
            .by_rule
            .iter()
            .map(|(rule, &(reports, findings))| (rule.as_str(), reports, findings))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
        all.truncate(n);
        all
    }
}

/// The start of the review page: everything before the first report.
pub fn review_start(title: &str) -> String {
    // The document is closed by `review_end`; maud builds whole elements,
    // so the open tags are written by hand here.
    let head = html! {
        meta charset="utf-8";
        meta name="viewport" content="width=device-width, initial-scale=1";
        title { (title) }
        style { (PreEscaped(STYLE)) }
    };
    format!(
        "{}<html lang=\"zh-CN\"><head>{}</head>\n<body class=\"review\"><div class=\"review-page\">\n<section id=\"reports\"><h2>各报告的问题</h2>\n",
        DOCTYPE.into_string(),
        head.into_string()
    )
}

/// One report's section of the review page.
pub fn review_section(report: &HtmlReport, bases: &Bases) -> String {
    let (errors, warnings, infos) = counts(report.findings);
    let id = report.ids.trim_end_matches('-');
    html! {
        section.report id=(id) {
            h3 { (report.name) }
            p.totals {
                span.sev-error { (errors) " 个错误" } "，"
                span.sev-warning { (warnings) " 个警告" } "，"
                span.sev-info { (infos) " 条提示" }
                " · " a href="#overview" { "回到总览" }
            }
            (checklist(report.checklist))
            (finding_list(report, bases))
        }
    }
    .into_string()
        + "\n"
}

/// A report that could not be checked, as a section of the review page.
pub fn review_failed_section(id: &str, name: &str, error: &str) -> String {
    html! {
        section.report.failed id=(id) {
            h3 { (name) }
            p.error { "无法检查：" }
            pre.error-text { (error) }
        }
    }
    .into_string()
        + "\n"
}

/// The end of the review page: the overview table and the chart (placed
/// first by the stylesheet), the script, the closing tags.
pub fn review_end(
    title: &str,
    rows: &[ReviewRow],
    problems: &ProblemCounts,
    rules: &RuleSet,
) -> String {
    let parts: Vec<&str> = rows
        .iter()
        .find(|r| r.failed.is_none())
        .map(|r| r.parts.iter().map(|(label, _)| label.as_str()).collect())
        .unwrap_or_default();
    let summaries: HashMap<&str, String> = rules
        .rules
        .iter()
        .map(|r| (r.id.as_str(), super::rule_docs::summary(r)))
        .collect();
    let (errors, warnings) = rows
        .iter()
        .fold((0, 0), |(e, w), r| (e + r.errors, w + r.warnings));
    let overview = html! {
        header #overview {
            h1 { (title) }
            p.totals {
                "共 " (rows.len()) " 份报告；"
                span.sev-error { (errors) " 个错误" } "，"
                span.sev-warning { (warnings) " 个警告" } "。"
                "表头可点击排序。✓ 有专门部分，△ 仅在其他部分提及，✗ 缺少。"
            }
            table.overview {
                thead { tr {
                    th data-sort="text" { "报告" }
                    @for part in &parts { th.part data-sort="text" { (part) } }
                    th data-sort="number" { "错误" }
                    th data-sort="number" { "警告" }
                } }
                tbody {
                    @for row in rows {
                        tr {
                            td { a href={"#" (row.id)} { (row.name) } }
                            @if let Some(error) = &row.failed {
                                // A cell per column, so that sorting keeps the columns.
                                @for (i, _) in parts.iter().enumerate() {
                                    td.failed title=(error) { @if i == 0 { "无法检查" } @else { "—" } }
                                }
                                td.num { "—" } td.num { "—" }
                            } @else {
                                @for (_, status) in &row.parts {
                                    @let (mark, words, class) = status_mark(*status);
                                    td.(class) title=(words) { (mark) }
                                }
                                td.num.sev-error { (row.errors) }
                                td.num.sev-warning { (row.warnings) }
                            }
                        }
                    }
                }
            }
        }
        section #chart {
            h2 { "最常见的问题" }
            (problem_chart(problems, &summaries, rows.len()))
        }
    };
    format!(
        "</section>\n{}\n</div>\n<script>{}</script>\n</body>\n</html>\n",
        overview.into_string(),
        REVIEW_SCRIPT
    )
}

/// A horizontal bar chart in SVG: the rules found in most reports.
fn problem_chart(
    problems: &ProblemCounts,
    summaries: &HashMap<&str, String>,
    reports: usize,
) -> Markup {
    let top = problems.top(12);
    if top.is_empty() {
        return html! { p.none { "未发现问题。" } };
    }
    let row_height = 34;
    let label_width = 430;
    let bar_width = 260;
    let height = row_height * top.len() + 10;
    let most = top.iter().map(|t| t.1).max().unwrap_or(1).max(1);
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" role="img" aria-label="最常见的问题"
            viewBox={"0 0 " (label_width + bar_width + 120) " " (height)}
            width=(label_width + bar_width + 120) height=(height) {
            @for (i, (rule, in_reports, findings)) in top.iter().enumerate() {
                @let y = i * row_height + 4;
                @let width = (bar_width * in_reports).div_ceil(most);
                @let summary = summaries.get(rule).map(String::as_str).unwrap_or("");
                @let summary: String = if summary.chars().count() > 26 {
                    summary.chars().take(25).collect::<String>() + "…"
                } else { summary.to_string() };
                g {
                    title { (rule) "：" (in_reports) " 份报告，共 " (findings) " 处" }
                    text x="0" y=(y + 12) font-size="12" fill="#555" { (rule) }
                    text x="0" y=(y + 27) font-size="13" fill="#222" { (summary) }
                    rect x=(label_width) y=(y + 6) width=(width) height="18" fill="#c0392b" {}
                    text x=(label_width + width + 6) y=(y + 20) font-size="13" fill="#222" {
                        (in_reports) "/" (reports) " 份（" (findings) " 处）"
                    }
                }
            }
        }
    }
}

/// A percent-encoded `data:` URL of a text, for a download link that
/// needs no script and no request to the server.
pub fn text_data_url(text: &str) -> String {
    let mut url = String::from("data:text/plain;charset=utf-8,");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::finding::Label;

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
