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
        let found = without_short_names(wording(&read_fixture(name)));
        assert_eq!(found, vec![], "{name}");
    }
}

/// `found` without the short names at a first mention (info), which
/// `a_short_name_at_the_first_mention` and the snapshots cover.
fn without_short_names(found: Vec<(String, String)>) -> Vec<(String, String)> {
    found
        .into_iter()
        .filter(|(rule, _)| rule != "wording/law-short-name")
        .collect()
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
        let found = without_short_names(wording(&read_fixture(&format!("real/{name}"))));
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
    // The city's own 「“十三五”规划」 cited in a report for 2023, and the
    // 信访条例 replaced in 2022.
    let in_2023 = gaozhou.replace("2020年", "2023年");
    assert_eq!(
        rules_of(&in_2023),
        vec!["wording/expired-13th-five-year", "wording/law-repealed"]
    );
}

/// The findings of one wording rule on `text`, as the quoted text.
fn of_rule(text: &str, rule: &str) -> Vec<String> {
    wording(text)
        .into_iter()
        .filter(|(r, _)| r == rule)
        .map(|(_, quoted)| quoted)
        .collect()
}

#[test]
fn a_repealed_law_cited_in_a_later_year() {
    // lucheng-2021 cites the civil code; a writer who copies an old text
    // cites the contract law it replaced.
    let lucheng = read_fixture("lucheng-2021.txt");
    assert!(of_rule(&lucheng, "wording/law-repealed").is_empty());
    let repealed = lucheng.replacen("《中华人民共和国民法典》", "《中华人民共和国合同法》", 1);
    assert_ne!(repealed, lucheng);
    assert_eq!(
        of_rule(&repealed, "wording/law-repealed"),
        ["《中华人民共和国合同法》"]
    );
    // The same report for 2020, before the repeal, is right.
    let in_2020 = repealed.replace("2021年", "2020年");
    assert!(of_rule(&in_2020, "wording/law-repealed").is_empty());
}

/// gaozhou-2020 cites the 信访条例 of 2005, in force until the 信访工作条例
/// took effect on 1 May 2022: right in 2020 and 2022, repealed in 2023.
#[test]
fn the_petitions_regulation_cited_after_its_replacement() {
    let gaozhou = read_fixture("gaozhou-2020.txt");
    assert!(gaozhou.contains("《信访条例》"));
    assert!(of_rule(&gaozhou, "wording/law-repealed").is_empty());
    let in_2022 = gaozhou.replace("2020年", "2022年");
    assert!(of_rule(&in_2022, "wording/law-repealed").is_empty());
    let in_2023 = gaozhou.replace("2020年", "2023年");
    assert_eq!(of_rule(&in_2023, "wording/law-repealed"), ["《信访条例》"]);
}

#[test]
fn a_misnamed_law() {
    let xuwen = read_fixture("xuwen-2024.txt");
    assert!(of_rule(&xuwen, "wording/law-name").is_empty());
    let misnamed = xuwen.replacen(
        "《中华人民共和国政府信息公开条例》",
        "《中华人民共和国政府信息公开法》",
        1,
    );
    assert_eq!(
        of_rule(&misnamed, "wording/law-name"),
        ["《中华人民共和国政府信息公开法》"]
    );
}

#[test]
fn a_short_name_at_the_first_mention() {
    // zhongshan-2020 writes 《民法典》 from its first mention.
    let zhongshan = read_fixture("zhongshan-2020.txt");
    assert_eq!(
        of_rule(&zhongshan, "wording/law-short-name"),
        ["《民法典》"]
    );
    // gaozhou-2020 gives the full title; a later short mention is fine.
    let gaozhou = read_fixture("gaozhou-2020.txt");
    assert!(of_rule(&gaozhou, "wording/law-short-name").is_empty());
    let full_first = zhongshan.replacen("《民法典》", "《中华人民共和国民法典》", 1);
    assert!(of_rule(&full_first, "wording/law-short-name").is_empty());
}

#[test]
fn a_regions_own_formulation_is_not_flagged() {
    // lushanxian-2024 writes 「依法治县」; a provincial report puts its
    // one-character name there, a city its own name.
    let lushan = read_fixture("real/lushanxian-2024.txt");
    assert!(of_rule(&lushan, "wording/joint-advance").is_empty());
    for own in ["依法治川", "依法治豫", "依法治省", "依法治鲁山"] {
        let text = lushan.replacen("依法治县、依法执政", &format!("{own}、依法执政"), 1);
        assert_ne!(text, lushan);
        assert!(of_rule(&text, "wording/joint-advance").is_empty(), "{own}");
    }
    // Not a region's name: still a misquotation.
    let wrong = lushan.replacen("依法治县、依法执政", "依法治理、依法执政", 1);
    assert_eq!(
        of_rule(&wrong, "wording/joint-advance"),
        ["依法治理、依法执政、依法行政共同推进"]
    );
}

#[test]
fn a_near_miss_is_marked_on_its_substitute() {
    // A county report put 「职责明确」 where the 纲要 goal has
    // 「职能科学、权责法定」.
    let xuwen = read_fixture("xuwen-2024.txt");
    let text = xuwen.replacen(
        "智能科学、权责法定、廉洁诚信、人民满意",
        "职责明确、执法严明、公开公正、智能高效、廉洁诚信、人民满意",
        1,
    );
    assert_ne!(text, xuwen);
    let rules = RuleSet::load(&[], true).expect("built-in packs load");
    let active = rules
        .rules
        .iter()
        .filter(|r| r.id == "wording/rule-of-law-government-goal");
    let findings = lint_with(
        &rules,
        active.map(|r| r.as_ref()),
        &text,
        Default::default(),
    );
    assert_eq!(findings.len(), 1);
    let finding = &findings[0];
    assert!(finding
        .primary
        .span
        .text(&text)
        .starts_with("职责明确、执法严明"));
    assert!(
        finding
            .message
            .contains("「职责明确」写在了「职能科学、权责法定」的位置"),
        "{}",
        finding.message
    );
}
