//! One report through the engine call, as the outline and findings a
//! reviewer reads: the outline's plain text, then one concise line per
//! finding. Used by the snapshot tests of real reports and the shape tests.

#![allow(dead_code)]

use rl_lint::engine::config::Config;
use rl_lint::engine::{Checked, Engine, Options, Settings};
use std::path::Path;

pub fn engine() -> Engine {
    Engine::new(Config::defaults(Path::new(".")), &Options::default()).expect("engine")
}

pub fn check(engine: &Engine, name: &str, text: &str) -> Checked {
    engine
        .check_text(text.to_string(), Path::new(name), &Settings::default())
        .expect("checked")
}

/// The outline's text and the findings, one concise line each.
pub fn outline_and_findings(checked: &Checked) -> String {
    let report = checked.report();
    let findings: Vec<String> = checked
        .findings
        .iter()
        .map(|f| {
            rl_lint::render::concise_line(&report, f)
                .trim_end()
                .to_string()
        })
        .collect();
    format!(
        "{}\n发现：\n{}\n",
        checked.outline.to_text(),
        findings.join("\n")
    )
}

/// Rule ids of the findings.
pub fn rule_ids(checked: &Checked) -> Vec<String> {
    checked.findings.iter().map(|f| f.rule.clone()).collect()
}
