//! `rl-lint --format html`: the review page for a folder of reports.

mod support;

use support::cli::{run_no_config_in, Run};
use support::fixtures::{seed_path, SEEDS};
use support::gongkai;
use support::page::{assert_broken_identity_marked, between};

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::create_dir(dir.path().join("reports")).expect("mkdir");
    for name in SEEDS {
        let file = dir.path().join("reports").join(format!("{name}.txt"));
        std::fs::copy(seed_path(name), file).expect("copy");
    }
    dir
}

#[test]
fn one_self_contained_page_with_overview_chart_and_sections() {
    let dir = folder();
    let Run {
        code,
        stdout: page,
        stderr,
    } = run_no_config_in(dir.path(), ["--format", "html", "reports"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    // Nothing is loaded from elsewhere: no links to styles or scripts, no
    // images, no addresses but the page's own anchors.
    assert!(!page.contains("<link"));
    assert!(!page.contains(" src="));
    assert_eq!(
        page.matches("http://").count(),
        page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(!page.contains("https://"));
    assert!(page.contains("<style>") && page.contains("@page { size: A4"));

    // The overview: a row per report, a column per required part, the
    // counts of the command line.
    let table = between(&page, "<table class=\"overview\">", "</table>");
    let head = between(table, "<thead>", "</thead>");
    for part in [
        "主要举措和成效",
        "存在的不足和原因",
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        "下一年度推进法治政府建设的主要安排",
    ] {
        assert!(head.contains(part), "{part}");
    }
    assert!(
        !head.contains("其他需要报告的情况"),
        "an optional part is no column"
    );
    let body = between(table, "<tbody>", "</tbody>");
    assert_eq!(body.matches("<tr>").count(), SEEDS.len());
    for name in SEEDS {
        let name = format!("{name}.txt");
        let json =
            run_no_config_in(dir.path(), ["--format", "json", &format!("reports/{name}")]).stdout;
        let findings: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
        let count = |severity: &str| {
            findings
                .iter()
                .filter(|f| f["severity"] == severity)
                .count()
        };
        let row = between(body, &format!(">reports/{name}</a>"), "</tr>");
        assert!(
            row.contains(&format!(
                "<td class=\"num sev-error\">{}</td>",
                count("error")
            )),
            "{name}: {row}"
        );
        assert!(
            row.contains(&format!(
                "<td class=\"num sev-warning\">{}</td>",
                count("warning")
            )),
            "{name}: {row}"
        );
        assert_eq!(
            row.matches("<td class=\"ok\"").count()
                + row.matches("<td class=\"partial\"").count()
                + row.matches("<td class=\"missing\"").count(),
            4,
            "{row}"
        );
        // Its section: every finding's message.
        let id = between(body, "", &format!("\">reports/{name}</a>"));
        let id = &id[id.rfind("href=\"#").expect("anchor") + 7..];
        let section = between(
            &page,
            &format!("<section class=\"report\" id=\"{id}\">"),
            "</section>",
        );
        assert_eq!(
            section.matches("<li class=\"finding").count(),
            findings.len(),
            "{name}"
        );
        for finding in &findings {
            let message = finding["message"].as_str().expect("message");
            let escaped = message
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;");
            assert!(section.contains(&escaped), "{name}: {message}");
        }
        assert!(
            section.contains("<mark class=\"sev-"),
            "highlighted excerpts"
        );
        assert!(section.contains("修改建议："));
    }
    // gaozhou-2020 has no section on the first responsible's duty.
    let gaozhou = between(body, ">reports/gaozhou-2020.txt</a>", "</tr>");
    assert!(gaozhou.contains("<td class=\"missing\""));

    // The chart: inline SVG bars, no script needed.
    let chart = between(&page, "<section id=\"chart\">", "</section>");
    assert!(chart.contains("<svg") && chart.matches("<rect").count() >= 3);
    assert!(chart.contains("format/heading-marker") || chart.contains("core/"));
    // The only script is inline, for sorting.
    assert_eq!(page.matches("<script>").count(), 1);
}

#[test]
fn hostile_text_and_unreadable_reports() {
    let dir = folder();
    // Each line has a finding (a half-width comma), so its excerpt is shown.
    let hostile = "某县2022年法治政府建设年度报告\n<script>alert(1)</script>正文,正文\n\"><img src=x onerror=alert(1)>正文,正文\njavascript:alert(2)正文,正文\n一、主要举措和成效\n正文,正文。\n";
    std::fs::write(dir.path().join("reports/<i>坏<i>.txt"), hostile).expect("write");
    std::fs::write(dir.path().join("reports/empty.txt"), "").expect("write");
    let Run {
        code,
        stdout: page,
        stderr,
    } = run_no_config_in(dir.path(), ["--format", "html", "reports"]);
    assert_eq!(code, 2, "an unreadable report");
    assert!(stderr.contains("empty.txt is empty"));
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<img"));
    assert!(!page.contains("<i>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!page.contains("href=\"javascript"));
    assert!(page.contains("&lt;i&gt;坏&lt;i&gt;.txt"));
    assert!(!regex::Regex::new(r"<[^>]+\son[a-z]+=")
        .unwrap()
        .is_match(&page));
    // The unreadable report has its row and its section.
    let table = between(&page, "<tbody>", "</tbody>");
    assert!(table.contains(">reports/empty.txt</a>"));
    assert!(table.contains("无法检查"));
    assert!(page.contains("is empty"));
    assert_eq!(table.matches("<tr>").count(), SEEDS.len() + 2);
}

#[test]
fn fixed_reports_and_a_single_report() {
    let dir = folder();
    let Run {
        code, stdout: page, ..
    } = run_no_config_in(dir.path(), ["--format", "html", "reports/xuwen-2024.txt"]);
    assert!(code == 0 || code == 1);
    assert_eq!(
        between(&page, "<tbody>", "</tbody>")
            .matches("<tr>")
            .count(),
        1
    );
    assert!(page.contains("共 1 份报告"));
    // Nothing at all: the usual error.
    std::fs::create_dir(dir.path().join("none")).expect("mkdir");
    let Run {
        code,
        stdout: page,
        stderr,
    } = run_no_config_in(dir.path(), ["--format", "html", "none"]);
    assert_eq!(code, 2);
    assert!(page.is_empty());
    assert!(stderr.contains("no reports"));
}

#[test]
fn a_broken_identity_shows_in_its_table_with_the_failing_cells_marked() {
    let dir = tempfile::tempdir().expect("temp");
    let broken = gongkai::shuyang_body(&gongkai::broken_identity());
    // The same report as text (its tables in pipe rows) and as a Word
    // document (its tables Word tables, whose cells are not in the text).
    let forms = [
        ("shuyang.txt", broken.as_bytes().to_vec()),
        (
            "shuyang.docx",
            support::docx::from_text_with_tables(&broken),
        ),
    ];
    for (name, bytes) in forms {
        std::fs::write(dir.path().join(name), bytes).expect("write");
        let Run {
            code,
            stdout: page,
            stderr,
        } = run_no_config_in(dir.path(), ["--format", "html", name]);
        assert_eq!(code, 1, "{name}: {stderr}");
        let section = between(&page, "<section class=\"report\" id=\"r1\">", "</section>");
        // The tables a finding points at are shown as tables, 表三 among them.
        let tables = between(
            section,
            "<div class=\"flagged-tables\">",
            "<ol class=\"findings\">",
        );
        assert!(
            tables.matches("<table class=\"report-table\"").count() >= 2,
            "{name}: {tables}"
        );
        // A row's label spans the columns a short row leaves out; a Word
        // table's cells sit at their grid columns.
        let total = if name.ends_with(".docx") {
            "<td class=\"merged\" colspan=\"1\"></td><td class=\"label\">（七）总计</td>"
        } else {
            " colspan=\"2\">（七）总计</td>"
        };
        assert!(tables.contains(total), "{name}: {tables}");
        assert!(!tables.contains("| 26 |"), "cells, not pipe rows");
        assert_broken_identity_marked(section, tables, "r1-");
        // A Word table is named by the paragraph it follows, and the
        // excerpt of a finding about one of its cells is that cell.
        let caption = if name.ends_with(".docx") {
            let excerpts: Vec<&str> = section
                .split("<span class=\"excerpt\">表格第4行第")
                .skip(1)
                .filter(|rest| {
                    let column = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                    column.starts_with("列：<mark class=\"sev-error\">27</mark></span>")
                })
                .collect();
            assert_eq!(excerpts.len(), 2, "{section}");
            "段之后的表格"
        } else {
            "行起的表格"
        };
        assert!(tables.contains(caption), "{name}: {tables}");
    }
    // An unchanged report shows only the tables its findings point at.
    std::fs::write(
        dir.path().join("shuyang.txt"),
        gongkai::report("shuyangxian-fagaiju-2023"),
    )
    .expect("write");
    let Run { stdout: page, .. } =
        run_no_config_in(dir.path(), ["--format", "html", "shuyang.txt"]);
    assert!(!page.contains("27 + 0 = 27"));
    assert!(!page.contains("class=\"hit sev-error\" data-f=\"5\""));
}

#[test]
fn a_folder_of_both_types_gets_an_overview_table_per_type() {
    let dir = folder();
    std::fs::write(
        dir.path().join("reports/沭阳县发改局.txt"),
        gongkai::broken_identity(),
    )
    .expect("write");
    std::fs::write(dir.path().join("reports/empty.txt"), "").expect("write");
    let Run {
        code, stdout: page, ..
    } = run_no_config_in(dir.path(), ["--format", "html", "reports"]);
    assert_eq!(code, 2, "an unreadable report");
    let overview = between(&page, "<header id=\"overview\">", "</header>");
    let headings: Vec<&str> = overview
        .split("<h2 class=\"overview-type\">")
        .skip(1)
        .map(|h| &h[..h.find("</h2>").expect("heading")])
        .collect();
    assert_eq!(
        headings,
        [
            "法治政府建设年度报告 · 5 份",
            "政府信息公开工作年度报告 · 1 份",
            "无法检查的报告 · 1 份"
        ]
    );
    let tables: Vec<&str> = overview
        .split("<table class=\"overview\">")
        .skip(1)
        .map(|t| &t[..t.find("</table>").expect("table")])
        .collect();
    assert_eq!(tables.len(), 3);
    // Each table has its type's parts as columns, and every row a cell per
    // column.
    let columns = |table: &str| between(table, "<thead>", "</thead>").matches("<th").count();
    assert!(tables[0].contains("党政主要负责人履行推进法治建设第一责任人职责情况"));
    assert!(!tables[0].contains("主动公开政府信息情况"));
    assert!(tables[1].contains("主动公开政府信息情况"));
    assert!(tables[1].contains("政府信息公开行政复议、行政诉讼情况"));
    assert!(!tables[1].contains("存在的不足和原因"));
    // The report, its parts, then 错误, 警告 and 版式.
    assert_eq!(columns(tables[0]), 1 + 4 + 3);
    assert_eq!(columns(tables[1]), 1 + 6 + 3);
    for table in &tables {
        let body = between(table, "<tbody>", "</tbody>");
        for row in body.split("<tr>").skip(1) {
            assert_eq!(row.matches("<td").count(), columns(table), "{row}");
        }
    }
    assert_eq!(
        between(tables[0], "<tbody>", "</tbody>")
            .matches("<tr>")
            .count(),
        5
    );
    assert!(tables[1].contains(">reports/沭阳县发改局.txt</a>"));
    assert!(tables[2].contains(">reports/empty.txt</a>") && tables[2].contains("无法检查"));
    // The sections are still written in the order of the reports.
    let at = |name: &str| page.find(&format!("<h3>reports/{name}</h3>")).expect(name);
    assert!(at("bazhong-2022.txt") < at("zhongshan-2020.txt"));
    assert!(at("zhongshan-2020.txt") < at("沭阳县发改局.txt"));
}
