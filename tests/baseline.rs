//! `--baseline`: this year's report compared with last year's, end to end.
//! "Last year" is a seed report; "this year" is made from it here: years
//! moved on, numbers changed, some paragraphs rewritten, the plan and the
//! shortcomings kept (the complaint reviewers make about real reports).

mod support;

use regex::Regex;
use serde_json::Value;
use support::cli::run_in;
use support::fixtures::{seed, write, SEEDS};

/// (rule, line) of the findings of the `content` pack.
fn copied(findings: &[Value]) -> Vec<(String, u64)> {
    findings
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("content/"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Bazhong's 2022 report rewritten as if for 2023 by editing it: every
/// year one later, counts changed, measure (二) and the first-responsible
/// paragraph written anew, measure (三) half rewritten; everything else,
/// the shortcomings and the plan included, kept.
fn next_year_of_bazhong() -> String {
    let text = seed("bazhong-2022");
    let years = Regex::new(r"20[12]\d").unwrap();
    let text = years.replace_all(&text, |c: &regex::Captures| {
        (c[0].parse::<u32>().unwrap() + 1).to_string()
    });
    let counts = Regex::new(r"(\d+)(件|次|人|个|项|家)").unwrap();
    let text = counts.replace_all(&text, |c: &regex::Captures| {
        format!("{}{}", c[1].parse::<u32>().unwrap() * 2 + 1, &c[2])
    });
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert!(
        lines[3].starts_with("(二)推进法治政府建设。"),
        "{}",
        lines[3]
    );
    lines[3] = "(二)推进法治政府建设。本年度我局围绕“高效办成一件事”，梳理跨部门联办事项清单，在全市推行“一窗受理、集成服务”，群众办事材料平均精简三成，窗口等候时间明显缩短。".into();
    assert!(
        lines[4].starts_with("(三)优化法治化营商环境。"),
        "{}",
        lines[4]
    );
    let keep: String = lines[4].split_inclusive('。').take(2).collect();
    lines[4] = format!("{keep}二是聘请企业代表担任营商环境监督员，按季度召开政企恳谈会，现场收集并限时办结企业诉求，对反映集中的审批堵点逐项销号。三是在工程建设项目审批中推行“拿地即开工”，将施工许可与用地、规划手续并联办理，重点项目从取得土地到开工平均用时缩短一半。四是上线涉企政策“免申即享”专区，符合条件的企业无需申请即可享受奖补资金。");
    assert!(
        lines[13].contains("同志作为党政主要负责人"),
        "{}",
        lines[13]
    );
    lines[13] = "局党组书记、局长全年主持召开党组会专题研究法治政府建设，带头参加旁听庭审和述法活动，对行政复议纠错案件逐件听取汇报，督促整改到位。".into();
    lines.join("\n") + "\n"
}

#[test]
fn a_report_edited_from_last_years_is_reported_paragraph_by_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "2022.txt", seed("bazhong-2022").as_bytes());
    write(dir.path(), "2023.txt", next_year_of_bazhong().as_bytes());
    let out = run_in(
        dir.path(),
        [
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "2022.txt",
            "2023.txt",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let found = out.findings();
    let warning = |line| ("content/copied-from-baseline".to_string(), line);
    let shortcoming = |line| ("content/shortcomings-copied".to_string(), line);
    let plan = |line| ("content/plan-copied".to_string(), line);
    assert_eq!(
        copied(&found),
        vec![
            warning(1),
            warning(3),
            // (二) rewritten: nothing; (三): only its first item, 一是….
            warning(5),
            warning(6),
            warning(7),
            warning(8),
            shortcoming(10),
            shortcoming(11),
            shortcoming(12),
            // The first-responsible paragraph (14) was rewritten.
            plan(17),
            plan(19),
            plan(21),
            plan(23),
        ]
    );
    for finding in found
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("content/"))
    {
        let line = finding["line"].as_u64().unwrap();
        let related = &finding["related"][0];
        // The structure is unchanged, so each comes from the same line.
        assert_eq!(related["label"], format!("上年度报告 2022.txt:{line}"));
        let severity = finding["severity"].as_str().unwrap();
        let rule = finding["rule"].as_str().unwrap();
        assert_eq!(severity == "error", rule != "content/copied-from-baseline");
    }
    let partial = found
        .iter()
        .find(|f| f["line"] == 5 && f["rule"] == "content/copied-from-baseline")
        .unwrap();
    assert!(
        partial["message"]
            .as_str()
            .unwrap()
            .starts_with("这句话与上年度报告（2022.txt:5）"),
        "{partial}"
    );

    let concise = run_in(
        dir.path(),
        [
            "--no-config",
            "--format",
            "concise",
            "--select",
            "content",
            "--baseline",
            "2022.txt",
            "2023.txt",
        ],
    );
    snapshot!("baseline.bazhong-next-year.concise", concise.stdout);
    let full = run_in(
        dir.path(),
        [
            "--no-config",
            "--color",
            "never",
            "--select",
            "content/plan-copied",
            "--baseline",
            "2022.txt",
            "2023.txt",
        ],
    );
    snapshot!("baseline.bazhong-next-year.plan.full", full.stdout);
}

#[test]
fn different_reports_are_not_copies() {
    let dir = tempfile::tempdir().unwrap();
    for name in SEEDS {
        write(dir.path(), &format!("{name}.txt"), seed(name).as_bytes());
    }
    for last in SEEDS {
        let baseline = format!("{last}.txt");
        let mut args = vec![
            "--no-config",
            "--format",
            "json",
            "--select",
            "content",
            "--baseline",
            &baseline,
        ];
        let others: Vec<String> = SEEDS
            .iter()
            .filter(|s| *s != last)
            .map(|s| format!("{s}.txt"))
            .collect();
        args.extend(others.iter().map(String::as_str));
        let out = run_in(dir.path(), &args);
        assert_eq!(out.code, 0, "{last}: {}", out.stderr);
        assert_eq!(out.findings(), Vec::<Value>::new(), "{last}");
    }
}

#[test]
fn docx_reports_and_baselines_are_compared_by_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "2022.docx",
        support::docx::from_text(&seed("bazhong-2022")),
    );
    write(
        dir.path(),
        "2023.docx",
        support::docx::from_text(&next_year_of_bazhong()),
    );
    write(dir.path(), "2022.txt", seed("bazhong-2022").as_bytes());
    write(dir.path(), "2023.txt", next_year_of_bazhong().as_bytes());
    let as_docx = run_in(
        dir.path(),
        [
            "--no-config",
            "--format",
            "json",
            "--select",
            "content",
            "--baseline",
            "2022.docx",
            "2023.docx",
        ],
    );
    let as_text = run_in(
        dir.path(),
        [
            "--no-config",
            "--format",
            "json",
            "--select",
            "content",
            "--baseline",
            "2022.txt",
            "2023.txt",
        ],
    );
    assert_eq!(as_docx.code, 1, "{}", as_docx.stderr);
    let (docx_found, text_found) = (as_docx.findings(), as_text.findings());
    assert_eq!(copied(&docx_found), copied(&text_found));
    assert_eq!(
        docx_found[0]["related"][0]["label"],
        "上年度报告 2022.docx:1"
    );
}

