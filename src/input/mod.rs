//! Reading a report file from disk and decoding it into UTF-8 text.
//! Word `.docx` reports are recognised by their content and turned into
//! text by [`crate::input::docx`], one paragraph per line; PDFs likewise by
//! [`crate::input::pdf`], from what their pages show, and OFD files
//! (GB/T 33190) by [`crate::input::ofd`], laid out as a PDF's pages are.
//!
//! Reports arrive in whatever encoding the author's editor produced: usually
//! UTF-8 (with or without a byte-order mark), sometimes UTF-16 with a BOM
//! (Windows Notepad "Unicode"), and often GB18030/GBK from older Chinese
//! Windows installations. This module detects which of these the bytes are in,
//! rejects files that are obviously not text (images, old Word documents,
//! archives, executables), and returns the decoded text together with the
//! detected encoding.
//!
//! The decoded text is returned unchanged apart from removing a leading BOM:
//! line endings (including CRLF) are preserved so that byte/line positions in
//! diagnostics match what the user sees in their editor.

pub mod doc;
pub mod docx;
pub mod docx_layout;
mod error;
mod formats;
pub mod html;
pub mod limits;
pub mod markdown;
pub mod odt;
pub mod ofd;
pub mod pdf;
mod plain;

pub use error::InputError;
use formats::{
    is_ofd_name, is_wps_name, read_doc, read_docx, read_html, read_odt, read_ofd, read_pdf,
};
pub use plain::encode;
use plain::{check_text, decode_raw};

use std::io::Read;
use std::path::Path;

use crate::input::limits::{format_size, format_size_over, DEFAULT_MAX_FILE_SIZE};

/// Which encoding the bytes were in, for reporting and for (later) writing back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a leading byte-order mark (EF BB BF).
    Utf8Bom,
    /// UTF-16 little-endian with a leading byte-order mark (FF FE).
    Utf16LeBom,
    /// UTF-16 big-endian with a leading byte-order mark (FE FF).
    Utf16BeBom,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
    /// A Word `.docx` document: the text is its body, one paragraph per
    /// line. It cannot be written back.
    Docx,
    /// A PDF: the text its pages show, one paragraph per line, and its
    /// ruled tables. It cannot be written back.
    Pdf,
    /// A saved web page (`.html`, `.htm`): the report in it, one block per
    /// line, its tables as grids (see [`html`]). It cannot be written back.
    Html,
    /// A web archive (`.mht`, `.mhtml`): read like [`SourceEncoding::Html`].
    Mhtml,
    /// An OpenDocument text (`.odt`): read like a `.docx` (see [`odt`]).
    Odt,
    /// A Word 97–2003 document (`.doc`): read like a `.docx` (see
    /// [`doc`]).
    Doc,
    /// A WPS document in the Word 97–2003 container (`.wps`): read like a
    /// `.doc`.
    Wps,
    /// An OFD (GB/T 33190, `.ofd`): the text its pages show, laid out as a
    /// PDF's (see [`ofd`]). It cannot be written back.
    Ofd,
}

impl SourceEncoding {
    /// Human-readable name of the encoding.
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 (BOM)",
            SourceEncoding::Utf16LeBom => "UTF-16LE",
            SourceEncoding::Utf16BeBom => "UTF-16BE",
            SourceEncoding::Gb18030 => "GB18030",
            SourceEncoding::Docx => "Word .docx",
            SourceEncoding::Pdf => "PDF",
            SourceEncoding::Html => "HTML page",
            SourceEncoding::Mhtml => "MHT web archive",
            SourceEncoding::Odt => "OpenDocument .odt",
            SourceEncoding::Doc => "Word 97-2003 .doc",
            SourceEncoding::Wps => "WPS .wps",
            SourceEncoding::Ofd => "OFD",
        }
    }

    /// Whether the text was read out of a document (a `.docx`, a PDF, a
    /// web page): its tables are grids beside the text, not lines of it,
    /// and rl-lint cannot write it back.
    pub fn is_document(self) -> bool {
        matches!(
            self,
            SourceEncoding::Docx
                | SourceEncoding::Pdf
                | SourceEncoding::Html
                | SourceEncoding::Mhtml
                | SourceEncoding::Odt
                | SourceEncoding::Doc
                | SourceEncoding::Wps
                | SourceEncoding::Ofd
        )
    }
}

