//! What every run of rl-lint must keep, whatever the input: no panic, every
//! span inside the text on character boundaries, line and column that agree
//! with the span, valid JSON, the same output for the same input, and fixes
//! that never split a character, never move a line break and are
//! idempotent. Each check panics when an invariant is broken.
//!
//! Shared by the property tests (`tests/properties.rs`), the replay of the
//! fuzz corpus (`tests/regressions.rs`) and the fuzz harness (`fuzz/`),
//! which includes this file with `#[path]`.

#![allow(dead_code)]

use rl_lint::engine::finding::Finding;
use rl_lint::engine::fix;
use rl_lint::engine::lint::Linter;
use rl_lint::input::decode_bytes;
use rl_lint::input::markdown::Syntax;
use rl_lint::packs::RuleSet;
use rl_lint::render::{self, FileReport, FullOptions};
use rl_lint::text::span::Span;
use std::sync::OnceLock;

/// The built-in packs, every rule, loaded once.
pub fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| {
        let rules = RuleSet::load(&[], true).expect("built-in packs load");
        Linter::new(rules, &[], &[]).expect("no selectors")
    })
}

/// 1-based line and character column of a byte offset, computed
/// independently of `textpos::LineIndex`.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

/// Every span of every finding (primary, related, fix edits) is valid.
pub fn check_spans(text: &str, findings: &[Finding]) {
    for f in findings {
        assert!(!f.message.is_empty(), "{}: empty message", f.rule);
        check_span(text, f.primary.span, &f.rule);
        for label in &f.related {
            check_span(text, label.span, &format!("{} (related)", f.rule));
        }
        for edit in &f.fix {
            check_span(text, edit.span, &format!("{} (fix)", f.rule));
        }
    }
    let starts: Vec<usize> = findings.iter().map(|f| f.primary.span.start).collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "not sorted: {starts:?}"
    );
}

