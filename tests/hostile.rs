//! Hostile inputs: files crafted to make rl-lint take too long or too much
//! memory. Each runs the binary in a child process with an address-space
//! limit (a runaway is stopped, not left to exhaust the machine), and
//! asserts its exit, its message and a bound on its peak resident memory
//! (the child's `VmHWM`, read until it exits). No case asserts its time:
//! a watchdog only kills a run that never ends (`support::child`), which
//! is what an unbounded path on these megabytes does (a quadratic one
//! takes hours).
//!
//! Whether the work grows linearly is asserted by the growth tests at the
//! end: they run the library in-process on 1×, 4× and 16× inputs and
//! check that the work grows linearly within a factor, counted as
//! `support::work` counts it (the bytes allocated, exact; the thread's
//! CPU time, measured again before a ratio over its limit counts).

mod support;

use std::path::Path;
use support::child::Watched;
use support::docx::{self, level, list, numbered, paragraph, style, styled};
use support::fixtures::{clean, write};
use support::work::Work;

/// The address space a child may map: far above what any case needs, so
/// that hitting it means a runaway allocation.
const ADDRESS_SPACE: u64 = 2 << 30;

/// Runs `rl-lint --no-config ARGS…` with at most [`ADDRESS_SPACE`] of
/// memory, under the watchdog (see `support::child`).
fn run_bounded(args: &[&std::ffi::OsStr]) -> Watched {
    let mut all: Vec<&std::ffi::OsStr> = vec!["--no-config".as_ref()];
    all.extend_from_slice(args);
    support::child::watched(&all, Some(ADDRESS_SPACE))
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
    let run = run_bounded(&["--format".as_ref(), "json".as_ref(), path.as_os_str()]);
    run.assert_within("numbering bomb", &[0, 1], 100.0);
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
    let run = run_bounded(&["--max-file-size".as_ref(), "1MB".as_ref(), path.as_os_str()]);
    run.assert_within("nested numbering", &[2], 100.0);
    assert!(
        run.stderr
            .contains("a Word document whose text is more than 1 MB, over the size limit of 1 MB"),
        "{}",
        run.stderr
    );
    // Under the default limit (64 MB) the same document is read: about
    // 2 MB of text.
    let run = run_bounded(&["--format".as_ref(), "concise".as_ref(), path.as_os_str()]);
    run.assert_within("nested numbering, 64 MB limit", &[0, 1], 200.0);
}

#[test]
fn level_text_over_the_cap_is_refused() {
    let numbering = list(1, &[level(0, 1, "decimal", &"%1".repeat(100))]);
    let bytes = docx::docx(&numbered(1, 0, "一"), Some(&numbering), None);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "long-level.docx", &bytes);
    let run = run_bounded(&[path.as_os_str()]);
    run.assert_within("long level text", &[2], 100.0);
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
    let run = run_bounded(&["--max-file-size".as_ref(), "1MB".as_ref(), path.as_os_str()]);
    run.assert_within("docx text over the limit", &[2], 100.0);
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
    let run = run_bounded(&[
        "--max-file-size".as_ref(),
        "256KB".as_ref(),
        path.as_os_str(),
    ]);
    run.assert_within("many paragraphs", &[2], 100.0);
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
    let run = run_bounded(&["--max-file-size".as_ref(), "1MB".as_ref(), path.as_os_str()]);
    run.assert_within("doc piece bomb", &[2], 100.0);
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
    let run = run_bounded(&["--format".as_ref(), "json".as_ref(), path.as_os_str()]);
    run.assert_within("style cycle", &[0, 1], 100.0);
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
    let run = run_bounded(&["--format".as_ref(), "concise".as_ref(), path.as_os_str()]);
    run.assert_within("10 MB line of words", &[0, 1], 600.0);
    assert!(run.stdout.contains("words.txt:1:"), "{}", run.stdout);
}

