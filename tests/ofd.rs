//! OFD reports (GB/T 33190): two real packages from ofdrw (see
//! `tests/fixtures/ofd/README.md`) read as their pages show, every fixture
//! laid out as an OFD by `support::ofd` giving its text's findings, the
//! outline of one, and the refusals of packages that cannot be read.

mod support;

use std::path::Path;
use support::cli::{bin, output, run_no_config};
use support::fixtures::{fixture, read_fixture, write};
use support::outline::{self, check_bytes, ENGINE};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture")
}

/// Rules whose findings differ between a text fixture and the OFD laid
/// out from it, because the formats differ:
/// - `hygiene/merged-paragraphs`: a report written as one line (lucheng)
///   is one finding on that line in the text; on the page it wraps into a
///   block, which the reader breaks into paragraphs where a line ends short
///   or a marker starts one, so the same finding is made on each of them
///   (as for a PDF).
const FORMAT_DIFFERENCES: &[&str] = &["hygiene/merged-paragraphs"];

/// Whether a rule reads tables.
fn reads_tables(rule: &str) -> bool {
    ["table", "arithmetic", "cell-format", "outdated-label"]
        .iter()
        .any(|w| rule.contains(w))
}

/// The sorted rule ids of a report's findings that `keep` keeps.
fn rule_ids(bytes: &[u8], name: &str, keep: fn(&str) -> bool) -> Vec<String> {
    let checked = ENGINE
        .check(bytes, Path::new(name), &Default::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut ids: Vec<String> = outline::rule_ids(&checked)
        .into_iter()
        .filter(|r| keep(r))
        .collect();
    ids.sort();
    ids
}

/// Every fixture report laid out as an OFD gives the findings of its
/// text, apart from [`FORMAT_DIFFERENCES`]. A fixture with tables written
/// as rows of `|` has them laid out as ruled tables: those rows are lines
/// of its text but cells of the OFD, so (as for a PDF, `tests/pdf.rs`)
/// only the findings that read tables are compared.
#[test]
fn ofd_made_from_each_fixture_gives_its_findings() {
    let mut names: Vec<String> = Vec::new();
    for folder in ["", "gongkai/"] {
        for entry in std::fs::read_dir(fixture(folder)).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let file = path.file_name().expect("name").to_string_lossy();
                names.push(format!("{folder}{file}"));
            }
        }
    }
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    let (mut failures, mut tabled) = (Vec::new(), 0);
    for name in &names {
        let text = read_fixture(name);
        let ofd = support::ofd::from_text(&text);
        let keep: fn(&str) -> bool = if text.lines().any(|l| l.matches('|').count() >= 2) {
            tabled += 1;
            reads_tables
        } else {
            |r| !FORMAT_DIFFERENCES.contains(&r)
        };
        let want = rule_ids(text.as_bytes(), name, keep);
        let got = rule_ids(&ofd, &name.replace(".txt", ".ofd"), keep);
        if want != got {
            failures.push(format!("{name}:\n  text {want:?}\n  ofd  {got:?}"));
        }
    }
    assert!(tabled >= 3, "the gongkai fixtures have tables");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A 政务公开 report's tables come back as tables, cell by cell, across
/// the pages they break over; the page numbers leave the text.
#[test]
fn tables_and_page_numbers_of_a_laid_out_report() {
    let name = "gongkai/shanghaishi-kewei-2024.txt";
    let text = read_fixture(name);
    let checked = check_bytes(&support::ofd::from_text(&text), "kewei.ofd");
    assert_eq!(checked.encoding, rl_lint::input::SourceEncoding::Ofd);
    assert!(
        checked.word_tables.len() >= 8,
        "{}",
        checked.word_tables.len()
    );
    let pages = checked.outline.pages.as_ref().expect("pages");
    assert!(pages.pages >= 3, "{}", pages.pages);
    assert_eq!(
        pages
            .furniture
            .iter()
            .filter(|f| f.kind == "page-number")
            .count(),
        pages.pages
    );
    assert!(!checked.text.contains("- 1 -"));
    // The first table's cells, as written.
    let cells: Vec<&str> = checked.word_tables[0].grid[0]
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(
        cells,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    );
}

#[test]
fn outline_of_an_ofd() {
    let text = read_fixture("gongkai/shuyangxian-fagaiju-2023.txt");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "报告.ofd", support::ofd::from_text(&text));
    let out = output(bin().arg("outline").arg(&path));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let shown = out.stdout.replace(&dir.path().display().to_string(), "DIR");
    snapshot!("ofd.shuyangxian-outline", shown);
}

