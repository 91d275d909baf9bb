//! The bad-input matrix: every way a report, a folder, a rule pack or a
//! configuration can be wrong, run end to end. Each case expects exit code 2
//! (or, for inputs that are large but legitimate, a normal run) and a message
//! that says what is wrong and where (the file, the YAML line).
//!
//! Cases covered elsewhere and not repeated here: a missing file, an empty
//! file, a whitespace-only file, a PNG, undecodable bytes, a folder without
//! reports, a readable file next to a missing one, a pack with invalid YAML,
//! an unknown kind, an unknown key, an invalid regex and duplicate rule ids
//! across packs (`tests/cli.rs`, section 4); configuration errors
//! (`tests/workflow.rs`).

mod support;

use assert_cmd::Command;
use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;
use support::child::{watched, Watched};
use support::cli::{bin, output, run_no_config, Run};
use support::fixtures::{fixture, read_fixture, write};

/// Expects exit 2, nothing on stdout, and every needle in stderr.
fn assert_fails(out: &Run, needles: &[&str]) {
    assert_eq!(
        out.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert!(out.stdout.is_empty(), "stdout:\n{}", out.stdout);
    for needle in needles {
        assert!(
            out.stderr.contains(needle),
            "expected {needle:?} in stderr:\n{}",
            out.stderr
        );
    }
}

/// A minimal valid rule of pack `ems`, with `body` (kind and parameters,
/// indented by four spaces).
fn pack_rule(id: &str, body: &str) -> String {
    format!(
        "  - id: {id}\n    severity: error\n{body}    message: 测试\n    help: 测试\n    basis: 测试\n    examples:\n      bad: [\"abc\"]\n      good: [\"xyz\"]\n"
    )
}

fn pack(rules: &str) -> String {
    format!("pack: ems\ndescription: 测试\nrules:\n{rules}")
}

/// Runs bazhong with the pack `yaml` (written as `name`).
fn run_with_pack(name: &str, yaml: &str) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = write(dir.path(), name, yaml);
    run_no_config([
        std::ffi::OsString::from("--rules"),
        pack.into(),
        fixture("bazhong-2022.txt").into(),
    ])
}

/// [`run_with_pack`] as a child under the watchdog, with its peak memory.
fn run_with_pack_watched(name: &str, yaml: &str) -> Watched {
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = write(dir.path(), name, yaml);
    let bazhong = fixture("bazhong-2022.txt");
    watched(
        &[
            "--no-config".as_ref(),
            "--rules".as_ref(),
            pack.as_os_str(),
            bazhong.as_os_str(),
        ],
        None,
    )
}

/// Peak memory of a run whose pack is an alias bomb: what loading the
/// built-in packs and checking a report takes, far below what expanding
/// the bomb would.
const ALIAS_BOMB_MB: f64 = 400.0;

impl From<Watched> for Run {
    fn from(watched: Watched) -> Run {
        Run {
            code: watched.code.expect("an exit code"),
            stdout: watched.stdout,
            stderr: watched.stderr,
        }
    }
}

/// The 1-based line of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle in text");
    text[..at].matches('\n').count() + 1
}

// ---------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------

#[test]
fn zip_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "报告.txt",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml",
    );
    let out = run_no_config([&path]);
    // A zip that names word/document.xml is read as a .docx: a truncated one
    // is a damaged Word document (plain zips are tested in tests/docx.rs).
    assert_fails(
        &out,
        &["报告.txt", "not a readable Word document", "plain text"],
    );
}

/// An OpenDocument package holding `content` as `content.xml` (deflated),
/// with `mimetype` first as the format requires.
fn odt_package(content: &[u8], extra: Option<(&str, &[u8])>) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.text")
        .unwrap();
    if let Some((name, bytes)) = extra {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn bad_odt_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = odt_package(
        b"<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>",
        None,
    );
    // Cut off in the middle.
    let path = write(dir.path(), "cut.odt", &good[..good.len() - 30]);
    assert_fails(
        &run_no_config([&path]),
        &["cut.odt", "not a readable OpenDocument text", "LibreOffice"],
    );
    // Not XML.
    let path = write(dir.path(), "garbage.odt", odt_package(b"<<<\x01", None));
    assert_fails(
        &run_no_config([&path]),
        &[
            "garbage.odt",
            "not a readable OpenDocument text",
            "well-formed",
        ],
    );
    // A zip bomb: content.xml of 65 MB of spaces, a few dozen KB packed.
    let bomb = odt_package(&vec![b' '; 65 << 20], None);
    let path = write(dir.path(), "bomb.odt", &bomb);
    assert_fails(
        &run_no_config([&path]),
        &["bomb.odt", "content.xml is larger than 64 MB"],
    );
    // Saved with a password.
    let manifest = b"<manifest:manifest><manifest:file-entry><manifest:encryption-data/></manifest:file-entry></manifest:manifest>";
    let path = write(
        dir.path(),
        "locked.odt",
        odt_package(b"\x93\x11", Some(("META-INF/manifest.xml", manifest))),
    );
    assert_fails(
        &run_no_config([&path]),
        &["locked.odt", "password-protected"],
    );
}

