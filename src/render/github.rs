//! `--format github`: GitHub Actions workflow commands, one per finding, so
//! a CI run annotates the report files in the pull request:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=rule::message`.
//! Escaping follows `@actions/core` (toolkit `command.ts`).

use super::FileReport;
use crate::finding::{Finding, Severity};

/// The workflow command for a severity.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's message (toolkit `escapeData`).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (toolkit `escapeProperty`): also `:` and `,`,
/// which would otherwise end the value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation line. The message is the finding's message, then its
/// help on a second line (GitHub shows `%0A` as a line break).
pub fn annotation(report: &FileReport, finding: &Finding) -> String {
    let start = report
        .lines
        .position(report.text, finding.primary.span.start);
    let end = report.lines.position(report.text, finding.primary.span.end);
    let mut message = finding.message.clone();
    if !finding.help.is_empty() {
        message.push('\n');
        message.push_str(&finding.help);
    }
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
        command(finding.severity),
        escape_property(report.path),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(&finding.rule),
        escape_data(&message)
    )
}

/// Every finding of every report as an annotation; nothing else.
pub fn github(reports: &[FileReport]) -> String {
    reports
        .iter()
        .flat_map(|report| report.findings.iter().map(|f| annotation(report, f)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Label;
    use crate::text::span::Span;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\n下一行: a,b"), "50%25%0D%0A下一行: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn annotation_has_position_title_and_help() {
        let text = "标题\n第二行有问题";
        let start = text.find("问题").expect("present");
        let finding = Finding {
            rule: "demo/rule".to_string(),
            severity: Severity::Info,
            message: "消息".to_string(),
            help: "建议：改为100%".to_string(),
            primary: Label::new(Span::new(start, start + "问题".len()), "这里"),
            related: vec![],
            fix: vec![],
        };
        let report = FileReport::new("dir,1/a:b.txt", text, vec![finding]);
        assert_eq!(
            github(&[report]),
            "::notice file=dir%2C1/a%3Ab.txt,line=2,col=5,endLine=2,endColumn=7,\
             title=demo/rule::消息%0A建议：改为100%25\n"
        );
    }
}
