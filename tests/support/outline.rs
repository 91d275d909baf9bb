//! One report through the engine call, as the outline and findings a
//! reviewer reads: the outline's plain text, then the findings in the
//! compact listing of the snapshots. Used by the snapshot tests of real
//! reports and the shape tests.

use super::compact::compact_json;
use rl_lint::engine::config::Config;
use rl_lint::engine::{Checked, Engine, Options, Settings};
use std::path::Path;
use std::sync::LazyLock;

/// The engine of the built-in packs with the default configuration,
/// made once per test binary.
pub static ENGINE: LazyLock<Engine> = LazyLock::new(engine);

pub fn engine() -> Engine {
    Engine::new(Config::defaults(Path::new(".")), &Options::default()).expect("engine")
}

pub fn check(engine: &Engine, name: &str, text: &str) -> Checked {
    engine
        .check_text(text.to_string(), Path::new(name), &Settings::default())
        .expect("checked")
}

/// A file's bytes through [`ENGINE`], as any format is read.
pub fn check_bytes(bytes: &[u8], name: &str) -> Checked {
    ENGINE
        .check(bytes, Path::new(name), &Settings::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// What each finding says, without where (lines differ between formats),
/// sorted: for comparing the findings of one report in two formats.
pub fn said(checked: &Checked) -> Vec<String> {
    let mut said: Vec<String> = checked
        .findings
        .iter()
        .map(|f| {
            let text = &checked.text[f.primary.span.start..f.primary.span.end];
            format!("{} {} 「{}」 {}", f.rule, f.message, text, f.primary.text)
        })
        .collect();
    said.sort();
    said
}

/// The outline's text and the findings in the compact listing.
pub fn outline_and_findings(checked: &Checked) -> String {
    let json = rl_lint::render::json(&[rl_lint::render::FileReport::of(checked)]);
    format!(
        "{}\n发现：\n{}",
        checked.outline.to_text(),
        compact_json(&json)
    )
}

/// Rule ids of the findings.
pub fn rule_ids(checked: &Checked) -> Vec<String> {
    checked.findings.iter().map(|f| f.rule.clone()).collect()
}
