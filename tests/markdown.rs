//! End-to-end tests of Markdown (`.md`) reports: a seed report converted to
//! Markdown finds what the plain text finds, on the same words; the output
//! points into the Markdown file as written; link targets are not web
//! residue while bare URLs are; Markdown syntax itself produces no finding.
//!
//! The seeds in `tests/fixtures` are never modified: the Markdown versions
//! are generated in a temporary folder.

mod support;

use regex::Regex;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use support::cli::{json_findings, rule, run_in};
use support::fixtures::{seed_path, write_temp, SEEDS};

/// The decoded text rl-lint sees (offsets in the JSON are into it).
fn decoded(path: &Path) -> String {
    rl_lint::input::read_report(path)
        .expect("report decodes")
        .text
}

/// The text under a finding's primary label.
fn labelled<'t>(text: &'t str, finding: &Value) -> &'t str {
    let offset = finding["offset"].as_u64().expect("offset") as usize;
    let length = finding["length"].as_u64().expect("length") as usize;
    text.get(offset..offset + length)
        .expect("span on char boundaries")
}

/// For each rule, the texts its findings label, in order.
fn labelled_by_rule(path: &Path) -> BTreeMap<String, Vec<String>> {
    let text = decoded(path);
    let mut by_rule: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for finding in json_findings([path]) {
        by_rule
            .entry(rule(&finding).to_string())
            .or_default()
            .push(labelled(&text, &finding).to_string());
    }
    by_rule
}

/// Converts a plain-text seed into Markdown the way a writer would: `# `
/// before the title, `## ` before 一、 headings, `### ` before （一）
/// headings with their first sentence in bold, `**二是**`, a link in the
/// opening paragraph and a table before the first heading.
fn to_markdown(text: &str) -> String {
    let top = Regex::new(r"^[一二三四五六七八九十]+、").expect("regex");
    let second =
        Regex::new(r"^([(（][一二三四五六七八九十]+[)）])([^。]*。)?(.*)$").expect("regex");
    let table = "| 指标 | 数值 |\n|---|---:|\n| 办件量 | 1624 |\n";
    let link = "。详见[政府网站](http://www.example.gov.cn/fzzf.html \"法治政府\")。";
    let mut out: Vec<String> = Vec::new();
    let (mut title_done, mut table_done, mut link_done) = (false, false, false);
    for line in text.split('\n') {
        let words = line.trim();
        if !title_done
            && words.ends_with("报告")
            && words.chars().count() < 80
            && !words.contains('。')
        {
            out.push(format!("# {words}"));
            title_done = true;
        } else if top.is_match(words) {
            if !table_done {
                out.push(table.to_string());
                table_done = true;
            }
            out.push(format!("## {words}"));
        } else if let Some(caps) = second.captures(words) {
            let marker = &caps[1];
            let rest = caps[3].replacen("二是", "**二是**", 1);
            match caps.get(2) {
                Some(sentence) => out.push(format!("### **{marker}{}**{rest}", sentence.as_str())),
                None => out.push(format!("### {words}")),
            }
        } else if title_done && !link_done && line.contains('。') {
            out.push(line.replacen('。', link, 1));
            link_done = true;
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n")
}

#[test]
fn seeds_converted_to_markdown_find_the_same_problems_on_the_same_words() {
    let mut converted_headings = 0;
    for name in SEEDS {
        let txt = seed_path(name);
        let markdown = to_markdown(&decoded(&txt));
        converted_headings += markdown.matches("\n## ").count();
        let (_dir, md) = write_temp(&format!("{name}.md"), &markdown);
        let plain = labelled_by_rule(&txt);
        assert!(!plain.is_empty(), "{name}: the seed has findings");
        assert_eq!(
            labelled_by_rule(&md),
            plain,
            "{name}: the Markdown version finds other problems or labels other text\n{markdown}"
        );
    }
    // The conversion really produced Markdown headings (lucheng is one line).
    assert!(converted_headings >= 10, "{converted_headings} headings");
}

#[test]
fn markdown_syntax_is_not_read_as_text_of_a_txt_report() {
    // The same converted seed, saved as .txt: the Markdown is then text and
    // the headings are no longer recognised, so masking is what the test
    // above relies on.
    let markdown = to_markdown(&decoded(&seed_path("xuwen-2024")));
    let (_dir, as_txt) = write_temp("xuwen-2024.txt", &markdown);
    let (_dir2, as_md) = write_temp("xuwen-2024.md", &markdown);
    assert_ne!(labelled_by_rule(&as_txt), labelled_by_rule(&as_md));
}

/// A small Markdown report with three known defects: the enumeration skips
/// 四是 → 六是, the plan heading names the reported year, and a URL is pasted
/// into the text (next to a Markdown link, which is fine).
const DEFECTIVE_REPORT: &str = "\
# 某某县司法局2023年法治政府建设年度报告

2023年，我局坚持依法行政，各项工作取得新成效。

## 一、主要举措和成效

### （一）强化法治宣传教育

一是组织**领导干部**学法12次。二是开展普法宣传46场。三是建设法治文化阵地3个。四是开展“法律进乡村”活动。六是完善普法责任清单。

详见https://www.example.gov.cn/art/2023/12/1/art_1_2.html，另见[县政府网站](https://www.example.gov.cn/fz.html)。

## 二、存在的不足和原因

- 基层执法力量不足，主要是由于编制有限。

## 三、党政主要负责人履行推进法治建设第一责任人职责情况

局党组书记、局长认真履行第一责任人职责。

## 四、2023年工作安排

继续推进法治政府建设。

某某县司法局

2024年1月15日
";

#[test]
fn full_output_points_at_the_markdown_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("report.md"), DEFECTIVE_REPORT).expect("write");
    let out = run_in(dir.path(), ["--color", "never", "report.md"]);
    assert_eq!(out.code, 1, "the plan year is an error");
    let out = out.stdout;
    snapshot!("markdown-report.full", out);
}

