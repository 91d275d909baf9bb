//! `--fix` and `--diff` end to end: what is fixed in the seed reports (and
//! nothing else), idempotence, the diff against what `--fix` writes, files
//! written back in their own encoding, the `fix` object of the JSON output,
//! and every built-in rule's fix proven on its own `bad` examples.
//!
//! The seeds in `tests/fixtures` are never touched: every run works on a
//! copy in a temporary folder.

mod support;

use rl_lint::engine::fix::apply;
use rl_lint::engine::lint::lint_with;
use rl_lint::input::{decode_bytes, SourceEncoding};
use rl_lint::packs::RuleSet;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use support::cli::{bin, num_field, output, rule, run_in, Run};
use support::fixtures::{read_fixture, write, SEEDS};
use tempfile::TempDir;

/// The built-in rules that can fix what they find.
const FIXABLE: &[&str] = &[
    "core/date-malformed",
    "format/halfwidth-punctuation",
    "format/heading-marker",
    "format/nested-book-title",
    "wording/bushu",
    "wording/congress-full-name",
    "wording/decision-procedure-title",
    "wording/eleven-adherences",
    "wording/first-responsible-in-person",
    "wording/first-responsible-regulation-title",
    "wording/five-sphere-layout",
    "wording/four-comprehensives",
    "wording/four-confidences",
    "wording/four-consciousnesses",
    "wording/integral-unity",
    "wording/integrated-building",
    "wording/jiezhi",
    "wording/joint-advance",
    "wording/law-name",
    "wording/legal-review-term",
    "wording/meeting-numerals",
    "wording/old-sixteen-character-policy",
    "wording/party-central-core",
    "wording/plan-title-years",
    "wording/power-and-duty",
    "wording/rule-of-law-government-goal",
    "wording/rule-of-law-not-legal-system",
    "wording/sixteen-character-policy",
    "wording/strict-enforcement-order",
    "wording/supervision-regulation-title",
    "wording/three-enforcement-systems",
    "wording/two-establishments",
    "wording/two-safeguards",
    "wording/work-conference-name",
    "wording/xi-general-secretary",
    "wording/xi-rule-of-law-thought",
    "wording/xi-thought-name",
    "wording/zuochu",
];

/// `rl-lint ARGS FILES…`.
fn run_on(args: &[&str], files: &[&Path]) -> Run {
    output(bin().args(args).args(files))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("UTF-8 file")
}

/// (rule, line) of each finding, in order.
fn rule_lines(findings: &[Value]) -> Vec<(String, usize)> {
    findings
        .iter()
        .map(|f| (rule(f).to_string(), num_field(f, "line")))
        .collect()
}

/// The pairs (half-width or non-standard, standard) that a fix of the seeds
/// may write: punctuation, heading markers, nested book-title marks, and
/// the one character of a misquoted formulation.
const ALLOWED_CHANGES: &[(char, char)] = &[
    (',', '，'),
    (':', '：'),
    (';', '；'),
    ('(', '（'),
    (')', '）'),
    ('!', '！'),
    ('?', '？'),
    ('<', '〈'),
    ('>', '〉'),
    ('、', '.'),
    // bazhong-2022 quotes 「有权必有责、有责必担当、失责必追究」: the
    // regulation's wording is 「有责要担当」.
    ('必', '要'),
];

