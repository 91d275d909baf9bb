//! Hostile inputs: files crafted to make rl-lint take too long or too much
//! memory. Each runs the binary in a child process with an address-space
//! limit (a runaway is stopped, not left to exhaust the machine), and
//! asserts a bound on its time and its peak resident memory (the child's
//! `VmHWM`, read until it exits). The time bounds are at least
//! ten times what the code needs on a busy two-core machine in a debug
//! build; what they catch is a quadratic or unbounded path, which takes
//! minutes or gigabytes.
//!
//! The growth tests at the end run the library in-process on 1×, 4× and
//! 16× inputs and check that the work grows linearly within a factor: the
//! thread's CPU time (not wall time, which other processes inflate), and
//! the bytes the allocator hands out.

mod support;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::docx::{self, level, list, numbered, paragraph, style, styled};
use support::fixtures::{clean, write};
use support::work::Work;

/// What a bounded child run gave.
struct Bounded {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    peak_mb: f64,
    took: Duration,
}

/// The address space a child may map: far above what any case needs, so
/// that hitting it means a runaway allocation.
const ADDRESS_SPACE: u64 = 2 << 30;

/// Runs `rl-lint --no-config ARGS…` with at most [`ADDRESS_SPACE`] of
/// memory, killing it after `timeout`.
fn run_bounded(args: &[&std::ffi::OsStr], timeout: Duration) -> Bounded {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("stdout");
    let err_path = dir.path().join("stderr");
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("rl-lint"));
    command
        .arg("--no-config")
        .args(args)
        .env("NO_COLOR", "1")
        // Fewer malloc arenas: each reserves 64 MB of address space.
        .env("MALLOC_ARENA_MAX", "2")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"));
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between
    // fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE as libc::rlim_t,
                rlim_max: ADDRESS_SPACE as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("spawn rl-lint");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        // The high-water mark of the child's own memory (reset by exec,
        // unlike rusage's, which a forked child inherits from this
        // process). It is read until the child exits: only growth in its
        // last few milliseconds could be missed.
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            let hwm = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok());
            peak_kb = peak_kb.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().expect("wait for rl-lint") {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("rl-lint {args:?} took more than {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    let read = |path: &Path| {
        let mut text = String::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .expect("child output");
        text
    };
    let code = status.code();
    Bounded {
        code,
        stdout: read(&out_path),
        stderr: read(&err_path),
        peak_mb: peak_kb as f64 / 1024.0,
        took,
    }
}

/// Asserts the run ended with one of `codes` within `seconds` and `mb`.
fn assert_within(name: &str, run: &Bounded, codes: &[i32], seconds: u64, mb: f64) {
    eprintln!(
        "{name}: {:?}, peak {:.1} MB, exit {:?}",
        run.took, run.peak_mb, run.code
    );
    assert!(
        run.code.is_some_and(|c| codes.contains(&c)),
        "{name}: exit {:?}\n{}",
        run.code,
        run.stderr
    );
    assert!(
        run.took < Duration::from_secs(seconds),
        "{name}: {:?}",
        run.took
    );
    assert!(run.peak_mb < mb, "{name}: peak {:.1} MB", run.peak_mb);
}

/// The numbering bomb: a list whose first number is four billion, in
/// letters (Word's 「aaa…」 would be 150 million letters long).
fn numbering_bomb() -> Vec<u8> {
    let numbering = list(1, &[level(0, 4_000_000_000, "lowerLetter", "%1.")]);
    let body = [
        paragraph("某局2023年法治政府建设年度报告"),
        numbered(1, 0, "主要举措"),
        numbered(1, 0, "存在的不足"),
    ]
    .concat();
    docx::docx(&body, Some(&numbering), None)
}

#[test]
fn numbering_bomb_is_written_in_digits() {
    let bytes = numbering_bomb();
    assert!(bytes.len() < 4096, "{} bytes", bytes.len());
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bomb.docx", &bytes);
    let run = run_bounded(
        &["--format".as_ref(), "json".as_ref(), path.as_os_str()],
        Duration::from_secs(20),
    );
    assert_within("numbering bomb", &run, &[0, 1], 20, 100.0);
    // The labels are written in digits (see the unit tests in src/docx.rs).
    assert!(run.stdout.starts_with('['), "{}", run.stdout);
}

