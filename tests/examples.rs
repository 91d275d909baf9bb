//! Every built-in rule proves its own `examples`: each `bad` snippet must
//! make the rule fire, each `good` snippet must not.

use rl_lint::engine::selftest::lint_example;
use rl_lint::packs::RuleSet;

#[test]
fn every_builtin_rule_proves_its_examples() {
    let rules = RuleSet::load(&[], true).expect("built-in packs load");
    assert!(
        rules.rules.len() >= 25,
        "expected the full built-in rule list"
    );
    let mut failures = Vec::new();
    for rule in &rules.rules {
        for (expect_fire, examples) in [(true, &rule.examples.bad), (false, &rule.examples.good)] {
            for example in examples {
                // Rules that compare with last year's report get their
                // examples' `baseline`.
                let findings = lint_example(&rules, rule, example);
                let fired = findings.iter().any(|f| f.rule == rule.id);
                if fired != expect_fire {
                    failures.push(format!(
                        "{} ({}): {} example {:?} {}",
                        rule.id,
                        rule.origin,
                        if expect_fire { "bad" } else { "good" },
                        example,
                        if expect_fire { "did not fire" } else { "fired" }
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "rule examples failed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn rule_ids_named_in_the_contract_exist() {
    let rules = RuleSet::load(&[], true).expect("built-in packs load");
    for id in [
        "core/title-missing",
        "core/measures-missing",
        "core/shortcomings-missing",
        "core/shortcomings-no-cause",
        "core/first-responsible-missing",
        "core/first-responsible-not-a-section",
        "core/plan-missing",
        "core/plan-year-mismatch",
        "core/section-order",
        "core/signer-missing",
        "core/date-missing",
        "core/date-malformed",
        "core/date-before-period-end",
        "core/date-after-deadline",
        "format/heading-sequence",
        "format/heading-marker",
        "format/enum-sequence",
        "format/halfwidth-punctuation",
        "format/unpaired-mark",
        "format/nested-book-title",
        "hygiene/web-residue",
        "hygiene/table-residue",
        "hygiene/malformed-number",
        "hygiene/percent-over-100",
        "hygiene/merged-paragraphs",
    ] {
        assert!(rules.rule(id).is_some(), "missing rule {id}");
    }
}
