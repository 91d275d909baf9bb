//! Output formats. In: a checked report (text, findings, outline). Out:
//! what a person or a tool reads. `full` (miette diagnostics on the report text) and
//! `json` (a contract read by other tools: field names are stable) here;
//! `concise`, `github`, `sarif`, `--statistics`, the rule documentation
//! (`--list-rules`, `--explain`) and the `--diff` of what `--fix` would
//! change in their own modules.

mod concise;
mod diff;
mod excerpt;
mod github;
pub mod html;
mod pretty;
pub mod rule_docs;
mod sarif;
mod statistics;
mod table;

pub use concise::{concise, concise_line};
pub use github::github;
pub use sarif::sarif;
pub use statistics::{statistics, statistics_json};

pub use diff::unified as diff;

use crate::engine::Checked;
use crate::finding::{Finding, Severity};
use crate::input::SourceEncoding;
use crate::text::span::LineIndex;
use excerpt::Excerpt;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// Findings for one report, with what is needed to show positions.
pub struct FileReport<'a> {
    pub path: &'a str,
    pub text: &'a str,
    /// Borrowed from the checked report's index, or built for a text.
    pub lines: Cow<'a, LineIndex>,
    pub findings: Vec<Finding>,
    /// How the file was stored, when known: SARIF gives byte offsets into
    /// the file only for UTF-8.
    pub encoding: Option<SourceEncoding>,
}

impl<'a> FileReport<'a> {
    /// The findings of a checked report, as the renderers take them.
    pub fn of(checked: &'a Checked) -> Self {
        FileReport {
            path: &checked.name,
            text: &checked.text,
            lines: Cow::Borrowed(checked.index.lines()),
            findings: checked.findings.clone(),
            encoding: Some(checked.encoding),
        }
    }

    pub fn new(path: &'a str, text: &'a str, findings: Vec<Finding>) -> Self {
        FileReport {
            path,
            text,
            lines: Cow::Owned(LineIndex::new(text)),
            findings,
            encoding: None,
        }
    }

    pub fn with_encoding(mut self, encoding: SourceEncoding) -> Self {
        self.encoding = Some(encoding);
        self
    }
}

/// One finding as a miette diagnostic on an excerpt of the report.
struct FindingDiagnostic<'f> {
    finding: &'f Finding,
    source: Excerpt,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.finding.help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct FullOptions {
    pub color: bool,
    pub width: usize,
}

/// Renders every finding of a report with miette's graphical handler.
pub fn full(report: &FileReport, options: FullOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_context_lines(0)
        .with_links(false);
    let mut out = String::new();
    for finding in &report.findings {
        let mut labels = vec![finding.primary.clone()];
        labels.extend(finding.related.iter().cloned());
        let (source, mapped) = Excerpt::new(report.path, report.text, &report.lines, &labels);
        let labels = mapped
            .into_iter()
            .enumerate()
            .map(|(i, (span, text))| {
                if i == 0 {
                    LabeledSpan::new_primary_with_span(Some(text), span)
                } else {
                    LabeledSpan::new_with_span(Some(text), span)
                }
            })
            .collect();
        let diagnostic = FindingDiagnostic {
            finding,
            source,
            labels,
        };
        if handler.render_report(&mut out, &diagnostic).is_err() {
            // Never lose a finding to a rendering problem: fall back to one line.
            out.push_str(&concise_line(report, finding));
        }
        out.push('\n');
    }
    out
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings that `--fix` can fix.
    pub fixable: usize,
}

impl Totals {
    pub fn add(&mut self, findings: &[Finding]) {
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
        self.fixable += findings.iter().filter(|f| !f.fix.is_empty()).count();
    }

    /// 「2 个错误，3 个警告（其中 1 个可用 --fix 自动修改）」, or 「未发现问题」.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(format!("{} 个错误", self.errors));
        }
        if self.warnings > 0 {
            parts.push(format!("{} 个警告", self.warnings));
        }
        if self.infos > 0 {
            parts.push(format!("{} 条提示", self.infos));
        }
        if parts.is_empty() {
            return "未发现问题".to_string();
        }
        let mut summary = parts.join("，");
        if self.fixable > 0 {
            summary.push_str(&format!("（其中 {} 个可用 --fix 自动修改）", self.fixable));
        }
        summary
    }
}

#[derive(Serialize)]
pub struct JsonRelated<'a> {
    label: &'a str,
    line: usize,
    column: usize,
    offset: usize,
    length: usize,
}

/// One edit of a fix in `--format json`: replace the span with `content`.
#[derive(Serialize)]
pub struct JsonEdit<'a> {
    content: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
}

#[derive(Serialize)]
pub struct JsonFix<'a> {
    edits: Vec<JsonEdit<'a>>,
}

/// One finding in `--format json`. Field names are a contract.
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: &'a str,
    label: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
    related: Vec<JsonRelated<'a>>,
    /// Only for findings `--fix` can fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

/// All findings of all reports as one JSON array, sorted by path then offset.
pub fn json(reports: &[FileReport]) -> String {
    let mut by_path: Vec<&FileReport> = reports.iter().collect();
    by_path.sort_by_key(|report| report.path);
    let mut out = Vec::new();
    let mut array = JsonArray::default();
    for report in by_path {
        // Writing to a Vec cannot fail.
        let _ = array.push(&mut out, report.path, json_elements(report));
    }
    let _ = array.finish(&mut out);
    String::from_utf8(out).unwrap_or_else(|_| "[]".to_string())
}

