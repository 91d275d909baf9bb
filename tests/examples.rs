//! Every built-in rule proves its own `examples`: each `bad` snippet must
//! make the rule fire, each `good` snippet must not.

use rl_lint::engine::selftest::test_rules;
use rl_lint::packs::RuleSet;

#[test]
fn every_builtin_rule_proves_its_examples() {
    let rules = RuleSet::load(&[], true).expect("built-in packs load");
    assert!(
        rules.rules.len() >= 25,
        "expected the full built-in rule list"
    );
    // What `rl-lint test-rules` runs: each rule alone on its `bad` and
    // `good` examples (with their `baseline` when they have one).
    let outcome = test_rules(&rules, rules.rules.iter().map(|r| r.as_ref()));
    assert_eq!(outcome.rules, rules.rules.len());
    assert!(
        outcome.examples >= 2 * rules.rules.len(),
        "{}",
        outcome.render()
    );
    assert!(
        outcome.passed(),
        "rule examples failed:\n{}",
        outcome.render()
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