/// Text decoded from a report file, plus the encoding it was stored in.
#[derive(Debug, Clone)]
pub struct DecodedText {
    /// The decoded text, without any byte-order mark.
    pub text: String,
    /// The encoding the file was detected to be in.
    pub encoding: SourceEncoding,
    /// The tables of a Word document (not lines of `text`); empty for
    /// text, whose tables are read from the text itself.
    pub tables: Vec<docx::WordTable>,
    /// The layout of a Word document (fonts, sizes, page setup); `None`
    /// for text, and for a `.docx` whose layout could not be read.
    pub layout: Option<docx_layout::Layout>,
    /// A PDF's or an OFD's pages and the furniture taken off them; `None`
    /// for other formats.
    pub pages: Option<PageLayout>,
}

/// What the pages of a PDF or an OFD held besides the report's text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PageLayout {
    pub pages: usize,
    /// Page numbers, running headers and footers, in page order.
    pub furniture: Vec<pdf::Furniture>,
}

/// Read the file at `path` and decode it with [`decode_bytes`], refusing
/// files over [`DEFAULT_MAX_FILE_SIZE`].
pub fn read_report(path: &Path) -> Result<DecodedText, InputError> {
    read_report_limited(path, DEFAULT_MAX_FILE_SIZE)
}

/// Read the file at `path`, refusing it if it is over `limit` bytes, and
/// decode it with [`decode_bytes`]. The size is checked before reading, and
/// again while reading (a file that grows, a device such as /dev/zero).
pub fn read_report_limited(path: &Path, limit: u64) -> Result<DecodedText, InputError> {
    let bytes = read_file_limited(path, limit)?;
    decode_bytes_limited(&bytes, &path.display().to_string(), limit)
}

/// Reads the file at `path`, refusing it if it is over `limit` bytes. The
/// size is checked before reading, and again while reading (a file that
/// grows, a device such as /dev/zero).
pub fn read_file_limited(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let display = path.display().to_string();
    let io = |source| InputError::Io {
        path: display.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(InputError::TooLarge {
            path: display,
            size: format_size_over(size, limit),
            limit: format_size(limit),
        });
    }
    read_limited(file, limit, &display)
}

/// Reads all of `reader` (a file, standard input), but fails as soon as it
/// has more than `limit` bytes. `path` is only used in error messages.
pub fn read_limited(reader: impl Read, limit: u64, path: &str) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            path: path.to_owned(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: path.to_owned(),
            size: format!("more than {}", format_size(limit)),
            limit: format_size(limit),
        });
    }
    Ok(bytes)
}

/// Decode the raw bytes of a report into text.
///
/// `path` is only used in error messages.
///
/// Detection order:
/// 1. no bytes at all is [`InputError::Empty`];
/// 2. a byte-order mark selects UTF-8, UTF-16LE or UTF-16BE (strictly);
/// 3. well-known binary file signatures and NUL bytes are [`InputError::Binary`];
/// 4. valid UTF-8 is accepted as such;
/// 5. otherwise strict GB18030 is tried, and accepted only if the result
///    looks like Chinese text;
/// 6. the decoded text is rejected if it contains control characters
///    (binary) or nothing but whitespace (blank).
pub fn decode_bytes(bytes: &[u8], path: &str) -> Result<DecodedText, InputError> {
    decode_bytes_limited(bytes, path, DEFAULT_MAX_FILE_SIZE)
}

/// [`decode_bytes`] for a size limit of `limit` bytes: the text of a
/// `.docx` is held to it too (see [`docx::Limits`]). Text in the other
/// encodings is at most 1.5 times as long as its bytes (GB18030 and
/// UTF-16 write a Chinese character in two bytes, UTF-8 in three).
pub fn decode_bytes_limited(
    bytes: &[u8],
    path: &str,
    limit: u64,
) -> Result<DecodedText, InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty {
            path: path.to_owned(),
        });
    }
    if bytes.starts_with(docx::ZIP_MAGIC) && (ofd::is_ofd(bytes) || is_ofd_name(path)) {
        return read_ofd(bytes, path, pdf::Limits::for_size_limit(limit));
    }
    if bytes.starts_with(docx::ZIP_MAGIC) && odt::odf_mimetype(bytes).is_some() {
        return read_odt(bytes, path, docx::Limits::for_size_limit(limit));
    }
    if bytes.starts_with(docx::ZIP_MAGIC) {
        return read_docx(bytes, path, docx::Limits::for_size_limit(limit));
    }
    if bytes.starts_with(pdf::PDF_MAGIC) {
        return read_pdf(bytes, path, pdf::Limits::for_size_limit(limit));
    }
    if docx::is_encrypted_package(bytes) {
        return Err(InputError::Encrypted {
            path: path.to_owned(),
        });
    }
    if bytes.starts_with(docx::OLE_MAGIC) {
        return read_doc(bytes, path, docx::Limits::for_size_limit(limit));
    }
    if is_ofd_name(path) {
        // Named .ofd but not a zip: refused in the format's terms.
        return read_ofd(bytes, path, pdf::Limits::for_size_limit(limit));
    }
    if is_wps_name(path) {
        return Err(InputError::Wps {
            path: path.to_owned(),
        });
    }

    if let Some(kind) = html::web_kind(bytes, path) {
        return read_html(bytes, path, kind, docx::Limits::for_size_limit(limit));
    }

    let decoded = decode_raw(bytes, path)?;
    check_text(&decoded.text, path)?;
    Ok(decoded)
}

