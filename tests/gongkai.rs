//! The second report type, 政府信息公开工作年度报告 (pack `gongkai`), end to
//! end: the three real reports in `tests/fixtures/gongkai/` (snapshots),
//! copies of them changed so that each defect reviewers look for is there
//! (a figure that breaks an identity, a deleted row, a missing section, the
//! wrong year in the 统计时限), the choice of report type, and a `.docx`
//! with real Word tables that gives the findings of its text.

mod support;

use std::path::Path;
use support::cli::{run_in, run_no_config, run_no_config_in};
use support::compact::compact;
use support::fixtures::{clean, write};
use support::gongkai::{report, shuyang_body, shuyang_with};
use support::script::to_traditional;

const REPORTS: &[&str] = &[
    "heiheshi-qixiangju-2021",
    "shanghaishi-kewei-2024",
    "shuyangxian-fagaiju-2023",
];

/// heiheshi-qixiangju-2021 is the opening of a page (about 800
/// characters), cut inside table 三: what a report has after that point is
/// not in the file, so the rules about it say nothing about the report.
const AFTER_THE_OPENING: &[&str] = &[
    "gongkai/review-missing",
    "gongkai/problems-missing",
    "gongkai/other-missing",
    "gongkai/requests-table-rows",
    "gongkai/signer-missing",
    "gongkai/date-missing",
];

/// The JSON findings on `text` (as a `.txt` file), with the options `extra`.
fn findings_of(text: &str, extra: &[&str]) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "report.txt", text.as_bytes());
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    args.push(path.to_str().expect("UTF-8 path"));
    run_no_config_in(dir.path(), &args).findings()
}

