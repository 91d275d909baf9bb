//! `--format sarif`: a SARIF 2.1.0 log (OASIS Static Analysis Results
//! Interchange Format), read by GitHub code scanning, editors and review
//! tools. One run; its driver describes every loaded rule, and each result
//! points at its rule by id and index.

use super::rule_docs::{one_line, summary};
use super::FileReport;
use crate::finding::{Finding, Label, Severity};
use crate::input::SourceEncoding;
use crate::packs::template;
use crate::packs::{Rule, RuleSet};
use serde::Serialize;
use std::collections::HashMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    /// Columns count Unicode code points (characters), as everywhere in rl-lint.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor<'a>>,
}

/// A `reportingDescriptor`: what a rule is, for viewers that show rule help.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: impl Into<String>) -> Self {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    pack: &'a str,
    basis: &'a str,
    kind: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    properties: ResultProperties<'a>,
}

/// The filled-in help of this finding (the rule's `help` is a template).
#[derive(Serialize)]
struct ResultProperties<'a> {
    help: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// Lines and columns are 1-based; `endColumn` is just after the last
/// character. Byte offsets are into the file as stored, so they are given
/// only for UTF-8 files (for GB18030 or UTF-16 they would be wrong).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn descriptor(rule: &Rule) -> Descriptor<'_> {
    let help = one_line(&template::blank(&rule.help));
    let message = summary(rule);
    Descriptor {
        id: &rule.id,
        name: rule.id.rsplit('/').next().unwrap_or(&rule.id),
        short_description: Text::new(message.clone()),
        full_description: Text::new(help.clone()),
        help: Text::new(format!("{message}\n\n{help}\n\n依据：{}", rule.basis)),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            pack: &rule.pack,
            basis: &rule.basis,
            kind: rule.kind.name(),
        },
    }
}

fn location(report: &FileReport, uri: &str, label: &Label, id: Option<usize>) -> Location {
    let start = report.lines.position(report.text, label.span.start);
    let end = report.lines.position(report.text, label.span.end);
    let bom = match report.encoding {
        Some(SourceEncoding::Utf8) => Some(0),
        Some(SourceEncoding::Utf8Bom) => Some(3),
        _ => None,
    };
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri.to_string(),
            },
            region: Region {
                start_line: start.line,
                start_column: start.column,
                end_line: end.line,
                end_column: end.column,
                byte_offset: bom.map(|bom| bom + label.span.start),
                byte_length: bom.map(|_| label.span.len()),
            },
        },
        message: Text::new(label.text.clone()),
    }
}

fn result<'a>(
    report: &FileReport,
    uri: &str,
    finding: &'a Finding,
    index: &HashMap<&str, usize>,
) -> SarifResult<'a> {
    SarifResult {
        rule_id: &finding.rule,
        rule_index: index.get(finding.rule.as_str()).copied(),
        level: level(finding.severity),
        message: Text::new(finding.message.clone()),
        locations: [location(report, uri, &finding.primary, None)],
        related_locations: finding
            .related
            .iter()
            .enumerate()
            .map(|(i, label)| location(report, uri, label, Some(i + 1)))
            .collect(),
        properties: ResultProperties {
            help: &finding.help,
        },
    }
}

/// The SARIF log for all reports, describing every rule in `rules`.
pub fn sarif(reports: &[FileReport], rules: &RuleSet) -> String {
    let index: HashMap<&str, usize> = rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| (rule.id.as_str(), i))
        .collect();
    let mut results = Vec::new();
    for report in reports {
        let uri = artifact_uri(report.path);
        for finding in &report.findings {
            results.push(result(report, &uri, finding, &index));
        }
    }
    let repository = env!("CARGO_PKG_REPOSITORY");
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "rl-lint",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: (!repository.is_empty()).then_some(repository),
                    rules: rules.rules.iter().map(|rule| descriptor(rule)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string())
}

/// A path as a URI reference: forward slashes, `./` dropped, every byte
/// outside the URI path characters percent-encoded (so 「报告.txt」 becomes
/// `%E6%8A%A5…`). Absolute paths become `file://` URIs.
pub fn artifact_uri(path: &str) -> String {
    let mut path = if std::path::MAIN_SEPARATOR == '\\' {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    let bytes = path.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if drive {
        // `C:/dir/report.txt`: the colon after the drive letter stays.
        return format!("file:///{}:{}", &path[..1], encode(&path[2..]));
    }
    let encoded = encode(&path);
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

/// Percent-encodes all but unreserved characters, `/` and the sub-delimiters
/// allowed in a path. `:` is encoded too: in a relative reference's first
/// segment it would read as a scheme.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(artifact_uri("tests/fixtures/a.txt"), "tests/fixtures/a.txt");
        assert_eq!(artifact_uri("./报告 1.txt"), "%E6%8A%A5%E5%91%8A%201.txt");
        assert_eq!(artifact_uri("a:b%.txt"), "a%3Ab%25.txt");
        assert_eq!(artifact_uri("/tmp/x#1.txt"), "file:///tmp/x%231.txt");
        assert_eq!(artifact_uri("../up.txt"), "../up.txt");
    }

    #[test]
    fn byte_offsets_only_for_utf8_files() {
        let text = "一、标题\n正文";
        let label = Label::new(crate::text::span::Span::new(13, 19), "正文");
        let mut report = FileReport::new("a.txt", text, vec![]);
        let region = |report: &FileReport| {
            let loc = location(report, "a.txt", &label, None);
            let r = loc.physical_location.region;
            (r.start_line, r.start_column, r.end_column, r.byte_offset)
        };
        assert_eq!(region(&report), (2, 1, 3, None));
        report.encoding = Some(SourceEncoding::Utf8);
        assert_eq!(region(&report), (2, 1, 3, Some(13)));
        report.encoding = Some(SourceEncoding::Utf8Bom);
        assert_eq!(region(&report), (2, 1, 3, Some(16)));
        report.encoding = Some(SourceEncoding::Gb18030);
        assert_eq!(region(&report), (2, 1, 3, None));
    }
}
