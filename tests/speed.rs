//! End-to-end tests of linting many reports at once: reports are linted in
//! parallel and written as they are done, and the output must not depend
//! on how many threads did the work. (How fast it is: `cargo bench`.)

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const FIXTURES: &[&str] = &[
    "bazhong-2022",
    "gaozhou-2020",
    "lucheng-2021",
    "xuwen-2024",
    "zhongshan-2020",
];

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.txt"));
    fs::read_to_string(path).expect("fixture")
}

/// A folder of `count` reports: the fixtures in turn, each a little
/// different (half-width commas in some, a paragraph dropped in others).
fn corpus(count: usize) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for k in 0..count {
        let mut text = fixture(FIXTURES[k % FIXTURES.len()]);
        if k % 3 == 0 {
            text = text.replacen('，', ",", k);
        }
        if k % 4 == 1 {
            let lines: Vec<&str> = text.lines().collect();
            let drop = 1 + k % (lines.len() - 1).max(1);
            text = lines
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != drop)
                .map(|(_, l)| format!("{l}\n"))
                .collect();
        }
        fs::write(dir.path().join(format!("report-{k:03}.txt")), text).unwrap();
    }
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, threads: usize, args: &[&str]) -> Run {
    let output = Command::cargo_bin("rl-lint")
        .unwrap()
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[test]
fn output_is_the_same_on_one_thread_and_on_many() {
    let dir = corpus(60);
    for format in ["full", "concise", "json", "github", "sarif"] {
        let one = run(dir.path(), 1, &["--format", format, "."]);
        let many = run(dir.path(), 4, &["--format", format, "."]);
        assert_eq!(one.code, 1, "{format}: {}", one.stderr);
        assert_eq!(one.stdout, many.stdout, "{format}");
        assert_eq!(one.code, many.code, "{format}");
    }
}

#[test]
fn reports_come_out_in_input_order() {
    let dir = corpus(40);
    let all = run(dir.path(), 4, &["--format", "concise", "."]);
    // One run per report, concatenated in name order, gives the same lines
    // (the summary line aside).
    let mut expected = String::new();
    for k in 0..40 {
        let name = format!("report-{k:03}.txt");
        let single = run(dir.path(), 1, &["--format", "concise", &name]);
        let lines: Vec<&str> = single.stdout.lines().collect();
        for line in &lines[..lines.len() - 1] {
            expected.push_str(line);
            expected.push('\n');
        }
    }
    let lines: Vec<&str> = all.stdout.lines().collect();
    let mut got = lines[..lines.len() - 1].join("\n");
    got.push('\n');
    assert_eq!(got, expected);
}

#[test]
fn json_is_sorted_by_path_whatever_the_order_of_the_arguments() {
    let dir = corpus(6);
    let names: Vec<String> = (0..6).rev().map(|k| format!("report-{k:03}.txt")).collect();
    let mut args = vec!["--format", "json"];
    args.extend(names.iter().map(String::as_str));
    // The same file twice under two names that show the same: its findings
    // are sorted together.
    args.push("./report-002.txt");
    let out = run(dir.path(), 4, &args);
    let findings: Vec<Value> = serde_json::from_str(&out.stdout).expect("JSON array");
    let keys: Vec<(String, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["offset"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let twice = keys.iter().filter(|(p, _)| p == "report-002.txt").count();
    let once = run(dir.path(), 1, &["--format", "json", "report-002.txt"]);
    let once: Vec<Value> = serde_json::from_str(&once.stdout).unwrap();
    assert_eq!(twice, 2 * once.len());
    assert!(once.len() > 2);
}

#[test]
fn fix_rewrites_every_report_of_a_parallel_run() {
    let dir = corpus(30);
    let fixed = run(dir.path(), 4, &["--fix", "--format", "concise", "."]);
    let changed: Vec<&str> = fixed
        .stdout
        .lines()
        .filter(|l| l.starts_with("已自动修改"))
        .collect();
    assert!(changed.len() >= 10, "{}", fixed.stdout);
    // In name order, once each.
    let mut sorted = changed.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(changed, sorted);
    // Nothing is left to fix in any file.
    let diff = run(dir.path(), 4, &["--diff", "."]);
    assert_eq!(diff.code, 0, "{}", diff.stdout);
    assert_eq!(diff.stdout, "");
}

#[test]
fn a_run_with_unreadable_reports_still_lints_the_others_in_order() {
    let dir = corpus(12);
    fs::write(dir.path().join("report-005.txt"), b"\x00\x01\x02binary").unwrap();
    let out = run(dir.path(), 4, &["--format", "concise", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("report-005.txt"), "{}", out.stderr);
    let paths: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.split(':').next())
        .filter(|p| p.starts_with("report-"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.contains(&"report-011.txt"));
    assert!(!paths.contains(&"report-005.txt"));
}

#[test]
fn a_file_named_many_times_is_fixed_correctly() {
    let dir = corpus(1);
    let expected_dir = corpus(1);
    let name = "report-000.txt";
    run(expected_dir.path(), 1, &["--fix", name]);
    let expected = fs::read_to_string(expected_dir.path().join(name)).unwrap();
    assert_ne!(expected, fs::read_to_string(dir.path().join(name)).unwrap());
    // Different spellings of one file: parallel workers fix it at once.
    let spellings: Vec<String> = (0..16)
        .map(|n| {
            fs::create_dir(dir.path().join(format!("d{n}"))).unwrap();
            format!("d{n}/../{name}")
        })
        .collect();
    let mut args = vec!["--fix", "--format", "concise"];
    args.extend(spellings.iter().map(String::as_str));
    let out = run(dir.path(), 4, &args);
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert_eq!(fs::read_to_string(dir.path().join(name)).unwrap(), expected);
    let files: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(files.len(), 1, "temporary files left: {files:?}");
}
