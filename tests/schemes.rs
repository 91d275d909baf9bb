//! Parts are found whatever the top-level heading scheme: every seed,
//! rewritten with its top level unnumbered, as 「第一部分」, as formal
//! numerals, as Arabic numbers 「1.」, with the marker on a line of its
//! own, or as 「第一部分」 over its own levels written one level down
//! (「一、」 under 「第一部分」), has the same parts as the seed (no
//! missing-part finding the seed does not have) and no numbering error
//! the seed does not have, and the scheme is reported once; without its
//! plan part, each still gives `core/plan-missing`.

mod support;

use support::fixtures::{seed, SEEDS};
use support::outline::{check, rule_ids, ENGINE};
use support::schemes::{rewrite, top_level_count, without_section, Scheme, SCHEMES};

/// Findings that a part is missing or not a section of its own.
fn part_findings(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = rule_ids(&check(&ENGINE, "variant.txt", text))
        .into_iter()
        .filter(|r| r.ends_with("-missing") || r.ends_with("-not-a-section"))
        .filter(|r| r.starts_with("core/"))
        .collect();
    ids.sort();
    ids
}

/// How many findings of each heading rule but the scheme's note: a scheme
/// read as a reader would gives no numbering error the seed does not.
fn numbering_findings(ids: &[String]) -> Vec<(String, usize)> {
    ["format/heading-sequence", "format/heading-run-on"]
        .into_iter()
        .map(|rule| (rule.to_string(), ids.iter().filter(|r| *r == rule).count()))
        .collect()
}

/// Words of a plan part's heading in the seeds.
const PLAN: [&str; 4] = ["计划", "安排", "打算", "设想"];

/// The seeds whose top level stands at line starts (a report exported as
/// one line has none to rewrite).
fn seeds() -> Vec<(&'static str, String)> {
    let seeds: Vec<_> = SEEDS
        .iter()
        .map(|&name| (name, seed(name)))
        .filter(|(_, text)| top_level_count(text) >= 3)
        .collect();
    assert!(seeds.len() >= 4, "seeds with a top level: {}", seeds.len());
    seeds
}

#[test]
fn every_scheme_finds_the_parts_of_every_seed() {
    for (name, text) in seeds() {
        let expected = part_findings(&text);
        let numbering = numbering_findings(&rule_ids(&check(&ENGINE, "seed.txt", &text)));
        for scheme in SCHEMES {
            let variant = rewrite(&text, scheme);
            assert_ne!(variant, text);
            let checked = check(&ENGINE, "variant.txt", &variant);
            assert_eq!(
                part_findings(&variant),
                expected,
                "{name} in {scheme:?}:\n{}",
                checked.outline.to_text()
            );
            let ids = rule_ids(&checked);
            assert_eq!(
                numbering_findings(&ids),
                numbering,
                "{name} in {scheme:?}:\n{}",
                checked.outline.to_text()
            );
            let notes = ids.iter().filter(|r| *r == "format/heading-scheme").count();
            let own_line_of_standard = scheme == Scheme::OwnLine;
            assert_eq!(
                notes,
                usize::from(!own_line_of_standard),
                "{name} {scheme:?}: {ids:?}"
            );
            assert!(
                !ids.iter().any(|r| r == "core/top-level-not-found"),
                "{name} {scheme:?}"
            );
        }
    }
}

#[test]
fn every_scheme_still_misses_a_deleted_plan() {
    for (name, text) in seeds() {
        let Some(planless) = without_section(&text, &PLAN) else {
            panic!("{name} has no plan section to delete");
        };
        assert!(
            part_findings(&planless).contains(&"core/plan-missing".to_string()),
            "{name} without its plan"
        );
        for scheme in SCHEMES {
            let variant = rewrite(&planless, scheme);
            let found = part_findings(&variant);
            assert!(
                found.contains(&"core/plan-missing".to_string()),
                "{name} in {scheme:?} without its plan: {found:?}"
            );
        }
    }
}

#[test]
fn the_outline_says_which_scheme_and_why() {
    let (_, text) = seeds().remove(0);
    let variant = rewrite(&text, Scheme::Part);
    let outline = check(&ENGINE, "variant.txt", &variant).outline;
    assert_eq!(outline.scheme.form, "part");
    assert!(outline.scheme.parts >= 2);
    assert!(
        outline.to_text().contains("第一部分"),
        "{}",
        outline.to_text()
    );
    let standard = check(&ENGINE, "seed.txt", &text).outline;
    assert_eq!(standard.scheme.form, "standard");
    let over = check(
        &ENGINE,
        "variant.txt",
        &rewrite(&text, Scheme::PartOverStandard),
    )
    .outline;
    assert_eq!(over.scheme.form, "part");
    assert!(
        over.scheme.reason.contains("第二层"),
        "{}",
        over.scheme.reason
    );
}