/// `rule: message` of every finding on `text` (as a `.txt` file).
fn messages_of(text: &str, extra: &[&str]) -> Vec<String> {
    findings_of(text, extra)
        .iter()
        .map(|f| {
            format!(
                "{}: {}",
                f["rule"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn messages_of_rule<'a>(messages: &'a [String], rule: &str) -> Vec<&'a str> {
    messages
        .iter()
        .filter(|m| m.starts_with(&format!("{rule}: ")))
        .map(String::as_str)
        .collect()
}

/// The findings on the real report `name` (the compact listing), and
/// for one of them the diagnostics as the terminal shows them.
fn snapshot_report(name: &str) {
    let ignore = AFTER_THE_OPENING.join(",");
    let path = format!("tests/fixtures/gongkai/{name}.txt");
    let mut args = vec!["--format", "json"];
    if name == "heiheshi-qixiangju-2021" {
        args.extend(["--ignore", ignore.as_str()]);
    }
    args.push(&path);
    let out = run_no_config(&args);
    assert!(out.code <= 1, "{}", out.stderr);
    snapshot!(format!("gongkai.{name}"), compact(&out.findings()));
    if name == "heiheshi-qixiangju-2021" {
        args.splice(0..2, ["--color", "never", "--width", "100"]);
        let full = run_no_config(&args);
        assert_eq!(full.code, out.code, "{}", full.stderr);
        snapshot!(format!("gongkai.{name}.full"), full.stdout);
    }
}

#[test]
fn heiheshi_qixiangju_2021() {
    snapshot_report("heiheshi-qixiangju-2021");
}

#[test]
fn shanghaishi_kewei_2024() {
    snapshot_report("shanghaishi-kewei-2024");
}

#[test]
fn shuyangxian_fagaiju_2023() {
    snapshot_report("shuyangxian-fagaiju-2023");
}

#[test]
fn real_reports_have_no_errors_and_are_told_as_gongkai() {
    let ignore = AFTER_THE_OPENING.join(",");
    for name in REPORTS {
        let mut args = vec!["--format", "json"];
        if *name == "heiheshi-qixiangju-2021" {
            args.extend(["--ignore", ignore.as_str()]);
        }
        let path = format!("tests/fixtures/gongkai/{name}.txt");
        args.push(&path);
        let findings = run_no_config(&args).findings();
        // Neither a rule-of-law report's parts nor errors of the gongkai
        // pack: the real reports add up. (The Shanghai extraction's
        // heading numbers, 一…六 then 一、二、三、五, are its own.)
        for f in &findings {
            let rule = f["rule"].as_str().unwrap();
            assert!(
                !rule.starts_with("core/") || rule == "core/date-malformed",
                "{name}: {f}"
            );
            if rule.starts_with("gongkai/") {
                assert_ne!(f["severity"], "error", "{name}: {f}");
            }
        }
    }
}

#[test]
fn a_changed_figure_breaks_the_identities_and_the_numbers_are_named() {
    // 本年新收: 26 natural persons become 27, the total with it.
    let text = shuyang_with(
        "一、本年新收政府信息公开申请数量 | 26 |  |  |  |  |  | 26",
        "一、本年新收政府信息公开申请数量 | 27 |  |  |  |  |  | 27",
    );
    let messages = messages_of(&text, &[]);
    assert_eq!(
        messages_of_rule(&messages, "gongkai/requests-arithmetic"),
        [
            "gongkai/requests-arithmetic: 收到和处理政府信息公开申请情况表中自然人不符合「第一项加第二项之和等于第三项加第四项之和」：27 + 0 = 27 ≠ 26 + 0 = 26",
            "gongkai/requests-arithmetic: 收到和处理政府信息公开申请情况表中总计不符合「第一项加第二项之和等于第三项加第四项之和」：27 + 0 = 27 ≠ 26 + 0 = 26",
        ]
    );
    // A row total that is not the sum of its columns.
    let text = shuyang_with(
        "（一）予以公开 | 26 |  |  |  |  |  | 26",
        "（一）予以公开 | 26 |  |  |  |  |  | 25",
    );
    let messages = messages_of(&text, &[]);
    let found = messages_of_rule(&messages, "gongkai/requests-arithmetic");
    assert!(found.contains(&"gongkai/requests-arithmetic: 收到和处理政府信息公开申请情况表中三、本年度办理结果（一）予以公开不符合「总计等于自然人与各类法人或其他组织之和」：25 ≠ 26 + 空 + 空 + 空 + 空 + 空 = 26"), "{found:?}");
    assert!(
        found.iter().any(
            |m| m.contains("（七）总计等于（一）至（六）各项之和") && m.contains("26 ≠ 25 + 0")
        ),
        "{found:?}"
    );
    // Table 四: a 总计 that is not the sum of its four results.
    let text = shuyang_with("0 | 0 | 0 | 1 | 1 | 0", "0 | 0 | 0 | 1 | 2 | 0");
    assert_eq!(
        messages_of_rule(&messages_of(&text, &[]), "gongkai/review-arithmetic"),
        ["gongkai/review-arithmetic: 行政复议、行政诉讼情况表不符合「行政复议总计等于四种结果之和」：2 ≠ 0 + 0 + 0 + 1 = 1"]
    );
}

#[test]
fn the_failing_identity_labels_every_figure() {
    let text = shuyang_with(
        "二、上年结转政府信息公开申请数量 | 0 |",
        "二、上年结转政府信息公开申请数量 | 3 |",
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "report.txt", text.as_bytes());
    let findings = run_no_config_in(
        dir.path(),
        [
            "--format",
            "json",
            "--select",
            "gongkai/requests-arithmetic",
            path.to_str().unwrap(),
        ],
    )
    .findings();
    let first = &findings[0];
    assert_eq!(
        first["label"],
        "本年新收政府信息公开申请数量：26 + 3 = 29 ≠ 26 + 0 = 26"
    );
    assert_eq!(first["line"], 44);
    let related: Vec<(String, u64)> = first["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["label"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        related,
        [
            ("上年结转政府信息公开申请数量：3".to_string(), 45),
            ("（七）总计：26".to_string(), 67),
            ("结转下年度继续办理：0".to_string(), 68),
        ]
    );
}

#[test]
fn a_deleted_row_a_missing_section_and_the_wrong_year() {
    let text = shuyang_with("2.重复申请 | 0 |  |  |  |  |  | 0\n", "");
    assert_eq!(
        messages_of_rule(&messages_of(&text, &[]), "gongkai/requests-table-rows"),
        ["gongkai/requests-table-rows: 收到和处理政府信息公开申请情况表缺少1项：「重复申请」"]
    );
    let text = shuyang_with("四、政府信息公开行政复议、行政诉讼情况\n", "");
    let messages = messages_of(&text, &[]);
    assert_eq!(
        messages_of_rule(&messages, "gongkai/review-missing"),
        ["gongkai/review-missing: 缺少「政府信息公开行政复议、行政诉讼情况」部分"]
    );
    let text = shuyang_with("统计时限为2023年1月1日", "统计时限为2022年1月1日");
    assert_eq!(
        messages_of_rule(&messages_of(&text, &[]), "gongkai/period-year"),
        ["gongkai/period-year: 统计时限写的是2022年，本报告是2023年度报告"]
    );
    // The 2019 template's label.
    assert_eq!(
        messages_of_rule(&messages_of(&report("shuyangxian-fagaiju-2023"), &[]), "gongkai/outdated-label"),
        ["gongkai/outdated-label: 统计表中的「规范性文件」是2019年版格式的写法，应为「行政规范性文件」"]
    );
}

#[test]
fn the_deadline_is_the_one_for_the_unit() {
    // A department: 31 January.
    let text = shuyang_with("2024年1月17日", "2024年2月17日");
    assert_eq!(
        messages_of_rule(&messages_of(&text, &[]), "gongkai/date-after-deadline"),
        ["gongkai/date-after-deadline: 成文日期2024年2月17日晚于县级以上人民政府部门的公布期限2024年1月31日"]
    );
    // The configuration's deadline replaces it.
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), ".rl-lint.yaml", b"deadline: \"02-28\"\n");
    let path = write(dir.path(), "report.txt", text.as_bytes());
    let findings = run_in(dir.path(), ["--format", "json", path.to_str().unwrap()]).findings();
    assert!(findings
        .iter()
        .all(|f| f["rule"] != "gongkai/date-after-deadline"));
}

#[test]
fn the_type_is_told_chosen_or_none() {
    // Told from the title and headings: the gongkai rules run, the core
    // ones do not.
    let shuyang = messages_of(&report("shuyangxian-fagaiju-2023"), &[]);
    assert!(shuyang
        .iter()
        .all(|m| !m.starts_with("core/first-responsible")));
    // Chosen: as a rule-of-law report it lacks the rule-of-law parts.
    let as_fazhi = messages_of(&report("shuyangxian-fagaiju-2023"), &["--type", "fazhi"]);
    assert!(
        as_fazhi
            .iter()
            .any(|m| m.starts_with("core/first-responsible-missing")),
        "{as_fazhi:?}"
    );
    assert!(as_fazhi.iter().all(|m| !m.starts_with("gongkai/")));
    // `none`: the general packs only.
    let general = messages_of(&report("shuyangxian-fagaiju-2023"), &["--type", "none"]);
    assert!(
        general
            .iter()
            .all(|m| m.starts_with("format/") || m.starts_with("hygiene/")),
        "{general:?}"
    );
    // A report of neither type is never a rule-of-law report with every
    // part missing.
    let neither = "关于召开2024年度安全生产工作会议的通知\n各科室：\n定于2024年3月1日召开会议，请准时参加。\n某某局办公室\n2024年2月20日\n";
    let found = messages_of(neither, &[]);
    assert!(
        found
            .iter()
            .all(|m| !m.starts_with("core/") && !m.starts_with("gongkai/")),
        "{found:?}"
    );
    // An unknown type is a usage error.
    let out = run_no_config([
        "--type",
        "budget",
        "tests/fixtures/gongkai/shuyangxian-fagaiju-2023.txt",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("budget") && out.stderr.contains("gongkai"),
        "{}",
        out.stderr
    );
    // The configuration's `type:`, checked against the loaded types.
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), ".rl-lint.yaml", b"type: gongkai\n");
    write(dir.path(), "r.txt", neither.as_bytes());
    let as_gongkai = run_in(dir.path(), ["--format", "json", "r.txt"]).findings();
    assert!(as_gongkai
        .iter()
        .any(|f| f["rule"] == "gongkai/overview-missing"));
    write(dir.path(), ".rl-lint.yaml", b"type: budget\n");
    let out = run_in(dir.path(), ["r.txt"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("names no loaded report type"));
}

/// The three real reports' titles, as their pages and PDF give them: after
/// rows of the page's metadata table (「文件下载 |」), and over two lines
/// whose last is only 「年度报告」.
#[test]
fn the_real_reports_titles_are_found() {
    for (name, title, unit) in [
        (
            "shuyangxian-fagaiju-2023",
            "沭阳县发展和改革局2023年政府信息公开年度报告",
            "沭阳县发展和改革局",
        ),
        (
            "shanghaishi-kewei-2024",
            "2024 年上海市科委政府信息公开工作年度报告",
            "上海市科委",
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write(dir.path(), "r.txt", report(name).as_bytes());
        let run = run_in(
            dir.path(),
            [
                "outline",
                "--no-config",
                "--format",
                "json",
                path.to_str().unwrap(),
            ],
        );
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        let found = &json[0]["outline"]["title"];
        assert_eq!(found["text"], title, "{name}");
        assert_eq!(found["unit"], unit, "{name}");
    }
}

#[test]
fn the_outline_names_the_type() {
    use rl_lint::engine::{Engine, Options, Settings};
    let engine = Engine::new(
        rl_lint::engine::config::Config::default(),
        &Options::default(),
    )
    .expect("engine");
    let check = |text: &str| {
        engine
            .check_text(text.to_string(), Path::new("r.txt"), &Settings::default())
            .expect("checked")
            .outline
    };
    let outline = check(&report("shuyangxian-fagaiju-2023"));
    let ty = outline.report_type.expect("a type");
    assert_eq!((ty.name.as_str(), ty.source), ("gongkai", "detected"));
    let parts: Vec<&str> = outline.checklist.iter().map(|c| c.part.as_str()).collect();
    assert_eq!(
        parts,
        [
            "overview",
            "proactive",
            "requests",
            "review",
            "problems",
            "other"
        ]
    );
    let clean = clean();
    assert_eq!(check(&clean).report_type.expect("a type").name, "fazhi");
    let neither = check("会议纪要\n一、会议议题\n讨论了三件事。\n");
    assert!(neither.report_type.is_none());
    assert!(neither.checklist.is_empty());
}

#[test]
fn a_docx_with_word_tables_gives_the_findings_of_its_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    for text in [
        shuyang_body(&report("shuyangxian-fagaiju-2023")),
        shuyang_body(&shuyang_with(
            "一、本年新收政府信息公开申请数量 | 26 |  |  |  |  |  | 26",
            "一、本年新收政府信息公开申请数量 | 27 |  |  |  |  |  | 27",
        )),
        shuyang_body(&shuyang_with("2.重复申请 | 0 |  |  |  |  |  | 0\n", "")),
    ] {
        let txt = write(dir.path(), "report.txt", text.as_bytes());
        let docx = write(
            dir.path(),
            "report.docx",
            support::docx::from_text_with_tables(&text),
        );
        let of = |path: &Path| -> Vec<String> {
            let mut found: Vec<String> =
                run_no_config_in(dir.path(), ["--format", "json", path.to_str().unwrap()])
                    .findings()
                    .iter()
                    // A Word document also has a layout; its text does not.
                    .filter(|f| !f["rule"].as_str().unwrap_or("").starts_with("layout/"))
                    .map(|f| {
                        format!(
                            "{}: {}",
                            f["rule"].as_str().unwrap(),
                            f["message"].as_str().unwrap()
                        )
                    })
                    .collect();
            found.sort();
            found
        };
        let (from_text, from_docx) = (of(&txt), of(&docx));
        assert_eq!(from_docx, from_text);
    }
}

#[test]
fn a_docx_table_cell_is_named_by_row_and_column() {
    let text = shuyang_body(&shuyang_with(
        "0 | 0 | 0 | 1 | 1 | 0",
        "0 | 0 | 0 | 1 | 2 | 0",
    ));
    let dir = tempfile::tempdir().expect("temp dir");
    let docx = write(
        dir.path(),
        "report.docx",
        support::docx::from_text_with_tables(&text),
    );
    let findings = run_no_config_in(
        dir.path(),
        [
            "--format",
            "json",
            "--select",
            "gongkai/review-arithmetic",
            docx.to_str().unwrap(),
        ],
    )
    .findings();
    assert_eq!(findings.len(), 1);
    let finding = &findings[0];
    // The paragraph before the table, and the cell in the label.
    assert_eq!(finding["line"], 23);
    assert_eq!(
        finding["label"],
        "复议总计（第4行第5列）：2 ≠ 0 + 0 + 0 + 1 = 1"
    );
}

/// `rule line:column-end_line:end_column` of every finding on `text` (as a
/// `.txt` file).
fn places_of(text: &str, extra: &[&str]) -> Vec<String> {
    findings_of(text, extra)
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}-{}:{} +{}",
                f["rule"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"],
                f["length"]
            )
        })
        .collect()
}

