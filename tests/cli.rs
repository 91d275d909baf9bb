//! End-to-end tests of the `rl-lint` binary: exit codes, JSON contract,
//! decoding of real reports in other encodings, mutated ("unseen") reports,
//! bad input, user rule packs, `--select`/`--ignore` and the summary line.
//!
//! The five seed reports in `tests/fixtures` are real, unedited reports; every
//! variant used here is generated from them inside a temporary folder.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::cli::{num_field, run, str_field, Run};
use support::fixtures::{fixture, read_fixture, seed_path, write_temp, CLEAN, SEEDS};
use support::invariants::position;

/// `rl-lint --format json <extra...> <file>`.
fn run_json(file: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<std::ffi::OsString> = vec!["--format".into(), "json".into()];
    args.extend(extra.iter().map(Into::into));
    args.push(file.into());
    run(args)
}

/// Lints `text` (written as UTF-8) with `--format json`; returns the exit
/// code and the findings.
fn lint_text(text: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    lint_bytes(text.as_bytes(), extra)
}

fn lint_bytes(bytes: &[u8], extra: &[&str]) -> (i32, Vec<Value>) {
    let (_dir, path) = write_temp("report.txt", bytes);
    let out = run_json(&path, extra);
    assert!(
        out.code == 0 || out.code == 1,
        "exit code {}; stderr:\n{}",
        out.code,
        out.stderr
    );
    let findings = out.findings();
    (out.code, findings)
}

fn lint_seed(name: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let out = run_json(&fixture(name), extra);
    assert!(
        out.code == 0 || out.code == 1,
        "{name}: exit code {}; stderr:\n{}",
        out.code,
        out.stderr
    );
    let findings = out.findings();
    (out.code, findings)
}

fn rule_ids_of(findings: &[Value]) -> BTreeSet<String> {
    findings
        .iter()
        .map(|f| str_field(f, "rule").to_string())
        .collect()
}

fn with_rule<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a Value> {
    findings
        .iter()
        .filter(|f| str_field(f, "rule") == rule)
        .collect()
}

fn one_with_rule<'a>(findings: &'a [Value], rule: &str) -> &'a Value {
    let hits = with_rule(findings, rule);
    assert_eq!(
        hits.len(),
        1,
        "expected exactly one {rule}, got {}:\n{}",
        hits.len(),
        pretty(findings)
    );
    hits[0]
}

fn core_ids(findings: &[Value]) -> BTreeSet<String> {
    rule_ids_of(findings)
        .into_iter()
        .filter(|id| id.starts_with("core/"))
        .collect()
}

