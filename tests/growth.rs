//! Generated growth tests. No input here is picked by hand: every rule of
//! every built-in pack (its `examples`, bad and good) and every paragraph
//! of the fixture reports is made into a unit, and each unit is checked at
//! ×1, ×4 and ×16 its size in three layouts:
//! - `paragraph`: one paragraph with no sentence end (line breaks and
//!   sentence ends become spaces);
//! - `clauses`: one paragraph of clauses (they become 「，」);
//! - `lines`: a sentence or clause a line (many short lines).
//!
//! The work, the thread's CPU time and the bytes allocated (see
//! `support::work`), must grow within a linear factor: at most 2.5 times
//! faster than the input from ×1 to ×4 and 2 times from ×1 to ×16
//! (quadratic work grows 4 and 16 times faster). A CPU time that exceeds
//! it is measured again, in alternating rounds, before the test fails
//! (`support::work::compare`); no test here reads the wall clock. A rule added to a
//! pack, or a fixture added to `tests/fixtures/`, is covered without a test
//! written for it.
//!
//! The ×1 inputs of the rules' units in the `paragraph` shape are also
//! written to `target/tmp/growth-seeds/`, where `.ci/fuzz` takes them as
//! seeds for the pipeline target (the fixtures are seeds of their own).

mod support;

use std::path::{Path, PathBuf};
use support::work::Work;

#[global_allocator]
static GLOBAL: support::work::Counting = support::work::Counting;

/// The size a unit is repeated to at ×1: large enough that a quadratic
/// path's share shows at ×16 (96 KB), small enough that the whole harness
/// takes a minute or two in a debug build.
const BASE: usize = 6 * 1024;

/// Fixture paragraphs are grouped into units of about this size.
const FIXTURE_UNIT: usize = 4 * 1024;

/// The marks that end a sentence, and those rl-lint reads as clause ends.
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?', '；', ';', '…'];

#[derive(Debug, Clone, Copy)]
enum Shape {
    Paragraph,
    Clauses,
    Lines,
}

impl Shape {
    const ALL: [Shape; 3] = [Shape::Paragraph, Shape::Clauses, Shape::Lines];

    fn name(self) -> &'static str {
        match self {
            Shape::Paragraph => "paragraph",
            Shape::Clauses => "clauses",
            Shape::Lines => "lines",
        }
    }

    /// The unit laid out in this shape, ending with the separator that
    /// joins its repetitions.
    fn lay_out(self, unit: &str) -> String {
        let pieces = unit
            .split(|c: char| c == '\n' || SENTENCE_ENDS.contains(&c))
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let separator = match self {
            Shape::Paragraph => " ",
            Shape::Clauses => "，",
            Shape::Lines => "\n",
        };
        let mut out = String::new();
        for piece in pieces {
            out.push_str(piece);
            out.push_str(separator);
        }
        out
    }
}

/// One unit: where it came from and its text.
struct Unit {
    name: String,
    text: String,
    /// Whether its ×1 input in the `paragraph` shape seeds the fuzzer (a
    /// rule's examples: the fixtures seed it themselves).
    seed: bool,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Each rule of the pack at `rules/{pack}.yaml` with examples: its bad and
/// good examples, one after another.
fn rule_units(pack: &str) -> Vec<Unit> {
    let path = root().join("rules").join(format!("{pack}.yaml"));
    let src = std::fs::read_to_string(&path).expect("pack");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&src).expect("pack YAML");
    let rules = yaml
        .get("rules")
        .and_then(|r| r.as_sequence())
        .cloned()
        .unwrap_or_default();
    let mut units = Vec::new();
    for rule in rules {
        let id = rule.get("id").and_then(|i| i.as_str()).unwrap_or("?");
        let mut text = String::new();
        for key in ["bad", "good"] {
            let examples = rule
                .get("examples")
                .and_then(|e| e.get(key))
                .and_then(|e| e.as_sequence());
            for example in examples.into_iter().flatten() {
                if let Some(example) = example.as_str() {
                    text.push_str(example);
                    text.push('\n');
                }
            }
        }
        if !text.trim().is_empty() {
            units.push(Unit {
                name: format!("{pack}/{id}"),
                text,
                seed: true,
            });
        }
    }
    units
}

