//! Findings as the protocol shows them: diagnostics, quick fixes, hovers.
//! Every range comes from a finding's byte span through [`LineMap`], in
//! the encoding agreed with the client.

use super::position::{Encoding, LineMap};
use super::state::Analysis;
use crate::engine::{Checked, Engine};
use crate::finding::{Finding, Severity};
use crate::render::rule_docs;
use crate::text::span::Span;
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Range, TextEdit, Uri,
};
use std::str::FromStr;

/// Names a diagnostic's source in the editor.
pub const SOURCE: &str = "rl-lint";

pub fn diagnostics(
    uri: &Uri,
    checked: &Checked,
    lines: &LineMap,
    engine: &Engine,
    encoding: Encoding,
) -> Vec<Diagnostic> {
    checked
        .findings
        .iter()
        .map(|finding| diagnostic(uri, checked, lines, engine, encoding, finding))
        .collect()
}

fn diagnostic(
    uri: &Uri,
    checked: &Checked,
    lines: &LineMap,
    engine: &Engine,
    encoding: Encoding,
    finding: &Finding,
) -> Diagnostic {
    let text = &checked.text;
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(text, label.span, encoding)),
            message: label.text.clone(),
        })
        .collect();
    let mut message = finding.message.clone();
    let label = finding.primary.text.trim();
    if !label.is_empty() && !message.contains(label) {
        message.push('\n');
        message.push_str(label);
    }
    Diagnostic {
        range: lines.range(text, finding.primary.span, encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.clone())),
        code_description: engine
            .rules()
            .rule(&finding.rule)
            .and_then(|rule| rule_url(&rule.basis))
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A web address in a rule's basis (the text of the regulation), if the
/// pack gives one.
fn rule_url(basis: &str) -> Option<Uri> {
    let start = basis.find("https://").or_else(|| basis.find("http://"))?;
    let url: String = basis[start..]
        .chars()
        .take_while(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '）' | ')'))
        .collect();
    Uri::from_str(url.trim_end_matches(['.', ',', ';'])).ok()
}

/// The findings whose place overlaps `range` (or touches it, for an empty
/// range at the cursor), the narrowest first: a punctuation mark before
/// the paragraph it is in.
pub fn findings_at(analysis: &Analysis, range: Range, encoding: Encoding) -> Vec<&Finding> {
    let text = &analysis.checked.text;
    let wanted = analysis.lines.span(text, range, encoding);
    let mut found: Vec<&Finding> = analysis
        .checked
        .findings
        .iter()
        .filter(|f| overlaps(f.primary.span, wanted))
        .collect();
    found.sort_by_key(|f| f.primary.span.len());
    found
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The finding's safe fix as text edits.
pub fn fix_edits(analysis: &Analysis, finding: &Finding, encoding: Encoding) -> Vec<TextEdit> {
    let text = &analysis.checked.text;
    finding
        .fix
        .iter()
        .map(|edit| {
            TextEdit::new(
                analysis.lines.range(text, edit.span, encoding),
                edit.content.clone(),
            )
        })
        .collect()
}

/// One edit that turns `before` into `after`: the changed middle, between
/// their common start and end (the cursor and the rest of the buffer stay
/// put, unlike a replacement of the whole text).
pub fn whole_text_edit(before: &str, after: &str, lines: &LineMap, encoding: Encoding) -> TextEdit {
    let mut prefix = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(prefix) || !after.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = before.len().min(after.len()) - prefix;
    let mut suffix = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - suffix)
        || !after.is_char_boundary(after.len() - suffix)
    {
        suffix -= 1;
    }
    let span = Span::new(prefix, before.len() - suffix);
    TextEdit::new(
        lines.range(before, span, encoding),
        after[prefix..after.len() - suffix].to_string(),
    )
}

/// Markdown for a hover over the findings at one place: each one's
/// message, then its rule's `--explain` text.
pub fn hover_text(engine: &Engine, findings: &[&Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        if !out.is_empty() {
            out.push_str("\n\n---\n\n");
        }
        out.push_str(&format!("**{}** `{}`\n\n", finding.message, finding.rule));
        if !finding.help.is_empty() {
            out.push_str(&format!("{}\n\n", finding.help));
        }
        if let Some(rule) = engine.rules().rule(&finding.rule) {
            out.push_str("```text\n");
            out.push_str(&rule_docs::explain(rule));
            out.push_str("```\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;

    fn apply(before: &str, edit: &TextEdit) -> String {
        let lines = LineMap::new(before);
        let span = lines.span(before, edit.range, Encoding::Utf16);
        format!(
            "{}{}{}",
            &before[..span.start],
            edit.new_text,
            &before[span.end..]
        )
    }

    #[test]
    fn one_edit_covers_only_what_changed() {
        let before = "标题\n正文,正文,𠀀。\n落款\n";
        let after = "标题\n正文，正文，𠀀。\n落款\n";
        let edit = whole_text_edit(before, after, &LineMap::new(before), Encoding::Utf16);
        assert_eq!(edit.range.start, Position::new(1, 2));
        assert_eq!(edit.range.end, Position::new(1, 6));
        assert_eq!(apply(before, &edit), after);
        // Characters that share their first bytes are not split.
        for (before, after) in [
            ("中", "丰"),
            ("ab", "abc"),
            ("abc", "ab"),
            ("", "x"),
            ("同", "同"),
        ] {
            let edit = whole_text_edit(before, after, &LineMap::new(before), Encoding::Utf16);
            assert_eq!(apply(before, &edit), after);
        }
    }

    #[test]
    fn finds_a_url_in_the_basis() {
        let url = rule_url("《条例》第五条，见 https://www.gov.cn/zhengce/a.htm。").expect("url");
        assert_eq!(url.as_str(), "https://www.gov.cn/zhengce/a.htm");
        assert!(rule_url("《法治政府建设与责任落实督察工作规定》第二十五条").is_none());
    }
}