fn pretty(findings: &[Value]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{} {} {}",
                f["line"], f["column"], f["rule"], f["message"]
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_has(findings: &[Value], rule: &str) {
    assert!(
        rule_ids_of(findings).contains(rule),
        "expected {rule} among:\n{}",
        pretty(findings)
    );
}

fn assert_lacks(findings: &[Value], rule: &str) {
    assert!(
        !rule_ids_of(findings).contains(rule),
        "did not expect {rule} among:\n{}",
        pretty(findings)
    );
}

/// Some finding of `rule` has `needle` in its message.
fn assert_message(findings: &[Value], rule: &str, needle: &str) {
    let hits = with_rule(findings, rule);
    assert!(
        hits.iter()
            .any(|f| str_field(f, "message").contains(needle)),
        "expected a {rule} finding mentioning {needle:?} among:\n{}",
        pretty(findings)
    );
}

/// 1-based line number of the first line of `text` that starts with `prefix`.
fn line_starting_with(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with {prefix:?}"))
        + 1
}

fn lines_of(text: &str) -> Vec<&str> {
    text.split('\n').collect()
}

// ---------------------------------------------------------------------------
// 1. Expected defects of each seed
// ---------------------------------------------------------------------------

#[test]
fn zhongshan_defects() {
    let (code, findings) = lint_seed("zhongshan-2020.txt", &[]);
    assert_eq!(code, 1);
    let web = with_rule(&findings, "hygiene/web-residue");
    let lines: Vec<usize> = web.iter().map(|f| num_field(f, "line")).collect();
    assert_eq!(lines, vec![1, 2, 4], "{}", pretty(&findings));
    for f in &web {
        assert_eq!(str_field(f, "severity"), "error");
    }
    assert_message(&findings, "hygiene/web-residue", "繁体版");
    assert_message(&findings, "hygiene/web-residue", "当前位置");
    assert_message(&findings, "hygiene/web-residue", "信息来源");
    for rule in [
        "core/signer-missing",
        "core/date-missing",
        "core/shortcomings-no-cause",
        "core/section-duplicate",
    ] {
        assert_has(&findings, rule);
    }
    assert_message(&findings, "core/shortcomings-no-cause", "存在的不足和原因");
    assert_message(&findings, "core/section-duplicate", "第一责任人");
}

#[test]
fn xuwen_defects() {
    let (code, findings) = lint_seed("xuwen-2024.txt", &[]);
    assert_eq!(code, 1);
    assert_has(&findings, "core/first-responsible-not-a-section");
    assert_lacks(&findings, "core/first-responsible-missing");
    assert_message(&findings, "format/enum-sequence", "六是");
    assert_message(&findings, "hygiene/malformed-number", "19.73.%");
    assert_message(&findings, "core/date-before-period-end", "2024年12月4日");
}

#[test]
fn gaozhou_defects() {
    let (code, findings) = lint_seed("gaozhou-2020.txt", &[]);
    assert_eq!(code, 1);
    for rule in [
        "core/first-responsible-missing",
        "core/shortcomings-no-cause",
        "format/unpaired-mark",
        "format/nested-book-title",
    ] {
        assert_has(&findings, rule);
    }
    assert_message(&findings, "format/heading-marker", "1、");
    assert_message(&findings, "hygiene/percent-over-100", "218.36");
    assert_message(&findings, "core/date-before-period-end", "2020年12月24日");
    assert_lacks(&findings, "core/first-responsible-not-a-section");
}

#[test]
fn bazhong_defects() {
    let (code, findings) = lint_seed("bazhong-2022.txt", &[]);
    assert_eq!(code, 1);
    assert_has(&findings, "core/title-missing");
    for id in rule_ids_of(&findings) {
        let forbidden =
            (id.starts_with("core/") && id.ends_with("-missing") && id != "core/title-missing")
                || id == "core/shortcomings-no-cause"
                || id.starts_with("core/signer-")
                || id.starts_with("core/date-")
                || id == "core/plan-year-mismatch"
                || id.starts_with("core/first-responsible-");
        assert!(
            !forbidden,
            "bazhong should not have {id}:\n{}",
            pretty(&findings)
        );
    }
    // The only error is the missing title.
    let errors: Vec<&str> = findings
        .iter()
        .filter(|f| str_field(f, "severity") == "error")
        .map(|f| str_field(f, "rule"))
        .collect();
    assert_eq!(errors, vec!["core/title-missing"], "{}", pretty(&findings));
}

#[test]
fn lucheng_defects() {
    let (code, findings) = lint_seed("lucheng-2021.txt", &[]);
    assert_eq!(code, 1);
    for rule in [
        "core/title-missing",
        "core/signer-missing",
        "core/date-missing",
        "hygiene/merged-paragraphs",
        "hygiene/table-residue",
    ] {
        assert_has(&findings, rule);
    }
    let mismatch = one_with_rule(&findings, "core/plan-year-mismatch");
    let message = str_field(mismatch, "message");
    assert!(
        message.contains("2021") && message.contains("2022"),
        "{message}"
    );
}

// ---------------------------------------------------------------------------
// 2. JSON invariants
// ---------------------------------------------------------------------------

/// Checks one finding (or related label) position against the text.
fn check_json_span(
    text: &str,
    offset: usize,
    length: usize,
    line: usize,
    column: usize,
    what: &str,
) {
    assert!(
        offset + length <= text.len(),
        "{what}: span {offset}+{length} past end of text ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(offset) && text.is_char_boundary(offset + length),
        "{what}: span {offset}+{length} is not on char boundaries"
    );
    assert_eq!(
        position(text, offset),
        (line, column),
        "{what}: line/column"
    );
}

fn check_json_invariants(path_shown: &str, text: &str, findings: &[&Value]) {
    let mut last_offset = 0;
    for f in findings {
        let what = format!("{path_shown}: {} at {}", f["rule"], f["offset"]);
        for key in ["rule", "message", "help", "label", "path"] {
            assert!(f[key].is_string(), "{what}: `{key}` missing");
        }
        assert!(
            matches!(str_field(f, "severity"), "error" | "warning" | "info"),
            "{what}: severity"
        );
        assert!(!str_field(f, "message").is_empty(), "{what}: empty message");
        let offset = num_field(f, "offset");
        let length = num_field(f, "length");
        check_json_span(
            text,
            offset,
            length,
            num_field(f, "line"),
            num_field(f, "column"),
            &what,
        );
        assert_eq!(
            position(text, offset + length),
            (num_field(f, "end_line"), num_field(f, "end_column")),
            "{what}: end_line/end_column"
        );
        for r in f["related"].as_array().expect("related is an array") {
            assert!(r["label"].is_string(), "{what}: related label");
            check_json_span(
                text,
                num_field(r, "offset"),
                num_field(r, "length"),
                num_field(r, "line"),
                num_field(r, "column"),
                &format!("{what} (related)"),
            );
        }
        assert!(offset >= last_offset, "{what}: not sorted by offset");
        last_offset = offset;
    }
}

#[test]
fn json_invariants_for_every_seed() {
    let paths: Vec<PathBuf> = SEEDS.iter().map(|s| seed_path(s)).collect();
    let mut args: Vec<std::ffi::OsString> = vec!["--format".into(), "json".into()];
    args.extend(paths.iter().map(Into::into));
    let out = run(args);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.findings();

    // Sorted by path, then offset.
    let keys: Vec<(String, usize)> = findings
        .iter()
        .map(|f| (str_field(f, "path").to_string(), num_field(f, "offset")))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "findings are not sorted by path then offset");

    for (seed, path) in SEEDS.iter().zip(&paths) {
        let shown = path.display().to_string();
        let text = support::fixtures::seed(seed);
        let mine: Vec<&Value> = findings
            .iter()
            .filter(|f| str_field(f, "path") == shown)
            .collect();
        assert!(!mine.is_empty(), "{seed}: no findings");
        check_json_invariants(seed, &text, &mine);
    }
}

