//! Word `.docx` reports end to end: built inside the tests (see
//! `support/docx.rs`), from the seed reports and by hand. Line numbers of a
//! `.docx` are paragraph numbers; the findings are those of the same text.

mod support;

use serde_json::Value;
use std::fs;
use support::cli::{bin, output, run_no_config_in as run};
use support::docx::{
    docx, from_text, paragraph, paragraph_with, table, OUTLINE_NUMBERING, OUTLINE_STYLES,
};
use support::fixtures::{clean, seed, write, SEEDS};

/// What a finding says and where, without byte offsets and fixes (a
/// `.docx` has neither the same bytes nor fixes).
fn positions(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        // The layout of a Word document is not in its text (tests/layout.rs).
        .filter(|f| !f["rule"].as_str().unwrap_or("").starts_with("layout/"))
        .map(|f| {
            let related: Vec<String> = f["related"]
                .as_array()
                .expect("related")
                .iter()
                .map(|r| format!("{}:{} {}", r["line"], r["column"], r["label"]))
                .collect();
            format!(
                "{} {}:{}-{}:{} {} {} [{}]",
                f["rule"],
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"],
                f["message"],
                f["label"],
                related.join("; ")
            )
        })
        .collect()
}

#[test]
fn every_seed_as_docx_has_the_findings_of_its_text_at_paragraph_numbers() {
    let dir = tempfile::tempdir().unwrap();
    for name in SEEDS {
        let text = seed(name);
        write(dir.path(), &format!("{name}.txt"), text.as_bytes());
        write(dir.path(), &format!("{name}.docx"), from_text(&text));
        let as_text = run(dir.path(), ["--format", "json", &format!("{name}.txt")]);
        let as_docx = run(dir.path(), ["--format", "json", &format!("{name}.docx")]);
        assert_eq!(as_docx.code, as_text.code, "{name}: {}", as_docx.stderr);
        let (text_findings, docx_findings) = (as_text.findings(), as_docx.findings());
        assert!(!docx_findings.is_empty(), "{name}");
        assert_eq!(
            positions(&docx_findings),
            positions(&text_findings),
            "{name}"
        );
        // No fix is offered for a Word document.
        assert!(
            docx_findings.iter().all(|f| f.get("fix").is_none()),
            "{name}"
        );
        assert!(
            text_findings.iter().any(|f| f.get("fix").is_some()),
            "{name}"
        );
    }
}

/// The clean report as Word keeps it: 一、 headings in the 标题 1 style
/// and （一） items as a numbered list, both numbered automatically (the
/// numbers are not in the text), a table, a deleted and a hidden phrase,
/// and a few defects to report: half-width punctuation, a date with
/// leading zeros, a plan heading that names the wrong year.
fn real_looking_docx() -> Vec<u8> {
    let mut body = String::new();
    for (i, line) in clean().lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if let Some(rest) = ["一、", "二、", "三、", "四、"]
            .iter()
            .find_map(|m| line.strip_prefix(m))
        {
            // The plan names the reported year instead of the next one.
            let rest = rest.replace("2023年度推进", "2022年度推进");
            body.push_str(&paragraph_with(r#"<w:pStyle w:val="1"/>"#, &rest));
        } else if let Some(rest) = ["（一）", "（二）"]
            .iter()
            .find_map(|m| line.strip_prefix(m))
        {
            let rest = rest.replacen("，", ",", 2);
            body.push_str(&paragraph_with(
                r#"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>"#,
                &rest,
            ));
        } else if line == "2023年2月2日" {
            body.push_str(&paragraph("2023年02月02日"));
        } else {
            body.push_str(&paragraph(line));
        }
        if i == 1 {
            body.push_str(&table(&["指标", "2022年", "2021年"]));
            body.push_str(
                r#"<w:p><w:r><w:t>表格之后的说明：</w:t></w:r><w:del w:id="1" w:author="审核人"><w:r><w:delText>已删除</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r><w:r><w:t>见上表(单位:件)。</w:t></w:r></w:p>"#,
            );
            body.push_str("<w:p/>");
        }
    }
    docx(&body, Some(OUTLINE_NUMBERING), Some(OUTLINE_STYLES))
}

#[test]
fn a_real_looking_docx_full_output() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "司法局2022年报告.docx", real_looking_docx());
    let out = run(dir.path(), ["--color", "never", "司法局2022年报告.docx"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    snapshot!("docx.real-looking.full", out.stdout);
}

#[test]
fn paragraph_numbers_count_empty_paragraphs_and_skip_tables() {
    let dir = tempfile::tempdir().unwrap();
    // Paragraphs: 1 title, 2 empty, (table), 3 heading, 4 text, 5 heading, 6 text.
    let body = [
        paragraph("某局2022年法治政府建设年度报告"),
        "<w:p/>".to_string(),
        table(&["三、", "表格里的标题不算"]),
        paragraph("一、主要举措和成效"),
        paragraph("全年开展学法活动，截至目前已办结全部案件。"),
        paragraph("三、存在的不足和原因"),
        paragraph("由于人员不足，宣传不够。"),
    ]
    .concat();
    write(dir.path(), "r.docx", docx(&body, None, None));
    let out = run(
        dir.path(),
        [
            "--format",
            "json",
            "--select",
            "format/heading-sequence,hygiene/vague-time",
            "r.docx",
        ],
    );
    let found = out.findings();
    let at: Vec<(&str, u64, u64)> = found
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        at,
        vec![
            ("hygiene/vague-time", 4, 10),
            ("format/heading-sequence", 5, 1)
        ],
        "{}",
        out.stdout
    );
}