#[test]
fn seeds_lose_exactly_their_fixable_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in SEEDS {
        let seed = &format!("{name}.txt");
        let original = read_fixture(seed);
        let path = write(dir.path(), seed, original.as_bytes());
        let before = run_on(&["--format", "json"], &[&path]).findings();
        let fixable: Vec<&Value> = before.iter().filter(|f| f.get("fix").is_some()).collect();
        assert!(
            !fixable.is_empty(),
            "{seed}: every seed has half-width punctuation"
        );
        for f in &fixable {
            assert!(FIXABLE.contains(&rule(f)), "{seed}: {} has a fix", rule(f));
        }

        let out = run_on(&["--fix", "--format", "json"], &[&path]);
        let after = out.findings();
        assert!(
            out.stderr.contains("已自动修改") && out.stderr.contains(seed),
            "{seed}: {}",
            out.stderr
        );
        // What a person must fix is still reported, on the same lines.
        let unfixable: Vec<Value> = before
            .iter()
            .filter(|f| f.get("fix").is_none())
            .cloned()
            .collect();
        let expected = rule_lines(&unfixable);
        assert_eq!(rule_lines(&after), expected, "{seed}");
        let has_errors = after.iter().any(|f| f["severity"] == "error");
        assert_eq!(out.code, i32::from(has_errors), "{seed}");

        // The text changed only where a mark became its standard form.
        let fixed = read(&path);
        assert_ne!(fixed, original, "{seed}");
        assert_eq!(fixed.lines().count(), original.lines().count(), "{seed}");
        assert_eq!(fixed.chars().count(), original.chars().count(), "{seed}");
        for (was, now) in original.chars().zip(fixed.chars()) {
            assert!(
                was == now || ALLOWED_CHANGES.contains(&(was, now)),
                "{seed}: 「{was}」 became 「{now}」"
            );
        }
    }
}

#[test]
fn fixing_twice_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "gaozhou.txt",
        read_fixture("gaozhou-2020.txt").as_bytes(),
    );
    let first = run_on(&["--fix", "--color", "never"], &[&path]);
    assert!(first.stdout.contains("已自动修改"), "{}", first.stdout);
    let once = read(&path);

    let second = run_on(&["--fix", "--color", "never"], &[&path]);
    assert_eq!(read(&path), once);
    assert!(!second.stdout.contains("已自动修改"), "{}", second.stdout);
    assert!(!second.stdout.contains("--fix"), "{}", second.stdout);
    assert_eq!(second.code, first.code);

    let diff = run_on(&["--diff"], &[&path]);
    assert_eq!((diff.code, diff.stdout.as_str()), (0, ""));
}

/// Checks that `diff` turns `old` into `new`: every hunk removes lines of
/// `old` and adds the lines of `new` at the same place, and every line
/// outside the hunks is the same in both.
fn assert_diff_turns(diff: &str, path: &str, old: &str, new: &str) {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let mut lines = diff.lines();
    assert_eq!(lines.next(), Some(format!("--- {path}").as_str()));
    assert_eq!(lines.next(), Some(format!("+++ {path}").as_str()));
    let mut changed = BTreeSet::new();
    let (mut old_at, mut new_at) = (0, 0);
    for line in lines {
        if let Some(header) = line.strip_prefix("@@ -") {
            let start: usize = header
                .split([' ', ','])
                .next()
                .and_then(|n| n.parse().ok())
                .expect("hunk start");
            (old_at, new_at) = (start - 1, start - 1);
        } else if line == "\\ No newline at end of file" {
            continue;
        } else if let Some(removed) = line.strip_prefix('-') {
            assert_eq!(removed, old_lines[old_at], "line {}", old_at + 1);
            changed.insert(old_at);
            old_at += 1;
        } else if let Some(added) = line.strip_prefix('+') {
            assert_eq!(added, new_lines[new_at], "line {}", new_at + 1);
            new_at += 1;
        } else {
            panic!("unexpected diff line {line:?}");
        }
    }
    assert!(!changed.is_empty());
    for (i, (a, b)) in old_lines.iter().zip(&new_lines).enumerate() {
        assert_eq!(changed.contains(&i), a != b, "line {}", i + 1);
    }
}

#[test]
fn diff_shows_what_fix_writes_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    for seed in ["gaozhou-2020.txt", "lucheng-2021.txt"] {
        let original = read_fixture(seed);
        let path = write(dir.path(), seed, original.as_bytes());
        let diff = run_on(&["--diff"], &[&path]);
        assert_eq!(diff.code, 1, "{seed}: {}", diff.stderr);
        assert_eq!(read(&path), original, "{seed}: --diff wrote the file");
        // Only the diff on stdout: no findings, no summary.
        assert!(!diff.stdout.contains("个警告"), "{}", diff.stdout);

        run_on(&["--fix"], &[&path]);
        let shown = path.display().to_string();
        assert_diff_turns(&diff.stdout, &shown, &original, &read(&path));
    }
}

