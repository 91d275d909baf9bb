//! `rl-lint outline` end to end: the plain text and the JSON contract.

mod support;

use serde_json::Value;
use support::cli::run;

/// `rl-lint outline --no-config ARGS` from the package root.
fn outline(args: &[&str]) -> (i32, String, String) {
    let out = run(["outline", "--no-config"].iter().chain(args));
    (out.code, out.stdout, out.stderr)
}

#[test]
fn text_outline_in_chinese() {
    let (code, out, err) = outline(&["tests/fixtures/real/jukuizhen-2021.txt"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("tests/fixtures/real/jukuizhen-2021.txt\n标题："));
    assert!(out.contains("重复的标题：第3行"));
    assert!(out.contains("跳过的页面残留（2行）"));
    assert!(out.contains("第14行  一、推进法治政府建设各项工作开展情况  → 主要举措和成效"));
    assert!(out.contains("  ✓ 主要举措和成效（单独成部分，第14行）"));
}

#[test]
fn json_outline_fields_are_the_documented_contract() {
    let (code, out, err) = outline(&[
        "--format",
        "json",
        "tests/fixtures/real/jianhuxian-jiaoyuju-2024.txt",
        "tests/fixtures/gaozhou-2020.txt",
    ]);
    assert_eq!(code, 0, "{err}");
    let value: Value = serde_json::from_str(&out).expect("JSON");
    let reports = value.as_array().expect("array");
    assert_eq!(reports.len(), 2);
    let first = &reports[0]["outline"];
    for field in [
        "title",
        "year",
        "recipient",
        "skipped",
        "headings",
        "closing",
        "checklist",
    ] {
        assert!(first.get(field).is_some(), "{field}");
    }
    assert_eq!(first["recipient"]["text"], "县委、县政府:");
    assert_eq!(first["recipient"]["line"], 1);
    assert_eq!(first["headings"][1]["marker_kind"], "arabic");
    assert_eq!(first["headings"][1]["level"], 2);
    let seed = &reports[1]["outline"];
    assert_eq!(seed["title"]["unit"], "高州市");
    assert_eq!(seed["year"]["source"], "title");
    let closing = &seed["closing"];
    assert_eq!(closing["signer"]["text"], "高州市人民政府");
    assert_eq!(closing["date"]["iso"], "2020-12-24");
    for field in ["seal", "annotations", "attachments", "imprint"] {
        assert!(closing.get(field).is_some(), "{field}");
    }
    let statuses: Vec<&str> = seed["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .map(|item| item["status"].as_str().expect("status"))
        .collect();
    assert_eq!(
        statuses,
        ["section", "section", "missing", "section", "missing"]
    );
}

#[test]
fn unreadable_report_exits_2() {
    let (code, _, err) = outline(&["tests/fixtures/no-such-report.txt"]);
    assert_eq!(code, 2);
    assert!(!err.is_empty());
}