/// A zip of `parts` (name and text, deflated), in order.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const OFD_XML: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;

/// An OFD's `Document.xml` listing `pages` pages.
fn ofd_document(pages: usize) -> Vec<u8> {
    let list: String = (0..pages)
        .map(|k| format!(r#"<ofd:Page ID="{k}" BaseLoc="Pages/Page_{k}/Content.xml"/>"#))
        .collect();
    format!(r#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>{list}</ofd:Pages></ofd:Document>"#).into_bytes()
}

#[test]
fn bad_ofd_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = support::ofd::from_text(&read_fixture("xuwen-2024.txt"));
    // Cut off in the middle.
    let path = write(dir.path(), "cut.ofd", &good[..good.len() / 2]);
    assert_fails(
        &run_no_config([&path]),
        &["cut.ofd", "input::ofd", "OFD 文件已损坏", "OFD 阅读器"],
    );
    // Named .ofd, but not a zip at all.
    let path = write(dir.path(), "gif.ofd", b"GIF89a\x01\x00\x01\x00");
    assert_fails(
        &run_no_config([&path]),
        &["gif.ofd", "input::ofd", "不是有效的 zip 文件"],
    );
    // A zip without the document OFD.xml names.
    let path = write(dir.path(), "nodoc.ofd", zip_of(&[("OFD.xml", OFD_XML)]));
    assert_fails(
        &run_no_config([&path]),
        &["nodoc.ofd", "input::ofd", "缺少 Doc_0/Document.xml"],
    );
    // A zip bomb: a page of 17 MB of spaces, a few dozen KB packed.
    let spaces = vec![b' '; 17 << 20];
    let bomb = zip_of(&[
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", &ofd_document(1)),
        ("Doc_0/Pages/Page_0/Content.xml", &spaces),
    ]);
    assert!(bomb.len() < 1 << 20);
    let path = write(dir.path(), "bomb.ofd", &bomb);
    assert_fails(
        &run_no_config([&path]),
        &["bomb.ofd", "input::ofd", "解压后超过", "--max-file-size"],
    );
    // Ten thousand pages listed: refused before any is read.
    let path = write(
        dir.path(),
        "pages.ofd",
        zip_of(&[
            ("OFD.xml", OFD_XML),
            ("Doc_0/Document.xml", &ofd_document(10_000)),
        ]),
    );
    assert_fails(
        &run_no_config([&path]),
        &["pages.ofd", "input::ofd", "10000 页", "2000 页的上限"],
    );
    // Encrypted (GM/T 0099), and signed with no text on its pages.
    let path = write(
        dir.path(),
        "locked.ofd",
        zip_of(&[("OFD.xml", OFD_XML), ("Encryptions.xml", b"<Encryptions/>")]),
    );
    assert_fails(&run_no_config([&path]), &["locked.ofd", "已加密"]);
    let signed = OFD_XML
        .strip_suffix(b"</ofd:DocBody></ofd:OFD>")
        .unwrap()
        .iter()
        .chain(
            b"<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>",
        )
        .copied()
        .collect::<Vec<u8>>();
    let path = write(
        dir.path(),
        "sealed.ofd",
        zip_of(&[
            ("OFD.xml", &signed),
            ("Doc_0/Document.xml", &ofd_document(1)),
            ("Doc_0/Pages/Page_0/Content.xml", b"<ofd:Page/>"),
        ]),
    );
    assert_fails(&run_no_config([&path]), &["sealed.ofd", "只有签章"]);
}

#[test]
fn bad_doc_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = support::word97::doc("一、总体情况\r加强领导。\r", 1);
    // Cut off.
    let path = write(dir.path(), "cut.doc", &good[..good.len() / 2]);
    assert_fails(
        &run_no_config([&path]),
        &["cut.doc", "not a readable Word 97-2003 document", "另存为"],
    );
    // Wrong magic in the FIB.
    let mut garbled = good.clone();
    let fib = (512..garbled.len())
        .step_by(512)
        .find(|&at| garbled[at..].starts_with(&[0xEC, 0xA5]))
        .unwrap();
    garbled[fib + 1] = 0;
    let path = write(dir.path(), "garbled.doc", &garbled);
    assert_fails(
        &run_no_config([&path]),
        &["garbled.doc", "Word file information block"],
    );
    // A piece table that names the same text 20,000 times: over the
    // limit once decoded, however small the file.
    let bomb = support::word97::doc("一、总体情况，加强组织领导，推进依法行政。\r", 20_000);
    assert!(bomb.len() < 300_000, "{}", bomb.len());
    let path = write(dir.path(), "bomb.doc", &bomb);
    assert_fails(
        &run_no_config([
            std::ffi::OsString::from("--max-file-size"),
            "1MB".into(),
            path.into_os_string(),
        ]),
        &["bomb.doc", "whose text is more than 1 MB"],
    );
    // Encrypted.
    let mut locked = good.clone();
    locked[fib + 0x0B] |= 0x01;
    let path = write(dir.path(), "locked.doc", &locked);
    assert_fails(
        &run_no_config([&path]),
        &["locked.doc", "password-protected"],
    );
    // A WPS file that is not in the Word container.
    let path = write(dir.path(), "旧版.wps", b"\x00\x00WPS 2000\x00\x01");
    assert_fails(
        &run_no_config([&path]),
        &["旧版.wps", "WPS's own old format", "Word 文档（.docx）"],
    );
}

/// A PDF of `objects` (1 is the catalog), with a cross-reference table
/// whose offsets are right, and `trailer` added to its trailer.
fn pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// One A4 page drawing `content`.
fn one_page(content: &[u8]) -> Vec<Vec<u8>> {
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream,
    ]
}