#[test]
fn a_report_in_traditional_characters_is_checked_like_the_simplified_one() {
    let ignore = AFTER_THE_OPENING.join(",");
    for name in REPORTS {
        let mut args = vec![];
        if *name == "heiheshi-qixiangju-2021" {
            args.extend(["--ignore", ignore.as_str()]);
        }
        let simplified = report(name);
        let traditional = to_traditional(&simplified);
        assert_ne!(traditional, simplified);
        let expected = places_of(&simplified, &args);
        assert!(
            expected.iter().any(|p| p.starts_with("gongkai/")),
            "{name}: {expected:?}"
        );
        assert_eq!(places_of(&traditional, &args), expected, "{name}");
    }
    // The tables' rows and columns are found by their labels: a changed
    // figure breaks the identities in the traditional copy, with the
    // findings of the simplified one, at the same places.
    let changed = shuyang_with(
        "一、本年新收政府信息公开申请数量 | 26 |  |  |  |  |  | 26",
        "一、本年新收政府信息公开申请数量 | 27 |  |  |  |  |  | 27",
    );
    let text = to_traditional(&changed);
    assert!(
        text.contains("本年新收政府信息公開申請數量 | 27"),
        "converted"
    );
    let messages = messages_of(&text, &[]);
    assert_eq!(
        messages_of_rule(&messages, "gongkai/requests-arithmetic"),
        [
            "gongkai/requests-arithmetic: 收到和处理政府信息公开申请情况表中自然人不符合「第一项加第二项之和等于第三项加第四项之和」：27 + 0 = 27 ≠ 26 + 0 = 26",
            "gongkai/requests-arithmetic: 收到和处理政府信息公开申请情况表中总计不符合「第一项加第二项之和等于第三项加第四项之和」：27 + 0 = 27 ≠ 26 + 0 = 26",
        ]
    );
    // Quotes stay on the original characters.
    assert_eq!(
        messages_of_rule(&messages, "gongkai/outdated-label"),
        ["gongkai/outdated-label: 统计表中的「規範性文件」是2019年版格式的写法，应为「行政规范性文件」"]
    );
    assert_eq!(places_of(&text, &[]), places_of(&changed, &[]));
    // A deleted row is missed in the traditional copy too.
    let text = to_traditional(&shuyang_with("2.重复申请 | 0 |  |  |  |  |  | 0\n", ""));
    assert_eq!(
        messages_of_rule(&messages_of(&text, &[]), "gongkai/requests-table-rows"),
        ["gongkai/requests-table-rows: 收到和处理政府信息公开申请情况表缺少1项：「重复申请」"]
    );
}
