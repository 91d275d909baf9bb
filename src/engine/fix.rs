//! Automatic fixes (`--fix`, `--diff`). Findings carry the edits that fix
//! them; this module applies the edits that do not collide, lints the new
//! text, and repeats until nothing more can be fixed. Then the text is
//! written back in the encoding the file was read in.

use crate::engine::finding::{Edit, Finding};
use crate::engine::lint::{Linter, Scope};
use crate::input::markdown::{self, Syntax};
use crate::input::SourceEncoding;
use std::collections::BTreeMap;
use std::path::Path;

/// Lint-and-fix rounds at most. One round fixes almost everything; the next
/// ones apply fixes that were held back because they touched text an
/// earlier fix changed. The bound stops two rules that undo each other.
const MAX_ROUNDS: usize = 10;

/// A report after fixing.
#[derive(Debug)]
pub struct Fixed {
    /// The fixed text.
    pub text: String,
    /// Findings fixed, over all rounds (an aggregated finding counts once).
    pub findings: usize,
    /// Places changed, over all rounds.
    pub edits: usize,
    /// The findings on the fixed text: what is left for a person.
    pub remaining: Vec<Finding>,
}

/// Fixes what the active rules (minus the per-file `ignore`) can fix in
/// `text`, written in `syntax`.
pub fn fix(linter: &Linter, text: &str, syntax: Syntax, ignore: &[String]) -> Fixed {
    let scope = Scope {
        syntax,
        ignore,
        ..Scope::default()
    };
    let first = linter.lint_scoped(text, &scope).0;
    fix_from(linter, text, &scope, first)
}

/// Fixes `text` as [`fix`] does, starting from its findings `first`
/// (which the caller has already, to show them).
pub fn fix_from(linter: &Linter, text: &str, scope: &Scope, first: Vec<Finding>) -> Fixed {
    let syntax = scope.syntax;
    let mut text = text.to_string();
    let mut findings = 0;
    let mut edits = 0;
    let mut current = first;
    for _ in 0..MAX_ROUNDS {
        let applied = match syntax {
            Syntax::Plain => apply(&text, &current),
            Syntax::Markdown => apply(&text, &without_markup_edits(&text, current.clone())),
        };
        if applied.findings == 0 {
            break;
        }
        text = applied.text;
        findings += applied.findings;
        edits += applied.edits;
        current = linter.lint_scoped(&text, scope).0;
    }
    Fixed {
        text,
        findings,
        edits,
        remaining: current,
    }
}

/// Drops the fixes that would rewrite Markdown syntax: the rules saw it
/// masked as spaces, so an edit over it would delete markup it never read.
fn without_markup_edits(text: &str, mut findings: Vec<Finding>) -> Vec<Finding> {
    let masked = markdown::mask(text);
    for finding in &mut findings {
        let touches_markup = finding.fix.iter().any(|edit| {
            text.get(edit.span.start..edit.span.end) != masked.get(edit.span.start..edit.span.end)
        });
        if touches_markup {
            finding.fix.clear();
        }
    }
    findings
}

/// The result of one round of [`apply`].
#[derive(Debug, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    pub findings: usize,
    pub edits: usize,
}