#[test]
fn fix_and_diff_never_write_a_docx() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = from_text(&seed("xuwen-2024"));
    let path = write(dir.path(), "xuwen.docx", &bytes);
    let linted = run(dir.path(), ["--format", "concise", "xuwen.docx"]);
    let fixed = run(dir.path(), ["--fix", "--format", "concise", "xuwen.docx"]);
    assert_eq!(fs::read(&path).unwrap(), bytes, "the .docx was changed");
    assert!(
        fixed.stderr.contains("fixes are not applied to .docx"),
        "{}",
        fixed.stderr
    );
    // Still linted, with the same findings and exit code, and no fix offered.
    assert_eq!(fixed.stdout, linted.stdout);
    assert_eq!(fixed.code, linted.code);
    assert_eq!(linted.code, 1);
    assert!(!linted.stdout.contains("--fix"), "{}", linted.stdout);

    let diff = run(dir.path(), ["--diff", "xuwen.docx"]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert_eq!(diff.stdout, "");
    assert!(
        diff.stderr.contains("fixes are not applied to .docx"),
        "{}",
        diff.stderr
    );
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn folders_and_stdin_take_docx() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("drafts")).unwrap();
    write(&dir.path().join("drafts"), "a.docx", from_text(&clean()));
    write(
        &dir.path().join("drafts"),
        "b.docx",
        from_text(&seed("gaozhou-2020")),
    );
    // The built documents have no styles: their layout is not the point.
    let out = run(
        dir.path(),
        ["--format", "concise", "--ignore", "layout", "drafts"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("drafts/b.docx:"), "{}", out.stdout);
    assert!(!out.stdout.contains("drafts/a.docx:"), "{}", out.stdout);

    let stdin = output(
        bin()
            .current_dir(dir.path())
            .args([
                "--no-config",
                "--format",
                "concise",
                "-",
                "--stdin-filename",
                "报告.docx",
            ])
            .write_stdin(from_text(&seed("gaozhou-2020"))),
    );
    let stdout = stdin.stdout;
    assert_eq!(stdin.code, 1);
    assert!(stdout.contains("报告.docx:"), "{stdout}");
}

#[test]
fn damaged_encrypted_and_old_word_files_exit_2_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let good = from_text(&clean());
    let mut cut = good.clone();
    cut.truncate(good.len() / 2);
    let mut flipped = good.clone();
    // Damage the deflated document.xml: a CRC or inflate error.
    let at = good
        .windows(17)
        .position(|w| w == b"word/document.xml")
        .unwrap()
        + 60;
    for byte in &mut flipped[at..at + 40] {
        *byte ^= 0x5A;
    }
    let mut encrypted = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    encrypted.extend([0u8; 504]);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let mut old_doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    old_doc.extend([0u8; 504]);
    old_doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
    let not_word = {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("report.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all("某局报告".as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    };
    let cases: [(&str, &[u8], &str, &str); 5] = [
        (
            "cut.docx",
            &cut,
            "input::docx",
            "not a readable Word document",
        ),
        (
            "flipped.docx",
            &flipped,
            "input::docx",
            "not a readable Word document",
        ),
        (
            "locked.docx",
            &encrypted,
            "input::encrypted",
            "password-protected",
        ),
        // A compound file too damaged to read as a .doc.
        ("old.doc", &old_doc, "input::doc", "Word 文档 .docx"),
        (
            "archive.zip",
            &not_word,
            "input::binary",
            "not a Word .docx document",
        ),
    ];
    write(dir.path(), "clean.txt", clean().as_bytes());
    for (name, bytes, code, text) in cases {
        write(dir.path(), name, bytes);
        let out = run(dir.path(), [name, "clean.txt"]);
        assert_eq!(out.code, 2, "{name}: {}", out.stderr);
        assert!(out.stderr.contains(code), "{name}: {}", out.stderr);
        assert!(out.stderr.contains(text), "{name}: {}", out.stderr);
    }
    // The other reports are still checked.
    let out = run(dir.path(), ["--format", "concise", "cut.docx", "clean.txt"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("未发现问题"), "{}", out.stdout);
}