#[test]
fn bad_pdf_files() {
    let dir = tempfile::tempdir().unwrap();
    // A scan: a page that is one image, no text layer.
    let scan = pdf(
        &one_page(b"q 500 0 0 700 40 60 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q"),
        "",
    );
    let path = write(dir.path(), "scan.pdf", scan);
    assert_fails(&run_no_config([&path]), &["input::pdf", "扫描件", "OCR"]);
    // A page with nothing on it.
    let path = write(dir.path(), "blank.pdf", pdf(&one_page(b""), ""));
    assert_fails(&run_no_config([&path]), &["input::pdf", "没有文字"]);
    // Encrypted with a password the reader does not have.
    let mut objects = one_page(b"");
    objects.push(
        format!(
            "<< /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P -4 >>",
            "00".repeat(32),
            "11".repeat(32)
        )
        .into_bytes(),
    );
    let id = "<00112233445566778899aabbccddeeff>";
    let encrypted = pdf(&objects, &format!("/Encrypt 5 0 R /ID [{id} {id}] "));
    let path = write(dir.path(), "locked.pdf", encrypted);
    assert_fails(&run_no_config([&path]), &["input::pdf", "已加密", "密码"]);
    // Cut off after its header, and a cross-reference table pointing
    // nowhere.
    let path = write(dir.path(), "cut.pdf", b"%PDF-1.7\n1 0 obj <<");
    assert_fails(&run_no_config([&path]), &["input::pdf"]);
    let mut wrong = pdf(&one_page(b"BT /F1 12 Tf 72 700 Td (x) Tj ET"), "");
    let len = wrong.len();
    wrong[len - 12..len - 6].copy_from_slice(b"999999");
    let path = write(dir.path(), "xref.pdf", wrong);
    // Readers repair such a table; rl-lint reads it or refuses it, never
    // panics (a panic exits 101).
    let out = run_no_config([&path]);
    assert!(out.code <= 2, "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

#[test]
fn bad_web_pages() {
    let dir = tempfile::tempdir().unwrap();
    // A web archive without its page.
    let path = write(
        dir.path(),
        "page.mht",
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=B\r\n\r\n--B\r\nContent-Type: image/png\r\n\r\nxx\r\n--B--\r\n",
    );
    assert_fails(
        &run_no_config([&path]),
        &["page.mht", "not a readable web page", "holds no HTML page"],
    );
    // A page of nothing but furniture, cut off in a tag.
    let path = write(
        dir.path(),
        "cut.html",
        "<html><head><title>首页</title></head><body><div class=",
    );
    assert_fails(
        &run_no_config([&path]),
        &["cut.html", "contains only whitespace"],
    );
    // A page of binary junk under the name of a page.
    let path = write(
        dir.path(),
        "junk.html",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01",
    );
    assert_fails(&run_no_config([&path]), &["junk.html"]);
    // Table spans that would make a grid of millions of cells.
    let spans =
        "<table><tr><td colspan=1000 rowspan=65534>a</td><td>b</td></tr></table>".repeat(200);
    let path = write(dir.path(), "spans.html", format!("<p>一、情况</p>{spans}"));
    let out = run_no_config([
        std::ffi::OsString::from("--max-file-size"),
        "20KB".into(),
        path.into_os_string(),
    ]);
    assert_fails(
        &out,
        &["spans.html", "web page of more than", "table cells"],
    );
}

#[test]
fn invalid_utf8_that_is_not_gb18030_either() {
    // Chinese UTF-8 with a stray Latin-1 byte: not UTF-8, and as GB18030 it
    // is not Chinese. The message gives the offset of the first bad byte.
    let mut bytes = "某区2023年法治政府建设年度报告\n".as_bytes().to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(b"caf\xe9 ");
    bytes.extend_from_slice("一、主要举措\n".as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "mixed.txt", &bytes);
    let out = run_no_config([&path]);
    let at = format!("offset {}", offset + 3);
    assert_fails(&out, &["mixed.txt", "UTF-8", "GB18030", &at]);
}

#[cfg(unix)]
#[test]
fn permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // Traversable by anyone, so that only the file's own mode stops a reader.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = write(dir.path(), "locked.txt", read_fixture("bazhong-2022.txt"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = if running_as_root() {
        // Root reads any file: drop to `nobody` to see the refusal.
        let Ok(setpriv) = which("setpriv") else {
            eprintln!("skipped: running as root without setpriv");
            return;
        };
        let rl_lint = assert_cmd::cargo::cargo_bin("rl-lint");
        output(
            Command::new(setpriv)
                .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(rl_lint)
                .arg("--no-config")
                .arg(&path)
                .env("NO_COLOR", "1"),
        )
    } else {
        run_no_config([&path])
    };
    assert_fails(&out, &["locked.txt", "cannot read", "ermission denied"]);
}