#[test]
fn deeply_nested_numbering_stays_within_the_text_limit() {
    // Nine levels, each label naming every level in letters at the
    // longest spelled-out number, in the longest level text accepted, on
    // paragraphs that are nothing but their number: each 100-byte
    // paragraph would make a label of about 500 bytes.
    let text: String = "%1%2%3%4%5%6%7%8%9".repeat(4).chars().take(64).collect();
    let levels: Vec<String> = (0..9)
        .map(|l| level(l, 416, "lowerLetter", &text))
        .collect();
    let numbering = list(1, &levels);
    let body = numbered(1, 8, "").repeat(4_000);
    let bytes = docx::docx(&body, Some(&numbering), None);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "nested.docx", &bytes);
    let run = run_bounded(
        &["--max-file-size".as_ref(), "1MB".as_ref(), path.as_os_str()],
        Duration::from_secs(30),
    );
    assert_within("nested numbering", &run, &[2], 30, 100.0);
    assert!(
        run.stderr
            .contains("a Word document whose text is more than 1 MB, over the size limit of 1 MB"),
        "{}",
        run.stderr
    );
    // Under the default limit (64 MB) the same document is read: about
    // 2 MB of text.
    let run = run_bounded(
        &["--format".as_ref(), "concise".as_ref(), path.as_os_str()],
        Duration::from_secs(120),
    );
    assert_within("nested numbering, 64 MB limit", &run, &[0, 1], 120, 200.0);
}

#[test]
fn level_text_over_the_cap_is_refused() {
    let numbering = list(1, &[level(0, 1, "decimal", &"%1".repeat(100))]);
    let bytes = docx::docx(&numbered(1, 0, "一"), Some(&numbering), None);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "long-level.docx", &bytes);
    let run = run_bounded(&[path.as_os_str()], Duration::from_secs(20));
    assert_within("long level text", &run, &[2], 20, 100.0);
    assert!(
        run.stderr.contains("w:lvlText") && run.stderr.contains("64 characters"),
        "{}",
        run.stderr
    );
}

#[test]
fn docx_text_over_the_size_limit_is_refused() {
    // 2 MB of text deflates to a few kilobytes: the .docx is far under
    // the limit, its text is not.
    let body = paragraph(&"法治政府建设".repeat(2 * 1024 * 1024 / 18));
    let bytes = docx::docx(&body, None, None);
    assert!(bytes.len() < 256 * 1024, "{}", bytes.len());
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "big-text.docx", &bytes);
    let run = run_bounded(
        &["--max-file-size".as_ref(), "1MB".as_ref(), path.as_os_str()],
        Duration::from_secs(20),
    );
    assert_within("docx text over the limit", &run, &[2], 20, 100.0);
    assert!(
        run.stderr.contains("big-text.docx")
            && run.stderr.contains("over the size limit of 1 MB")
            && run.stderr.contains("--max-file-size"),
        "{}",
        run.stderr
    );
    // Many empty paragraphs: the count is held to the limit too.
    let bytes = docx::docx(&"<w:p/>".repeat(300_000), None, None);
    let path = write(dir.path(), "many-paragraphs.docx", &bytes);
    let run = run_bounded(
        &[
            "--max-file-size".as_ref(),
            "256KB".as_ref(),
            path.as_os_str(),
        ],
        Duration::from_secs(20),
    );
    assert_within("many paragraphs", &run, &[2], 20, 100.0);
    assert!(
        run.stderr.contains("more than 262144 paragraphs"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_doc_piece_table_naming_its_text_many_times_stops_at_the_limit() {
    // 40,000 pieces, each the same 40 characters: the file is 700 KB, the
    // text it names 4.8 MB.
    let bytes = support::word97::doc(
        &format!("{}\r", "法治政府建设".repeat(6) + "一二三"),
        40_000,
    );
    assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "pieces.doc", &bytes);
    let run = run_bounded(
        &["--max-file-size".as_ref(), "1MB".as_ref(), path.as_os_str()],
        Duration::from_secs(20),
    );
    assert_within("doc piece bomb", &run, &[2], 20, 100.0);
    assert!(
        run.stderr.contains("pieces.doc") && run.stderr.contains("over the size limit of 1 MB"),
        "{}",
        run.stderr
    );
}

#[test]
fn styles_based_on_each_other_in_a_cycle_end() {
    let styles = [
        style("a", Some("b"), None),
        style("b", Some("c"), None),
        style("c", Some("a"), Some(1)),
    ]
    .concat();
    let numbering = list(1, &[level(0, 1, "chineseCounting", "%1、")]);
    let body = [
        paragraph("某局2023年法治政府建设年度报告"),
        styled("a", "主要举措"),
        styled("b", "存在的不足"),
    ]
    .concat();
    let bytes = docx::docx(&body, Some(&numbering), Some(&styles));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "cycle.docx", &bytes);
    let run = run_bounded(
        &["--format".as_ref(), "json".as_ref(), path.as_os_str()],
        Duration::from_secs(20),
    );
    assert_within("style cycle", &run, &[0, 1], 20, 100.0);
    // The numbering is still found through the cycle.
    assert!(run.stdout.contains("二、存在的不足"), "{}", run.stdout);
}