#[test]
fn the_baseline_itself_is_not_compared_with_itself() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "reports/2022.txt",
        seed("bazhong-2022").as_bytes(),
    );
    write(
        dir.path(),
        "reports/2023.txt",
        next_year_of_bazhong().as_bytes(),
    );
    write(
        dir.path(),
        ".rl-lint.yaml",
        b"baseline: reports/2022.txt\nselect: [content]\n",
    );
    let out = run_in(dir.path(), ["--format", "concise", "reports"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("reports/2023.txt:"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("\nreports/2022.txt:"),
        "{}",
        out.stdout
    );
    // The configuration's baseline is relative to the configuration file.
    assert!(
        out.stdout.contains("（reports/2022.txt:1）"),
        "{}",
        out.stdout
    );
    let sub = run_in(
        &dir.path().join("reports"),
        ["--format", "concise", "2023.txt"],
    );
    assert_eq!(sub.stdout.lines().count(), out.stdout.lines().count());
    assert!(
        sub.stdout.contains("reports/2022.txt:1）"),
        "{}",
        sub.stdout
    );
}

#[test]
fn a_baseline_that_cannot_be_read_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "2023.txt", next_year_of_bazhong().as_bytes());
    write(
        dir.path(),
        "image.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    );
    let missing = run_in(
        dir.path(),
        ["--no-config", "--baseline", "2022.txt", "2023.txt"],
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("cannot read 2022.txt"),
        "{}",
        missing.stderr
    );
    assert_eq!(missing.stdout, "");
    let binary = run_in(
        dir.path(),
        ["--no-config", "--baseline", "image.png", "2023.txt"],
    );
    assert_eq!(binary.code, 2);
    assert!(
        binary.stderr.contains("image.png looks like a binary file"),
        "{}",
        binary.stderr
    );

    write(
        dir.path(),
        ".rl-lint.yaml",
        b"year: 2023\nbaseline: last-year.docx\n",
    );
    let config = run_in(dir.path(), ["2023.txt"]);
    assert_eq!(config.code, 2);
    assert!(
        config
            .stderr
            .contains("baseline `last-year.docx` is not a file"),
        "{}",
        config.stderr
    );
    assert!(
        config.stderr.contains("2 │ baseline: last-year.docx"),
        "{}",
        config.stderr
    );
}

#[test]
fn without_a_baseline_the_content_rules_report_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "2023.txt", next_year_of_bazhong().as_bytes());
    let out = run_in(
        dir.path(),
        [
            "--no-config",
            "--format",
            "concise",
            "--select",
            "content",
            "2023.txt",
        ],
    );
    assert_eq!((out.code, out.stdout.as_str()), (0, "未发现问题\n"));
}

#[test]
fn a_pack_rule_comparing_with_a_baseline_needs_a_baseline_example() {
    let dir = tempfile::tempdir().unwrap();
    let pack = "pack: mine\nrules:\n  - id: mine/copied\n    severity: warning\n    kind: copied-from-baseline\n    message: 照抄\n    help: 重写\n    basis: 测试\n    examples:\n      bad: [\"甲\"]\n      good: [\"乙\"]\n";
    write(dir.path(), "mine.yaml", pack.as_bytes());
    let out = run_in(dir.path(), ["test-rules", "mine.yaml"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("give its examples a `baseline:` text"),
        "{}",
        out.stderr
    );

    let explain = run_in(
        dir.path(),
        ["--no-config", "--explain", "content/plan-copied"],
    );
    assert_eq!(explain.code, 0);
    assert!(
        explain.stdout.contains("example baseline · 上年度报告"),
        "{}",
        explain.stdout
    );
}
