//! `--format concise`: one line per finding,
//! `path:line:col: severity[rule] message`, the form editors' problem
//! matchers and `grep` understand.

use super::rule_docs::one_line;
use super::FileReport;
use crate::finding::Finding;

/// `path:line:col: severity[rule] message` and a line break. A message that
/// spans lines is folded, so one finding is always one line.
pub fn concise_line(report: &FileReport, finding: &Finding) -> String {
    let pos = report
        .lines
        .position(report.text, finding.primary.span.start);
    format!(
        "{}:{}:{}: {}[{}] {}\n",
        report.path,
        pos.line,
        pos.column,
        finding.severity,
        finding.rule,
        one_line(&finding.message)
    )
}

/// Every finding of every report, one line each, in the order of the reports.
pub fn concise(reports: &[FileReport]) -> String {
    reports
        .iter()
        .flat_map(|report| report.findings.iter().map(|f| concise_line(report, f)))
        .collect()
}
