//! The `--format json` element of one finding, written by hand in exactly
//! the layout serde_json's pretty printer gives (two-space indent, `": "`
//! after keys, its string escapes). A report with a thousand fixable marks
//! has a thousand edits of seven fields each: serde's generic path (an
//! indent loop and a formatter call per token) was an eighth of a corpus'
//! time. Here each field is one copied literal (comma, break, indent, key)
//! and its value. A unit test holds the two byte for byte.

use super::{JsonEdit, JsonFinding, JsonRelated};

/// What comes before a field's value: the comma ending the field before
/// (none before the first), the line break, the indent of `depth` levels
/// and the key. One literal, so that a field costs one copy.
macro_rules! key {
    (first, $depth:tt, $key:literal) => {
        concat!("\n", indent!($depth), "\"", $key, "\": ")
    };
    ($depth:tt, $key:literal) => {
        concat!(",\n", indent!($depth), "\"", $key, "\": ")
    };
}

macro_rules! indent {
    (1) => {
        "  "
    };
    (2) => {
        "    "
    };
    (3) => {
        "      "
    };
    (4) => {
        "        "
    };
    (5) => {
        "          "
    };
}

fn number(out: &mut String, value: usize) {
    out.push_str(itoa::Buffer::new().format(value));
}

/// `value` as a JSON string, escaped as serde_json does: `"`, `\` and the
/// control characters; everything else (all of Unicode, DEL) as it is.
fn string(out: &mut String, value: &str) {
    out.push('"');
    let bytes = value.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0C => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..0x20 => "",
            _ => continue,
        };
        // `i` is an ASCII byte: a character boundary.
        out.push_str(&value[from..i]);
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push_str(escaped);
        }
        from = i + 1;
    }
    out.push_str(&value[from..]);
    out.push('"');
}

/// `f` as an element of the `--format json` array, two spaces in.
pub(super) fn finding_element(f: &JsonFinding) -> String {
    let edits = f.fix.as_ref().map_or(0, |fix| fix.edits.len());
    let mut out = String::with_capacity(640 + 160 * f.related.len() + 256 * edits);
    let o = &mut out;
    o.push_str(concat!(indent!(1), "{", key!(first, 2, "rule")));
    string(o, f.rule);
    o.push_str(key!(2, "severity"));
    string(o, f.severity.as_str());
    o.push_str(key!(2, "message"));
    string(o, f.message);
    o.push_str(key!(2, "help"));
    string(o, f.help);
    o.push_str(key!(2, "label"));
    string(o, f.label);
    o.push_str(key!(2, "path"));
    string(o, f.path);
    o.push_str(key!(2, "line"));
    number(o, f.line);
    o.push_str(key!(2, "column"));
    number(o, f.column);
    o.push_str(key!(2, "end_line"));
    number(o, f.end_line);
    o.push_str(key!(2, "end_column"));
    number(o, f.end_column);
    o.push_str(key!(2, "offset"));
    number(o, f.offset);
    o.push_str(key!(2, "length"));
    number(o, f.length);
    o.push_str(key!(2, "related"));
    if f.related.is_empty() {
        o.push_str("[]");
    } else {
        o.push('[');
        for (i, r) in f.related.iter().enumerate() {
            o.push_str(if i == 0 { "\n" } else { ",\n" });
            related(o, r);
        }
        o.push_str(concat!("\n", indent!(2), "]"));
    }
    if let Some(fix) = &f.fix {
        o.push_str(concat!(key!(2, "fix"), "{", key!(first, 3, "edits")));
        if fix.edits.is_empty() {
            o.push_str("[]");
        } else {
            o.push('[');
            for (i, e) in fix.edits.iter().enumerate() {
                o.push_str(if i == 0 { "\n" } else { ",\n" });
                edit(o, e);
            }
            o.push_str(concat!("\n", indent!(3), "]"));
        }
        o.push_str(concat!("\n", indent!(2), "}"));
    }
    o.push_str(concat!("\n", indent!(1), "}"));
    out
}

/// A related span, at depth 3 (in the finding's `related` array).
fn related(o: &mut String, r: &JsonRelated) {
    o.push_str(concat!(indent!(3), "{", key!(first, 4, "label")));
    string(o, r.label);
    o.push_str(key!(4, "line"));
    number(o, r.line);
    o.push_str(key!(4, "column"));
    number(o, r.column);
    o.push_str(key!(4, "offset"));
    number(o, r.offset);
    o.push_str(key!(4, "length"));
    number(o, r.length);
    o.push_str(concat!("\n", indent!(3), "}"));
}

/// An edit, at depth 4 (in the `edits` array of the finding's `fix`).
fn edit(o: &mut String, e: &JsonEdit) {
    o.push_str(concat!(indent!(4), "{", key!(first, 5, "content")));
    string(o, e.content);
    o.push_str(key!(5, "line"));
    number(o, e.line);
    o.push_str(key!(5, "column"));
    number(o, e.column);
    o.push_str(key!(5, "end_line"));
    number(o, e.end_line);
    o.push_str(key!(5, "end_column"));
    number(o, e.end_column);
    o.push_str(key!(5, "offset"));
    number(o, e.offset);
    o.push_str(key!(5, "length"));
    number(o, e.length);
    o.push_str(concat!("\n", indent!(4), "}"));
}

#[cfg(test)]
mod tests {
    use super::super::{array_element, JsonFix};
    use super::*;
    use crate::finding::Severity;

    /// Strings with everything serde_json escapes or leaves alone.
    const STRINGS: [&str; 7] = [
        "",
        "中文语句中有3处使用了半角标点（「(」「,」）",
        "quote \" backslash \\ slash / del \u{7f}",
        "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} end",
        "emoji 😀 and \u{2028}\u{feff}",
        "，",
        "C:\\path\\报告.docx",
    ];

    #[test]
    fn elements_are_what_serde_json_prints() {
        for (i, text) in STRINGS.iter().enumerate() {
            for shape in 0..4 {
                let related: Vec<JsonRelated> = (0..shape % 3)
                    .map(|k| JsonRelated {
                        label: STRINGS[(i + k) % STRINGS.len()],
                        line: k,
                        column: 10usize.pow(k as u32),
                        offset: usize::MAX - k,
                        length: 0,
                    })
                    .collect();
                let edits: Vec<JsonEdit> = (0..shape)
                    .map(|k| JsonEdit {
                        content: STRINGS[(i + 2 * k) % STRINGS.len()],
                        line: 1,
                        column: 99,
                        end_line: 100 + k,
                        end_column: 12345,
                        offset: 7,
                        length: 1,
                    })
                    .collect();
                let finding = JsonFinding {
                    rule: "format/halfwidth-punctuation",
                    severity: [Severity::Error, Severity::Warning, Severity::Info][shape % 3],
                    message: text,
                    help: STRINGS[(i + 1) % STRINGS.len()],
                    label: text,
                    path: "/tmp/报告 \"1\".txt",
                    line: shape,
                    column: 0,
                    end_line: 1 << 40,
                    end_column: 9,
                    offset: 10,
                    length: 19,
                    related,
                    fix: (shape != 1).then_some(JsonFix { edits }),
                };
                assert_eq!(finding_element(&finding), array_element(&finding));
            }
        }
    }
}
