//! The shapes real reports are written and published in, made from a seed
//! report (tests/fixtures/gaozhou-2020.txt, which has a title, a signer
//! and a date) by editing it the way other units lay out theirs: each
//! variant must be read like the seed, with the same findings unless the
//! shape itself is the point.

mod support;

use support::fixtures::seed;
use support::outline::{check, rule_ids, ENGINE};
use support::script::to_traditional;

/// The seed every variant is made from.
const BASE: &str = "gaozhou-2020";

const TITLE: &str = "高州市2020年法治政府建设年度报告";
const SIGNER: &str = "高州市人民政府";
const DATE: &str = "2020年12月24日";

fn ids(text: &str) -> Vec<String> {
    rule_ids(&check(&ENGINE, "variant.txt", text))
}

fn outline_of(text: &str) -> rl_lint::engine::outline::Outline {
    check(&ENGINE, "variant.txt", text).outline
}

/// The seed's findings, which a variant keeps.
fn seed_ids() -> Vec<String> {
    ids(&seed(BASE))
}

fn with_tail(tail: &str) -> String {
    let seed = seed(BASE);
    let end = seed.trim_end();
    assert!(end.ends_with(&format!("{SIGNER}\n{DATE}")));
    format!("{end}\n{tail}")
}

#[test]
fn title_on_two_lines() {
    let text = seed(BASE).replacen(TITLE, "高州市\n2020年法治政府建设年度报告", 1);
    let o = outline_of(&text);
    let title = o.title.expect("title");
    assert_eq!(title.lines.len(), 2);
    assert_eq!(title.unit.as_deref(), Some("高州市"));
    assert_eq!(ids(&text), seed_ids());
    let text = seed(BASE).replacen(
        TITLE,
        "高州市人民政府关于2020年度\n法治政府建设情况的报告",
        1,
    );
    assert_eq!(outline_of(&text).title.expect("title").lines.len(), 2);
    assert_eq!(ids(&text), seed_ids());
}

#[test]
fn residue_before_the_title_is_skipped_and_reported() {
    let text = format!(
        "当前位置：首页 > 通知公告\n时间:2021-01-05 15:36 浏览量:1\n【 字体:  】\n{}",
        seed(BASE)
    );
    let o = outline_of(&text);
    assert_eq!(o.title.expect("title").text, TITLE);
    assert_eq!(o.skipped.len(), 3);
    let found = ids(&text);
    assert!(!found.iter().any(|r| r.starts_with("core/title")));
    let unpaired = |ids: &[String]| ids.iter().filter(|r| *r == "format/unpaired-mark").count();
    assert_eq!(unpaired(&found), unpaired(&seed_ids()));
    assert_eq!(
        found.iter().filter(|r| *r == "hygiene/web-residue").count(),
        3
    );
}

#[test]
fn repeated_title_and_year_first_title() {
    let text = seed(BASE).replacen(TITLE, &format!("{TITLE}\n发布日期:2021-01-05\n{TITLE}"), 1);
    let o = outline_of(&text);
    assert_eq!(o.title.expect("title").repeated.len(), 1);
    let text = seed(BASE).replacen(TITLE, "2020年高州市法治政府建设情况报告", 1);
    let o = outline_of(&text);
    assert_eq!(o.title.expect("title").unit.as_deref(), Some("高州市"));
    assert_eq!(ids(&text), seed_ids());
}

#[test]
fn recipient_line_is_neither_title_nor_body() {
    let text = seed(BASE).replacen(TITLE, &format!("{TITLE}\n茂名市人民政府："), 1);
    let o = outline_of(&text);
    assert_eq!(o.recipient.expect("recipient").text, "茂名市人民政府：");
    assert_eq!(ids(&text), seed_ids());
}

#[test]
fn annotation_attachments_and_imprint_after_the_date() {
    for tail in [
        "（此件公开发布）",
        "附件：1.高州市法治政府建设工作清单\n2.高州市行政执法统计表",
        "抄送：茂名市司法局。\n高州市人民政府办公室 2020年12月24日印发",
        "（此件公开发布）\n附件：高州市法治政府建设工作清单\n抄送：茂名市司法局。",
    ] {
        let text = with_tail(tail);
        let o = outline_of(&text);
        assert_eq!(
            o.closing.date.as_ref().map(|d| d.text.as_str()),
            Some(DATE),
            "{tail}"
        );
        assert_eq!(
            o.closing.signer.as_ref().map(|s| s.text.as_str()),
            Some(SIGNER),
            "{tail}"
        );
        assert_eq!(ids(&text), seed_ids(), "{tail}");
    }
    let o = outline_of(&with_tail(
        "（此件公开发布）\n附件：清单\n抄送：茂名市司法局。",
    ));
    assert_eq!(
        (
            o.closing.annotations.len(),
            o.closing.attachments.len(),
            o.closing.imprint.len()
        ),
        (1, 1, 1)
    );
}

#[test]
fn seal_placeholder_is_not_the_signer() {
    for (from, to) in [
        (
            format!("{SIGNER}\n{DATE}"),
            format!("{SIGNER}\n（盖章）\n{DATE}"),
        ),
        (
            format!("{SIGNER}\n{DATE}"),
            format!("{SIGNER}（印章）\n{DATE}"),
        ),
    ] {
        let text = seed(BASE).replacen(&from, &to, 1);
        let o = outline_of(&text);
        assert_eq!(o.closing.signer.map(|s| s.text).as_deref(), Some(SIGNER));
        assert!(o.closing.seal.is_some());
        assert_eq!(ids(&text), seed_ids());
    }
}

