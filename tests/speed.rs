//! End-to-end tests of linting many reports at once: reports are linted in
//! parallel and written as they are done, and the output must not depend
//! on how many threads did the work. (How fast it is: `cargo bench`.)

mod support;

use serde_json::Value;
use std::fs;
use std::path::Path;
use support::cli::{bin, output, Run};
use support::corpus;
use tempfile::TempDir;

/// A folder of `count` reports: the corpus of the speed benchmark (the
/// seeds mutated, in several encodings, some as Markdown), and their file
/// names in order.
fn reports(count: usize) -> (TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate(dir.path(), count);
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), count);
    (dir, names)
}

/// `rl-lint ARGS` in `dir` on `threads` threads.
fn run_on_threads(dir: &Path, threads: usize, args: &[&str]) -> Run {
    output(
        bin()
            .current_dir(dir)
            .env("RAYON_NUM_THREADS", threads.to_string())
            .args(args),
    )
}

#[test]
fn output_is_the_same_on_one_thread_and_on_many() {
    let (dir, _) = reports(60);
    for format in ["full", "concise", "json", "github", "sarif"] {
        let one = run_on_threads(dir.path(), 1, &["--format", format, "."]);
        let many = run_on_threads(dir.path(), 4, &["--format", format, "."]);
        assert_eq!(one.code, 1, "{format}: {}", one.stderr);
        assert_eq!(one.stdout, many.stdout, "{format}");
        assert_eq!(one.code, many.code, "{format}");
    }
}

#[test]
fn reports_come_out_in_input_order() {
    let (dir, names) = reports(40);
    let all = run_on_threads(dir.path(), 4, &["--format", "concise", "."]);
    // One run per report, concatenated in name order, gives the same lines
    // (the summary line aside).
    let mut expected = String::new();
    for name in &names {
        let single = run_on_threads(dir.path(), 1, &["--format", "concise", name]);
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
    let (dir, names) = reports(6);
    let twin = format!("./{}", names[2]);
    let mut args = vec!["--format", "json"];
    args.extend(names.iter().rev().map(String::as_str));
    // The same file twice under two names that show the same: its findings
    // are sorted together.
    args.push(&twin);
    let out = run_on_threads(dir.path(), 4, &args);
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
    let twice = keys.iter().filter(|(p, _)| *p == names[2]).count();
    let once = run_on_threads(dir.path(), 1, &["--format", "json", &names[2]]);
    let once: Vec<Value> = serde_json::from_str(&once.stdout).unwrap();
    assert_eq!(twice, 2 * once.len());
    assert!(once.len() > 2);
}

#[test]
fn fix_rewrites_every_report_of_a_parallel_run() {
    let (dir, _) = reports(30);
    let fixed = run_on_threads(dir.path(), 4, &["--fix", "--format", "concise", "."]);
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
    let diff = run_on_threads(dir.path(), 4, &["--diff", "."]);
    assert_eq!(diff.code, 0, "{}", diff.stdout);
    assert_eq!(diff.stdout, "");
}

#[test]
fn a_run_with_unreadable_reports_still_lints_the_others_in_order() {
    let (dir, names) = reports(12);
    fs::write(dir.path().join(&names[5]), b"\x00\x01\x02binary").unwrap();
    let out = run_on_threads(dir.path(), 4, &["--format", "concise", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains(&names[5]), "{}", out.stderr);
    let paths: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.split(':').next())
        .filter(|p| p.starts_with("report-"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.contains(&names[11].as_str()));
    assert!(!paths.contains(&names[5].as_str()));
}

#[test]
fn a_file_named_many_times_is_fixed_correctly() {
    let (dir, names) = reports(1);
    let (expected_dir, _) = reports(1);
    let name = names[0].as_str();
    run_on_threads(expected_dir.path(), 1, &["--fix", name]);
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
    let out = run_on_threads(dir.path(), 4, &args);
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert_eq!(fs::read_to_string(dir.path().join(name)).unwrap(), expected);
    let files: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(files.len(), 1, "temporary files left: {files:?}");
}