#[test]
fn baseline_is_held_to_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "2024.txt", "某局2024年法治政府建设年度报告\n");
    let baseline = write(dir.path(), "2023.txt", "某局2023年".repeat(1000));
    let run = run_bounded(&[
        "--max-file-size".as_ref(),
        "4KB".as_ref(),
        "--baseline".as_ref(),
        baseline.as_os_str(),
        report.as_os_str(),
    ]);
    run.assert_within("baseline over the limit", &[2], 100.0);
    assert!(
        run.stderr.contains("2023.txt") && run.stderr.contains("over the size limit of 4 KB"),
        "{}",
        run.stderr
    );
    // A .docx baseline whose text is over the limit, through the same code.
    let big = docx::docx(&paragraph(&"某局".repeat(4000)), None, None);
    let baseline = write(dir.path(), "2023.docx", big);
    let run = run_bounded(&[
        "--max-file-size".as_ref(),
        "16KB".as_ref(),
        "--baseline".as_ref(),
        baseline.as_os_str(),
        report.as_os_str(),
    ]);
    run.assert_within("docx baseline over the limit", &[2], 100.0);
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
    let run = run_bounded(&["--rules".as_ref(), pack.as_os_str(), report.as_os_str()]);
    run.assert_within("offset i32::MAX", &[2], 100.0);
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
/// faster), by the work counted in `support::work`.
fn assert_linear(name: &str, make: impl Fn(usize) -> Vec<u8>, file: &str) {
    let engine = support::work::engine();
    const UNIT: usize = 24 * 1024;
    // Warm up the lazily built tables (dictionary, regexes).
    let _ = Work::of(&engine, &make(UNIT / 4), file, 1);
    let one = make(UNIT);
    let mut base = Work::of(&engine, &one, file, 1);
    for scale in [4usize, 16] {
        let slack = if scale == 4 { 2.5 } else { 2.0 };
        let limit = scale as f64 * slack;
        let scaled = make(UNIT * scale);
        let (work, time_ratio, memory_ratio) =
            support::work::compare(&engine, &mut base, &one, &scaled, file, limit);
        eprintln!(
            "{name} ×{scale}: CPU {:?} ({time_ratio:.1}× of ×1), allocated {} ({memory_ratio:.1}×)",
            work.cpu, work.allocated
        );
        assert!(
            time_ratio < limit,
            "{name}: ×{scale} input took {time_ratio:.1}× the CPU time"
        );
        assert!(
            memory_ratio < limit,
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

#[test]
fn growth_of_a_pack() {
    // A user pack of 200, 800 and 3,200 rules, loaded and validated (its
    // regexes compiled, its ids checked for duplicates): the limit of
    // 10,000 rules is only safe if loading is linear in them.
    let pack = |rules: usize| -> String {
        let mut yaml = String::from("pack: ems\ndescription: 测试\nrules:\n");
        for i in 0..rules {
            yaml.push_str(&format!(
                "  - id: ems/rule-{i}\n    severity: warning\n    kind: forbidden-pattern\n    patterns: [\"禁用词{i}\"]\n    message: 测试\n    help: 测试\n    basis: 测试\n    examples:\n      bad: [\"禁用词{i}\"]\n      good: [\"xyz\"]\n"
            ));
        }
        yaml
    };
    fn load(yaml: &str) -> impl FnMut() -> rl_lint::packs::RuleSet + '_ {
        move || {
            let mut builder = rl_lint::packs::RuleSetBuilder::default();
            builder.add_source("ems.yaml", yaml).expect("loads");
            builder.build().expect("builds")
        }
    }
    const UNIT: usize = 200;
    let one = pack(UNIT);
    let _ = Work::during(1, load(&pack(UNIT / 4)));
    let mut base = Work::during(1, load(&one));
    for scale in [4usize, 16] {
        let slack = if scale == 4 { 2.5 } else { 2.0 };
        let limit = scale as f64 * slack;
        let scaled = pack(UNIT * scale);
        let (work, time_ratio, memory_ratio) = support::work::compare_by(
            &mut base,
            || Work::during(1, load(&one)),
            || Work::during(1, load(&scaled)),
            limit,
        );
        eprintln!(
            "pack ×{scale}: CPU {:?} ({time_ratio:.1}× of ×1), allocated {} ({memory_ratio:.1}×)",
            work.cpu, work.allocated
        );
        assert!(
            time_ratio < limit,
            "pack: ×{scale} rules took {time_ratio:.1}× the CPU time"
        );
        assert!(
            memory_ratio < limit,
            "pack: ×{scale} rules allocated {memory_ratio:.1}× the bytes"
        );
    }
}

#[test]
fn growth_of_pathological_markdown() {
    // Lines of one Markdown construct that never closes (or never opens):
    // inline spans look a bounded way ahead and keep a bounded number of
    // open runs (`input::markdown::inline`). The masking alone is
    // measured: the checks after it see spaces. From ×1 up, every size
    // is over 256 KB: below, the regex crate matches a capturing regex
    // (the fence's, on a line of backticks) with another engine, some 30
    // times faster a byte, and a ratio across the switch means nothing.
    const UNIT: usize = 256 * 1024;
    for piece in [
        "[", "]", "`", "<a x=\"", "~~a", "*a", "_a*", "![", "[a][", "<!--", "](", "[^",
    ] {
        let text = |n: usize| piece.repeat(n / piece.len() + 1);
        let mask = |text: String| move || rl_lint::input::markdown::mask(&text);
        let one = text(UNIT);
        let _ = Work::during(1, mask(one.clone()));
        let mut base = Work::during(1, mask(one.clone()));
        for scale in [4usize, 16] {
            let limit = scale as f64 * if scale == 4 { 2.5 } else { 2.0 };
            let scaled = text(UNIT * scale);
            let (_, time_ratio, memory_ratio) = support::work::compare_by(
                &mut base,
                || Work::during(1, mask(one.clone())),
                || Work::during(1, mask(scaled.clone())),
                limit,
            );
            eprintln!(
                "Markdown {piece:?} ×{scale}: CPU {time_ratio:.1}×, allocated {memory_ratio:.1}×"
            );
            assert!(
                time_ratio < limit,
                "{piece:?}: ×{scale} took {time_ratio:.1}× the CPU time"
            );
            assert!(
                memory_ratio < limit,
                "{piece:?}: ×{scale} allocated {memory_ratio:.1}× the bytes"
            );
        }
    }
}