/// One finding of `--format json`, rendered as an element of the array,
/// with the key the array is sorted by.
pub struct JsonElement {
    offset: usize,
    rule: String,
    text: String,
}

/// The findings of one report as elements of the `--format json` array,
/// in the order of its findings.
pub fn json_elements(report: &FileReport) -> Vec<JsonElement> {
    report
        .findings
        .iter()
        .map(|f| {
            let item = json_finding(report, f);
            JsonElement {
                offset: f.primary.span.start,
                rule: f.rule.clone(),
                text: pretty::finding_element(&item),
            }
        })
        .collect()
}

/// The findings of one report in the `--format json` contract, for a face
/// that embeds them in a larger answer (the checker page's API).
pub fn json_findings<'a>(report: &'a FileReport) -> Vec<JsonFinding<'a>> {
    report
        .findings
        .iter()
        .map(|f| json_finding(report, f))
        .collect()
}

fn json_finding<'a>(report: &'a FileReport, f: &'a Finding) -> JsonFinding<'a> {
    let (text, lines) = (report.text, &report.lines);
    let start = lines.position(text, f.primary.span.start);
    let end = lines.position_after(text, (f.primary.span.start, start), f.primary.span.end);
    // A fix's edits come in order, often a few characters apart: each
    // position is counted on from the one before.
    let mut last = (0, lines.position(text, 0));
    JsonFinding {
        rule: &f.rule,
        severity: f.severity,
        message: &f.message,
        help: &f.help,
        label: &f.primary.text,
        path: report.path,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        offset: f.primary.span.start,
        length: f.primary.span.len(),
        related: f
            .related
            .iter()
            .map(|r| {
                let pos = lines.position(text, r.span.start);
                JsonRelated {
                    label: &r.text,
                    line: pos.line,
                    column: pos.column,
                    offset: r.span.start,
                    length: r.span.len(),
                }
            })
            .collect(),
        fix: (!f.fix.is_empty()).then(|| JsonFix {
            edits: f
                .fix
                .iter()
                .map(|edit| {
                    let start = lines.position_after(text, last, edit.span.start);
                    let end = lines.position_after(text, (edit.span.start, start), edit.span.end);
                    last = (edit.span.start, start);
                    JsonEdit {
                        content: &edit.content,
                        line: start.line,
                        column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                        offset: edit.span.start,
                        length: edit.span.len(),
                    }
                })
                .collect(),
        }),
    }
}

/// `item` pretty-printed as an element of the array, two spaces in: the
/// one-element array `[item]` as serde_json prints it, without its
/// brackets, so the element is written once, at its depth. The reference
/// the hand-written elements are held to.
#[cfg(test)]
fn array_element(item: &impl Serialize) -> String {
    let mut out = Vec::with_capacity(1024);
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    if [item].serialize(&mut serializer).is_err() {
        return "  {}".to_string();
    }
    // `[\n` + element + `\n]`: serde_json writes UTF-8, and the four
    // bytes cut are ASCII.
    let element = out
        .get(2..out.len().saturating_sub(2))
        .and_then(|e| std::str::from_utf8(e).ok())
        .unwrap_or("  {}");
    element.to_string()
}

/// Writes the `--format json` array as the reports come, sorted by path:
/// the findings of the reports with one path (a file named twice) are
/// sorted together by offset and rule before they are written.
#[derive(Default)]
pub struct JsonArray {
    written: usize,
    path: Option<String>,
    group: Vec<JsonElement>,
}

impl JsonArray {
    /// Adds a report's elements; reports must come in path order.
    pub fn push(
        &mut self,
        out: &mut impl std::io::Write,
        path: &str,
        elements: Vec<JsonElement>,
    ) -> std::io::Result<()> {
        if self.path.as_deref() != Some(path) {
            self.flush(out)?;
            self.path = Some(path.to_string());
        }
        self.group.extend(elements);
        Ok(())
    }

    /// Writes what is left and closes the array (`[]` if it is empty).
    pub fn finish(mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        self.flush(out)?;
        out.write_all(if self.written == 0 { b"[]" } else { b"\n]" })
    }

    fn flush(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        // A stable sort: findings at the same place keep their order.
        self.group
            .sort_by(|a, b| (a.offset, &a.rule).cmp(&(b.offset, &b.rule)));
        for element in self.group.drain(..) {
            out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
            out.write_all(element.text.as_bytes())?;
            self.written += 1;
        }
        Ok(())
    }
}
/// `{"path", "encoding", "findings", "outline"}`: a checked report as the
/// JSON API answers it: the findings as `--format json` writes them, and
/// the outline.
impl Serialize for Checked {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let report = FileReport::of(self);
        let mut out = serializer.serialize_struct("Checked", 4)?;
        out.serialize_field("path", &self.name)?;
        out.serialize_field("encoding", self.encoding.name())?;
        out.serialize_field("findings", &json_findings(&report))?;
        out.serialize_field("outline", &self.outline)?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_array_element_is_the_pretty_value_indented_two_spaces() {
        let value = serde_json::json!({
            "rule": "core/x",
            "message": "第一行\n第二行",
            "related": [],
            "fix": { "edits": [{ "offset": 1, "replacement": "》" }], "empty": {} },
        });
        let pretty = serde_json::to_string_pretty(&value).expect("json");
        let indented: Vec<String> = pretty.split('\n').map(|l| format!("  {l}")).collect();
        assert_eq!(array_element(&value), indented.join("\n"));
        assert_eq!(array_element(&serde_json::json!(1)), "  1");
    }
}
