//! Rule packs and configuration files written by other people: any text
//! loads as a pack (after the built-in ones) or fails with an error that
//! renders; a pack that loads runs on a real report with valid spans.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

use rl_lint::engine::config::Config;
use rl_lint::engine::lint::Linter;
use rl_lint::packs::RuleSetBuilder;
use std::path::Path;

const REPORT: &str = include_str!("../../tests/fixtures/bazhong-2022.txt");

fn render(err: &dyn miette::Diagnostic) {
    let mut out = String::new();
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    let _ = handler.render_report(&mut out, err);
}

libfuzzer_sys::fuzz_target!(|src: &str| {
    if let Err(err) = Config::parse(Path::new("fuzz.yaml"), Path::new("."), src.to_string()) {
        render(&err);
    }
    let mut builder = RuleSetBuilder::default()
        .with_builtin()
        .expect("built-in packs load");
    let loaded = builder
        .add_source("fuzz.yaml", src)
        .and_then(|()| builder.build());
    match loaded {
        Err(err) => render(&err),
        Ok(rules) => {
            let linter = Linter::new(rules, &[], &[]).expect("no selectors");
            let findings = linter.lint(REPORT);
            invariants::check_spans(REPORT, &findings);
        }
    }
});