#[test]
fn fixed_files_keep_their_encoding_bom_and_line_endings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = read_fixture("gaozhou-2020.txt");
    let plain = write(dir.path(), "plain.txt", text.as_bytes());
    run_on(&["--fix"], &[&plain]);
    let fixed = read(&plain);

    let crlf = |s: &str| s.replace('\n', "\r\n");
    let utf16 = |s: &str, le: bool| -> Vec<u8> {
        std::iter::once(0xFEFF)
            .chain(s.encode_utf16())
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    };
    let gb18030 = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
    let cases: Vec<(&str, Vec<u8>, SourceEncoding, String)> = vec![
        (
            "gb18030-crlf.txt",
            gb18030(&crlf(&text)),
            SourceEncoding::Gb18030,
            crlf(&fixed),
        ),
        (
            "utf16le.txt",
            utf16(&text, true),
            SourceEncoding::Utf16LeBom,
            fixed.clone(),
        ),
        (
            "utf16be-crlf.txt",
            utf16(&crlf(&text), false),
            SourceEncoding::Utf16BeBom,
            crlf(&fixed),
        ),
        (
            "utf8-bom-crlf.txt",
            [b"\xEF\xBB\xBF".as_slice(), crlf(&text).as_bytes()].concat(),
            SourceEncoding::Utf8Bom,
            crlf(&fixed),
        ),
    ];
    for (name, bytes, encoding, expected) in cases {
        let path = write(dir.path(), name, &bytes);
        let out = run_on(&["--fix", "--format", "json"], &[&path]);
        assert!(out.code == 0 || out.code == 1, "{name}: {}", out.stderr);
        let written = std::fs::read(&path).expect("read back");
        let decoded = decode_bytes(&written, name).expect("decodes");
        assert_eq!(decoded.encoding, encoding, "{name}");
        assert!(decoded.text == expected, "{name}: not the fixed text");
    }
}

/// bazhong with its (correct) date written another way.
fn bazhong_dated(date: &str) -> String {
    let text = read_fixture("bazhong-2022.txt");
    assert!(text.contains("2023年2月2日"));
    text.replace("2023年2月2日", date)
}

#[test]
fn every_kind_of_fix_in_one_small_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = "某局2022年法治政府建设年度报告\n\
                  一.学法\n\
                  使用Office(WPS)软件,印发《关于贯彻《条例》的通知》。\n\
                  二.执法\n\
                  开展执法。\n\
                  某局\n\
                  2023年02月02日\n";
    let path = write(dir.path(), "report.txt", report.as_bytes());
    let out = run_on(&["--diff"], &[&path]);
    let shown = path.display();
    assert_eq!(
        out.stdout,
        format!(
            "--- {shown}\n+++ {shown}\n\
             @@ -2,3 +2,3 @@\n\
             -一.学法\n\
             -使用Office(WPS)软件,印发《关于贯彻《条例》的通知》。\n\
             -二.执法\n\
             +一、学法\n\
             +使用Office（WPS）软件，印发《关于贯彻〈条例〉的通知》。\n\
             +二、执法\n\
             @@ -7 +7 @@\n\
             -2023年02月02日\n\
             +2023年2月2日\n"
        )
    );
    assert_eq!(out.code, 1);
}

