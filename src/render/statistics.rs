//! `--statistics`: how often each rule fired across all reports, instead of
//! the findings themselves — the overview of a folder of reports.

use super::rule_docs::summary;
use super::table::{self, Align};
use super::{FileReport, Totals};
use crate::finding::Severity;
use crate::packs::RuleSet;
use serde::Serialize;
use std::collections::BTreeMap;

/// One row: a rule, its number of findings and of reports it fired in.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct RuleCount<'a> {
    pub rule: &'a str,
    pub severity: Severity,
    pub count: usize,
    /// Number of reports with at least one finding of this rule.
    pub files: usize,
}

/// Counts per rule, most frequent first, then by rule id.
pub fn count<'a>(reports: &'a [FileReport]) -> Vec<RuleCount<'a>> {
    let mut by_rule: BTreeMap<&str, RuleCount> = BTreeMap::new();
    for report in reports {
        let mut seen_here: Vec<&str> = Vec::new();
        for finding in &report.findings {
            let row = by_rule.entry(&finding.rule).or_insert(RuleCount {
                rule: &finding.rule,
                severity: finding.severity,
                count: 0,
                files: 0,
            });
            row.count += 1;
            if !seen_here.contains(&finding.rule.as_str()) {
                seen_here.push(&finding.rule);
                row.files += 1;
            }
        }
    }
    let mut rows: Vec<RuleCount> = by_rule.into_values().collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    rows
}

/// The table: count, files, rule, severity, summary, and a total line.
/// 「未发现问题」 when nothing was found.
pub fn statistics(reports: &[FileReport], rules: &RuleSet) -> String {
    let rows = count(reports);
    let mut totals = Totals::default();
    for report in reports {
        totals.add(&report.findings);
    }
    if rows.is_empty() {
        return format!("{}\n", totals.summary());
    }
    let mut cells = vec![[
        "count".to_string(),
        "files".to_string(),
        "rule".to_string(),
        "severity".to_string(),
        "summary".to_string(),
    ]];
    for row in &rows {
        cells.push([
            row.count.to_string(),
            row.files.to_string(),
            row.rule.to_string(),
            row.severity.to_string(),
            rules.rule(row.rule).map(|r| summary(r)).unwrap_or_default(),
        ]);
    }
    let reports_with_findings = reports.iter().filter(|r| !r.findings.is_empty()).count();
    let total: usize = rows.iter().map(|r| r.count).sum();
    cells.push([
        total.to_string(),
        reports_with_findings.to_string(),
        "合计".to_string(),
        String::new(),
        totals.summary(),
    ]);
    table::render(
        &cells,
        &[
            Align::Right,
            Align::Right,
            Align::Left,
            Align::Left,
            Align::Left,
        ],
    )
}

/// `--statistics --format json`: an array of `{rule, severity, count, files}`.
pub fn statistics_json(reports: &[FileReport]) -> String {
    serde_json::to_string_pretty(&count(reports)).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Label};
    use crate::text::span::Span;

    fn finding(rule: &str, severity: Severity) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity,
            message: String::new(),
            help: String::new(),
            primary: Label::new(Span::default(), ""),
            related: vec![],
            fix: vec![],
        }
    }

    #[test]
    fn counts_findings_and_files_most_frequent_first() {
        let a = vec![
            finding("b/one", Severity::Warning),
            finding("b/one", Severity::Warning),
            finding("a/two", Severity::Error),
        ];
        let b = vec![
            finding("a/two", Severity::Error),
            finding("c/three", Severity::Info),
        ];
        let reports = [
            FileReport::new("a.txt", "", a),
            FileReport::new("b.txt", "", b),
        ];
        let rows = count(&reports);
        let summary: Vec<(&str, usize, usize)> =
            rows.iter().map(|r| (r.rule, r.count, r.files)).collect();
        assert_eq!(
            summary,
            vec![("a/two", 2, 2), ("b/one", 2, 1), ("c/three", 1, 1)]
        );
        let text = statistics(&reports, &RuleSet::default());
        assert!(
            text.lines()
                .last()
                .is_some_and(|l| l.starts_with("    5      2  合计")
                    && l.ends_with("  2 个错误，2 个警告，1 条提示")),
            "{text}"
        );
    }

    #[test]
    fn nothing_found() {
        let reports = [FileReport::new("a.txt", "", vec![])];
        assert_eq!(statistics(&reports, &RuleSet::default()), "未发现问题\n");
        assert_eq!(statistics_json(&reports), "[]");
    }
}
