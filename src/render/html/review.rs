//! The review page of `--format html`: written in parts as the reports are
//! done ([`review_start`], a [`review_section`] per report, [`review_end`]
//! with the overview and the chart of the most frequent problems).

use super::*;
use crate::engine::outline::PartStatus;
use crate::finding::Finding;
use crate::packs::RuleSet;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::collections::HashMap;

/// What the overview keeps of one report.
pub struct ReviewRow {
    pub name: String,
    /// The section's anchor.
    pub id: String,
    /// The label of the report type it was checked as (「政府信息公开工作年度报告」),
    /// `None` for a report of no known type.
    pub report_type: Option<String>,
    /// Its required parts: the columns of its type's overview table.
    pub parts: Vec<(String, PartStatus)>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Its findings of the `layout` pack (版式), for a Word document; `None`
    /// for text, which has no layout.
    pub layout: Option<usize>,
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
/// `annotated`: where the report's copy with the findings as Word
/// comments was written (`--annotate-dir`), linked under its totals.
pub fn review_section(report: &HtmlReport, bases: &Bases, annotated: Option<&str>) -> String {
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
            @if let Some(href) = annotated {
                p.fixes { a.download href=(href) { "下载带批注的 Word 文档" } }
            }
            (checklist(report.checklist))
            (flagged_tables(report))
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

/// A table of the overview: its report type, its part columns, its rows.
pub(super) type OverviewGroup<'r> = (Option<&'r str>, Vec<&'r str>, Vec<&'r ReviewRow>);

/// The rows of the overview by report type: one group per type (and per
/// set of required parts, should two reports of a type differ), in the
/// order the types first come; and the reports that could not be checked.
pub(super) fn overview_groups(rows: &[ReviewRow]) -> (Vec<OverviewGroup<'_>>, Vec<&ReviewRow>) {
    let mut groups: Vec<OverviewGroup> = Vec::new();
    let mut failed = Vec::new();
    for row in rows {
        if row.failed.is_some() {
            failed.push(row);
            continue;
        }
        let kind = row.report_type.as_deref();
        let parts: Vec<&str> = row.parts.iter().map(|(label, _)| label.as_str()).collect();
        match groups.iter_mut().find(|g| g.0 == kind && g.1 == parts) {
            Some(group) => group.2.push(row),
            None => groups.push((kind, parts, vec![row])),
        }
    }
    (groups, failed)
}

/// One overview table: a row per report, a column per required part.
pub(super) fn overview_table(parts: &[&str], rows: &[&ReviewRow]) -> Markup {
    html! {
        table.overview {
            thead { tr {
                th data-sort="text" { "报告" }
                @for part in parts { th.part data-sort="text" { (part) } }
                th data-sort="number" { "错误" }
                th data-sort="number" { "警告" }
                th data-sort="number" title="layout 规则包：纸张、页边距、字体字号、页码（仅 Word 文档）" { "版式" }
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
                            @if parts.is_empty() { td.failed title=(error) { "无法检查" } }
                            @else { td.num { "—" } }
                            td.num { "—" }
                            td.num { "—" }
                        } @else {
                            @for (_, status) in &row.parts {
                                @let (mark, words, class) = status_mark(*status);
                                td.(class) title=(words) { (mark) }
                            }
                            td.num.sev-error { (row.errors) }
                            td.num.sev-warning { (row.warnings) }
                            @match row.layout {
                                Some(n) => td.num title="版式问题" { (n) },
                                None => td.num title="纯文本没有版式" { "—" },
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The end of the review page: the overview tables and the chart (placed
/// first by the stylesheet), the script, the closing tags.
pub fn review_end(
    title: &str,
    rows: &[ReviewRow],
    problems: &ProblemCounts,
    rules: &RuleSet,
) -> String {
    let (mut groups, failed) = overview_groups(rows);
    // One type: one table, with the reports that could not be checked.
    let single = (groups.len() <= 1).then(|| {
        let (parts, mut members) = groups.pop().map(|g| (g.1, g.2)).unwrap_or_default();
        members.extend(&failed);
        (parts, members)
    });
    let summaries: HashMap<&str, String> = rules
        .rules
        .iter()
        .map(|r| (r.id.as_str(), crate::render::rule_docs::summary(r)))
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
            @if let Some((parts, members)) = &single {
                (overview_table(parts, members))
            } @else {
                // Reports of different types have different parts: a
                // table per type.
                @for (kind, parts, members) in &groups {
                    h2.overview-type {
                        (kind.unwrap_or("未识别类型的报告（只按通用规则检查）"))
                        " · " (members.len()) " 份"
                    }
                    (overview_table(parts, members))
                }
                @if !failed.is_empty() {
                    h2.overview-type { "无法检查的报告 · " (failed.len()) " 份" }
                    (overview_table(&[], &failed))
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
pub(super) fn problem_chart(
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
