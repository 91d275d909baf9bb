//! The other formats offices send, from the fuzz input: the bytes read as a
//! saved web page (`.html`), a web archive (`.mht`), wrapped as the
//! `content.xml` of an OpenDocument package, an `.odt`, and as an OFD: the
//! bytes as a whole package, and wrapped as the `Content.xml` of the only
//! page of one (and as the template that page draws on). Each is decoded
//! within small limits; the text never exceeds them, every table anchor
//! lies on character boundaries of the text, and the text lints with every
//! invariant of `tests/support/invariants.rs`.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

use rl_lint::input::docx::{Limits, WordTable};
use rl_lint::input::{html, odt, ofd, pdf};
use std::io::Write;

const LIMIT: u64 = 64 * 1024;

fn odt_package(content: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let ok = zip.start_file("mimetype", stored).is_ok()
        && zip
            .write_all(b"application/vnd.oasis.opendocument.text")
            .is_ok()
        && zip.start_file("content.xml", stored).is_ok()
        && zip.write_all(content).is_ok();
    assert!(ok);
    zip.finish().expect("zip").into_inner()
}

/// An OFD package whose one page's content, and the template it draws
/// on, are `content`.
fn ofd_package(content: &[u8]) -> Vec<u8> {
    let ofd = br#"<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;
    let document = br#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:TemplatePage ID="1" BaseLoc="Tpl.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="2" BaseLoc="Page.xml"/></ofd:Pages></ofd:Document>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut page = br#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Template TemplateID="1"/>"#.to_vec();
    page.extend_from_slice(content);
    let ok = [
        ("OFD.xml", &ofd[..]),
        ("Doc_0/Document.xml", &document[..]),
        ("Doc_0/Page.xml", &page[..]),
        ("Doc_0/Tpl.xml", content),
    ]
    .iter()
    .all(|(name, bytes)| zip.start_file(*name, stored).is_ok() && zip.write_all(bytes).is_ok());
    assert!(ok);
    zip.finish().expect("zip").into_inner()
}

fn check(text: &str, tables: &[WordTable]) {
    assert!(text.len() as u64 <= LIMIT, "{} bytes of text", text.len());
    for table in tables {
        let anchor = table.anchor;
        assert!(anchor.start <= anchor.end && anchor.end <= text.len());
        assert!(text.is_char_boundary(anchor.start) && text.is_char_boundary(anchor.end));
    }
    invariants::check_text(text, rl_lint::input::markdown::Syntax::Plain);
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let limits = Limits::for_size_limit(LIMIT);
    for kind in [html::WebKind::Html, html::WebKind::Mhtml] {
        if let Ok((text, tables, _)) = html::extract(bytes, kind, limits) {
            check(&text, &tables);
        }
    }
    if let Ok((text, tables)) = odt::extract(&odt_package(bytes), limits) {
        check(&text, &tables);
    }
    let page_limits = pdf::Limits::for_size_limit(LIMIT);
    for package in [bytes.to_vec(), ofd_package(bytes)] {
        if let Ok(out) = ofd::extract(&package, page_limits) {
            check(&out.text, &out.tables);
        }
    }
});