#[cfg(unix)]
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(2))
            == Some("0")
    })
}

fn which(name: &str) -> Result<PathBuf, ()> {
    let paths = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

#[test]
fn folders_without_reports_fail_only_when_all_are_empty() {
    // Two empty folders: nothing to lint at all is an error, with the paths.
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(drafts.join("images")).unwrap();
    std::fs::create_dir_all(&archive).unwrap();
    write(&drafts, "scan.png", b"\x89PNG");
    let out = run_no_config([&drafts, &archive]);
    assert_fails(&out, &["no reports", "drafts", "archive"]);

    // One folder with a report is enough: the empty one is not an error.
    write(&archive, "old.txt", read_fixture("bazhong-2022.txt"));
    let out = run_no_config([&drafts, &archive]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!out.stderr.contains("no reports"), "{}", out.stderr);
}

#[test]
fn misspelt_path_fails() {
    let out = run_no_config(["drafts-2024-typo/"]);
    assert_fails(&out, &["drafts-2024-typo", "cannot read"]);
}

// ---------------------------------------------------------------------------
// Size: the limit, and large inputs under it
// ---------------------------------------------------------------------------

#[test]
fn report_over_the_size_limit_is_refused_before_reading() {
    let report = fixture("bazhong-2022.txt");
    let size = std::fs::metadata(&report).unwrap().len();
    let out = run_no_config([
        std::ffi::OsString::from("--max-file-size"),
        "8KB".into(),
        report.clone().into(),
    ]);
    assert_fails(
        &out,
        &[
            "bazhong-2022.txt",
            " KB, over the size limit of 8 KB",
            "--max-file-size",
            ".rl-lint.yaml",
        ],
    );
    // The same file under a limit it fits in is linted.
    let out = run_no_config([
        std::ffi::OsString::from("--max-file-size"),
        size.to_string().into(),
        report.into(),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
}

#[test]
fn size_limit_from_the_configuration_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".rl-lint.yaml", "max-file-size: 8KB\n");
    write(dir.path(), "report.txt", read_fixture("bazhong-2022.txt"));
    let lint = |args: &[&str]| output(bin().current_dir(dir.path()).args(args).arg("report.txt"));
    assert_fails(&lint(&[]), &["report.txt", "over the size limit of 8 KB"]);
    // The command line beats the configuration.
    assert_eq!(lint(&["--max-file-size", "1MB"]).code, 1);

    // A bad value points at its line.
    write(
        dir.path(),
        ".rl-lint.yaml",
        "year: 2022\nmax-file-size: lots\n",
    );
    assert_fails(
        &lint(&[]),
        &[".rl-lint.yaml", "max-file-size", "lots", "64MB", "2 │"],
    );
    let out = output(bin().args(["--max-file-size", "12 parsecs", "report.txt"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--max-file-size"), "{}", out.stderr);
    assert!(out.stderr.contains("12 parsecs"), "{}", out.stderr);
}

#[test]
fn standard_input_over_the_size_limit_is_refused() {
    let text = read_fixture("bazhong-2022.txt");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rl-lint"))
        .args(["--no-config", "--max-file-size", "4KB", "-"])
        .args(["--stdin-filename", "草稿.txt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rl-lint");
    let mut stdin = child.stdin.take().expect("stdin");
    // rl-lint stops reading at the limit: a closed pipe is expected here.
    let _ = stdin.write_all(text.as_bytes());
    drop(stdin);
    let output = child.wait_with_output().expect("wait");
    let out = Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_fails(
        &out,
        &["草稿.txt", "more than 4 KB", "over the size limit of 4 KB"],
    );
}

#[cfg(target_os = "linux")]
#[test]
fn endless_device_stops_at_the_limit() {
    // /dev/zero reports a size of 0 and never ends: the bounded read stops it.
    let out = run_no_config(["--max-file-size", "64KB", "/dev/zero"]);
    assert_fails(&out, &["/dev/zero", "more than 64 KB"]);
}

#[test]
fn fifty_megabyte_report_is_linted_in_bounded_memory() {
    // A real report whose body paragraph is repeated until the file has
    // 50 MB: the size of a report that pasted in a whole annex.
    let text = read_fixture("bazhong-2022.txt");
    let paragraph = text
        .lines()
        .find(|l| l.starts_with("朱晓聆同志作为党政主要负责人"))
        .expect("a body paragraph");
    let copies = 50 * 1024 * 1024 / (paragraph.len() + 1) + 1;
    let mut body = String::with_capacity(copies * (paragraph.len() + 1));
    for _ in 0..copies {
        body.push_str(paragraph);
        body.push('\n');
    }
    let big = text.replacen(&format!("{paragraph}\n"), &body, 1);
    assert!(big.len() > 50 * 1024 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "big.txt", &big);
    drop((big, body));

    let out = watched(
        &[
            "--no-config".as_ref(),
            "--format".as_ref(),
            "concise".as_ref(),
            path.as_os_str(),
        ],
        None,
    );
    // Linear in the input: a few copies of the text, not a blow-up.
    out.assert_within("50 MB report", &[1], 1024.0);
    assert!(out.stdout.contains("core/"), "{}", out.stdout);
    // The paragraph's half-width commas, counted over every copy.
    assert!(out.stdout.contains("format/halfwidth-punctuation"));
}

#[test]
fn ten_megabyte_line_is_linted() {
    // A report exported as one line, padded to 10 MB.
    let text = read_fixture("xuwen-2024.txt").replace('\n', " ");
    let line = text.repeat(10 * 1024 * 1024 / text.len() + 1);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "one-line.txt", format!("{line}\n"));
    let out = watched(
        &[
            "--no-config".as_ref(),
            "--format".as_ref(),
            "concise".as_ref(),
            path.as_os_str(),
        ],
        None,
    );
    out.assert_within("10 MB line", &[0, 1], 600.0);
    assert!(out.stdout.contains("one-line.txt:1:"), "{}", out.stdout);
}

#[test]
fn catastrophic_regex_stays_linear_on_a_ten_megabyte_line() {
    // `(a*)*b` backtracks exponentially in many engines; the regex crate
    // has no backtracking, so 10 MB of `a` without a `b` stays linear.
    // Backtracking would not end on 10 MB: the watchdog would stop it.
    let dir = tempfile::tempdir().unwrap();
    let pack = write(
        dir.path(),
        "nested.yaml",
        pack(&pack_rule(
            "ems/nested",
            "    kind: forbidden-pattern\n    patterns: [\"(a*)*b\", \"(a|aa)+c\"]\n",
        )),
    );
    let report = format!(
        "某局2023年法治政府建设年度报告\n{}\n",
        "a".repeat(10 * 1024 * 1024)
    );
    let path = write(dir.path(), "aaaa.txt", report);
    let out = watched(
        &[
            "--no-config".as_ref(),
            "--no-builtin".as_ref(),
            "--rules".as_ref(),
            pack.as_os_str(),
            path.as_os_str(),
        ],
        None,
    );
    out.assert_within("(a*)*b on 10 MB", &[0], 600.0);
}

// ---------------------------------------------------------------------------
// Rule packs
// ---------------------------------------------------------------------------

#[test]
fn regex_too_large_to_compile() {
    let yaml = pack(&pack_rule(
        "ems/huge",
        "    kind: forbidden-pattern\n    patterns: [\"\\\\w{1000}{1000}\"]\n",
    ));
    let out = run_with_pack("huge.yaml", &yaml);
    let line = format!("{} │", line_of(&yaml, "patterns"));
    assert_fails(
        &out,
        &[
            "huge.yaml",
            "ems/huge",
            "invalid regex",
            "size limit",
            &line,
        ],
    );
}

#[test]
fn nested_alias_bomb() {
    // "Billion laughs": nine levels of nine aliases each.
    let mut yaml = String::from("pack: ems\ndescription: x\nrules:\n");
    yaml.push_str("  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..9 {
        let prev = format!("*l{}", level - 1);
        yaml.push_str(&format!("  - &l{level} [{}]\n", vec![prev; 9].join(", ")));
    }
    let out = run_with_pack_watched("laughs.yaml", &yaml);
    // Refused before the aliases expand (387 million values would take
    // gigabytes).
    out.assert_within("billion laughs", &[2], ALIAS_BOMB_MB);
    assert_fails(&out.into(), &["laughs.yaml", "repetition limit", "alias"]);
}

#[test]
fn wide_alias_bomb() {
    // One alias of 20,000 values, repeated 2,000 times: 40 million values
    // from 46 KB. serde_yaml's repetition limit does not see it.
    let yaml = format!(
        "pack: ems\ndescription: x\nparts: []\nrules:\n  - &a [{}]\n  - [{}]\n",
        vec!["x"; 20_000].join(","),
        vec!["*a"; 2_000].join(",")
    );
    let out = run_with_pack_watched("wide.yaml", &yaml);
    out.assert_within("wide alias bomb", &[2], ALIAS_BOMB_MB);
    let out: Run = out.into();
    assert_fails(
        &out,
        &[
            "wide.yaml",
            "too many values",
            "expanding aliases",
            "line 5",
        ],
    );
    // The message gives the line; the 40 KB line itself is not shown.
    assert!(out.stderr.len() < 2_000, "{}", out.stderr.len());
}

#[test]
fn alias_bomb_in_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "exclude: &a [{}]\nselect: [{}]\n",
        vec!["x"; 20_000].join(","),
        vec!["*a"; 2_000].join(",")
    );
    write(dir.path(), ".rl-lint.yaml", yaml);
    write(dir.path(), "report.txt", read_fixture("bazhong-2022.txt"));
    let out = output(bin().current_dir(dir.path()).arg("report.txt"));
    assert_fails(
        &out,
        &[".rl-lint.yaml", "too many values", "alias", "line 1"],
    );
    assert!(out.stderr.len() < 2_000, "{}", out.stderr.len());
}

#[test]
fn pack_with_twelve_thousand_rules() {
    let rules: String = (0..12_000)
        .map(|i| {
            pack_rule(
                &format!("ems/rule-{i}"),
                &format!("    kind: forbidden-pattern\n    patterns: [\"禁用词{i}\"]\n"),
            )
        })
        .collect();
    let yaml = pack(&rules);
    let out: Run = run_with_pack_watched("many.yaml", &yaml).into();
    // The limit counts the built-in rules too; the message points at the
    // first rule over it.
    let builtin = run_no_config(["--list-rules", "--format", "json"]);
    let builtin: serde_json::Value = serde_json::from_str(&builtin.stdout).unwrap();
    let builtin = builtin.as_array().unwrap().len();
    let first_over = format!("id: ems/rule-{}\n", 10_000 - builtin);
    let line = format!("{} │ ", line_of(&yaml, &first_over));
    assert_fails(
        &out,
        &[
            "many.yaml",
            "too many rules",
            &format!("{}", 12_000 + builtin),
            "the limit is 10000",
            &line,
        ],
    );

    // Just under the limit, the pack loads and runs (how its loading
    // grows with the rules is `tests/hostile.rs`'s `growth_of_a_pack`).
    let under: String = (0..10_000 - builtin)
        .map(|i| {
            pack_rule(
                &format!("ems/rule-{i}"),
                &format!("    kind: forbidden-pattern\n    patterns: [\"禁用词{i}\"]\n"),
            )
        })
        .collect();
    let out = run_with_pack_watched("many.yaml", &pack(&under));
    out.assert_within("10,000 rules", &[1], 1024.0);
}

#[test]
fn pack_over_the_size_limit() {
    // 4,106 lines of 1 KB: just over 4 MB.
    let padding = format!("# {}\n", "x".repeat(1021)).repeat(4 * 1024 + 10);
    let yaml = format!(
        "{}{padding}",
        pack(&pack_rule(
            "ems/x",
            "    kind: forbidden-pattern\n    patterns: [abc]\n"
        ))
    );
    let out = run_with_pack("padded.yaml", &yaml);
    let size = yaml.len().to_string();
    assert_fails(
        &out,
        &["padded.yaml", &size, "bytes, over the limit of 4 MB"],
    );
}

#[test]
fn pack_that_is_not_utf8() {
    let yaml = pack(&pack_rule(
        "ems/x",
        "    kind: forbidden-pattern\n    patterns: [禁用]\n",
    ));
    let (bytes, _, _) = encoding_rs::GB18030.encode(&yaml);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "gbk.yaml", &bytes);
    let out = run_no_config([
        std::ffi::OsString::from("--rules"),
        path.into(),
        fixture("bazhong-2022.txt").into(),
    ]);
    assert_fails(&out, &["gbk.yaml", "UTF-8"]);
}

#[test]
fn pack_errors_name_the_line() {
    // A rule that is not a mapping, a bad severity, a missing example:
    // each message names the file and shows the line.
    let cases = [
        (
            pack(&format!(
                "{}  - just a string\n",
                pack_rule("ems/a", "    kind: title-present\n")
            )),
            "a rule must be a mapping",
            "just a string",
        ),
        (
            pack(&pack_rule("ems/b", "    kind: title-present\n")).replace("error", "fatal"),
            "unknown variant `fatal`",
            "severity: fatal",
        ),
        (
            pack(&pack_rule("ems/c", "    kind: title-present\n"))
                .replace("good: [\"xyz\"]", "good: []"),
            "needs at least one `bad` and one `good` example",
            "examples:",
        ),
        (
            pack(&pack_rule("Ems/D", "    kind: title-present\n")),
            "must look like `pack/name`",
            "id: Ems/D",
        ),
    ];
    for (yaml, message, at) in cases {
        let out = run_with_pack("p.yaml", &yaml);
        let line = format!("{} │ ", line_of(&yaml, at));
        assert_fails(&out, &["p.yaml", message, &line]);
    }
}

#[test]
fn pack_folder_without_packs_and_pack_named_twice() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_no_config([
        std::ffi::OsString::from("--rules"),
        dir.path().into(),
        fixture("bazhong-2022.txt").into(),
    ]);
    assert_fails(&out, &["no .yaml rule packs"]);

    let path = write(
        dir.path(),
        "one.yaml",
        pack(&pack_rule("ems/x", "    kind: title-present\n")),
    );
    let out = run_no_config([
        std::ffi::OsString::from("--rules"),
        path.clone().into(),
        "--rules".into(),
        path.into(),
        fixture("bazhong-2022.txt").into(),
    ]);
    assert_fails(&out, &["duplicate rule id `ems/x`", "one.yaml:4"]);
}