/// The JSON output parses, has one item per finding, and its positions
/// agree with the offsets.
pub fn check_json(text: &str, findings: &[Finding]) {
    let report = FileReport::new("报告.txt", text, findings.to_vec());
    let json = render::json(&[report]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON output parses");
    let items = value.as_array().expect("a JSON array");
    assert_eq!(items.len(), findings.len());
    let number = |item: &serde_json::Value, key: &str| -> usize {
        item[key]
            .as_u64()
            .unwrap_or_else(|| panic!("`{key}` in {item}")) as usize
    };
    for item in items {
        let (offset, length) = (number(item, "offset"), number(item, "length"));
        assert_eq!(
            (number(item, "line"), number(item, "column")),
            position(text, offset),
            "line/column of {item}"
        );
        assert_eq!(
            (number(item, "end_line"), number(item, "end_column")),
            position(text, offset + length),
            "end of {item}"
        );
        for related in item["related"].as_array().expect("related") {
            assert_eq!(
                (number(related, "line"), number(related, "column")),
                position(text, number(related, "offset")),
                "related of {item}"
            );
        }
    }
}

/// The other output formats render without panicking.
pub fn check_renderers(text: &str, findings: &[Finding]) {
    let reports = [FileReport::new("报告.md", text, findings.to_vec())];
    let rules = &linter().rules;
    for width in [40, 100] {
        let options = FullOptions {
            color: false,
            width,
        };
        let _ = render::full(&reports[0], options);
    }
    let _ = render::concise(&reports);
    let _ = render::github(&reports);
    let sarif = render::sarif(&reports, rules);
    serde_json::from_str::<serde_json::Value>(&sarif).expect("SARIF parses");
    let _ = render::statistics(&reports, rules);
    let stats = render::statistics_json(&reports);
    serde_json::from_str::<serde_json::Value>(&stats).expect("statistics parse");
}

/// Lints `text` twice (same findings both times) and checks every
/// invariant of the findings and of the outputs; returns the findings.
pub fn check_text(text: &str, syntax: Syntax) -> Vec<Finding> {
    match syntax {
        Syntax::Plain => check_document(text),
        Syntax::Markdown => check_markdown_mask(text),
    }
    let findings = linter().lint_file(text, syntax, &[]);
    check_spans(text, &findings);
    check_json(text, &findings);
    let again = linter().lint_file(text, syntax, &[]);
    assert_eq!(findings, again, "the same text gave different findings");
    findings
}

/// `--fix`: never panics, keeps every line break where it was, and fixing
/// the fixed text changes nothing more.
pub fn check_fix(text: &str, syntax: Syntax) {
    let fixed = fix::fix(linter(), text, syntax, &[]);
    check_spans(&fixed.text, &fixed.remaining);
    // Fixes change text within a line: every line keeps its number.
    let breaks = |t: &str| t.matches(['\n', '\r']).count();
    assert_eq!(
        breaks(&fixed.text),
        breaks(text),
        "fixing added or removed a line break"
    );
    if fixed.findings > 0 {
        let _ = render::diff("报告.txt", text, &fixed.text);
        let twice = fix::fix(linter(), &fixed.text, syntax, &[]);
        assert_eq!(twice.text, fixed.text, "fixing is not idempotent");
    }
}

/// Everything, from raw bytes: decoding either fails with an error or
/// gives text that lints with every invariant kept, as plain text and as
/// Markdown.
pub fn check_bytes(bytes: &[u8]) {
    let Ok(decoded) = decode_bytes(bytes, "报告.txt") else {
        return;
    };
    for syntax in [Syntax::Plain, Syntax::Markdown] {
        let findings = check_text(&decoded.text, syntax);
        check_renderers(&decoded.text, &findings);
        check_fix(&decoded.text, syntax);
    }
}

/// The document model of `text`: every span inside the text on character
/// boundaries, blocks in order and disjoint, the heading tree consistent.
pub fn check_document(text: &str) {
    use rl_lint::document::Document;
    let doc = Document::parse(text, None);
    let span = |s: Span, what: &str| check_span(text, s, what);
    let mut previous_end = 0;
    for block in &doc.blocks {
        span(block.span, "block");
        assert!(block.span.start >= previous_end, "blocks overlap");
        previous_end = block.span.end;
    }
    assert_eq!(doc.block_heading.len(), doc.blocks.len());
    for (i, heading) in doc.headings.iter().enumerate() {
        assert!(heading.block < doc.blocks.len());
        assert!(heading.parent.is_none_or(|p| p < i), "parent after child");
        span(heading.marker_span, "heading marker");
        span(heading.title_span, "heading title");
        span(heading.section_span(), "section");
        span(heading.body_span(), "section body");
    }
    if let Some(title) = &doc.title {
        span(title.span, "title");
        title.unit.into_iter().for_each(|s| span(s, "title unit"));
        title
            .year
            .into_iter()
            .for_each(|(_, s)| span(s, "title year"));
    }
    if let Some(year) = doc.year.and_then(|y| y.span) {
        span(year, "reported year");
    }
    span(Span::new(doc.closing.start, text.len()), "closing block");
    doc.closing
        .signer
        .into_iter()
        .for_each(|s| span(s, "signer"));
    if let Some(date) = &doc.closing.date {
        span(date.span, "date");
    }
}

/// The Markdown mask keeps the length, the line breaks and every character
/// boundary of the text, and the masked text parses like any other.
pub fn check_markdown_mask(text: &str) {
    let masked = rl_lint::input::markdown::mask(text);
    assert_eq!(masked.len(), text.len(), "mask changed the length");
    for (i, _) in text.char_indices() {
        assert!(
            masked.is_char_boundary(i),
            "mask split the character at {i}"
        );
    }
    for (a, b) in text.bytes().zip(masked.bytes()) {
        assert_eq!(a == b'\n', b == b'\n', "mask moved a line break");
    }
    check_document(&masked);
}
