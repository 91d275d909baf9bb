//! rl-lint's speed benchmark: `cargo bench` (add `-- --quick` for fewer
//! repetitions, or section names to run only those: `cargo bench -- corpus
//! phases`). It runs the release binary as a user does and prints:
//!
//! 1. `single`: one report, cold: `rl-lint --format json bazhong-2022.txt`,
//!    a new process each run: wall time, CPU time and peak memory;
//! 2. `corpus`: 1000 reports generated from the fixtures (17 MB): wall
//!    time, throughput, peak memory;
//! 3. `scaling`: the same for 4000 reports (the cost must grow linearly);
//! 4. `large`: one 50 MB report, and a 10 MB report on one line;
//! 5. `hostile`: the inputs crafted to take time or memory (see
//!    `tests/hostile.rs` and CONTRIBUTING.md, "Bounds"), each once;
//! 6. `phases`: where the time goes, phase by phase, measured in this
//!    process on one thread;
//! 7. `rules`: the rule count: the 1000 reports and the one report again,
//!    with and without a generated pack of 1,500 rare wording rules
//!    (`rulepack.rs`); a rule whose words a report does not hold must
//!    cost it (almost) nothing.
//!
//! Set `RL_LINT_BIN` to benchmark another build of rl-lint (an older one,
//! to compare), and `RL_LINT_BENCH_DIR` to keep the generated inputs.
//! The `output` hash identifies the JSON findings of a corpus: two builds
//! that find the same things print the same hash.

#[path = "../../tests/support/corpus.rs"]
mod corpus;
#[path = "../../tests/support/docx.rs"]
mod docx;
#[path = "../../tests/support/fixtures.rs"]
mod fixtures;
mod phases;
mod process;
mod rulepack;

use process::{repeat, run, run_expecting, summarize, Summary};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

struct Settings {
    single_runs: usize,
    corpus_runs: usize,
    scaling_runs: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    // Other arguments (cargo passes `--bench`) are flags; words pick sections.
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let wanted =
        |section: &str| filters.is_empty() || filters.iter().any(|f| section.contains(f.as_str()));
    let settings = if quick {
        Settings {
            single_runs: 10,
            corpus_runs: 2,
            scaling_runs: 1,
        }
    } else {
        Settings {
            single_runs: 30,
            corpus_runs: 5,
            scaling_runs: 3,
        }
    };
    let bin = std::env::var_os("RL_LINT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_rl-lint")));
    let temp = tempfile::tempdir().expect("create a temporary folder");
    let work = std::env::var_os("RL_LINT_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&work).expect("create the bench folder");
    let out = work.join("output.json");

    println!("rl-lint speed benchmark");
    println!("binary:  {}", bin.display());
    println!("machine: {}", machine());
    println!(
        "date:    {}   load average at start: {}",
        today(),
        loadavg()
    );
    println!();
    println!(
        "| Benchmark | Wall (median) | Wall (min) | CPU (median) | Throughput | Peak memory |"
    );
    println!("|---|---|---|---|---|---|");

    // 1. One report, cold.
    if wanted("single") {
        let single = work.join("single");
        std::fs::create_dir_all(&single).expect("create folder");
        std::fs::copy(
            fixtures::seed_path("bazhong-2022"),
            single.join("bazhong-2022.txt"),
        )
        .expect("copy fixture");
        let args = ["--format", "json", "bazhong-2022.txt"];
        let runs = repeat(&bin, &args, &single, &out, settings.single_runs);
        row(
            "1 report, cold (bazhong-2022, 13 KB)",
            &summarize(&runs),
            None,
        );
    }

    // 2 and 3. Corpora of 1000 and 4000 reports.
    let corpus_1000 = work.join("corpus-1000");
    let mut medians = Vec::new();
    for (count, times, section) in [
        (1000, settings.corpus_runs, "corpus"),
        (4000, settings.scaling_runs, "scaling"),
    ] {
        if !wanted(section) {
            continue;
        }
        // Relative paths, run from `work`: the findings name the files,
        // and the hash must not depend on where the folder is.
        let name = format!("corpus-{count}");
        let bytes = corpus::generate(&work.join(&name), count);
        let args = ["--format", "json", name.as_str()];
        let mut runs = repeat(&bin, &args, &work, &out, times);
        let hash = file_hash(&out);
        // Every run must print the same findings in the same order.
        runs.push(run(&bin, &args, &work, &out));
        assert_eq!(hash, file_hash(&out), "output differs between runs");
        let summary = summarize(&runs);
        let label = format!("{count} reports ({:.1} MB), output {hash:016x}", mb(bytes));
        row(&label, &summary, Some(bytes));
        medians.push((bytes, summary.median));
    }

    // 4. Large single inputs.
    if wanted("large") {
        let seeds = fixtures::seed_texts();
        let big = Path::new("big-50mb.txt");
        let big_bytes = write_repeated(&work.join(big), &seeds[0], "\n", 50 << 20);
        // lucheng-2021 is a report exported as one line (after its title).
        let line = Path::new("one-line-10mb.txt");
        let one_line = seeds[2].replace('\n', "");
        let line_bytes = write_repeated(&work.join(line), &one_line, "", 10 << 20);
        for (path, bytes, label) in [
            (big, big_bytes, "1 report of 50 MB"),
            (line, line_bytes, "1 report of 10 MB on one line"),
        ] {
            let args = ["--format", "json", path.to_str().expect("UTF-8 path")];
            let runs = vec![run(&bin, &args, &work, &out)];
            let label = format!("{label}, output {:016x}", file_hash(&out));
            row(&label, &summarize(&runs), Some(bytes));
        }
    }

    // 5. Hostile inputs.
    if wanted("hostile") {
        hostile(&bin, &work, &out);
    }

    if let [(small_bytes, small), (large_bytes, large)] = medians[..] {
        println!();
        println!(
            "Scaling: 4000 reports take {:.2}× the time of 1000 ({:.2}× the bytes).",
            large.as_secs_f64() / small.as_secs_f64(),
            large_bytes as f64 / small_bytes as f64
        );
    }

    // 7. The rule count.
    if wanted("rules") {
        rule_count(&bin, &work, &out, &settings);
    }

    // 6. Phases.
    if wanted("phases") {
        corpus::generate(&corpus_1000, 1000);
        let phases = phases::measure(&phases::corpus_files(&corpus_1000));
        print_phases(&phases);
    }
    println!();
    println!("load average at end: {}", loadavg());
}

