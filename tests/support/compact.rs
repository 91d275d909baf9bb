//! The compact listing of findings that the snapshots store: one line per
//! finding, then what it says, indented:
//!
//! ```text
//! warning  format/heading-marker  3:1-4  应为「（一）」
//!   3处标题序号写作「(一)」这种形式，应为「（一）」
//!   + 5:1  应为「（二）」
//!   + 7:1  应为「（三）」
//!   fix: 3 edits
//! ```
//!
//! The first line is the severity, the rule, the primary span (`line:col`
//! to the end column, or to `line:col` on another line) and its label; the
//! message follows, then the related locations (`+`, those with the same
//! label in a row on one line) and the number of edits of the fix. It is
//! made from the `--format json` findings, so that a change in what a
//! finding says or where changes one line of one snapshot; the JSON shape
//! itself is pinned once, by the `formats.json-contract` snapshot.

use serde_json::Value;
use std::fmt::Write;

/// Related locations with the same label shown on one line, at most.
const PER_LINE: usize = 10;

/// The compact listing of `findings` (the `--format json` array).
pub fn compact(findings: &[Value]) -> String {
    let mut out = String::new();
    if findings.is_empty() {
        out.push_str("(no findings)\n");
    }
    for f in findings {
        let line = |v: &Value, key: &str| v[key].as_u64().unwrap_or(0);
        let (start_line, start_col) = (line(f, "line"), line(f, "column"));
        let (end_line, end_col) = (line(f, "end_line"), line(f, "end_column"));
        let end = if end_line == start_line {
            format!("{end_col}")
        } else {
            format!("{end_line}:{end_col}")
        };
        let _ = writeln!(
            out,
            "{:<7}  {}  {start_line}:{start_col}-{end}{}",
            text(f, "severity"),
            text(f, "rule"),
            with_label(text(f, "label")),
        );
        let _ = writeln!(out, "  {}", text(f, "message"));
        let related = f["related"].as_array().map_or(&[][..], Vec::as_slice);
        let mut i = 0;
        while i < related.len() {
            let label = text(&related[i], "label");
            let mut at = Vec::new();
            while i < related.len() && text(&related[i], "label") == label && at.len() < PER_LINE {
                at.push(format!(
                    "{}:{}",
                    line(&related[i], "line"),
                    line(&related[i], "column")
                ));
                i += 1;
            }
            let _ = writeln!(out, "  + {}{}", at.join(" "), with_label(label));
        }
        if let Some(edits) = f["fix"]["edits"].as_array() {
            let s = if edits.len() == 1 { "" } else { "s" };
            let _ = writeln!(out, "  fix: {} edit{s}", edits.len());
        }
    }
    out
}

/// The compact listing of the findings in `json` (rl-lint's `--format
/// json` output).
pub fn compact_json(json: &str) -> String {
    let value: Value = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("not the JSON of findings ({e}):\n{json}"));
    compact(value.as_array().expect("a JSON array"))
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or("")
}

fn with_label(label: &str) -> String {
    if label.is_empty() {
        String::new()
    } else {
        format!("  {label}")
    }
}