#[test]
fn full_output_findings_label_the_defects() {
    let (_dir, path) = write_temp("report.md", DEFECTIVE_REPORT);
    let text = decoded(&path);
    let found: Vec<(String, String)> = json_findings([&path])
        .iter()
        .map(|f| (rule(f).to_string(), labelled(&text, f).to_string()))
        .collect();
    let expect = |r: &str, label: &str| (r.to_string(), label.to_string());
    assert_eq!(
        found,
        vec![
            expect("format/enum-sequence", "六是"),
            expect(
                "hygiene/pasted-url",
                "https://www.example.gov.cn/art/2023/12/1/art_1_2.html"
            ),
            expect("core/plan-year-mismatch", "2023"),
        ]
    );
    let plan = text.find("## 四、2023").expect("plan heading") + "## 四、".len();
    let finding = json_findings([&path])
        .into_iter()
        .find(|f| rule(f) == "core/plan-year-mismatch")
        .expect("plan finding");
    assert_eq!(finding["offset"].as_u64(), Some(plan as u64));
}

#[test]
fn link_targets_are_not_pasted_urls_but_bare_urls_are() {
    let report = "\
# 某某县司法局2023年法治政府建设年度报告

## 一、主要举措和成效

详见[县政府网站](https://a.example.gov.cn/x.html \"标题\")、<https://b.example.gov.cn/y>和[普法专栏][pf]。
原文链接：https://c.example.gov.cn/z.html

[pf]: https://d.example.gov.cn/pf.html
";
    let urls = |name: &str| -> Vec<String> {
        let (_dir, path) = write_temp(name, report);
        let text = decoded(&path);
        json_findings([&path])
            .iter()
            .filter(|f| rule(f) == "hygiene/pasted-url")
            .map(|f| labelled(&text, f).to_string())
            .collect()
    };
    assert_eq!(urls("report.md"), ["https://c.example.gov.cn/z.html"]);
    // As plain text, every URL is text in the report.
    assert_eq!(urls("report.txt").len(), 4);
}

/// A complete report that uses much of Markdown: front matter, headings,
/// emphasis, links, a table, a list, a block quote, a code block, comments.
const CLEAN_REPORT: &str = "\
---
title: 某某县司法局2023年法治政府建设年度报告
---

# 某某县司法局2023年法治政府建设年度报告

2023年，我局坚持以习近平法治思想为指导，全面推进依法行政。<!-- 待核对 | 数据 -->

## 一、主要举措和成效

### （一）**强化法治宣传教育。**

一是组织**领导干部**学法12次。二是开展“八五”普法宣传活动46场，详见[县政府网站](https://www.example.gov.cn/art/2023/fzxc.html \"普法专栏\")。

| 项目 | 数量 |
|:---|---:|
| 学法活动 | 12 |
| 普法宣传 | 46 |

### （二）推进严格规范公正文明执法

1. 完善行政执法“三项制度”。
2. 开展执法案卷评查，评查案卷120卷，见<https://www.example.gov.cn/zf>。

> 全年行政复议纠错率为3.2%。

```text
统计口径(2023): 复议 | 诉讼
```

## 二、存在的不足和原因

- 基层执法人员力量不足，主要是由于编制有限。
- 普法宣传形式单一，原因是创新意识不够。

## 三、党政主要负责人履行推进法治建设第一责任人职责情况

局党组书记、局长认真履行第一责任人职责，主持召开专题会议4次。

## 四、2024年工作安排

继续推进法治政府建设。

[县政府网站]: https://www.example.gov.cn

某某县司法局

2024年1月15日
";

#[test]
fn markdown_syntax_causes_no_findings() {
    let (_dir, md) = write_temp("clean.md", CLEAN_REPORT);
    let found: Vec<String> = json_findings([&md])
        .iter()
        .map(|f| rule(f).to_string())
        .collect();
    assert_eq!(found, Vec::<String>::new());
    // The same file as plain text: the syntax is then half-width brackets,
    // URLs and run-on headings (its pipe table is a table in text too).
    let (_dir2, txt) = write_temp("clean.txt", CLEAN_REPORT);
    let plain: Vec<String> = json_findings([&txt])
        .iter()
        .map(|f| rule(f).to_string())
        .collect();
    for expected in ["hygiene/pasted-url", "format/halfwidth-punctuation"] {
        assert!(
            plain.iter().any(|r| r == expected),
            "{expected} in {plain:?}"
        );
    }
}

#[test]
fn markdown_extensions_are_recognised_in_any_case() {
    for name in ["report.markdown", "REPORT.MD"] {
        let (_dir, path) = write_temp(name, DEFECTIVE_REPORT);
        let rules: Vec<String> = json_findings([&path])
            .iter()
            .map(|f| rule(f).to_string())
            .collect();
        assert_eq!(
            rules,
            [
                "format/enum-sequence",
                "hygiene/pasted-url",
                "core/plan-year-mismatch"
            ],
            "{name}"
        );
    }
}