#[test]
fn dates_are_rewritten_in_the_standard_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    for written in [
        "2023年02月02日",
        "二〇二三年二月二日",
        "2023-02-02",
        "２０２３年２月２日",
    ] {
        let path = write(dir.path(), "dated.txt", bazhong_dated(written).as_bytes());
        let out = run_on(
            &[
                "--fix",
                "--format",
                "json",
                "--select",
                "core/date-malformed",
            ],
            &[&path],
        );
        assert_eq!((out.code, out.findings()), (0, vec![]), "{written}");
        assert_eq!(read(&path), bazhong_dated("2023年2月2日"), "{written}");
    }
    // A day that does not exist: only the writer knows which day was meant.
    let impossible = bazhong_dated("2023年2月30日");
    let path = write(dir.path(), "dated.txt", impossible.as_bytes());
    let out = run_on(
        &[
            "--fix",
            "--format",
            "json",
            "--select",
            "core/date-malformed",
        ],
        &[&path],
    );
    let findings = out.findings();
    assert_eq!(findings.len(), 1);
    assert_eq!(rule(&findings[0]), "core/date-malformed");
    assert!(findings[0].get("fix").is_none());
    assert_eq!(read(&path), impossible);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn select_limits_what_is_fixed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = read_fixture("gaozhou-2020.txt");
    let path = write(dir.path(), "gaozhou.txt", original.as_bytes());
    let out = run_on(
        &[
            "--fix",
            "--format",
            "json",
            "--select",
            "format/heading-marker",
        ],
        &[&path],
    );
    assert_eq!((out.code, out.findings()), (0, vec![]));
    let fixed = read(&path);
    assert!(original.contains("\n1、加强组织领导"));
    assert!(fixed.contains("\n1.加强组织领导"));
    assert!(!fixed.contains("\n(一)"));
    // The punctuation rule was not selected: its marks are untouched.
    assert_eq!(fixed.matches(',').count(), original.matches(',').count());

    let out = run_on(
        &[
            "--fix",
            "--ignore",
            "format/halfwidth-punctuation",
            "--format",
            "json",
        ],
        &[&path],
    );
    assert!(out.findings().iter().all(|f| f.get("fix").is_none()));
    assert_eq!(
        read(&path).matches(',').count(),
        original.matches(',').count()
    );
}

#[test]
fn json_edits_point_at_the_marks_they_replace() {
    let text = read_fixture("gaozhou-2020.txt");
    let lines: Vec<&str> = text.split('\n').collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "gaozhou.txt", text.as_bytes());
    let findings = run_on(&["--format", "json"], &[&path]).findings();
    let mut seen = BTreeSet::new();
    for finding in &findings {
        let Some(fix) = finding.get("fix") else {
            continue;
        };
        seen.insert(rule(finding).to_string());
        let edits = fix["edits"].as_array().expect("edits");
        assert!(!edits.is_empty());
        for edit in edits {
            let (offset, length) = (num_field(edit, "offset"), num_field(edit, "length"));
            let old = &text[offset..offset + length];
            let content = edit["content"].as_str().expect("content");
            // The line and columns name the same text as the byte span.
            let line = lines[num_field(edit, "line") - 1];
            assert_eq!(num_field(edit, "end_line"), num_field(edit, "line"));
            let by_column: String = line
                .chars()
                .skip(num_field(edit, "column") - 1)
                .take(num_field(edit, "end_column") - num_field(edit, "column"))
                .collect();
            assert_eq!(by_column, old);
            // Each character becomes its standard form, or stays.
            let standard: String = old
                .chars()
                .map(|c| {
                    ALLOWED_CHANGES
                        .iter()
                        .find(|&&(from, _)| from == c)
                        .map_or(c, |&(_, to)| to)
                })
                .collect();
            assert!(content != old && content == standard, "{old} → {content}");
        }
    }
    let expected: BTreeSet<String> = [
        "format/halfwidth-punctuation",
        "format/heading-marker",
        "format/nested-book-title",
    ]
    .map(String::from)
    .into();
    assert_eq!(seen, expected);
}

#[test]
fn full_output_counts_fixable_findings_and_reports_what_was_fixed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "xuwen.txt",
        read_fixture("xuwen-2024.txt").as_bytes(),
    );
    let shown = path.display().to_string();
    let before = run_on(&["--color", "never"], &[&path]);
    assert!(
        before
            .stdout
            .trim_end()
            .ends_with("2 个错误，5 个警告，1 条提示（其中 2 个可用 --fix 自动修改）"),
        "{}",
        before.stdout
    );
    let fixed = run_on(&["--color", "never", "--fix"], &[&path]);
    assert_eq!(fixed.code, 1);
    let tail: Vec<&str> = fixed.stdout.trim_end().lines().rev().take(2).collect();
    assert_eq!(tail[0], "2 个错误，3 个警告，1 条提示");
    assert!(
        tail[1].starts_with(&format!("已自动修改 {shown}：2 个问题，共 ")),
        "{}",
        tail[1]
    );
}