/// Applies the fixes of `findings`, in order. A fix is applied whole or not
/// at all: it is held back when one of its edits overlaps an edit already
/// taken, changes nothing, or would add or remove a line break (which
/// would move every line number after it).
pub fn apply(text: &str, findings: &[Finding]) -> Applied {
    // Accepted edits by start offset: (end, replacement).
    let mut accepted: BTreeMap<usize, (usize, &str)> = BTreeMap::new();
    let mut fixed_findings = 0;
    for finding in findings {
        let mut taken: BTreeMap<usize, (usize, &str)> = BTreeMap::new();
        let fits = finding.fix.iter().all(|edit| {
            let fits =
                is_applicable(text, edit) && !overlaps(&accepted, edit) && !overlaps(&taken, edit);
            taken.insert(edit.span.start, (edit.span.end, &edit.content));
            fits
        });
        if fits && !taken.is_empty() {
            accepted.append(&mut taken);
            fixed_findings += 1;
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (&start, &(end, content)) in &accepted {
        out.push_str(&text[copied..start]);
        out.push_str(content);
        copied = end;
    }
    out.push_str(&text[copied..]);
    Applied {
        text: out,
        findings: fixed_findings,
        edits: accepted.len(),
    }
}

/// The edit lies inside `text` on character boundaries, changes something,
/// and keeps the line breaks where they are.
fn is_applicable(text: &str, edit: &Edit) -> bool {
    let is_break = |c: char| c == '\n' || c == '\r';
    text.get(edit.span.start..edit.span.end)
        .is_some_and(|old| old != edit.content && !old.contains(is_break))
        && !edit.content.contains(is_break)
}

/// Whether `edit` overlaps one of `edits` (two insertions at the same place
/// overlap too: their order would be arbitrary).
fn overlaps(edits: &BTreeMap<usize, (usize, &str)>, edit: &Edit) -> bool {
    let span = edit.span;
    edits.contains_key(&span.start)
        || edits
            .range(..span.end)
            .next_back()
            .is_some_and(|(_, &(end, _))| end > span.start)
}

/// Why a fixed report could not be written back.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write the fixed report to {path}: {reason}")]
#[diagnostic(
    code(rl_lint::write),
    help("the file is unchanged; check that it is not read-only and that its folder is writable")
)]
pub struct WriteError {
    pub path: String,
    pub reason: String,
}

/// Encodes `text` the way the file was stored: same encoding, same BOM.
/// (Line endings were never changed.)
pub fn encode(text: &str, encoding: SourceEncoding) -> Option<Vec<u8>> {
    const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
    let bytes = match encoding {
        SourceEncoding::Utf8 => text.as_bytes().to_vec(),
        SourceEncoding::Utf8Bom => [UTF8_BOM, text.as_bytes()].concat(),
        SourceEncoding::Utf16LeBom => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect(),
        SourceEncoding::Utf16BeBom => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect(),
        SourceEncoding::Gb18030 => {
            let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
            if unmappable {
                return None;
            }
            bytes.into_owned()
        }
        // A .docx is read as text; rl-lint does not write Word documents.
        SourceEncoding::Docx => return None,
    };
    Some(bytes)
}