/// Rules in the generated pack of the `rules` section.
const SYNTHETIC_RULES: usize = 1500;

/// The 1000 reports and one report, with the built-in packs alone and with
/// [`SYNTHETIC_RULES`] generated rules more.
fn rule_count(bin: &Path, work: &Path, out: &Path, settings: &Settings) {
    let pack = work.join("synthetic-rules.yaml");
    std::fs::write(&pack, rulepack::pack(SYNTHETIC_RULES)).expect("write the generated pack");
    let name = "corpus-1000";
    if !work.join(name).is_dir() {
        corpus::generate(&work.join(name), 1000);
    }
    let single = work.join("single");
    std::fs::create_dir_all(&single).expect("create folder");
    std::fs::copy(
        fixtures::seed_path("bazhong-2022"),
        single.join("bazhong-2022.txt"),
    )
    .expect("copy fixture");
    let pack_arg = pack.to_str().expect("UTF-8 path");
    let mut medians = Vec::new();
    for with_pack in [false, true] {
        let extra: &[&str] = if with_pack {
            &["--rules", pack_arg]
        } else {
            &[]
        };
        let what = if with_pack {
            format!("+ {SYNTHETIC_RULES} generated rules")
        } else {
            "built-in rules".to_string()
        };
        let mut args = vec!["--format", "json", "bazhong-2022.txt"];
        args.extend(extra);
        let runs = repeat(bin, &args, &single, out, settings.single_runs);
        let one = summarize(&runs);
        row(&format!("1 report, cold, {what}"), &one, None);
        let mut args = vec!["--format", "json", name];
        args.extend(extra);
        let runs = repeat(bin, &args, work, out, settings.corpus_runs);
        let all = summarize(&runs);
        row(
            &format!("1000 reports, {what}, output {:016x}", file_hash(out)),
            &all,
            None,
        );
        medians.push((one.median, all.median));
    }
    if let [(one, all), (one_more, all_more)] = medians[..] {
        println!();
        println!(
            "Rule count: {SYNTHETIC_RULES} generated rules add {:+.0} % to one report cold and {:+.0} % to 1000 reports.",
            100.0 * (one_more.as_secs_f64() / one.as_secs_f64() - 1.0),
            100.0 * (all_more.as_secs_f64() / all.as_secs_f64() - 1.0),
        );
        println!();
    }
}