#[test]
fn ten_megabyte_line_of_words_is_linear() {
    // One line of space-separated words, no punctuation: at every space
    // the block splitter asks whether what came before is a title.
    let line = "法治 政府 建设 ".repeat(10 * 1024 * 1024 / 22 + 1);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "words.txt", format!("{line}\n"));
    drop(line);
    let run = run_bounded(
        &["--format".as_ref(), "concise".as_ref(), path.as_os_str()],
        Duration::from_secs(300),
    );
    assert_within("10 MB line of words", &run, &[0, 1], 300, 600.0);
    assert!(run.stdout.contains("words.txt:1:"), "{}", run.stdout);
}

#[test]
fn baseline_is_held_to_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "2024.txt", "某局2024年法治政府建设年度报告\n");
    let baseline = write(dir.path(), "2023.txt", "某局2023年".repeat(1000));
    let run = run_bounded(
        &[
            "--max-file-size".as_ref(),
            "4KB".as_ref(),
            "--baseline".as_ref(),
            baseline.as_os_str(),
            report.as_os_str(),
        ],
        Duration::from_secs(20),
    );
    assert_within("baseline over the limit", &run, &[2], 20, 100.0);
    assert!(
        run.stderr.contains("2023.txt") && run.stderr.contains("over the size limit of 4 KB"),
        "{}",
        run.stderr
    );
    // A .docx baseline whose text is over the limit, through the same code.
    let big = docx::docx(&paragraph(&"某局".repeat(4000)), None, None);
    let baseline = write(dir.path(), "2023.docx", big);
    let run = run_bounded(
        &[
            "--max-file-size".as_ref(),
            "16KB".as_ref(),
            "--baseline".as_ref(),
            baseline.as_os_str(),
            report.as_os_str(),
        ],
        Duration::from_secs(20),
    );
    assert_within("docx baseline over the limit", &run, &[2], 20, 100.0);
    assert!(
        run.stderr.contains("2023.docx") && run.stderr.contains("text is more than 16 KB"),
        "{}",
        run.stderr
    );
}