#[test]
fn unreadable_files_do_not_stop_the_others_from_being_fixed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = write(
        dir.path(),
        "good.txt",
        read_fixture("xuwen-2024.txt").as_bytes(),
    );
    let empty = write(dir.path(), "empty.txt", b"");
    let missing = dir.path().join("missing.txt");

    let diff = run_on(&["--diff"], &[&empty, &good, &missing]);
    assert_eq!(diff.code, 2);
    assert!(diff.stdout.starts_with(&format!("--- {}", good.display())));
    assert!(diff.stderr.contains("empty.txt") && diff.stderr.contains("missing.txt"));

    let fix = run_on(&["--fix", "--format", "json"], &[&empty, &good, &missing]);
    assert_eq!(fix.code, 2);
    assert_ne!(read(&good), read_fixture("xuwen-2024.txt"));
    assert!(std::fs::read(&empty).expect("still there").is_empty());
    assert!(!missing.exists());
}

#[test]
fn read_only_files_are_not_rewritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = read_fixture("xuwen-2024.txt");
    let path = write(dir.path(), "xuwen.txt", original.as_bytes());
    let mut permissions = std::fs::metadata(&path).expect("metadata").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).expect("make read-only");

    let out = run_on(&["--fix", "--format", "json"], &[&path]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    assert_eq!(read(&path), original);
    // Its findings are still reported, fixable ones included.
    let rules: BTreeSet<String> = out
        .findings()
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_string())
        .collect();
    assert!(rules.contains("format/heading-marker"), "{rules:?}");
    // Nothing left behind beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["xuwen.txt"]);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_stays_a_link_to_the_fixed_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = read_fixture("xuwen-2024.txt");
    let real = write(dir.path(), "real.txt", original.as_bytes());
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");

    let out = run_on(&["--fix", "--format", "json"], &[&link]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let meta = std::fs::symlink_metadata(&link).expect("link metadata");
    assert!(meta.file_type().is_symlink());
    assert_ne!(read(&real), original);
    assert_eq!(std::fs::read_dir(dir.path()).expect("read dir").count(), 2);
}

#[test]
fn diff_cannot_be_combined_with_fix_or_a_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = read_fixture("xuwen-2024.txt");
    let path = write(dir.path(), "xuwen.txt", original.as_bytes());
    for args in [&["--diff", "--fix"][..], &["--diff", "--format", "json"]] {
        let out = run_on(args, &[&path]);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
        assert_eq!(read(&path), original);
    }
}

/// Each `bad` example of a fixable rule, fixed, no longer makes the rule
/// fire: the fix really fixes what the rule reports. And only the rules in
/// `FIXABLE` offer fixes.
#[test]
fn every_fix_silences_its_rule_on_the_rule_examples() {
    let rules = RuleSet::load(&[], true).expect("built-in packs load");
    let mut with_fixes = BTreeSet::new();
    for rule in &rules.rules {
        for example in &rule.examples.bad {
            let findings = lint_with(&rules, [rule.as_ref()], example, Default::default());
            if findings.iter().all(|f| f.fix.is_empty()) {
                continue;
            }
            with_fixes.insert(rule.id.as_str());
            let applied = apply(example, &findings);
            assert!(applied.findings > 0, "{}: no fix applied", rule.id);
            let after = lint_with(&rules, [rule.as_ref()], &applied.text, Default::default());
            assert!(
                after.is_empty(),
                "{}: still fires after fixing {example:?} into {:?}",
                rule.id,
                applied.text
            );
        }
    }
    assert_eq!(with_fixes, FIXABLE.iter().copied().collect());
}

/// The `--diff` of a seed, as reviewers read it: every changed line with its
/// replacement. Run from a copy named like the seed, so the headers are stable.
#[test]
fn diff_snapshot_of_a_seed() {
    let dir = TempDir::new().expect("tempdir");
    let path = write(
        dir.path(),
        "lucheng-2021.txt",
        read_fixture("lucheng-2021.txt").as_bytes(),
    );
    let out = run_in(dir.path(), ["--diff", "lucheng-2021.txt"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let diff = out.stdout;
    snapshot!("fix.lucheng-2021.diff", diff);
    // The copy is untouched.
    assert_eq!(read(&path), read_fixture("lucheng-2021.txt"));
}