/// A document over a reading limit once decoded: the same message, and the
/// same help (raise --max-file-size), as a text file over it, whatever the
/// format (`document` names it: 「a Word document」, 「a web page」…).
fn over_limit(
    path: &str,
    document: &str,
    what: docx::Counted,
    limit: u64,
    limits: docx::Limits,
) -> InputError {
    InputError::TooLarge {
        path: path.to_owned(),
        size: match what {
            docx::Counted::Text => {
                format!("{document} whose text is more than {}", format_size(limit))
            }
            other => format!("{document} of more than {limit} {}", other.name()),
        },
        limit: format_size(limits.text_bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::GB18030;
    use plain::{is_plausible_chinese, UTF8_BOM};

    const SENTENCE: &str = "2023年，我市深入学习贯彻习近平法治思想，加快建设法治政府。";

    fn decode(bytes: &[u8]) -> Result<DecodedText, InputError> {
        decode_bytes(bytes, "report.txt")
    }

    fn utf16_bytes(text: &str, little_endian: bool) -> Vec<u8> {
        let mut out = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            if little_endian {
                out.extend_from_slice(&unit.to_le_bytes());
            } else {
                out.extend_from_slice(&unit.to_be_bytes());
            }
        }
        out
    }

    fn gb18030_bytes(text: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = GB18030.encode(text);
        assert!(!had_errors);
        bytes.into_owned()
    }

    #[test]
    fn encoding_names() {
        assert_eq!(SourceEncoding::Utf8.name(), "UTF-8");
        assert_eq!(SourceEncoding::Utf8Bom.name(), "UTF-8 (BOM)");
        assert_eq!(SourceEncoding::Utf16LeBom.name(), "UTF-16LE");
        assert_eq!(SourceEncoding::Utf16BeBom.name(), "UTF-16BE");
        assert_eq!(SourceEncoding::Gb18030.name(), "GB18030");
    }

    #[test]
    fn utf8_plain() {
        let decoded = decode(SENTENCE.as_bytes()).expect("valid UTF-8");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Utf8);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(SENTENCE.as_bytes());
        let decoded = decode(&bytes).expect("UTF-8 with BOM");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Utf8Bom);
        assert!(!decoded.text.starts_with('\u{FEFF}'));
    }

    #[test]
    fn utf8_bom_followed_by_invalid_utf8() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(b"ab\xFFcd");
        match decode(&bytes) {
            Err(InputError::UnknownEncoding { offset, .. }) => assert_eq!(offset, 5),
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn utf16le_with_bom() {
        let decoded = decode(&utf16_bytes(SENTENCE, true)).expect("UTF-16LE");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Utf16LeBom);
    }

    #[test]
    fn utf16be_with_bom() {
        let decoded = decode(&utf16_bytes(SENTENCE, false)).expect("UTF-16BE");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Utf16BeBom);
    }

    #[test]
    fn utf16_with_odd_length_is_malformed() {
        let mut bytes = utf16_bytes("法治", true);
        bytes.push(0x41);
        match decode(&bytes) {
            Err(InputError::UnknownEncoding { offset, .. }) => assert_eq!(offset, 6),
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn utf16_with_lone_surrogate_is_malformed() {
        // BOM, "法" (U+6CD5), then a lone high surrogate D800 followed by "A".
        let bytes = [0xFF, 0xFE, 0xD5, 0x6C, 0x00, 0xD8, 0x41, 0x00];
        match decode(&bytes) {
            Err(InputError::UnknownEncoding { offset, .. }) => assert_eq!(offset, 4),
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn gb18030_chinese_sentence() {
        let bytes = gb18030_bytes(SENTENCE);
        assert!(std::str::from_utf8(&bytes).is_err());
        let decoded = decode(&bytes).expect("GB18030");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Gb18030);
    }

    #[test]
    fn crlf_is_preserved() {
        let text = "第一行\r\n第二行\r\n";
        let decoded = decode(text.as_bytes()).expect("UTF-8");
        assert_eq!(decoded.text, text);

        let decoded = decode(&gb18030_bytes(text)).expect("GB18030");
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.encoding, SourceEncoding::Gb18030);
    }

    #[test]
    fn empty_file() {
        assert!(matches!(decode(b""), Err(InputError::Empty { .. })));
    }

    #[test]
    fn whitespace_only() {
        for text in [" ", "\n\n", " \t\r\n", "\u{3000}\n", "\u{FEFF}\u{3000} "] {
            assert!(
                matches!(decode(text.as_bytes()), Err(InputError::Blank { .. })),
                "{text:?}"
            );
        }
        // A BOM and nothing else decodes to empty text, which is blank.
        assert!(matches!(decode(UTF8_BOM), Err(InputError::Blank { .. })));
        assert!(matches!(
            decode(&utf16_bytes("\u{3000}\r\n", true)),
            Err(InputError::Blank { .. })
        ));
    }

    #[test]
    fn png_header() {
        let bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
        match decode(bytes) {
            Err(InputError::Binary { what, .. }) => assert_eq!(what, "PNG image"),
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn truncated_zip_is_a_damaged_docx() {
        let bytes = b"PK\x03\x04\x14\x00\x06\x00\x08\x00";
        match decode(bytes) {
            Err(err @ InputError::Docx { .. }) => {
                let message = err.to_string();
                assert!(
                    message.contains("not a readable Word document"),
                    "{message}"
                );
                assert!(message.contains("report.txt"), "{message}");
            }
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn encrypted_docx_is_not_an_old_doc() {
        let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        bytes.extend([0u8; 32]);
        // Read as a .doc: a compound file cut off.
        assert!(matches!(decode(&bytes), Err(InputError::Doc { .. })));
        bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(matches!(decode(&bytes), Err(InputError::Encrypted { .. })));
    }

    #[test]
    fn other_magic_numbers() {
        let cases: &[(&[u8], &str)] = &[
            (b"GIF89a\x01\x00", "GIF"),
            (b"\xFF\xD8\xFF\xE0", "JPEG"),
            (b"\x7FELF\x02\x01", "ELF"),
            (b"\x1F\x8B\x08\x00", "gzip"),
            (b"\xD0\xCF\x11\xE0\x00\x00\x00\x00", "OLE2"),
        ];
        for (bytes, expected) in cases {
            match decode(bytes) {
                Err(InputError::Binary { what, .. }) => {
                    assert!(what.contains(expected), "{what} vs {expected}")
                }
                other => panic!("unexpected result for {expected}: {other:?}"),
            }
        }
    }

    #[test]
    fn nul_bytes() {
        match decode(b"abc\x00def\x01\x02\x00\xFF") {
            Err(InputError::Binary { what, .. }) => assert_eq!(what, "contains NUL bytes"),
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn bomless_utf16_gets_a_hint() {
        let bytes: Vec<u8> = "Report"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        match decode(&bytes) {
            Err(InputError::Binary { what, .. }) => {
                assert!(what.contains("UTF-16"), "{what}")
            }
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn latin1_is_unknown_encoding() {
        // "\xe9 " is not a valid GB18030 sequence (a space cannot be a
        // trail byte), so this fails strict GB18030 decoding outright.
        let bytes = b"caf\xe9 na\xefve";
        assert!(GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_none());
        match decode(bytes) {
            Err(err @ InputError::UnknownEncoding { .. }) => {
                assert!(matches!(err, InputError::UnknownEncoding { offset: 3, .. }));
                let message = err.to_string();
                assert!(message.contains("report.txt"), "{message}");
                assert!(message.contains("offset 3"), "{message}");
            }
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn single_byte_text_that_decodes_as_gb18030_is_rejected() {
        // Windows-1252 "€" (0x80) and Latin-1 "§§" (0xA7 0xA7) are valid
        // GB18030 (U+20AC and a Cyrillic letter), but not Chinese.
        for bytes in [&b"Price: 100\x80 net"[..], &b"See \xa7\xa7 12-14."[..]] {
            let gb = GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .expect("decodes as GB18030");
            assert!(!is_plausible_chinese(&gb), "{gb:?}");
            assert!(
                matches!(decode(bytes), Err(InputError::UnknownEncoding { .. })),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn plausibility_threshold() {
        assert!(is_plausible_chinese("法治政府"));
        assert!(is_plausible_chinese("法治，政府。"));
        assert!(is_plausible_chinese("ab法治é"));
        assert!(!is_plausible_chinese("abc"));
        assert!(!is_plausible_chinese("éèê法"));
        // Exactly 60%: 3 CJK out of 5 non-ASCII.
        assert!(is_plausible_chinese("法治府éè"));
    }

    #[test]
    fn truncated_utf8_at_end_does_not_panic() {
        let full = SENTENCE.repeat(3);
        let bytes = full.as_bytes();
        for cut in 1..=2 {
            let truncated = &bytes[..bytes.len() - cut];
            match decode(truncated) {
                // Never reinterpreted as GB18030 nonsense.
                Ok(decoded) => panic!("accepted truncated UTF-8 as {:?}", decoded.encoding),
                Err(InputError::UnknownEncoding { offset, .. }) => {
                    // The offset points at the start of the incomplete character.
                    assert_eq!(offset, bytes.len() - 3);
                }
                Err(other) => panic!("unexpected error: {other:?}"),
            }
        }
    }

    #[test]
    fn control_characters() {
        // A control character near the start.
        assert!(matches!(
            decode(b"abc\x01def"),
            Err(InputError::Binary { what, .. }) if what == "control characters"
        ));
        // Allowed controls are fine.
        assert!(decode(b"a\tb\r\nc\x0cd").is_ok());
        // Beyond the first 512 chars, a single control in a long text is
        // tolerated, but more than 1% is not.
        let mut long = "法".repeat(1000);
        long.push('\u{7}');
        assert!(decode(long.as_bytes()).is_ok());
        let mut many = "法".repeat(1000);
        many.push_str(&"\u{7}".repeat(20));
        assert!(matches!(
            decode(many.as_bytes()),
            Err(InputError::Binary { .. })
        ));
        // Also applies to UTF-16 input (where NUL sniffing is skipped).
        assert!(matches!(
            decode(&utf16_bytes("法\u{0}治", true)),
            Err(InputError::Binary { .. })
        ));
    }

    #[test]
    fn missing_file_is_io_error() {
        let path = Path::new("/nonexistent/dir/report.txt");
        match read_report(path) {
            Err(err @ InputError::Io { .. }) => {
                assert!(err.to_string().contains("/nonexistent/dir/report.txt"));
            }
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn read_report_from_disk() {
        let path =
            std::env::temp_dir().join(format!("rl-lint-input-test-{}.txt", std::process::id()));
        std::fs::write(&path, gb18030_bytes(SENTENCE)).expect("write temp file");
        let result = read_report(&path);
        let _ = std::fs::remove_file(&path);
        let decoded = result.expect("read GB18030 file");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Gb18030);
    }

    #[test]
    fn files_and_streams_over_the_limit_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.txt");
        std::fs::write(&path, SENTENCE.repeat(100)).expect("write");
        let size = SENTENCE.len() as u64 * 100;
        assert!(read_report_limited(&path, size).is_ok());
        match read_report_limited(&path, 1024) {
            Err(err @ InputError::TooLarge { .. }) => {
                let message = err.to_string();
                assert!(message.contains("big.txt"), "{message}");
                assert!(message.contains("8.3 KB"), "{message}");
                assert!(message.contains("limit of 1 KB"), "{message}");
            }
            other => panic!("unexpected result: {other:?}"),
        }
        // A stream is cut off just past the limit, not read to its end.
        let endless = std::io::repeat(b'a');
        match read_limited(endless, 1024, "-") {
            Err(InputError::TooLarge { size, .. }) => assert_eq!(size, "more than 1 KB"),
            other => panic!("unexpected result: {other:?}"),
        }
        assert_eq!(read_limited(&b"abc"[..], 3, "-").expect("fits"), b"abc");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A cheap deterministic pseudo-random sweep over short inputs.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for len in 0..64 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        (state >> 24) as u8
                    })
                    .collect();
                let _ = decode(&bytes);
            }
        }
    }

    #[test]
    fn encodes_back_to_the_bytes_it_was_read_from() {
        let text = "某局2023年法治政府建设年度报告\r\n一、学法〈〉，";
        for encoding in [
            SourceEncoding::Utf8,
            SourceEncoding::Utf8Bom,
            SourceEncoding::Utf16LeBom,
            SourceEncoding::Utf16BeBom,
            SourceEncoding::Gb18030,
        ] {
            let bytes = encode(text, encoding).expect("encodable");
            let decoded = decode_bytes(&bytes, "test").expect("decodes");
            assert_eq!(decoded.text, text, "{encoding:?}");
            assert_eq!(decoded.encoding, encoding);
        }
        // Characters outside GBK still have a four-byte GB18030 form.
        let rare = "𠀀";
        let bytes = encode(rare, SourceEncoding::Gb18030).expect("encodable");
        assert_eq!(encoding_rs::GB18030.decode(&bytes).0, rare);
    }
}
