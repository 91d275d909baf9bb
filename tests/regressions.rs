//! Replays every input in `tests/regressions/` (inputs that once broke
//! rl-lint, most found by `.ci/fuzz`) through the whole pipeline: decoding,
//! the document model, every rule as plain text and as Markdown, every
//! output format and `--fix`, with the invariants of
//! `support/invariants.rs`.

mod support;

use std::path::Path;
use support::invariants;

#[test]
fn every_regression_input_keeps_the_invariants() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut inputs: Vec<_> = std::fs::read_dir(&folder)
        .expect("tests/regressions")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no regression inputs in {folder:?}");
    for path in inputs {
        let bytes = std::fs::read(&path).expect("read regression input");
        eprintln!("{}", path.display());
        invariants::check_bytes(&bytes);
    }
}