fn row(label: &str, s: &Summary, bytes: Option<u64>) {
    let throughput = bytes
        .map(|b| format!("{:.1} MB/s", mb(b) / s.median.as_secs_f64()))
        .unwrap_or_else(|| "–".to_string());
    let memory = match s.max_rss {
        0 => "unknown".to_string(),
        rss => format!("{:.1} MB", mb(rss)),
    };
    println!(
        "| {label} | {} | {} | {} | {throughput} | {memory} |",
        duration(s.median),
        duration(s.min),
        duration(s.cpu),
    );
}

fn print_phases(p: &phases::Phases) {
    println!();
    println!(
        "Phases, one thread, in process, {} reports of corpus-1000 (setup once: {}):",
        p.reports,
        duration(p.setup)
    );
    println!();
    println!("| Phase | Total | Per report | Share |");
    println!("|---|---|---|---|");
    let rows = [
        ("read files", p.read),
        ("decode", p.decode),
        ("parse (Markdown mask, document, parts)", p.parse),
        (
            "jieba segmentation (`part-contains-words`)",
            p.segmentation(),
        ),
        ("other checks", p.other_checks()),
        ("findings (messages, sorting)", p.findings),
        ("render (JSON)", p.render),
    ];
    let total: Duration = rows.iter().map(|(_, t)| *t).sum();
    for (name, time) in rows {
        println!(
            "| {name} | {} | {:.0} µs | {:.0} % |",
            duration(time),
            time.as_secs_f64() * 1e6 / p.reports as f64,
            100.0 * time.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!("| total | {} | | |", duration(total));
    let mut kinds: Vec<_> = p.kinds.iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(a.1));
    let slowest: Vec<String> = kinds
        .iter()
        .take(5)
        .map(|(kind, time)| format!("{kind} {}", duration(**time)))
        .collect();
    println!();
    println!("Slowest check kinds: {}", slowest.join(", "));
}

/// Writes `unit` repeated (joined by `sep`) until the file has `size` bytes.
/// Written piece by piece: the bench process must stay small (see
/// `process::run`).
fn write_repeated(path: &Path, unit: &str, sep: &str, size: usize) -> u64 {
    let unit = unit.trim_end();
    let file = std::fs::File::create(path).expect("create large input");
    let mut out = std::io::BufWriter::new(file);
    let mut written = 0;
    while written < size {
        out.write_all(unit.as_bytes()).expect("write large input");
        out.write_all(sep.as_bytes()).expect("write large input");
        written += unit.len() + sep.len();
    }
    out.write_all(b"\n").expect("write large input");
    out.flush().expect("write large input");
    written as u64 + 1
}

/// FNV-1a of a file, read piece by piece.
fn file_hash(path: &Path) -> u64 {
    let mut file = std::fs::File::open(path).expect("open output");
    let mut buf = vec![0; 1 << 16];
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    loop {
        let n = file.read(&mut buf).expect("read output");
        if n == 0 {
            return hash;
        }
        for &byte in &buf[..n] {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.1} ms")
    }
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    format!("{cores} cores, {cpu}, {}", std::env::consts::OS)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

/// Today's date (UTC) as YYYY-MM-DD, from the days since 1970
/// (the civil-from-days algorithm of H. Hinnant).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The hostile inputs of `tests/hostile.rs`, each run once: what they cost
/// now that they are bounded.
fn hostile(bin: &Path, work: &Path, out: &Path) {
    use docx::{level, list, numbered, paragraph};
    let dir = work.join("hostile");
    std::fs::create_dir_all(&dir).expect("create folder");
    let title = paragraph("某局2023年法治政府建设年度报告");
    let bomb = docx::docx(
        &[
            title.clone(),
            numbered(1, 0, "主要举措"),
            numbered(1, 0, "存在的不足"),
        ]
        .concat(),
        Some(&list(1, &[level(0, 4_000_000_000, "lowerLetter", "%1.")])),
        None,
    );
    let nested_text: String = "%1%2%3%4%5%6%7%8%9".repeat(4).chars().take(64).collect();
    let nested = docx::docx(
        &numbered(1, 8, "").repeat(4_000),
        Some(&list(
            1,
            &(0..9)
                .map(|l| level(l, 416, "lowerLetter", &nested_text))
                .collect::<Vec<_>>(),
        )),
        None,
    );
    let over = docx::docx(
        &paragraph(&"法治政府建设".repeat(2 * 1024 * 1024 / 18)),
        None,
        None,
    );
    let mut cases: Vec<(&str, u64, Vec<&str>, i32, &str)> = Vec::new();
    let file = |name: &'static str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).expect("write hostile input");
        bytes.len() as u64
    };
    let size = file("bomb.docx", &bomb);
    cases.push((
        "bomb.docx",
        size,
        vec![],
        1,
        "numbering bomb: w:start 4,000,000,000 in letters",
    ));
    let size = file("nested.docx", &nested);
    cases.push((
        "nested.docx",
        size,
        vec![],
        1,
        "nested numbering: 4,000 labels of 9 levels (2 MB of text)",
    ));
    let size = file("over.docx", &over);
    cases.push((
        "over.docx",
        size,
        vec!["--max-file-size", "1MB"],
        2,
        "docx with 2 MB of text, limit 1 MB (refused)",
    ));
    // Issue 22's two shapes: a wording phrase over and over in one
    // paragraph with no sentence end, and many short numbered lines.
    for (name, bytes, label) in [
        (
            "short-lines-1mb.txt",
            1 << 20,
            "1 MB of short lines （1）（2）…",
        ),
        (
            "short-lines-10mb.txt",
            10 << 20,
            "10 MB of short lines （1）（2）…",
        ),
    ] {
        let mut text = String::with_capacity(bytes + 16);
        let mut n = 1u64;
        while text.len() < bytes {
            text.push_str(&format!("（{n}）\n"));
            n += 1;
        }
        let size = file(name, text.as_bytes());
        cases.push((name, size, vec![], 1, label));
    }
    let lines: [(&'static str, &str, &str, usize, &'static str); 6] = [
        (
            "phrase-1mb.txt",
            "依法行政工作",
            " ",
            1 << 20,
            "1 MB paragraph of 依法行政工作, no sentence end",
        ),
        (
            "phrase-10mb.txt",
            "依法行政工作",
            " ",
            10 << 20,
            "10 MB paragraph of 依法行政工作, no sentence end",
        ),
        (
            "words-1mb.txt",
            "法治 政府 建设",
            " ",
            1 << 20,
            "1 MB line of space-separated words",
        ),
        (
            "words-10mb.txt",
            "法治 政府 建设",
            " ",
            10 << 20,
            "10 MB line of space-separated words",
        ),
        (
            "numerals-10mb.txt",
            "一二三四五六七八九十",
            "",
            10 << 20,
            "10 MB line of Chinese numerals",
        ),
        (
            "heading-10mb.txt",
            "",
            "",
            10 << 20,
            "10 MB heading, a full stop, then words",
        ),
    ];
    for (name, unit, sep, bytes, label) in lines {
        let path = dir.join(name);
        let size = if unit.is_empty() {
            let head = format!("一、{}。字", "字".repeat(bytes / 6));
            write_repeated(&path, &head, &" x".repeat(bytes / 4), 1)
        } else {
            write_repeated(&path, unit, sep, bytes)
        };
        cases.push((name, size, vec![], 1, label));
    }
    for (name, size, flags, code, label) in cases {
        let mut args = vec!["--no-config", "--format", "json"];
        args.extend(flags);
        let path = format!("hostile/{name}");
        args.push(&path);
        // What is measured is the cost; a report that is read may have
        // error findings or none (exit 1 or 0), a refused one exits 2.
        let allowed: &[i32] = if code == 2 { &[2] } else { &[0, 1] };
        let runs = vec![run_expecting(bin, &args, work, out, allowed)];
        row(
            &format!("{label} ({})", human(size)),
            &summarize(&runs),
            Some(size),
        );
    }
}

fn human(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", mb(bytes))
    }
}