#[test]
fn huge_years_and_offsets_do_not_overflow() {
    let dir = tempfile::tempdir().unwrap();
    // A report with year findings, so that the year arithmetic runs: its
    // plan names the wrong year and its date is before the year's end.
    let text = clean()
        .replace("四、2023年", "四、2025年")
        .replace("\n2023年2月2日", "\n2021年2月2日");
    let report = write(dir.path(), "r.txt", &text);
    let engine = rl_lint::engine::Engine::new(
        rl_lint::engine::config::Config::default(),
        &Default::default(),
    )
    .expect("engine");
    let checked = engine
        .check_text(text.clone(), Path::new("r.txt"), &Default::default())
        .expect("checked");
    let rules: Vec<&str> = checked.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(
        rules,
        ["core/plan-year-mismatch", "core/date-before-period-end"],
        "the report must reach the year checks"
    );
    // The command line takes years in 1949..2200; the library any year.
    // The checks add to it; this debug build panics on overflow.
    for year in [i32::MAX, i32::MIN] {
        let options = rl_lint::engine::Options {
            year: Some(year),
            ..Default::default()
        };
        let engine =
            rl_lint::engine::Engine::new(rl_lint::engine::config::Config::default(), &options)
                .expect("engine");
        let checked = engine.check_text(text.clone(), Path::new("r.txt"), &Default::default());
        assert!(checked.is_ok());
    }
    let pack = write(
        dir.path(),
        "p.yaml",
        "pack: ems\ndescription: 测试\nrules:\n  - id: ems/plan-year\n    severity: warning\n    kind: part-year\n    part: plan\n    offset: 2147483647\n    message: 年度不对\n    help: 测试\n    basis: 测试\n    examples:\n      bad: [\"x\"]\n      good: [\"y\"]\n",
    );
    let run = run_bounded(
        &["--rules".as_ref(), pack.as_os_str(), report.as_os_str()],
        Duration::from_secs(30),
    );
    assert_within("offset i32::MAX", &run, &[2], 30, 100.0);
    assert!(
        run.stderr.contains("`offset` must be between"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Growth: 1×, 4×, 16×
// ---------------------------------------------------------------------------

#[global_allocator]
static GLOBAL: support::work::Counting = support::work::Counting;

/// Asserts that the work on 4× and 16× the input grows at most `slack`
/// times faster than the input (quadratic work grows 4 and 16 times
/// faster).
fn assert_linear(name: &str, make: impl Fn(usize) -> Vec<u8>, file: &str) {
    let engine = support::work::engine();
    const UNIT: usize = 24 * 1024;
    // Warm up the lazily built tables (dictionary, regexes).
    let _ = Work::of(&engine, &make(UNIT / 4), file, 1);
    let base = Work::of(&engine, &make(UNIT), file, 3);
    for scale in [4usize, 16] {
        let work = Work::of(&engine, &make(UNIT * scale), file, 3);
        let (time_ratio, memory_ratio) = work.ratios(&base);
        eprintln!(
            "{name} ×{scale}: CPU {:?} ({time_ratio:.1}× of ×1), allocated {} ({memory_ratio:.1}×)",
            work.cpu, work.allocated
        );
        let slack = if scale == 4 { 2.5 } else { 2.0 };
        assert!(
            time_ratio < scale as f64 * slack,
            "{name}: ×{scale} input took {time_ratio:.1}× the time"
        );
        assert!(
            memory_ratio < scale as f64 * slack,
            "{name}: ×{scale} input allocated {memory_ratio:.1}× the bytes"
        );
    }
}

/// `n` bytes or a little more of `unit` repeated, on one line.
fn one_line(unit: &str, n: usize) -> Vec<u8> {
    format!("{}\n", unit.repeat(n / unit.len() + 1)).into_bytes()
}

#[test]
fn growth_of_a_line_of_words() {
    assert_linear("words", |n| one_line("法治 政府 建设 ", n), "r.txt");
}

#[test]
fn growth_of_a_line_of_numerals() {
    assert_linear("numerals", |n| one_line("一二三四五六七八九十", n), "r.txt");
}

#[test]
fn growth_of_a_heading_with_a_sentence_then_words() {
    // 「一、」, a long run of characters, a full stop inside it, then words:
    // the heading-words test at each space once scanned to the full stop.
    assert_linear(
        "heading then words",
        |n| {
            let half = "字".repeat(n / 6);
            format!("一、{half}。字{}\n", " x".repeat(n / 4)).into_bytes()
        },
        "r.txt",
    );
}

#[test]
fn growth_of_markers_glued_to_a_heading() {
    assert_linear(
        "glued markers",
        |n| {
            let half = "字".repeat(n / 6);
            format!("一、{half}。字{}\n", "（一）".repeat(n / 18)).into_bytes()
        },
        "r.txt",
    );
}

#[test]
fn growth_of_a_merged_report() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xuwen-2024.txt"),
    )
    .expect("fixture")
    .replace('\n', " ");
    assert_linear("merged report", |n| one_line(&text, n), "r.txt");
}

#[test]
fn growth_of_a_numbered_docx() {
    let numbering = list(1, &[level(0, 1, "lowerLetter", "%1.")]);
    assert_linear(
        "numbered docx",
        |n| {
            let body = numbered(1, 0, "法治政府建设").repeat(n / 200 + 1);
            docx::docx(&body, Some(&numbering), None)
        },
        "r.docx",
    );
}

#[test]
fn growth_of_a_doc_with_fields_and_cells() {
    let unit = "一、法治\u{13} HYPERLINK \"x\" \u{14}政府\u{15}建设。\r甲\u{7}乙\u{7}\u{7}\r";
    assert_linear(
        "doc",
        |n| support::word97::doc(&unit.repeat(n / unit.len() + 1), 1),
        "r.doc",
    );
}

#[test]
fn growth_of_a_line_of_cited_laws() {
    // Every title a lookup in the law list, near misses and repealed laws
    // among them, and one 《 that never closes.
    assert_linear(
        "cited laws",
        |n| {
            let mut line = String::from("某县2022年法治政府建设年度报告\n");
            line.push_str(&String::from_utf8_lossy(&one_line(
                "依据《行政处罚法》《中华人民共和国合同法》（2019年修订）《行政复仪法》《某市条例》、",
                n,
            )));
            line.push_str("《未闭合");
            line.into_bytes()
        },
        "r.txt",
    );
}