#[test]
fn joint_signers_and_signer_with_date_on_one_line() {
    let text = seed(BASE)
        .replacen(
            TITLE,
            "中共高州市委 高州市人民政府关于2020年法治政府建设情况的报告",
            1,
        )
        .replacen(
            &format!("{SIGNER}\n{DATE}"),
            &format!("中共高州市委　高州市人民政府\n{DATE}"),
            1,
        );
    let o = outline_of(&text);
    assert_eq!(
        o.closing.signer.map(|s| s.text).as_deref(),
        Some("中共高州市委　高州市人民政府")
    );
    assert!(!ids(&text).iter().any(|r| r == "core/signer-mismatch"));
    let text = seed(BASE).replacen(
        &format!("{SIGNER}\n{DATE}"),
        &format!("{SIGNER}　{DATE}"),
        1,
    );
    let o = outline_of(&text);
    assert_eq!(o.closing.signer.map(|s| s.text).as_deref(), Some(SIGNER));
    assert_eq!(ids(&text), seed_ids());
}

#[test]
fn numbering_that_runs_on_and_two_levels() {
    let run_on = "某局2022年法治政府建设年度报告\n一、主要举措和成效\n（一）加强领导\n1.学法。局长带头学法。\n2.考核。\n（二）依法履职\n3.审批。\n4.监管。\n二、存在的不足和原因\n由于人员少，宣传不够。\n三、2023年工作计划\n继续努力。\n某局\n2023年2月2日\n";
    let found = ids(run_on);
    assert!(
        !found.iter().any(|r| r == "format/heading-sequence"),
        "{found:?}"
    );
    assert!(found.iter().any(|r| r == "format/heading-run-on"));
    let two_levels = run_on
        .replace("（一）加强领导\n", "")
        .replace("（二）依法履职\n", "");
    assert!(!ids(&two_levels)
        .iter()
        .any(|r| r.starts_with("format/heading")));
    // A space after the bracket: still the heading.
    let spaced = run_on.replace("（一）加强领导", "(一) 加强领导");
    assert_eq!(outline_of(&spaced).headings[1].text, "加强领导");
}

#[test]
fn run_in_first_responsible_item_is_the_part() {
    let seed = seed(BASE);
    let at = seed.find("二、存在的问题").expect("shortcomings heading");
    let item = "一是扛牢法治建设第一责任人职责。市委书记、市长带头学法，定期研究法治政府建设。\n";
    let text = format!("{}{item}{}", &seed[..at], &seed[at..]);
    let found = ids(&text);
    assert!(
        !found
            .iter()
            .any(|r| r.starts_with("core/first-responsible")),
        "{found:?}"
    );
    let o = outline_of(&text);
    let first = o
        .checklist
        .iter()
        .find(|i| i.part == "first-responsible")
        .expect("part");
    assert_eq!(first.status, rl_lint::engine::outline::PartStatus::Item);
    // Only a passing mention inside another item's sentence is not the part.
    let mention = "一是加强学法。市委书记认真履行第一责任人职责，按时学法。\n";
    let text = format!("{}{mention}{}", &seed[..at], &seed[at..]);
    assert!(ids(&text)
        .iter()
        .any(|r| r == "core/first-responsible-not-a-section"));
}

#[test]
fn traditional_characters_are_checked_like_simplified() {
    let seed = seed(BASE);
    let traditional = to_traditional(&seed);
    assert_ne!(traditional, seed);
    assert_eq!(ids(&traditional), seed_ids());
    let checked = check(&ENGINE, "variant.txt", &traditional);
    // Spans and quotes stay on the original characters.
    let title = checked.outline.title.expect("title");
    assert_eq!(title.text, to_traditional(TITLE));
    assert!(title.text.contains("建設") && title.text.contains("報告"));
}

#[test]
fn attachment_note_above_the_signer_and_a_full_tail() {
    let text = seed(BASE).replacen(
        &format!("{SIGNER}\n{DATE}"),
        &format!("附件：1.高州市法治政府建设任务清单\n2.高州市行政执法统计表\n\n{SIGNER}\n（盖章）\n{DATE}\n（此件公开发布）\n抄送：茂名市司法局。"),
        1,
    );
    let o = outline_of(&text);
    assert_eq!(o.closing.signer.map(|s| s.text).as_deref(), Some(SIGNER));
    assert_eq!(o.closing.attachments.len(), 2);
    assert_eq!(
        (
            o.closing.seal.is_some(),
            o.closing.annotations.len(),
            o.closing.imprint.len()
        ),
        (true, 1, 1)
    );
    assert_eq!(ids(&text), seed_ids());
}

#[test]
fn merged_report_keeps_title_and_closing() {
    let seed = seed(BASE);
    let lines: Vec<&str> = seed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let text = format!("{} （此件公开发布）\n", lines.join(" "));
    let o = outline_of(&text);
    assert_eq!(o.title.map(|t| t.text).as_deref(), Some(TITLE));
    assert_eq!(o.closing.signer.map(|s| s.text).as_deref(), Some(SIGNER));
    assert_eq!(o.closing.date.map(|d| d.text).as_deref(), Some(DATE));
    assert_eq!(o.closing.annotations.len(), 1);
    let mut expected = seed_ids();
    expected.push("hygiene/merged-paragraphs".into());
    let mut found = ids(&text);
    expected.sort();
    found.sort();
    assert_eq!(found, expected);
}
