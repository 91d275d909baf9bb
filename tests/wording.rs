//! The `wording` pack on real reports and on variants made from them: the
//! findings reviewers expect (xuwen-2024's misquoted 《纲要》 goal, the
//! 石家庄 2016 opening's 「习总书记」), silence on the other seeds, the other
//! real openings and a clean report, and dated references judged against
//! the reported year.

mod support;

use rl_lint::engine::finding::Finding;
use rl_lint::engine::lint::lint_with;
use rl_lint::packs::RuleSet;
use support::fixtures::{fixture, read_fixture};

/// The findings of the wording pack on `text`, as (rule, quoted text).
fn wording(text: &str) -> Vec<(String, String)> {
    let rules = RuleSet::load(&[], true).expect("built-in packs load");
    let active = rules.rules.iter().filter(|r| r.pack == "wording");
    let findings: Vec<Finding> =
        lint_with(&rules, active.map(|r| r.as_ref()), text, Default::default());
    findings
        .into_iter()
        .map(|f| {
            let quoted = f.primary.span.text(text).to_string();
            (f.rule, quoted)
        })
        .collect()
}

#[test]
fn xuwen_misquotes_the_outline_goal() {
    let found = wording(&read_fixture("xuwen-2024.txt"));
    assert_eq!(
        found,
        vec![(
            "wording/rule-of-law-government-goal".to_string(),
            "智能科学、权责法定、廉洁诚信、人民满意".to_string()
        )]
    );
}

#[test]
fn bazhong_misquotes_the_first_responsible_regulation() {
    let found = wording(&read_fixture("bazhong-2022.txt"));
    assert_eq!(
        found,
        vec![(
            "wording/power-and-duty".to_string(),
            "有权必有责、有责必担当、失责必追究".to_string()
        )]
    );
}

#[test]
fn the_other_seeds_and_a_clean_report_are_silent() {
    for name in [
        "gaozhou-2020.txt",
        "lucheng-2021.txt",
        "zhongshan-2020.txt",
        "clean/clean-2022.txt",
    ] {
        assert_eq!(wording(&read_fixture(name)), vec![], "{name}");
    }
}

/// The 石家庄 2016 opening names 「习总书记」 in a heading; every other real
/// opening is silent.
#[test]
fn real_openings() {
    let dir = fixture("real");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/real")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 27, "{names:?}");
    for name in names {
        let found = wording(&read_fixture(&format!("real/{name}")));
        if name == "shijiazhuangshi-2016.txt" {
            assert_eq!(
                found,
                vec![(
                    "wording/xi-general-secretary".to_string(),
                    "习总书记".to_string()
                )]
            );
        } else {
            assert_eq!(found, vec![], "{name}");
        }
    }
}

/// xuwen-2024 moved back to 2021 cites two meetings that had not yet taken
/// place; moved on to 2026 it cites a plan that has ended.
#[test]
fn dated_references_follow_the_reported_year() {
    let original = read_fixture("xuwen-2024.txt");
    let rules_of = |text: &str| -> Vec<String> {
        let mut rules: Vec<String> = wording(text).into_iter().map(|(r, _)| r).collect();
        rules.dedup();
        rules
    };
    let in_2021 = original.replace("2024年", "2021年");
    assert_eq!(
        rules_of(&in_2021),
        vec![
            "wording/before-20th-congress",
            "wording/before-20th-3rd-plenum",
            "wording/rule-of-law-government-goal",
            "wording/before-20th-congress",
            "wording/before-20th-3rd-plenum",
        ]
    );
    let gaozhou = read_fixture("gaozhou-2020.txt");
    assert!(rules_of(&gaozhou).is_empty());
    // The city's own 「“十三五”规划」 cited in a report for 2023.
    let in_2023 = gaozhou.replace("2020年", "2023年");
    assert_eq!(rules_of(&in_2023), vec!["wording/expired-13th-five-year"]);
}
