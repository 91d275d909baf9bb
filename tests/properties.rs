//! Property tests: rl-lint on arbitrary bytes, arbitrary Unicode text and
//! real reports mutated the way drafts really break (lines deleted,
//! duplicated, swapped, merged, split; bytes cut mid-character; punctuation
//! swapped between half- and full-width; headings renumbered; Markdown and
//! control characters pasted in). Whatever the input, rl-lint returns
//! findings or a clear error and keeps the invariants of
//! `support/invariants.rs`. Metamorphic checks: the same report in GB18030,
//! UTF-16 or with CRLF and a BOM gives the same findings, and so does the
//! report with a blank line appended.
//!
//! The seed is fixed, so CI runs the same cases every time; set
//! `RL_LINT_PROPTEST_SEED` to explore others, and `RL_LINT_PROPTEST_SCALE`
//! (a factor, default 1) to run more or fewer cases. Most cases run
//! through the library; `cli_output_is_valid` runs the binary.

mod support;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed};
use rl_lint::engine::finding::Finding;
use rl_lint::input::markdown::Syntax;
use rl_lint::input::{decode_bytes, SourceEncoding};
use support::invariants::{check_bytes, check_fix, check_renderers, check_text, linter};

const SEED_TEXTS: &[&str] = &[
    include_str!("fixtures/bazhong-2022.txt"),
    include_str!("fixtures/gaozhou-2020.txt"),
    include_str!("fixtures/lucheng-2021.txt"),
    include_str!("fixtures/xuwen-2024.txt"),
    include_str!("fixtures/zhongshan-2020.txt"),
    include_str!("fixtures/clean/clean-2022.txt"),
];

