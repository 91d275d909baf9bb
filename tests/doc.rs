//! Word 97–2003 documents (`.doc`) and WPS documents in the same
//! container (`.wps`) end to end: files made by LibreOffice
//! (`fixtures/doc/`), and bad files made from them here.

mod support;

use rl_lint::input::{decode_bytes, InputError, SourceEncoding};
use support::cli::{bin, output};
use support::fixtures::{fixture, write};
use support::outline::{check_bytes, said};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture")
}

/// The offset of the `WordDocument` stream's FIB in a compound file
/// (streams start on 512-byte sectors, and the FIB with `wIdent` 0xA5EC).
fn fib_offset(bytes: &[u8]) -> usize {
    (512..bytes.len())
        .step_by(512)
        .find(|&at| bytes[at..].starts_with(&[0xEC, 0xA5]))
        .expect("a FIB")
}

#[test]
fn a_doc_gives_the_findings_of_its_text() {
    let doc = check_bytes(&read("doc/bazhong-2022.doc"), "bazhong-2022.doc");
    let txt = check_bytes(&read("bazhong-2022.txt"), "bazhong-2022.txt");
    assert_eq!(doc.encoding, SourceEncoding::Doc);
    assert_eq!(doc.text.lines().count(), txt.text.lines().count());
    assert_eq!(said(&doc), said(&txt));
    assert!(!doc.findings.is_empty());
}

#[test]
fn list_numbers_fields_and_tables() {
    let decoded = decode_bytes(&read("doc/lists-tables.doc"), "lists-tables.doc").unwrap();
    let lines: Vec<&str> = decoded.text.lines().collect();
    assert_eq!(
        lines,
        [
            "某县司法局2023年法治政府建设年度报告",
            "2023年，我局深入学习贯彻习近平法治思想。",
            "一、主要举措和成效",
            "（一）加强组织领导。",
            "（二）推进依法行政。",
            "1.规范性文件备案审查。",
            "2.行政复议。",
            "二、存在的不足和原因",
            "主要数据见下表（来源：统计平台）：",
            "某县司法局",
            "2024年1月10日",
        ]
    );
    let [table] = decoded.tables.as_slice() else {
        panic!("one table: {:?}", decoded.tables)
    };
    assert_eq!(
        &decoded.text[table.anchor.start..table.anchor.end],
        "主要数据见下表（来源：统计平台）："
    );
    let cells: Vec<Vec<(String, usize, usize)>> = table
        .grid
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| (c.text.clone(), c.column, c.span))
                .collect()
        })
        .collect();
    let cell = |t: &str, column, span| (t.to_owned(), column, span);
    assert_eq!(
        cells,
        [
            vec![cell("类别", 1, 2), cell("合计", 3, 1)],
            vec![cell("规章", 1, 1), cell("3 件", 2, 1)],
            vec![cell("规范性文件", 1, 1), cell("", 2, 1), cell("12", 3, 1)],
        ]
    );
}

#[test]
fn no_heading_sequence_finding_on_list_numbers() {
    let checked = check_bytes(&read("doc/lists-tables.doc"), "lists-tables.doc");
    let rules: Vec<&str> = checked.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(
        !rules
            .iter()
            .any(|r| r.contains("sequence") || r.contains("numbering")),
        "{rules:?}"
    );
    assert_eq!(
        checked.outline.headings.len(),
        6,
        "{:?}",
        checked.outline.headings
    );
}

#[test]
fn numbered_heading_styles() {
    let decoded = decode_bytes(&read("doc/outline.doc"), "outline.doc").unwrap();
    let lines: Vec<&str> = decoded.text.lines().collect();
    assert_eq!(
        lines,
        [
            "某县司法局2023年法治政府建设年度报告",
            "一、主要举措和成效",
            "（一）加强组织领导",
            "正文。",
            "（二）推进依法行政",
            "二、存在的不足和原因",
        ]
    );
}

#[test]
fn a_wps_in_the_word_container_is_read_like_a_doc() {
    let bytes = read("doc/bazhong-2022.doc");
    let wps = check_bytes(&bytes, "报告.wps");
    assert_eq!(wps.encoding, SourceEncoding::Wps);
    let doc = check_bytes(&bytes, "bazhong-2022.doc");
    assert_eq!(wps.text, doc.text);
    assert_eq!(said(&wps), said(&doc));
}

#[test]
fn refusals() {
    let good = read("doc/bazhong-2022.doc");
    let decode = |bytes: &[u8], name: &str| decode_bytes(bytes, name).map(|d| d.encoding);

    // Encrypted (fEncrypted) or obfuscated (fObfuscated).
    for bit in [0x01u8, 0x80] {
        let mut locked = good.clone();
        let fib = fib_offset(&locked);
        locked[fib + 0x0B] |= bit;
        assert!(matches!(
            decode(&locked, "locked.doc"),
            Err(InputError::Encrypted { .. })
        ));
    }
    // Cut off: the compound file's sectors are missing.
    assert!(matches!(
        decode(&good[..good.len() / 2], "cut.doc"),
        Err(InputError::Doc { .. })
    ));
    // Not a Word file information block.
    let mut garbled = good.clone();
    let fib = fib_offset(&garbled);
    garbled[fib] = 0;
    assert!(matches!(
        decode(&garbled, "garbled.doc"),
        Err(InputError::Doc { .. })
    ));
    // A WPS file of WPS's own format, and of the Word container cut off.
    assert!(matches!(
        decode(b"\x00\x00\x00WPS Office 2000 document", "old.wps"),
        Err(InputError::Wps { .. })
    ));
    // A compound file that is not a Word document: a spreadsheet.
    let mut xls = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    std::io::Write::write_all(&mut xls.create_stream("/Workbook").unwrap(), b"BIFF").unwrap();
    let xls = xls.into_inner().into_inner();
    assert!(matches!(
        decode(&xls, "book.xls"),
        Err(InputError::Binary { .. })
    ));
    assert!(matches!(
        decode(&xls, "book.wps"),
        Err(InputError::Wps { .. })
    ));
}

#[test]
fn bad_files_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = read("doc/bazhong-2022.doc");
    let cut = write(dir.path(), "cut.doc", &good[..good.len() / 2]);
    let out = output(bin().arg("--no-config").arg(&cut));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("cut.doc"), "{}", out.stderr);
    assert!(out.stderr.contains("Word 97-2003"), "{}", out.stderr);
    let old = write(dir.path(), "旧.wps", b"\x00\x01WPS");
    let out = output(bin().arg("--no-config").arg(&old));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains(".docx"), "{}", out.stderr);
}

#[test]
fn outline_fix_and_folders() {
    let dir = tempfile::tempdir().unwrap();
    let good = read("doc/bazhong-2022.doc");
    let doc = write(dir.path(), "报告.doc", &good);
    write(dir.path(), "报告二.wps", &good);
    let out = output(bin().arg("outline").arg(&doc));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Word 97-2003 .doc"), "{}", out.stdout);
    // --fix never rewrites a .doc.
    let out = output(bin().args(["--no-config", "--fix"]).arg(&doc));
    assert!(
        out.stderr.contains("fixes are not applied to .doc"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read(&doc).unwrap(), good);
    // A folder holds .doc and .wps reports.
    let out = output(
        bin()
            .args(["--no-config", "--format", "json"])
            .arg(dir.path()),
    );
    assert!(out.stdout.contains("报告.doc"), "{}", out.stdout);
    assert!(out.stdout.contains("报告二.wps"), "{}", out.stdout);
}
