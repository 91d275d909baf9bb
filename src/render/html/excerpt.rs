//! The line of a finding, or the Word cell it names, cut to a window
//! around the finding.

use super::*;
use crate::finding::{Finding, Label, Severity};
use crate::text::span::{floor_char_boundary, LineIndex, Span};
use maud::{html, Markup};

/// The widest excerpt of a line shown around a finding, in characters on
/// each side of it.
pub(super) const EXCERPT_CONTEXT: usize = 60;

/// The line of a finding with its span marked, cut to a window around it.
pub fn excerpt(text: &str, lines: &LineIndex, finding: &Finding) -> Markup {
    excerpt_of(text, lines, finding.primary.span, finding.severity)
}

/// The excerpt of a label: the cell it names in a Word table of the
/// report (「表格第4行第3列：27」), whose words are not in the text, or its
/// line.
pub(super) fn label_excerpt(report: &HtmlReport, label: &Label, severity: Severity) -> Markup {
    let cell = label.cell.and_then(|at| {
        report.tables.iter().find_map(|table| {
            let (r, c) = table.find_cell(at)?;
            Some((at, table.rows[r].cells[c].text.as_str()))
        })
    });
    match cell {
        Some((at, words)) => html! {
            span.excerpt {
                "表格第" (at.row) "行第" (at.column) "列："
                @if words.is_empty() { mark.(severity_class(severity)).pin { "⁁" } }
                @else { mark.(severity_class(severity)) { (words) } }
            }
        },
        None => excerpt_of(report.text, report.lines, label.span, severity),
    }
}

pub(super) fn excerpt_of(text: &str, lines: &LineIndex, span: Span, severity: Severity) -> Markup {
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
