//! Automatic fixes (`--fix`, `--diff`). Findings carry the edits that fix
//! them; this module applies the edits that do not collide, lints the new
//! text, and repeats until nothing more can be fixed. Encoding the text
//! back is `crate::input::encode`; writing the file is the command line's.

use crate::engine::lint::{Linter, Scope};
use crate::finding::{Edit, Finding};
use crate::input::markdown::Syntax;
use std::collections::BTreeMap;

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
    // The text as the rules read the current findings' text: masked once
    // per round, for both the lint and the guard for markup.
    let mut readable = syntax.readable(&text).into_owned();
    let mut findings = 0;
    let mut edits = 0;
    let mut current = first;
    for _ in 0..MAX_ROUNDS {
        let applied = match syntax {
            Syntax::Plain => apply(&text, &current),
            Syntax::Markdown => apply(
                &text,
                &without_markup_edits(&text, &readable, current.clone()),
            ),
        };
        if applied.findings == 0 {
            break;
        }
        text = applied.text;
        findings += applied.findings;
        edits += applied.edits;
        readable = syntax.readable(&text).into_owned();
        current = linter.lint_readable(&text, &readable, scope).0;
    }
    Fixed {
        text,
        findings,
        edits,
        remaining: current,
    }
}

/// Drops the fixes that would rewrite Markdown syntax: the rules saw it
/// masked as spaces in `readable`, so an edit over it would delete markup
/// it never read.
fn without_markup_edits(text: &str, readable: &str, mut findings: Vec<Finding>) -> Vec<Finding> {
    for finding in &mut findings {
        let touches_markup = finding.fix.iter().any(|edit| {
            text.get(edit.span.start..edit.span.end) != readable.get(edit.span.start..edit.span.end)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Label, Severity};
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
        let kept = without_markup_edits(text, &Syntax::Markdown.readable(text), findings);
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
}