#[test]
fn json_invariants_on_one_line_and_crlf_str_field() {
    // A report on one line (lucheng) and one with CRLF line ends.
    let crlf = read_fixture("gaozhou-2020.txt").replace('\n', "\r\n");
    let one_line = lines_of(&read_fixture("bazhong-2022.txt")).join(" ");
    for text in [crlf, one_line] {
        let (_, findings) = lint_text(&text, &[]);
        let refs: Vec<&Value> = findings.iter().collect();
        check_json_invariants("variant", &text, &refs);
    }
}

#[test]
fn exit_code_follows_error_severity() {
    for seed in SEEDS {
        let (code, findings) = lint_seed(&format!("{seed}.txt"), &[]);
        let errors = findings.iter().any(|f| str_field(f, "severity") == "error");
        assert_eq!(code, i32::from(errors), "{seed}");
    }
}

// ---------------------------------------------------------------------------
// 3. Unseen reports: mutations of the seeds
// ---------------------------------------------------------------------------

/// bazhong without its 三、…第一责任人… section.
fn bazhong_without_first_responsible() -> String {
    let text = read_fixture("bazhong-2022.txt");
    let lines = lines_of(&text);
    let start = lines
        .iter()
        .position(|l| l.starts_with("三、") && l.contains("第一责任人"))
        .expect("三、 heading");
    let end = lines
        .iter()
        .position(|l| l.starts_with("四、"))
        .expect("四、 heading");
    assert!(start < end);
    let mut kept = lines[..start].to_vec();
    kept.extend_from_slice(&lines[end..]);
    kept.join("\n")
}

#[test]
fn mutation_first_responsible_removed() {
    let text = bazhong_without_first_responsible();
    assert!(!text.contains("第一责任人"));
    let (code, findings) = lint_text(&text, &[]);
    assert_eq!(code, 1);
    let missing = one_with_rule(&findings, "core/first-responsible-missing");
    assert_eq!(str_field(missing, "severity"), "error");
    assert_eq!(
        num_field(missing, "line"),
        line_starting_with(&text, "四、"),
        "the missing part is placed before the plan heading"
    );
    assert_lacks(&findings, "core/first-responsible-not-a-section");
}

#[test]
fn mutation_plan_year_wrong() {
    let text = read_fixture("bazhong-2022.txt");
    assert!(text.contains("四、2023年度"));
    let text = text.replace("四、2023年度", "四、2022年度");
    let (code, findings) = lint_text(&text, &[]);
    assert_eq!(code, 1);
    let mismatch = one_with_rule(&findings, "core/plan-year-mismatch");
    assert_eq!(
        num_field(mismatch, "line"),
        line_starting_with(&text, "四、")
    );
    let message = str_field(mismatch, "message");
    assert!(
        message.contains("2022") && message.contains("2023"),
        "{message}"
    );
}

#[test]
fn mutation_date_removed() {
    let text = read_fixture("bazhong-2022.txt");
    let lines = lines_of(text.trim_end());
    assert_eq!(*lines.last().unwrap(), "2023年2月2日");
    let text = lines[..lines.len() - 1].join("\n");
    let (code, findings) = lint_text(&text, &[]);
    assert_eq!(code, 1);
    assert_has(&findings, "core/date-missing");
    assert_lacks(&findings, "core/signer-missing");
    assert_eq!(
        core_ids(&findings),
        BTreeSet::from(["core/title-missing".into(), "core/date-missing".into()]),
        "{}",
        pretty(&findings)
    );
}

