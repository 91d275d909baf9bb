//! End-to-end tests of rl-lint in a writer's workflow: configuration files,
//! `rl-lint init`, folders, standard input and `rl-lint test-rules`.

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use support::cli::{bin, output, run_in, Run};
use support::fixtures::{fixture, CLEAN};
use tempfile::TempDir;

/// `rl-lint ARGS` in `dir`, fed `stdin`.
fn run_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    output(bin().current_dir(dir).args(args).write_stdin(stdin))
}

/// A drafts folder with the given files (path → text).
fn drafts(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn without_first_responsible() -> String {
    let start = CLEAN.find("三、党政").unwrap();
    let end = CLEAN.find("四、2023").unwrap();
    CLEAN[..start].to_string() + &CLEAN[end..].replacen("四、", "三、", 1)
}

fn with_padded_date() -> String {
    CLEAN.replace("2023年2月2日", "2023年02月02日")
}

// ---------------------------------------------------------------------------
// Folders and stdin
// ---------------------------------------------------------------------------

#[test]
fn folders_are_walked_for_txt_and_md_honouring_gitignore() {
    let missing = without_first_responsible();
    let dir = drafts(&[
        ("2022/a.txt", CLEAN),
        ("2022/b.md", &missing),
        ("2022/c.docx.txt.bak", "不是报告"),
        ("old/d.txt", &missing),
        (".gitignore", "old/\n"),
    ]);
    let out = run_in(dir.path(), ["--format", "json", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let paths: BTreeSet<String> = out
        .findings()
        .iter()
        .map(|f| f["path"].as_str().unwrap().replace('\\', "/"))
        .collect();
    assert_eq!(paths, BTreeSet::from(["2022/b.md".to_string()]));
    assert!(out.rules().contains("core/first-responsible-missing"));

    // No argument means the current folder.
    let out = run_in(dir.path(), ["--format", "json"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.findings().len(),
        run_in(dir.path(), ["--format", "json", "2022"])
            .findings()
            .len()
    );
}

#[test]
fn stdin_is_read_and_named_by_stdin_filename() {
    let dir = drafts(&[]);
    let missing = without_first_responsible();
    let out = run_with_stdin(
        dir.path(),
        &["--format", "json", "--stdin-filename", "drafts/x.txt", "-"],
        missing.as_bytes(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.findings();
    assert!(findings.iter().all(|f| f["path"] == "drafts/x.txt"));
    assert!(out.rules().contains("core/first-responsible-missing"));

    let out = run_with_stdin(dir.path(), &["-"], CLEAN.as_bytes());
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("未发现问题"), "{}", out.stdout);

    // GB18030 bytes on stdin are decoded like a file's.
    let (gbk, _, _) = encoding_rs::GB18030.encode(&missing);
    let out = run_with_stdin(dir.path(), &["--format", "json", "-"], &gbk);
    assert!(out.rules().contains("core/first-responsible-missing"));

    let out = run_with_stdin(dir.path(), &["-"], b"");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("empty"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

#[test]
fn config_in_a_parent_folder_is_found_and_applied() {
    let dir = drafts(&[
        (
            ".rl-lint.yaml",
            "ignore: [core/first-responsible-missing]\nseverity:\n  format/: error\n",
        ),
        ("sub/a.txt", &without_first_responsible()),
        (
            "sub/b.txt",
            &with_padded_date().replace("（二）规范", "(二)规范"),
        ),
    ]);
    let sub = dir.path().join("sub");
    let out = run_in(&sub, ["--format", "json", "a.txt", "b.txt"]);
    let findings = out.findings();
    assert!(!out.rules().contains("core/first-responsible-missing"));
    let severity_of = |rule: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule}"))["severity"]
            .clone()
    };
    // format/ rules are raised to errors; others keep their severity.
    assert_eq!(severity_of("format/heading-marker"), "error");
    assert_eq!(severity_of("core/date-malformed"), "warning");
    assert_eq!(out.code, 1, "{}", out.stdout);

    // --ignore on the command line replaces the file's list.
    let out = run_in(
        &sub,
        [
            "--format",
            "json",
            "--ignore",
            "core/date-malformed",
            "a.txt",
            "b.txt",
        ],
    );
    assert!(out.rules().contains("core/first-responsible-missing"));
    assert!(!out.rules().contains("core/date-malformed"));

    // --no-config ignores it.
    let out = run_in(&sub, ["--format", "json", "--no-config", "a.txt"]);
    assert!(out.rules().contains("core/first-responsible-missing"));
}

#[test]
fn severity_overrides_change_the_exit_code() {
    let dir = drafts(&[("a.txt", &without_first_responsible())]);
    assert_eq!(run_in(dir.path(), ["a.txt"]).code, 1);
    fs::write(
        dir.path().join(".rl-lint.yaml"),
        "severity:\n  core/: warning\n  core/first-responsible-missing: info\n",
    )
    .unwrap();
    let out = run_in(dir.path(), ["--format", "json", "a.txt"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let finding = out
        .findings()
        .into_iter()
        .find(|f| f["rule"] == "core/first-responsible-missing")
        .unwrap();
    // The longest matching selector wins.
    assert_eq!(finding["severity"], "info");
}

#[test]
fn per_file_ignores_and_exclude() {
    let missing = without_first_responsible();
    let dir = drafts(&[
        (
            ".rl-lint.yaml",
            "per-file-ignores:\n  \"*-draft.txt\": [core/first-responsible-missing]\nexclude:\n  - archive/\n",
        ),
        ("reports/a-draft.txt", &missing),
        ("reports/b.txt", &missing),
        ("archive/c.txt", &missing),
    ]);
    let out = run_in(dir.path(), ["--format", "json"]);
    let flagged: BTreeSet<String> = out
        .findings()
        .iter()
        .filter(|f| f["rule"] == "core/first-responsible-missing")
        .map(|f| f["path"].as_str().unwrap().replace('\\', "/"))
        .collect();
    assert_eq!(flagged, BTreeSet::from(["reports/b.txt".to_string()]));
    // An excluded file named explicitly is still linted.
    let out = run_in(dir.path(), ["--format", "json", "archive/c.txt"]);
    assert!(out.rules().contains("core/first-responsible-missing"));
}

#[test]
fn config_year_and_deadline() {
    let late = CLEAN.replace("2023年2月2日", "2023年3月20日");
    let dir = drafts(&[("a.txt", &late)]);
    assert!(!run_in(dir.path(), ["--format", "json", "a.txt"])
        .rules()
        .contains("core/date-after-deadline"));
    fs::write(dir.path().join(".rl-lint.yaml"), "deadline: \"03-01\"\n").unwrap();
    let out = run_in(dir.path(), ["--format", "json", "a.txt"]);
    let finding = out
        .findings()
        .into_iter()
        .find(|f| f["rule"] == "core/date-after-deadline")
        .expect("late under the configured deadline");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("2023年3月1日"),
        "{finding}"
    );

    fs::write(dir.path().join(".rl-lint.yaml"), "year: 2021\n").unwrap();
    let out = run_in(dir.path(), ["--format", "json", "a.txt"]);
    assert!(
        out.rules().contains("core/plan-year-mismatch"),
        "{:?}",
        out.rules()
    );
    // --year beats the file.
    let out = run_in(dir.path(), ["--format", "json", "--year", "2022", "a.txt"]);
    assert!(!out.rules().contains("core/plan-year-mismatch"));
}

#[test]
fn config_errors_point_at_the_yaml_line() {
    let dir = drafts(&[("a.txt", CLEAN)]);
    let config = dir.path().join(".rl-lint.yaml");
    for (yaml, needles) in [
        (
            "select: [core/]\nignroe: [format/]\n",
            &["unknown field `ignroe`", "2 │ ignroe"][..],
        ),
        (
            "ignore:\n  - core/plan-mising\n",
            &[
                "core/plan-mising",
                "did you mean `core/plan-missing`",
                "2 │",
            ][..],
        ),
        (
            "packs: [core, ./missing-pack.yaml]\n",
            &["./missing-pack.yaml", "neither"][..],
        ),
        ("deadline: 4月1日\n", &["MM-DD", "1 │ deadline"][..]),
        ("severity:\n  format/: loud\n", &["loud", "2 │"][..]),
        ("select: [core/\n", &["1 │"][..]),
    ] {
        fs::write(&config, yaml).unwrap();
        let out = run_in(dir.path(), ["a.txt"]);
        assert_eq!(out.code, 2, "{yaml}: {}", out.stderr);
        assert!(out.stdout.is_empty());
        for needle in needles {
            assert!(
                out.stderr.contains(needle),
                "{yaml}: no {needle:?} in\n{}",
                out.stderr
            );
        }
    }
    // An explicit --config that does not exist is an error too.
    fs::remove_file(&config).unwrap();
    let out = run_in(dir.path(), ["--config", "nope.yaml", "a.txt"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nope.yaml"), "{}", out.stderr);
}

#[test]
fn config_packs_load_local_rules_relative_to_the_file() {
    let pack = "pack: city
rules:
  - id: city/no-draft-mark
    severity: error
    kind: forbidden-pattern
    patterns: [征求意见稿]
    message: 正式报告不应含「征求意见稿」
    help: 删除
    basis: 本市要求
    examples:
      bad: [\"征求意见稿\"]
      good: [\"正式稿\"]
";
    let dir = drafts(&[
        ("config/.rl-lint.yaml", "packs: [core, packs/]\n"),
        ("config/packs/city.yaml", pack),
        (
            "a.txt",
            &CLEAN.replace("现将有关情况", "（征求意见稿）现将有关情况"),
        ),
    ]);
    let out = run_in(
        dir.path(),
        [
            "--format",
            "json",
            "--config",
            "config/.rl-lint.yaml",
            "a.txt",
        ],
    );
    assert_eq!(
        out.rules(),
        BTreeSet::from(["city/no-draft-mark".to_string()])
    );
    // Only the chosen built-in packs: format/ rules are not loaded.
    let out = run_in(
        dir.path(),
        [
            "--config",
            "config/.rl-lint.yaml",
            "--select",
            "format/",
            "a.txt",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("format/"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// rl-lint init
// ---------------------------------------------------------------------------

#[test]
fn init_writes_a_working_starter_and_never_overwrites() {
    let dir = drafts(&[("a.txt", CLEAN)]);
    let out = run_in(dir.path(), ["init"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written = fs::read_to_string(dir.path().join(".rl-lint.yaml")).unwrap();
    assert!(written.contains("per-file-ignores"));
    assert!(written.contains("deadline"));
    // The starter is a valid configuration.
    let out = run_in(dir.path(), ["a.txt"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    fs::write(dir.path().join(".rl-lint.yaml"), "# mine\n").unwrap();
    let out = run_in(dir.path(), ["init"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join(".rl-lint.yaml")).unwrap(),
        "# mine\n"
    );
    assert_eq!(run_in(dir.path(), ["init", "--force"]).code, 0);
    assert_eq!(
        fs::read_to_string(dir.path().join(".rl-lint.yaml")).unwrap(),
        written
    );
}

// ---------------------------------------------------------------------------
// rl-lint test-rules
// ---------------------------------------------------------------------------

/// The command end to end on one built-in pack file given by path (all of
/// them are proved once, in tests/examples.rs).
#[test]
fn test_rules_passes_on_a_good_pack() {
    let dir = drafts(&[]);
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/hygiene.yaml");
    let out = run_in(
        dir.path(),
        [
            "test-rules",
            "--no-builtin",
            pack.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("all passed"), "{}", out.stdout);
}

#[test]
fn test_rules_reports_failing_examples_with_lines() {
    let pack = "pack: ems
parts:
  - name: safety
    label: 安全生产工作情况
    headings: ['安全生产']
rules:
  - id: ems/safety-missing
    severity: error
    kind: required-part
    part: safety
    message: 缺少安全生产部分
    help: 增加一个一级标题，报告安全生产工作情况
    basis: 本省应急管理系统要求
    examples:
      bad:
        - \"某局2022年法治政府建设年度报告\\n一、主要举措\\n开展学法。\"
        - \"某局2022年法治政府建设年度报告\\n一、安全生产工作\\n开展检查。\"
      good:
        - \"某局2022年法治政府建设年度报告\\n一、安全生产工作\\n开展检查。\"
";
    let dir = drafts(&[("ems.yaml", pack)]);
    let out = run_in(dir.path(), ["test-rules", "ems.yaml"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("ems.yaml:17: ems/safety-missing: bad example did not fire"),
        "{}",
        out.stdout
    );
    // Only the named pack is tested, not the built-in ones.
    assert!(
        out.stdout.contains("1 rules, 3 examples: 1 failed"),
        "{}",
        out.stdout
    );

    let fixed = pack.replace(
        "        - \"某局2022年法治政府建设年度报告\\n一、安全生产工作\\n开展检查。\"\n      good:",
        "      good:",
    );
    fs::write(dir.path().join("ems.yaml"), fixed).unwrap();
    let out = run_in(dir.path(), ["test-rules", "ems.yaml"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    let out = run_in(dir.path(), ["test-rules", "nope.yaml"]);
    assert_eq!(out.code, 2);
}

#[test]
fn seed_fixture_lints_through_a_folder_like_a_file() {
    let seed = fixture("xuwen-2024.txt");
    let dir = tempfile::tempdir().unwrap();
    fs::copy(&seed, dir.path().join("xuwen-2024.txt")).unwrap();
    let by_folder = run_in(dir.path(), ["--format", "json", "."]);
    let by_file = run_in(dir.path(), ["--format", "json", "xuwen-2024.txt"]);
    assert_eq!(by_folder.stdout, by_file.stdout);
    assert_eq!(by_folder.code, by_file.code);
}

// ---------------------------------------------------------------------------
// The reference in docs/ stays true
// ---------------------------------------------------------------------------

/// The first fenced block after `marker` in the reference page `doc`
/// (under docs/).
fn doc_block(doc: &str, marker: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(doc);
    let text = fs::read_to_string(&path).unwrap();
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("docs/{doc} lacks {marker:?}"));
    let end = start + text[start..].find("```").expect("block end");
    text[start..end].to_string()
}

#[test]
fn documented_worked_pack_passes_test_rules() {
    let pack = doc_block("writing-packs.md", "# 应急管理系统补充规则");
    let dir = drafts(&[("my-pack.yaml", &pack)]);
    let out = run_in(dir.path(), ["test-rules", "my-pack.yaml"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "2 rules, 4 examples: all passed\n");
}

#[test]
fn documented_configuration_example_is_valid() {
    let config = doc_block("configuration.md", "# .rl-lint.yaml for a city");
    let dir = drafts(&[
        (".rl-lint.yaml", &config),
        ("rules/city.yaml", "pack: city\n"),
        ("a.txt", CLEAN),
    ]);
    let out = run_in(dir.path(), ["a.txt"]);
    assert!(out.code < 2, "{}{}", out.stdout, out.stderr);
}

#[test]
fn fix_rewrites_markdown_text_but_not_its_markup() {
    let md = CLEAN
        .replacen("某某市司法局2022", "# 某某市司法局2022", 1)
        .replace("一、主要举措和成效", "## 一、主要举措和成效")
        .replace("（一）加强学法用法。", "**(一)加强学法用法。**")
        .replace("2023年2月2日", "2023年02月02日");
    let dir = drafts(&[("a.md", &md)]);
    let out = run_in(dir.path(), ["--fix", "--format", "concise", "a.md"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let fixed = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(
        fixed,
        md.replace("**(一)加强", "**（一）加强")
            .replace("2023年02月02日", "2023年2月2日")
    );
    assert!(out.stdout.contains("未发现问题"), "{}", out.stdout);
}

#[test]
fn a_pack_part_with_after_is_placed_in_the_report_order() {
    let pack = |after: &str| {
        format!(
            "pack: ems
parts:
  - name: safety
    label: 安全生产工作情况
{after}    headings: [安全生产]
rules:
  - id: ems/safety-missing
    severity: error
    kind: required-part
    part: safety
    message: 缺少「{{part}}」部分
    help: 增加
    basis: 测试
    examples:
      bad: [\"某局2022年法治政府建设年度报告\\n一、主要举措\\n开展学法。\"]
      good: [\"某局2022年法治政府建设年度报告\\n一、安全生产工作\\n开展检查。\"]
"
        )
    };
    let dir = drafts(&[
        ("after.yaml", &pack("    after: measures\n")),
        ("end.yaml", &pack("")),
        ("bad.yaml", &pack("    after: safty\n")),
        ("a.txt", CLEAN),
    ]);
    let label = |pack: &str| {
        let out = run_in(
            dir.path(),
            [
                "--format", "json", "--rules", pack, "--select", "ems/", "a.txt",
            ],
        );
        let finding = out.findings().into_iter().next().expect("a finding");
        let line = finding["line"].as_u64().unwrap() as usize;
        (
            CLEAN.lines().nth(line - 1).unwrap().to_string(),
            finding["label"].as_str().unwrap().to_string(),
        )
    };
    // Right after the measures: before the shortcomings heading.
    assert_eq!(
        label("after.yaml"),
        (
            "二、存在的不足和原因".to_string(),
            "「安全生产工作情况」应在此标题之前".to_string()
        )
    );
    // Without `after`: after every built-in part, i.e. after the plan: on
    // the plan's heading, not on its section's last paragraph.
    let (line, text) = label("end.yaml");
    assert_eq!(
        (line.as_str(), text.as_str()),
        (
            "四、2023年度推进法治政府建设的主要安排",
            "「安全生产工作情况」应在本节之后"
        )
    );

    let out = run_in(dir.path(), ["--rules", "bad.yaml", "a.txt"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("`after: safty` must name a part defined before it"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("5 │     after: safty"),
        "{}",
        out.stderr
    );
}