/// `cases` test cases with the fixed (or chosen) seed, no files written.
fn config(cases: u32) -> Config {
    let seed = std::env::var("RL_LINT_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_2024);
    let scale: f64 = std::env::var("RL_LINT_PROPTEST_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    Config {
        cases: ((f64::from(cases) * scale) as u32).max(1),
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

/// Pieces that matter to the parser: heading markers of every level and
/// style, dates, the words parts are recognised by, half- and full-width
/// punctuation, Markdown syntax, line ends, BOMs, controls, combining marks,
/// wide and astral characters.
const PIECES: &[&str] = &[
    "一、",
    "二、",
    "十一、",
    "（一）",
    "(二)",
    "（十）",
    "1.",
    "2、",
    "（1）",
    "(3)",
    "①",
    "第一章",
    "一是",
    "二是",
    "某局",
    "2023年",
    "法治政府建设年度报告",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "2023年12月31日",
    "2024年3月1日",
    "二〇二三年二月二日",
    "2023-02-30",
    "2023年13月",
    "党政主要负责人履行推进法治建设第一责任人职责情况",
    "存在的不足和原因",
    "原因",
    "下一步",
    "2024年工作安排",
    "主要举措和成效",
    "，",
    ",",
    "。",
    ".",
    "：",
    ":",
    "；",
    ";",
    "（",
    "(",
    "）",
    ")",
    "！",
    "!",
    "？",
    "?",
    "《",
    "》",
    "<",
    ">",
    "“",
    "\"",
    "、",
    "%",
    "150%",
    "  ",
    "\u{3000}",
    "\t",
    "\u{FEFF}",
    "\u{200B}",
    "\u{0B}",
    "\u{0C}",
    "\u{1A}",
    "e\u{301}",
    "😀",
    "𠀀",
    "Ａ",
    "#",
    "## ",
    "# ",
    "* ",
    "- ",
    "> ",
    "**",
    "`",
    "```\n",
    "---\n",
    "|",
    "| a | b |\n",
    "[链接](http://x.cn)",
    "![](a.png)",
    "<!--",
    "-->",
    "<br>",
    "http://www.gov.cn",
    "\\",
    "[",
    "]",
    "&nbsp;",
    "&",
    "：",
    "法治",
    "建设",
    "报告",
    "年",
    "月",
    "日",
    "区人民政府",
];

fn pieces_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

/// Ways a draft breaks. Indices pick lines, places and pieces.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    MergeLines(Index),
    SplitLine(Index, Index),
    DeleteChars(Index, Index),
    Insert(Index, Index),
    SwapWidth(Index, bool),
    RenumberHeading(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let index = any::<Index>;
    prop_oneof![
        index().prop_map(Mutation::DeleteLine),
        index().prop_map(Mutation::DuplicateLine),
        (index(), index()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        index().prop_map(Mutation::MergeLines),
        (index(), index()).prop_map(|(a, b)| Mutation::SplitLine(a, b)),
        (index(), index()).prop_map(|(a, b)| Mutation::DeleteChars(a, b)),
        (index(), index()).prop_map(|(a, b)| Mutation::Insert(a, b)),
        (index(), any::<bool>()).prop_map(|(a, b)| Mutation::SwapWidth(a, b)),
        (index(), index()).prop_map(|(a, b)| Mutation::RenumberHeading(a, b)),
    ]
}

const WIDTH_PAIRS: &[(&str, &str)] = &[
    (",", "，"),
    (":", "："),
    (";", "；"),
    ("(", "（"),
    (")", "）"),
    ("!", "！"),
    ("?", "？"),
    (".", "。"),
    ("\"", "“"),
    ("<", "《"),
    (">", "》"),
    (" ", "\u{3000}"),
];

const NUMERALS: &[&str] = &[
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "1", "2", "3", "9",
];

/// The byte offset of the char boundary at or before `index` of `text`.
fn boundary(text: &str, index: Index) -> usize {
    let mut at = index.index(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let n = lines.len();
    match mutation {
        Mutation::DeleteLine(i) => {
            lines.remove(i.index(n));
        }
        Mutation::DuplicateLine(i) => {
            let i = i.index(n);
            lines.insert(i, lines[i].clone());
        }
        Mutation::SwapLines(a, b) => lines.swap(a.index(n), b.index(n)),
        Mutation::MergeLines(i) => {
            let i = i.index(n);
            if i + 1 < n {
                let next = lines.remove(i + 1);
                lines[i].push_str(&next);
            }
        }
        Mutation::SplitLine(i, at) => {
            let i = i.index(n);
            let at = boundary(&lines[i], *at);
            let rest = lines[i].split_off(at);
            lines.insert(i + 1, rest);
        }
        Mutation::DeleteChars(at, len) => {
            let start = boundary(text, *at);
            let rest = &text[start..];
            let mut len = len.index(64).min(rest.len());
            while !rest.is_char_boundary(len) {
                len -= 1;
            }
            let end = start + len;
            return format!("{}{}", &text[..start], &text[end..]);
        }
        Mutation::Insert(at, piece) => {
            let at = boundary(text, *at);
            let piece = PIECES[piece.index(PIECES.len())];
            return format!("{}{piece}{}", &text[..at], &text[at..]);
        }
        Mutation::SwapWidth(pair, to_full) => {
            let (half, full) = WIDTH_PAIRS[pair.index(WIDTH_PAIRS.len())];
            return if *to_full {
                text.replace(half, full)
            } else {
                text.replace(full, half)
            };
        }
        Mutation::RenumberHeading(line, numeral) => {
            // A line that starts with a numeral or a bracketed one.
            let headings: Vec<usize> = (0..n)
                .filter(|&i| {
                    let l = lines[i].trim_start().trim_start_matches(['（', '(']);
                    NUMERALS.iter().any(|d| l.starts_with(d))
                })
                .collect();
            if !headings.is_empty() {
                let i = headings[line.index(headings.len())];
                let l = &lines[i];
                let lead = l.len() - l.trim_start().trim_start_matches(['（', '(']).len();
                let old = NUMERALS
                    .iter()
                    .find(|d| l[lead..].starts_with(**d))
                    .map_or(0, |d| d.len());
                let new = NUMERALS[numeral.index(NUMERALS.len())];
                lines[i] = format!("{}{new}{}", &l[..lead], &l[lead + old..]);
            }
        }
    }
    lines.join("\n")
}

/// A seed report with 1 to 6 mutations.
fn mutated_report() -> impl Strategy<Value = String> {
    (0..SEED_TEXTS.len(), prop::collection::vec(mutation(), 1..6)).prop_map(|(seed, mutations)| {
        mutations
            .iter()
            .fold(SEED_TEXTS[seed].to_string(), |text, m| apply(&text, m))
    })
}

/// Bytes: random, or a seed's bytes (in one of the encodings) with some
/// bytes overwritten and the end cut off anywhere (mid-character too).
fn report_bytes() -> impl Strategy<Value = Vec<u8>> {
    let random = prop::collection::vec(any::<u8>(), 0..600);
    let damaged = (
        0..SEED_TEXTS.len(),
        0..4usize,
        prop::collection::vec((any::<Index>(), any::<u8>()), 0..4),
        any::<Index>(),
    )
        .prop_map(|(seed, encoding, overwrites, cut)| {
            let mut bytes = encoded(SEED_TEXTS[seed], ENCODINGS[encoding]);
            for (at, byte) in overwrites {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            bytes.truncate(cut.index(bytes.len() + 1));
            bytes
        });
    prop_oneof![random, damaged]
}

const ENCODINGS: &[SourceEncoding] = &[
    SourceEncoding::Utf8,
    SourceEncoding::Utf8Bom,
    SourceEncoding::Utf16LeBom,
    SourceEncoding::Gb18030,
];

fn encoded(text: &str, encoding: SourceEncoding) -> Vec<u8> {
    rl_lint::input::encode(text, encoding).expect("every text is encodable")
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn arbitrary_bytes(bytes in report_bytes()) {
        check_bytes(&bytes);
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn arbitrary_unicode_text(text in any::<String>()) {
        for syntax in [Syntax::Plain, Syntax::Markdown] {
            let findings = check_text(&text, syntax);
            check_renderers(&text, &findings);
            check_fix(&text, syntax);
        }
    }

    #[test]
    fn text_made_of_report_pieces(text in pieces_text()) {
        for syntax in [Syntax::Plain, Syntax::Markdown] {
            let findings = check_text(&text, syntax);
            check_renderers(&text, &findings);
            check_fix(&text, syntax);
        }
    }
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn mutated_reports(text in mutated_report(), markdown in any::<bool>()) {
        let syntax = if markdown { Syntax::Markdown } else { Syntax::Plain };
        let findings = check_text(&text, syntax);
        check_renderers(&text, &findings);
        check_fix(&text, syntax);
    }
}

/// Findings with their spans mapped through `map` (an offset in the
/// variant → the offset in the original), for comparing runs.
fn mapped(
    findings: &[Finding],
    map: impl Fn(usize) -> usize,
) -> Vec<(String, usize, usize, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule.clone(),
                map(f.primary.span.start),
                map(f.primary.span.end),
                f.message.clone(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(config(250))]

    #[test]
    fn other_encodings_give_the_same_findings(text in mutated_report(), encoding in 0..4usize) {
        let encoding = ENCODINGS[encoding];
        let original = linter().lint(&text);
        match decode_bytes(&encoded(&text, encoding), "报告.txt") {
            Ok(decoded) => {
                prop_assert_eq!(&decoded.text, &text);
                prop_assert_eq!(linter().lint(&decoded.text), original);
            }
            // Mutations can leave a report with nothing but whitespace or
            // too few Chinese characters to tell GB18030 from noise.
            Err(err) => prop_assert!(
                text.trim().is_empty() || encoding == SourceEncoding::Gb18030,
                "{err}"
            ),
        }
    }

    #[test]
    fn crlf_and_bom_give_the_same_findings(text in mutated_report()) {
        // Keep the text's own CRs out of the picture: only LF line ends.
        let text = text.replace('\r', "");
        let original = linter().lint(&text);
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        let Ok(decoded) = decode_bytes(&bytes, "报告.txt") else {
            prop_assert!(text.trim().is_empty() || text.chars().any(|c| c.is_control() && c != '\n'));
            return Ok(());
        };
        let crlf = linter().lint(&decoded.text);
        // An offset in the CRLF text, less the CRs before it.
        let crs: Vec<usize> = decoded.text.match_indices('\r').map(|(i, _)| i).collect();
        let back = |offset: usize| offset - crs.partition_point(|&cr| cr < offset);
        prop_assert_eq!(mapped(&crlf, back), mapped(&original, |o| o));
    }

    #[test]
    fn appending_a_blank_line_changes_nothing(text in mutated_report()) {
        let text = format!("{}\n", text.trim_end_matches('\n'));
        let original = linter().lint(&text);
        let appended = linter().lint(&format!("{text}\n"));
        prop_assert_eq!(mapped(&appended, |o| o), mapped(&original, |o| o));
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// The binary itself, in every output format, on mutated reports.
    #[test]
    fn cli_output_is_valid(text in mutated_report(), format in 0..5usize, markdown in any::<bool>()) {
        let format = ["json", "sarif", "concise", "github", "full"][format];
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(if markdown { "报告.md" } else { "报告.txt" });
        std::fs::write(&path, &text).expect("write");
        let run = || {
            assert_cmd::Command::cargo_bin("rl-lint")
                .expect("binary")
                .args(["--no-config", "--format", format])
                .arg(&path)
                .output()
                .expect("run rl-lint")
        };
        let output = run();
        let code = output.status.code().expect("exit code");
        let stderr = String::from_utf8_lossy(&output.stderr);
        // 2 only for a report decoding rejects (e.g. mutated into blank).
        let rejected = decode_bytes(text.as_bytes(), "x").is_err();
        prop_assert!(
            matches!(code, 0 | 1) || (code == 2 && rejected),
            "exit code {} on {:?}: {}", code, format, stderr
        );
        prop_assert!(!stderr.contains("panicked"), "{}", stderr);
        let stdout = String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8");
        if matches!(format, "json" | "sarif") && code != 2 {
            let parsed = serde_json::from_str::<serde_json::Value>(&stdout);
            prop_assert!(parsed.is_ok(), "{} output is not JSON", format);
        }
        prop_assert_eq!(&run().stdout, &output.stdout, "same input, different output");
    }
}
