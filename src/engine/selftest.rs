//! `rl-lint test-rules`: every rule proves its own `examples`, like
//! `semgrep --test`. Each `bad` example must make the rule fire and each
//! `good` one must not; a failure names the example's YAML line.

use crate::checks::baseline::Baseline;
use crate::engine::lint::{lint_with_baseline, LintOptions, TypeChoice};
use crate::finding::Finding;
use crate::input::markdown::Syntax;
use crate::packs::{Rule, RuleSet};
use std::fmt::Write;

/// An example that did not behave as its rule promises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    /// `path:line` of the example in its pack.
    pub location: String,
    /// `true` for a `bad` example that did not fire, `false` for a `good`
    /// one that did.
    pub bad: bool,
    pub example: String,
    /// What the rule reported on a good example.
    pub messages: Vec<String>,
}

/// The outcome of testing some rules.
#[derive(Debug, Default)]
pub struct SelfTest {
    pub rules: usize,
    pub examples: usize,
    pub failures: Vec<ExampleFailure>,
}

/// Runs the examples of `tested` (rules of `rules`), each rule alone, with
/// the parts of every loaded pack.
pub fn test_rules<'r>(rules: &RuleSet, tested: impl IntoIterator<Item = &'r Rule>) -> SelfTest {
    let mut outcome = SelfTest::default();
    for rule in tested {
        outcome.rules += 1;
        let file = rule.origin.rsplit_once(':').map_or("", |(f, _)| f);
        let cases = [
            (true, &rule.examples.bad, &rule.example_lines().0),
            (false, &rule.examples.good, &rule.example_lines().1),
        ];
        for (bad, examples, lines) in cases {
            for (i, example) in examples.iter().enumerate() {
                outcome.examples += 1;
                let findings = lint_example(rules, rule, example);
                let fired: Vec<String> = findings
                    .into_iter()
                    .filter(|f| f.rule == rule.id)
                    .map(|f| f.message)
                    .collect();
                if fired.is_empty() == bad {
                    let line = lines.get(i).copied().unwrap_or(0);
                    outcome.failures.push(ExampleFailure {
                        rule: rule.id.clone(),
                        location: format!("{file}:{line}"),
                        bad,
                        example: example.clone(),
                        messages: fired,
                    });
                }
            }
        }
    }
    outcome
}

/// What `rule` alone reports on one of its examples, compared with the
/// examples' `baseline` when they have one.
pub fn lint_example(rules: &RuleSet, rule: &Rule, example: &str) -> Vec<Finding> {
    let baseline = rule.examples.baseline.as_ref().map(|text| {
        // Last year's report of the rule's type.
        let words = rule
            .types
            .first()
            .map_or(&rules.title_words, |&t| &rules.types[t].title_words);
        Baseline::new(
            "baseline",
            text.clone(),
            Syntax::Plain,
            words,
            &rules.page_residue,
        )
    });
    lint_with_baseline(
        rules,
        [rule],
        example,
        LintOptions {
            // An example is a report of its rule's type, however short.
            report_type: rule
                .types
                .first()
                .map_or(TypeChoice::Detect, |&t| TypeChoice::Type(t)),
            ..LintOptions::default()
        },
        baseline.as_ref(),
    )
}

impl SelfTest {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    /// Text for the terminal: one block per failure, then a summary.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for failure in &self.failures {
            let what = if failure.bad {
                "bad example did not fire"
            } else {
                "good example fired"
            };
            let _ = writeln!(out, "{}: {}: {what}", failure.location, failure.rule);
            for line in failure.example.lines() {
                let _ = writeln!(out, "    | {line}");
            }
            for message in &failure.messages {
                let _ = writeln!(out, "    → {message}");
            }
        }
        let _ = write!(out, "{} rules, {} examples: ", self.rules, self.examples);
        if self.passed() {
            out.push_str("all passed\n");
        } else {
            let _ = writeln!(out, "{} failed", self.failures.len());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packs::RuleSetBuilder;

    const PACK: &str = r#"pack: t
rules:
  - id: t/no-draft
    severity: error
    kind: forbidden-pattern
    patterns: [草稿]
    message: 含有「草稿」
    help: 删除
    basis: 测试
    examples:
      bad:
        - "本文是草稿"
        - "没有问题"
      good:
        - "定稿"
        - "仍是草稿"
"#;

    #[test]
    fn reports_each_failing_example_with_its_line() {
        let mut builder = RuleSetBuilder::default();
        builder.add_source("t.yaml", PACK).unwrap();
        let rules = builder.build().unwrap();
        let outcome = test_rules(&rules, rules.rules.iter().map(|r| r.as_ref()));
        assert_eq!((outcome.rules, outcome.examples), (1, 4));
        let located: Vec<(&str, bool)> = outcome
            .failures
            .iter()
            .map(|f| (f.location.as_str(), f.bad))
            .collect();
        assert_eq!(located, vec![("t.yaml:13", true), ("t.yaml:16", false)]);
        let text = outcome.render();
        assert!(text.contains("t.yaml:13: t/no-draft: bad example did not fire"));
        assert!(text.ends_with("1 rules, 4 examples: 2 failed\n"), "{text}");
    }

    // The built-in packs' examples are proved once, in tests/examples.rs.
}
