//! Snapshots of the rendered diagnostics (no colour, fixed width) and of the
//! JSON output for every fixture report. Stored in the top-level
//! `snapshots/` folder; review changes with `cargo insta review`.

use rl_lint::engine::lint::Linter;
use rl_lint::packs::RuleSet;
use rl_lint::render::{self, FileReport, FullOptions};
use std::path::Path;

const FIXTURES: &[&str] = &[
    "bazhong-2022",
    "gaozhou-2020",
    "lucheng-2021",
    "xuwen-2024",
    "zhongshan-2020",
];

fn linter() -> Linter {
    Linter::new(
        RuleSet::load(&[], true).expect("built-in packs load"),
        &[],
        &[],
    )
    .expect("no selectors")
}

fn fixture(name: &str) -> (String, String) {
    let path = format!("tests/fixtures/{name}.txt");
    let decoded = rl_lint::input::read_report(Path::new(&path)).expect("fixture decodes");
    (path, decoded.text)
}

macro_rules! with_snapshot_settings {
    ($body:block) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, $body)
    };
}

#[test]
fn rendered_diagnostics() {
    let linter = linter();
    for name in FIXTURES {
        let (path, text) = fixture(name);
        let report = FileReport::new(&path, &text, linter.lint(&text));
        let mut out = render::full(
            &report,
            FullOptions {
                color: false,
                width: 100,
            },
        );
        let mut totals = render::Totals::default();
        totals.add(&report.findings);
        out.push_str(&totals.summary());
        with_snapshot_settings!({
            insta::assert_snapshot!(format!("{name}.full"), out);
        });
    }
}

#[test]
fn json_output() {
    let linter = linter();
    for name in FIXTURES {
        let (path, text) = fixture(name);
        let report = FileReport::new(&path, &text, linter.lint(&text));
        let json = render::json(&[report]);
        with_snapshot_settings!({
            insta::assert_snapshot!(format!("{name}.json"), json);
        });
    }
}