/// The paragraphs of every `.txt` report in `folder` (under
/// `tests/fixtures/`), in groups of about [`FIXTURE_UNIT`] bytes.
fn fixture_units(folder: &str) -> Vec<Unit> {
    let dir = root().join("tests/fixtures").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut units = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("fixture");
        let stem = file
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let mut group = String::new();
        let mut part = 0;
        for paragraph in text.lines().filter(|l| !l.trim().is_empty()) {
            group.push_str(paragraph);
            group.push('\n');
            if group.len() >= FIXTURE_UNIT {
                part += 1;
                units.push(Unit {
                    name: format!("{folder}/{stem}#{part}"),
                    text: std::mem::take(&mut group),
                    seed: false,
                });
            }
        }
        if !group.is_empty() {
            units.push(Unit {
                name: format!("{folder}/{stem}#{}", part + 1),
                text: group,
                seed: false,
            });
        }
    }
    units
}

/// `laid` repeated to at least `bytes` bytes.
fn repeated(laid: &str, bytes: usize) -> Vec<u8> {
    let times = bytes / laid.len().max(1) + 1;
    laid.repeat(times).into_bytes()
}

/// Where the ×1 inputs go for the fuzzer.
fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("growth-seeds")
}

/// Checks every unit in every shape and returns what grew too fast.
fn grow(units: &[Unit]) -> Vec<String> {
    let engine = support::work::engine();
    // Warm up the lazily built tables (dictionary, regexes).
    let _ = Work::of(&engine, "一、主要举措\n依法行政。\n".as_bytes(), "r.txt", 1);
    let seeds = seeds_dir();
    let _ = std::fs::create_dir_all(&seeds);
    let mut failures = Vec::new();
    for unit in units {
        for shape in Shape::ALL {
            let laid = shape.lay_out(&unit.text);
            if laid.trim().is_empty() {
                continue;
            }
            let name = format!("{} ({})", unit.name, shape.name());
            let input = |scale: usize| repeated(&laid, BASE * scale);
            let one = input(1);
            if unit.seed && matches!(shape, Shape::Paragraph) {
                let seed = seeds.join(format!("{}.txt", unit.name.replace('/', "-")));
                let _ = std::fs::write(seed, &one);
            }
            let mut base = Work::of(&engine, &one, "r.txt", 1);
            for scale in [4usize, 16] {
                let slack = if scale == 4 { 2.5 } else { 2.0 };
                let limit = scale as f64 * slack;
                let bytes = input(scale);
                // Measured again before an over-limit CPU ratio counts.
                let (work, time, memory) =
                    support::work::compare(&engine, &mut base, &one, &bytes, "r.txt", limit);
                if time >= limit || memory >= limit {
                    failures.push(format!(
                        "{name} ×{scale}: {time:.1}× the CPU time ({:?} against {:?}), {memory:.1}× the bytes allocated",
                        work.cpu, base.cpu
                    ));
                }
            }
        }
    }
    failures
}

fn assert_grows_linearly(units: Vec<Unit>, least: usize) {
    assert!(units.len() >= least, "only {} units", units.len());
    let failures = grow(&units);
    assert!(
        failures.is_empty(),
        "{} of {} units grow faster than linearly:\n{}",
        failures.len(),
        units.len(),
        failures.join("\n")
    );
}

/// Every pack file in `rules/` has its test here, so that a new pack is
/// not silently left out.
#[test]
fn every_pack_is_grown() {
    let mut packs: Vec<String> = std::fs::read_dir(root().join("rules"))
        .expect("rules")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    packs.sort();
    assert_eq!(
        packs,
        ["content", "core", "format", "gongkai", "hygiene", "layout", "wording"],
        "a pack was added or removed: give it a test below"
    );
}

#[test]
fn content_rules_grow_linearly() {
    assert_grows_linearly(rule_units("content"), 3);
}

#[test]
fn core_rules_grow_linearly() {
    assert_grows_linearly(rule_units("core"), 10);
}

#[test]
fn format_rules_grow_linearly() {
    assert_grows_linearly(rule_units("format"), 5);
}

#[test]
fn gongkai_rules_grow_linearly() {
    assert_grows_linearly(rule_units("gongkai"), 5);
}

#[test]
fn hygiene_rules_grow_linearly() {
    assert_grows_linearly(rule_units("hygiene"), 5);
}

#[test]
fn layout_rules_have_no_text_examples() {
    // The layout kinds read a Word document's layout, which a text cannot
    // carry; their growth is the .docx reader's (tests/hostile.rs).
    assert!(rule_units("layout").is_empty());
}

#[test]
fn wording_rules_grow_linearly() {
    assert_grows_linearly(rule_units("wording"), 20);
}

#[test]
fn fixture_reports_grow_linearly() {
    let mut units = fixture_units("");
    units.extend(fixture_units("gongkai"));
    assert_grows_linearly(units, 10);
}

#[test]
fn real_openings_grow_linearly() {
    let mut units = fixture_units("real");
    units.extend(fixture_units("clean"));
    assert_grows_linearly(units, 5);
}