#[test]
fn mutation_date_malformed_and_late() {
    let text = read_fixture("bazhong-2022.txt");
    assert!(text.contains("2023年2月2日"));

    let padded = text.replace("2023年2月2日", "2023年02月02日");
    let (_, findings) = lint_text(&padded, &[]);
    let malformed = one_with_rule(&findings, "core/date-malformed");
    assert!(
        str_field(malformed, "message").contains("2023年02月02日"),
        "{}",
        pretty(&findings)
    );
    assert!(str_field(malformed, "help").contains("2023年2月2日"));
    assert_eq!(
        num_field(malformed, "line"),
        line_starting_with(&padded, "2023年02月02日")
    );
    assert_lacks(&findings, "core/date-missing");

    let late = text.replace("2023年2月2日", "2023年5月8日");
    let (_, findings) = lint_text(&late, &[]);
    let after = one_with_rule(&findings, "core/date-after-deadline");
    assert!(str_field(after, "message").contains("2023年5月8日"));
    assert_lacks(&findings, "core/date-malformed");
    assert_lacks(&findings, "core/date-before-period-end");
}

#[test]
fn mutation_joined_onto_one_line() {
    let original = read_fixture("bazhong-2022.txt");
    let (_, before) = lint_text(&original, &[]);
    let joined = lines_of(&original).join(" ");
    assert!(!joined.contains('\n'));
    let (code, after) = lint_text(&joined, &[]);
    assert_eq!(code, 1);
    assert_eq!(core_ids(&after), core_ids(&before), "{}", pretty(&after));
    assert_eq!(
        core_ids(&after),
        BTreeSet::from(["core/title-missing".to_string()])
    );
    assert_has(&after, "hygiene/merged-paragraphs");
    assert_lacks(&after, "core/signer-missing");
    assert_lacks(&after, "core/date-missing");
}

#[test]
fn mutation_shortcomings_after_plan() {
    let text = read_fixture("bazhong-2022.txt");
    let lines = lines_of(&text);
    let start = line_starting_with(&text, "二、") - 1;
    let end = line_starting_with(&text, "三、") - 1;
    let signer = lines
        .iter()
        .position(|l| *l == "巴中市政务服务和大数据管理局")
        .expect("signer line");
    let mut moved: Vec<&str> = Vec::new();
    moved.extend_from_slice(&lines[..start]);
    moved.extend_from_slice(&lines[end..signer]);
    moved.extend_from_slice(&lines[start..end]);
    moved.extend_from_slice(&lines[signer..]);
    let moved = moved.join("\n");
    assert_eq!(moved.len(), text.len());

    let (_, findings) = lint_text(&moved, &[]);
    let order = with_rule(&findings, "core/section-order");
    assert!(!order.is_empty(), "{}", pretty(&findings));
    assert!(
        order
            .iter()
            .any(|f| str_field(f, "message").contains("存在的不足和原因")),
        "{}",
        pretty(&findings)
    );
    // The part is still there, just out of place.
    assert_lacks(&findings, "core/shortcomings-missing");
    assert_lacks(&findings, "core/shortcomings-no-cause");
}

/// Findings reduced to what must not depend on the file's encoding.
fn rule_offsets(findings: &[Value]) -> Vec<(String, usize, usize)> {
    findings
        .iter()
        .map(|f| {
            (
                str_field(f, "rule").to_string(),
                num_field(f, "offset"),
                num_field(f, "length"),
            )
        })
        .collect()
}

#[test]
fn gaozhou_in_gb18030_is_the_same_report() {
    let text = read_fixture("gaozhou-2020.txt");
    let (code_utf8, utf8) = lint_seed("gaozhou-2020.txt", &[]);
    let (bytes, _, had_errors) = encoding_rs::GB18030.encode(&text);
    assert!(!had_errors);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let (code, gb) = lint_bytes(&bytes, &[]);
    assert_eq!(code, code_utf8);
    assert_eq!(rule_offsets(&gb), rule_offsets(&utf8));
    // Messages quote the decoded text, not mojibake.
    assert_message(&gb, "hygiene/percent-over-100", "218.36");
}

#[test]
fn gaozhou_in_utf16le_with_bom_is_the_same_report() {
    let text = read_fixture("gaozhou-2020.txt");
    let (_, utf8) = lint_seed("gaozhou-2020.txt", &[]);
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let (code, utf16) = lint_bytes(&bytes, &[]);
    assert_eq!(code, 1);
    assert_eq!(rule_ids_of(&utf16), rule_ids_of(&utf8));
    assert_eq!(rule_offsets(&utf16), rule_offsets(&utf8));
}

#[test]
fn gaozhou_with_utf8_bom_and_crlf_is_the_same_report() {
    let text = read_fixture("gaozhou-2020.txt");
    let (_, utf8) = lint_seed("gaozhou-2020.txt", &[]);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    let (code, crlf) = lint_bytes(&bytes, &[]);
    assert_eq!(code, 1);
    assert_eq!(rule_ids_of(&crlf), rule_ids_of(&utf8));
    // Same places, as lines: CRLF shifts offsets but not line numbers.
    let lines = |fs: &[Value]| -> Vec<(String, usize)> {
        fs.iter()
            .map(|f| (str_field(f, "rule").to_string(), num_field(f, "line")))
            .collect()
    };
    assert_eq!(lines(&crlf), lines(&utf8));
}

