//! Saved web pages (`.html`, `.mht`) and OpenDocument texts (`.odt`) end
//! to end: a page laid out the way government sites lay them out, with a
//! report of the corpus inside it (`fixtures/web/`), and the seeds written
//! as pages and as `.odt` packages here. The findings are those of the
//! report's text; nothing is found on the page around it.

mod support;

use rl_lint::engine::Checked;
use rl_lint::input::SourceEncoding;
use std::io::Write;
use support::cli::{bin, output};
use support::fixtures::{fixture, seed, write, SEEDS};
use support::outline::{check, check_bytes, said, ENGINE};

fn checklist(checked: &Checked) -> Vec<String> {
    checked
        .outline
        .checklist
        .iter()
        .map(|item| format!("{} {:?}", item.part, item.status))
        .collect()
}

const PAGE: &str = "web/shuyangxian-fagaiju-2023.html";
const PAGE_REPORT: &str = "gongkai/shuyangxian-fagaiju-2023.txt";

/// The report of the corpus without the page furniture its text was
/// scraped with (its first eight lines: the site's name, the column, the
/// info table).
fn report_of_page() -> String {
    let text = std::fs::read_to_string(fixture(PAGE_REPORT)).expect("fixture");
    text.split_inclusive('\n').skip(8).collect()
}

#[test]
fn a_government_page_yields_the_report_and_nothing_of_the_page() {
    let bytes = std::fs::read(fixture(PAGE)).expect("page");
    assert!(std::str::from_utf8(&bytes).is_err(), "the page is GBK");
    let page = check_bytes(&bytes, PAGE);
    assert_eq!(page.encoding, SourceEncoding::Html);
    let text = check(&ENGINE, "report.txt", &report_of_page());

    // The title, the parts and the headings of the report.
    let title = |c: &Checked| c.outline.title.as_ref().map(|t| t.text.clone());
    assert_eq!(
        title(&page).as_deref(),
        Some("沭阳县发展和改革局2023年政府信息公开年度报告")
    );
    assert_eq!(title(&page), title(&text));
    assert_eq!(checklist(&page), checklist(&text));
    let headings = |c: &Checked| -> Vec<String> {
        c.outline
            .headings
            .iter()
            .map(|h| format!("{}{}", h.marker, h.text))
            .collect()
    };
    assert_eq!(headings(&page), headings(&text));

    // Nothing of the page around the report is read.
    for furniture in [
        "当前位置",
        "首页",
        "索引号",
        "发布机构",
        "字号",
        "分享到",
        "打印本页",
        "主办单位",
        "ICP",
        "相关信息",
        "浏览次数",
        "请输入关键字",
    ] {
        assert!(
            !page.text.contains(furniture),
            "{furniture}:\n{}",
            page.text
        );
    }
    // Entities are decoded.
    assert!(page.text.contains("“先审查、后公开"), "{}", page.text);

    // The tables are the page's tables, spans resolved: the 申请 table
    // has its 26 in the column of 自然人 and of 总计.
    let tables = page.tables();
    assert_eq!(tables.len(), 6, "{tables:#?}");
    let requests = &tables[4];
    let new_requests = requests
        .rows
        .iter()
        .find(|r| {
            r.cells
                .first()
                .is_some_and(|c| c.text.starts_with("一、本年新收"))
        })
        .expect("row");
    let columns: Vec<(usize, &str)> = new_requests
        .cells
        .iter()
        .map(|c| (c.column, c.text.as_str()))
        .collect();
    assert_eq!(columns[1], (4, "26"));
    assert_eq!(columns.last(), Some(&(10, "26")));

    // The findings of the report's text, none on the page; a finding in a
    // table is placed on the paragraph before it (its label names the cell).
    let rules = |c: &Checked| -> Vec<String> {
        let mut rules: Vec<String> = c
            .findings
            .iter()
            .map(|f| format!("{} {}", f.rule, f.message))
            .collect();
        rules.sort();
        rules
    };
    assert_eq!(rules(&page), rules(&text));
}

#[test]
fn the_page_on_the_command_line_and_in_a_folder() {
    let out = output(bin().args(["outline", "--no-config"]).arg(fixture(PAGE)));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("沭阳县发展和改革局2023年政府信息公开年度报告"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("HTML page"), "{}", out.stdout);

    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture(PAGE)).unwrap();
    write(dir.path(), "报告.htm", &bytes);
    let out = output(
        bin()
            .args(["--no-config", "--format", "json"])
            .arg(dir.path()),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("报告.htm"), "{}", out.stdout);

    // --fix never rewrites a page.
    let out = output(bin().args(["--no-config", "--fix"]).arg(dir.path()));
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert_eq!(std::fs::read(dir.path().join("报告.htm")).unwrap(), bytes);
}

/// A seed written as a page the simplest way: a paragraph per line.
fn as_page(text: &str) -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>报告</title></head><body>\n",
    );
    for line in text.lines() {
        let escaped = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        page.push_str(&format!("<p>{escaped}</p>\n"));
    }
    page.push_str("</body></html>\n");
    page
}

/// A seed as an `.odt`: a `text:p` per line.
fn as_odt(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        let escaped = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        body.push_str(&format!("<text:p>{escaped}</text:p>"));
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.text")
        .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn every_seed_as_a_page_and_as_odt_has_the_findings_of_its_text() {
    for name in SEEDS {
        let text = seed(name);
        let expected = said(&check(&ENGINE, "report.txt", &text));
        let page = check_bytes(as_page(&text).as_bytes(), "report.html");
        assert_eq!(page.encoding, SourceEncoding::Html);
        // A page's &lt;…&gt; inside 《》 is read as 〈…〉 (docs/usage.md).
        let in_page: Vec<String> = expected
            .iter()
            .filter(|f| !f.starts_with("format/nested-book-title "))
            .cloned()
            .collect();
        assert_eq!(said(&page), in_page, "{name} as a page");
        let odt = check_bytes(&as_odt(&text), "report.odt");
        assert_eq!(odt.encoding, SourceEncoding::Odt);
        assert_eq!(said(&odt), expected, "{name} as .odt");
        assert!(odt.findings.iter().all(|f| f.fix.is_empty()), "{name}");
        assert!(page.findings.iter().all(|f| f.fix.is_empty()), "{name}");
    }
}