/// Writes the fixed `text` to `path` in `encoding`. The text goes to a new
/// file beside the report, which then replaces it: a failed write (a full
/// disk) leaves the report as it was. A read-only report is not replaced.
pub fn write_back(path: &Path, text: &str, encoding: SourceEncoding) -> Result<(), WriteError> {
    let error = |reason: String| WriteError {
        path: path.display().to_string(),
        reason,
    };
    let bytes = encode(text, encoding)
        .ok_or_else(|| error(format!("the text cannot be encoded in {}", encoding.name())))?;
    // Through a symbolic link to the real file, so the link stays a link.
    let target = std::fs::canonicalize(path).map_err(|e| error(e.to_string()))?;
    let permissions = std::fs::metadata(&target)
        .map_err(|e| error(e.to_string()))?
        .permissions();
    if permissions.readonly() {
        return Err(error("the file is read-only".into()));
    }
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    // A name of its own for every write: reports are fixed in parallel,
    // and one file may be named twice (`a.txt`, `d/../a.txt`).
    static WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = target.with_file_name(format!(
        ".{name}.rl-lint-fix-{}-{write}",
        std::process::id()
    ));
    let written = std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::set_permissions(&temporary, permissions))
        .and_then(|()| std::fs::rename(&temporary, &target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(|e| error(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::finding::{Label, Severity};
    use crate::input::decode_bytes;
    use crate::text::span::Span;

    fn finding(edits: &[(usize, usize, &str)]) -> Finding {
        Finding {
            rule: "test/rule".into(),
            severity: Severity::Warning,
            message: String::new(),
            help: String::new(),
            primary: Label::new(Span::new(0, 0), ""),
            related: Vec::new(),
            fix: edits
                .iter()
                .map(|&(start, end, content)| Edit::new(Span::new(start, end), content))
                .collect(),
        }
    }

    #[test]
    fn markdown_syntax_is_never_rewritten() {
        let text = "## 一、标题\n2023年**02**月2日(一)";
        let bold = text.find("**02**").unwrap();
        let paren = text.find("(一)").unwrap();
        let findings = vec![
            // An edit over `**02**` would delete the bold markers.
            finding(&[(bold, bold + "**02**".len(), "2")]),
            finding(&[(paren, paren + "(一)".len(), "（一）")]),
        ];
        let kept = without_markup_edits(text, findings);
        assert!(kept[0].fix.is_empty());
        assert_eq!(kept[1].fix.len(), 1);
        assert_eq!(
            apply(text, &kept).text,
            "## 一、标题\n2023年**02**月2日（一）"
        );
    }

    #[test]
    fn applies_edits_of_several_findings() {
        let text = "学习,贯彻:落实";
        let comma = text.find(',').unwrap();
        let colon = text.find(':').unwrap();
        let applied = apply(
            text,
            &[
                finding(&[(comma, comma + 1, "，"), (colon, colon + 1, "：")]),
                finding(&[(0, "学习".len(), "学好")]),
                finding(&[]),
            ],
        );
        assert_eq!(applied.text, "学好，贯彻：落实");
        assert_eq!((applied.findings, applied.edits), (2, 3));
    }

    #[test]
    fn a_fix_that_overlaps_an_earlier_one_is_held_back_whole() {
        let text = "2023年02月02日,";
        let date = "2023年02月02日".len();
        let applied = apply(
            text,
            &[
                finding(&[(0, date, "2023年2月2日")]),
                // Overlaps the date: neither of its edits is applied.
                finding(&[(date, date + 1, "，"), (4, 5, "年")]),
            ],
        );
        assert_eq!(applied.text, "2023年2月2日,");
        assert_eq!(applied.findings, 1);
    }

    #[test]
    fn fixes_that_break_lines_or_change_nothing_are_held_back() {
        let text = "一、学法\r\n学习。";
        let applied = apply(
            text,
            &[
                finding(&[(0, 2, "x")]),                // not on a character boundary
                finding(&[(9, 12, "法\n")]),            // adds a line break
                finding(&[(12, 14, "")]),               // removes one
                finding(&[(0, "一、".len(), "一、")]),  // changes nothing
                finding(&[(99, 100, "x")]),             // past the end
                finding(&[(0, 3, "二"), (0, 3, "三")]), // collides with itself
            ],
        );
        assert_eq!(applied.text, text);
        assert_eq!(applied.findings, 0);
    }

    #[test]
    fn insertions_at_the_same_place_collide() {
        let applied = apply("ab", &[finding(&[(1, 1, "x")]), finding(&[(1, 1, "y")])]);
        assert_eq!(applied.text, "axb");
        // An insertion right after a replaced span does not collide with it.
        let applied = apply("ab", &[finding(&[(0, 1, "A")]), finding(&[(1, 1, "y")])]);
        assert_eq!(applied.text, "Ayb");
    }

    #[test]
    fn encodes_back_to_the_bytes_it_was_read_from() {
        let text = "某局2023年法治政府建设年度报告\r\n一、学法〈〉，";
        for encoding in [
            SourceEncoding::Utf8,
            SourceEncoding::Utf8Bom,
            SourceEncoding::Utf16LeBom,
            SourceEncoding::Utf16BeBom,
            SourceEncoding::Gb18030,
        ] {
            let bytes = encode(text, encoding).expect("encodable");
            let decoded = decode_bytes(&bytes, "test").expect("decodes");
            assert_eq!(decoded.text, text, "{encoding:?}");
            assert_eq!(decoded.encoding, encoding);
        }
        // Characters outside GBK still have a four-byte GB18030 form.
        let rare = "𠀀";
        let bytes = encode(rare, SourceEncoding::Gb18030).expect("encodable");
        assert_eq!(encoding_rs::GB18030.decode(&bytes).0, rare);
    }
}