#[test]
fn year_flag_overrides_the_reported_year() {
    // bazhong reports on 2022; told it is a 2021 report, the 2023 plan
    // heading and the 2023 date are both wrong.
    let (_, findings) = lint_seed("bazhong-2022.txt", &["--year", "2021"]);
    assert_message(&findings, "core/plan-year-mismatch", "2022");
    assert_has(&findings, "core/date-after-deadline");
}

// ---------------------------------------------------------------------------
// 4. Bad input: exit 2 with a clear message
// ---------------------------------------------------------------------------

/// Runs on one file in a temp folder; expects exit 2 and a stderr that
/// names the file and contains `needle`.
fn assert_bad_input(name: &str, bytes: &[u8], needle: &str) {
    let (_dir, path) = write_temp(name, bytes);
    let out = run([&path]);
    assert_eq!(
        out.code, 2,
        "{name}: stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert!(out.stderr.contains(name), "{name}: stderr:\n{}", out.stderr);
    assert!(
        out.stderr.contains(needle),
        "{name}: expected {needle:?} in stderr:\n{}",
        out.stderr
    );
    // When no file could be read, stdout must not claim 「未发现问题」.
    assert!(
        !out.stdout.contains("未发现问题"),
        "{name}: stdout:\n{}",
        out.stdout
    );
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-report.txt");
    let out = run([&path]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no-such-report.txt"), "{}", out.stderr);
    assert!(out.stderr.contains("cannot read"), "{}", out.stderr);
}

#[test]
fn empty_file() {
    assert_bad_input("empty.txt", b"", "is empty");
}

#[test]
fn whitespace_only_file() {
    assert_bad_input(
        "blank.txt",
        " \n\t\r\n\u{3000}\n".as_bytes(),
        "only whitespace",
    );
}

#[test]
fn png_file() {
    assert_bad_input(
        "scan.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        "PNG image",
    );
}

#[test]
fn undecodable_bytes() {
    assert_bad_input("latin.txt", b"abc \x80\x80\x80 def", "UTF-8");
}

#[test]
fn folder_without_reports_fails() {
    // A CI gate pointed at an empty or misspelt folder must not pass.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("reports");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("notes.yaml"), "a: 1").unwrap();
    let out = run([&folder]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.contains("no reports"), "{}", out.stderr);
    assert!(out.stderr.contains("reports"), "{}", out.stderr);
}

#[test]
fn good_file_and_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.txt");
    let good = fixture("bazhong-2022.txt");
    let out = run([
        std::ffi::OsString::from("--format"),
        "json".into(),
        good.clone().into(),
        missing.into(),
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("gone.txt"), "{}", out.stderr);
    let findings = out.findings();
    assert_has(&findings, "core/title-missing");
    let shown = good.display().to_string();
    assert!(findings.iter().all(|f| str_field(f, "path") == shown));
}

/// A minimal valid rule in pack `ems`, with `body` lines (indented by four
/// spaces) inserted before `message`.
fn ems_rule(id: &str, body: &str) -> String {
    format!(
        "  - id: {id}\n    severity: error\n{body}    message: 测试\n    help: 测试\n    basis: 测试\n    examples:\n      bad: [\"abc\"]\n      good: [\"xyz\"]\n"
    )
}

fn ems_pack(rules: &str) -> String {
    format!("pack: ems\ndescription: 测试\nrules:\n{rules}")
}

/// Runs bazhong with `--rules <pack>`; expects exit 2 and `needles` in stderr.
fn assert_bad_pack(pack_name: &str, yaml: &str, needles: &[&str]) -> String {
    let (_dir, pack) = write_temp(pack_name, yaml.as_bytes());
    let out = run([
        std::ffi::OsString::from("--rules"),
        pack.into(),
        fixture("bazhong-2022.txt").into(),
    ]);
    assert_eq!(
        out.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert!(out.stdout.is_empty(), "no report output:\n{}", out.stdout);
    assert!(out.stderr.contains(pack_name), "{}", out.stderr);
    for needle in needles {
        assert!(
            out.stderr.contains(needle),
            "expected {needle:?} in stderr:\n{}",
            out.stderr
        );
    }
    out.stderr
}

#[test]
fn pack_with_invalid_yaml() {
    let yaml = "pack: ems\ndescription: 测试\nrules:\n  - id: ems/x\n    kind: [unclosed\n";
    let stderr = assert_bad_pack("broken.yaml", yaml, &["line"]);
    assert!(
        stderr.contains("line 5") || stderr.contains("line 6") || stderr.contains("broken.yaml:5"),
        "{stderr}"
    );
}

#[test]
fn pack_with_unknown_kind() {
    let yaml = ems_pack(&ems_rule("ems/x", "    kind: no-such-kind\n"));
    assert_bad_pack("kind.yaml", &yaml, &["no-such-kind"]);
}

#[test]
fn pack_with_unknown_key() {
    let yaml = ems_pack(&ems_rule(
        "ems/x",
        "    kind: forbidden-pattern\n    patterns: [abc]\n    colour: red\n",
    ));
    assert_bad_pack("key.yaml", &yaml, &["colour"]);
}

#[test]
fn pack_with_invalid_regex() {
    let yaml = ems_pack(&ems_rule(
        "ems/x",
        "    kind: forbidden-pattern\n    patterns: [\"(abc\"]\n",
    ));
    assert_bad_pack("regex.yaml", &yaml, &["(abc", "regex"]);
}

#[test]
fn duplicate_rule_id_across_packs() {
    let dir = tempfile::tempdir().unwrap();
    let rule = ems_rule(
        "ems/dup",
        "    kind: forbidden-pattern\n    patterns: [abc]\n",
    );
    let first = dir.path().join("first.yaml");
    let second = dir.path().join("second.yaml");
    std::fs::write(&first, ems_pack(&rule)).unwrap();
    std::fs::write(&second, ems_pack(&rule)).unwrap();
    let out = run([
        std::ffi::OsString::from("--rules"),
        first.into(),
        "--rules".into(),
        second.into(),
        fixture("bazhong-2022.txt").into(),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("duplicate"), "{}", out.stderr);
    assert!(out.stderr.contains("ems/dup"), "{}", out.stderr);
    assert!(out.stderr.contains("first.yaml"), "{}", out.stderr);
    assert!(out.stderr.contains("second.yaml"), "{}", out.stderr);

    // Clashing with a built-in rule is caught too.
    let clash = ems_rule("core/title-missing", "    kind: title-present\n");
    assert_bad_pack(
        "clash.yaml",
        &ems_pack(&clash),
        &["duplicate", "core/title-missing"],
    );
}

#[test]
fn unknown_rule_in_select_and_ignore() {
    for option in ["--select", "--ignore"] {
        let out = run([
            std::ffi::OsString::from(option),
            "nosuch/rule".into(),
            fixture("bazhong-2022.txt").into(),
        ]);
        assert_eq!(out.code, 2, "{option}");
        assert!(out.stderr.contains("nosuch/rule"), "{}", out.stderr);
        assert!(out.stderr.contains(option), "{}", out.stderr);
        assert!(out.stdout.is_empty(), "{}", out.stdout);
    }
}

// ---------------------------------------------------------------------------
// 5. A user pack
// ---------------------------------------------------------------------------

const SAFETY_PACK: &str = r#"pack: ems
description: 应急管理部门年度报告的补充要求
parts:
  - name: safety
    label: 安全生产工作情况
    headings:
      - 安全生产
rules:
  - id: ems/safety-missing
    severity: error
    kind: required-part
    part: safety
    message: 缺少「安全生产工作情况」部分
    help: 增加一个一级标题，写明本年度安全生产工作情况
    basis: 应急管理部门年度报告要求
    examples:
      bad:
        - "某局2022年法治政府建设年度报告\n一、主要举措\n开展学法。"
      good:
        - "某局2022年法治政府建设年度报告\n一、主要举措\n开展学法。\n二、安全生产工作情况\n开展隐患排查。"
"#;

#[test]
fn user_pack_with_builtins() {
    let (_dir, pack) = write_temp("ems.yaml", SAFETY_PACK.as_bytes());
    let pack = pack.to_str().unwrap();
    let (code, findings) = lint_seed("bazhong-2022.txt", &["--rules", pack, "--select", "ems/"]);
    assert_eq!(code, 1);
    assert_eq!(
        rule_ids_of(&findings),
        BTreeSet::from(["ems/safety-missing".to_string()])
    );
    let f = one_with_rule(&findings, "ems/safety-missing");
    assert_eq!(str_field(f, "severity"), "error");
    assert!(str_field(f, "message").contains("安全生产工作情况"));

    // Without --select the built-in rules run as well.
    let (_, all) = lint_seed("bazhong-2022.txt", &["--rules", pack]);
    assert_has(&all, "ems/safety-missing");
    assert_has(&all, "core/title-missing");
}

#[test]
fn user_pack_without_builtins() {
    let (_dir, pack) = write_temp("ems.yaml", SAFETY_PACK.as_bytes());
    let pack = pack.to_str().unwrap();
    let (code, findings) = lint_seed("bazhong-2022.txt", &["--no-builtin", "--rules", pack]);
    assert_eq!(code, 1);
    assert_eq!(
        rule_ids_of(&findings),
        BTreeSet::from(["ems/safety-missing".to_string()])
    );

    // A report with the part passes.
    let text = format!(
        "{}\n五、安全生产工作情况\n全年开展隐患排查120次，整改隐患全部到位。",
        read_fixture("bazhong-2022.txt")
    );
    let (code, findings) = lint_text(&text, &["--no-builtin", "--rules", pack]);
    assert_eq!(code, 0, "{}", pretty(&findings));
    assert!(findings.is_empty(), "{}", pretty(&findings));

    // Built-in ids are unknown without the built-in packs.
    let out = run_json(
        &fixture("bazhong-2022.txt"),
        &["--no-builtin", "--rules", pack, "--select", "core/"],
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("core/"), "{}", out.stderr);
}

#[test]
fn user_pack_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ems.yaml"), SAFETY_PACK).unwrap();
    let folder = dir.path().to_str().unwrap();
    let (code, findings) = lint_seed("bazhong-2022.txt", &["--no-builtin", "--rules", folder]);
    assert_eq!(code, 1);
    assert_eq!(
        rule_ids_of(&findings),
        BTreeSet::from(["ems/safety-missing".to_string()])
    );
}

// ---------------------------------------------------------------------------
// 6. --select / --ignore
// ---------------------------------------------------------------------------

#[test]
fn select_by_prefix() {
    for seed in SEEDS {
        let (_, findings) = lint_seed(&format!("{seed}.txt"), &["--select", "format/"]);
        for id in rule_ids_of(&findings) {
            assert!(id.starts_with("format/"), "{seed}: {id}");
        }
    }
    // bazhong has only format warnings: exit 0.
    let (code, findings) = lint_seed("bazhong-2022.txt", &["--select", "format/"]);
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| str_field(f, "severity") != "error"));
    assert_eq!(code, 0, "{}", pretty(&findings));

    // Prefix without the slash, a full id, and a comma-separated list.
    let (_, findings) = lint_seed("gaozhou-2020.txt", &["--select", "format"]);
    assert!(rule_ids_of(&findings)
        .iter()
        .all(|id| id.starts_with("format/")));
    let (_, findings) = lint_seed(
        "gaozhou-2020.txt",
        &["--select", "core/first-responsible-missing"],
    );
    assert_eq!(
        rule_ids_of(&findings),
        BTreeSet::from(["core/first-responsible-missing".to_string()])
    );
    let (_, findings) = lint_seed(
        "gaozhou-2020.txt",
        &["--select", "hygiene/percent-over-100,format/unpaired-mark"],
    );
    assert_eq!(
        rule_ids_of(&findings),
        BTreeSet::from([
            "format/unpaired-mark".to_string(),
            "hygiene/percent-over-100".to_string()
        ])
    );
}

#[test]
fn ignore_by_prefix() {
    let (_, all) = lint_seed("zhongshan-2020.txt", &[]);
    assert!(rule_ids_of(&all)
        .iter()
        .any(|id| id.starts_with("hygiene/")));
    let (code, findings) = lint_seed("zhongshan-2020.txt", &["--ignore", "hygiene"]);
    assert_eq!(code, 1);
    assert!(rule_ids_of(&findings)
        .iter()
        .all(|id| !id.starts_with("hygiene/")));
    assert_eq!(
        findings.len(),
        all.iter()
            .filter(|f| !str_field(f, "rule").starts_with("hygiene/"))
            .count()
    );
    // Other packs are untouched.
    assert_has(&findings, "core/signer-missing");
    assert_has(&findings, "format/heading-marker");

    // Ignoring the only error leaves warnings: exit 0.
    let (code, findings) = lint_seed("bazhong-2022.txt", &["--ignore", "core/title-missing"]);
    assert_eq!(code, 0, "{}", pretty(&findings));
    assert!(!findings.is_empty());
}

#[test]
fn select_and_ignore_combined() {
    let (_, findings) = lint_seed(
        "gaozhou-2020.txt",
        &["--select", "format/", "--ignore", "format/heading-marker"],
    );
    let found = rule_ids_of(&findings);
    assert!(found.iter().all(|id| id.starts_with("format/")));
    assert!(!found.contains("format/heading-marker"));
    assert!(found.contains("format/nested-book-title"));
}

// ---------------------------------------------------------------------------
// 7. Full output and the summary line
// ---------------------------------------------------------------------------

fn expected_summary(findings: &[Value]) -> String {
    let count = |s: &str| {
        findings
            .iter()
            .filter(|f| str_field(f, "severity") == s)
            .count()
    };
    let mut parts = Vec::new();
    if count("error") > 0 {
        parts.push(format!("{} 个错误", count("error")));
    }
    if count("warning") > 0 {
        parts.push(format!("{} 个警告", count("warning")));
    }
    if count("info") > 0 {
        parts.push(format!("{} 条提示", count("info")));
    }
    if parts.is_empty() {
        return "未发现问题".to_string();
    }
    let fixable = findings.iter().filter(|f| f.get("fix").is_some()).count();
    let suffix = if fixable > 0 {
        format!("（其中 {fixable} 个可用 --fix 自动修改）")
    } else {
        String::new()
    };
    parts.join("，") + &suffix
}

#[test]
fn full_output_ends_with_summary() {
    for seed in SEEDS {
        let (code, findings) = lint_seed(&format!("{seed}.txt"), &[]);
        let out = run([
            std::ffi::OsString::from("--color"),
            "never".into(),
            seed_path(seed).into(),
        ]);
        assert_eq!(out.code, code, "{seed}");
        assert!(
            !out.stdout.contains('\u{1b}'),
            "{seed}: ANSI escapes with --color never"
        );
        let last = out.stdout.trim_end().lines().last().unwrap_or_default();
        assert_eq!(last, expected_summary(&findings), "{seed}");
        assert!(last.contains("个错误"), "{seed}: {last}");
        for id in rule_ids_of(&findings) {
            assert!(out.stdout.contains(&id), "{seed}: {id} not shown");
        }
    }
}

#[test]
fn full_output_summary_counts_all_files() {
    let paths = [fixture("bazhong-2022.txt"), fixture("xuwen-2024.txt")];
    let mut json_args: Vec<std::ffi::OsString> = vec!["--format".into(), "json".into()];
    json_args.extend(paths.iter().map(Into::into));
    let findings = run(json_args).findings();
    let mut full_args: Vec<std::ffi::OsString> = vec!["--color".into(), "never".into()];
    full_args.extend(paths.iter().map(Into::into));
    let out = run(full_args);
    assert_eq!(out.code, 1);
    let last = out.stdout.trim_end().lines().last().unwrap_or_default();
    assert_eq!(last, expected_summary(&findings));
}

#[test]
fn clean_report_passes() {
    let (_dir, path) = write_temp("clean.txt", CLEAN.as_bytes());
    let out = run_json(&path, &[]);
    let findings = out.findings();
    assert!(findings.is_empty(), "{}", pretty(&findings));
    assert_eq!(out.code, 0);

    let out = run([
        std::ffi::OsString::from("--color"),
        "never".into(),
        path.into(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("未发现问题"), "{}", out.stdout);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn plan_of_one_sentence_items_is_not_empty() {
    // A plan written as one-sentence items 「（一）……。」 has content.
    let text = CLEAN
        .replace(
            "（一）深入学习宣传习近平法治思想。组织干部职工开展专题学习，把学习贯彻工作引向深入。",
            "（一）深入学习宣传习近平法治思想，把学习贯彻工作引向深入。",
        )
        .replace(
            "（二）持续规范行政执法行为。加强执法人员培训，提高执法质量和效率。",
            "（二）持续规范行政执法行为，提高执法质量和效率。",
        );
    assert_ne!(text, CLEAN);
    let (_, findings) = lint_text(&text, &[]);
    // The plan part is found, and no other rule is affected.
    assert_lacks(&findings, "core/plan-missing");
    assert!(rule_ids_of(&findings).is_empty(), "{}", pretty(&findings));
    // A plan made of one-sentence sub-headings is not empty.
    assert_lacks(&findings, "core/section-empty");
}

#[test]
fn clean_report_broken_in_one_place() {
    // Each single defect is found in an otherwise clean report.
    let cases: &[(&str, &str, &str)] = &[
        ("2023年2月2日", "2022年12月2日", "core/date-before-period-end"),
        (
            "一是普法宣传的针对性不强，主要原因是宣传方式较为单一。二是执法队伍专业化水平不高，原因在于业务培训不够。",
            "一是普法宣传的针对性不强。二是执法队伍专业化水平不高。",
            "core/shortcomings-no-cause",
        ),
        ("四、2023年度", "四、2022年度", "core/plan-year-mismatch"),
        ("全年组织集中学法12次，", "全年组织集中学法12次,", "format/halfwidth-punctuation"),
        ("覆盖全体干部职工，", "覆盖率达120%，", "hygiene/percent-over-100"),
        ("（二）持续", "（三）持续", "format/heading-sequence"),
    ];
    for (from, to, rule) in cases {
        assert!(CLEAN.contains(from), "{from}");
        let text = CLEAN.replace(from, to);
        let (_, findings) = lint_text(&text, &[]);
        assert_eq!(
            rule_ids_of(&findings),
            BTreeSet::from([rule.to_string()]),
            "{from} → {to}:\n{}",
            pretty(&findings)
        );
    }
}