#[test]
fn an_arabic_top_level_over_a_lower_arabic_level() {
    let text = "某局2022年法治政府建设年度报告\n2022年，我局坚持以习近平法治思想为指导，现将有关情况报告如下。\n1.主要举措及成效\n（一）强化学法\n1.组织领导干部学法\n全年学法12次。\n2.开展考法\n全员参加考试。\n（二）规范执法\n1.推行三项制度\n全面落实。\n2.存在的不足和原因\n执法人员不足，原因是编制少。\n3.局长履行推进法治建设第一责任人职责情况\n局长带头学法。\n4.2023年工作计划\n继续努力。\n某局\n2023年2月2日\n";
    let checked = check(&ENGINE, "arabic.txt", text);
    let ids = rule_ids(&checked);
    assert_eq!(
        ids,
        ["format/heading-scheme"],
        "{}",
        checked.outline.to_text()
    );
    assert_eq!(checked.outline.scheme.form, "arabic");
    assert_eq!(checked.outline.scheme.headings, 4);
    let planless = text.replace("4.2023年工作计划\n继续努力。\n", "");
    assert!(part_findings(&planless).contains(&"core/plan-missing".to_string()));
}

#[test]
fn standard_headings_under_part_headings_are_the_second_level() {
    let text = "某县2022年法治政府建设年度报告\n2022年，我县坚持以习近平法治思想为指导，现将有关情况报告如下。\n第一部分　主要举措及成效\n一、加强党的领导\n（一）健全工作机制\n制定年度工作要点。\n（二）强化考核\n纳入绩效考核。\n二、深化“放管服”改革\n推进简政放权。\n第二部分　存在的不足和原因\n一、存在的不足\n执法队伍力量薄弱。\n二、原因分析\n主要是人员编制少。\n第三部分　党政主要负责人履行推进法治建设第一责任人职责情况\n一、带头学法\n县长带头学法四次。\n第四部分　2023年工作安排\n一、继续加强学法\n持续开展学法活动。\n某县人民政府\n2023年1月10日\n";
    let checked = check(&ENGINE, "part.txt", text);
    let ids = rule_ids(&checked);
    assert_eq!(
        ids,
        ["format/heading-scheme"],
        "{}",
        checked.outline.to_text()
    );
    assert_eq!(checked.outline.scheme.headings, 4);
    // The same report with a 「一、」 top level that names the parts keeps
    // it: 「第一部分」 lines after the first 「一、」 are not the top level.
    let standard = "某局2022年法治政府建设年度报告\n一、主要举措及成效\n第一部分　学法\n开展学法。\n第二部分　执法\n规范执法。\n二、存在的不足和原因\n宣传不够，原因是人手少。\n三、主要负责人履行推进法治建设第一责任人职责情况\n局长带头学法。\n四、2023年工作计划\n继续努力。\n某局\n2023年2月2日\n";
    let checked = check(&ENGINE, "standard.txt", standard);
    assert_eq!(checked.outline.scheme.form, "standard");
    assert!(part_findings(standard).is_empty());
}

#[test]
fn a_report_without_a_top_level_says_so_once_and_judges_parts_by_words() {
    let text = "某局2022年法治政府建设年度报告\n今年我局主要举措是开展学法活动，成效明显。\n存在的不足是宣传不够，原因是人手少。\n局长认真履行法治建设第一责任人职责。\n2023年工作计划是继续努力。\n某局\n2023年2月2日\n";
    let ids = rule_ids(&check(&ENGINE, "flat.txt", text));
    assert_eq!(
        ids.iter()
            .filter(|r| *r == "core/top-level-not-found")
            .count(),
        1,
        "{ids:?}"
    );
    assert!(
        !ids.iter()
            .any(|r| r.ends_with("-missing") && r.starts_with("core/") && r != "core/date-missing"),
        "{ids:?}"
    );
}

#[test]
fn causes_under_a_sub_heading_of_their_own() {
    let text = "某局2022年法治政府建设年度报告\n一、主要举措及成效\n开展学法活动。\n二、存在的不足和原因\n（一）存在的不足\n宣传不够，队伍薄弱。\n（二）原因分析\n一是思想认识不到位。二是人员少。\n三、2023年工作计划\n继续努力。\n某局\n2023年2月2日\n";
    let ids = rule_ids(&check(&ENGINE, "split.txt", text));
    assert!(
        !ids.iter().any(|r| r == "core/shortcomings-no-cause"),
        "{ids:?}"
    );
    let listed = text.replace("（二）原因分析\n一是思想认识不到位。二是人员少。\n", "");
    let ids = rule_ids(&check(&ENGINE, "listed.txt", &listed));
    assert!(
        ids.iter().any(|r| r == "core/shortcomings-no-cause"),
        "{ids:?}"
    );
}