/// ofdrw's 「拿来主义」 sample: two pages of paragraphs, each wrapped over
/// lines and broken across the page, set with `DeltaX` by ofdrw's layout.
#[test]
fn a_real_ofd_reads_as_its_pages_show() {
    let checked = check_bytes(&read("ofd/nalaizhuyi.ofd"), "nalaizhuyi.ofd");
    let paragraphs: Vec<&str> = checked.text.lines().collect();
    assert_eq!(paragraphs[..2], ["拿来主义", "鲁迅"]);
    assert!(paragraphs[2].starts_with("中国一向是所谓“闭关主义”"));
    assert!(paragraphs[2].ends_with("也可以算得显出一点进步了。"));
    assert_eq!(paragraphs.last(), Some(&"总之，我们要拿来。我们要或使用，或存放，或毁灭。那么，主人是新主人，宅子也就会成为新宅子。然而首先要这人沉着，勇猛，有辨别，不自私。没有拿来的，人不能自成为新人，没有拿来的，文艺不能自成为新文艺。"));
    assert_eq!(paragraphs.len(), 12, "{paragraphs:?}");
    let pages = checked.outline.pages.as_ref().expect("pages");
    assert_eq!(pages.pages, 2);
    // No paragraph holds a space the page did not draw.
    assert!(!checked.text.contains(' '));
}

/// ofdrw's signed e-invoice: its labels and ruled frame are a template
/// the page draws on; its values are the page's own text; it carries a
/// signature. It is read: the template's rules make the invoice's table,
/// with the page's values in its cells and the template's labels around.
#[test]
fn a_signed_ofd_with_a_template_is_read() {
    let checked = check_bytes(&read("ofd/fapiao-signed.ofd"), "fapiao.ofd");
    let in_tables: String = checked
        .word_tables
        .iter()
        .flat_map(|t| t.grid.iter().flatten())
        .map(|c| c.text.as_str())
        .collect();
    assert!(!checked.word_tables.is_empty());
    for value in ["科游迈利有限公司", "¥318.00", "叁佰壹拾捌圆整"] {
        assert!(in_tables.contains(value), "{value}: {in_tables}");
    }
    // Labels of the template, values of the page.
    for text in ["发票号码：99999951", "开票日期：2020年10月10日"] {
        assert!(checked.text.contains(text), "{text}: {}", checked.text);
    }
}

#[test]
fn refusals_exit_2_with_a_reason_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = support::ofd::from_text(&read_fixture("xuwen-2024.txt"));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut.ofd", good[..good.len() / 2].to_vec(), "OFD 文件已损坏"),
        (
            "text.ofd",
            "一、总体情况".as_bytes().to_vec(),
            "不是有效的 zip 文件",
        ),
        (
            "encrypted.ofd",
            with_entry(&good, "Encryptions.xml", "<Encryptions/>"),
            "已加密",
        ),
    ];
    for (name, bytes, needle) in cases {
        let path = write(dir.path(), name, &bytes);
        let out = run_no_config([path.as_os_str()]);
        assert_eq!(out.code, 2, "{name}: {}", out.stderr);
        assert!(out.stderr.contains(needle), "{name}: {}", out.stderr);
        assert!(out.stderr.contains("input::ofd"), "{name}: {}", out.stderr);
    }
}

/// `good` with one more entry.
fn with_entry(good: &[u8], name: &str, text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(good)).expect("zip");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for k in 0..archive.len() {
        let file = archive.by_index_raw(k).expect("entry");
        zip.raw_copy_file(file).expect("copy");
    }
    zip.start_file(name, zip::write::SimpleFileOptions::default())
        .expect("entry");
    zip.write_all(text.as_bytes()).expect("write");
    zip.finish().expect("zip").into_inner()
}

#[test]
fn fix_never_rewrites_an_ofd_and_folders_hold_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = support::ofd::from_text(&read_fixture("bazhong-2022.txt"));
    let path = write(dir.path(), "报告.ofd", &good);
    let out = output(bin().args(["--no-config", "--fix"]).arg(&path));
    assert!(
        out.stderr.contains("fixes are not applied to .ofd"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read(&path).expect("read"), good);
    let out = output(
        bin()
            .args(["--no-config", "--format", "json"])
            .arg(dir.path()),
    );
    assert!(out.stdout.contains("报告.ofd"), "{}", out.stdout);
}
